import type { EnvironmentModel } from "./model";

/** Who and where an environment is: from the environment files. */
export interface EnvironmentHeader {
  readonly name: string;
  readonly tier: string;
  readonly region: string;
  readonly accountName: string;
  readonly accountId: string;
  readonly stacks: readonly string[];
}

/** Mermaid labels: no double quotes, no markdown surprises. */
const label = (text: string) => text.replace(/"/g, "'");
const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Registry charts by name and version; charts from this repository (cdktf assets) as "local chart". */
const chartLabel = (r: { chart: string; version?: string }) =>
  /^\.{0,2}\//.test(r.chart) ? "local chart" : [r.chart, r.version].filter(Boolean).join(" ");

const isClickHouse = (text: string) => /clickhouse/i.test(text);
const isApp = (text: string) => /posthog|capture|ingest|plugin|web-?app/i.test(text);

/** The flowchart of one environment: account, region, VPC tiers, cluster, data stores and flows. */
export function environmentFlowchart(h: EnvironmentHeader, m: EnvironmentModel): string {
  const out: string[] = ["flowchart LR"];
  const add = (indent: number, line: string) => out.push(`${"  ".repeat(indent)}${line}`);
  const dataTier = m.subnets.find((s) => s.tier === "data") ? "data" : m.subnets.find((s) => s.tier === "private") ? "private" : undefined;

  add(1, `clients(["Clients and SDKs"])`);
  add(1, `subgraph account["AWS account ${label(h.accountName)} (${h.accountId})"]`);
  add(2, `subgraph region["${h.region}"]`);

  // Nodes placed in a subnet tier, by tier.
  const inTier = new Map<string, string[]>();
  const place = (tier: string | undefined, line: string) => {
    if (!tier) return false;
    inTier.set(tier, [...(inTier.get(tier) ?? []), line]);
    return true;
  };
  if (m.natGateways > 0) place("public", `nat["${plural(m.natGateways, "NAT gateway")}"]`);
  if (m.vpcEndpoints.length > 0)
    place(
      m.subnets.some((s) => s.tier === "intra") ? "intra" : "private",
      `endpoints["${plural(m.vpcEndpoints.length, "VPC endpoint")}: ${label(m.vpcEndpoints.join(", "))}"]`,
    );
  for (const db of m.postgres)
    place(
      dataTier,
      `pg_${id(db.identifier)}[("RDS ${label([db.engine, db.version, db.identifier].filter(Boolean).join(" "))}<br/>${[db.instanceClass, db.multiAz ? "Multi-AZ" : ""].filter(Boolean).join(", ")}")]`,
    );
  for (const k of m.kafka)
    place(
      dataTier,
      `kafka_${id(k.name)}[["MSK ${label(k.name)}<br/>${[`${k.brokers ?? "?"} brokers`, k.instanceType].filter(Boolean).join(" ")}, Kafka ${k.version ?? "?"}"]]`,
    );

  // The cluster, its node groups and what runs in it.
  const clusterLines: string[] = [];
  const clickhouseNodes: string[] = [];
  const appNodes: string[] = [];
  if (m.eks) {
    clusterLines.push(`subgraph eks["EKS ${label([m.eks.name, m.eks.version].filter(Boolean).join(" "))}"]`);
    if (m.addons.length > 0) clusterLines.push(`  addons["add-ons: ${label(m.addons.join(", "))}"]`);
    for (const g of m.nodeGroups) {
      clusterLines.push(
        `  ng_${id(g.name)}["node group ${label(g.name)}<br/>${g.instanceTypes.join(", ") || "instance type from launch template"}, ${g.min}-${g.max} nodes${g.dedicatedTo ? `, dedicated to ${label(g.dedicatedTo)}` : ""}"]`,
      );
    }
    if (m.helmReleases.length > 0) {
      clusterLines.push(`  subgraph incluster["in-cluster (helm releases)"]`);
      for (const r of m.helmReleases) {
        const node = `helm_${id(r.namespace)}_${id(r.name)}`;
        clusterLines.push(`    ${node}["${label(r.name)}<br/>${label(chartLabel(r))} in ${label(r.namespace)}"]`);
        if (isClickHouse(`${r.name} ${r.chart}`) && !/operator|keeper|backup/i.test(r.name)) clickhouseNodes.push(node);
        if (isApp(`${r.name} ${r.chart}`)) appNodes.push(node);
      }
      clusterLines.push("  end");
    }
    // Dedicated node groups but no release yet: ClickHouse's place in the flows, marked as pending.
    if (clickhouseNodes.length === 0 && m.nodeGroups.some((g) => g.dedicatedTo && isClickHouse(g.dedicatedTo))) {
      clusterLines.push(`  clickhouse["ClickHouse on the dedicated node groups<br/>(no helm release in these stacks yet)"]`);
      clickhouseNodes.push("clickhouse");
    }
    clusterLines.push("end");
  }

  if (m.vpcCidr) {
    add(3, `subgraph vpc["VPC ${m.vpcCidr}"]`);
    for (const s of m.subnets) {
      add(4, `subgraph tier_${id(s.tier)}["${s.tier} subnets: ${plural(s.zones.length, "AZ")}, ${s.cidrs.join(" ")}"]`);
      if (s.tier === "private" || (!m.subnets.some((x) => x.tier === "private") && s === m.subnets[0]))
        for (const l of clusterLines.splice(0)) add(5, l);
      for (const l of inTier.get(s.tier) ?? []) add(5, l);
      add(4, "end");
    }
    for (const l of clusterLines.splice(0)) add(4, l);
    // Things placed in a tier this VPC does not have stay in the VPC.
    for (const [tier, lines] of inTier) if (!m.subnets.some((s) => s.tier === tier)) for (const l of lines) add(4, l);
    add(3, "end");
  } else {
    for (const l of [...clusterLines, ...[...inTier.values()].flat()]) add(3, l);
  }
  for (const b of m.buckets) add(3, `s3_${id(b)}[("S3 ${label(b)}")]`);
  if (m.hasAlarms || m.snsTopics.length > 0) {
    add(3, `subgraph alerting["alerting"]`);
    if (m.hasAlarms) add(4, `alarms["CloudWatch alarms"]`);
    for (const t of m.snsTopics) add(4, `sns_${id(t)}["SNS ${label(t)}"]`);
    add(3, "end");
  }
  add(2, "end");
  add(1, "end");

  // Flows, drawn only between things that exist.
  const app = appNodes[0] ?? "app";
  if (appNodes.length === 0) add(1, `app["PostHog app and ingestion<br/>(not in these stacks yet)"]`);
  add(1, `clients -->|events| ${app}`);
  const kafka = m.kafka[0] ? `kafka_${id(m.kafka[0].name)}` : undefined;
  const pg = m.postgres[0] ? `pg_${id(m.postgres[0].identifier)}` : undefined;
  if (kafka) add(1, `${app} -->|produce events, TLS + SASL| ${kafka}`);
  for (const ch of clickhouseNodes) if (kafka) add(1, `${kafka} -->|Kafka engine consumes| ${ch}`);
  if (clickhouseNodes[0]) add(1, `${app} -->|queries| ${clickhouseNodes[0]}`);
  if (pg) add(1, `${app} -->|SQL, TLS| ${pg}`);
  const backups = m.buckets.find((b) => /backup/i.test(b));
  if (backups && clickhouseNodes[0]) add(1, `${clickhouseNodes[0]} -.->|backups| s3_${id(backups)}`);
  if (m.hasAlarms) for (const t of m.snsTopics) add(1, `alarms -->|notify| sns_${id(t)}`);
  return out.join("\n");
}

export function environmentPage(h: EnvironmentHeader, m: EnvironmentModel): string {
  // Only what the drawing shows: counts of every resource would make the page stale on any change.
  const facts = [
    `- Tier **${h.tier}**, region \`${h.region}\`, account \`${h.accountName}\` (${h.accountId}).`,
    `- Stacks: ${h.stacks.map((s) => `\`${s}\``).join(", ")}.`,
  ];
  return [
    "<!-- Generated by `npm run diagram` from the synthesized stacks; do not edit by hand. -->",
    `# Environment \`${h.name}\``,
    "",
    ...facts,
    "",
    "```mermaid",
    environmentFlowchart(h, m),
    "```",
    "",
  ].join("\n");
}
