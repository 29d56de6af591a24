/** One thing wrong with the configuration, located precisely enough to fix without searching. */
export interface ConfigProblem {
  /** Path of the file, relative to the repository root. */
  readonly file: string;
  /** Dotted field path inside the file (`kafka.brokerCount`), or "" for the whole file. */
  readonly field: string;
  /** What is allowed or expected. */
  readonly message: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.field ? `${p.file}: ${p.field}` : p.file;
  const got = p.value === undefined ? "" : ` (got ${JSON.stringify(p.value)})`;
  return `${where}: ${p.message}${got}`;
}

/** Thrown when the environment files are invalid; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`${problems.length} problem(s) in the environment files:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
  }
}
