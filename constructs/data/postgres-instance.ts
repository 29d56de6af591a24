import { Construct } from "constructs";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataKmsKey } from "./data-kms-key";
import { DataStoreSecurityGroup } from "./data-store-security-group";
import { serviceTrustPolicy } from "../kit/policy-document";
import { policyException } from "../../lib/policy";
import { dataStoreLifecycleProps } from "./private/lifecycle";
import { PropsProblems } from "../kit/validation";
import { checkLogRetention, logGroupWithKey } from "../kit/encrypted-log-group";
import { Partition } from "../core/partition";
import { checkRestoreSource, restoreArguments, RESTORE_CREATE_TIMEOUT, type PostgresRestoreSource } from "./private/postgres-restore";

export type { PostgresRestoreSource, PostgresRestoreToPointInTime } from "./private/postgres-restore";

export const POSTGRES_PORT = 5432;

/** Where automated backups are copied to. */
export interface PostgresBackupReplication {
  /** Provider aliased to the destination region. */
  readonly provider: AwsProvider;
  readonly region: string;
}

export interface PostgresInstanceProps {
  /** DB instance identifier, for example `us-postgres`. */
  readonly identifier: string;
  /** Production: Terraform-level destroy protection on the instance, its keys and backup copies. */
  readonly production: boolean;
  readonly accountId: string;
  readonly region: string;
  /** For example db.r6g.large. */
  readonly instanceClass: string;
  /** `16` (latest minor, upgraded automatically) or `16.4`. */
  readonly engineVersion: string;
  readonly allocatedStorageGiB: number;
  /** Ceiling of storage autoscaling. */
  readonly maxAllocatedStorageGiB: number;
  readonly multiAz: boolean;
  /** Automated backups and the point-in-time recovery window, 1 to 35 days. */
  readonly backupRetentionDays: number;
  /** CMK of storage, Performance Insights and the master user secret. */
  readonly kmsKeyArn: string;
  readonly vpcId: string;
  /** Data subnets, one per zone (at least two: RDS subnet groups span two zones). */
  readonly subnetIds: string[];
  /** The only security group allowed to connect. */
  readonly clientSecurityGroupId: string;
  /**
   * Copy automated backups (and their transaction logs, so PITR works there) to another region.
   * @default - no cross-region copy
   */
  readonly backupReplication?: PostgresBackupReplication | undefined;
  /**
   * Restore the instance from a snapshot or a point in time of automated backups in this region
   * instead of creating an empty one (disaster recovery: runbooks/region-loss.md). The source
   * decides the databases, the master user, the initial storage and the storage key; only the
   * creation reads it, later changes to it are ignored (a new source never replaces the instance).
   * @default - none: a new, empty instance
   */
  readonly restoreFrom?: PostgresRestoreSource | undefined;
  /**
   * Enhanced monitoring role made beforehand (`rdsMonitoringRole`). A restore during a region loss
   * passes one: IAM's control plane is in us-east-1, so a role created at restore time may not be
   * creatable then (runbooks/region-loss.md).
   * @default - the instance creates `<identifier>-rds-monitoring`
   */
  readonly monitoringRoleArn?: string | undefined;

  /**
   * An asynchronous read replica for analytics queries and failover drills.
   * @default false
   */
  readonly readReplica?: boolean;
  /**
   * Database created at launch.
   * @default "posthog"
   */
  readonly databaseName?: string;
  /**
   * Master user; its password is generated and rotated by RDS in Secrets Manager.
   * @default "posthog_admin"
   */
  readonly masterUsername?: string;
  /**
   * The application's own login role: no password, IAM database authentication only (a token per
   * connection, nothing to rotate). Created in the database by the platform layer's one-shot job
   * (charts/platform-secrets); named here so the IAM `rds-db:connect` resource and the role agree.
   * @default "posthog_app"
   */
  readonly appUsername?: string;
  /**
   * Statements slower than this are logged, in milliseconds.
   * @default 1000
   */
  readonly logMinDurationStatementMs?: number;
  /**
   * Server certificate authority. rds-ca-rsa2048-g1 is the current default CA and valid to 2061
   * (RDS User Guide, "Certificate authorities").
   * @default "rds-ca-rsa2048-g1"
   */
  readonly caCertIdentifier?: "rds-ca-rsa2048-g1" | "rds-ca-rsa4096-g1" | "rds-ca-ecc384-g1";
  /**
   * Days the exported PostgreSQL logs are kept in CloudWatch: one of the values CloudWatch Logs
   * accepts (LOG_RETENTION_DAYS).
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/** Logs every instance exports to CloudWatch. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** The parameter group family of an engine version: `16.4` → `postgres16`. */
export const postgresFamily = (engineVersion: string): string => `postgres${engineVersion.split(".")[0]}`;

/**
 * The application database (replacing Heroku Postgres): RDS for PostgreSQL, encrypted with a CMK,
 * private in the data subnets, gp3 with storage autoscaling, RDS-managed master password, PITR
 * backups (optionally copied to another region), Performance Insights, enhanced monitoring, log
 * exports, IAM authentication, and an optional read replica.
 */
export class PostgresInstance extends Construct {
  readonly instance: DbInstance;
  readonly replica?: DbInstance;
  readonly parameterGroup: DbParameterGroup;
  readonly securityGroupId: string;
  readonly databaseName: string;
  /** RDS-managed Secrets Manager secret of the master user. */
  readonly masterUserSecretArn: string;
  /** The application's IAM-authenticated database role. */
  readonly appUsername: string;

  constructor(scope: Construct, id: string, props: PostgresInstanceProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(
      /^[a-z][a-z0-9-]{0,39}$/.test(props.identifier) && !props.identifier.endsWith("-") && !props.identifier.includes("--"),
      "identifier",
      props.identifier,
      "1-40 lowercase letters, digits and single hyphens, starting with a letter (IAM role names derive from it)",
    );
    problems.require(
      /^db\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceClass),
      "instanceClass",
      props.instanceClass,
      "an RDS instance class such as db.r6g.large",
    );
    problems.require(
      /^\d{2}(\.\d+)?$/.test(props.engineVersion) && Number(props.engineVersion.split(".")[0]) >= 13,
      "engineVersion",
      props.engineVersion,
      "PostgreSQL 13 or newer, as a major (16) or major.minor (16.4)",
    );
    problems.require(
      props.allocatedStorageGiB >= 20 && props.allocatedStorageGiB <= 65536,
      "allocatedStorageGiB",
      props.allocatedStorageGiB,
      "20 to 65536 (gp3 limits)",
    );
    problems.require(
      props.maxAllocatedStorageGiB >= props.allocatedStorageGiB && props.maxAllocatedStorageGiB <= 65536,
      "maxAllocatedStorageGiB",
      props.maxAllocatedStorageGiB,
      `allocatedStorageGiB (${props.allocatedStorageGiB}) to 65536`,
    );
    problems.require(
      Number.isInteger(props.backupRetentionDays) && props.backupRetentionDays >= 1 && props.backupRetentionDays <= 35,
      "backupRetentionDays",
      props.backupRetentionDays,
      "1 to 35 days",
    );
    problems.require(
      !props.production || props.backupRetentionDays >= 14,
      "backupRetentionDays",
      props.backupRetentionDays,
      "14 or more days in production",
    );
    problems.require(!props.production || props.multiAz, "multiAz", props.multiAz, "true in production");
    problems.require(props.subnetIds.length >= 2, "subnetIds", props.subnetIds, "at least two subnets in different zones");
    problems.require(
      props.backupReplication?.region !== props.region,
      "backupReplication.region",
      props.backupReplication?.region,
      `a region other than ${props.region}`,
    );
    const logMs = props.logMinDurationStatementMs ?? 1000;
    problems.require(Number.isInteger(logMs) && logMs >= 0, "logMinDurationStatementMs", logMs, "0 or more milliseconds");
    const logDays = props.logRetentionDays ?? 30;
    const masterUsername = props.masterUsername ?? "posthog_admin";
    this.appUsername = props.appUsername ?? "posthog_app";
    problems.require(
      /^[a-z][a-z0-9_]{0,62}$/.test(this.appUsername) && this.appUsername !== masterUsername,
      "appUsername",
      this.appUsername,
      `a lowercase PostgreSQL role name other than the master user (${masterUsername})`,
    );
    checkLogRetention(problems, "logRetentionDays", logDays);
    const restore = props.restoreFrom;
    if (restore)
      checkRestoreSource(problems, restore, props.region, { databaseName: props.databaseName, masterUsername: props.masterUsername });
    problems.throwIfAny();

    const family = postgresFamily(props.engineVersion);

    const sg = new DataStoreSecurityGroup(this, "SecurityGroup", {
      name: `${props.identifier}-rds`,
      description: `RDS PostgreSQL ${props.identifier}: PostgreSQL from data clients only`,
      vpcId: props.vpcId,
      clientSecurityGroupId: props.clientSecurityGroupId,
      ports: [{ port: POSTGRES_PORT, description: "PostgreSQL" }],
    });
    this.securityGroupId = sg.securityGroupId;

    const subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: `${props.identifier}-data`,
      description: `Data subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });

    // The name carries the family and the group is created before the old one is destroyed: a
    // major upgrade creates postgres17 next to postgres16, moves the instance, then deletes the
    // old group. A fixed name fails with InvalidDBParameterGroupState (terraform-aws-rds#601).
    this.parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      name: `${props.identifier}-${family}`,
      family,
      description: `${props.identifier} (${family})`,
      parameter: [
        // TLS only: clients without sslmode=require are refused.
        { name: "rds.force_ssl", value: "1" },
        // DDL is audited; data statements are not (volume, and PII in literals).
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: String(logMs) },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
        { name: "log_lock_waits", value: "1" },
        // Needed for pg_stat_statements (Performance Insights' top SQL); static, so pending-reboot.
        { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringRoleArn = props.monitoringRoleArn ?? rdsMonitoringRole(this, props.identifier).arn;

    const caCertIdentifier = props.caCertIdentifier ?? "rds-ca-rsa2048-g1";
    // Settings shared by the primary and the replica.
    const common = {
      instanceClass: props.instanceClass,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [sg.securityGroupId],
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier,
      autoMinorVersionUpgrade: true,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      // 7 days is the free tier; longer history costs per vCPU.
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      copyTagsToSnapshot: true,
      deletionProtection: props.production,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      storageType: "gp3",
    };

    // RDS would create the export log groups itself, unencrypted and kept forever, outside
    // Terraform; it writes to `/aws/rds/instance/<identifier>/<log type>` (RDS User Guide,
    // "Publishing PostgreSQL logs to Amazon CloudWatch Logs", read 2026-12-02). Created here first.
    const logGroups = (idPrefix: string, identifier: string): CloudwatchLogGroup[] =>
      POSTGRES_LOG_EXPORTS.map((type) =>
        logGroupWithKey(this, `${idPrefix}-${type}`, {
          logGroupName: `/aws/rds/instance/${identifier}/${type}`,
          kmsKeyArn: props.kmsKeyArn,
          retentionDays: logDays,
        }),
      );

    // A restore takes databases, master user, initial size and storage key from its source
    // (private/postgres-restore.ts says why each is left out); a new instance sets them.
    const { kmsKeyId, ...commonWithoutStorageKey } = common;
    const origin = restore
      ? { ...commonWithoutStorageKey, ...restoreArguments(restore), timeouts: { create: RESTORE_CREATE_TIMEOUT } }
      : {
          ...common,
          kmsKeyId,
          dbName: props.databaseName ?? "posthog",
          username: masterUsername,
          allocatedStorage: props.allocatedStorageGiB,
        };
    this.instance = new DbInstance(this, "Resource", {
      ...origin,
      dependsOn: logGroups("Logs", props.identifier),
      identifier: props.identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      // A changed major in the environment file is applied as a major upgrade, not refused.
      allowMajorVersionUpgrade: true,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      port: POSTGRES_PORT,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      backupRetentionPeriod: props.backupRetentionDays,
      // UTC, outside the US and EU business peaks, and not overlapping each other.
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      // Keep automated backups after deletion: PITR stays possible for their retention.
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      // Deterministic, so it is reviewable in the plan. Destroying a second instance with the same
      // identifier fails until the old final snapshot is renamed or removed, which is the point.
      finalSnapshotIdentifier: `${props.identifier}-final`,
      ...dataStoreLifecycleProps(props.production, {
        // Storage autoscaling raises allocated_storage outside Terraform. Without this, every plan
        // after a scale-up would try to set it back to the configured value, which RDS refuses
        // (storage never shrinks). To raise the floor on purpose, grow it with the AWS CLI first.
        // A restore source only matters at creation: pointing it elsewhere later (both are
        // ForceNew) must not replace the database the instance has become since.
        ignoreChanges: restore ? ["allocated_storage", "snapshot_identifier", "restore_to_point_in_time"] : ["allocated_storage"],
      }),
    });
    if (restore) {
      policyException(
        this.instance,
        "RDS-02",
        "restored: encrypted with its source's key (a CMK: the replicated backups' or the recovery vault's); neither restore call takes a storage key",
      );
      policyException(
        this.instance,
        "RDS-15",
        "restored: the initial storage is the source's, so allocated_storage is left out; max_allocated_storage still caps autoscaling",
      );
    }
    // Restored: the source's database, as RDS reports it.
    this.databaseName = restore ? this.instance.dbName : (props.databaseName ?? "posthog");
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    if (props.readReplica) {
      const replicaIdentifier = postgresReplicaIdentifier(props.identifier);
      this.replica = new DbInstance(this, "ReadReplica", {
        ...common,
        dependsOn: logGroups("ReplicaLogs", replicaIdentifier),
        identifier: replicaIdentifier,
        replicateSourceDb: this.instance.identifier,
        // Single-AZ: it is rebuilt from the primary, which is the copy that matters.
        multiAz: false,
        // Exception: the primary's backups (and their cross-region copy) cover the data; backups
        // of the replica would be a second bill for the same bytes.
        backupRetentionPeriod: 0,
        // RDS takes no final snapshot of a read replica.
        skipFinalSnapshot: true,
        // Disposable by design: readReplica: false in the environment file must be able to remove
        // it, and it holds no data the primary (protected) does not.
        deletionProtection: false,
        lifecycle: { ignoreChanges: ["allocated_storage"] },
      });
      const reason = "read replica rebuilt from the protected primary at any time; the environment file switch must be able to remove it";
      policyException(this.replica, "DATA-01", reason);
      policyException(this.replica, "RDS-05", reason);
    }

    if (props.backupReplication) {
      const replicaKey = new DataKmsKey(this, "BackupReplicationKey", {
        aliasName: `${props.identifier}-backups-${props.backupReplication.region}`,
        description: `Cross-region automated backups of ${props.identifier} (from ${props.region})`,
        accountId: props.accountId,
        region: props.backupReplication.region,
        production: props.production,
        provider: props.backupReplication.provider,
      });
      new DbInstanceAutomatedBackupsReplication(this, "BackupReplication", {
        provider: props.backupReplication.provider,
        sourceDbInstanceArn: this.instance.arn,
        kmsKeyId: replicaKey.keyArn,
        retentionPeriod: props.backupRetentionDays,
        ...dataStoreLifecycleProps(props.production),
      });
    }
  }
}

/**
 * The read replica's identifier: the primary's plus `-replica`. One definition for the construct
 * and for whoever watches the replica (the monitoring stack's replica-lag alarm).
 */
export function postgresReplicaIdentifier(primaryIdentifier: string): string {
  return `${primaryIdentifier}-replica`;
}

/**
 * The role RDS enhanced monitoring assumes to publish OS metrics for `identifier`
 * (`<identifier>-rds-monitoring`, AWS managed policy AmazonRDSEnhancedMonitoringRole). Its ids
 * ("MonitoringRole", "MonitoringPolicy") are those PostgresInstance has always given it.
 */
export function rdsMonitoringRole(scope: Construct, identifier: string): IamRole {
  const role = new IamRole(scope, "MonitoringRole", {
    name: `${identifier}-rds-monitoring`,
    description: `Enhanced monitoring of ${identifier}`,
    assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com"),
  });
  new IamRolePolicyAttachment(scope, "MonitoringPolicy", {
    role: role.name,
    policyArn: Partition.of(scope).managedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole"),
  });
  return role;
}
