/**
 * Regenerates lib/catalog/ec2-instance-types.generated.ts, the EC2 instance type names configuration is
 * checked against, from the AWS SDK's own list (`_InstanceType` in @aws-sdk/client-ec2, which the
 * SDK generates from the EC2 API model). Needs the npm registry; nothing else does.
 *
 *   npm run catalog:generate -- [--version 3.1178.0]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { repoRoot } from "../lib/paths";
import { parseInstanceTypeEnum, renderCatalog } from "../lib/catalog/parse-sdk-enum";

const program = new Command()
  .name("catalog:generate")
  .description("Regenerate lib/catalog/ec2-instance-types.generated.ts from @aws-sdk/client-ec2's instance type list")
  .option("--version <version>", "@aws-sdk/client-ec2 version to read", "3.1178.0")
  .parse();
const { version } = program.opts<{ version: string }>();

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-catalog-"));
try {
  execFileSync("npm", ["pack", `@aws-sdk/client-ec2@${version}`, "--silent"], { cwd: work, stdio: ["ignore", "pipe", "inherit"] });
  const tarball = fs.readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  execFileSync("tar", ["xzf", tarball, "package/dist-types/models/enums.d.ts"], { cwd: work });
  const types = parseInstanceTypeEnum(fs.readFileSync(path.join(work, "package/dist-types/models/enums.d.ts"), "utf8"));
  const out = path.join(repoRoot(), "lib", "catalog", "ec2-instance-types.generated.ts");
  fs.writeFileSync(out, renderCatalog(`@aws-sdk/client-ec2@${version} dist-types/models/enums.d.ts, _InstanceType`, types));
  console.log(`wrote ${path.relative(repoRoot(), out)}: ${types.length} instance types from @aws-sdk/client-ec2@${version}`);
} catch (err) {
  console.error(`catalog:generate: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
