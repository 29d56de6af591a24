import { ACCOUNT, findingsOf, OTHER_ACCOUNT, policy, ref, remoteState } from "./fixture";

const AUTOSCALING_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
const keyNaming = (principal: string) => ({
  aws_kms_key: {
    NodeVolumeKey: {
      policy: policy({
        Sid: "AutoScalingUsesTheKey",
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    },
  },
});
const slr = (service: string) => ({ aws_iam_service_linked_role: { AutoScaling: { aws_service_name: service } } });

describe("preflight: principals exist when a policy names them", () => {
  test("a key policy naming a service-linked role nothing creates is a finding on that key", () => {
    const findings = findingsOf([{ name: "env-network" }, { name: "env-cluster", resource: keyNaming(AUTOSCALING_SLR) }]);
    expect(findings).toEqual([
      expect.objectContaining({ stack: "env-cluster", address: "aws_kms_key.NodeVolumeKey", check: "principals" }),
    ]);
    expect(findings[0]!.missing).toContain("AWSServiceRoleForAutoScaling");
    expect(findings[0]!.fix).toContain('aws_service_name "autoscaling.amazonaws.com"');
  });

  test("passes when an earlier stack (or the same one) creates the service-linked role in that account", () => {
    expect(
      findingsOf([
        { name: "env-network", resource: slr("autoscaling.amazonaws.com") },
        { name: "env-cluster", resource: keyNaming(AUTOSCALING_SLR) },
      ]),
    ).toEqual([]);
    expect(findingsOf([{ name: "env-cluster", resource: { ...keyNaming(AUTOSCALING_SLR), ...slr("autoscaling.amazonaws.com") } }])).toEqual(
      [],
    );
  });

  test("a service-linked role created in another account, or for another service, does not count", () => {
    expect(
      findingsOf([
        { name: "env-network", account: OTHER_ACCOUNT, resource: slr("autoscaling.amazonaws.com") },
        { name: "env-cluster", resource: keyNaming(AUTOSCALING_SLR) },
      ]),
    ).toHaveLength(1);
    expect(
      findingsOf([
        { name: "env-network", resource: slr("config.amazonaws.com") },
        { name: "env-cluster", resource: keyNaming(AUTOSCALING_SLR) },
      ]),
    ).toHaveLength(1);
  });

  test("a role created only by a later stack is a finding; the account root always exists", () => {
    const role = {
      aws_iam_role: {
        Reader: {
          name: "reader",
          assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
        },
      },
    };
    const findings = findingsOf([
      { name: "env-data", resource: keyNaming(`arn:aws:iam::${ACCOUNT}:role/reader`) },
      { name: "env-cluster", resource: role },
    ]);
    expect(findings).toEqual([expect.objectContaining({ stack: "env-data", address: "aws_kms_key.NodeVolumeKey" })]);
    expect(
      findingsOf([
        { name: "env-cluster", resource: role },
        { name: "env-data", resource: keyNaming(`arn:aws:iam::${ACCOUNT}:role/reader`) },
      ]),
    ).toEqual([]);
    expect(findingsOf([{ name: "env-data", resource: keyNaming(`arn:aws:iam::${OTHER_ACCOUNT}:root`) }])).toEqual([]);
  });

  test("a principal referenced through a remote-state output of an earlier stack's role passes; an unresolvable expression is a finding", () => {
    const role = {
      aws_iam_role: {
        Reader: {
          name: "reader",
          assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
        },
      },
    };
    const reader = { name: "env-data", data: { terraform_remote_state: { cluster: remoteState("env-cluster") } } };
    expect(
      findingsOf([
        { name: "env-cluster", resource: role, output: { role_arn: ref("aws_iam_role.Reader.arn") } },
        { ...reader, resource: keyNaming(ref("data.terraform_remote_state.cluster.outputs.role_arn")) },
      ]),
    ).toEqual([]);
    const findings = findingsOf([{ name: "env-data", resource: keyNaming(ref("var.reader_arn")) }]);
    expect(findings).toEqual([expect.objectContaining({ stack: "env-data", address: "aws_kms_key.NodeVolumeKey" })]);
    expect(findings[0]!.missing).toContain("cannot verify");
  });

  test("a jsonencode expression outside a policy attribute (a secret's write-only value) is data, not a policy", () => {
    const secret = {
      aws_secretsmanager_secret_version: {
        Value: {
          secret_id: "x",
          secret_string_wo: ref(
            'jsonencode({"username" = "app", "password" = ephemeral.aws_secretsmanager_random_password.p.random_password})',
          ),
          secret_string_wo_version: 1,
        },
      },
    };
    expect(findingsOf([{ name: "env-data", resource: secret }])).toEqual([]);
  });

  test("OrganizationAccountAccessRole exists in member accounts, not in the management account", () => {
    const organization = { aws_organizations_organization: { Organization: { feature_set: "ALL" } } };
    const naming = (account: string) => keyNaming(`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`);
    expect(
      findingsOf([
        { name: "organization", account: OTHER_ACCOUNT, resource: organization },
        { name: "env-data", resource: naming(ACCOUNT) },
      ]),
    ).toEqual([]);
    expect(
      findingsOf([
        { name: "organization", account: OTHER_ACCOUNT, resource: organization },
        { name: "env-data", account: OTHER_ACCOUNT, resource: naming(OTHER_ACCOUNT) },
      ]),
    ).toHaveLength(1);
  });
});

describe("preflight: identity providers a trust policy federates with exist", () => {
  const trusting = (provider: string) => ({
    aws_iam_role: {
      Deploy: {
        name: "deploy",
        assume_role_policy: policy({ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity" }),
      },
    },
  });
  const github = {
    aws_iam_openid_connect_provider: {
      Github: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] },
    },
  };
  const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

  test("an OIDC provider no stack creates is a finding on the role", () => {
    expect(findingsOf([{ name: "bootstrap-one", resource: trusting(arn) }])).toEqual([
      expect.objectContaining({ stack: "bootstrap-one", address: "aws_iam_role.Deploy", check: "principals" }),
    ]);
  });

  test("passes when the provider is created in this or an earlier stack, by ARN or by reference", () => {
    expect(findingsOf([{ name: "bootstrap-one", resource: { ...github, ...trusting(arn) } }])).toEqual([]);
    expect(
      findingsOf([{ name: "bootstrap-one", resource: { ...github, ...trusting(ref("aws_iam_openid_connect_provider.Github.arn")) } }]),
    ).toEqual([]);
  });
});
