import type { Rule, TfResource } from "../types";
import { at, bool, first, isObject, num, OPEN_CIDRS, show } from "../tf";

/** One security-group rule, whatever resource declared it. */
interface SgRule {
  readonly direction: "ingress" | "egress";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidrs: string[];
  readonly description: unknown;
}

const SG_RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
];

function sgRules(r: TfResource): SgRule[] {
  const fromBlock = (b: Record<string, unknown>, direction: SgRule["direction"]): SgRule => ({
    direction,
    protocol: String(b["protocol"] ?? b["ip_protocol"] ?? ""),
    from: num(b["from_port"]) ?? 0,
    to: num(b["to_port"]) ?? 65535,
    cidrs: [...at(b, "cidr_blocks"), ...at(b, "ipv6_cidr_blocks"), b["cidr_ipv4"], b["cidr_ipv6"]].filter(
      (c): c is string => typeof c === "string",
    ),
    description: b["description"],
  });
  switch (r.type) {
    case "aws_security_group":
      return [
        ...at(r.config, "ingress")
          .filter(isObject)
          .map((b) => fromBlock(b, "ingress")),
        ...at(r.config, "egress")
          .filter(isObject)
          .map((b) => fromBlock(b, "egress")),
      ];
    case "aws_security_group_rule":
      return [fromBlock(r.config, r.config["type"] === "egress" ? "egress" : "ingress")];
    case "aws_vpc_security_group_ingress_rule":
      return [fromBlock(r.config, "ingress")];
    case "aws_vpc_security_group_egress_rule":
      return [fromBlock(r.config, "egress")];
    default:
      return [];
  }
}

const allTraffic = (x: SgRule): boolean => x.protocol === "-1" || x.protocol === "all" || (x.from <= 0 && x.to >= 65535);
const covers = (x: SgRule, port: number): boolean => allTraffic(x) || (x.from <= port && port <= x.to);
const fromInternet = (x: SgRule): boolean => x.cidrs.some((c) => OPEN_CIDRS.includes(c));
const describe = (x: SgRule): string =>
  `${x.direction} ${x.protocol} ${x.from}-${x.to} ${x.direction === "ingress" ? "from" : "to"} ${x.cidrs.join(",") || "a group"}`;

/** A check over the security-group rules of a resource. */
const sgCheck = (pick: (x: SgRule) => boolean, what: string) => (r: TfResource) =>
  sgRules(r)
    .filter(pick)
    .map((x) => `${what}: ${describe(x)}`);

/** Ports of the data stores and the cluster API (prowler's port checks plus ClickHouse). */
const DATA_PORTS = [443, 5432, 8123, 8443, 9000, 9092, 9094, 9096, 9098, 9440];

export const networkRules: Rule[] = [
  {
    id: "NET-01",
    title: "No SSH or RDP from the internet",
    mirrors: ["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107"],
    resourceTypes: SG_RULE_TYPES,
    severity: "high",
    soc2: ["CC6.6 (P)", "CC7.2 (P)"],
    fix: "Remove the rule; use SSM Session Manager.",
    check: sgCheck(
      (x) => x.direction === "ingress" && fromInternet(x) && (covers(x, 22) || covers(x, 3389)),
      "SSH/RDP open to the internet",
    ),
  },
  {
    id: "NET-02",
    title: "No all-traffic ingress from the internet",
    mirrors: ["CKV_AWS_277", "prowler ec2_securitygroup_allow_ingress_from_internet_to_all_ports"],
    resourceTypes: SG_RULE_TYPES,
    severity: "critical",
    soc2: ["CC6.6 (P)"],
    fix: "Allow only the ports needed, from security groups or private CIDRs.",
    check: sgCheck((x) => x.direction === "ingress" && fromInternet(x) && allTraffic(x), "all traffic open to the internet"),
  },
  {
    id: "NET-03",
    title: "No ingress from the internet at all",
    mirrors: ["prowler ec2_securitygroup_allow_ingress_from_internet_to_any_port", "CKV_AWS_260"],
    resourceTypes: SG_RULE_TYPES,
    severity: "high",
    soc2: ["CC6.6 (P)"],
    fix: "Reference a security group or a private CIDR; internet-facing load balancers are created by the controller, not here.",
    check: sgCheck((x) => x.direction === "ingress" && fromInternet(x), "ingress from the internet"),
  },
  {
    id: "NET-04",
    title: "Data store and API ports never open to the internet",
    mirrors: ["prowler ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432", "prowler ..._kafka_9092"],
    resourceTypes: SG_RULE_TYPES,
    severity: "critical",
    soc2: ["CC6.6 (P)"],
    fix: "Allow Postgres, Kafka, ClickHouse and the EKS API only from the data-clients or node security groups.",
    check: sgCheck(
      (x) => x.direction === "ingress" && fromInternet(x) && DATA_PORTS.some((p) => covers(x, p)),
      "data port open to the internet",
    ),
  },
  {
    id: "NET-05",
    title: "No all-traffic egress to the internet",
    mirrors: ["CKV_AWS_382", "AVD-AWS-0104"],
    resourceTypes: SG_RULE_TYPES,
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Limit internet egress to TCP 443 (and 80 where needed); keep other egress inside the VPC.",
    check: sgCheck((x) => x.direction === "egress" && fromInternet(x) && allTraffic(x), "all-traffic egress to the internet"),
  },
  {
    id: "NET-06",
    title: "Internet egress only on HTTP(S)",
    mirrors: ["AVD-AWS-0104 (narrowed: 443/80 allowed)"],
    resourceTypes: SG_RULE_TYPES,
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Restrict egress to 0.0.0.0/0 to TCP 443 or 80.",
    check: sgCheck(
      (x) => x.direction === "egress" && fromInternet(x) && !allTraffic(x) && !(x.from === x.to && (x.from === 443 || x.from === 80)),
      "non-HTTP(S) egress to the internet",
    ),
  },
  {
    id: "NET-07",
    title: "Security groups and rules described",
    mirrors: ["CKV_AWS_23"],
    resourceTypes: SG_RULE_TYPES,
    severity: "low",
    soc2: ["CC6.6 (inf.)"],
    fix: "Give the security group and each rule a description saying what it allows and why.",
    check: (r) => [
      ...(r.config["description"] ? [] : ["description is absent"]),
      ...(r.type === "aws_security_group"
        ? sgRules(r)
            .filter((x) => !x.description)
            .map((x) => `inline rule without description: ${describe(x)}`)
        : []),
    ],
  },
  {
    id: "NET-08",
    title: "Default security group denies everything",
    mirrors: ["CKV2_AWS_12", "prowler ec2_securitygroup_default_restrict_traffic"],
    resourceTypes: ["aws_default_security_group"],
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Declare aws_default_security_group with no ingress or egress blocks.",
    check: (r) => (at(r.config, "ingress").length + at(r.config, "egress").length > 0 ? "default security group has rules" : undefined),
  },
  {
    id: "NET-09",
    title: "Every VPC's default security group is managed",
    mirrors: ["CKV2_AWS_12"],
    resourceTypes: ["aws_vpc"],
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Add aws_default_security_group with vpc_id = the VPC's id and no rules.",
    check: (r, s) =>
      s.referrers("aws_default_security_group", "vpc_id", r).length ? undefined : "no aws_default_security_group references it",
  },
  {
    id: "NET-10",
    title: "Every VPC has flow logs of all traffic",
    mirrors: ["CKV2_AWS_11", "AVD-AWS-0178", "prowler vpc_flow_logs_enabled"],
    resourceTypes: ["aws_vpc"],
    severity: "medium",
    soc2: ["CC7.2 (P)", "CC7.3 (P)"],
    fix: 'Add aws_flow_log with vpc_id = the VPC\'s id and traffic_type = "ALL".',
    check: (r, s) => {
      const logs = s.referrers("aws_flow_log", "vpc_id", r);
      if (logs.length === 0) return "no aws_flow_log references it";
      return logs.some((l) => l.config["traffic_type"] === "ALL") ? undefined : "no flow log records ALL traffic";
    },
  },
  {
    id: "NET-11",
    title: "Subnets do not assign public IPs",
    mirrors: ["CKV_AWS_130", "AVD-AWS-0164", "prowler vpc_subnet_no_public_ip_by_default"],
    resourceTypes: ["aws_subnet"],
    severity: "high",
    soc2: ["CC6.6 (P)"],
    fix: "Remove map_public_ip_on_launch (NAT gateways get Elastic IPs explicitly).",
    check: (r) => (bool(r.config["map_public_ip_on_launch"]) === true ? "map_public_ip_on_launch is true" : undefined),
  },
  {
    id: "NET-12",
    forbidsType: true,
    title: "No default VPC in use",
    mirrors: ["CKV_AWS_148", "AVD-AWS-0101"],
    resourceTypes: ["aws_default_vpc"],
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Remove aws_default_vpc; build workloads in the environment's VPC.",
    check: () => "aws_default_vpc is declared",
  },
  {
    id: "NET-13",
    title: "Interface endpoints private, behind a security group",
    mirrors: ["our: private cluster endpoints (issue 3)"],
    resourceTypes: ["aws_vpc_endpoint"],
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Set private_dns_enabled = true and security_group_ids on interface endpoints.",
    appliesTo: (r) => r.config["vpc_endpoint_type"] === "Interface",
    check: (r) => [
      ...(bool(r.config["private_dns_enabled"]) === true ? [] : ["private_dns_enabled is not true"]),
      ...(at(r.config, "security_group_ids").length ? [] : ["security_group_ids is empty"]),
    ],
  },
  {
    id: "NET-14",
    title: "Every VPC has an S3 gateway endpoint",
    mirrors: ["our: S3 traffic (backups, images) stays off NAT and the internet"],
    resourceTypes: ["aws_vpc"],
    severity: "low",
    soc2: ["CC6.6 (inf.)"],
    fix: "Add an aws_vpc_endpoint of type Gateway for com.amazonaws.<region>.s3.",
    check: (r, s) =>
      s
        .referrers("aws_vpc_endpoint", "vpc_id", r)
        .some((e) => String(e.config["service_name"] ?? "").endsWith(".s3") && (e.config["vpc_endpoint_type"] ?? "Gateway") === "Gateway")
        ? undefined
        : "no S3 gateway endpoint references it",
  },
  {
    id: "NET-15",
    title: "No network ACL admin ports from the internet",
    mirrors: ["CKV_AWS_352", "CKV_AWS_231", "AVD-AWS-0105"],
    resourceTypes: ["aws_network_acl_rule"],
    severity: "high",
    soc2: ["CC6.6 (P)"],
    fix: "Deny or remove the NACL rule allowing 22/3389 from 0.0.0.0/0.",
    check: (r) => {
      if (bool(r.config["egress"]) === true || r.config["rule_action"] !== "allow") return undefined;
      const open = [r.config["cidr_block"], r.config["ipv6_cidr_block"]].some((c) => OPEN_CIDRS.includes(String(c)));
      const from = num(r.config["from_port"]) ?? 0;
      const to = num(r.config["to_port"]) ?? 65535;
      const all = r.config["protocol"] === "-1" || r.config["protocol"] === "all";
      return open && (all || [22, 3389].some((p) => from <= p && p <= to))
        ? `allows ${show(r.config["protocol"])} ${from}-${to} from the internet`
        : undefined;
    },
  },
  {
    id: "NET-16",
    title: "Flow logs delivered somewhere durable",
    mirrors: ["our: a flow log needs a destination"],
    resourceTypes: ["aws_flow_log"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set log_destination (encrypted log group or bucket) and, for CloudWatch, iam_role_arn.",
    check: (r) => (first(r.config, "log_destination") || first(r.config, "log_group_name") ? undefined : "log_destination is absent"),
  },
];
