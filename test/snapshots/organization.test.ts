import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { OrganizationStack } from "../../stacks/organization-stack";
import { synthJson } from "../helpers/synth";

/**
 * Regression net for the organization layer: the organization stack and each account's bootstrap
 * stack. A diff in aws_organizations_*, SCP content, the trail or the state buckets changes the
 * whole organization: review it before updating with
 * `npx jest test/snapshots/organization.test.ts --ci=false -u`.
 */
const config = loadPlatformConfig();
const app = Testing.app();

test("organization: synthesized Terraform JSON", () => {
  expect(synthJson(new OrganizationStack(app, "organization", { config }))).toMatchSnapshot();
});

describe.each(config.accounts.map((a) => a.name))("bootstrap-%s", (name) => {
  test("synthesized Terraform JSON", () => {
    const account = config.accounts.find((a) => a.name === name)!;
    expect(synthJson(new BootstrapStack(app, `bootstrap-${name}`, { account, config }))).toMatchSnapshot();
  });
});
