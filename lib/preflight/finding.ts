/** One precondition that does not hold when a resource's turn comes in the deploy order. */
export interface Finding {
  readonly stack: string;
  /** Terraform address, or `provider.<name>` / `stack` for stack-wide preconditions. */
  readonly address: string;
  /** What is missing when the resource is applied. */
  readonly missing: string;
  /** How to make it hold. */
  readonly fix: string;
  /** Which check or constraint row found it. */
  readonly check: string;
}

export function formatFinding(f: Finding): string {
  return `${f.stack} ${f.address}: ${f.missing} — fix: ${f.fix}`;
}
