import { spawn, spawnSync } from "node:child_process";

export const INSTALL_HINT = "promtool is not installed: run .ci/install-test-tools.sh (Debian package `prometheus`), then rerun the tests";

/** Runs promtool; throws the install hint when it is missing (never skips). */
export function promtool(args: string[], cwd?: string): { status: number; output: string } {
  const r = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(INSTALL_HINT);
    throw r.error;
  }
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** promtool in the background, so independent runs (one per unit-test file) overlap. */
export function promtoolAsync(args: string[], cwd?: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", args, { cwd });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (e: NodeJS.ErrnoException) => reject(e.code === "ENOENT" ? new Error(INSTALL_HINT) : e));
    child.on("close", (code) => resolve({ status: code ?? -1, output }));
  });
}

/**
 * Prometheus's humanizeDuration (template function) for a number of seconds >= 1, as
 * prometheus/template/template.go prints it (read 2026-12-02): days/hours/minutes with integer
 * seconds, else seconds to 4 significant digits.
 */
export function humanizeDuration(seconds: number): string {
  if (!(seconds >= 1)) throw new Error(`humanizeDuration: only values >= 1 are supported here, got ${seconds}`);
  const v = Math.trunc(seconds);
  const [d, h, m, s] = [Math.trunc(v / 86400), Math.trunc(v / 3600) % 24, Math.trunc(v / 60) % 60, v % 60];
  if (d) return `${d}d ${h}h ${m}m ${s}s`;
  if (h) return `${h}h ${m}m ${s}s`;
  if (m) return `${m}m ${s}s`;
  return `${Number(seconds.toPrecision(4))}s`;
}
