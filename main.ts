/**
 * The cdktf app (`cdktf synth|diff|deploy` run this through cdktf.json). It validates every
 * environment file before building any stack: bad input exits 1 without writing anything.
 */
import { buildApp } from "./lib/app";
import { loadPlatformConfig } from "./lib/config/load";
import { escapeHclTemplatesOf } from "./lib/hcl/template-strings";
import { inputErrorMessage } from "./lib/input-error";

try {
  const { app } = buildApp(loadPlatformConfig());
  // `cdktf synth --hcl`: strings holding an expression must be escaped for HCL (lib/hcl/).
  escapeHclTemplatesOf(app);
  app.synth();
} catch (err) {
  // Bad input (environment file, construct props, policy findings) is reported without a stack
  // trace; anything else is a defect here and keeps its trace.
  const message = inputErrorMessage(err);
  if (message === undefined) throw err;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
