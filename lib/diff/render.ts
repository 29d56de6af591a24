import type { AttributeChange, DiffResult, ResourceChange, StackDiff } from "./compare";

export type DiffFormat = "text" | "markdown";

export interface RenderOptions {
  readonly format: DiffFormat;
  /** Destructive changes were allowed (--allow-destroy): say so instead of refusing. */
  readonly allowDestroy: boolean;
}

const SYMBOL: Record<ResourceChange["kind"], string> = { create: "+", destroy: "-", update: "~", replace: "-/+" };
const MAX_VALUE = 80;

/** Short, single-line rendering of a JSON value. */
function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function counts(s: StackDiff): string {
  const n = (k: ResourceChange["kind"]) => s.resources.filter((r) => r.kind === k).length;
  return `${n("create")} to add, ${n("update")} to change, ${n("replace")} to replace, ${n("destroy")} to destroy`;
}

/** Why a destroy or replacement of a stateful resource is dangerous, in one line. */
function danger(r: ResourceChange): string {
  const loses = r.loses ?? "its data";
  if (r.kind === "replace") {
    const why = r.changes.filter((c) => c.forcesReplacement).map((c) => `${c.path} (${c.forcesReplacement})`);
    return `REPLACED (destroy, then create): ${why.join("; ")}. Loses ${loses}.`;
  }
  if (r.renamedTo) {
    const where = r.renamedTo.stack === r.stack ? "" : ` in stack ${r.renamedTo.stack}`;
    return `DESTROYED: its construct id changed (${r.constructPath ?? r.address} -> ${r.renamedTo.constructPath ?? r.renamedTo.address}${where}); Terraform destroys and recreates it. Loses ${loses}. Keep the old id, or move the state (terraform state mv) before applying.`;
  }
  return `DESTROYED: removed from the code. Loses ${loses}.`;
}

function attributeLine(c: AttributeChange): string {
  const mark = [
    c.forcesReplacement ? ` # forces replacement: ${c.forcesReplacement}` : "",
    c.mayForceReplacement ? ` # may force replacement (${c.mayForceReplacement}, decided by the provider at plan time)` : "",
    c.weakensProtection ? ` # protection removed: ${c.weakensProtection}` : "",
  ].join("");
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}${mark}`;
}

function resourceNote(r: ResourceChange): string {
  if (r.renamedFrom) return ` (was ${r.renamedFrom.address}${r.renamedFrom.stack === r.stack ? "" : ` in ${r.renamedFrom.stack}`})`;
  if (r.renamedTo) return ` (now ${r.renamedTo.address}${r.renamedTo.stack === r.stack ? "" : ` in ${r.renamedTo.stack}`})`;
  return "";
}

function verdict(result: DiffResult, allowDestroy: boolean): string {
  if (result.destructive.length === 0) return "No stateful resource is destroyed or replaced.";
  const n = result.destructive.length;
  return allowDestroy
    ? `${n} stateful resource(s) destroyed or replaced: ALLOWED by --allow-destroy (the allow-destroy label).`
    : `${n} stateful resource(s) destroyed or replaced: REFUSED. If intended, add the allow-destroy label (--allow-destroy).`;
}

export function renderText(result: DiffResult, options: RenderOptions): string {
  const lines: string[] = [];
  for (const s of result.stacks.filter((x) => x.status !== "unchanged")) {
    lines.push(`${s.stack} (${s.status}): ${counts(s)}`);
    for (const r of s.resources) {
      lines.push(`  ${SYMBOL[r.kind].padEnd(3)} ${r.address}${resourceNote(r)}`);
      if (r.stateful && (r.kind === "destroy" || r.kind === "replace")) lines.push(`      !! ${danger(r)}`);
      if (r.replacementUnknown) lines.push(`      ?? update or replacement unknown: ${r.replacementUnknown}`);
      for (const c of r.changes) lines.push(`      ${attributeLine(c)}`);
    }
    for (const c of s.settings) lines.push(`  ~   stack setting ${attributeLine(c)}`);
  }
  if (lines.length === 0) lines.push("No changes.");
  lines.push(verdict(result, options.allowDestroy));
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(result: DiffResult, options: RenderOptions): string {
  const out: string[] = [];
  const changed = result.stacks.filter((x) => x.status !== "unchanged");
  const icon = result.destructive.length === 0 ? ":white_check_mark:" : options.allowDestroy ? ":warning:" : ":no_entry:";
  out.push(`**Synth diff** ${icon} ${verdict(result, options.allowDestroy)}`, "");
  if (changed.length === 0) out.push("No changes to the synthesized Terraform.");
  for (const s of changed) {
    out.push(`#### \`${s.stack}\` (${s.status}): ${counts(s)}`, "");
    const danger_ = s.resources.filter((r) => r.stateful && (r.kind === "destroy" || r.kind === "replace"));
    for (const r of danger_) out.push(`> :warning: \`${r.address}\` ${danger(r)}`, "");
    for (const r of s.resources) {
      for (const c of r.changes.filter((x) => x.weakensProtection))
        out.push(`> :warning: \`${r.address}\` ${c.path}: protection removed, ${c.weakensProtection}.`, "");
    }
    const creates = s.resources.filter((r) => r.kind === "create" && !r.renamedFrom);
    const others = s.resources.filter((r) => !creates.includes(r));
    if (others.length > 0) {
      out.push("| | resource | construct path | attributes |", "|---|---|---|---|");
      for (const r of others) {
        const attrs =
          r.changes.length === 0
            ? ""
            : `${r.changes.length} changed${r.changes.some((c) => c.forcesReplacement) ? ", forces replacement" : ""}${r.replacementUnknown ? ", replace or update unknown (no provider source)" : ""}`;
        out.push(
          `| \`${SYMBOL[r.kind]}\` | \`${r.address}\`${cell(resourceNote(r))} | ${r.constructPath ? `\`${r.constructPath}\`` : ""} | ${attrs} |`,
        );
      }
      out.push("");
    }
    if (creates.length > 0) {
      out.push(
        `<details><summary>${creates.length} to add</summary>`,
        "",
        ...creates.map((r) => `- \`${r.address}\``),
        "",
        "</details>",
        "",
      );
    }
    const detailed = s.resources.filter((r) => r.changes.length > 0);
    if (detailed.length > 0 || s.settings.length > 0) {
      out.push("<details><summary>Attribute changes</summary>", "", "```diff");
      for (const r of detailed) {
        out.push(`${r.kind === "replace" ? "!" : "~"} ${r.address}`);
        for (const c of r.changes) out.push(`  ${attributeLine(c)}`);
      }
      for (const c of s.settings) out.push(`~ stack setting ${attributeLine(c)}`);
      out.push("```", "", "</details>", "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function render(result: DiffResult, options: RenderOptions): string {
  return options.format === "markdown" ? renderMarkdown(result, options) : renderText(result, options);
}
