import { parseAllDocuments, stringify } from "yaml";
import { clickhouseClusterValues } from "../../constructs/platform/clickhouse-values";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/model";
import { chartDir } from "../../lib/paths";
import { clickhouseChartInputs } from "../../stacks/platform-stack";
import { SPOT_TAINT } from "../../constructs/eks/scheduling";
import { lintAndTemplate } from "../helpers/helm";
import { kubernetesEffect, tolerates, type Toleration } from "../helpers/tolerations";
import { Testing, TerraformStack } from "cdktf";

// The construct bad chart inputs are reported against (the platform stack in the app).
const scope = new TerraformStack(Testing.app(), "test");

/**
 * Tiered storage, compression and Spot scheduling as ClickHouse and Kubernetes would read them: the chart rendered by Helm with
 * the values the platform stack computes, then the server settings the operator turns into
 * config.d XML followed from the TTL's volume down to the disk that holds the data.
 */
type Obj = Record<string, unknown>;
const COLD_BUCKET = "prod-clickhouse-cold-200000000001";
const production = loadPlatformConfig().environments.find((e) => e.tier === "production" && e.clickhouse.tiering.enabled)!;

function render(env: EnvironmentConfig, tiering: boolean): Obj[] {
  const values = clickhouseClusterValues(
    scope,
    clickhouseChartInputs(env, {
      storageClass: "gp3-encrypted",
      backupsBucketName: "prod-clickhouse-backups-200000000001",
      dataKmsKeyArn: "arn:aws:kms:us-east-1:200000000001:key/k",
      tiering: tiering ? { hotDays: env.clickhouse.tiering.hotDays, bucketName: COLD_BUCKET } : null,
    }),
  );
  const { lint, template } = lintAndTemplate({
    chartDir: chartDir("clickhouse-cluster"),
    name: "clickhouse-cluster",
    namespace: "clickhouse",
    values: [stringify(values)],
  });
  expect(lint.stderr).toBe("");
  expect(template.ok).toBe(true);
  return parseAllDocuments(template.stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const kindOf = (objs: Obj[], kind: string) => objs.filter((o) => o["kind"] === kind);
const settingsOf = (objs: Obj[]) =>
  ((kindOf(objs, "ClickHouseInstallation")[0]!["spec"] as Obj)["configuration"] as Obj)["settings"] as Record<string, unknown>;

/** The S3 disk a volume of the default policy ends on, following cache disks to what they wrap. */
function backingDisk(settings: Record<string, unknown>, volume: string): { name: string; type: unknown; endpoint: unknown } {
  let disk = String(settings[`storage_configuration/policies/default/volumes/${volume}/disk`]);
  for (let hops = 0; settings[`storage_configuration/disks/${disk}/type`] === "cache" && hops < 5; hops++)
    disk = String(settings[`storage_configuration/disks/${disk}/disk`]);
  return {
    name: disk,
    type: settings[`storage_configuration/disks/${disk}/type`],
    endpoint: settings[`storage_configuration/disks/${disk}/endpoint`],
  };
}

const tieredRender = render(production, true);

describe("ClickHouse tiered storage, rendered", () => {
  const on = tieredRender;
  const off = render(production, false);
  const settings = settingsOf(on);

  test("cold parts go to S3 after hotDays: the TTL clause's volume ends on an S3 disk in the cold bucket", () => {
    const data = kindOf(on, "ConfigMap").find((c) => (c["metadata"] as Obj)["name"] === "clickhouse-tiering")!["data"] as Obj;
    const hotDays = production.clickhouse.tiering.hotDays;
    expect(data["HOT_DAYS"]).toBe(String(hotDays));
    const clause = /INTERVAL (\d+) DAY TO VOLUME '([a-z0-9_]+)'/.exec(String(data["TTL_MOVE_CLAUSE"]));
    expect(clause?.[1]).toBe(String(hotDays));
    expect(clause?.[2]).toBe(data["COLD_VOLUME"]);
    const cold = backingDisk(settings, clause![2]!);
    expect(cold.type).toBe("s3");
    expect(String(cold.endpoint)).toMatch(new RegExp(`^https://${COLD_BUCKET}\\.s3\\.${production.region}\\.amazonaws\\.com/.+/$`));
    expect(settings[`storage_configuration/disks/${cold.name}/use_environment_credentials`]).toBe(1);
  });

  test("new parts land on the data volume, and every table tiers: the policy is the default one, hot first in any key order", () => {
    const volumes = Object.keys(settings)
      .map((k) => /^storage_configuration\/policies\/default\/volumes\/([^/]+)\/disk$/.exec(k)?.[1])
      .filter((v): v is string => v !== undefined);
    expect(volumes).toHaveLength(2);
    // ClickHouse accepts a replaced policy only if it keeps the old one's volumes and disks: the
    // built-in default policy is one volume `default` on disk `default`.
    expect(settings["storage_configuration/policies/default/volumes/default/disk"]).toBe("default");
    // ClickHouse writes new parts to a policy's first volume; the operator may sort settings keys.
    for (const order of [volumes, [...volumes].sort()]) {
      expect(settings[`storage_configuration/policies/default/volumes/${order[0]}/disk`]).toBe("default");
      expect(backingDisk(settings, order[1]!).type).toBe("s3");
    }
    expect(Number(settings["storage_configuration/policies/default/move_factor"])).toBeGreaterThan(0);
  });

  test("cold reads go through a bounded local cache", () => {
    const cache = String(settings["storage_configuration/policies/default/volumes/s3_cold/disk"]);
    expect(settings[`storage_configuration/disks/${cache}/type`]).toBe("cache");
    const size = /^(\d+)Gi$/.exec(String(settings[`storage_configuration/disks/${cache}/max_size`]));
    expect(Number(size?.[1])).toBeGreaterThan(0);
    expect(Number(size?.[1])).toBeLessThan(production.clickhouse.volumeSizeGiB / 2);
  });

  test("zero-copy replication stays off", () => {
    expect(settings["merge_tree/allow_remote_fs_zero_copy_replication"]).toBe(0);
  });

  test("backups copy object-disk parts to their own path, outside S3_PATH", () => {
    const pod = ((kindOf(on, "ClickHouseInstallation")[0]!["spec"] as Obj)["templates"] as Obj)["podTemplates"] as Obj[];
    const sidecar = ((pod[0]!["spec"] as Obj)["containers"] as Obj[]).find((c) => c["name"] === "clickhouse-backup")!;
    const env = Object.fromEntries((sidecar["env"] as Obj[]).map((e) => [e["name"], e["value"]]));
    expect(env["S3_OBJECT_DISK_PATH"]).toEqual(expect.any(String));
    expect(String(env["S3_OBJECT_DISK_PATH"]).startsWith(String(env["S3_PATH"]))).toBe(false);
  });

  test("parts are compressed with ZSTD by default, tiered or not", () => {
    for (const objs of [on, off]) {
      expect(settingsOf(objs)).toMatchObject({ "compression/case/method": "zstd", "compression/case/level": 3 });
    }
  });

  test("tiering off: no storage policy, no S3 disk, no ConfigMap", () => {
    expect(Object.keys(settingsOf(off)).filter((k) => k.startsWith("storage_configuration/"))).toEqual([]);
    expect(kindOf(off, "ConfigMap").map((c) => (c["metadata"] as Obj)["name"])).not.toContain("clickhouse-tiering");
  });
});

/** Every pod spec in rendered objects: operator pod templates, and pod templates of workloads and jobs. */
function podSpecs(objs: Obj[]): { owner: string; spec: Obj }[] {
  const out: { owner: string; spec: Obj }[] = [];
  const visit = (node: unknown, owner: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, owner));
    if (typeof node !== "object" || node === null) return;
    const o = node as Obj;
    if (Array.isArray(o["containers"])) out.push({ owner, spec: o });
    for (const v of Object.values(o)) visit(v, owner);
  };
  for (const obj of objs) visit(obj["spec"], `${String(obj["kind"])}/${String((obj["metadata"] as Obj)["name"])}`);
  return out;
}

describe("Spot nodes never run ClickHouse, Keeper or their jobs", () => {
  const objs = tieredRender;
  const spotTaint = { key: SPOT_TAINT.key, value: SPOT_TAINT.value, effect: kubernetesEffect(SPOT_TAINT.effect) };

  test("no pod of the ClickHouse chart tolerates the Spot taint", () => {
    const pods = podSpecs(objs);
    expect(pods.map((p) => p.owner)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ClickHouseInstallation\//),
        expect.stringMatching(/^ClickHouseKeeperInstallation\//),
      ]),
    );
    const onSpot = pods.filter((p) => ((p.spec["tolerations"] as Toleration[] | undefined) ?? []).some((t) => tolerates(t, spotTaint)));
    expect(onSpot.map((p) => p.owner)).toEqual([]);
  });

  test("the toleration check catches what would let a pod onto Spot: a match-all, a key-only and the exact toleration", () => {
    expect(tolerates({ operator: "Exists" }, spotTaint)).toBe(true);
    expect(tolerates({ key: "capacity", operator: "Exists" }, spotTaint)).toBe(true);
    expect(tolerates({ key: "capacity", value: "spot", effect: "NoSchedule" }, spotTaint)).toBe(true);
    expect(tolerates({ key: "dedicated", value: "clickhouse", effect: "NoSchedule" }, spotTaint)).toBe(false);
    expect(tolerates({ key: "capacity", value: "spot", effect: "NoExecute" }, spotTaint)).toBe(false);
  });
});
