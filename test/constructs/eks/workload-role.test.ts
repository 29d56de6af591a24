import { WorkloadRole, type WorkloadRoleProps } from "../../../constructs/eks/workload-role";
import { SERVICE_ACCOUNTS } from "../../../constructs/eks/service-accounts";
import { all, one, synth, testStack } from "../network/harness";

// `undefined` in an override removes the default (the role without an inline policy).
type Overrides = { [K in keyof WorkloadRoleProps]?: WorkloadRoleProps[K] | undefined };
const props = (over: Overrides = {}): WorkloadRoleProps =>
  ({
    roleName: "test-role",
    description: "test",
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    oidcIssuerHost: "oidc.eks.us-east-1.amazonaws.com/id/ABC",
    serviceAccount: SERVICE_ACCOUNTS.clickhouseBackup,
    policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }] },
    ...over,
  }) as WorkloadRoleProps;
const build = (over: Overrides = {}) => {
  const stack = testStack();
  new WorkloadRole(stack, "role", props(over));
  return synth(stack);
};

describe("WorkloadRole", () => {
  test("trust is pinned to one namespace and service account, and to the STS audience", () => {
    const trust = JSON.parse(String(one(build(), "aws_iam_role", "role").assume_role_policy));
    expect(trust.Statement).toEqual([
      {
        Sid: "OnlyThisServiceAccount",
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:clickhouse:clickhouse-backup",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
          },
        },
      },
    ]);
  });

  test("the policy is literal JSON (readable by scanners)", () => {
    const policy = one(build(), "aws_iam_role_policy", "role");
    expect(JSON.parse(String(policy.policy)).Statement[0].Action).toBe("s3:ListBucket");
  });

  test("managed policies are attached", () => {
    const json = build({ policy: undefined, managedPolicyArns: ["arn:aws:iam::aws:policy/X"] });
    expect(all(json, "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toEqual(["arn:aws:iam::aws:policy/X"]);
    expect(all(json, "aws_iam_role_policy")).toEqual([]);
  });

  describe("throws when", () => {
    test("the namespace or name could match more than one account (wildcard)", () => {
      expect(() => build({ serviceAccount: { namespace: "clickhouse", name: "*" } })).toThrow(
        'test/role: serviceAccount.name: a DNS-1123 label (got "*")',
      );
      expect(() => build({ serviceAccount: { namespace: "Kube_System", name: "x" } })).toThrow(
        'test/role: serviceAccount.namespace: a DNS-1123 label (got "Kube_System")',
      );
    });
    test("the policy repeats a statement id or lists no resource (IAM refuses both)", () => {
      const statement = { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" } as const;
      expect(() => build({ policy: { Version: "2012-10-17", Statement: [statement, statement] } })).toThrow(
        'test/role: policy.Statement[].Sid: statement ids that differ within one policy (got ["Read"])',
      );
      expect(() => build({ policy: { Version: "2012-10-17", Statement: [{ ...statement, Resource: [] }] } })).toThrow(
        "test/role: policy.Statement[0].Resource: at least one entry (got [])",
      );
    });
    test("the role would have no permissions", () => {
      expect(() => build({ policy: undefined })).toThrow(
        "test/role: policy, managedPolicyArns: a policy or managed policy ARNs (a role with no permissions is a mistake) (got nothing)",
      );
    });
  });
});
