import { Fn, TerraformLocal, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { WorkloadRole } from "../eks/workload-role";
import type { ServiceAccountRef } from "../eks/service-accounts";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyDocument } from "../kit/policy-document";

export interface AppIdentityProps {
  /** Environment name, the prefix of the role name. */
  readonly environment: string;
  readonly region: string;
  readonly accountId: string;
  /** The cluster's IAM OIDC provider (from the cluster stack). */
  readonly oidcProviderArn: string;
  /** The application's service account; created here in its namespace. */
  readonly serviceAccount: ServiceAccountRef;
  /** The database the application connects to. */
  readonly postgres: {
    /** DbiResourceId of the RDS instance. */
    readonly resourceId: string;
    /** The application's database role (IAM database authentication). */
    readonly username: string;
  };
  /** What must exist before the service account (its namespace). @default - [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The application's AWS identity (IRSA): a role its service account assumes, allowed only to log
 * in to PostgreSQL as its own database role with IAM authentication. Each connection presents a
 * 15-minute token signed with these credentials, so there is no password to rotate and a rotation
 * of the master secret never reaches the application (RDS User Guide, "IAM database
 * authentication" and "Creating and using an IAM policy for IAM database access", read 2026-12-02).
 */
export class AppIdentity extends Construct {
  readonly role: WorkloadRole;
  readonly serviceAccount: ServiceAccountV1;

  constructor(scope: Construct, id: string, props: AppIdentityProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(
        /^[a-z][a-z0-9_]{0,62}$/.test(props.postgres.username),
        "postgres.username",
        props.postgres.username,
        "a lowercase PostgreSQL role name",
      )
      .require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "a 12-digit AWS account id")
      .throwIfAny();

    // The issuer host is the part of the provider ARN after "oidc-provider/".
    const issuer = new TerraformLocal(this, "oidc_issuer", Fn.element(Fn.split("oidc-provider/", props.oidcProviderArn), 1)).asString;
    const dbUser = Partition.of(this).arn({
      service: "rds-db",
      region: props.region,
      account: props.accountId,
      resource: `dbuser:${props.postgres.resourceId}/${props.postgres.username}`,
    });
    this.role = new WorkloadRole(this, "role", {
      roleName: `${props.environment}-posthog-app`,
      description: "PostHog application: IAM login to PostgreSQL as its own role",
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHost: issuer,
      serviceAccount: props.serviceAccount,
      policy: policyDocument({ Sid: "ConnectAsAppRole", Effect: "Allow", Action: ["rds-db:connect"], Resource: [dbUser] }),
    });

    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: {
        name: props.serviceAccount.name,
        namespace: props.serviceAccount.namespace,
        annotations: { "eks.amazonaws.com/role-arn": this.role.role.arn },
      },
      // IRSA mounts its own projected token; the Kubernetes API token is not needed.
      automountServiceAccountToken: false,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }
}
