import { loadPlatformConfig } from "../../../lib/config/load";
import { organizationRegions } from "../../../constructs/organization/regions";
import { environmentsFixture, shippedFile } from "../../helpers/fixtures";

describe("organizationRegions", () => {
  test("environment regions, backup-replication regions and home regions, sorted, once each", () => {
    expect(organizationRegions(loadPlatformConfig())).toEqual(["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]);
  });

  test("a backup-replication region counts even when no environment runs there", () => {
    const staging = shippedFile("staging.yaml") + "postgres:\n  backupReplicationRegion: ca-central-1\n";
    expect(organizationRegions(loadPlatformConfig(environmentsFixture({ "staging.yaml": staging })))).toContain("ca-central-1");
  });
});
