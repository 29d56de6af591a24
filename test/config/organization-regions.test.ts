import { loadPlatformConfig } from "../../lib/config/load";
import { organizationRegions } from "../../lib/config/organization-regions";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";

describe("organizationRegions", () => {
  test("environment regions, backup-replication regions and home regions, sorted, once each", () => {
    const config = loadPlatformConfig();
    const regions = organizationRegions(config);
    expect(regions).toEqual([...new Set(regions)].sort());
    const wanted = [
      config.organization.homeRegion,
      ...config.accounts.map((a) => a.homeRegion),
      ...config.environments.flatMap((e) => [
        e.region,
        ...(e.postgres.backupReplicationRegion ? [e.postgres.backupReplicationRegion] : []),
      ]),
    ];
    expect(regions).toEqual([...new Set(wanted)].sort());
  });

  test("a backup-replication region counts even when no environment runs there", () => {
    // Without its residency: a Canadian backup copy is outside the US zone.
    const staging = shippedFile("staging.yaml").replace(/^residency: .*\n/m, "") + "postgres:\n  backupReplicationRegion: ca-central-1\n";
    expect(organizationRegions(loadPlatformConfig(environmentsFixture({ "staging.yaml": staging })))).toContain("ca-central-1");
  });
});
