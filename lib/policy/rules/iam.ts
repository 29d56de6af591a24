import type { Rule, TfResource } from "../types";
import { actionMatches, at, first, hasCondition, isObject, parsePolicy, principals, type Statement } from "../tf";
import { allowStatements, IDENTITY_POLICY_TYPES, identityStatements, POLICY_ATTRIBUTES } from "./helpers";

const ADMIN_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** Actions that let a principal raise its own privileges (cloudsplaining's list, abridged). */
const PRIVILEGE_ESCALATION = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AddUserToGroup",
  "lambda:UpdateFunctionCode",
  "glue:UpdateDevEndpoint",
];
/** Actions that read secrets or data when granted on every resource. */
const DATA_EXFILTRATION = [
  "s3:GetObject",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "kms:Decrypt",
  "rds:CopyDBSnapshot",
  "ec2:GetPasswordData",
];

const grants = (st: Statement, action: string): boolean => st.Action.some((p) => actionMatches(p, action));
const onAnyResource = (st: Statement): boolean => st.Resource.includes("*");
const label = (st: Statement): string => st.Sid ?? st.Action.slice(0, 3).join(",");

/** Allow statements of identity policies matching a predicate, reported by Sid. */
const statementCheck = (pick: (st: Statement) => boolean, what: string) => (r: TfResource) =>
  identityStatements(r)
    .filter(pick)
    .map((st) => `statement ${label(st)} ${what}`);

/** A document that must be literal JSON (not an expression), whatever its shape. */
function literalJsonProblem(attr: string, v: unknown): string[] {
  if (typeof v !== "string" || v.trim().startsWith("$" + "{")) return [`${attr} is not a literal JSON document`];
  try {
    JSON.parse(v);
    return [];
  } catch {
    return [`${attr} is not valid JSON`];
  }
}

/** Trust-policy statements of a role. */
const trust = (r: TfResource): Statement[] => allowStatements(r.config["assume_role_policy"]);

export const iamRules: Rule[] = [
  {
    id: "IAM-01",
    title: "No full admin (*:*) policies",
    mirrors: ["CKV_AWS_62", "CKV_AWS_1", "prowler iam_*_no_administrative_privileges"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "critical",
    soc2: ["CC1.3 (P)", "CC6.3 (P)"],
    fix: "Grant the actions the principal needs on the resources it needs.",
    check: statementCheck((st) => st.Action.includes("*") && onAnyResource(st), "allows * on *"),
  },
  {
    id: "IAM-02",
    title: "No wildcard or iam:* actions",
    mirrors: ["CKV_AWS_63", "CKV_AWS_49", "CKV2_AWS_40"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "high",
    soc2: ["CC6.3 (P)"],
    fix: 'List actions explicitly; never "*" or "iam:*".',
    check: statementCheck((st) => st.Action.some((a) => a === "*" || a.toLowerCase() === "iam:*"), "allows a wildcard action"),
  },
  {
    id: "IAM-03",
    title: "No data-exfiltration actions on every resource",
    mirrors: ["CKV_AWS_288", "CKV_AWS_108"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: "Scope s3:GetObject, secret, parameter and decrypt actions to named ARNs.",
    check: statementCheck(
      (st) => onAnyResource(st) && DATA_EXFILTRATION.some((a) => grants(st, a)),
      'allows reading data or secrets on Resource "*"',
    ),
  },
  {
    id: "IAM-04",
    title: "No privilege-escalation actions on every resource",
    mirrors: ["CKV_AWS_286", "CKV_AWS_110", "prowler iam_policy_allows_privilege_escalation"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "critical",
    soc2: ["CC3.3 (P)", "CC6.3 (inf.)"],
    fix: "Remove the escalation action or scope it to specific ARNs with a permissions boundary.",
    check: statementCheck(
      (st) => onAnyResource(st) && PRIVILEGE_ESCALATION.some((a) => grants(st, a)),
      'allows privilege escalation on Resource "*"',
    ),
  },
  {
    id: "IAM-05",
    title: "No s3:* grants",
    mirrors: ["AVD-AWS-0345"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: "List the S3 actions the principal needs.",
    check: statementCheck((st) => st.Action.some((a) => a.toLowerCase() === "s3:*"), "allows s3:*"),
  },
  {
    id: "IAM-06",
    title: "iam:PassRole scoped",
    mirrors: ["AVD-AWS-0342", "CKV_AWS_286"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "medium",
    soc2: ["CC6.3 (inf.)"],
    fix: "Scope iam:PassRole to role ARNs and add an iam:PassedToService condition.",
    check: statementCheck((st) => grants(st, "iam:PassRole") && onAnyResource(st) && !hasCondition(st), "allows iam:PassRole on any role"),
  },
  {
    id: "IAM-07",
    title: "sts:AssumeRole scoped",
    mirrors: ["prowler iam_no_custom_policy_permissive_role_assumption"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: "Name the role ARNs that may be assumed.",
    check: statementCheck((st) => grants(st, "sts:AssumeRole") && onAnyResource(st), "allows sts:AssumeRole on any role"),
  },
  {
    id: "IAM-08",
    title: "No NotAction allows",
    mirrors: ["our: NotAction in an Allow grants everything else, including future services"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: "Replace NotAction with an explicit Action list.",
    check: statementCheck((st) => st.NotAction.length > 0, "uses NotAction in an Allow"),
  },
  {
    id: "IAM-09",
    title: "AdministratorAccess not attached",
    mirrors: ["CKV_AWS_274", "prowler iam_role_administratoraccess_policy"],
    resourceTypes: [
      "aws_iam_role",
      "aws_iam_role_policy_attachment",
      "aws_iam_policy_attachment",
      "aws_iam_group_policy_attachment",
      "aws_iam_user_policy_attachment",
      "aws_ssoadmin_managed_policy_attachment",
    ],
    severity: "high",
    soc2: ["CC1.3 (P)", "CC6.3 (P)"],
    fix: "Attach a scoped policy; SSO admin permission sets are the only break-glass path (declare an exception there).",
    check: (r) =>
      [...at(r.config, "managed_policy_arns"), r.config["policy_arn"], r.config["managed_policy_arn"]]
        .filter((a) => typeof a === "string" && ADMIN_POLICY.test(a))
        .map(() => "attaches AdministratorAccess"),
  },
  {
    id: "IAM-10",
    title: "Trust policies name their principals",
    mirrors: ["CKV_AWS_60", "CKV_AWS_61"],
    resourceTypes: ["aws_iam_role"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Trust a specific role, service or OIDC provider; account roots only with a Condition (e.g. aws:PrincipalOrgID or sts:ExternalId).",
    check: (r) =>
      trust(r).flatMap((st) => {
        const p = principals(st);
        if (p.includes("*")) return [`trust statement ${label(st)} allows Principal "*"`];
        const root = p.some((x) => /^\d{12}$/.test(x) || /:root$/.test(x));
        return root && !hasCondition(st) ? [`trust statement ${label(st)} trusts a whole account without a Condition`] : [];
      }),
  },
  {
    id: "IAM-11",
    title: "Web-identity trust pinned to a subject",
    mirrors: ["our: IRSA / GitHub OIDC roles pinned to a service account or repository (issue 3)"],
    resourceTypes: ["aws_iam_role"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Add a StringEquals (or StringLike without a bare *) condition on the provider's :sub and :aud keys.",
    check: (r) =>
      trust(r)
        .filter((st) => grants(st, "sts:AssumeRoleWithWebIdentity"))
        .flatMap((st) => {
          const conditions = isObject(st.Condition) ? Object.values(st.Condition).filter(isObject) : [];
          const sub = conditions.flatMap((c) => Object.entries(c)).filter(([k]) => k.endsWith(":sub"));
          const loose = sub.some(([, v]) => [v].flat().some((x) => x === "*"));
          return sub.length && !loose ? [] : [`trust statement ${label(st)} does not pin the OIDC subject`];
        }),
  },
  {
    id: "IAM-12",
    forbidsType: true,
    title: "No IAM users or access keys",
    mirrors: ["CKV_AWS_40", "AVD-AWS-0143", "CKV_AWS_273"],
    resourceTypes: [
      "aws_iam_user",
      "aws_iam_access_key",
      "aws_iam_user_policy",
      "aws_iam_user_policy_attachment",
      "aws_iam_user_login_profile",
    ],
    severity: "high",
    soc2: ["CC1.3 (P)", "CC6.1 (inf.)"],
    fix: "Use IAM Identity Center permission sets for people and roles for machines.",
    check: (r) => `${r.type} is declared`,
  },
  {
    id: "IAM-13",
    title: "Policy documents are literal JSON (fail closed)",
    mirrors: ["our: checkov passes unparseable policies (docs/reference/scanner-behaviour.md §5.1)"],
    resourceTypes: Object.keys(POLICY_ATTRIBUTES),
    severity: "high",
    soc2: ["CC6.1 (inf.)", "CC6.3 (inf.)"],
    fix: "Build the document as an object and pass JSON.stringify(doc), not Fn.jsonencode or a data source.",
    check: (r) =>
      (POLICY_ATTRIBUTES[r.type] ?? []).flatMap((attr) => {
        const values = at(r.config, attr);
        const required = !(
          r.type === "aws_kms_key" ||
          r.type === "aws_sns_topic" ||
          r.type === "aws_secretsmanager_secret" ||
          attr === "inline_policy.policy"
        );
        if (values.length === 0) return required ? [`${attr} is absent`] : [];
        // Tag, backup and AI opt-out policies are JSON without IAM statements: literal JSON is enough.
        const iamShaped = !(
          r.type === "aws_organizations_policy" && (r.config["type"] ?? "SERVICE_CONTROL_POLICY") !== "SERVICE_CONTROL_POLICY"
        );
        return values.flatMap((v) => {
          if (!iamShaped) return literalJsonProblem(attr, v);
          const parsed = parsePolicy(v);
          return parsed.ok ? [] : [`${attr} ${parsed.why}`];
        });
      }),
  },
  {
    id: "IAM-14",
    forbidsType: true,
    title: "No aws_iam_policy_document data sources",
    mirrors: ["our: their JSON is only known at plan time, so nothing checks it (docs/reference/scanner-behaviour.md §1)"],
    resourceTypes: ["data.aws_iam_policy_document"],
    severity: "medium",
    soc2: ["CC6.3 (inf.)"],
    fix: "Write the document in TypeScript and JSON.stringify it.",
    check: () => "policy document built by a data source cannot be checked at synth",
  },
  {
    id: "IAM-15",
    forbidsType: true,
    title: "No exclusive policy attachments",
    mirrors: ["our: aws_iam_policy_attachment detaches the policy from everything else in the account"],
    resourceTypes: ["aws_iam_policy_attachment"],
    severity: "medium",
    soc2: ["CC8.1 (inf.)"],
    fix: "Use aws_iam_role_policy_attachment.",
    check: () => "aws_iam_policy_attachment is exclusive",
  },
  {
    id: "IAM-16",
    title: "Resource policies not public",
    mirrors: ["CKV_AWS_32", "CKV_AWS_168", "our: same test for SNS, SQS and secrets"],
    resourceTypes: [
      "aws_sns_topic_policy",
      "aws_sqs_queue_policy",
      "aws_secretsmanager_secret_policy",
      "aws_ecr_repository_policy",
      "aws_cloudwatch_log_resource_policy",
    ],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Name principals or add a Condition (aws:SourceArn, aws:SourceAccount).",
    check: (r) =>
      (POLICY_ATTRIBUTES[r.type] ?? [])
        .flatMap((a) => allowStatements(first(r.config, a)))
        .filter((st) => principals(st).includes("*") && !hasCondition(st))
        .map((st) => `statement ${label(st)} allows Principal "*" without a Condition`),
  },
];
