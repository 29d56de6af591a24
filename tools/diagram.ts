/**
 * `npm run diagram`: synthesizes the app in-process and writes a Mermaid diagram per environment
 * to docs/diagrams/<env>.md plus an index (docs/diagrams/README.md). `--check` writes nothing and
 * exits 1 when a committed page is stale (the test does the same).
 */
import * as path from "node:path";
import { Command } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import { ConfigError } from "../lib/config/problems";
import { DIAGRAMS_DIR, generateDiagrams, stalePages, writeDiagrams } from "../lib/diagram";
import { repoRoot } from "../lib/paths";

const opts = new Command()
  .name("diagram")
  .description("Render the architecture diagrams from the synthesized stacks.")
  .option("--check", "write nothing; exit 1 if a committed diagram is stale")
  .parse()
  .opts<{ check?: boolean }>();

try {
  const dir = path.join(repoRoot(), DIAGRAMS_DIR);
  const pages = generateDiagrams(loadPlatformConfig());
  if (opts.check) {
    const stale = stalePages(dir, pages);
    process.stdout.write(
      stale.length === 0
        ? "diagrams are up to date\n"
        : `stale: ${stale.map((f) => path.join(DIAGRAMS_DIR, f)).join(", ")}; run npm run diagram\n`,
    );
    process.exitCode = stale.length === 0 ? 0 : 1;
  } else {
    writeDiagrams(dir, pages);
    process.stdout.write(`wrote ${[...pages.keys()].map((f) => path.join(DIAGRAMS_DIR, f)).join(", ")}\n`);
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
