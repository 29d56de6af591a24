/**
 * Collects every problem with a construct's props and throws once, listing them all, so a wrong
 * environment file is fixed in one pass instead of one error per synth.
 */
export class PropsProblems {
  private readonly problems: string[] = [];

  constructor(private readonly construct: string) {}

  /** Records a problem unless `ok`: names the prop, the bad value and what is allowed. */
  require(ok: boolean, prop: string, value: unknown, allowed: string): void {
    if (!ok) this.problems.push(`${prop}: ${allowed}, got ${JSON.stringify(value)}`);
  }

  /** Throws one Error listing every recorded problem, if any. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new Error(`${this.construct} has invalid props:\n${this.problems.map((p) => `- ${p}`).join("\n")}`);
  }
}
