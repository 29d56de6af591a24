import type { IConstruct } from "constructs";

/** Shows a bad value as the environment file would: strings quoted, objects as JSON. */
function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Every problem found in one construct's props, thrown at once. Each line reads
 * `<construct path>: <field>: <what is allowed> (got <value>)`, so a wrong environment file is
 * fixed in one pass and the message points at the resource it would have made.
 */
export class PropsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "PropsError";
  }
}

/**
 * Collects the problems of one construct's props. Create it in the constructor after `super()`
 * (the construct path is known then), record with `require`/`add`, and call `throwIfAny()` before
 * creating any resource. A helper that validates what a construct passes it (planSubnets,
 * addonVersionsFor, ...) takes that construct as its scope, so the message names it too. The only
 * error message format under constructs/: the kit lint rule (eslint.config.mjs) refuses any other throw.
 */
export class PropsProblems {
  private readonly problems: string[] = [];

  constructor(private readonly scope: IConstruct) {}

  /** Records a problem unless `ok`. `allowed` says what the field accepts, in words. */
  require(ok: boolean, field: string, value: unknown, allowed: string): this {
    if (!ok) this.add(field, value, allowed);
    return this;
  }

  /** Records a problem. */
  add(field: string, value: unknown, allowed: string): this {
    this.problems.push(`${this.scope.node.path}: ${field}: ${allowed} (got ${shown(value)})`);
    return this;
  }

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one PropsError listing every recorded problem, if any. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new PropsError(this.problems);
  }
}
