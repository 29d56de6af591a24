import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { Construct } from "constructs";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsReplicationSubnetGroup } from "@cdktf/provider-aws/lib/dms-replication-subnet-group";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { CUTOVER_SCRIPT } from "../../lib/migration/cutover-script";
import { policyException } from "../../lib/policy";
import { policyJson, serviceTrustPolicy } from "../kit/policy-document";
import { PropsProblems } from "../kit/validation";
import { checkLogRetention, logGroupWithKey } from "../kit/encrypted-log-group";
import { Partition } from "../core/partition";
import { required } from "../../lib/defined";

/** The RDS database the migration writes to. */
export interface MigrationTarget {
  readonly address: string;
  readonly port: number;
  readonly databaseName: string;
  /** Security group of the RDS instance: the only VPC destination on 5432. */
  readonly securityGroupId: string;
  /** RDS-managed master user secret, read on the restore host to run pg_restore. */
  readonly masterUserSecretArn: string;
}

export interface HerokuMigrationProps {
  /** Prefix of every name, for example `us`. */
  readonly namePrefix: string;
  readonly region: string;
  /** Major version of the RDS engine: the restore host installs the same client tools. */
  readonly postgresMajorVersion: number;
  /** Restore host size: pg_restore -j scales with cores. */
  readonly restoreHostInstanceType: string;
  /** Root volume of the restore host, holding the dump file and pg_restore's work. */
  readonly restoreHostVolumeGiB: number;
  /**
   * Subnets of the restore host and DMS: private subnets with a NAT route, since they reach Heroku
   * (internet) on 5432 and packages, SSM and Secrets Manager on 443. Data subnets have no route out.
   */
  readonly subnetIds: string[];
  readonly vpcId: string;
  /** Attached to the restore host and DMS so the database accepts them. */
  readonly dataClientsSecurityGroupId: string;
  /** CMK of the volume, the secrets and DMS storage. */
  readonly kmsKeyArn: string;
  readonly target: MigrationTarget;
  /**
   * AWS DMS full-load resources; null for none.
   * @default - none
   */
  readonly dms?: { readonly replicationInstanceClass: string; readonly allocatedStorageGiB?: number } | null;
  /**
   * Further managed policies of the restore host's role (Session Manager transcript writing).
   * @default []
   */
  readonly restoreHostPolicyArns?: readonly string[];
  /**
   * Days the DMS task logs are kept: one of the values CloudWatch Logs accepts (LOG_RETENTION_DAYS).
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/** Where user data installs the cutover script on the restore host. */
export const CUTOVER_SCRIPT_PATH = "/usr/local/bin/heroku-cutover.sh";

/** The cutover script, gzip then base64 in 76-column lines, as user data carries it. */
export function cutoverScriptGzipBase64(): string {
  const script = fs.readFileSync(CUTOVER_SCRIPT);
  return (
    zlib
      .gzipSync(script, { level: 9 })
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\n");
}

/** `c7g.large` → arm64, `c6i.4xlarge` → x86_64: Graviton families carry a `g` after the generation. */
export const instanceArchitecture = (instanceType: string): "arm64" | "x86_64" =>
  /^[a-z]+\d+[a-z-]*g[a-z-]*\./.test(instanceType) ? "arm64" : "x86_64";

/**
 * Heroku-to-RDS migration tooling, all of it removable without touching the database
 * (runbooks/postgres-heroku-cutover.md): a restore host reached only through SSM Session Manager,
 * a secret for the Heroku source (value put in out of band), and optionally AWS DMS full-load
 * resources. Heroku grants no replication privilege, so there is no CDC path.
 */
export class HerokuMigration extends Construct {
  readonly restoreHost: Instance;
  readonly sourceSecret: SecretsmanagerSecret;
  readonly dmsTask?: DmsReplicationTask;

  constructor(scope: Construct, id: string, props: HerokuMigrationProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(
      /^[a-z][a-z0-9-]{0,19}$/.test(props.namePrefix),
      "namePrefix",
      props.namePrefix,
      "1-20 lowercase letters, digits and hyphens, starting with a letter",
    );
    problems.require(
      Number.isInteger(props.postgresMajorVersion) && props.postgresMajorVersion >= 13,
      "postgresMajorVersion",
      props.postgresMajorVersion,
      "13 or newer",
    );
    problems.require(
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.restoreHostInstanceType),
      "restoreHostInstanceType",
      props.restoreHostInstanceType,
      "an EC2 instance type such as c6i.4xlarge",
    );
    problems.require(
      Number.isInteger(props.restoreHostVolumeGiB) && props.restoreHostVolumeGiB >= 20 && props.restoreHostVolumeGiB <= 16384,
      "restoreHostVolumeGiB",
      props.restoreHostVolumeGiB,
      "20 to 16384 GiB",
    );
    problems.require(props.subnetIds.length >= 1, "subnetIds", props.subnetIds, "at least one subnet");
    problems.require(
      !props.dms || /^dms\.[a-z0-9]+\.[a-z0-9]+$/.test(props.dms.replicationInstanceClass),
      "dms.replicationInstanceClass",
      props.dms?.replicationInstanceClass,
      "a DMS instance class such as dms.r6i.xlarge",
    );
    problems.require(
      !props.dms || props.subnetIds.length >= 2,
      "subnetIds",
      props.subnetIds,
      "at least two subnets in different zones for DMS",
    );
    checkLogRetention(problems, "logRetentionDays", props.logRetentionDays ?? 30);
    problems.throwIfAny();
    const name = `${props.namePrefix}-heroku-migration`;

    // Value (JSON: host, port, username, password, dbname) put in out of band: no secret version
    // here, so the Heroku credentials never reach the repository or the Terraform state.
    this.sourceSecret = new SecretsmanagerSecret(this, "SourceSecret", {
      name: `${name}/heroku-source`,
      description: 'Heroku Postgres source: {"host","port","username","password","dbname"}',
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: 7,
    });
    policyException(
      this.sourceSecret,
      "SM-02",
      "Heroku owns and rotates these credentials; the copy lives only until cutover, when the tooling is removed",
    );

    const egress = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: `${name}: restore host and DMS, egress only`,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: name },
    });
    const allow = (id: string, port: number, cidr: string, description: string): VpcSecurityGroupEgressRule =>
      new VpcSecurityGroupEgressRule(this, id, {
        securityGroupId: egress.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
        description,
      });
    new VpcSecurityGroupEgressRule(this, "EgressPostgresRds", {
      securityGroupId: egress.id,
      ipProtocol: "tcp",
      fromPort: props.target.port,
      toPort: props.target.port,
      referencedSecurityGroupId: props.target.securityGroupId,
      description: "PostgreSQL to RDS",
    });
    // Exception (temporary, removed with the tooling): Heroku Postgres hosts are public AWS
    // addresses that change, so no narrower destination exists; 443 reaches SSM, Secrets Manager,
    // the package repositories and Heroku's backup download URLs.
    const toHeroku = allow("EgressPostgresHeroku", 5432, "0.0.0.0/0", "PostgreSQL to Heroku");
    policyException(
      toHeroku,
      "NET-06",
      "Heroku Postgres listens on public, changing AWS addresses; this rule exists only while the migration tooling is switched on",
    );
    allow("EgressHttps", 443, "0.0.0.0/0", "HTTPS to AWS APIs, packages and Heroku backups");

    const role = new IamRole(this, "RestoreHostRole", {
      name: `${name}-restore-host`,
      description: "Heroku migration restore host (SSM Session Manager only)",
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "RestoreHostSsm", {
      role: role.name,
      policyArn: Partition.of(this).managedPolicyArn("AmazonSSMManagedInstanceCore"),
    });
    (props.restoreHostPolicyArns ?? []).forEach(
      (policyArn, i) => new IamRolePolicyAttachment(this, `RestoreHostPolicy${i}`, { role: role.name, policyArn }),
    );
    new IamRolePolicy(this, "RestoreHostSecrets", {
      role: role.id,
      name: "read-heroku-source",
      policy: policyJson(
        // The Heroku source and the RDS master user (pg_restore runs as the owner of the schema).
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [this.sourceSecret.arn, props.target.masterUserSecretArn] },
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": Partition.of(this).endpoint("secretsmanager", props.region) } },
        },
      ),
    });
    const profile = new IamInstanceProfile(this, "RestoreHostProfile", { name: `${name}-restore-host`, role: role.name });

    // Latest Amazon Linux 2023, read from AWS's public SSM parameter at plan time.
    const ami = new DataAwsSsmParameter(this, "RestoreHostAmi", {
      name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${instanceArchitecture(props.restoreHostInstanceType)}`,
    });
    const major = props.postgresMajorVersion;
    this.restoreHost = new Instance(this, "RestoreHost", {
      ami: ami.value,
      instanceType: props.restoreHostInstanceType,
      subnetId: required(props.subnetIds[0], "subnetIds[0] (validated: at least one subnet)"),

      vpcSecurityGroupIds: [egress.id, props.dataClientsSecurityGroupId],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: false,
      monitoring: true,
      ebsOptimized: true,
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
      rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: props.restoreHostVolumeGiB,
        encrypted: true,
        kmsKeyId: props.kmsKeyArn,
        deleteOnTermination: true,
      },
      // AL2023 ships one client package per PostgreSQL major (postgresql15, postgresql16, ...);
      // pg_dump/pg_restore must match the target's major. No SSH daemon is needed: SSM only.
      userData: [
        "#!/bin/bash",
        "set -euo pipefail",
        `dnf install -y postgresql${major} jq tmux`,
        "systemctl disable --now sshd || true",
        // The RDS target, so psql and pg_restore connect over TLS without arguments.
        `printf 'export PGHOST=%s PGPORT=%s PGDATABASE=%s PGSSLMODE=require\\n' '${props.target.address}' '${props.target.port}' '${props.target.databaseName}' > /etc/profile.d/rds-target.sh`,
        // The cutover script the runbook calls, gzipped so user data stays under EC2's 16 KB.
        `base64 -d <<'CUTOVER' | gunzip > ${CUTOVER_SCRIPT_PATH}`,
        cutoverScriptGzipBase64(),
        "CUTOVER",
        `chmod 0755 ${CUTOVER_SCRIPT_PATH}`,
        `echo "restore host ready: $(pg_restore --version)" > /etc/motd`,
      ].join("\n"),
      // EC2 does not rerun changed user data on an existing instance ("Work with instance user
      // data", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html,
      // read 2026-12-07): a new cutover script needs a new host, which holds nothing worth keeping.
      userDataReplaceOnChange: true,
      tags: { Name: `${name}-restore-host` },
      // A new AL2023 release must not replace a host in the middle of a restore.
      lifecycle: { ignoreChanges: ["ami"] },
    });

    if (props.dms) this.dmsTask = this.addDms(name, props, egress.id, props.dms);
  }

  /** DMS full load: a private, encrypted replication instance, SSL-only endpoints, one task. */
  private addDms(
    name: string,
    props: HerokuMigrationProps,
    securityGroupId: string,
    dms: NonNullable<HerokuMigrationProps["dms"]>,
  ): DmsReplicationTask {
    // DMS looks these roles up by their fixed names (DMS User Guide, "Creating the IAM roles to
    // use with AWS DMS"); they are account-wide, so delete hand-made copies before enabling DMS.
    const vpcRole = new IamRole(this, "DmsVpcRole", { name: "dms-vpc-role", assumeRolePolicy: serviceTrustPolicy("dms.amazonaws.com") });
    const vpcPolicy = new IamRolePolicyAttachment(this, "DmsVpcPolicy", {
      role: vpcRole.name,
      policyArn: Partition.of(this).managedPolicyArn("service-role/AmazonDMSVPCManagementRole"),
    });
    const logsRole = new IamRole(this, "DmsLogsRole", {
      name: "dms-cloudwatch-logs-role",
      assumeRolePolicy: serviceTrustPolicy("dms.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "DmsLogsPolicy", {
      role: logsRole.name,
      policyArn: Partition.of(this).managedPolicyArn("service-role/AmazonDMSCloudWatchLogsRole"),
    });

    // Target credentials: a migration user created on RDS (runbook), same JSON shape as the source.
    const targetSecret = new SecretsmanagerSecret(this, "DmsTargetSecret", {
      name: `${name}/dms-target`,
      description: 'RDS migration user for DMS: {"host","port","username","password","dbname"}',
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: 7,
    });
    policyException(
      targetSecret,
      "SM-02",
      "temporary migration user dropped at cutover together with this secret (runbooks/postgres-heroku-cutover.md)",
    );
    const secretsRole = new IamRole(this, "DmsSecretsRole", {
      name: `${name}-dms-secrets`,
      // A regional service principal, not an endpoint: amazonaws.com in every partition (lib/catalog/partitions.ts).
      // eslint-disable-next-line no-restricted-syntax -- see above
      assumeRolePolicy: serviceTrustPolicy(`dms.${props.region}.amazonaws.com`),
    });
    new IamRolePolicy(this, "DmsSecretsPolicy", {
      role: secretsRole.id,
      name: "read-migration-secrets",
      policy: policyJson(
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [this.sourceSecret.arn, targetSecret.arn] },
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": Partition.of(this).endpoint("secretsmanager", props.region) } },
        },
      ),
    });

    const subnetGroup = new DmsReplicationSubnetGroup(this, "DmsSubnetGroup", {
      replicationSubnetGroupId: name,
      replicationSubnetGroupDescription: `${name} DMS`,
      subnetIds: props.subnetIds,
      dependsOn: [vpcPolicy],
    });
    const instance = new DmsReplicationInstance(this, "DmsInstance", {
      replicationInstanceId: name,
      replicationInstanceClass: dms.replicationInstanceClass,
      allocatedStorage: dms.allocatedStorageGiB ?? 100,
      kmsKeyArn: props.kmsKeyArn,
      publiclyAccessible: false,
      multiAz: false,
      autoMinorVersionUpgrade: true,
      replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [securityGroupId, props.dataClientsSecurityGroupId],
    });
    const endpoint = (id: string, type: "source" | "target", secretArn: string, databaseName: string) =>
      new DmsEndpoint(this, id, {
        endpointId: `${name}-${type}`,
        endpointType: type,
        engineName: "postgres",
        databaseName,
        sslMode: "require",
        kmsKeyArn: props.kmsKeyArn,
        secretsManagerArn: secretArn,
        secretsManagerAccessRoleArn: secretsRole.arn,
      });
    const source = endpoint("DmsSource", "source", this.sourceSecret.arn, props.target.databaseName);
    const target = endpoint("DmsTarget", "target", targetSecret.arn, props.target.databaseName);

    // DMS writes task logs to `dms-tasks-<replication instance id>` and would create that group
    // itself, without a CMK or a retention (DMS User Guide, "Viewing and managing AWS DMS task
    // logs", read 2026-12-02): created here first.
    const taskLogs = logGroupWithKey(this, "DmsTaskLogs", {
      logGroupName: `dms-tasks-${name}`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays ?? 30,
    });

    return new DmsReplicationTask(this, "DmsTask", {
      replicationTaskId: `${name}-full-load`,
      migrationType: "full-load",
      replicationInstanceArn: instance.replicationInstanceArn,
      sourceEndpointArn: source.endpointArn,
      targetEndpointArn: target.endpointArn,
      // Started by hand during the write freeze (runbook), never by an apply.
      startReplicationTask: false,
      tableMappings: JSON.stringify({
        rules: [
          {
            "rule-type": "selection",
            "rule-id": "1",
            "rule-name": "all-tables",
            "object-locator": { "schema-name": "%", "table-name": "%" },
            "rule-action": "include",
          },
          // Extension objects are recreated by CREATE EXTENSION on RDS, not copied.
          {
            "rule-type": "selection",
            "rule-id": "2",
            "rule-name": "no-heroku-ext",
            "object-locator": { "schema-name": "heroku_ext", "table-name": "%" },
            "rule-action": "exclude",
          },
        ],
      }),
      replicationTaskSettings: JSON.stringify({
        // The schema is created first with pg_restore --schema-only; DMS only copies rows.
        FullLoadSettings: { TargetTablePrepMode: "DO_NOTHING", MaxFullLoadSubTasks: 8 },
        TargetMetadata: { SupportLobs: true, LimitedSizeLobMode: true, LobMaxSize: 32 },
        Logging: { EnableLogging: true },
      }),
      dependsOn: [logsRole, taskLogs],
    });
  }
}
