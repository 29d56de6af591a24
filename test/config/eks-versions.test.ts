import { loadPlatformConfig } from "../../lib/config/load";
import type * as ConfigLoad from "../../lib/config/load";
import {
  EKS_VERSIONS,
  PRODUCTION_MIN_STANDARD_SUPPORT_DAYS,
  standardSupportDaysLeft,
  versionsWithStandardSupport,
} from "../../lib/config/eks-versions";
import { environmentsFixture, configProblems } from "../helpers/fixtures";
import { shortSupportRunway, TEST_TODAY } from "../helpers/today";

/** The day this rule was written for: EKS 1.34 leaves standard support (docs/reference/deploy-constraints.md row 9). */
const DEC_2_2026 = new Date("2026-12-02T09:00:00Z");

const problemsOf = (edits: Record<string, string | null>, today: Date): string[] => configProblems(edits, { today });
const production = (version: string) =>
  `tier: production\naccount: prod-us\nregion: us-east-2\nvpcCidr: 10.40.0.0/16\neventsPerMonth: 1e9\nkubernetes:\n  version: "${version}"\n`;
const staging = (version: string) => production(version).replace("tier: production", "tier: staging").replace("prod-us", "staging");
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

describe("EKS version calendar", () => {
  test.each(Object.entries(EKS_VERSIONS))("%s: 14 months of standard support, then 12 of extended (EKS user guide)", (_v, row) => {
    const months = (a: string, b: string) =>
      (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
    expect(months(row.released, row.endOfStandardSupport)).toBe(14);
    expect(months(row.endOfStandardSupport, row.endOfExtendedSupport)).toBe(12);
  });

  test("days left count whole UTC days to the end of standard support", () => {
    const row = Object.entries(EKS_VERSIONS)[0]!;
    const end = new Date(`${row[1].endOfStandardSupport}T23:59:00Z`);
    expect(standardSupportDaysLeft(row[0], end)).toBe(0);
    expect(standardSupportDaysLeft(row[0], addDays(end, -10))).toBe(10);
    expect(standardSupportDaysLeft("1.99", end)).toBeUndefined();
  });
});

describe("production Kubernetes version needs standard support left", () => {
  test("every shipped production environment launches on a version with enough standard support on 2026-12-02", () => {
    const config = loadPlatformConfig(undefined, { today: DEC_2_2026 });
    const prod = config.environments.filter((e) => e.tier === "production");
    expect(prod.length).toBeGreaterThan(0);
    for (const env of prod)
      expect(standardSupportDaysLeft(env.kubernetes.version, DEC_2_2026)).toBeGreaterThanOrEqual(PRODUCTION_MIN_STANDARD_SUPPORT_DAYS);
  });

  test("refuses a production version whose standard support ends too soon, naming file, field, value and the allowed versions", () => {
    const ending = Object.keys(EKS_VERSIONS).find(
      (v) =>
        (standardSupportDaysLeft(v, DEC_2_2026) ?? -1) >= 0 &&
        standardSupportDaysLeft(v, DEC_2_2026)! < PRODUCTION_MIN_STANDARD_SUPPORT_DAYS,
    )!;
    expect(ending).toBeDefined();
    const allowed = versionsWithStandardSupport(DEC_2_2026, PRODUCTION_MIN_STANDARD_SUPPORT_DAYS);
    expect(allowed.length).toBeGreaterThan(0);
    const text = problemsOf({ "ap.yaml": production(ending) }, DEC_2_2026).join("\n");
    expect(text).toContain(
      `ap.yaml: kubernetes.version: production runs a Kubernetes version with at least ${PRODUCTION_MIN_STANDARD_SUPPORT_DAYS} days`,
    );
    expect(text).toContain(`allowed: ${allowed.join(", ")}`);
    expect(text).toContain(`(got "${ending}")`);
  });

  test("the date is injectable: a version that passes today fails once fewer than the minimum days remain", () => {
    const [version, row] = Object.entries(EKS_VERSIONS).at(-1)!;
    const end = new Date(`${row.endOfStandardSupport}T12:00:00Z`);
    expect(problemsOf({ "ap.yaml": production(version) }, addDays(end, -PRODUCTION_MIN_STANDARD_SUPPORT_DAYS))).toEqual([]);
    expect(problemsOf({ "ap.yaml": production(version) }, addDays(end, -PRODUCTION_MIN_STANDARD_SUPPORT_DAYS + 1)).join("\n")).toMatch(
      /ap\.yaml: kubernetes\.version: production runs/,
    );
  });

  test("staging may stay on a version in its last days of standard support", () => {
    const ending = Object.keys(EKS_VERSIONS).find((v) => standardSupportDaysLeft(v, DEC_2_2026) === 0)!;
    expect(problemsOf({ "ap.yaml": staging(ending) }, DEC_2_2026)).toEqual([]);
  });

  test.each([
    ["kubernetes.version", (v: string) => production(v)],
    ["kubernetes.nodeVersion", (v: string) => `${production(Object.keys(EKS_VERSIONS).at(-1)!)}  nodeVersion: "${v}"\n`],
  ])("refuses a %s the calendar does not know, listing the known ones", (field, file) => {
    const text = problemsOf({ "ap.yaml": file("1.99") }, DEC_2_2026).join("\n");
    expect(text).toContain(
      `ap.yaml: ${field}: an EKS version in lib/config/eks-versions.ts: one of ${Object.keys(EKS_VERSIONS).join(", ")} (got "1.99")`,
    );
  });
});

/**
 * The one test that measures the shipped configuration against the real date (every other test
 * loads configuration on TEST_TODAY, test/helpers/today.ts). It starts failing 30 days before the
 * loader would refuse the shipped production environments, which would break every synth and deploy.
 */
describe("shipped production versions against the real date", () => {
  const WARNING_DAYS = PRODUCTION_MIN_STANDARD_SUPPORT_DAYS + 30;

  test(`shipped production versions have ${WARNING_DAYS} days of EKS standard support left`, () => {
    const shipped = loadPlatformConfig(undefined, { today: TEST_TODAY }).environments;
    expect(shipped.some((e) => e.tier === "production")).toBe(true);
    expect(shortSupportRunway(shipped, new Date(), WARNING_DAYS)).toEqual([]);
  });

  test("the warning names each production file whose version is inside the window, and only those", () => {
    const shipped = loadPlatformConfig(undefined, { today: TEST_TODAY }).environments;
    const prod = shipped.filter((e) => e.tier === "production");
    const version = prod[0]!.kubernetes.version;
    const end = new Date(`${EKS_VERSIONS[version]!.endOfStandardSupport}T12:00:00Z`);
    const inside = shortSupportRunway(shipped, addDays(end, -(WARNING_DAYS - 1)), WARNING_DAYS);
    const onVersion = prod.filter((e) => e.kubernetes.version === version);
    expect(inside).toHaveLength(onVersion.length);
    for (const [i, env] of onVersion.entries()) {
      expect(inside[i]).toContain(`${env.file}: kubernetes.version ${version} has ${WARNING_DAYS - 1} days of EKS standard support left`);
      expect(inside[i]).toContain("runbooks/eks-upgrade.md");
    }
    expect(shortSupportRunway(shipped, addDays(end, -WARNING_DAYS), WARNING_DAYS)).toEqual([]);
    expect(
      shortSupportRunway(
        shipped.filter((e) => e.tier !== "production"),
        addDays(end, 30),
        WARNING_DAYS,
      ),
    ).toEqual([]);
  });

  test("outside jest the loader measures from the wall clock: a production version long out of standard support is refused", () => {
    const actual = jest.requireActual<typeof ConfigLoad>("../../lib/config/load");
    const oldest = Object.keys(EKS_VERSIONS)[0]!;
    const dir = environmentsFixture({ "ap.yaml": production(oldest) });
    expect(() => actual.loadPlatformConfig(dir)).toThrow(/ap\.yaml: kubernetes\.version: production runs a Kubernetes version/);
    // The same file loads on a date when the version was new: the only difference is the date.
    const released = new Date(`${EKS_VERSIONS[oldest]!.released}T12:00:00Z`);
    expect(() => actual.loadPlatformConfig(dir, { today: released })).not.toThrow();
  });
});
