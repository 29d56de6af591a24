import * as path from "node:path";
import { TerraformResource } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { factsProblems, resourceTypeFacts, type ResourceTypeFacts } from "../../lib/catalog/resource-type-facts";
import { catalogGaps, RESOURCE_TYPES } from "../../lib/catalog/resource-types";
import { destructiveOf } from "../../lib/diff/destructive";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { buildStacks } from "../helpers/synth";

/**
 * Resource types of a set of stacks, read from the construct tree: the same set synthesis writes
 * (no aspect of this app adds resources), without paying for a synth of every fixture stack.
 */
const typesOf = (stacks: ReturnType<typeof buildStacks>): string[] =>
  [...stacks.values()].flatMap((stack) =>
    stack.node
      .findAll()
      .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
      .map((r) => r.terraformResourceType),
  );

/**
 * The shipped environments with every optional layer on: the recovery target (off in the shipped
 * files) switched on for the first production environment that has a backup region.
 */
function withOptionalLayers(): string {
  const target = loadPlatformConfig().environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null);
  if (!target) return environmentsFixture();
  const file = path.basename(target.file);
  return environmentsFixture({ [file]: `${shippedFile(file)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n` });
}

describe("the resource catalog", () => {
  const shipped = typesOf(buildStacks());
  const fixtures = [
    ...typesOf(buildStacks(loadPlatformConfig(path.join(__dirname, "..", "fixtures", "environments")))),
    ...typesOf(buildStacks(loadPlatformConfig(withOptionalLayers()))),
  ];

  test("has an entry for every type the shipped and fixture environments synthesize, and none for a type nothing synthesizes", () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(catalogGaps([...shipped, ...fixtures])).toEqual({ missing: [], unused: [] });
  });

  test("the coverage check names a missing type and an unused entry", () => {
    expect(catalogGaps(["aws_vpc", "aws_made_up_type"], { aws_vpc: {}, aws_retired_type: {} })).toEqual({
      missing: ["aws_made_up_type"],
      unused: ["aws_retired_type"],
    });
  });

  test("every stateful type is checked by a guardrail family and has replacement rules read from provider source", () => {
    expect(factsProblems(Object.keys(RESOURCE_TYPES).map(resourceTypeFacts))).toEqual([]);
  });

  test("the facts check names each kind of gap", () => {
    const facts = (over: Partial<ResourceTypeFacts>): ResourceTypeFacts => ({
      type: "aws_widget",
      stateful: true,
      loses: "the widget",
      pricing: "pricer",
      policyFamilies: ["WID"],
      replacementRules: "internal/service/widget/widget.go",
      ...over,
    });
    expect(factsProblems([facts({})])).toEqual([]);
    expect(
      factsProblems([facts({ policyFamilies: [] }), facts({ replacementRules: "no source" }), facts({ replacementRules: "not in table" })]),
    ).toEqual([
      "aws_widget: stateful, but no guardrail (lib/policy/rules) checks it",
      "aws_widget: stateful, but its replacement rules were not read from provider source (force-new table source: null)",
      "aws_widget: not in lib/diff/force-new.generated.json (regenerate it: docs/diff.md)",
    ]);
    // A stateless type needs neither a guardrail nor provider source.
    expect(factsProblems([facts({ stateful: false, policyFamilies: [], replacementRules: "no source" })])).toEqual([]);
    // A stateful type no rule can check passes only with the policy coverage list's reason.
    expect(factsProblems([facts({ policyFamilies: [], unchecked: "nothing to configure" })])).toEqual([]);
  });

  test("joins each fact from the place that owns it", () => {
    expect(resourceTypeFacts("aws_s3_bucket")).toEqual({
      type: "aws_s3_bucket",
      stateful: true,
      loses: "every object in the bucket",
      pricing: "pricer",
      policyFamilies: expect.arrayContaining(["S3"]),
      replacementRules: "internal/service/s3/bucket.go",
    });
    expect(resourceTypeFacts("aws_route")).toMatchObject({ stateful: false, pricing: "free" });
    expect(resourceTypeFacts("aws_made_up_type")).toMatchObject({ stateful: false, pricing: "unpriced", replacementRules: "not in table" });
  });

  test.each([
    ["kubernetes_namespace_v1", /every object in the namespace/],
    ["aws_guardduty_detector", /findings/],
    ["aws_db_instance_automated_backups_replication", /copied backups/],
    ["aws_eip", /public address/],
    ["aws_codeconnections_connection", /GitHub authorization/],
    ["aws_backup_vault", /recovery point/],
    ["aws_s3_bucket_replication_configuration", /replicas/],
  ])("%s is stateful: the diff guard refuses its loss and says what it costs", (type, cost) => {
    expect(destructiveOf(type, {})?.loses).toMatch(cost);
    expect(factsProblems([resourceTypeFacts(type)])).toEqual([]);
  });

  test("an AWS Backup plan or selection only schedules work: its replacement is not guarded", () => {
    for (const type of [
      "aws_backup_plan",
      "aws_backup_selection",
      "aws_backup_restore_testing_plan",
      "aws_backup_restore_testing_selection",
    ]) {
      expect({ type, guarded: destructiveOf(type, {}) !== undefined }).toEqual({ type, guarded: false });
    }
  });

  test("the diff guard protects exactly the stateful entries (narrowed where an entry says so)", () => {
    for (const [type, entry] of Object.entries(RESOURCE_TYPES)) {
      const guarded = destructiveOf(type, {}) !== undefined;
      if (!entry.stateful) expect({ type, guarded }).toEqual({ type, guarded: false });
      else if (!entry.appliesTo) expect({ type, guarded }).toEqual({ type, guarded: true });
    }
    expect(destructiveOf("aws_cloudwatch_log_group", { name: "/aws/cloudtrail/org" })?.loses).toBe("the audit trail's log events");
    expect(destructiveOf("aws_cloudwatch_log_group", { name: "/aws/eks/us/cluster" })).toBeUndefined();
    expect(destructiveOf("aws_eks_node_group", { labels: { "node-role": "clickhouse" } })).toBeDefined();
    expect(destructiveOf("helm_release", { name: "clickhouse-operator", chart: "altinity-clickhouse-operator" })).toBeUndefined();
  });
});
