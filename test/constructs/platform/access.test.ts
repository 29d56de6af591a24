import { Testing, TerraformStack } from "cdktf";
import { ClusterProviders } from "../../../constructs/platform/cluster-providers";
import { ExternalSecretsAccess } from "../../../constructs/platform/external-secrets-access";
import { Gp3StorageClass } from "../../../constructs/platform/gp3-storage-class";
import { resourcesOf, type TfJson } from "../../helpers/synth";

/** A Terraform interpolation as it appears in synthesized JSON. */
const tfExpression = (expr: string) => "${" + expr + "}";

const synth = (build: (stack: TerraformStack) => void): TfJson => {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
};

describe("ClusterProviders", () => {
  const json = synth((s) => new ClusterProviders(s, "p", {
    clusterName: "staging-eks", clusterEndpoint: "https://x.eks.amazonaws.com", clusterCertificateAuthorityData: "Q0E=", region: "us-east-1", roleArn: "arn:aws:iam::1:role/deploy",
  }));
  const expectedArgs = ["eks", "get-token", "--cluster-name", "staging-eks", "--region", "us-east-1", "--role-arn", "arn:aws:iam::1:role/deploy"];

  test("kubernetes authenticates with a short-lived token from aws eks get-token, never a stored credential", () => {
    const [k8s] = json.provider!.kubernetes as { exec: { command: string; args: string[] }[]; token?: string; host: string; cluster_ca_certificate: string }[];
    expect(k8s.exec[0]).toMatchObject({ command: "aws", args: expectedArgs });
    expect(k8s.token).toBeUndefined();
    expect(k8s.cluster_ca_certificate).toBe(tfExpression('base64decode("Q0E=")'));
  });

  test("helm uses the same cluster and identity", () => {
    const [helm] = json.provider!.helm as { kubernetes: { exec: { args: string[] }; host: string } }[];
    expect(helm.kubernetes.exec.args).toEqual(expectedArgs);
    expect(helm.kubernetes.host).toBe("https://x.eks.amazonaws.com");
  });
});

describe("ExternalSecretsAccess", () => {
  const build = (protect: boolean, readable = ["arn:aws:secretsmanager:us-east-1:1:secret:a"]) => synth((s) => new ExternalSecretsAccess(s, "esa", {
    environment: "staging", region: "us-east-1", oidcProviderArn: "arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    serviceAccount: { namespace: "external-secrets", name: "external-secrets" }, readableSecretArns: readable, dataKmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", protect,
  }));
  const json = build(true);

  test("the role trusts only the External Secrets service account", () => {
    const [role] = Object.values(resourcesOf(json, "aws_iam_role")) as { assume_role_policy: string }[];
    const trust = JSON.parse(role.assume_role_policy) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain("system:serviceaccount:external-secrets:external-secrets");
  });

  test("the policy names each secret and key; no wildcard resources", () => {
    const [policy] = Object.values(resourcesOf(json, "aws_iam_role_policy")) as { policy: string }[];
    const doc = JSON.parse(policy.policy) as { Statement: { Resource: string[]; Action: string[] }[] };
    for (const s of doc.Statement) {
      expect(s.Resource).not.toContain("*");
      for (const a of s.Action) expect(a).not.toMatch(/\*/);
    }
  });

  test("the pushed secret is CMK-encrypted and protected in production", () => {
    const [secret] = Object.values(resourcesOf(json, "aws_secretsmanager_secret")) as { kms_key_id: string; recovery_window_in_days: number; lifecycle: { prevent_destroy: boolean } }[];
    expect(secret).toMatchObject({ kms_key_id: "arn:aws:kms:us-east-1:1:key/k", recovery_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  test("throws when it may read no secret", () => {
    expect(() => build(false, [])).toThrow(/readableSecretArns is empty/);
  });
});

describe("Gp3StorageClass", () => {
  const storageClass = (retain: boolean) => {
    const json = synth((s) => new Gp3StorageClass(s, "sc", { kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", retainVolumes: retain }));
    return Object.values(resourcesOf(json, "kubernetes_storage_class_v1"))[0] as { reclaim_policy: string; volume_binding_mode: string; parameters: Record<string, string>; metadata: { annotations: Record<string, string> } };
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
    expect(() => synth((s) => new Gp3StorageClass(s, "sc", { kmsKeyArn: " ", retainVolumes: true }))).toThrow(/kmsKeyArn is empty/);
  });
});
