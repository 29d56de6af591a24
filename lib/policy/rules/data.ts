import type { Rule, TfResource } from "../types";
import { at, bool, first, isObject, num, show } from "../tf";
import { all, isProduction, mustBeAtLeast, mustBeCmk, mustBeFalse, mustBeOneOf, mustBeTrue, mustContainAll } from "./helpers";

const isReplica = (r: TfResource): boolean => Boolean(r.config["replicate_source_db"]);
const notReplica = (r: TfResource): boolean => !isReplica(r);
const isPostgres = (r: TfResource): boolean => String(r.config["engine"] ?? "").includes("postgres") || isReplica(r);

/** MSK server.properties as a map. */
function serverProperties(r: TfResource): Map<string, string> {
  const text = String(r.config["server_properties"] ?? "");
  return new Map(
    text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#") && l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")).trim(), l.slice(l.indexOf("=") + 1).trim()] as [string, string]),
  );
}

/** Parameters of a DB parameter group, by name. */
const dbParameters = (r: TfResource): Map<string, string> =>
  new Map(
    at(r.config, "parameter")
      .filter(isObject)
      .map((p) => [String(p["name"]), String(p["value"])]),
  );

export const rdsRules: Rule[] = [
  {
    id: "RDS-01",
    title: "RDS storage encrypted",
    mirrors: ["CKV_AWS_16", "AVD-AWS-0080"],
    resourceTypes: ["aws_db_instance"],
    severity: "high",
    soc2: ["PI1.5 (P)", "CC6.1 (S)"],
    fix: "Set storage_encrypted = true.",
    appliesTo: notReplica,
    check: mustBeTrue("storage_encrypted"),
  },
  {
    id: "RDS-02",
    title: "RDS encrypted with a customer-managed key",
    mirrors: ["our: gap for instances (AVD-AWS-0079 for clusters)"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["PI1.5 (inf.)"],
    fix: "Set kms_key_id to the environment's data CMK.",
    check: mustBeCmk("kms_key_id"),
  },
  {
    id: "RDS-03",
    title: "RDS not publicly accessible",
    mirrors: ["CKV_AWS_17", "AVD-AWS-0180", "prowler rds_instance_no_public_access"],
    resourceTypes: ["aws_db_instance"],
    severity: "critical",
    soc2: ["CC6.2 (P)", "CC6.6 (S)"],
    fix: "Set publicly_accessible = false explicitly.",
    check: mustBeFalse("publicly_accessible"),
  },
  {
    id: "RDS-04",
    title: "RDS automated backups kept 7+ days",
    mirrors: ["CKV_AWS_133", "AVD-AWS-0077"],
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    severity: "medium",
    soc2: ["A1.2 (P)", "CC7.4 (P)"],
    fix: "Set backup_retention_period to 7-35 (14+ in production).",
    appliesTo: notReplica,
    check: (r, s) => mustBeAtLeast("backup_retention_period", s.tier === "production" ? 14 : 7)(r),
  },
  {
    id: "RDS-05",
    title: "RDS deletion protection in production",
    mirrors: ["CKV_AWS_293", "AVD-AWS-0177", "CKV_AWS_139"],
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    severity: "medium",
    soc2: ["C1.1 (P)"],
    fix: "Set deletion_protection = true.",
    appliesTo: isProduction,
    check: mustBeTrue("deletion_protection"),
  },
  {
    id: "RDS-06",
    title: "RDS Multi-AZ in production",
    mirrors: ["CKV_AWS_157"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["A1.2 (inf.)"],
    fix: "Set multi_az = true (postgres.multiAz in the environment file).",
    appliesTo: (r, s) => isProduction(r, s) && notReplica(r),
    check: mustBeTrue("multi_az"),
  },
  {
    id: "RDS-07",
    title: "RDS IAM database authentication",
    mirrors: ["CKV_AWS_161", "AVD-AWS-0176"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set iam_database_authentication_enabled = true.",
    appliesTo: notReplica,
    check: mustBeTrue("iam_database_authentication_enabled"),
  },
  {
    id: "RDS-08",
    title: "RDS logs exported to CloudWatch",
    mirrors: ["CKV_AWS_129", "prowler rds_instance_integration_cloudwatch_logs"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["CC7.2 (P)", "PI1.3 (P)"],
    fix: 'Set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"].',
    appliesTo: isPostgres,
    check: mustContainAll("enabled_cloudwatch_logs_exports", ["postgresql", "upgrade"]),
  },
  {
    id: "RDS-09",
    title: "Performance Insights on, encrypted with a CMK",
    mirrors: ["CKV_AWS_353", "AVD-AWS-0133", "CKV_AWS_354", "AVD-AWS-0078"],
    resourceTypes: ["aws_db_instance"],
    severity: "low",
    soc2: ["CC7.2 (inf.)", "PI1.5 (inf.)"],
    fix: "Set performance_insights_enabled = true and performance_insights_kms_key_id to a customer-managed key.",
    check: all(mustBeTrue("performance_insights_enabled"), mustBeCmk("performance_insights_kms_key_id")),
  },
  {
    id: "RDS-10",
    title: "RDS minor upgrades automatic",
    mirrors: ["CKV_AWS_226"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["CC7.1 (inf.)"],
    fix: "Set auto_minor_version_upgrade = true explicitly.",
    check: mustBeTrue("auto_minor_version_upgrade"),
  },
  {
    id: "RDS-11",
    title: "RDS current CA certificate",
    mirrors: ["CKV_AWS_211"],
    resourceTypes: ["aws_db_instance"],
    severity: "low",
    soc2: ["CC6.7 (inf.)"],
    fix: 'Set ca_cert_identifier = "rds-ca-rsa2048-g1" (or rsa4096-g1 / ecc384-g1).',
    check: mustBeOneOf("ca_cert_identifier", ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"]),
  },
  {
    id: "RDS-12",
    title: "RDS snapshots keep tags, final snapshot kept",
    mirrors: ["CKV2_AWS_60", "our: final snapshot"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["A1.2 (inf.)"],
    fix: "Set copy_tags_to_snapshot = true and skip_final_snapshot = false with a final_snapshot_identifier.",
    appliesTo: notReplica,
    check: all(mustBeTrue("copy_tags_to_snapshot"), mustBeFalse("skip_final_snapshot"), (r) =>
      r.config["final_snapshot_identifier"] ? undefined : "final_snapshot_identifier is absent",
    ),
  },
  {
    id: "RDS-13",
    title: "RDS enhanced monitoring",
    mirrors: ["CKV_AWS_118"],
    resourceTypes: ["aws_db_instance"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set monitoring_interval (e.g. 60) and monitoring_role_arn.",
    check: (r) =>
      (num(r.config["monitoring_interval"]) ?? 0) > 0 && r.config["monitoring_role_arn"]
        ? undefined
        : `monitoring_interval is ${show(r.config["monitoring_interval"])} or monitoring_role_arn absent`,
  },
  {
    id: "RDS-14",
    title: "RDS master password managed by RDS",
    mirrors: ["our: no password literal in configuration or state inputs"],
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set manage_master_user_password = true and remove password.",
    appliesTo: notReplica,
    check: (r) => [
      ...(bool(r.config["manage_master_user_password"]) === true ? [] : ["manage_master_user_password is not true"]),
      ...(r.config["password"] !== undefined ? ["password is set in the configuration"] : []),
    ],
  },
  {
    id: "RDS-15",
    title: "RDS storage autoscaling ceiling",
    mirrors: ["our: availability (A1.2) under growth"],
    resourceTypes: ["aws_db_instance"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Set max_allocated_storage above allocated_storage.",
    appliesTo: notReplica,
    check: (r) =>
      (num(r.config["max_allocated_storage"]) ?? 0) > (num(r.config["allocated_storage"]) ?? Infinity)
        ? undefined
        : `max_allocated_storage is ${show(r.config["max_allocated_storage"])}`,
  },
  {
    id: "RDS-16",
    title: "Postgres parameter group logs statements and forces TLS",
    mirrors: ["CKV2_AWS_30", "our: rds.force_ssl"],
    resourceTypes: ["aws_db_parameter_group"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)", "CC6.7 (inf.)"],
    fix: "Set log_statement, log_min_duration_statement and rds.force_ssl = 1.",
    appliesTo: (r) => String(r.config["family"] ?? "").startsWith("postgres"),
    check: (r) => {
      const p = dbParameters(r);
      return [
        ...["log_statement", "log_min_duration_statement"].filter((n) => !p.has(n)).map((n) => `parameter ${n} is absent`),
        ...(p.get("rds.force_ssl") === "1" ? [] : [`rds.force_ssl is ${show(p.get("rds.force_ssl"))}, must be "1"`]),
      ];
    },
  },
  {
    id: "RDS-17",
    title: "Aurora cluster encrypted with a CMK",
    mirrors: ["CKV_AWS_96", "CKV_AWS_327", "AVD-AWS-0079"],
    resourceTypes: ["aws_rds_cluster"],
    severity: "high",
    soc2: ["PI1.5 (P)"],
    fix: "Set storage_encrypted = true and kms_key_id.",
    check: all(mustBeTrue("storage_encrypted"), mustBeCmk("kms_key_id")),
  },
  {
    id: "RDS-18",
    title: "Production database backups copied to a second region",
    mirrors: ["our: issue 4 cross-region backup copy", "prowler rds_instance_protected_by_backup_plan"],
    resourceTypes: ["aws_db_instance"],
    severity: "medium",
    soc2: ["A1.2 (S)", "CC7.4 (S)"],
    fix: "Add aws_db_instance_automated_backups_replication for the instance (postgres.backupReplicationRegion).",
    appliesTo: (r, s) => isProduction(r, s) && notReplica(r),
    check: (r, s) =>
      s.referrers("aws_db_instance_automated_backups_replication", "source_db_instance_arn", r).length
        ? undefined
        : "no automated backups replication references it",
  },
  {
    id: "RDS-19",
    title: "Replicated backups encrypted with a CMK",
    mirrors: ["CKV_AWS_245"],
    resourceTypes: ["aws_db_instance_automated_backups_replication"],
    severity: "medium",
    soc2: ["PI1.5 (inf.)"],
    fix: "Set kms_key_id to a CMK in the destination region.",
    check: mustBeCmk("kms_key_id"),
  },
];

export const mskRules: Rule[] = [
  {
    id: "MSK-01",
    title: "MSK client traffic TLS only",
    mirrors: ["CKV_AWS_81", "AVD-AWS-0073"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "high",
    soc2: ["CC6.7 (P)"],
    fix: 'Set encryption_info.encryption_in_transit.client_broker = "TLS".',
    check: mustBeOneOf("encryption_info.encryption_in_transit.client_broker", ["TLS"]),
  },
  {
    id: "MSK-02",
    title: "MSK in-cluster traffic encrypted",
    mirrors: ["CKV_AWS_81"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "high",
    soc2: ["CC6.7 (P)"],
    fix: "Set encryption_info.encryption_in_transit.in_cluster = true.",
    check: mustBeTrue("encryption_info.encryption_in_transit.in_cluster"),
  },
  {
    id: "MSK-03",
    title: "MSK at rest with a customer-managed key",
    mirrors: ["AVD-AWS-0179", "prowler kafka_cluster_encryption_at_rest_uses_cmk"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "high",
    soc2: ["PI1.5 (inf.)"],
    fix: "Set encryption_info.encryption_at_rest_kms_key_arn.",
    check: mustBeCmk("encryption_info.encryption_at_rest_kms_key_arn"),
  },
  {
    id: "MSK-04",
    title: "MSK broker logs enabled",
    mirrors: ["CKV_AWS_80", "AVD-AWS-0074"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Enable logging_info.broker_logs.cloudwatch_logs (or s3/firehose).",
    check: (r) =>
      ["cloudwatch_logs", "firehose", "s3"].some((d) => bool(first(r.config, `logging_info.broker_logs.${d}.enabled`)) === true)
        ? undefined
        : "no broker log destination enabled",
  },
  {
    id: "MSK-05",
    title: "MSK not public",
    mirrors: ["CKV_AWS_291", "prowler kafka_cluster_is_public"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "critical",
    soc2: ["CC6.6 (inf.)"],
    fix: "Leave broker_node_group_info.connectivity_info.public_access.type DISABLED.",
    check: (r) =>
      first(r.config, "broker_node_group_info.connectivity_info.public_access.type") === "SERVICE_PROVIDED_EIPS"
        ? "public access is SERVICE_PROVIDED_EIPS"
        : undefined,
  },
  {
    id: "MSK-06",
    title: "MSK clients authenticate",
    mirrors: ["prowler kafka_cluster_unrestricted_access_disabled", "prowler kafka_cluster_mutual_tls_authentication_enabled"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set client_authentication.unauthenticated = false and enable sasl.scram and/or sasl.iam.",
    check: (r) => [
      ...(bool(first(r.config, "client_authentication.unauthenticated")) === false
        ? []
        : ["client_authentication.unauthenticated is not false"]),
      ...([first(r.config, "client_authentication.sasl.scram"), first(r.config, "client_authentication.sasl.iam")].some(
        (v) => bool(v) === true,
      ) || at(r.config, "client_authentication.tls.certificate_authority_arns").length
        ? []
        : ["no SASL (SCRAM/IAM) or mutual TLS authentication enabled"]),
    ],
  },
  {
    id: "MSK-07",
    title: "MSK Prometheus open monitoring",
    mirrors: ["our: lag and disk metrics for the alert rules (issue 4)"],
    resourceTypes: ["aws_msk_cluster"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Enable open_monitoring.prometheus jmx_exporter and node_exporter.",
    check: all(
      mustBeTrue("open_monitoring.prometheus.jmx_exporter.enabled_in_broker"),
      mustBeTrue("open_monitoring.prometheus.node_exporter.enabled_in_broker"),
    ),
  },
  {
    id: "MSK-08",
    title: "Kafka topics replicated with min ISR 2",
    mirrors: ["our: durability of acknowledged events"],
    resourceTypes: ["aws_msk_configuration"],
    severity: "high",
    soc2: ["A1.2 (inf.)"],
    fix: "Set default.replication.factor=3 and min.insync.replicas=2 in server_properties.",
    check: (r) => {
      const p = serverProperties(r);
      return [
        ...((num(p.get("default.replication.factor")) ?? 0) >= 3
          ? []
          : [`default.replication.factor is ${show(p.get("default.replication.factor"))}`]),
        ...((num(p.get("min.insync.replicas")) ?? 0) >= 2 ? [] : [`min.insync.replicas is ${show(p.get("min.insync.replicas"))}`]),
      ];
    },
  },
  {
    id: "MSK-09",
    title: "No automatic topic creation",
    mirrors: ["our: topics are declared, not created by typos"],
    resourceTypes: ["aws_msk_configuration"],
    severity: "low",
    soc2: ["CC8.1 (inf.)"],
    fix: "Set auto.create.topics.enable=false in server_properties.",
    check: (r) =>
      serverProperties(r).get("auto.create.topics.enable") === "false"
        ? undefined
        : `auto.create.topics.enable is ${show(serverProperties(r).get("auto.create.topics.enable"))}`,
  },
];

export const dataProtectionRules: Rule[] = [
  {
    id: "DATA-01",
    title: "Production data stores protected from destroy",
    mirrors: ["our: DEVELOPERS.md secure by default"],
    resourceTypes: ["aws_db_instance", "aws_rds_cluster", "aws_msk_cluster", "aws_s3_bucket", "aws_kms_key", "aws_organizations_account"],
    severity: "high",
    soc2: ["C1.1 (inf.)", "A1.2 (inf.)"],
    fix: "Set lifecycle.prevent_destroy = true on the resource in production.",
    appliesTo: isProduction,
    check: mustBeTrue("lifecycle.prevent_destroy"),
  },
  {
    id: "DMS-01",
    title: "DMS replication instance private and encrypted",
    mirrors: ["CKV_AWS_89", "CKV_AWS_212", "prowler dms_instance_no_public_access"],
    resourceTypes: ["aws_dms_replication_instance"],
    severity: "critical",
    soc2: ["CC6.1 (S)", "CC6.6 (S)"],
    fix: "Set publicly_accessible = false and kms_key_arn.",
    check: all(mustBeFalse("publicly_accessible"), mustBeCmk("kms_key_arn")),
  },
  {
    id: "DMS-02",
    title: "DMS minor upgrades automatic",
    mirrors: ["CKV_AWS_222"],
    resourceTypes: ["aws_dms_replication_instance"],
    severity: "low",
    soc2: ["CC7.1 (inf.)"],
    fix: "Set auto_minor_version_upgrade = true.",
    check: mustBeTrue("auto_minor_version_upgrade"),
  },
  {
    id: "DMS-03",
    title: "DMS endpoints require TLS",
    mirrors: ["CKV2_AWS_49", "prowler dms_endpoint_ssl_enabled"],
    resourceTypes: ["aws_dms_endpoint"],
    severity: "high",
    soc2: ["CC6.7 (inf.)"],
    fix: "Set ssl_mode to require, verify-ca or verify-full.",
    appliesTo: (r) => !["s3", "dynamodb", "kinesis", "kafka"].includes(String(r.config["engine_name"])),
    check: mustBeOneOf("ssl_mode", ["require", "verify-ca", "verify-full"]),
  },
  {
    id: "DMS-04",
    title: "DMS endpoints encrypted with a CMK",
    mirrors: ["CKV_AWS_296"],
    resourceTypes: ["aws_dms_endpoint"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set kms_key_arn.",
    check: mustBeCmk("kms_key_arn"),
  },
  {
    id: "SM-01",
    title: "Secrets encrypted with a customer-managed key",
    mirrors: ["CKV_AWS_149"],
    resourceTypes: ["aws_secretsmanager_secret"],
    severity: "medium",
    soc2: ["CC6.1 (S)"],
    fix: "Set kms_key_id to a customer-managed key.",
    check: mustBeCmk("kms_key_id"),
  },
  {
    id: "SM-02",
    title: "Secrets rotate within 90 days",
    mirrors: ["CKV2_AWS_57", "CKV_AWS_304"],
    resourceTypes: ["aws_secretsmanager_secret"],
    severity: "medium",
    soc2: ["CC6.1 (S)"],
    fix: "Add aws_secretsmanager_secret_rotation (90 days or less), or declare why the secret cannot rotate.",
    check: (r, s) => {
      const rotations = s.referrers("aws_secretsmanager_secret_rotation", "secret_id", r);
      if (rotations.length === 0) return "no aws_secretsmanager_secret_rotation references it";
      return rotations.flatMap((rot) => {
        const days = num(first(rot.config, "rotation_rules.automatically_after_days"));
        const rate = /rate\((\d+) days?\)/.exec(String(first(rot.config, "rotation_rules.schedule_expression") ?? ""));
        const n = days ?? (rate ? Number(rate[1]) : undefined);
        return n !== undefined && n > 90 ? [`rotation every ${n} days`] : [];
      });
    },
  },
  {
    id: "SM-03",
    title: "Secrets recoverable after deletion",
    mirrors: ["our: recovery window instead of immediate delete"],
    resourceTypes: ["aws_secretsmanager_secret"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Leave recovery_window_in_days at 7-30 (not 0).",
    check: (r) => (num(r.config["recovery_window_in_days"]) === 0 ? "recovery_window_in_days is 0" : undefined),
  },
  {
    id: "SM-04",
    title: "No secret values in the configuration",
    mirrors: ["our: values arrive out of band"],
    resourceTypes: ["aws_secretsmanager_secret_version"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set the value out of band (aws secretsmanager put-secret-value) or from a generated reference, never a literal.",
    check: (r) =>
      ["secret_string", "secret_binary"]
        .filter((k) => typeof r.config[k] === "string" && r.config[k] !== "" && !String(r.config[k]).includes("${"))
        .map((k) => `${k} is a literal`),
  },
  {
    id: "ECR-01",
    title: "ECR images scanned, tags immutable",
    mirrors: ["CKV_AWS_163", "AVD-AWS-0030", "CKV_AWS_51", "AVD-AWS-0031"],
    resourceTypes: ["aws_ecr_repository"],
    severity: "high",
    soc2: ["CC7.1 (inf.)", "CC8.1 (inf.)"],
    fix: 'Set image_scanning_configuration.scan_on_push = true and image_tag_mutability = "IMMUTABLE".',
    check: all(mustBeTrue("image_scanning_configuration.scan_on_push"), mustBeOneOf("image_tag_mutability", ["IMMUTABLE"])),
  },
  {
    id: "ECR-02",
    title: "ECR encrypted with a CMK",
    mirrors: ["CKV_AWS_136", "AVD-AWS-0033"],
    resourceTypes: ["aws_ecr_repository"],
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set encryption_configuration.encryption_type = "KMS" and kms_key.',
    check: all(mustBeOneOf("encryption_configuration.encryption_type", ["KMS"]), mustBeCmk("encryption_configuration.kms_key")),
  },
];
