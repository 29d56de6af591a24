import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { forceNewTable, typesMissingFromTable, type ForceNewTable } from "../../lib/diff/force-new";
import { buildTable, type ProviderSource } from "../../lib/diff/generate/build-table";
import { buildStacks, synthJson } from "../helpers/synth";
import expected from "./fixtures/force-new.expected.json";

const FIXTURE = path.join(__dirname, "fixtures", "go");
const bindings = (name: string) => path.dirname(require.resolve(`@cdktf/provider-${name}/package.json`));
const FIXTURE_TYPES = ["aws_widget", "kubernetes_gadget_v1", "helm_chart_install", "aws_vpc", "aws_iam_role"];

function generate(root: string): ForceNewTable {
  const sources: ProviderSource[] = [
    { name: "aws", dir: path.join(root, "aws"), version: "0.0.1" },
    { name: "kubernetes", dir: path.join(root, "kubernetes"), version: "0.0.2" },
    { name: "helm", dir: path.join(root, "helm"), version: "0.0.3" },
  ];
  return buildTable({ sources, types: FIXTURE_TYPES, awsBindings: bindings("aws"), command: "test" }).table;
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("force-new table generator (tools/generate-force-new.ts)", () => {
  const table = generate(FIXTURE);

  test("reproduces the checked-in table from the fixture Go source", () => {
    expect(table).toEqual(expected);
  });

  test("SDKv2: ForceNew attributes by path through nested Elem resources, helper functions and names constants", () => {
    const widget = table.types.aws_widget!;
    expect(widget.forceNew).toEqual(["labels.team", "name", "placement.group", "subnets", "vpc_id"]);
    // A block's own ForceNew covers adding or removing it; `placement.zone` (no ForceNew) is not forcing.
    expect(widget.blocks).toEqual(["placement"]);
    expect(widget.forceNew).not.toContain("placement.zone");
    expect(widget.forceNew).not.toContain("size");
  });

  test("CustomizeDiff ForceNewIfChange and d.ForceNew are recorded as conditional, with the path normalised", () => {
    expect(table.types.aws_widget!.conditional).toEqual([
      { path: "placement.zone", via: "CustomizeDiff d.ForceNew" },
      { path: "version", via: "CustomizeDiff customdiff.ForceNewIfChange" },
    ]);
  });

  test("plugin framework: RequiresReplace and RequiresReplaceIfConfigured force, RequiresReplaceIf is conditional", () => {
    const chart = table.types.helm_chart_install!;
    expect(chart.forceNew).toEqual(["name", "namespace", "source.repository"]);
    expect(chart.conditional).toEqual([{ path: "storage.class", via: "RequiresReplaceIf" }]);
  });

  test("SDKv2 provider ResourcesMap registration and imperative metadata helpers", () => {
    expect(table.types.kubernetes_gadget_v1).toMatchObject({
      forceNew: ["metadata.name", "metadata.namespace"],
      source: "kubernetes/provider.go",
    });
  });

  test("types without source get an explicit null source; regional comes from the cdktf bindings", () => {
    expect(table.types.aws_iam_role).toEqual({ forceNew: [], blocks: [], conditional: [], source: null, regional: false });
    expect(table.types.aws_vpc).toMatchObject({ source: null, regional: true });
  });

  test("a ForceNew removed from the source disappears from the table (the comparison can fail)", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "force-new-fixture-"));
    scratch.push(copy);
    fs.cpSync(FIXTURE, copy, { recursive: true });
    const file = path.join(copy, "aws", "internal", "service", "widget", "widget.go");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("ForceNew: !updatableNetwork,", ""));
    const changed = generate(copy);
    expect(changed).not.toEqual(expected);
    expect(changed.types.aws_widget!.forceNew).not.toContain("vpc_id");
  });
});

describe("the checked-in force-new table", () => {
  test("has an entry for every resource type the shipped stacks synthesize", () => {
    const types = [...buildStacks().values()].flatMap((stack) => Object.keys(synthJson(stack).resource ?? {}));
    expect(types.length).toBeGreaterThan(0);
    expect(typesMissingFromTable(types)).toEqual([]);
  });

  test("the completeness check names a type the table lacks", () => {
    expect(typesMissingFromTable(["aws_vpc", "aws_made_up_type"])).toEqual(["aws_made_up_type"]);
  });

  test("was generated for the provider versions the cdktf bindings pin", () => {
    for (const name of ["aws", "kubernetes", "helm"]) {
      const pkg = JSON.parse(fs.readFileSync(path.join(bindings(name), "package.json"), "utf8")) as {
        cdktf: { provider: { version: string } };
      };
      expect(forceNewTable().providers[name]?.version).toBe(pkg.cdktf.provider.version);
    }
  });
});
