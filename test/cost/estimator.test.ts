import { estimateStack, PriceBook, Usage } from "../../lib/cost";
import { resolveValue } from "../../lib/cost/refs";
import { linesOf, price, prices, ref } from "./fixtures";

describe("estimateStack", () => {
  test("the node group's instance type comes from its launch template through a reference", () => {
    const cost = price({
      aws_launch_template: {
        clickhouse: {
          instance_type: "r6i.4xlarge",
          block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 50, volume_type: "gp3", iops: 4000, throughput: 125 } }],
        },
      },
      aws_eks_node_group: {
        ch_a: { scaling_config: { desired_size: 2 }, launch_template: { id: ref("aws_launch_template.clickhouse.id"), version: "1" } },
      },
    });
    expect(linesOf(cost, "aws_eks_node_group.ch_a")).toEqual({
      "Instance usage (Linux/UNIX, on-demand, r6i.4xlarge)": 1471.68, // 2 × 1.008 × 730
      "block_device_mappings[0] (gp3)": 8, // 2 × 50 GB × 0.08
      "block_device_mappings[0] provisioned IOPS (above 3000)": 10, // 2 × 1,000 × 0.005
    });
  });

  test("references resolve through chains and indices; computed attributes stay unknown", () => {
    const json = {
      resource: {
        aws_launch_template: {
          a: { instance_type: ref("aws_launch_template.b.instance_type") },
          b: { instance_type: "m6i.large", tags: [{ k: "v" }] },
        },
      },
    };
    expect(resolveValue(json, ref("aws_launch_template.a.instance_type"))).toBe("m6i.large");
    expect(resolveValue(json, ref("aws_launch_template.b.tags[0].k"))).toBe("v");
    expect(resolveValue(json, ref("aws_launch_template.b.id"))).toBeUndefined();
    expect(resolveValue(json, "plain")).toBe("plain");
  });

  test("a resource type it does not know is UNPRICED, not zero", () => {
    const cost = price({ aws_opensearch_domain: { logs: {} } });
    expect(cost.unpriced).toEqual([
      expect.objectContaining({ address: "aws_opensearch_domain.logs", reason: expect.stringMatching(/not supported/) }),
    ]);
    expect(cost.monthlyUsd).toBe(0);
  });

  test("an instance type missing from the price table is UNPRICED and left out of the total", () => {
    const cost = price({
      aws_eks_node_group: { gpu: { instance_types: ["p5.48xlarge"], scaling_config: { desired_size: 1 }, disk_size: 20 } },
    });
    expect(cost.unpriced.map((u) => u.component)).toEqual(["Instance usage (Linux/UNIX, on-demand, p5.48xlarge)"]);
    expect(cost.monthlyUsd).toBeCloseTo(2); // only the 20 GB gp2 root volume
  });

  test("a launch template the stack does not contain is reported, not guessed", () => {
    const cost = price({ aws_eks_node_group: { ng: { scaling_config: { desired_size: 3 }, launch_template: { id: "lt-0123" } } } });
    expect(cost.unpriced.some((u) => /launch template not found/.test(u.reason))).toBe(true);
  });

  test("spot node groups are priced at the spot estimate (on-demand × purchase.ec2.spot), flagged in the note", () => {
    const cost = price({
      aws_eks_node_group: { s: { capacity_type: "SPOT", instance_types: ["m6i.large"], scaling_config: { desired_size: 3 } } },
    });
    const rate = prices.get("us-east-1", "purchase.ec2.spot")!;
    const line = cost.resources[0]!.components.find((c) => c.name === "Instance usage (Linux/UNIX, spot, m6i.large)")!;
    expect(line.monthlyUsd).toBeCloseTo(3 * 730 * 0.096 * rate.usd);
    expect(line.note).toMatch(/purchase\.ec2\.spot, grade B/);
  });

  test("usage-based lines without usage are listed, not counted", () => {
    const cost = price({ aws_s3_bucket: { b: { bucket: "b" } } });
    expect(cost.monthlyUsd).toBe(0);
    expect(cost.unpriced).toEqual([
      expect.objectContaining({ address: "aws_s3_bucket.b", reason: expect.stringMatching(/usage not set/) }),
    ]);
  });

  test("usage overrides match `<stack>/<type>.<name>` globs, later entries winning", () => {
    const usage = new Usage({
      defaults: { aws_s3_bucket: { storage_gb: 10 } },
      overrides: [{ match: "fix*/aws_s3_bucket.*archive*", values: { storage_gb: 1000 } }],
    });
    const cost = estimateStack(
      "fixture",
      { provider: { aws: [{ region: "us-east-1" }] }, resource: { aws_s3_bucket: { events_archive: {}, logs: {} } } },
      { prices, usage },
    );
    expect(linesOf(cost, "aws_s3_bucket.events_archive")).toEqual({ "Standard storage": 23 });
    expect(linesOf(cost, "aws_s3_bucket.logs")).toEqual({ "Standard storage": 0.23 });
  });

  test("free resource types are counted as free, not unpriced", () => {
    const cost = price({
      aws_iam_role: { r: {} },
      aws_vpc: { v: {} },
      aws_launch_template: { lt: { instance_type: "m6i.large" } },
      aws_vpc_endpoint: { s3: { vpc_endpoint_type: "Gateway" } },
    });
    expect(cost.unpriced).toEqual([]);
    expect(cost.free).toEqual({ aws_iam_role: 1, aws_vpc: 1, aws_launch_template: 1, aws_vpc_endpoint: 1 });
  });

  test("prices follow the region of the resource's provider alias", () => {
    const cost = estimateStack(
      "fixture",
      {
        provider: { aws: [{ region: "us-east-1" }, { alias: "eu", region: "eu-central-1" }] },
        resource: { aws_nat_gateway: { us: {}, eu: { provider: "aws.eu" } } },
      },
      { prices, usage: new Usage({ defaults: { aws_nat_gateway: { monthly_data_processed_gb: 0 } } }) },
    );
    expect(linesOf(cost, "aws_nat_gateway.us")["NAT gateway"]).toBe(32.85); // 0.045 × 730
    expect(linesOf(cost, "aws_nat_gateway.eu")["NAT gateway"]).toBe(37.96); // 0.052 × 730
  });

  test("a proxy price fills an NF row, flagged, and only when asked", () => {
    const msk = {
      aws_msk_cluster: {
        k: {
          number_of_broker_nodes: 3,
          broker_node_group_info: { instance_type: "kafka.m5.large", storage_info: { ebs_storage_info: { volume_size: 100 } } },
        },
      },
    };
    const plain = price(msk, "eu-central-1");
    expect(plain.monthlyUsd).toBe(0);
    expect(plain.unpriced).toHaveLength(2);
    const proxied = price(msk, "eu-central-1", {}, { proxy: { region: "us-east-1", factor: 1.25 } });
    expect(proxied.unpriced).toEqual([]);
    expect(proxied.proxyUsd).toBeCloseTo(3 * 0.21 * 730 * 1.25 + 300 * 0.1 * 1.25);
    expect(proxied.resources[0]!.components.every((c) => c.status === "proxy")).toBe(true);
  });

  test("RDS: Multi-AZ doubles the instance; a class without a sourced price is unpriced, not zero", () => {
    const cost = price(
      {
        aws_db_instance: {
          a: { engine: "postgres", instance_class: "db.r6g.large", multi_az: true, storage_type: "gp3", allocated_storage: 100 },
          b: { engine: "postgres", instance_class: "db.m7g.large", allocated_storage: 20, storage_type: "gp3" },
        },
      },
      "us-east-1",
      { defaults: { aws_db_instance: { additional_backup_storage_gb: 0 } } },
    );
    expect(linesOf(cost, "aws_db_instance.a")["Database instance (on-demand, Multi-AZ, db.r6g.large)"]).toBe(328.5); // 2 × 0.225 × 730
    expect(prices.get("us-east-1", "rds.postgres.db.m7g.large")).toBeUndefined(); // the premise
    expect(linesOf(cost, "aws_db_instance.b")["Database instance (on-demand, Single-AZ, db.m7g.large)"]).toBeNull();
  });

  test("MSK provisioned throughput and DMS instances have no sourced price: listed", () => {
    const cost = price({
      aws_msk_cluster: {
        k: {
          number_of_broker_nodes: 3,
          broker_node_group_info: {
            instance_type: "kafka.m5.4xlarge",
            storage_info: { ebs_storage_info: { volume_size: 1000, provisioned_throughput: { enabled: true, volume_throughput: 500 } } },
          },
        },
      },
      aws_dms_replication_instance: { d: { replication_instance_class: "dms.r5.large", allocated_storage: 150 } },
    });
    expect(cost.unpriced.map((u) => u.component).sort()).toEqual(["Provisioned storage throughput", "Replication instance (dms.r5.large)"]);
    expect(linesOf(cost, "aws_dms_replication_instance.d")["Storage (gp2, above 100 GB free)"]).toBe(5.75); // 50 × 0.115
  });

  test("cross-AZ transfer is billed on both sides: 1,000 GB = $20.00", () => {
    const cost = price({ aws_data_transfer: { cross_az: {} } }, "us-east-1", {
      defaults: { aws_data_transfer: { monthly_intra_region_gb: 1000 } },
    });
    expect(linesOf(cost, "aws_data_transfer.cross_az")).toEqual({ "Cross-AZ transfer (billed out and in)": 20 });
  });

  test("a price table row must name a declared source", () => {
    expect(() => PriceBook.load(`${__dirname}/bad-prices`)).toThrow(/prices\.ec2\.m6i\.large\.source 'NOPE' is not a key of sources/);
  });
});
