/**
 * The three defects a user reported, reproduced on a real synth of a modified copy of
 * environments/: the base is the shipped synth, the head a synth of the edited files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { buildApp } from "../../lib/app";
import { loadPlatformConfig, environmentsDir, ACCOUNTS_FILE } from "../../lib/config/load";
import { AWS_REGIONS } from "../../lib/config/regions";
import { diffSynth, type DiffResult } from "../../lib/diff";
import type { ResourceChange } from "../../lib/diff/compare";
import { destructiveOf } from "../../lib/diff/destructive";
import { forceNewOf } from "../../lib/diff/force-new";
import type { SynthTree, TfJson } from "../../lib/diff/read";
import { renderText } from "../../lib/diff/render";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { buildStacks, synthJson } from "../helpers/synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The first environment file (any would do) and the name its stacks carry. */
const envFile = fs
  .readdirSync(environmentsDir())
  .filter((f) => /\.ya?ml$/.test(f) && f !== ACCOUNTS_FILE)
  .sort()[0]!;
const envDoc = () => parseDocument(shippedFile(envFile));
const envName = String(envDoc().get("name") ?? envFile.replace(/\.ya?ml$/, ""));
const isEnvStack = (stack: string) => stack.startsWith(`${envName}-`);

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Synthesizes the given stacks of the shipped build. */
function shippedTree(keep: (stack: string) => boolean): SynthTree {
  return new Map([...buildStacks()].filter(([name]) => keep(name)).map(([name, s]) => [name, synthJson(s) as TfJson]));
}

/** Synthesizes a copy of environments/ with edited files: the given environments only, or the organization stack when none. */
function editedTree(edits: Record<string, string>, environments: string[], keep: (stack: string) => boolean): SynthTree {
  const dir = environmentsFixture(edits);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-synth-"));
  scratch.push(dir, outdir);
  const { stacks } = buildApp(loadPlatformConfig(dir), {
    outdir,
    environments,
    ...(environments.length > 0 ? { accountStacks: "none" as const } : {}),
  });
  return new Map(stacks.filter((s) => keep(s.node.id)).map((s) => [s.node.id, synthJson(s) as TfJson]));
}

/** The stacks of a tree that `keep` accepts (the base and head of one comparison hold the same stacks). */
const only = (tree: SynthTree, keep: (stack: string) => boolean): SynthTree => new Map([...tree].filter(([name]) => keep(name)));

const resourcesIn = (tree: SynthTree, stack: string, type: string) =>
  Object.keys((tree.get(stack)?.resource as Resources | undefined)?.[type] ?? {}).map((n) => `${type}.${n}`);
const changeOf = (result: DiffResult, address: string): ResourceChange | undefined =>
  result.stacks.flatMap((s) => s.resources).find((r) => r.address === address);

describe("diff on a real synth of a modified environment", () => {
  const base = shippedTree(isEnvStack);

  test("a vpcCidr change replaces the VPC and every subnet, destructively, and names cidr_block", () => {
    const used = new Set(loadPlatformConfig().environments.map((e) => e.vpcCidr));
    const cidr = Array.from({ length: 100 }, (_, i) => `10.${150 + i}.0.0/16`).find((c) => !used.has(c))!;
    const doc = envDoc();
    doc.set("vpcCidr", cidr);
    const network = `${envName}-network`;
    const isNetwork = (stack: string) => stack === network;
    const result = diffSynth(only(base, isNetwork), editedTree({ [envFile]: String(doc) }, [envName], isNetwork));

    const vpcs = resourcesIn(base, network, "aws_vpc");
    const subnets = resourcesIn(base, network, "aws_subnet");
    expect(vpcs.length).toBeGreaterThan(0);
    expect(subnets.length).toBeGreaterThan(0);
    for (const address of [...vpcs, ...subnets]) {
      const change = changeOf(result, address);
      expect(change).toMatchObject({ kind: "replace", stateful: true });
      expect(change!.changes.find((c) => c.path === "cidr_block")?.forcesReplacement).toBe("cannot change in place");
    }
    expect(result.destructive.map((r) => r.address)).toEqual(expect.arrayContaining([...vpcs, ...subnets]));

    const text = renderText(result, { format: "text", allowDestroy: false });
    const replaced = Number(new RegExp(`^${network} \\(changed\\): .* (\\d+) to replace`, "m").exec(text)?.[1]);
    expect(replaced).toBeGreaterThanOrEqual(vpcs.length + subnets.length);
    expect(text).toMatch(/REPLACED \(destroy, then create\): cidr_block \(cannot change in place\)/);
    expect(text).toContain("REFUSED");
  });

  test("a region change flags every regional stateful resource (Postgres included) and no global one", () => {
    const shipped = loadPlatformConfig();
    const env = shipped.environments.find((e) => e.name === envName)!;
    const candidates = Object.keys(AWS_REGIONS).filter((r) => r !== env.region && AWS_REGIONS[r]!.length >= 3);
    // The stacks holding a regional resource whose loss is destructive (synthesizing only those keeps the test fast).
    const holdsData = (json: TfJson) =>
      Object.entries((json.resource as Resources | undefined) ?? {}).some(
        ([type, byName]) => forceNewOf(type)?.regional && Object.values(byName).some((b) => destructiveOf(type, b)),
      );
    const dataStacks = new Set([...base].filter(([, json]) => holdsData(json)).map(([name]) => name));
    const isDataStack = (stack: string) => dataStacks.has(stack);
    let head: SynthTree | undefined;
    for (const region of candidates) {
      const doc = envDoc();
      doc.set("region", region);
      doc.delete("availabilityZones");
      try {
        head = editedTree({ [envFile]: String(doc) }, [envName], isDataStack);
        break;
      } catch {
        // Not every region passes the environment's own rules (backup region, residency); try the next.
      }
    }
    const result = diffSynth(only(base, isDataStack), head!);

    const expected: string[] = [];
    for (const [stack, json] of only(base, isDataStack)) {
      for (const [type, byName] of Object.entries((json.resource as Resources | undefined) ?? {})) {
        for (const [name, body] of Object.entries(byName)) {
          const address = `${type}.${name}`;
          if (!head!.get(stack)?.resource?.[type]?.[name]) continue; // renamed or dropped: reported as destroy
          const change = changeOf(result, address);
          const region = change?.changes.find((c) => c.path === "region");
          // A resource with its own `region` argument (AWS provider v6) stays where it is.
          const providerRegionChanges = body.provider === undefined && body.region === undefined;
          if (forceNewOf(type)?.regional && providerRegionChanges) {
            expect({ address, kind: change?.kind, forced: Boolean(region?.forcesReplacement) }).toEqual({
              address,
              kind: "replace",
              forced: true,
            });
            if (destructiveOf(type, body)) expected.push(address);
          } else {
            expect({ address, region }).toEqual({ address, region: undefined });
          }
        }
      }
    }
    const postgres = [...dataStacks].flatMap((s) => resourcesIn(base, s, "aws_db_instance"));
    expect(postgres.length).toBeGreaterThan(0);
    expect(result.destructive.map((r) => r.address)).toEqual(expect.arrayContaining([...postgres, ...expected]));
  });

  test("adding an account adds one provider alias and changes no existing one", () => {
    const accounts = parseDocument(shippedFile(ACCOUNTS_FILE));
    const existing = accounts.getIn(["accounts"]) as { items: { key: { value: string } }[] };
    const template = accounts.getIn(["accounts", existing.items.at(-1)!.key.value]) as { toJSON(): Record<string, unknown> };
    const name = "aa-sandbox"; // sorts before every shipped account: a positional comparison shifts every alias
    accounts.setIn(["accounts", name], {
      ...template.toJSON(),
      id: "399999999999",
      email: "aws-aa-sandbox@example.com",
      monthlyBudgetUsd: 1,
    });
    // Account budgets must fit the organization's: raise it by the new account's.
    accounts.setIn(["organization", "monthlyBudgetUsd"], Number(accounts.getIn(["organization", "monthlyBudgetUsd"])) + 1);
    const isOrganization = (stack: string) => stack === "organization";
    const before = shippedTree(isOrganization);
    const after = editedTree({ [ACCOUNTS_FILE]: String(accounts) }, [], isOrganization);

    const aliases = (t: SynthTree) =>
      ((t.get("organization")?.provider as { aws?: { alias?: string }[] } | undefined)?.aws ?? []).map((p) => p.alias ?? "(default)");
    const [was, now] = [aliases(before), aliases(after)];
    expect(now).toContain(name);
    expect(was.some((alias, i) => now[i] !== alias)).toBe(true); // the position-based comparison would have reported these

    const providerChanges = diffSynth(before, after).stacks[0]!.settings.filter((c) => c.path.startsWith("provider."));
    expect(providerChanges.length).toBeGreaterThan(0);
    for (const c of providerChanges) expect(c.path.startsWith(`provider.aws.${name}`)).toBe(true);
  });
});
