import * as fs from "node:fs";
import * as path from "node:path";
import { generateEnvironments } from "../../lib/bench/generate-environments";
import { median } from "../../lib/bench/measure";
import { stableJson } from "../../lib/bench/stable-json";
import { loadPlatformConfig } from "../../lib/config/load";

describe("generated environments", () => {
  const dir = generateEnvironments(50);
  const config = loadPlatformConfig(dir);

  test("50 valid production environments with distinct names, CIDRs and three-zone regions", () => {
    expect(config.environments).toHaveLength(50);
    expect(new Set(config.environments.map((e) => e.name)).size).toBe(50);
    expect(new Set(config.environments.map((e) => e.vpcCidr)).size).toBe(50);
    for (const e of config.environments) {
      expect(e.tier).toBe("production");
      expect(e.availabilityZones.length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(config.environments.map((e) => e.region)).size).toBeGreaterThan(20);
  });

  test("copies eu.yaml apart from name, region, CIDR and backup-copy region", () => {
    const first = fs.readFileSync(path.join(dir, "bench-001.yaml"), "utf8");
    expect(first).toMatch(/^vpcCidr: 10\.0\.0\.0\/16$/m);
    expect(first).toMatch(/^tier: production$/m);
    const env = config.environments.find((e) => e.name === "bench-001")!;
    expect(env.postgres.backupReplicationRegion).not.toBe(env.region);
  });

  test("refuses counts it cannot give distinct /16s", () => {
    expect(() => generateEnvironments(0)).toThrow(/a whole number from 1 to 256/);
    expect(() => generateEnvironments(300)).toThrow(/got 300/);
    // Past every region of every production account two copies would share an account and region.
    expect(() => generateEnvironments(250)).toThrow(
      /at most \d+ \(one per account and region: \d+ production accounts × \d+ three-zone regions\), got 250/,
    );
  });
});

describe("bench helpers", () => {
  test("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  test("stableJson sorts keys and breaks empty arrays the way cdktf's manifest does", () => {
    expect(stableJson({ b: [], a: { d: 1, c: "x" } })).toBe('{\n  "a": {\n    "c": "x",\n    "d": 1\n  },\n  "b": [\n  ]\n}');
  });
});
