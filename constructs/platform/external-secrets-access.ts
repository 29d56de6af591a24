import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { irsaTrustPolicy } from "./private/irsa-trust";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { policyException } from "../../lib/policy/exceptions";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyDocument, policyJson } from "../kit/policy-document";

export interface ExternalSecretsAccessProps {
  /** Environment name, the prefix of the role and secret names. */
  readonly environment: string;
  readonly region: string;
  /** The cluster's IAM OIDC provider (from the cluster stack). */
  readonly oidcProviderArn: string;
  /** Namespace and name of the External Secrets controller's service account. */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  /**
   * Secrets the controller's own role may read, for the cluster-wide store every platform
   * namespace uses (MSK SCRAM users). Never the RDS master user: see adminSecretArns.
   */
  readonly readableSecretArns: readonly string[];
  /**
   * Secrets only a separate reader role may read (the RDS master user), assumed by the controller
   * for one namespaced store of the platform-secrets release (its PostgreSQL role-setup Job). The
   * application's namespace cannot reach them through the cluster-wide store.
   */
  readonly adminSecretArns: readonly string[];
  /** CMK of the environment's data, which encrypts those secrets. */
  readonly dataKmsKeyArn: string;
  /** Production: keep the secret on destroy and a 30-day recovery window. */
  readonly protect: boolean;
}

/**
 * What External Secrets needs in AWS: an IRSA role that can read exactly the platform's secrets,
 * and the Secrets Manager secret the application's ClickHouse password is pushed to. The secret is
 * created empty here; External Secrets writes its value, so no password enters Terraform state.
 * Lives in the platform layer because only this layer knows which secrets its charts read.
 */
export class ExternalSecretsAccess extends Construct {
  readonly role: IamRole;
  /** Role the controller assumes for the administration store (adminSecretArns). */
  readonly adminReaderRole: IamRole;
  readonly clickhouseAppSecret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: ExternalSecretsAccessProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(props.readableSecretArns.length > 0, "readableSecretArns", props.readableSecretArns, "at least one Secrets Manager ARN")
      .require(props.adminSecretArns.length > 0, "adminSecretArns", props.adminSecretArns, "at least one Secrets Manager ARN")
      .throwIfAny();

    this.clickhouseAppSecret = new SecretsmanagerSecret(this, "clickhouse-app-password", {
      name: `${props.environment}/clickhouse/posthog`,
      description: "ClickHouse password of the application user; written by External Secrets (PushSecret), never by Terraform.",
      kmsKeyId: props.dataKmsKeyArn,
      recoveryWindowInDays: props.protect ? 30 : 7,
      // External Secrets only overwrites secrets that carry its tag.
      tags: { "managed-by": "external-secrets" },
      lifecycle: { preventDestroy: props.protect },
    });
    policyException(
      this.clickhouseAppSecret,
      "SM-02",
      "The password is generated in-cluster and pushed here by External Secrets; a Secrets Manager rotation Lambda cannot change it in ClickHouse. Rotate by re-generating the clickhouse-users secret (runbooks/clickhouse-restore.md, step 5).",
    );

    const trust = irsaTrustPolicy(this, props.oidcProviderArn, props.serviceAccount);
    this.role = new IamRole(this, "role", {
      name: `${props.environment}-external-secrets`,
      description: "External Secrets controller (IRSA): reads the platform's secrets, writes the app's ClickHouse password.",
      assumeRolePolicy: trust,
    });
    const appSecretArn = this.clickhouseAppSecret.arn;
    const policy = policyDocument(
      {
        Sid: "ReadPlatformSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [...props.readableSecretArns, appSecretArn],
      },
      {
        Sid: "PushClickHouseAppPassword",
        Effect: "Allow",
        Action: ["secretsmanager:PutSecretValue"],
        Resource: [appSecretArn],
      },
      {
        Sid: "UseDataKeyThroughSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [props.dataKmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": Partition.of(this).endpoint("secretsmanager", props.region) } },
      },
    );
    new IamRolePolicy(this, "policy", { name: "platform-secrets", role: this.role.id, policy: JSON.stringify(policy) });

    // Trusted by the controller's role ARN itself: in the same account that is enough without an
    // sts:AssumeRole grant on the caller (docs/reference/deploy-constraints.md row 4). The reference orders the
    // creation, so the principal exists when the trust policy is set.
    this.adminReaderRole = new IamRole(this, "admin-reader-role", {
      name: `${props.environment}-external-secrets-db-admin`,
      description: "External Secrets, administration store only: reads the RDS master user secret for the PostgreSQL role-setup Job.",
      assumeRolePolicy: policyJson({ Effect: "Allow", Principal: { AWS: this.role.arn }, Action: "sts:AssumeRole" }),
    });
    const adminPolicy = policyDocument(
      {
        Sid: "ReadAdminSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [...props.adminSecretArns],
      },
      {
        Sid: "DecryptThroughSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [props.dataKmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": Partition.of(this).endpoint("secretsmanager", props.region) } },
      },
    );
    new IamRolePolicy(this, "admin-reader-policy", {
      name: "admin-secrets",
      role: this.adminReaderRole.id,
      policy: JSON.stringify(adminPolicy),
    });
  }
}
