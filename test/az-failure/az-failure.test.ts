/**
 * `npm run az-failure` over the shipped stacks (every production environment survives the loss of
 * any one zone) and over scratch copies of that output with one zone-failure defect each: the check
 * must name the loss and exit 1. The scratch copies are edited like a real defect would look in
 * cdktf.out (a chart that pins two replicas of a shard to one zone, one NAT gateway for every zone,
 * min.insync.replicas equal to the replication factor); Helm renders the charts for real.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { loadPlatformConfig } from "../../lib/config/load";
import { synthesize } from "../../lib/synth-command";
import { main } from "../../tools/az-failure";

const config = loadPlatformConfig();
const production = config.environments.filter((e) => e.tier === "production");
const env = production[0]!;
let scratch: string;
let shipped: string;

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };

function run(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, () => config);
  return { code, out, err };
}

/** A copy of the shipped output with one stack's JSON (and optionally a file) edited. */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = path.join(scratch, name);
  fs.cpSync(shipped, dir, { recursive: true });
  edit(dir);
  return dir;
}

function editStack(dir: string, stack: string, edit: (json: Json) => void): void {
  const file = path.join(dir, "stacks", stack, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

/** The ClickHouse chart release of a platform stack (the one whose values carry `placement`). */
function clickhouseRelease(json: Json): Record<string, unknown> {
  return Object.values(json.resource["helm_release"]!).find((r) => String((r["values"] as string[])[0]).includes("placement:"))!;
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "az-failure-test-"));
  shipped = path.join(scratch, "shipped");
  const errors: string[] = [];
  // The production environments' stacks (and the organization stack synth always builds): what the check reads.
  expect(
    synthesize({
      out: shipped,
      table: false,
      environments: production.map((e) => e.name),
      stdout: () => undefined,
      stderr: (t) => errors.push(t),
    }),
  ).toBe(0);
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("npm run az-failure over the shipped stacks", () => {
  test("every production environment keeps every component through the loss of any one zone", () => {
    const { code, out, err } = run(["--out", shipped]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(`every zone's loss leaves every component serving (${production.length} environments`);
    // One row per zone of every production environment, derived from environments/*.yaml.
    for (const e of production) for (const zone of e.availabilityZones) expect(out).toMatch(new RegExp(`│ ${e.name}\\s+│ ${zone}\\s+│`));
    expect(out).not.toMatch(/LOSS/);
  });
});

describe("npm run az-failure fails on a scratch copy with a zone-failure defect", () => {
  test("a chart that puts two replicas of a shard in one zone", () => {
    const dir = variant("same-zone-replicas", (d) => {
      const chart = String(
        clickhouseRelease(JSON.parse(fs.readFileSync(path.join(d, "stacks", `${env.name}-platform`, "cdk.tf.json"), "utf8")) as Json)[
          "chart"
        ],
      );
      const template = path.join(d, "stacks", `${env.name}-platform`, chart, "templates", "clickhouse-installation.yaml");
      const text = fs.readFileSync(template, "utf8");
      const broken = text.replace(
        'podTemplate: {{ printf "zone-%s" $zone | quote }}',
        'podTemplate: {{ printf "zone-%s" (index $replicaZones 0) | quote }}',
      );
      expect(broken).not.toBe(text);
      fs.writeFileSync(template, broken);
    });
    const { code, out } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(1);
    const zone = env.availabilityZones[0]!;
    expect(out).toMatch(new RegExp(`${env.name} ${zone}: ClickHouse \\S+ shard 0 loses every replica \\(0: ${zone}; 1: ${zone}\\)`));
    expect(out).toMatch(new RegExp(`│ ${env.name}\\s+│ ${zone}\\s+│ LOSS: 0/`));
  });

  test("values that place two replicas of a shard in one zone are refused by the chart's schema, and reported", () => {
    const dir = variant("same-zone-values", (d) =>
      editStack(d, `${env.name}-platform`, (json) => {
        const release = clickhouseRelease(json);
        const values = parse((release["values"] as string[])[0]!) as { placement: string[][] };
        values.placement[0] = values.placement[0]!.map(() => values.placement[0]![0]!);
        release["values"] = [stringify(values)];
      }),
    );
    const { code, err } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(2);
    expect(err).toMatch(/helm template clickhouse-cluster .* failed: .*placement/s);
  });

  test("a Keeper whose zone spread is only a preference (ScheduleAnyway)", () => {
    const dir = variant("keeper-soft-spread", (d) => {
      const chart = String(
        clickhouseRelease(JSON.parse(fs.readFileSync(path.join(d, "stacks", `${env.name}-platform`, "cdk.tf.json"), "utf8")) as Json)[
          "chart"
        ],
      );
      const template = path.join(d, "stacks", `${env.name}-platform`, chart, "templates", "keeper-installation.yaml");
      const text = fs.readFileSync(template, "utf8");
      const soft = text.replace(/(topologyKey: topology\.kubernetes\.io\/zone\s+whenUnsatisfiable: )DoNotSchedule/, "$1ScheduleAnyway");
      expect(soft).not.toBe(text);
      fs.writeFileSync(template, soft);
    });
    const { code, out } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(1);
    for (const zone of env.availabilityZones)
      expect(out).toMatch(
        new RegExp(
          `${env.name} ${zone}: Keeper \\S+ loses quorum: 0 of \\d+ members survive, \\d+ needed \\(its pods have no hard zone spread`,
        ),
      );
  });

  test("a platform stack whose charts render no ClickHouse installation is an error, not a pass", () => {
    const dir = variant("no-installation", (d) => {
      const chart = String(
        clickhouseRelease(JSON.parse(fs.readFileSync(path.join(d, "stacks", `${env.name}-platform`, "cdk.tf.json"), "utf8")) as Json)[
          "chart"
        ],
      );
      fs.rmSync(path.join(d, "stacks", `${env.name}-platform`, chart, "templates", "clickhouse-installation.yaml"));
    });
    const { code, err } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(2);
    expect(err).toContain(
      `${env.name}-platform: no local chart renders a ClickHouseInstallation (clickhouse.shards is ${env.clickhouse.shards} in ${env.file})`,
    );
  });

  test("a storage class that binds volumes Immediate (zone picked before scheduling)", () => {
    const dir = variant("immediate-binding", (d) =>
      editStack(d, `${env.name}-platform`, (json) => {
        const classes = Object.values(json.resource["kubernetes_storage_class_v1"]!);
        expect(classes.length).toBeGreaterThan(0);
        for (const c of classes) c["volume_binding_mode"] = "Immediate";
      }),
    );
    const { code, out } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(1);
    for (const zone of env.availabilityZones) {
      expect(out).toMatch(new RegExp(`${env.name} ${zone}: ClickHouse \\S+: its data volumes' storage class \\S+ binds Immediate`));
      expect(out).toMatch(new RegExp(`${env.name} ${zone}: Keeper \\S+ loses quorum: .*binds Immediate`));
    }
  });

  test("one NAT gateway for every zone's private subnets", () => {
    const dir = variant("single-nat", (d) =>
      editStack(d, `${env.name}-network`, (json) => {
        const routes = Object.values(json.resource["aws_route"]!).filter((r) => r["nat_gateway_id"] !== undefined);
        expect(routes.length).toBe(env.availabilityZones.length);
        for (const r of routes) r["nat_gateway_id"] = routes[0]!["nat_gateway_id"];
      }),
    );
    const { code, out } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(1);
    const [first, ...others] = env.availabilityZones;
    for (const z of others)
      expect(out).toMatch(
        new RegExp(`${env.name} ${first}: NAT: subnets in ${z} lose internet egress: .* uses NAT gateway \\S+ in ${first}`),
      );
    // Losing any other zone strands nobody: the shared NAT is still there.
    for (const z of others) expect(out).not.toContain(`${env.name} ${z}: NAT`);
  });

  test("min.insync.replicas equal to the replication factor", () => {
    let rf = 0;
    const dir = variant("isr-equals-rf", (d) =>
      editStack(d, `${env.name}-data`, (json) => {
        const configuration = Object.values(json.resource["aws_msk_configuration"]!)[0]!;
        const props = String(configuration["server_properties"]);
        rf = Number(/default\.replication\.factor=(\d+)/.exec(props)![1]);
        configuration["server_properties"] = props.replace(/min\.insync\.replicas=\d+/, `min.insync.replicas=${rf}`);
      }),
    );
    const { code, out } = run(["--out", dir, "--environment", env.name]);
    expect(code).toBe(1);
    for (const zone of env.availabilityZones)
      expect(out).toMatch(
        new RegExp(
          `${env.name} ${zone}: Kafka \\S+: producers with acks=all fail: a partition keeps ${rf - Math.ceil(rf / env.availabilityZones.length)} of ${rf} replicas, min.insync.replicas is ${rf}`,
        ),
      );
  });
});

describe("npm run az-failure usage", () => {
  test("bad usage is a clear error and exit 2", () => {
    expect(run(["--bogus"])).toMatchObject({ code: 2, err: expect.stringContaining("unknown option '--bogus'") });
    expect(run(["--out", "/nonexistent/cdktf.out"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no manifest.json in /nonexistent/cdktf.out"),
    });
    expect(run(["--out", shipped, "--environment", "nowhere"])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown environment "nowhere"; known: '),
    });
  });

  test("without Helm it fails and says how to install it (never a silent pass)", () => {
    let err = "";
    const code = main(
      ["--out", shipped],
      { stdout: () => undefined, stderr: (t) => (err += t) },
      () => config,
      path.join(scratch, "no-helm"),
    );
    expect(code).toBe(2);
    expect(err).toContain(`helm not found at ${path.join(scratch, "no-helm")}: run .ci/install-helm.sh`);
  });
});
