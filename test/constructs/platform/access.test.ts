import { Testing, TerraformStack } from "cdktf";
import { ClusterProviders } from "../../../constructs/platform/cluster-providers";
import { AppIdentity, type AppIdentityProps } from "../../../constructs/platform/app-identity";
import { ExternalSecretsAccess } from "../../../constructs/platform/external-secrets-access";
import { Gp3StorageClass } from "../../../constructs/platform/gp3-storage-class";
import { loadPlatformConfig } from "../../../lib/config/load";
import type { DataStack } from "../../../stacks/data-stack";
import type { PlatformStack } from "../../../stacks/platform-stack";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../../helpers/synth";

/** A Terraform interpolation as it appears in synthesized JSON. */
const tfExpression = (expr: string) => "${" + expr + "}";

const synth = (build: (stack: TerraformStack) => void): TfJson => {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
};

describe("ClusterProviders", () => {
  const json = synth(
    (s) =>
      new ClusterProviders(s, "p", {
        clusterName: "staging-eks",
        clusterEndpoint: "https://x.eks.amazonaws.com",
        clusterCertificateAuthorityData: "Q0E=",
        region: "us-east-1",
        roleArn: "arn:aws:iam::1:role/deploy",
      }),
  );
  const expectedArgs = [
    "eks",
    "get-token",
    "--cluster-name",
    "staging-eks",
    "--region",
    "us-east-1",
    "--role-arn",
    "arn:aws:iam::1:role/deploy",
  ];

  test("kubernetes authenticates with a short-lived token from aws eks get-token, never a stored credential", () => {
    const [k8s] = json.provider!.kubernetes as {
      exec: { command: string; args: string[] }[];
      token?: string;
      host: string;
      cluster_ca_certificate: string;
    }[];
    expect(k8s!.exec[0]).toMatchObject({ command: "aws", args: expectedArgs });
    expect(k8s!.token).toBeUndefined();
    expect(k8s!.cluster_ca_certificate).toBe(tfExpression('base64decode("Q0E=")'));
  });

  test("helm uses the same cluster and identity", () => {
    const [helm] = json.provider!.helm as { kubernetes: { exec: { args: string[] }; host: string } }[];
    expect(helm!.kubernetes.exec.args).toEqual(expectedArgs);
    expect(helm!.kubernetes.host).toBe("https://x.eks.amazonaws.com");
  });
});

describe("ExternalSecretsAccess", () => {
  const master = "arn:aws:secretsmanager:us-east-1:1:secret:rds!db-master";
  const build = (protect: boolean, readable = ["arn:aws:secretsmanager:us-east-1:1:secret:a"], admin = [master]) =>
    synth(
      (s) =>
        new ExternalSecretsAccess(s, "esa", {
          environment: "staging",
          region: "us-east-1",
          oidcProviderArn: "arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
          serviceAccount: { namespace: "external-secrets", name: "external-secrets" },
          readableSecretArns: readable,
          adminSecretArns: admin,
          dataKmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
          protect,
        }),
    );
  const json = build(true);
  type Doc = { Statement: { Resource?: string[]; Action: string | string[]; Principal?: { AWS?: string } }[] };
  const roles = Object.entries(resourcesOf(json, "aws_iam_role")) as [string, { name: string; assume_role_policy: string }][];
  const policyOf = (roleId: string) =>
    (Object.values(resourcesOf(json, "aws_iam_role_policy")) as { role: string; policy: string }[])
      .filter((p) => p.role === "${aws_iam_role." + roleId + ".id}")
      .map((p) => JSON.parse(p.policy) as Doc);
  const controller = roles.find(([, r]) => r.name === "staging-external-secrets")!;
  const reader = roles.find(([, r]) => r.name === "staging-external-secrets-db-admin")!;

  test("the role trusts only the External Secrets service account", () => {
    const role = controller[1];
    const trust = JSON.parse(role.assume_role_policy) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(Object.values(trust.Statement[0]!.Condition.StringEquals)).toContain("system:serviceaccount:external-secrets:external-secrets");
  });

  test("the policy names each secret and key; no wildcard resources", () => {
    const [policy] = Object.values(resourcesOf(json, "aws_iam_role_policy")) as { policy: string }[];
    const doc = JSON.parse(policy!.policy) as { Statement: { Resource: string[]; Action: string[] }[] };
    for (const s of doc.Statement) {
      expect(s.Resource).not.toContain("*");
      for (const a of s.Action) expect(a).not.toMatch(/\*/);
    }
  });

  test("the pushed secret is CMK-encrypted and protected in production", () => {
    const [secret] = Object.values(resourcesOf(json, "aws_secretsmanager_secret")) as {
      kms_key_id: string;
      recovery_window_in_days: number;
      lifecycle: { prevent_destroy: boolean };
    }[];
    expect(secret).toMatchObject({
      kms_key_id: "arn:aws:kms:us-east-1:1:key/k",
      recovery_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("throws when it may read no secret", () => {
    expect(() => build(false, [])).toThrow("test/esa: readableSecretArns: at least one Secrets Manager ARN (got [])");
    expect(() => build(false, undefined, [])).toThrow("test/esa: adminSecretArns: at least one Secrets Manager ARN (got [])");
  });

  // Defect 9: the cluster-wide store (app and ClickHouse namespaces) must not reach the master secret.
  test("the controller's own role cannot read the administration secrets; a separate reader role can, trusted by the controller only", () => {
    const controllerResources = policyOf(controller[0]).flatMap((d) => d.Statement.flatMap((s) => s.Resource ?? []));
    expect(controllerResources).not.toContain(master);
    const trust = JSON.parse(reader[1].assume_role_policy) as Doc;
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: "${aws_iam_role." + controller[0] + ".arn}" }, Action: "sts:AssumeRole" }),
    ]);
    const readerDocs = policyOf(reader[0]);
    const read = readerDocs
      .flatMap((d) => d.Statement)
      .find((s) => ([] as string[]).concat(s.Action).includes("secretsmanager:GetSecretValue"))!;
    expect(read.Resource).toEqual([master]);
  });
});

describe("AppIdentity", () => {
  const props: AppIdentityProps = {
    environment: "staging",
    region: "us-east-1",
    accountId: "200000000001",
    oidcProviderArn: "arn:aws:iam::200000000001:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    serviceAccount: { namespace: "posthog", name: "posthog" },
    postgres: { resourceId: "db-ABCDEFGHIJKL", username: "posthog_app" },
  };
  const json = synth((s) => new AppIdentity(s, "app", props));

  test("the role trusts only the application's service account", () => {
    const [role] = Object.values(resourcesOf(json, "aws_iam_role")) as { assume_role_policy: string }[];
    const trust = JSON.parse(role!.assume_role_policy) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(trust.Statement).toHaveLength(1);
    expect(Object.values(trust.Statement[0]!.Condition.StringEquals)).toContain("system:serviceaccount:posthog:posthog");
  });

  // Defect 9: a least-privilege database login with nothing to rotate.
  test("the role may only log in to PostgreSQL as the application's role, with IAM authentication", () => {
    const policies = Object.values(resourcesOf(json, "aws_iam_role_policy")) as { policy: string }[];
    const statements = policies.flatMap(
      (p) => (JSON.parse(p.policy) as { Statement: { Action: string[]; Resource: string[] }[] }).Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ["rds-db:connect"],
        Resource: ["arn:aws:rds-db:us-east-1:200000000001:dbuser:db-ABCDEFGHIJKL/posthog_app"],
      }),
    ]);
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("the service account carries the role and no API token", () => {
    const [sa] = Object.values(resourcesOf(json, "kubernetes_service_account_v1")) as {
      metadata: { name: string; namespace: string; annotations: Record<string, string> };
      automount_service_account_token: boolean;
    }[];
    expect(sa!.metadata).toMatchObject({
      name: "posthog",
      namespace: "posthog",
      annotations: { "eks.amazonaws.com/role-arn": expect.stringMatching(/aws_iam_role\..*\.arn/) },
    });
    expect(sa!.automount_service_account_token).toBe(false);
  });

  test("throws on a bad database role name or account id, listing both", () => {
    expect(() =>
      synth((s) => new AppIdentity(s, "app", { ...props, accountId: "1", postgres: { ...props.postgres, username: "Bad-Name" } })),
    ).toThrow(
      'test/app: postgres.username: a lowercase PostgreSQL role name (got "Bad-Name")\ntest/app: accountId: a 12-digit AWS account id (got "1")',
    );
  });
});

describe("platform wiring of application credentials (shipped environments)", () => {
  const stacks = buildStacks();
  const names = loadPlatformConfig().environments.map((e) => e.name);

  test.each(names)(
    "%s: the app gets its own Kafka user and no PostgreSQL secret; the master secret only reaches the role-setup store",
    (name) => {
      const data = stacks.get(`${name}-data`) as DataStack;
      const platform = stacks.get(`${name}-platform`) as PlatformStack;
      const values = platform.platformSecrets.values as { app: Record<string, unknown>; postgresAdmin: Record<string, unknown> };
      expect(JSON.stringify(values.app)).not.toContain(data.outputs.postgres.masterUserSecretArn);
      expect(values.app.kafkaScramSecretArn).toBe(data.outputs.kafka.posthogScramSecretArn);
      expect(values.postgresAdmin).toMatchObject({
        masterSecretArn: data.outputs.postgres.masterUserSecretArn,
        appUser: data.outputs.postgres.appUsername,
      });
    },
  );
});

describe("Gp3StorageClass", () => {
  const storageClass = (retain: boolean) => {
    const json = synth((s) => new Gp3StorageClass(s, "sc", { kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", retainVolumes: retain }));
    return Object.values(resourcesOf(json, "kubernetes_storage_class_v1"))[0] as {
      reclaim_policy: string;
      volume_binding_mode: string;
      parameters: Record<string, string>;
      metadata: { annotations: Record<string, string> };
    };
  };

  test("defaults are secure: encrypted gp3 with the CMK, bound in the pod's zone, the default class", () => {
    const sc = storageClass(true);
    expect(sc.parameters).toMatchObject({ type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" });
    expect(sc.volume_binding_mode).toBe("WaitForFirstConsumer");
    expect(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
    expect(sc.reclaim_policy).toBe("Retain");
  });

  test("deletes released volumes only when asked (staging)", () => {
    expect(storageClass(false).reclaim_policy).toBe("Delete");
  });

  test("throws without a KMS key", () => {
    expect(() => synth((s) => new Gp3StorageClass(s, "sc", { kmsKeyArn: " ", retainVolumes: true }))).toThrow(
      'test/sc: kmsKeyArn: a KMS key ARN (volumes are never encrypted with the AWS-managed key) (got " ")',
    );
  });

  test("volumes the driver creates carry the tags given, one tagSpecification parameter each", () => {
    const json = synth(
      (s) =>
        new Gp3StorageClass(s, "sc", {
          kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
          retainVolumes: true,
          volumeTags: { tenant: "acme", environment: "us" },
        }),
    );
    const sc = Object.values(resourcesOf(json, "kubernetes_storage_class_v1"))[0] as { parameters: Record<string, string> };
    expect(sc.parameters).toMatchObject({ tagSpecification_1: "environment=us", tagSpecification_2: "tenant=acme" });
  });

  test("refuses a tag the driver would read as a template", () => {
    expect(() =>
      synth((s) => new Gp3StorageClass(s, "sc", { kmsKeyArn: "k", retainVolumes: true, volumeTags: { team: "{{ .PVCName }}" } })),
    ).toThrow(/test\/sc: volumeTags: keys without '=' and keys and values without '\{\{'/);
  });
});

describe("the shipped platform stacks tag ClickHouse's volumes", () => {
  const shipped = buildStacks();
  test.each(loadPlatformConfig().environments.map((e) => [e.name, e] as const))("%s: every environment tag is a volume tag", (_n, env) => {
    const json = synthJson(shipped.get(`${env.name}-platform`)!);
    const sc = Object.values(resourcesOf(json, "kubernetes_storage_class_v1"))[0] as { parameters: Record<string, string> };
    const tags = Object.entries(sc.parameters)
      .filter(([k]) => k.startsWith("tagSpecification_"))
      .map(([, v]) => v);
    expect(tags.sort()).toEqual(
      Object.entries(env.tags)
        .map(([k, v]) => `${k}=${v}`)
        .sort(),
    );
  });
});
