import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { repoRoot } from "../../lib/paths";
import { readManifest } from "../../lib/synth-output";
import { changedStacks, checkoutRevision, planAllReasons, type Synthesizer } from "../../lib/changed";
import { runChangedCommand } from "../../lib/changed/command";
import { revisionSynth } from "../helpers/revision-synth";

/**
 * `npm run changed` on scratch repositories: a copy of this repository's tracked files, committed,
 * then one edit committed on top. Each revision is synthesized in this process by its own
 * lib/synth-command.ts (the same code `npm run synth` runs), not through npm; a revision whose code is
 * this checkout's runs the copy already loaded, and a revision seen before is not synthesized again.
 */
const root = repoRoot();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "changed-test-"));
const repo = path.join(scratch, "repo");
const git = (...args: string[]) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { encoding: "utf8" }).trim();

// The checkout's files as they are, new ones not yet committed included (a new environment file
// must be seen); ignored files are not copied and test/ is not needed to synthesize.
const files = execFileSync("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !f.startsWith("test/") && fs.existsSync(path.join(root, f)));
// Each distinct revision synthesized once; revisions that only edit environment files reuse this
// checkout's loaded code (test/helpers/revision-synth.ts says why that is the same synth).
const revisions = revisionSynth(root, files, scratch);
const inProcessSynth: Synthesizer = revisions.synthesize;

/** Commits an edit of one file (given its text) and returns the new commit. */
function commitEdit(file: string, edit: (text: string) => string): string {
  const full = path.join(repo, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, "utf8")));
  git("commit", "-q", "-am", `edit ${file}`);
  return git("rev-parse", "HEAD");
}

/** Edits a YAML file through its document, keeping comments. */
const yamlEdit = (change: (doc: ReturnType<typeof parseDocument>) => void) => (text: string) => {
  const doc = parseDocument(text);
  change(doc);
  return doc.toString();
};

// Environments from the folder, never from a list of names.
const envFiles = fs
  .readdirSync(path.join(root, "environments"))
  .filter((f) => f.endsWith(".yaml") && f !== "accounts.yaml")
  .sort();
const envFile = envFiles[0]!;
const envName = envFile.replace(/\.yaml$/, "");

let base = "";
let baseOut = "";

beforeAll(() => {
  fs.mkdirSync(repo);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(repo, f));
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(repo, "node_modules"), "dir");
  git("init", "-q", "-b", "main");
  // .gitignore's `node_modules/` does not match a symlink.
  fs.appendFileSync(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  base = git("rev-parse", "HEAD");
  const tree = checkoutRevision(repo, base);
  try {
    baseOut = path.join(scratch, "base.out");
    inProcessSynth(tree.dir, baseOut);
  } finally {
    tree.remove();
  }
}, 120_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Stacks of the base synth with remote state (what any matrix may hold). */
const remoteStateStacks = () =>
  readManifest(baseOut)
    .filter(
      (s) =>
        (JSON.parse(fs.readFileSync(s.file, "utf8")) as { terraform?: { backend?: Record<string, unknown> } }).terraform?.backend?.s3 !==
        undefined,
    )
    .map((s) => s.name);

/** Every stack appears after the stacks it depends on. */
function expectDeployOrder(order: readonly { stack: string; dependencies: readonly string[] }[]) {
  const at = new Map(order.map((s, i) => [s.stack, i]));
  for (const s of order) for (const d of s.dependencies) if (at.has(d)) expect(at.get(d)!).toBeLessThan(at.get(s.stack)!);
}

describe("npm run changed", () => {
  afterEach(() => git("reset", "-q", "--hard", base));

  test(`an edit of environments/${envFile} alone plans only ${envName}-* stacks, in deploy order`, () => {
    const head = commitEdit(
      `environments/${envFile}`,
      yamlEdit((doc) => doc.set("eventsPerMonth", Number(doc.get("eventsPerMonth")) * 2)),
    );
    // The whole path: both revisions synthesized (the base's output is the one beforeAll made).
    const before = { ...revisions.counts };
    const result = changedStacks({ repo, base, head, synthesize: inProcessSynth });
    expect(revisions.counts).toEqual({ ...before, reused: before.reused + 1, own: before.own + 1 });
    const planned = result.matrix.include.map((t) => t.stack);
    expect(result.planAll).toEqual([]);
    expect(planned.length).toBeGreaterThan(0);
    for (const s of planned) expect(s.startsWith(`${envName}-`)).toBe(true);
    expect(planned).not.toContain("organization");
    expectDeployOrder(result.matrix.include);
    // Stacks of the other environments are reported unchanged.
    for (const s of result.stacks.filter((x) => !x.stack.startsWith(`${envName}-`))) expect(s.change).toBe("unchanged");
  }, 120_000);

  test("a new region for backups changes the SCP region list: organization is planned too", () => {
    const withBackup = envFiles.find((f) => /backupReplicationRegion:/.test(fs.readFileSync(path.join(repo, "environments", f), "utf8")));
    expect(withBackup).toBeDefined();
    const envRegions = new Set(
      envFiles.map((f) => String(parseDocument(fs.readFileSync(path.join(repo, "environments", f), "utf8")).get("region"))),
    );
    // A region no environment uses yet (the SCP allows only the regions in use).
    const region = ["ap-southeast-2", "ca-central-1", "sa-east-1"].find(
      (r) => !envRegions.has(r) && !fs.readFileSync(path.join(repo, "environments", withBackup!), "utf8").includes(r),
    )!;
    const head = commitEdit(
      `environments/${withBackup}`,
      yamlEdit((doc) => {
        doc.setIn(["postgres", "backupReplicationRegion"], region);
        // A backup region in another geography is not compatible with a residency zone.
        doc.delete("residency");
      }),
    );
    const result = changedStacks({ repo, base, head, baseOut, synthesize: inProcessSynth });
    const planned = result.matrix.include.map((t) => t.stack);
    expect(planned[0]).toBe("organization");
    const env = withBackup!.replace(/\.yaml$/, "");
    for (const s of planned.slice(1)) expect(s.startsWith(`${env}-`)).toBe(true);
  }, 120_000);

  test("an edit of the base stack every stack extends plans every stack it reaches (bootstrap stacks still never)", () => {
    // The AWS provider's session name: every stack, bootstrap ones included, configures it.
    const head = commitEdit("stacks/base-stack.ts", (t) => {
      // eslint-disable-next-line no-template-curly-in-string -- TypeScript source text, not a template
      const edited = t.replace("sessionName: `cdktf-${id}`", "sessionName: `cdktf-ci-${id}`");
      expect(edited).not.toBe(t);
      return edited;
    });
    const fresh = revisions.counts.fresh;
    const result = changedStacks({ repo, base, head, baseOut, synthesize: inProcessSynth });
    // Edited code is never served by this checkout's loaded modules.
    expect(revisions.counts.fresh).toBe(fresh + 1);
    expect(result.planAll).toEqual([]);
    const reached = result.stacks.filter((s) => s.change === "modified").map((s) => s.stack);
    expect(reached.sort()).toEqual(
      readManifest(baseOut)
        .map((s) => s.name)
        .sort(),
    );
    expect(result.matrix.include.map((t) => t.stack).sort()).toEqual(reached.filter((s) => remoteStateStacks().includes(s)).sort());
    expect(result.matrix.include.map((t) => t.stack).some((s) => s.startsWith("bootstrap-"))).toBe(false);
    expectDeployOrder(result.matrix.include);
  }, 120_000);

  test("a change to a workflow plans every stack with remote state, and says why", () => {
    const head = commitEdit(".github/workflows/plan.yml", (t) => `${t}\n# touched\n`);
    const result = changedStacks({ repo, base, head, baseOut, headOut: baseOut });
    expect(result.planAll).toEqual([".github/workflows/plan.yml changed"]);
    expect(result.matrix.include.map((t) => t.stack).sort()).toEqual(remoteStateStacks().sort());
  });

  test("the Terraform pin, cdktf.json and the provider pins in package-lock.json plan everything; other lock entries do not", () => {
    const tf = commitEdit(".terraform-version", (t) => t.replace(/\d+\s*$/, "99\n"));
    expect(planAllReasons(repo, base, tf)).toEqual([".terraform-version changed"]);
    git("reset", "-q", "--hard", base);
    const providerName = "@cdktf/provider-aws";
    const bump = commitEdit("package-lock.json", (t) => {
      const lock = JSON.parse(t) as { packages: Record<string, { version: string }> };
      lock.packages[`node_modules/${providerName}`]!.version = "99.0.0";
      return `${JSON.stringify(lock, null, 2)}\n`;
    });
    expect(planAllReasons(repo, base, bump)).toEqual([
      expect.stringMatching(new RegExp(`^${providerName} \\S+ -> 99\\.0\\.0 in package-lock\\.json$`)),
    ]);
    git("reset", "-q", "--hard", base);
    const other = commitEdit("package-lock.json", (t) => {
      const lock = JSON.parse(t) as { packages: Record<string, { version: string }> };
      lock.packages["node_modules/yaml"]!.version = "0.0.1";
      return `${JSON.stringify(lock, null, 2)}\n`;
    });
    expect(planAllReasons(repo, base, other)).toEqual([]);
  });

  test("a base that does not synthesize plans everything; a bad ref is named", () => {
    const broken = commitEdit(`environments/${envFile}`, (t) => `${t}\nnotAField: 1\n`);
    git("reset", "-q", "--hard", base);
    git("checkout", "-q", "-b", "fix", broken);
    const fixed = commitEdit(`environments/${envFile}`, (t) => t.replace(/\nnotAField: 1\n$/, "\n"));
    git("checkout", "-q", "main");
    const result = changedStacks({ repo, base: broken, head: fixed, headOut: baseOut, synthesize: inProcessSynth });
    expect(result.planAll).toEqual([expect.stringMatching(/^the base \S+ did not synthesize \(.*notAField/)]);
    expect(result.matrix.include).toHaveLength(remoteStateStacks().length);
    const missing = changedStacks({ repo, base, head: fixed, baseOut: path.join(scratch, "no-such.out"), headOut: baseOut });
    expect(missing.planAll).toEqual([`the base has no synth output in ${path.join(scratch, "no-such.out")} (it did not synthesize)`]);
    expect(missing.stacks.every((s) => s.change === "no base")).toBe(true);
    expect(() => changedStacks({ repo, base: "no-such-ref", head: fixed, headOut: baseOut })).toThrow(
      /^--base: no-such-ref is not a commit of /,
    );
  }, 120_000);

  test("the command: --json prints the matrix, --github-output writes matrix= and count=, the table lists every stack; bad input is one clear line", () => {
    const head = commitEdit(".github/workflows/plan.yml", (t) => `${t}\n# touched\n`);
    const run = (args: string[], githubOutput?: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = runChangedCommand(args, {
        repo,
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        ...(githubOutput ? { githubOutput } : {}),
      });
      return { code, out: out.join(""), err: err.join("") };
    };
    const outs = ["--base", base, "--head", head, "--base-out", baseOut, "--head-out", baseOut];
    const json = run([...outs, "--json"]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { include: { stack: string }[] }).include.map((t) => t.stack).sort()).toEqual(
      remoteStateStacks().sort(),
    );
    const file = path.join(scratch, "github-output");
    expect(run([...outs, "--github-output"], file).code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toMatch(new RegExp(`^matrix=\\{"include":\\[.*\\]\\}\ncount=${remoteStateStacks().length}\n$`));
    const table = run(outs).out;
    expect(table).toContain("plans every stack: .github/workflows/plan.yml changed");
    for (const s of readManifest(baseOut)) expect(table).toContain(s.name);
    expect(run(["--base", "nope", "--head", head, "--base-out", baseOut, "--head-out", baseOut])).toEqual({
      code: 1,
      out: "",
      err: `changed: --base: nope is not a commit of ${repo}\n`,
    });
    expect(run([...outs, "--github-output"]).err).toBe("changed: --github-output: GITHUB_OUTPUT is not set\n");
    expect(run(["--head", head]).err).toMatch(/required option '--base <ref>' not specified/);
  });
});
