import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { IPv4CidrRange } from "ip-num";
import { environmentsDir, loadPlatformConfig, type LoadOptions } from "../../lib/config/load";
import { ConfigError, formatProblem } from "../../lib/config/problems";

/** Fixture folders made by this module instance (one per test file, or per suite file). */
const created: string[] = [];

/** Deletes every folder environmentsFixture made so far. Registered with afterAll below. */
export function removeEnvironmentFixtures(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Jest gives every test file its own module registry, so this runs once at the end of each file
// that imports the helper, also when the file runs alone (npx jest <file>) outside a suite.
afterAll(removeEnvironmentFixtures);

/**
 * Copies the shipped environment files into a scratch folder, applies edits (file name → new text,
 * or null to delete), and returns the folder, deleted after the test file (removeEnvironmentFixtures).
 * Tests load configuration from it.
 */
export function environmentsFixture(edits: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
  created.push(dir);
  for (const f of fs.readdirSync(environmentsDir())) {
    if (f.endsWith(".yaml")) fs.copyFileSync(path.join(environmentsDir(), f), path.join(dir, f));
  }
  for (const [file, text] of Object.entries(edits)) {
    if (text === null) fs.rmSync(path.join(dir, file));
    else fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The text of a shipped environment file. */
export function shippedFile(name: string): string {
  return fs.readFileSync(path.join(environmentsDir(), name), "utf8");
}

/**
 * Names and a VPC range for a fixture environment that no shipped file uses, so fixtures never
 * collide with an environment someone adds (a shipped `ap.yaml` must not change what a test means).
 */
export const FIXTURE_ENV = "zz-fixture";

/** The first `10.N.0.0/16` (N from 200) that overlaps no shipped environment's VPC. */
export function freeVpcCidr(taken: readonly string[] = shippedVpcCidrs()): string {
  for (let n = 200; n < 256; n++) {
    const candidate = IPv4CidrRange.fromCidr(`10.${n}.0.0/16`);
    const free = taken.every((t) => {
      const other = IPv4CidrRange.fromCidr(t);
      return !candidate.contains(other) && !other.contains(candidate);
    });
    if (free) return candidate.toCidrString();
  }
  throw new Error("freeVpcCidr: every 10.200-255.0.0/16 range is taken by a shipped environment");
}

function shippedVpcCidrs(): string[] {
  return fs
    .readdirSync(environmentsDir())
    .filter((f) => f.endsWith(".yaml") && f !== "accounts.yaml")
    .flatMap((f) => /^vpcCidr:\s*(\S+)/m.exec(fs.readFileSync(path.join(environmentsDir(), f), "utf8"))?.[1] ?? []);
}

/**
 * Loads the shipped files with edits applied (environmentsFixture) and returns the formatted
 * problems, or [] when they load. Any error that is not a validation result is rethrown.
 */
export function configProblems(edits: Record<string, string | null>, options: LoadOptions = {}): string[] {
  try {
    loadPlatformConfig(environmentsFixture(edits), options);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
}
