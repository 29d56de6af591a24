/**
 * `npm run migration:rehearse -- --scale 0.1 [--env us] [--production-gib 80] [--jobs 2]`: seeds
 * about N GB into a throwaway PostgreSQL cluster, runs the Heroku cutover script
 * (constructs/data/assets/heroku-cutover.sh) into another, prints each step's duration and a
 * projection for the environment's Heroku database size on its RDS class, with the assumptions.
 */
import { Command, InvalidArgumentError } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import { projectCutover } from "../lib/migration/projection";
import { formatRehearsal, rehearse } from "../lib/migration/rehearsal";

const positive = (name: string, example: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} needs a positive number such as ${example}, got "${v}".`);
  return x;
};

const o = new Command()
  .name("migration:rehearse")
  .description("Rehearse the Heroku cutover on local PostgreSQL and project its downtime for production.")
  .requiredOption("-s, --scale <gb>", "GB to seed, fractions allowed (0.1 = 100 MB)", positive("--scale", "0.1"))
  .option("-e, --env <name>", "environment file whose RDS class, restore host and databaseSizeGiB to project for", "us")
  .option("--production-gib <gib>", "Heroku database size (default: migration.heroku.databaseSizeGiB)", positive("--production-gib", "80"))
  .option("-j, --jobs <n>", "parallel jobs (default: this machine's CPUs)", positive("--jobs", "2"))
  .option(
    "--largest-table-share <f>",
    "share of production in its largest table (default: the seed's)",
    positive("--largest-table-share", "0.3"),
  )
  .option("--network-mbps <n>", "usable bandwidth Heroku to restore host", positive("--network-mbps", "1000"), 1000)
  .parse()
  .opts<{ scale: number; env: string; productionGib?: number; jobs?: number; largestTableShare?: number; networkMbps: number }>();

async function main(): Promise<number> {
  const config = loadPlatformConfig();
  const env = config.environments.find((e) => e.name === o.env);
  if (!env)
    throw new Error(`--env: no environment "${o.env}" in environments/ (have: ${config.environments.map((e) => e.name).join(", ")})`);
  if (o.largestTableShare !== undefined && o.largestTableShare > 1)
    throw new Error(`--largest-table-share must be at most 1, got ${o.largestTableShare}`);
  // Sizes without a known production size: a ladder, so the window can still be chosen.
  const sizes = o.productionGib
    ? [o.productionGib]
    : env.migration.heroku.databaseSizeGiB
      ? [env.migration.heroku.databaseSizeGiB]
      : [10, 50, 100, 250];
  const measured = await rehearse({
    scaleGb: o.scale,
    ...(o.jobs ? { jobs: Math.floor(o.jobs) } : {}),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const projections = sizes.map((gib) => ({
    label: `${gib} GiB`,
    projection: projectCutover(measured, {
      databaseGb: (gib * 1024 ** 3) / 1e9,
      rdsInstanceClass: env.postgres.instanceClass,
      restoreHostInstanceType: env.migration.heroku.restoreHostInstanceType,
      networkMbps: o.networkMbps,
      ...(o.largestTableShare ? { largestTableShare: o.largestTableShare } : {}),
    }),
  }));
  process.stdout.write(
    `Projected for ${env.name}: RDS ${env.postgres.instanceClass}, restore host ${env.migration.heroku.restoreHostInstanceType}.\n`,
  );
  process.stdout.write(formatRehearsal(measured, projections));
  if (sizes.length > 1)
    process.stdout.write(
      `${env.file}: migration.heroku.databaseSizeGiB is not set; projected for ${sizes.join(", ")} GiB. Set it from \`heroku pg:info\` (Data Size).\n`,
    );
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`migration:rehearse: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
