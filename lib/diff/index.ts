import { diffSynth, type DiffResult } from "./compare";
import { readSynthTree } from "./read";
import { render, type DiffFormat } from "./render";

export { diffSynth, type DiffResult } from "./compare";
export { readSynthTree } from "./read";
export { destructiveOf } from "./destructive";
export { forceNewOf, type TypeEntry } from "./force-new";

export interface DiffCommandOptions {
  readonly base: string;
  readonly head: string;
  readonly allowDestroy: boolean;
  readonly format: DiffFormat;
  /** Only these stacks (PR comments are per stack); default all. */
  readonly stacks?: readonly string[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit status when a stateful resource would be destroyed or replaced and that is not allowed. */
export const EXIT_DESTRUCTIVE = 2;

/** Keeps the given stacks of a result. The diff itself runs on every stack, so a resource that
 * moved to another stack is still reported as moved, not as merely removed. */
function only(result: DiffResult, stacks?: readonly string[]): DiffResult {
  if (!stacks) return result;
  return {
    stacks: result.stacks.filter((s) => stacks.includes(s.stack)),
    destructive: result.destructive.filter((r) => stacks.includes(r.stack)),
  };
}

/** `npm run diff`: prints the report and returns the exit status (0, 1 on bad input, 2 refused). */
export function runDiff(options: DiffCommandOptions): number {
  let result: DiffResult;
  try {
    result = only(diffSynth(readSynthTree(options.base), readSynthTree(options.head)), options.stacks);
  } catch (err) {
    options.stderr(`diff: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  options.stdout(render(result, { format: options.format, allowDestroy: options.allowDestroy }));
  return result.destructive.length > 0 && !options.allowDestroy ? EXIT_DESTRUCTIVE : 0;
}
