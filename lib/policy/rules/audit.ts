import type { Rule, TfResource } from "../types";
import { at, bool, first, isObject, num, parsePolicy, principals, show } from "../tf";
import { all, mustBeCmk, mustBeTrue } from "./helpers";

/** Deny actions every organization's SCPs together must contain (issue 6, docs/reference/scanner-behaviour.md row 69). */
export const REQUIRED_SCP_DENIES = [
  "organizations:LeaveOrganization",
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "guardduty:DeleteDetector",
  "config:StopConfigurationRecorder",
  "config:DeleteConfigurationRecorder",
];

/** Log groups that are audit evidence: EKS control plane, VPC flow logs, CloudTrail. */
export const AUDIT_LOG_GROUP = /^\/aws\/(eks\/.+\/cluster|vpc\/.+flow|cloudtrail)/;

/** GuardDuty protections the platform needs (docs/reference/scanner-behaviour.md row 65). */
export const REQUIRED_GUARDDUTY_FEATURES = ["EKS_AUDIT_LOGS", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"];

const featureEnabled = (r: TfResource, name: string): boolean =>
  (r.config["name"] === name || r.config["name"] === `${name}`) &&
  ["ENABLED", "ALL", "NEW"].includes(String(r.config["status"] ?? r.config["auto_enable"]));

export const auditRules: Rule[] = [
  {
    id: "LOG-01",
    title: "Log groups encrypted with a CMK",
    mirrors: ["CKV_AWS_158", "AVD-AWS-0017", "prowler cloudwatch_log_group_kms_encryption_enabled"],
    resourceTypes: ["aws_cloudwatch_log_group"],
    severity: "medium",
    soc2: ["CC7.3 (P)", "PI1.4 (P)"],
    fix: "Set kms_key_id to a customer-managed key whose policy lets CloudWatch Logs use it.",
    check: mustBeCmk("kms_key_id"),
  },
  {
    id: "LOG-02",
    title: "Log groups have a retention",
    mirrors: ["CKV_AWS_66"],
    resourceTypes: ["aws_cloudwatch_log_group"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set retention_in_days explicitly.",
    check: (r) => (num(r.config["retention_in_days"]) === undefined ? "retention_in_days is absent" : undefined),
  },
  {
    id: "LOG-03",
    title: "Audit logs kept a year in production",
    mirrors: ["CKV_AWS_338", "our: narrowed to audit trails (control plane, flow logs, CloudTrail)"],
    resourceTypes: ["aws_cloudwatch_log_group"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)", "CC7.3 (inf.)"],
    fix: "Set retention_in_days to 365 or more (0 keeps forever).",
    appliesTo: (r, s) => s.tier === "production" && AUDIT_LOG_GROUP.test(String(r.config["name"] ?? "")),
    check: (r) => {
      const days = num(r.config["retention_in_days"]);
      return days === 0 || (days ?? 0) >= 365 ? undefined : `retention_in_days is ${show(r.config["retention_in_days"])}`;
    },
  },
  {
    id: "CT-01",
    title: "CloudTrail multi-region, validated, encrypted",
    mirrors: ["CKV_AWS_67", "AVD-AWS-0014", "CKV_AWS_36", "AVD-AWS-0016", "CKV_AWS_35", "AVD-AWS-0015"],
    resourceTypes: ["aws_cloudtrail"],
    severity: "high",
    soc2: ["CC7.2 (P)", "CC7.3 (P)", "CC6.1 (S)"],
    fix: "Set is_multi_region_trail = true, enable_log_file_validation = true and kms_key_id.",
    check: all(mustBeTrue("is_multi_region_trail"), mustBeTrue("enable_log_file_validation"), mustBeCmk("kms_key_id")),
  },
  {
    id: "CT-02",
    title: "CloudTrail delivered to CloudWatch Logs",
    mirrors: ["CKV2_AWS_10", "AVD-AWS-0162"],
    resourceTypes: ["aws_cloudtrail"],
    severity: "low",
    soc2: ["CC7.2 (P)"],
    fix: "Set cloud_watch_logs_group_arn (a declared log group) and cloud_watch_logs_role_arn.",
    check: (r) =>
      r.config["cloud_watch_logs_group_arn"] && r.config["cloud_watch_logs_role_arn"]
        ? undefined
        : "cloud_watch_logs_group_arn or cloud_watch_logs_role_arn is absent",
  },
  {
    id: "CT-03",
    title: "Organization trail, logging on",
    mirrors: ["CKV_AWS_251", "our: organization trail (docs/reference/scanner-behaviour.md row 59)"],
    resourceTypes: ["aws_cloudtrail"],
    severity: "high",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set is_organization_trail = true and leave enable_logging true.",
    check: (r) => [
      ...(bool(r.config["is_organization_trail"]) === true ? [] : ["is_organization_trail is not true"]),
      ...(bool(r.config["enable_logging"]) === false ? ["enable_logging is false"] : []),
    ],
  },
  {
    id: "GD-01",
    title: "GuardDuty detector enabled",
    mirrors: ["CKV_AWS_238", "prowler guardduty_is_enabled"],
    resourceTypes: ["aws_guardduty_detector"],
    severity: "high",
    soc2: ["CC7.2 (P)", "CC6.8 (P)"],
    fix: "Leave enable true.",
    check: (r) => (bool(r.config["enable"]) === false ? "enable is false" : undefined),
  },
  {
    id: "GD-02",
    title: "GuardDuty auto-enables every member",
    mirrors: ["CKV2_AWS_3", "prowler guardduty_centrally_managed"],
    resourceTypes: ["aws_guardduty_organization_configuration"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: 'Set auto_enable_organization_members = "ALL".',
    check: (r) =>
      ["ALL", "NEW"].includes(String(r.config["auto_enable_organization_members"])) || bool(r.config["auto_enable"]) === true
        ? undefined
        : `auto_enable_organization_members is ${show(r.config["auto_enable_organization_members"])}`,
  },
  {
    id: "GD-03",
    title: "GuardDuty EKS, RDS and S3 protection",
    mirrors: ["our: gap (docs/reference/scanner-behaviour.md row 65)"],
    resourceTypes: ["aws_guardduty_detector"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Enable EKS_AUDIT_LOGS, RDS_LOGIN_EVENTS, S3_DATA_EVENTS and runtime monitoring features for the detector or the organization.",
    check: (r, s) => {
      const features = [
        ...s.referrers("aws_guardduty_detector_feature", "detector_id", r),
        ...s.referrers("aws_guardduty_organization_configuration_feature", "detector_id", r),
      ];
      const missing = [...REQUIRED_GUARDDUTY_FEATURES, "RUNTIME_MONITORING|EKS_RUNTIME_MONITORING"].filter(
        (n) => !n.split("|").some((alt) => features.some((f) => featureEnabled(f, alt))),
      );
      return missing.length ? `features not enabled: ${missing.join(", ")}` : undefined;
    },
  },
  {
    id: "CFG-01",
    title: "Config records everything",
    mirrors: ["CKV2_AWS_48", "prowler config_recorder_all_regions_enabled"],
    resourceTypes: ["aws_config_configuration_recorder"],
    severity: "medium",
    soc2: ["CC2.1 (P)", "CC8.1 (P)"],
    fix: "Set recording_group.all_supported = true and include_global_resource_types = true (in one region).",
    check: (r) => (bool(first(r.config, "recording_group.all_supported")) === false ? "recording_group.all_supported is false" : undefined),
  },
  {
    id: "CFG-02",
    title: "Config recorder switched on",
    mirrors: ["CKV2_AWS_45"],
    resourceTypes: ["aws_config_configuration_recorder_status"],
    severity: "medium",
    soc2: ["CC2.1 (P)"],
    fix: "Set is_enabled = true.",
    check: mustBeTrue("is_enabled"),
  },
  {
    id: "CFG-03",
    title: "Config aggregator covers all regions",
    mirrors: ["CKV_AWS_121", "AVD-AWS-0019"],
    resourceTypes: ["aws_config_configuration_aggregator"],
    severity: "high",
    soc2: ["CC3.4 (inf.)"],
    fix: "Set organization_aggregation_source.all_regions = true.",
    check: (r) =>
      [first(r.config, "organization_aggregation_source.all_regions"), first(r.config, "account_aggregation_source.all_regions")].some(
        (v) => bool(v) === true,
      )
        ? undefined
        : "all_regions is not true",
  },
  {
    id: "ORG-01",
    title: "Organization with all features and audit services",
    mirrors: ["our: gap (docs/reference/scanner-behaviour.md row 70)"],
    resourceTypes: ["aws_organizations_organization"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: 'Set feature_set = "ALL" and add cloudtrail, config and guardduty to aws_service_access_principals.',
    check: (r) => {
      const principals = at(r.config, "aws_service_access_principals");
      const missing = ["cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com"].filter(
        (p) => !principals.includes(p),
      );
      return [
        ...((r.config["feature_set"] ?? "ALL") === "ALL" ? [] : [`feature_set is ${show(r.config["feature_set"])}`]),
        ...(missing.length ? [`aws_service_access_principals lacks ${missing.join(", ")}`] : []),
      ];
    },
  },
  {
    id: "ORG-02",
    title: "SCPs deny tampering with the audit trail",
    mirrors: ["prowler organizations_scp_check_deny_regions", "our: docs/reference/scanner-behaviour.md row 69"],
    resourceTypes: ["aws_organizations_organization"],
    severity: "high",
    soc2: ["CC6.3 (inf.)", "CC7.2 (inf.)"],
    fix: "Attach SCPs denying the listed actions (see REQUIRED_SCP_DENIES).",
    check: (_r, s) => {
      const denied = s.ofType("aws_organizations_policy").flatMap((p) => {
        const parsed = parsePolicy(p.config["content"]);
        return parsed.ok ? parsed.statements.filter((st) => st.Effect === "Deny").flatMap((st) => st.Action) : [];
      });
      const missing = REQUIRED_SCP_DENIES.filter((a) => !denied.some((d) => d === a || (d.endsWith("*") && a.startsWith(d.slice(0, -1)))));
      return missing.length ? `no SCP denies ${missing.join(", ")}` : undefined;
    },
  },
  {
    id: "ORG-03",
    title: "Member accounts cannot be closed by a destroy",
    mirrors: ["our: issue 6"],
    resourceTypes: ["aws_organizations_account"],
    severity: "high",
    soc2: ["A1.2 (inf.)"],
    fix: "Set close_on_deletion = false.",
    check: (r) => (bool(r.config["close_on_deletion"]) === true ? "close_on_deletion is true" : undefined),
  },
  {
    id: "ORG-04",
    title: "Access Analyzer covers the organization",
    mirrors: ["our: IAM Access Analyzer (issue 6)"],
    resourceTypes: ["aws_accessanalyzer_analyzer"],
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set type = "ORGANIZATION" in the management or delegated account.',
    check: (r) =>
      ["ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS"].includes(String(r.config["type"])) ? undefined : `type is ${show(r.config["type"])}`,
  },
  {
    id: "BUD-01",
    title: "Budgets notify someone",
    mirrors: ["our: a budget nobody hears about is not a control"],
    resourceTypes: ["aws_budgets_budget"],
    severity: "low",
    soc2: ["CC3.2 (inf.)"],
    fix: "Add notification blocks with subscriber e-mail addresses or SNS topics.",
    check: (r) =>
      at(r.config, "notification")
        .filter(isObject)
        .some((n) => at(n, "subscriber_email_addresses").length + at(n, "subscriber_sns_topic_arns").length > 0)
        ? undefined
        : "no notification with a subscriber",
  },
  {
    id: "SNS-01",
    title: "SNS topics encrypted with a CMK",
    mirrors: ["CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136"],
    resourceTypes: ["aws_sns_topic"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set kms_master_key_id to a customer-managed key (alias/aws/sns cannot be used by CloudWatch alarms).",
    check: mustBeCmk("kms_master_key_id"),
  },
  {
    id: "SNS-02",
    title: "SNS subscriptions encrypted in transit",
    mirrors: ["our: no plain http endpoints"],
    resourceTypes: ["aws_sns_topic_subscription"],
    severity: "medium",
    soc2: ["CC6.7 (inf.)"],
    fix: "Use https (or email, sqs, lambda) subscriptions.",
    check: (r) => (r.config["protocol"] === "http" ? "protocol is http" : undefined),
  },
  {
    id: "SQS-01",
    title: "SQS queues encrypted",
    mirrors: ["CKV_AWS_27", "AVD-AWS-0096"],
    resourceTypes: ["aws_sqs_queue"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set kms_master_key_id (or sqs_managed_sse_enabled = true).",
    check: (r) =>
      r.config["kms_master_key_id"] || bool(r.config["sqs_managed_sse_enabled"]) === true ? undefined : "no encryption at rest",
  },
  {
    id: "CW-01",
    title: "Alarms link a runbook",
    mirrors: ["our: every alert carries runbooks/<alert>.md"],
    resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
    severity: "medium",
    soc2: ["CC7.3 (inf.)", "CC7.4 (inf.)"],
    fix: "Put the runbook path (runbooks/<alert>.md) in alarm_description.",
    check: (r) =>
      /runbooks\/[a-z0-9-]+\.md/.test(String(r.config["alarm_description"] ?? ""))
        ? undefined
        : `alarm_description is ${show(r.config["alarm_description"])}`,
  },
  {
    id: "CW-02",
    title: "Alarms notify on-call",
    mirrors: ["our: an alarm with no action pages nobody"],
    resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
    severity: "medium",
    soc2: ["CC7.3 (inf.)"],
    fix: "Set alarm_actions (and ok_actions) to the severity's SNS topic.",
    check: (r) => [
      ...(at(r.config, "alarm_actions").length ? [] : ["alarm_actions is empty"]),
      ...(at(r.config, "ok_actions").length ? [] : ["ok_actions is empty"]),
    ],
  },
  {
    id: "CW-03",
    title: "Alarms say what missing data means",
    mirrors: ["our: a silent metric must not look healthy by accident"],
    resourceTypes: ["aws_cloudwatch_metric_alarm"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set treat_missing_data explicitly (breaching for heartbeat-like metrics).",
    check: (r) => (r.config["treat_missing_data"] ? undefined : "treat_missing_data is absent"),
  },
  {
    id: "EVB-01",
    title: "Event buses accept events only from known principals",
    mirrors: ["our: a bus open to '*' lets any account inject events the rules act on"],
    resourceTypes: ["aws_cloudwatch_event_bus_policy"],
    severity: "high",
    soc2: ["CC6.1 (inf.)", "CC7.2 (inf.)"],
    fix: "Name the accounts, or keep Principal '*' with an aws:PrincipalOrgID (or aws:PrincipalAccount) condition.",
    check: (r) => {
      const policy = parsePolicy(r.config["policy"]);
      if (!policy.ok) return `policy ${policy.why}`;
      const open = policy.statements.filter((st) => st.Effect === "Allow" && principals(st).includes("*"));
      const scoped = (st: (typeof open)[number]) =>
        /aws:Principal(OrgID|Account)|aws:SourceAccount/i.test(JSON.stringify(st.Condition ?? {}));
      return open
        .filter((st) => !scoped(st))
        .map((st) => `statement ${show(st.Sid ?? "(no Sid)")} allows Principal "*" without an organization or account condition`);
    },
  },
  {
    id: "EVB-02",
    title: "Rules that forward to another event bus use a role",
    mirrors: ["our: EventBridge requires an execution role for a bus in another account or region"],
    resourceTypes: ["aws_cloudwatch_event_target"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set role_arn to a role EventBridge may assume with events:PutEvents on the target bus.",
    appliesTo: (r) => /:event-bus\/|aws_cloudwatch_event_bus\./.test(String(r.config["arn"] ?? "")),
    check: (r) => (r.config["role_arn"] ? undefined : "role_arn is absent"),
  },
  {
    id: "SH-01",
    title: "Security Hub on everywhere with the foundational and CIS standards",
    mirrors: ["prowler securityhub_enabled", "our: central configuration (issue 17)"],
    resourceTypes: ["aws_securityhub_configuration_policy", "aws_securityhub_organization_configuration"],
    severity: "high",
    soc2: ["CC7.1 (P)", "CC7.2 (inf.)"],
    fix: "Use central configuration (configuration_type CENTRAL) and a configuration policy with service_enabled and both standards.",
    check: (r) => {
      if (r.type === "aws_securityhub_organization_configuration") {
        const type = first(r.config, "organization_configuration.configuration_type");
        return type === "CENTRAL" ? undefined : `organization_configuration.configuration_type is ${show(type)}`;
      }
      const problems: string[] = [];
      if (bool(first(r.config, "configuration_policy.service_enabled")) !== true)
        problems.push("configuration_policy.service_enabled is not true");
      const standards = at(r.config, "configuration_policy.enabled_standard_arns").map(String);
      for (const wanted of ["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark"]) {
        if (!standards.some((a) => a.includes(`/${wanted}/`))) problems.push(`configuration_policy.enabled_standard_arns lacks ${wanted}`);
      }
      return problems;
    },
  },
];
