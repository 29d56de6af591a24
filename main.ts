/**
 * The cdktf app (`cdktf synth|diff|deploy` run this through cdktf.json). It validates every
 * environment file before building any stack: bad input exits 1 without writing anything.
 */
import { buildApp } from "./lib/app";
import { loadPlatformConfig } from "./lib/config/load";
import { ConfigError } from "./lib/config/problems";
import { escapeHclTemplatesOf } from "./lib/hcl/template-strings";

try {
  const { app } = buildApp(loadPlatformConfig());
  // `cdktf synth --hcl`: strings holding an expression must be escaped for HCL (lib/hcl/).
  escapeHclTemplatesOf(app);
  app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
