import {
  clickhouseBackupPolicy,
  clickhouseColdStoragePolicy,
  clusterAutoscalerPolicy,
  combinePolicies,
  ebsCsiKmsPolicy,
  externalDnsPolicy,
  loadBalancerControllerPolicy,
} from "../../../constructs/eks/workload-policies";
import { WorkloadRole } from "../../../constructs/eks/workload-role";
import { SERVICE_ACCOUNTS } from "../../../constructs/eks/service-accounts";
import type { PolicyDocument } from "../../../constructs/kit/policy-document";
import { testStack } from "../network/harness";

const scope = { accountId: "123456789012", region: "eu-central-1", clusterName: "eu-eks", partition: "aws" };
const statements = (doc: PolicyDocument) =>
  doc.Statement.map((s) => s as { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown });
/** The role a policy is given to: it refuses what IAM would (repeated Sids, empty resource lists). */
const roleWith = (policy: PolicyDocument) =>
  new WorkloadRole(testStack(), "role", {
    roleName: "r",
    description: "test",
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    oidcIssuerHost: "oidc.eks.us-east-1.amazonaws.com/id/ABC",
    serviceAccount: SERVICE_ACCOUNTS.externalDns,
    policy,
  });
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
/** Read-only verbs that IAM only accepts on `*`. */
const readOnly = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/;

describe("workload policies", () => {
  const all = {
    clickhouseBackup: clickhouseBackupPolicy("arn:aws:s3:::eu-backups", "arn:aws:kms:eu-central-1:123456789012:key/k"),
    clickhouseColdStorage: clickhouseColdStoragePolicy(
      "arn:aws:s3:::eu-cold",
      "arn:aws:kms:eu-central-1:123456789012:key/k",
      "s3.eu-central-1.amazonaws.com",
    ),
    ebsCsi: ebsCsiKmsPolicy(["arn:aws:kms:eu-central-1:123456789012:key/k"]),
    loadBalancerController: loadBalancerControllerPolicy(scope),
    externalDns: externalDnsPolicy(["Z0123456789ABCDEFGHIJ", "Z2OTHERZONE"], "aws"),
    clusterAutoscaler: clusterAutoscalerPolicy(scope),
  };

  test.each(Object.entries(all))("%s: no wildcard actions, and `*` resources only for read-only calls", (_name, doc) => {
    for (const s of statements(doc)) {
      for (const a of list(s.Action)) expect(a).not.toMatch(/^\*$|:\*$/);
      if (list(s.Resource).includes("*")) for (const a of list(s.Action)) expect(a).toMatch(readOnly);
    }
  });

  test("ClickHouse backups reach only the backups bucket and the data key", () => {
    const resources = statements(all.clickhouseBackup).flatMap((s) => list(s.Resource));
    expect(resources.sort()).toEqual([
      "arn:aws:kms:eu-central-1:123456789012:key/k",
      "arn:aws:s3:::eu-backups",
      "arn:aws:s3:::eu-backups/*",
    ]);
    const actions = statements(all.clickhouseBackup).flatMap((s) => list(s.Action));
    expect(actions).not.toContain("s3:PutBucketPolicy");
    expect(actions).not.toContain("s3:PutObjectRetention");
  });

  test("cluster-autoscaler resizes only groups tagged as this cluster's", () => {
    const resize = statements(all.clusterAutoscaler).find((s) => list(s.Action).includes("autoscaling:SetDesiredCapacity"))!;
    expect(resize.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/eu-eks": "owned" } });
    expect(resize.Resource).toBe("arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:*:autoScalingGroupName/*");
  });

  test("the load balancer controller changes only resources in its account and region", () => {
    for (const s of statements(all.loadBalancerController)) {
      for (const r of list(s.Resource)) if (r !== "*") expect(r).toMatch(/:eu-central-1:123456789012:|^arn:aws:iam::123456789012:/);
    }
    const slr = statements(all.loadBalancerController).find((s) => s.Action === "iam:CreateServiceLinkedRole")!;
    expect(slr.Condition).toEqual({ StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } });
  });

  test("the load balancer controller may tag the listeners and rules it creates (CreateListener/CreateRule with tags)", () => {
    const allows = (action: string, arn: string) =>
      statements(all.loadBalancerController).some(
        (s) =>
          list(s.Action).includes(action) &&
          s.Condition === undefined &&
          list(s.Resource).some((r) => new RegExp(`^${r.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(arn)),
      );
    const lb = "arn:aws:elasticloadbalancing:eu-central-1:123456789012";
    for (const kind of ["app", "net"]) {
      expect(allows("elasticloadbalancing:AddTags", `${lb}:listener/${kind}/k8s-web/50dc6c495c0c9188/f2f7dc8efc522ab2`)).toBe(true);
      expect(
        allows("elasticloadbalancing:AddTags", `${lb}:listener-rule/${kind}/k8s-web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`),
      ).toBe(true);
    }
    // Still only this account and region.
    expect(allows("elasticloadbalancing:AddTags", "arn:aws:elasticloadbalancing:us-east-1:999999999999:listener/app/x/1/2")).toBe(false);
  });

  test("external-dns changes records only in the environment's hosted zones, and needs at least one", () => {
    const writes = statements(all.externalDns).filter((s) =>
      list(s.Action).some((a) => !readOnly.test(a) || a === "route53:ListResourceRecordSets"),
    );
    expect(writes.flatMap((s) => list(s.Resource)).sort()).toEqual([
      "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
      "arn:aws:route53:::hostedzone/Z2OTHERZONE",
    ]);
    for (const s of statements(all.externalDns)) for (const r of list(s.Resource)) expect(r).not.toBe("arn:aws:route53:::hostedzone/*");
    // No zone id: no resource to change, which the role refuses (and the stack installs no external-dns).
    expect(() => roleWith(externalDnsPolicy([], "aws"))).toThrow("test/role: policy.Statement[0].Resource: at least one entry (got [])");
  });

  test("EBS CSI may create grants on our keys only for AWS resources", () => {
    const grants = statements(all.ebsCsi).find((s) => list(s.Action).includes("kms:CreateGrant"))!;
    expect(grants.Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
  });

  test("ClickHouse's S3 disk reaches only the cold bucket, and the key only through S3 in its region", () => {
    const st = statements(all.clickhouseColdStorage);
    expect(st.flatMap((s) => list(s.Resource)).sort()).toEqual([
      "arn:aws:kms:eu-central-1:123456789012:key/k",
      "arn:aws:s3:::eu-cold",
      "arn:aws:s3:::eu-cold/*",
    ]);
    for (const s of st.filter((s) => list(s.Action).some((a) => a.startsWith("kms:"))))
      expect(s.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } });
    expect(st.flatMap((s) => list(s.Action)).filter((a) => /Bucket(Policy|Versioning|Lifecycle)|DeleteBucket$/.test(a))).toEqual([]);
  });

  test("combinePolicies keeps every statement and refuses repeated statement ids", () => {
    const combined = combinePolicies(all.clickhouseBackup, all.clickhouseColdStorage);
    expect(combined.Statement).toHaveLength(all.clickhouseBackup.Statement.length + all.clickhouseColdStorage.Statement.length);
    expect(() => roleWith(combined)).not.toThrow();
    expect(() => roleWith(combinePolicies(all.clickhouseBackup, all.clickhouseBackup))).toThrow(
      /^test\/role: policy\.Statement\[\]\.Sid: statement ids that differ within one policy \(got \["ListBucket",/,
    );
  });
});
