import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../../lib/paths";

// Transcription checks on the regional price tables (lib/cost/prices/<region>.yaml), against the
// us-east-1 table and against their own arithmetic. Tables are read from the folder, so a table
// added for a new region is checked without editing this file.
type Row = { usd: number; note?: string };
type Table = { region: string; prices: Record<string, Row> };

const dir = path.join(repoRoot(), "lib", "cost", "prices");
const tables: Table[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => parse(fs.readFileSync(path.join(dir, f), "utf8")) as Table);
const base = tables.find((t) => t.region === "us-east-1")!;

/**
 * Rows more than `high` times or less than `low` times the us-east-1 price of the same key: no AWS
 * region in the tables' sources is below 0.9× or above 1.6× us-east-1 for these services, so a row
 * outside is a slipped decimal point or a wrong unit.
 */
function outOfBand(table: Table, reference: Table, low = 0.9, high = 1.6): string[] {
  return Object.entries(table.prices).flatMap(([key, row]) => {
    const ref = reference.prices[key];
    if (!ref || ref.usd === 0) return [];
    const ratio = row.usd / ref.usd;
    return ratio < low || ratio > high ? [`${table.region} ${key}: ${row.usd} is ${ratio.toFixed(2)}× us-east-1 ${ref.usd}`] : [];
  });
}

/**
 * Derived rows whose `note` ("<size> <price> × n" or "/ n") does not give their price, or names a
 * size of the same family whose row holds another price.
 */
function arithmeticSlips(table: Table): string[] {
  return Object.entries(table.prices).flatMap(([key, row]) => {
    const m = /^([0-9]*x?large) ([0-9.]+) ([×/]) ([0-9]+)\b/.exec(row.note ?? "");
    if (!m) return [];
    const [, size, price, op, n] = m;
    const expected = op === "×" ? Number(price) * Number(n) : Number(price) / Number(n);
    const problems: string[] = [];
    if (Math.abs(row.usd - expected) > 1e-4 * expected) problems.push(`${table.region} ${key}: ${row.usd} ≠ ${row.note}`);
    const sibling = table.prices[key.replace(/[^.]+$/, size!)];
    if (sibling && Math.abs(sibling.usd - Number(price)) > 1e-9)
      problems.push(`${table.region} ${key}: note cites ${size} ${price}, the table has ${sibling.usd}`);
    return problems;
  });
}

describe("regional price tables", () => {
  test("there is a table besides us-east-1 to check", () => {
    expect(tables.filter((t) => t !== base).length).toBeGreaterThan(0);
  });

  test.each(tables.filter((t) => t !== base).map((t) => [t.region, t] as const))(
    "%s: every row shared with us-east-1 is within 0.9-1.6× of it",
    (_region, table) => {
      expect(outOfBand(table, base)).toEqual([]);
    },
  );

  test.each(tables.map((t) => [t.region, t] as const))("%s: every derived row equals the arithmetic in its note", (_region, table) => {
    expect(arithmeticSlips(table)).toEqual([]);
  });

  test("the band check catches a slipped decimal point (0.07 for 0.70 logs ingestion)", () => {
    const slipped: Table = { region: "ap-southeast-1", prices: { "logs.ingestion": { usd: 0.07 } } };
    expect(outOfBand(slipped, base)).toEqual([expect.stringMatching(/^ap-southeast-1 logs\.ingestion: 0\.07 is 0\.14× us-east-1 0\.5$/)]);
  });

  test("the arithmetic check catches a wrong product and a note citing a price the table does not hold", () => {
    const wrong: Table = {
      region: "eu-west-1",
      prices: {
        "ec2.m7g.xlarge": { usd: 0.1819 },
        "ec2.m7g.2xlarge": { usd: 0.3683, note: "xlarge 0.1819 × 2" },
        "ec2.m7g.4xlarge": { usd: 0.78, note: "xlarge 0.195 × 4" },
      },
    };
    expect(arithmeticSlips(wrong)).toEqual([
      "eu-west-1 ec2.m7g.2xlarge: 0.3683 ≠ xlarge 0.1819 × 2",
      "eu-west-1 ec2.m7g.4xlarge: note cites xlarge 0.195, the table has 0.1819",
    ]);
  });
});
