import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import { planSubnets, SUBNET_TIERS, type SubnetPlan, type SubnetTier } from "./subnet-plan";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { required } from "../../lib/defined";
import { policyJson } from "../kit/policy-document";

/**
 * Interface endpoints a private EKS cluster needs to pull images, assume roles, register nodes and
 * ship logs without NAT: ECR (api, dkr), STS, EC2, CloudWatch Logs, SSM with its Session Manager
 * channels (ssmmessages, ec2messages), KMS, and eks-auth (EKS Pod Identity credentials).
 * Each costs about $0.01/hour per zone plus data processed (docs/reference/public-figures.md).
 */
export const DEFAULT_INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "ec2",
  "logs",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "kms",
  "eks-auth",
] as const;

export type NatGatewayMode = "one-per-az" | "single";

export interface RegionalNetworkProps {
  /** Prefix of every Name tag and log group, usually the environment name (`us`). */
  readonly name: string;
  /** The VPC's IPv4 block, /16 to /20. Subnets are derived from it (subnet-plan.ts). */
  readonly cidr: string;
  /** Zones in order; subnet lists follow this order. */
  readonly availabilityZones: readonly string[];
  readonly accountId: string;
  readonly region: string;
  /**
   * `one-per-az` keeps each zone's egress independent of the others; `single` routes every zone
   * through the first zone's NAT gateway (cheaper, one zone's failure cuts egress everywhere).
   * @default "one-per-az"
   */
  readonly natGateways?: NatGatewayMode;
  /** @default 365 (must be a CloudWatch Logs retention value) */
  readonly flowLogsRetentionDays?: number;
  /**
   * Interface endpoint services (the part after `com.amazonaws.<region>.`), placed in the private
   * subnets. An S3 gateway endpoint is always created.
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * EKS clusters that use the public and private subnets: tagged `kubernetes.io/cluster/<name>:
   * shared` for the load balancer controller's subnet discovery.
   * @default none (role tags only)
   */
  readonly clusterNames?: readonly string[];
  /** `prevent_destroy` on the flow-log key (production). @default true */
  readonly preventDestroy?: boolean;
}

/**
 * A VPC in four tiers per zone, all derived from one CIDR block:
 *
 * - `public`: NAT gateways and internet-facing load balancers. Route to the internet gateway.
 * - `private`: nodes and pods. Default route through NAT; interface endpoints live here.
 * - `data`: RDS and MSK. No route out of the VPC at all.
 * - `intra`: EKS control-plane ENIs and anything else that talks only inside the VPC.
 *
 * Secure by default: no subnet assigns public IPs on launch (load balancers and NAT get their own
 * addresses), the default security group is emptied, no security group accepts ingress from outside
 * the VPC, and every packet decision is recorded in flow logs in a KMS-encrypted log group.
 */
export class RegionalNetwork extends Construct {
  readonly vpc: Vpc;
  readonly plan: SubnetPlan;
  readonly subnets: Readonly<Record<SubnetTier, readonly Subnet[]>>;
  readonly natGateways: readonly NatGateway[];
  /** Everything allowed to reach the data stores: attached to nodes, trusted by RDS and MSK. */
  readonly dataClientsSecurityGroup: SecurityGroup;
  readonly endpointsSecurityGroup: SecurityGroup;
  readonly flowLogs: EncryptedLogGroup;
  readonly privateRouteTables: readonly RouteTable[];

  constructor(scope: Construct, id: string, props: RegionalNetworkProps) {
    super(scope, id);
    const natMode = props.natGateways ?? "one-per-az";
    const endpoints = props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS;
    validate(this, props, natMode, endpoints);
    const azs = props.availabilityZones;
    this.plan = planSubnets(this, props.cidr, azs.length);
    const name = props.name;

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true, // required for interface endpoints' private DNS and EKS
      enableDnsSupport: true,
      tags: { Name: `${name}-vpc` },
    });

    // Strip the default security group's allow-all rules: nothing may use it by accident.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default-unused` },
    });

    const clusterTags = Object.fromEntries((props.clusterNames ?? []).map((c) => [`kubernetes.io/cluster/${c}`, "shared"]));
    const tierTags: Record<SubnetTier, Record<string, string>> = {
      public: { "kubernetes.io/role/elb": "1", ...clusterTags },
      private: { "kubernetes.io/role/internal-elb": "1", ...clusterTags },
      data: {},
      intra: {},
    };
    const subnets = {} as Record<SubnetTier, Subnet[]>;
    for (const tier of SUBNET_TIERS) {
      const tierScope = new Construct(this, `${tier}-subnets`);
      subnets[tier] = azs.map(
        (az, i) =>
          new Subnet(tierScope, az, {
            vpcId: this.vpc.id,
            availabilityZone: az,
            cidrBlock: required(this.plan[tier][i], `${tier} subnet CIDR of ${az}`),
            // Explicit for scanners (docs/reference/scanner-behaviour.md row 52): even public subnets hand out no public IPs.
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-${tier}-${az}`, "subnet-tier": tier, ...tierTags[tier] },
          }),
      );
    }
    this.subnets = subnets;

    // Public tier: one route table with the internet gateway.
    const igw = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: { Name: `${name}-igw` } });
    const publicRt = new RouteTable(this, "PublicRouteTable", { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, "PublicDefaultRoute", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    subnets.public.forEach((s, i) => new RouteTableAssociation(this, `PublicRta${i}`, { subnetId: s.id, routeTableId: publicRt.id }));

    // NAT: one per zone, or the first zone's for all.
    const natScope = new Construct(this, "nat");
    const natAzs = natMode === "one-per-az" ? azs : azs.slice(0, 1);
    this.natGateways = natAzs.map((az, i) => {
      const eip = new Eip(natScope, `${az}-eip`, { domain: "vpc", tags: { Name: `${name}-nat-${az}` } });
      return new NatGateway(natScope, az, {
        allocationId: eip.allocationId,
        subnetId: required(subnets.public[i], `public subnet of ${az}`).id,
        connectivityType: "public",
        tags: { Name: `${name}-nat-${az}` },
        dependsOn: [igw],
      });
    });

    // Private tier: a route table per zone, default route through that zone's NAT gateway.
    const privateScope = new Construct(this, "private-routes");
    this.privateRouteTables = azs.map((az, i) => {
      const rt = new RouteTable(privateScope, az, { vpcId: this.vpc.id, tags: { Name: `${name}-private-${az}` } });
      const nat = required(this.natGateways[natMode === "one-per-az" ? i : 0], `NAT gateway for ${az}`);
      new Route(privateScope, `${az}-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
      new RouteTableAssociation(privateScope, `${az}-association`, {
        subnetId: required(subnets.private[i], `private subnet of ${az}`).id,
        routeTableId: rt.id,
      });
      return rt;
    });

    // Data and intra tiers: local routes only (no default route exists, so no path out of the VPC).
    const isolated = (tier: "data" | "intra") => {
      const rt = new RouteTable(this, `${tier === "data" ? "Data" : "Intra"}RouteTable`, {
        vpcId: this.vpc.id,
        tags: { Name: `${name}-${tier}` },
      });
      subnets[tier].forEach(
        (s, i) => new RouteTableAssociation(this, `${tier === "data" ? "Data" : "Intra"}Rta${i}`, { subnetId: s.id, routeTableId: rt.id }),
      );
      return rt;
    };
    isolated("data");
    const intraRt = isolated("intra");

    // S3 gateway endpoint: image layers (ECR stores them in S3) and backups never cross NAT.
    new VpcEndpoint(this, "S3GatewayEndpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...this.privateRouteTables.map((rt) => rt.id), intraRt.id],
      tags: { Name: `${name}-s3` },
    });

    this.endpointsSecurityGroup = new SecurityGroup(this, "EndpointsSecurityGroup", {
      name: `${name}-vpc-endpoints`,
      description: "Interface VPC endpoints: HTTPS from inside the VPC only",
      vpcId: this.vpc.id,
      tags: { Name: `${name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "EndpointsHttpsFromVpc", {
      securityGroupId: this.endpointsSecurityGroup.id,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.cidr,
    });
    const endpointScope = new Construct(this, "endpoints");
    for (const service of endpoints) {
      new VpcEndpoint(endpointScope, service, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: subnets.private.map((s) => s.id),
        securityGroupIds: [this.endpointsSecurityGroup.id],
        tags: { Name: `${name}-${service}` },
      });
    }

    // Data clients: no ingress; egress only to the data subnets. The data stack allows ingress
    // from this group, the cluster stack attaches it to nodes.
    this.dataClientsSecurityGroup = new SecurityGroup(this, "DataClientsSecurityGroup", {
      name: `${name}-data-clients`,
      description: "Members may reach the data stores (RDS, MSK) in the data subnets",
      vpcId: this.vpc.id,
      tags: { Name: `${name}-data-clients` },
    });
    this.plan.data.forEach(
      (cidr, i) =>
        new VpcSecurityGroupEgressRule(this, `DataClientsEgress${i}`, {
          securityGroupId: this.dataClientsSecurityGroup.id,
          description: `TCP to the data subnet of ${azs[i]}`,
          ipProtocol: "tcp",
          fromPort: 0,
          toPort: 65535,
          cidrIpv4: cidr,
        }),
    );

    // Flow logs of the whole VPC (accepted and rejected), one-minute aggregation.
    this.flowLogs = new EncryptedLogGroup(this, "FlowLogs", {
      logGroupName: `/aws/vpc/${name}/flow-logs`,
      retentionDays: props.flowLogsRetentionDays ?? 365,
      accountId: props.accountId,
      region: props.region,
      purpose: `${name} VPC flow logs`,
      preventDestroy: props.preventDestroy,
    });
    const flowLogRole = new IamRole(this, "FlowLogsRole", {
      name: `${name}-vpc-flow-logs`,
      description: "VPC Flow Logs delivery to CloudWatch Logs",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        // Confused-deputy guard: only flow logs of this account may use the role.
        Condition: {
          StringEquals: { "aws:SourceAccount": props.accountId },
          ArnLike: {
            "aws:SourceArn": Partition.of(this).arn({
              service: "ec2",
              region: props.region,
              account: props.accountId,
              resource: "vpc-flow-log/*",
            }),
          },
        },
      }),
    });
    new IamRolePolicy(this, "FlowLogsRolePolicy", {
      role: flowLogRole.name,
      name: "deliver-to-log-group",
      policy: policyJson(
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [this.flowLogs.logGroup.arn, `${this.flowLogs.logGroup.arn}:*`],
        },
        {
          Effect: "Allow",
          Action: ["logs:DescribeLogGroups"],
          Resource: Partition.of(this).arn({ service: "logs", region: props.region, account: props.accountId, resource: "log-group:*" }),
        },
      ),
    });
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogs.logGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${name}-vpc` },
    });
  }
}

function validate(scope: Construct, props: RegionalNetworkProps, natMode: NatGatewayMode, endpoints: readonly string[]): void {
  const problems = new PropsProblems(scope);
  const azs = props.availabilityZones;
  problems.require(azs.length > 0, "availabilityZones", azs, "at least one zone");
  problems.require(new Set(azs).size === azs.length, "availabilityZones", azs, "each zone once");
  azs.forEach((az, i) =>
    problems.require(
      az.startsWith(props.region),
      `availabilityZones[${i}]`,
      az,
      `a zone of region ${props.region}, such as ${props.region}a`,
    ),
  );
  problems.require(["one-per-az", "single"].includes(natMode), "natGateways", natMode, "'one-per-az' or 'single'");
  problems.require(new Set(endpoints).size === endpoints.length, "interfaceEndpoints", endpoints, "each service once");
  for (const e of new Set(endpoints)) {
    problems.require(/^[a-z0-9][a-z0-9.-]*$/.test(e), "interfaceEndpoints", e, "service suffixes such as 'ecr.api'");
    problems.require(
      e !== "s3",
      "interfaceEndpoints",
      e,
      "services other than 's3' (the S3 gateway endpoint is always created and costs nothing)",
    );
  }
  const prefix = Number(props.cidr.split("/")[1]);
  problems.require(prefix >= 16 && prefix <= 20, "cidr", props.cidr, "a /16 to /20 block");
  problems.throwIfAny();
}
