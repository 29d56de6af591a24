import type { HerokuMigrationProps } from "../../../constructs/data/heroku-migration";
import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
// Type only: the helpers' runtime pulls in every stack of the app, which construct tests do not need.
import type { TfJson } from "../../helpers/synth";

/** Literal network ids for construct tests (no network stack needed). */
export const NET = {
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.10.0.0/16",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  clientSecurityGroupId: "sg-dataclients",
  kmsKeyArn: "arn:aws:kms:us-east-1:200000000001:key/11111111-2222-3333-4444-555555555555",
  accountId: "200000000001",
} as const;

/** A bare stack with a default AWS provider in us-east-1. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

/** Builds one construct in a fresh stack and returns the synthesized JSON. */
export function synthConstruct(build: (stack: TerraformStack) => Construct | void): TfJson {
  const stack = testStack();
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function only(json: TfJson, type: string): Record<string, unknown> {
  const all = Object.values(json.resource?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

/** Every resource of a type. */
export function all(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** Props of a HerokuMigration a test can start from (test/constructs/data and test/migration). */
export const HEROKU_MIGRATION_PROPS: HerokuMigrationProps = {
  namePrefix: "test",
  region: "us-east-1",
  postgresMajorVersion: 16,
  restoreHostInstanceType: "c6i.4xlarge",
  restoreHostVolumeGiB: 500,
  subnetIds: [...NET.subnetIds],
  vpcId: NET.vpcId,
  dataClientsSecurityGroupId: NET.clientSecurityGroupId,
  kmsKeyArn: NET.kmsKeyArn,
  target: {
    address: "test-postgres.abc.us-east-1.rds.amazonaws.com",
    port: 5432,
    databaseName: "posthog",
    securityGroupId: "sg-rds",
    masterUserSecretArn: "arn:aws:secretsmanager:us-east-1:200000000001:secret:rds!db-1",
  },
};
