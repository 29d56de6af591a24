import { policyDocument, type PolicyDocument, type PolicyStatement } from "../kit/policy-document";
import { arn } from "../../lib/catalog/partitions";

/**
 * Permissions of the in-cluster controllers, scoped to this account, region and cluster wherever
 * the action supports resource ARNs or tag conditions. Actions that only accept `*` (Describe*,
 * List*) are kept in statements of their own so a reviewer sees them at a glance.
 */
export interface PolicyScope {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  /** The AWS partition of the account (lib/catalog/partitions.ts), the prefix of every ARN. */
  readonly partition: string;
}

/** The partition, region and account of a policy scope, for `arn()`. */
const at = (s: PolicyScope) => ({ partition: s.partition, region: s.region, account: s.accountId });

/** Use of customer-managed keys by an AWS service on the caller's behalf (EBS, S3). */
function kmsForAwsResources(sid: string, keyArns: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: `${sid}Use`,
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: [...keyArns],
    },
    {
      Sid: `${sid}Grants`,
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: [...keyArns],
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}

/**
 * clickhouse-backup (Altinity) to the backups bucket: list, read, write and delete objects, and
 * multipart uploads. No bucket-level writes (policy, lifecycle, object lock stay with Terraform);
 * object lock still refuses deletes inside the retention window.
 */
export function clickhouseBackupPolicy(bucketArn: string, kmsKeyArn: string): PolicyDocument {
  return policyDocument(
    {
      Sid: "ListBucket",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
      Resource: bucketArn,
    },
    {
      Sid: "Objects",
      Effect: "Allow",
      Action: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
        "s3:GetObjectAttributes",
      ],
      Resource: `${bucketArn}/*`,
    },
    {
      Sid: "DataKey",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: kmsKeyArn,
    },
  );
}

/**
 * ClickHouse's S3 disk (tiered storage) in the cold-storage bucket: list it, and read, write and
 * delete objects, with multipart uploads (ClickHouse writes large parts in parts). Objects are
 * encrypted by the bucket's default SSE-KMS key, so the key is usable only through S3 in this region
 * (kms:ViaService = `s3Endpoint`, the partition's S3 host of the region: Partition.endpoint). No bucket-level writes. The cold bucket is also what clickhouse-backup copies
 * object-disk parts from, which these reads cover.
 */
export function clickhouseColdStoragePolicy(bucketArn: string, kmsKeyArn: string, s3Endpoint: string): PolicyDocument {
  return policyDocument(
    { Sid: "ColdStorageListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
    {
      Sid: "ColdStorageObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: `${bucketArn}/*`,
    },
    {
      Sid: "ColdStorageDataKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": s3Endpoint } },
    },
  );
}

/** One policy holding the statements of several (their Sids must differ: WorkloadRole checks). */
export function combinePolicies(...policies: readonly PolicyDocument[]): PolicyDocument {
  return policyDocument(...policies.flatMap((p) => p.Statement));
}

/**
 * The EBS CSI driver's extra permissions beyond AmazonEBSCSIDriverPolicy: volumes encrypted with our
 * customer-managed keys (the data key for ClickHouse volumes, the node key for anything else).
 */
export function ebsCsiKmsPolicy(keyArns: readonly string[]): PolicyDocument {
  return policyDocument(...kmsForAwsResources("EncryptedVolumes", keyArns));
}

/**
 * aws-load-balancer-controller: kubernetes-sigs/aws-load-balancer-controller
 * docs/install/iam_policy.json (v2 series), with `*` resources narrowed to this account and region
 * and SLR creation limited to Elastic Load Balancing. Update it with the controller's chart.
 */
export function loadBalancerControllerPolicy(scope: PolicyScope): PolicyDocument {
  const { accountId: a, region: r } = scope;
  const p = scope.partition;
  const sg = arn({ partition: p, service: "ec2", region: r, account: a, resource: "security-group/*" });
  const elb = (kind: string) => arn({ partition: p, service: "elasticloadbalancing", region: r, account: a, resource: kind });
  const lbs = [elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const tgs = elb("targetgroup/*/*");
  const listeners = [
    elb("listener/net/*/*/*"),
    elb("listener/app/*/*/*"),
    elb("listener-rule/net/*/*/*/*"),
    elb("listener-rule/app/*/*/*/*"),
  ];
  return policyDocument(
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: arn({ partition: p, service: "iam", account: a, resource: "role/aws-service-role/elasticloadbalancing.amazonaws.com/*" }),
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "ReadOnlyDiscovery",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:DescribeRouteTables",
        "ec2:DescribeCoipPools",
        "ec2:GetCoipPoolUsage",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeCapacityReservation",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "cognito-idp:DescribeUserPoolClient",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
      ],
      Resource: "*",
    },
    {
      // Regional WAF on this region's load balancers. Shield Advanced protection (global API) is
      // left out until an Ingress asks for it.
      Sid: "AssociateWebAcls",
      Effect: "Allow",
      Action: ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL"],
      Resource: [
        ...lbs,
        arn({ partition: p, service: "wafv2", region: r, account: a, resource: "regional/webacl/*/*" }),
        arn({ partition: p, service: "waf-regional", region: r, account: a, resource: "webacl/*" }),
      ],
    },
    {
      Sid: "SecurityGroupRules",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: sg,
    },
    {
      Sid: "CreateSecurityGroup",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: [sg, arn({ partition: p, service: "ec2", region: r, account: a, resource: "vpc/*" })],
    },
    {
      Sid: "TagSecurityGroupOnCreate",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: sg,
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "RetagOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags"],
      Resource: sg,
      Condition: { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      Resource: sg,
      Condition: { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: [...lbs, tgs],
      Condition: { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "ListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetWebAcl",
      ],
      Resource: [...lbs, ...listeners],
    },
    {
      Sid: "RetagOwnLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [...lbs, tgs],
      Condition: { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: [...lbs, tgs],
      Condition: {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
      },
    },
    {
      // CreateListener and CreateRule carry tags, and tagging on create needs AddTags on the new
      // listener or rule: without this the controller's first listener fails with AccessDenied.
      // kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json (v2.x, statement
      // granting AddTags/RemoveTags on listener/* and listener-rule/*), read 2026-12-02.
      Sid: "TagListenersAndRules",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [...listeners],
    },
    {
      Sid: "ManageOwnLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyCapacityReservation",
      ],
      Resource: [...lbs, tgs],
      Condition: { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
    },
    {
      Sid: "Targets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: tgs,
    },
  );
}

/**
 * external-dns: change and read records in the environment's own hosted zones only (the zone ids
 * of `dns.hostedZoneIds`); listing zones and polling changes accept no narrower resource. Route 53
 * ARNs carry no account, so a wildcard would reach every zone the account owns. No zone id, no
 * resource: WorkloadRole refuses the empty list (without a zone, external-dns is not installed).
 */
export function externalDnsPolicy(hostedZoneIds: readonly string[], partition: string): PolicyDocument {
  const zones = hostedZoneIds.map((id) => arn({ partition, service: "route53", resource: `hostedzone/${id}` }));
  return policyDocument(
    {
      Sid: "ChangeRecords",
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
      Resource: zones,
    },
    {
      Sid: "ListZones",
      Effect: "Allow",
      Action: ["route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:GetChange"],
      Resource: "*",
    },
  );
}

/**
 * cluster-autoscaler: read every group, but resize and terminate only the Auto Scaling groups EKS
 * tagged as this cluster's (`k8s.io/cluster-autoscaler/<cluster>: owned`). DescribeNodegroup lets
 * it scale a group up from zero using the group's labels and taints.
 */
export function clusterAutoscalerPolicy(scope: PolicyScope): PolicyDocument {
  return policyDocument(
    {
      Sid: "Discover",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      Resource: "*",
    },
    {
      Sid: "DescribeOwnNodegroups",
      Effect: "Allow",
      Action: "eks:DescribeNodegroup",
      Resource: arn({ ...at(scope), service: "eks", resource: `nodegroup/${scope.clusterName}/*/*` }),
    },
    {
      Sid: "ResizeOwnGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: arn({ ...at(scope), service: "autoscaling", resource: "autoScalingGroup:*:autoScalingGroupName/*" }),
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${scope.clusterName}`]: "owned" } },
    },
  );
}
