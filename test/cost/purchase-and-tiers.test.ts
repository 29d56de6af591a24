import { estimatePlatform, PriceBook, Usage } from "../../lib/cost";
import { linesOf, price, prices } from "./fixtures";

// New components priced from cited rows (lib/cost/prices/us-east-1.yaml): S3 requests and
// Standard-IA (Infracost's s3_bucket golden, us-east-1), MSK tiered storage (upper bound: the MSK
// primary-storage row), Savings Plan and spot multipliers (grade B sources in the table).
describe("S3 requests and Standard-IA agree with Infracost's s3_bucket golden", () => {
  test("10,000 GB Standard = $230.00; 10k PUT-class = $0.05; 30,000 GB Standard-IA = $375.00; 30k transitions = $0.30", () => {
    const cost = price({ aws_s3_bucket: { b: {} } }, "us-east-1", {
      defaults: {
        aws_s3_bucket: {
          storage_gb: 10000,
          monthly_tier_1_requests: 10000,
          monthly_tier_2_requests: 10000,
          standard_ia_storage_gb: 30000,
          monthly_standard_ia_transition_requests: 30000,
        },
      },
    });
    expect(linesOf(cost, "aws_s3_bucket.b")).toEqual({
      "Standard storage": 230,
      "PUT, COPY, POST, LIST requests": 0.05,
      "GET, SELECT, and all other requests": 0, // $0.004, the golden prints $0.00
      "Standard-IA storage": 375,
      "Lifecycle transitions to Standard-IA": 0.3,
    });
  });

  test("request and Standard-IA lines appear only when their usage is set", () => {
    const cost = price({ aws_s3_bucket: { b: {} } }, "us-east-1", { defaults: { aws_s3_bucket: { storage_gb: 1 } } });
    expect(Object.keys(linesOf(cost, "aws_s3_bucket.b"))).toEqual(["Standard storage"]);
  });
});

describe("MSK tiered storage", () => {
  const msk = (extra: Record<string, unknown>) => ({
    aws_msk_cluster: {
      m: {
        number_of_broker_nodes: 3,
        broker_node_group_info: { instance_type: "kafka.m7g.large", storage_info: { ebs_storage_info: { volume_size: 100 } } },
        ...extra,
      },
    },
  });

  test("storage_mode TIERED adds the tier's GB at the msk.tiered.storage row (an upper bound: MSK primary storage)", () => {
    const cost = price(msk({ storage_mode: "TIERED" }), "us-east-1", { defaults: { aws_msk_cluster: { tiered_storage_gb: 1000 } } });
    expect(linesOf(cost, "aws_msk_cluster.m")).toEqual({ "Instance (kafka.m7g.large)": 446.76, Storage: 30, "Tiered storage": 100 });
    expect(prices.get("us-east-1", "msk.tiered.storage")!.usd).toBe(prices.get("us-east-1", "msk.storage")!.usd);
  });

  test("a TIERED cluster without usage lists the tier as usage-unset; LOCAL has no tier line", () => {
    const unset = price(msk({ storage_mode: "TIERED" }));
    expect(unset.unpriced.map((u) => u.component)).toContain("Tiered storage");
    expect(Object.keys(linesOf(price(msk({ storage_mode: "LOCAL" })), "aws_msk_cluster.m"))).not.toContain("Tiered storage");
  });
});

describe("purchase options", () => {
  const nodes = {
    aws_eks_node_group: { ch: { instance_types: ["r7g.4xlarge"], scaling_config: { desired_size: 2 }, disk_size: 0 } },
    aws_msk_cluster: {
      m: { number_of_broker_nodes: 3, broker_node_group_info: { instance_type: "kafka.m7g.large", ebs_volume_size: 10 } },
    },
    aws_db_instance: { pg: { engine: "postgres", instance_class: "db.r6g.large", allocated_storage: 20 } },
  };

  test.each([
    ["1y", 0.7],
    ["3y", 0.432],
  ] as const)("a %s Savings Plan bills EC2 hours at the cited share of on-demand (%d)", (term, share) => {
    const cost = price(nodes, "us-east-1", {}, { commitment: term });
    const lines = linesOf(cost, "aws_eks_node_group.ch");
    expect(lines[`Instance usage (Linux/UNIX, ${term} savings plan, r7g.4xlarge)`]).toBeCloseTo(2 * 730 * 0.8568 * share, 1);
    expect(prices.get("us-east-1", `purchase.ec2.savings-plan.${term}`)!.usd).toBe(share);
  });

  test("Savings Plans leave MSK and RDS on-demand (they cover EC2, Fargate and Lambda only)", () => {
    const onDemand = price(nodes);
    const committed = price(nodes, "us-east-1", {}, { commitment: "3y" });
    expect(linesOf(committed, "aws_msk_cluster.m")).toEqual(linesOf(onDemand, "aws_msk_cluster.m"));
    expect(linesOf(committed, "aws_db_instance.pg")).toEqual(linesOf(onDemand, "aws_db_instance.pg"));
    expect(committed.monthlyUsd).toBeLessThan(onDemand.monthlyUsd);
  });

  test("spot capacity is not billed under the Savings Plan", () => {
    const spot = {
      aws_eks_node_group: { s: { capacity_type: "SPOT", instance_types: ["m7g.large"], scaling_config: { desired_size: 1 } } },
    };
    const lines = linesOf(price(spot, "us-east-1", {}, { commitment: "1y" }), "aws_eks_node_group.s");
    expect(Object.keys(lines)).toContain("Instance usage (Linux/UNIX, spot, m7g.large)");
  });

  test("a region without the multiplier row leaves the line unpriced instead of guessing", () => {
    const book = PriceBook.of([
      { key: "ec2.m7g.large", region: "us-east-1", usd: 0.0816, unit: "hour", source: "t", asOf: "t", grade: "A" },
    ]);
    const cost = price(
      { aws_eks_node_group: { n: { instance_types: ["m7g.large"], scaling_config: { desired_size: 1 } } } },
      "us-east-1",
      {},
      {
        prices: book,
        commitment: "1y",
      },
    );
    expect(cost.unpriced.some((u) => /purchase\.ec2\.savings-plan\.1y/.test(u.reason))).toBe(true);
  });
});

describe("npm run cost -- --commitment", () => {
  test("the platform estimate bills EC2 under the Savings Plan term it is given", () => {
    const json = {
      provider: { aws: [{ region: "us-east-1" }] },
      resource: { aws_eks_node_group: { n: { instance_types: ["m7g.xlarge"], scaling_config: { desired_size: 3 } } } },
    };
    const estimate = (commitment?: "1y" | "3y") =>
      estimatePlatform([{ name: "s", json }], { prices, usage: new Usage(), ...(commitment ? { commitment } : {}) });
    const onDemand = estimate().stacks[0]!.monthlyUsd;
    const instance = 3 * 730 * 0.1632;
    expect(onDemand - estimate("3y").stacks[0]!.monthlyUsd).toBeCloseTo(instance * (1 - 0.432), 1);
  });
});
