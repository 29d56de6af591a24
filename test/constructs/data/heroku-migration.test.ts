import { HerokuMigration, instanceArchitecture, type HerokuMigrationProps } from "../../../constructs/data/heroku-migration";
import { HEROKU_MIGRATION_PROPS, NET, all, only, synthConstruct } from "./harness";

const base: HerokuMigrationProps = HEROKU_MIGRATION_PROPS;
const synth = (props: Partial<HerokuMigrationProps> = {}) =>
  synthConstruct((stack) => new HerokuMigration(stack, "Migration", { ...base, ...props }));

describe("HerokuMigration", () => {
  const json = synth();
  const host = only(json, "aws_instance");

  test("defaults are secure: restore host without public IP or SSH key, IMDSv2 only, encrypted root volume", () => {
    expect(host).toMatchObject({
      associate_public_ip_address: false,
      subnet_id: "subnet-a",
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
      root_block_device: { encrypted: true, kms_key_id: NET.kmsKeyArn, volume_type: "gp3", volume_size: 500 },
    });
    expect(host).not.toHaveProperty("key_name");
    expect(all(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(host.vpc_security_group_ids).toContain(NET.clientSecurityGroupId);
  });

  test("reached through SSM: instance profile with the SSM core policy, trusted by EC2 only", () => {
    const attachment = only(json, "aws_iam_role_policy_attachment");
    expect(attachment.policy_arn).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    const role = only(json, "aws_iam_role");
    expect(JSON.parse(role.assume_role_policy as string).Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
    expect(host.iam_instance_profile).toMatch(/aws_iam_instance_profile/);
  });

  test("user data installs the client tools of the target's major version and points libpq at RDS over TLS", () => {
    expect(host.user_data).toContain("dnf install -y postgresql16");
    expect(host.user_data).toContain("PGSSLMODE=require");
    expect(only(synth({ postgresMajorVersion: 17 }), "aws_instance").user_data).toContain("postgresql17");
  });

  test("AMI matches the instance architecture", () => {
    expect(instanceArchitecture("c6i.4xlarge")).toBe("x86_64");
    expect(instanceArchitecture("c7g.4xlarge")).toBe("arm64");
    expect(instanceArchitecture("m6gd.large")).toBe("arm64");
    expect(instanceArchitecture("g5.xlarge")).toBe("x86_64");
    const ami = Object.values(json.data!["aws_ssm_parameter"]!)[0]!;
    expect(ami.name).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  });

  test("the Heroku source secret is CMK-encrypted and has no value in the configuration", () => {
    expect(only(json, "aws_secretsmanager_secret")).toMatchObject({
      name: "test-heroku-migration/heroku-source",
      kms_key_id: NET.kmsKeyArn,
    });
    expect(all(json, "aws_secretsmanager_secret_version")).toEqual([]);
    const read = JSON.parse(only(json, "aws_iam_role_policy").policy as string).Statement;
    expect(read[0]).toMatchObject({
      Action: "secretsmanager:GetSecretValue",
      Resource: expect.arrayContaining([expect.stringMatching(/aws_secretsmanager_secret\./)]),
    });
  });

  // Defect 7: only what the restore host needs leaves its security group.
  test("egress: 443 (packages, SSM, Heroku backups), 5432 to Heroku, 5432 to the RDS security group only", () => {
    const rules = all(json, "aws_vpc_security_group_egress_rule").map(
      (r) => `${r.ip_protocol}/${r.from_port}-${r.to_port} ${r.cidr_ipv4 ?? r.referenced_security_group_id}`,
    );
    expect(rules.sort()).toEqual(["tcp/443-443 0.0.0.0/0", "tcp/5432-5432 0.0.0.0/0", "tcp/5432-5432 sg-rds"]);
  });

  test("the restore host may read the Heroku source and the RDS master user secret, nothing else", () => {
    const read = JSON.parse(only(json, "aws_iam_role_policy").policy as string).Statement[0];
    expect(read.Resource).toEqual([expect.stringMatching(/aws_secretsmanager_secret\./), base.target.masterUserSecretArn]);
  });

  test("no DMS by default", () => {
    for (const type of ["aws_dms_replication_instance", "aws_dms_endpoint", "aws_dms_replication_task"])
      expect(all(json, type)).toEqual([]);
  });

  describe("with DMS", () => {
    const dms = synth({ dms: { replicationInstanceClass: "dms.r6i.xlarge" } });

    test("private, CMK-encrypted replication instance in the given subnets", () => {
      expect(only(dms, "aws_dms_replication_instance")).toMatchObject({
        publicly_accessible: false,
        kms_key_arn: NET.kmsKeyArn,
        replication_instance_class: "dms.r6i.xlarge",
      });
      expect(only(dms, "aws_dms_replication_subnet_group").subnet_ids).toEqual(NET.subnetIds);
    });

    test("endpoints require SSL and read credentials from Secrets Manager", () => {
      const endpoints = all(dms, "aws_dms_endpoint");
      expect(endpoints.map((e) => e.endpoint_type).sort()).toEqual(["source", "target"]);
      for (const e of endpoints)
        expect(e).toMatchObject({
          ssl_mode: "require",
          engine_name: "postgres",
          kms_key_arn: NET.kmsKeyArn,
          secrets_manager_arn: expect.any(String),
        });
      for (const e of endpoints) expect(e).not.toHaveProperty("password");
    });

    // Defect 15: DMS would create its task log group itself, without CMK or retention.
    test("the DMS task log group exists first, under the CMK, with a retention", () => {
      const group = Object.entries(dms.resource?.["aws_cloudwatch_log_group"] ?? {});
      expect(group).toHaveLength(1);
      const [id, logGroup] = group[0]!;
      expect(logGroup).toMatchObject({
        name: `dms-tasks-${only(dms, "aws_dms_replication_instance").replication_instance_id}`,
        kms_key_id: NET.kmsKeyArn,
        retention_in_days: 30,
      });
      expect(only(dms, "aws_dms_replication_task").depends_on).toContain(`aws_cloudwatch_log_group.${id}`);
    });

    test("a full-load task that never starts on apply, and the dms-vpc-role DMS looks up by name", () => {
      expect(only(dms, "aws_dms_replication_task")).toMatchObject({ migration_type: "full-load", start_replication_task: false });
      expect(all(dms, "aws_iam_role").map((r) => r.name)).toEqual(expect.arrayContaining(["dms-vpc-role", "dms-cloudwatch-logs-role"]));
      expect(all(dms, "aws_secretsmanager_secret_version")).toEqual([]);
    });
  });

  test.each<[string, Partial<HerokuMigrationProps>, RegExp]>([
    ["namePrefix is invalid", { namePrefix: "Bad Prefix" }, /namePrefix: 1-20 lowercase/],
    [
      "logRetentionDays is not a CloudWatch Logs value",
      { logRetentionDays: 2 },
      /logRetentionDays: a CloudWatch Logs retention value .* \(got 2\)/,
    ],
    ["postgresMajorVersion is too old", { postgresMajorVersion: 12 }, /postgresMajorVersion: 13 or newer/],
    ["restoreHostInstanceType is malformed", { restoreHostInstanceType: "big" }, /restoreHostInstanceType: an EC2 instance type/],
    ["restoreHostVolumeGiB is too small", { restoreHostVolumeGiB: 8 }, /restoreHostVolumeGiB: 20 to 16384 GiB/],
    ["no subnet is given", { subnetIds: [] }, /subnetIds: at least one subnet/],
    [
      "the DMS class is malformed",
      { dms: { replicationInstanceClass: "r6i.xlarge" } },
      /dms.replicationInstanceClass: a DMS instance class/,
    ],
    [
      "DMS gets one subnet",
      { subnetIds: ["subnet-a"], dms: { replicationInstanceClass: "dms.r6i.xlarge" } },
      /subnetIds: at least two subnets in different zones for DMS/,
    ],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
