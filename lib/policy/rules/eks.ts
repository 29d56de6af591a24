import type { Rule } from "../types";
import { at, bool, first, isObject, num, show } from "../tf";
import { all, mustBeCmk, mustBeFalse, mustBeOneOf, mustBeTrue, mustContainAll } from "./helpers";

/**
 * EKS versions checkov CKV_AWS_339 accepts at 03d5fdad (docs/reference/scanner-behaviour.md row 6), plus 1.36: checkov's list
 * (newest at 03d5fdad, 2026-08-20) lags EKS, which released 1.36 on 2026-06-02 (lib/config/eks-versions.ts).
 * Running checkov itself on 1.36 would need a skip of CKV_AWS_339 until a release adds it.
 */
export const SUPPORTED_EKS_VERSIONS = ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36"];

const isClickHouseGroup = (cfg: Record<string, unknown>): boolean =>
  JSON.stringify([cfg["node_group_name"], cfg["labels"]]).toLowerCase().includes("clickhouse");

export const eksRules: Rule[] = [
  {
    id: "EKS-01",
    title: "EKS API endpoint private only",
    mirrors: ["CKV_AWS_39", "AVD-AWS-0040", "prowler eks_cluster_private_nodes_enabled"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "critical",
    soc2: ["CC6.6 (inf.)"],
    fix: "Set vpc_config.endpoint_public_access = false and endpoint_private_access = true.",
    check: all(mustBeFalse("vpc_config.endpoint_public_access"), mustBeTrue("vpc_config.endpoint_private_access")),
  },
  {
    id: "EKS-02",
    title: "EKS public endpoint (if any) not open to the internet",
    mirrors: ["CKV_AWS_38", "AVD-AWS-0041"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "critical",
    soc2: ["CC6.6 (inf.)"],
    fix: "Keep the endpoint private, or list only trusted CIDRs in vpc_config.public_access_cidrs.",
    check: (r) => {
      if (bool(first(r.config, "vpc_config.endpoint_public_access")) === false) return undefined;
      const cidrs = at(r.config, "vpc_config.public_access_cidrs");
      if (cidrs.length === 0) return "public endpoint with no public_access_cidrs (AWS opens it to 0.0.0.0/0)";
      const open = cidrs.filter((c) => ["0.0.0.0/0", "::/0", "*"].includes(String(c)));
      return open.length ? `public_access_cidrs contains ${open.join(", ")}` : undefined;
    },
  },
  {
    id: "EKS-03",
    title: "EKS secrets envelope encryption",
    mirrors: ["CKV_AWS_58", "AVD-AWS-0039"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Add encryption_config with resources = ["secrets"].',
    check: mustContainAll("encryption_config.resources", ["secrets"]),
  },
  {
    id: "EKS-04",
    title: "EKS secrets encrypted with a customer-managed key",
    mirrors: ["AVD-AWS-0039"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set encryption_config.provider.key_arn to a customer-managed KMS key with rotation.",
    check: mustBeCmk("encryption_config.provider.key_arn"),
  },
  {
    id: "EKS-05",
    title: "EKS control-plane logs enabled",
    mirrors: ["CKV_AWS_37", "AVD-AWS-0038"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set enabled_cluster_log_types to api, audit, authenticator, controllerManager and scheduler.",
    check: mustContainAll("enabled_cluster_log_types", ["api", "audit", "authenticator", "controllerManager", "scheduler"]),
  },
  {
    id: "EKS-06",
    title: "EKS version supported",
    mirrors: ["CKV_AWS_339", "prowler eks_cluster_uses_a_supported_version"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "high",
    soc2: ["CC7.1 (inf.)", "CC8.1 (inf.)"],
    fix: "Pin version to a supported Kubernetes minor (runbooks/eks-upgrade.md).",
    check: mustBeOneOf("version", SUPPORTED_EKS_VERSIONS),
  },
  {
    id: "EKS-07",
    title: "EKS access through access entries only, no creator admin",
    mirrors: ["our: access entries (API mode) replace aws-auth ConfigMap edits"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: 'Set access_config.authentication_mode = "API" and bootstrap_cluster_creator_admin_permissions = false.',
    check: all(
      mustBeOneOf("access_config.authentication_mode", ["API"]),
      mustBeFalse("access_config.bootstrap_cluster_creator_admin_permissions"),
    ),
  },
  {
    id: "EKS-08",
    title: "EKS upgrade policy explicit",
    mirrors: ["our: support_type decides extended-support cost and forced upgrades"],
    resourceTypes: ["aws_eks_cluster"],
    severity: "low",
    soc2: ["CC8.1 (inf.)"],
    fix: "Set upgrade_policy.support_type to STANDARD or EXTENDED.",
    check: mustBeOneOf("upgrade_policy.support_type", ["STANDARD", "EXTENDED"]),
  },
  {
    id: "EKS-09",
    title: "Node groups without SSH remote access",
    mirrors: ["CKV_AWS_100"],
    resourceTypes: ["aws_eks_node_group"],
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Remove remote_access; reach nodes with SSM Session Manager.",
    check: (r) => (at(r.config, "remote_access").length ? `remote_access is ${show(first(r.config, "remote_access"))}` : undefined),
  },
  {
    id: "EKS-10",
    title: "Node groups use a scanned launch template",
    mirrors: ["our: EKS's generated launch template is invisible to IaC scanning (docs/reference/scanner-behaviour.md row 8)"],
    resourceTypes: ["aws_eks_node_group"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set launch_template.id and launch_template.version to a template declared in the stack.",
    check: (r) => {
      const id = first(r.config, "launch_template.id") ?? first(r.config, "launch_template.name");
      const version = first(r.config, "launch_template.version");
      return id && version ? undefined : `launch_template is ${show(first(r.config, "launch_template"))}, needs id and version`;
    },
  },
  {
    id: "EKS-11",
    title: "ClickHouse node groups tainted and labelled",
    mirrors: ["our: dedicated ClickHouse nodes (docs/reference/scanner-behaviour.md row 9)"],
    resourceTypes: ["aws_eks_node_group"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Add a NO_SCHEDULE taint with value clickhouse and a matching label to every ClickHouse node group.",
    appliesTo: (r) => isClickHouseGroup(r.config),
    check: (r) => {
      const taints = at(r.config, "taint").filter(isObject);
      const ok = taints.some((t) => t["effect"] === "NO_SCHEDULE" && t["value"] === "clickhouse");
      const labels = first(r.config, "labels");
      const labelled = isObject(labels) && Object.values(labels).includes("clickhouse");
      return [
        ...(ok ? [] : [`taint is ${show(taints)}, needs effect NO_SCHEDULE value clickhouse`]),
        ...(labelled ? [] : ["no label with value clickhouse"]),
      ];
    },
  },
  {
    id: "EKS-12",
    title: "Node group updates bounded",
    mirrors: ["our: max_unavailable avoids replacing a whole group at once"],
    resourceTypes: ["aws_eks_node_group"],
    severity: "medium",
    soc2: ["A1.2 (inf.)"],
    fix: "Set update_config.max_unavailable (or max_unavailable_percentage).",
    check: (r) =>
      num(first(r.config, "update_config.max_unavailable")) !== undefined ||
      num(first(r.config, "update_config.max_unavailable_percentage")) !== undefined
        ? undefined
        : "update_config.max_unavailable is absent",
  },
  {
    id: "EKS-13",
    title: "EKS add-on versions pinned",
    mirrors: ["our: an unpinned add-on changes on every plan"],
    resourceTypes: ["aws_eks_addon"],
    severity: "low",
    soc2: ["CC8.1 (inf.)"],
    fix: "Set addon_version to an exact version.",
    check: (r) =>
      typeof r.config["addon_version"] === "string" && r.config["addon_version"] !== "" ? undefined : "addon_version is absent",
  },
];
