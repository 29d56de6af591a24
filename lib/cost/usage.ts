import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { repoRoot } from "../paths";

const values = z.record(z.string(), z.number().nonnegative());
const usageSchema = z.strictObject({
  /** Per resource type, for every resource of that type. */
  defaults: z.record(z.string(), values).optional(),
  /** `<stack>/<type>.<name>` globs (`*` matches anything, case ignored); later entries win. */
  overrides: z.array(z.strictObject({ match: z.string().min(1), values, why: z.string().optional() })).optional(),
});
export type UsageInput = z.output<typeof usageSchema>;

/** The default usage file. */
export function defaultUsagePath(): string {
  return path.join(repoRoot(), "lib", "cost", "usage.yaml");
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );

/** Usage quantities (data processed, stored GB, ...) for resources whose cost depends on use. */
export class Usage {
  private readonly overrides: { re: RegExp; values: Record<string, number> }[];

  constructor(private readonly input: UsageInput = {}) {
    this.overrides = (input.overrides ?? []).map((o) => ({ re: globToRegExp(o.match), values: o.values }));
  }

  static load(file: string = defaultUsagePath()): Usage {
    const parsed = usageSchema.safeParse(parse(fs.readFileSync(file, "utf8")) ?? {});
    if (!parsed.success)
      throw new Error(`usage file ${file} invalid:\n  ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n  ")}`);
    return new Usage(parsed.data);
  }

  /** A copy with overrides placed before this file's, so the file's own values still win. */
  withBaseOverrides(overrides: NonNullable<UsageInput["overrides"]>): Usage {
    return new Usage({ ...this.input, overrides: [...overrides, ...(this.input.overrides ?? [])] });
  }

  /** A copy with more overrides after this file's (they win). */
  withOverrides(overrides: NonNullable<UsageInput["overrides"]>): Usage {
    return new Usage({ ...this.input, overrides: [...(this.input.overrides ?? []), ...overrides] });
  }

  /** Values for one resource: the type's defaults, then every matching override in order. */
  valuesFor(stack: string, type: string, name: string): Record<string, number> {
    const key = `${stack}/${type}.${name}`;
    let out: Record<string, number> = { ...(this.input.defaults?.[type] ?? {}) };
    for (const o of this.overrides) if (o.re.test(key)) out = { ...out, ...o.values };
    return out;
  }
}
