import { Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAwsMskBrokerNodes } from "@cdktf/provider-aws/lib/data-aws-msk-broker-nodes";

export interface MskBrokerHostsProps {
  /** The MSK cluster (data layer); open monitoring must be on (constructs/data/kafka-cluster.ts). */
  readonly clusterArn: string;
}

/**
 * The DNS names of every broker of an MSK cluster, comma-separated, for the Prometheus scrape of
 * MSK open monitoring (charts/platform-dashboards templates/msk-scrape-config.yaml: JMX exporter
 * on 11001, node exporter on 11002, plain HTTP from inside the VPC, per "Open monitoring with
 * Prometheus" https://docs.aws.amazon.com/msk/latest/developerguide/open-monitoring.html, read
 * 2026-12-07). Read at plan from aws_msk_broker_nodes, so a broker added later is scraped after
 * the next apply of the platform layer.
 */
export class MskBrokerHosts extends Construct {
  /** `b-1.<cluster>...amazonaws.com,b-2...` (a Terraform expression until apply). */
  readonly commaSeparated: string;

  constructor(scope: Construct, id: string, props: MskBrokerHostsProps) {
    super(scope, id);
    const brokers = new DataAwsMskBrokerNodes(this, "brokers", { clusterArn: props.clusterArn });
    // Each broker lists its endpoints (DNS names); the typed bindings have no accessor for the splat.
    const endpoints = Token.asList(brokers.interpolationForAttribute("node_info_list[*].endpoints"));
    this.commaSeparated = new TerraformLocal(this, "hosts", Fn.join(",", Fn.flatten(endpoints))).asString;
  }
}
