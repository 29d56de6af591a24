import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { PropsProblems } from "../kit/validation";

export interface DataStorePort {
  readonly port: number;
  /** What listens there, for the rule description. */
  readonly description: string;
}

export interface DataStoreSecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** The only source allowed in: the network layer's data-clients security group. */
  readonly clientSecurityGroupId: string;
  /** TCP ports opened to the clients. */
  readonly ports: readonly DataStorePort[];
}

/**
 * Security group of a managed data store (RDS, MSK): ingress only from the data-clients security
 * group on the store's own ports, and no egress rules at all (the services answer on established
 * connections and start none of their own). Rules are separate resources so each is visible to
 * the policy checker (an inline `self` rule hides later ones from checkov, docs/reference/scanner-behaviour.md §5.9).
 */
export class DataStoreSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: DataStoreSecurityGroupProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(props.ports.length > 0, "ports", props.ports, "at least one port");
    for (const [i, p] of props.ports.entries()) {
      problems.require(
        Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535,
        `ports[${i}].port`,
        p.port,
        "a TCP port from 1 to 65535",
      );
    }
    problems.require(
      new Set(props.ports.map((p) => p.port)).size === props.ports.length,
      "ports",
      props.ports.map((p) => p.port),
      "each port once",
    );
    problems.throwIfAny();

    // Without `egress`, Terraform removes the all-traffic egress rule AWS adds to a new group.
    this.securityGroup = new SecurityGroup(this, "Resource", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: props.name },
    });
    for (const p of props.ports) {
      new VpcSecurityGroupIngressRule(this, `Ingress${p.port}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: props.clientSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: p.port,
        toPort: p.port,
        description: `${p.description} from data clients`,
      });
    }
    this.securityGroupId = this.securityGroup.id;
  }
}
