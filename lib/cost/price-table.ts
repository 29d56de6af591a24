import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { repoRoot } from "../paths";

const priceRow = z.strictObject({
  usd: z.number().nonnegative(),
  unit: z.string().min(1),
  source: z.string().min(1),
  asOf: z.union([z.string(), z.number()]).transform(String),
  grade: z.enum(["A", "A-d", "B"]),
  note: z.string().optional(),
});
const priceFile = z.strictObject({
  region: z.string().min(1),
  sources: z.record(z.string(), z.string()),
  prices: z.record(z.string(), priceRow),
});

/** One price: what it costs per unit, and where the number comes from. */
export interface Price {
  readonly key: string;
  readonly region: string;
  readonly usd: number;
  readonly unit: string;
  /** The source's key and its description (repository, file, commit or address). */
  readonly source: string;
  readonly sourceDetail: string;
  readonly asOf: string;
  readonly grade: "A" | "A-d" | "B";
}

/** Prices by region; `get` answers undefined for a price nobody has sourced. */
export class PriceBook {
  private constructor(private readonly byRegion: ReadonlyMap<string, ReadonlyMap<string, Price>>) {}

  /** Reads every `<region>.yaml` of a folder (default: lib/cost/prices), checking each row's source. */
  static load(dir: string = path.join(repoRoot(), "lib", "cost", "prices")): PriceBook {
    const regions = new Map<string, Map<string, Price>>();
    const problems: string[] = [];
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()) {
      const parsed = priceFile.safeParse(parse(fs.readFileSync(path.join(dir, file), "utf8")));
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`));
        continue;
      }
      const { region, sources, prices } = parsed.data;
      if (`${region}.yaml` !== file) problems.push(`${file}: region '${region}' must match the file name`);
      const rows = new Map<string, Price>();
      for (const [key, row] of Object.entries(prices)) {
        const detail = sources[row.source];
        if (!detail) problems.push(`${file}: prices.${key}.source '${row.source}' is not a key of sources`);
        rows.set(key, {
          key,
          region,
          usd: row.usd,
          unit: row.unit,
          source: row.source,
          sourceDetail: detail ?? "",
          asOf: row.asOf,
          grade: row.grade,
        });
      }
      regions.set(region, rows);
    }
    if (problems.length > 0) throw new Error(`price table invalid:\n  ${problems.join("\n  ")}`);
    return new PriceBook(regions);
  }

  /** Builds a book from rows in code (tests). */
  static of(rows: readonly Omit<Price, "sourceDetail">[]): PriceBook {
    const regions = new Map<string, Map<string, Price>>();
    for (const row of rows) {
      const m = regions.get(row.region) ?? new Map<string, Price>();
      m.set(row.key, { ...row, sourceDetail: row.source });
      regions.set(row.region, m);
    }
    return new PriceBook(regions);
  }

  /** A copy with one row added or replaced (tests, what-if pricing). */
  withRow(row: Price): PriceBook {
    const regions = new Map([...this.byRegion].map(([r, rows]) => [r, new Map(rows)]));
    const rows = regions.get(row.region) ?? new Map<string, Price>();
    rows.set(row.key, row);
    regions.set(row.region, rows);
    return new PriceBook(regions);
  }

  get(region: string, key: string): Price | undefined {
    return this.byRegion.get(region)?.get(key);
  }

  regions(): string[] {
    return [...this.byRegion.keys()].sort();
  }
}
