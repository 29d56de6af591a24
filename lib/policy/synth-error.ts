export const ANNOTATION_ERROR = 'Encountered Annotations with level "ERROR":';
const RULE_LINE = /^[A-Z0-9]+-\d{2} /;

/**
 * Turns the error app.synth() throws into what `npm run synth` prints: for error annotations, one
 * line per problem (guardrail lines already name rule, stack and resource; others keep their
 * construct path), without cdktf's advice to ignore them. Other errors pass through.
 */
export function describeSynthError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!message.startsWith(ANNOTATION_ERROR)) return message;
  const lines = message
    .split("\n")
    .map((l) => /^\[([^\]]+)\] (.*)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, path, text = ""]) => (RULE_LINE.test(text) ? text : `${path}: ${text}`));
  const n = lines.length;
  return `${n} problem${n === 1 ? "" : "s"} (synth stops at the first stack with errors; npm run policy lists every stack):\n${lines.join("\n")}`;
}
