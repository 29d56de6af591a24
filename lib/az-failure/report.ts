/** The zone-failure report: one table row per environment and zone, then every loss with its reason. */
import Table from "cli-table3";
import { COMPONENTS, type ZoneOutcome } from "./model";

/** `<environment> <zone>: <loss>` for every loss, in row order. */
export function lossesOf(outcomes: readonly ZoneOutcome[]): string[] {
  return outcomes.flatMap((o) => o.components.flatMap((c) => c.losses.map((l) => `${o.environment} ${o.zone}: ${l}`)));
}

export function formatReport(outcomes: readonly ZoneOutcome[]): string {
  // Fixed widths for the component cells so long summaries wrap instead of widening the table.
  const table = new Table({
    head: ["environment", "zone lost", ...COMPONENTS, "verdict"],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, 16, 18, 22, 24, 18, 14, 14, null],
  });
  for (const o of outcomes) {
    const cells = COMPONENTS.map((name) => {
      const c = o.components.find((x) => x.component === name);
      return c ? `${c.losses.length > 0 ? "LOSS: " : ""}${c.summary}` : "-";
    });
    const lost = o.components.filter((c) => c.losses.length > 0).map((c) => c.component);
    table.push([o.environment, o.zone, ...cells, lost.length > 0 ? `loses ${lost.join(", ")}` : "survives"]);
  }
  const losses = lossesOf(outcomes);
  const environments = new Set(outcomes.map((o) => o.environment)).size;
  const summary =
    losses.length === 0
      ? `az-failure: every zone's loss leaves every component serving (${environments} environments, ${outcomes.length} zones)\n`
      : `az-failure: ${losses.length} losses:\n${losses.map((l) => `  ${l}`).join("\n")}\n`;
  return `${table.toString()}\n${summary}`;
}
