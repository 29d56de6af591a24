import type { Construct } from "constructs";
import type { PlatformConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";

export interface OrganizationStackProps {
  readonly config: PlatformConfig;
}

/** The AWS Organization, run from the management account: OUs, accounts, SCPs, SSO, audit. */
export class OrganizationStack extends BaseStack {
  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const org = props.config.organization;
    super(scope, id, {
      account: org.managementAccount,
      region: org.homeRegion,
      tags: { environment: "organization", tier: "production", team: org.team, "cost-center": org.costCenter, "managed-by": "cdktf", repository: org.repository },
    });
  }
}
