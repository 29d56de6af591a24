import { z } from "zod";
import { environmentSchema } from "../../lib/config/schema";
import { defaultsProblems, resolveSections, SECTIONS, type SectionDeclaration } from "../../lib/config/sections/registry";
import { TIERS } from "../../lib/config/types";
import { deriveSizing } from "../../lib/sizing";

const names = Object.keys(SECTIONS);

describe("configuration sections, declared once", () => {
  test("the environment schema has one optional field per declared section, described by its declaration", () => {
    const shape = environmentSchema.shape as Record<string, z.ZodType>;
    for (const [name, s] of Object.entries(SECTIONS)) {
      expect(shape[name]).toBeInstanceOf(z.ZodOptional);
      expect(shape[name]!.description).toBe(s.description);
      expect(shape[name]!.safeParse(undefined).success).toBe(true);
    }
  });

  test("the sections the capacity plan sizes are exactly the ones declared sized", () => {
    const sized = names.filter((n) => SECTIONS[n as keyof typeof SECTIONS].sized).sort();
    for (const tier of TIERS) expect(Object.keys(deriveSizing(5e9, tier)).sort()).toEqual(sized);
  });

  test("resolution: the file over the capacity plan (sized sections only) over the tier's defaults", () => {
    const staging = resolveSections(
      "staging",
      { buckets: { archiveRetentionDays: 45 }, kafka: { partitions: 12 } },
      { kafka: { partitions: 6, brokerCount: 9 }, buckets: { backupsObjectLockDays: 99 } },
    );
    expect(staging.buckets).toEqual({ ...SECTIONS.buckets.defaults.staging, archiveRetentionDays: 45 });
    expect(staging.kafka).toEqual({ ...SECTIONS.kafka.defaults.staging, brokerCount: 9, partitions: 12 });
    expect(staging.network).toEqual(SECTIONS.network.defaults.staging);
    expect(Object.keys(staging)).toEqual(names);
  });

  test("every tier default passes its own section's schema", () => {
    expect(defaultsProblems()).toEqual([]);
  });

  test("the defaults check names the section, tier and field of a default the schema rejects", () => {
    const widget: SectionDeclaration<z.ZodType> = {
      input: z.strictObject({ size: z.number().int().min(1) }),
      description: "a widget",
      defaults: { production: { size: 2 }, staging: { size: 0 } },
      sized: false,
    };
    expect(defaultsProblems({ widget })).toEqual([expect.stringMatching(/^widget\.staging: size: /)]);
  });
});
