import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { required } from "../defined";
import { loadAverage } from "./measure";

export interface TestRunSample {
  /** Exit code of the run. */
  readonly code: number;
  readonly seconds: number;
  /** User + system CPU of every process of the run (Linux: the children's times in /proc). */
  readonly cpuSeconds: number | undefined;
  /** Each part's wall time, from the last line test/run-checks.js prints. */
  readonly parts: readonly { name: string; ok: boolean; seconds: number }[];
  /** The run's output (printed by the caller when the run failed). */
  readonly output: string;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** CPU time of this process's waited-for children so far (cutime + cstime), or undefined off Linux. */
function childrenCpuSeconds(): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    // proc(5): cutime and cstime are fields 16 and 17, i.e. 14th and 15th after the name.
    return (Number(fields[13]) + Number(fields[14])) / ticks;
  } catch {
    return undefined;
  }
}

/** Parses `npm test: typecheck ok 12.3 s, lint ok 4.5 s, test:jest ok 98.7 s`. */
export function parseRunLine(output: string): TestRunSample["parts"] {
  const line = output
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("npm test: "));
  if (!line) return [];
  return line
    .slice("npm test: ".length)
    .split(", ")
    .map((part) => /^(\S+) (ok|FAILED.*) (\d+(?:\.\d+)?) s$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: required(m[1], `suite name in "${m[0]}"`), ok: m[2] === "ok", seconds: Number(m[3]) }));
}

/**
 * The runs `npm run bench -- --tests` measures: `npm test`, its jest part alone, and the fast tier
 * (`npm run test:fast`: the type-check and the tests that run no real tool, test/suites/tiers.ts).
 */
export type TestRunScript = "test" | "test:jest" | "test:fast";

/**
 * Runs a package.json script (`npm test`, test/run-checks.js, by default) as on a clean clone: no
 * type-check or lint state (dist/.cache removed first) and an empty jest cache (jest keeps its
 * transform cache under os.tmpdir(), here a fresh folder removed afterwards). `test:jest` is the
 * jest part alone. Installed tools (node_modules, the helm cache) stay: a clean clone runs `npm ci`
 * and .ci/install-test-tools.sh before `npm test`.
 */
export function measureTestRun(root: string, script: TestRunScript = "test"): TestRunSample {
  fs.rmSync(path.join(root, "dist", ".cache"), { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tests-"));
  const loadBefore = loadAverage();
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  // The package.json script itself, run as npm runs it (a shell, node_modules/.bin on the PATH).
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const command = scripts[script];
  if (!command) throw new Error(`package.json: scripts.${script} is missing`);
  const result = spawnSync(command, {
    cwd: root,
    shell: true,
    env: {
      ...process.env,
      TMPDIR: tmp,
      TMP: tmp,
      TEMP: tmp,
      PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  fs.rmSync(tmp, { recursive: true, force: true });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return {
    code: result.status ?? 1,
    seconds,
    cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    // test/run-checks.js prints each part's time; a lone jest run is its one part.
    parts: script === "test:jest" ? [{ name: "test:jest", ok: result.status === 0, seconds }] : parseRunLine(output),
    output,
    loadBefore,
    loadAfter: loadAverage(),
  };
}
