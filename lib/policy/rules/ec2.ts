import type { Rule, TfResource } from "../types";
import { at, bool, first, isCmk, num, show } from "../tf";
import { all, mustBeCmk, mustBeTrue } from "./helpers";

const SECRET_PATTERNS = [/AKIA[0-9A-Z]{16}/, /aws_secret_access_key\s*[=:]/i, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

/** user_data as text: plain, or base64 as EC2 takes it. */
function userDataText(r: TfResource): string {
  const raw = [r.config["user_data"], r.config["user_data_base64"]].filter((v): v is string => typeof v === "string").join("\n");
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(raw) ? Buffer.from(raw, "base64").toString("utf8") : "";
  return `${raw}\n${decoded}`;
}

const noSecretsInUserData = (r: TfResource) =>
  SECRET_PATTERNS.some((p) => p.test(userDataText(r))) ? "user_data contains what looks like a credential" : undefined;

export const ec2Rules: Rule[] = [
  {
    id: "LT-01",
    title: "IMDSv2 required",
    mirrors: ["CKV_AWS_79", "AVD-AWS-0130"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    severity: "high",
    soc2: ["CC7.2 (P)"],
    fix: 'Set metadata_options.http_tokens = "required".',
    check: (r) =>
      first(r.config, "metadata_options.http_tokens") === "required" || first(r.config, "metadata_options.http_endpoint") === "disabled"
        ? undefined
        : `metadata_options.http_tokens is ${show(first(r.config, "metadata_options.http_tokens"))}, must be "required"`,
  },
  {
    id: "LT-02",
    title: "IMDS hop limit 1",
    mirrors: ["CKV_AWS_341"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set metadata_options.http_put_response_hop_limit = 1 (pods use IRSA or Pod Identity, not the node role).",
    check: (r) => {
      const v = num(first(r.config, "metadata_options.http_put_response_hop_limit"));
      return v === undefined || v === 1 ? undefined : `metadata_options.http_put_response_hop_limit is ${v}, must be 1`;
    },
  },
  {
    id: "LT-03",
    title: "Launch template volumes encrypted with a CMK",
    mirrors: ["our: gap (CKV_AWS_8 covers launch configurations only)"],
    resourceTypes: ["aws_launch_template"],
    severity: "high",
    soc2: ["PI1.5 (P, EBS analogue)"],
    fix: 'Set block_device_mappings.ebs.encrypted = "true" and kms_key_id to a customer-managed key.',
    check: (r) => {
      const ebs = at(r.config, "block_device_mappings.ebs");
      if (ebs.length === 0) return "no block_device_mappings: the AMI's root volume settings are unchecked";
      return ebs.flatMap((e, i) => [
        ...(bool(first(e, "encrypted")) === true ? [] : [`block_device_mappings[${i}].ebs.encrypted is ${show(first(e, "encrypted"))}`]),
        ...(isCmk(first(e, "kms_key_id")) ? [] : [`block_device_mappings[${i}].ebs.kms_key_id is not a customer-managed key`]),
      ]);
    },
  },
  {
    id: "LT-04",
    title: "No credentials in user data",
    mirrors: ["CKV_AWS_46", "prowler ec2_launch_template_no_secrets"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Read credentials at boot from Secrets Manager through the instance role.",
    check: noSecretsInUserData,
  },
  {
    id: "LT-05",
    title: "No public IPs on launch",
    mirrors: ["CKV_AWS_88", "AVD-AWS-0009"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Set associate_public_ip_address = false and launch into private subnets.",
    check: (r) =>
      [...at(r.config, "network_interfaces.associate_public_ip_address"), r.config["associate_public_ip_address"]].some(
        (v) => bool(v) === true,
      )
        ? "associate_public_ip_address is true"
        : undefined,
  },
  {
    id: "LT-06",
    title: "No SSH key pair",
    mirrors: ["our: SSM Session Manager instead of SSH"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Remove key_name; use SSM Session Manager.",
    check: (r) => (r.config["key_name"] ? `key_name is ${show(r.config["key_name"])}` : undefined),
  },
  {
    id: "EC2-01",
    title: "Instance root volume encrypted with a CMK",
    mirrors: ["CKV_AWS_8", "AVD-AWS-0131"],
    resourceTypes: ["aws_instance"],
    severity: "high",
    soc2: ["PI1.5 (P)"],
    fix: "Set root_block_device.encrypted = true and kms_key_id to a customer-managed key.",
    check: all(mustBeTrue("root_block_device.encrypted"), mustBeCmk("root_block_device.kms_key_id")),
  },
  {
    id: "EC2-02",
    title: "Instance detailed monitoring and EBS optimisation",
    mirrors: ["CKV_AWS_126", "CKV_AWS_135"],
    resourceTypes: ["aws_instance"],
    severity: "low",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set monitoring = true and ebs_optimized = true.",
    check: all(mustBeTrue("monitoring"), mustBeTrue("ebs_optimized")),
  },
  {
    id: "EC2-03",
    title: "EBS volumes encrypted with a CMK",
    mirrors: ["CKV_AWS_3", "CKV_AWS_189", "AVD-AWS-0026"],
    resourceTypes: ["aws_ebs_volume"],
    severity: "high",
    soc2: ["PI1.5 (P)"],
    fix: "Set encrypted = true and kms_key_id to a customer-managed key.",
    check: all(mustBeTrue("encrypted"), mustBeCmk("kms_key_id")),
  },
  {
    id: "EC2-04",
    title: "Instance has an instance profile, not baked credentials",
    mirrors: ["CKV2_AWS_41"],
    resourceTypes: ["aws_instance"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set iam_instance_profile (SSM needs it too).",
    check: (r) => (r.config["iam_instance_profile"] ? undefined : "iam_instance_profile is absent"),
  },
  {
    id: "EC2-05",
    title: "Instance keeps the source/destination check",
    mirrors: ["our: only NAT or routing instances may forward traffic"],
    resourceTypes: ["aws_instance"],
    severity: "low",
    soc2: ["CC6.6 (inf.)"],
    fix: "Leave source_dest_check at its default (true).",
    check: (r) => (bool(r.config["source_dest_check"]) === false ? "source_dest_check is false" : undefined),
  },
];
