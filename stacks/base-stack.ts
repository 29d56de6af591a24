import { DataTerraformRemoteStateS3, LocalBackend, S3Backend, type S3BackendConfig, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AccountConfig } from "../lib/config/model";
import { stateLocationFor } from "../lib/config/state-locations";
import { registerGuardrails } from "../lib/policy";
import { Partition } from "../constructs/core/partition";

export interface BaseStackProps {
  /** Account the stack deploys into; its state lives in that account's state bucket of the stack's region. */
  readonly account: AccountConfig;
  /** Region of the stack's AWS provider. */
  readonly region: string;
  /** Default tags of every taggable AWS resource in the stack. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Where the stack keeps its state. `local` is for the bootstrap stacks that create the S3 backend.
   * @default "s3"
   */
  readonly stateBackend?: "s3" | "local";
  /**
   * Default of the `role_arn` variable the AWS provider assumes; "" assumes no role (the caller's
   * own credentials are used, AWS provider >= 5.67.1).
   * @default - the account's deploy role
   */
  readonly defaultRoleArn?: string;
}

/**
 * What every stack shares: an S3 backend with its own key, encryption and lockfile locking; an AWS
 * provider that can only touch the intended account; default tags; and the guardrails.
 */
/**
 * The S3 backend, whose remote-state lookups (cross-stack references) assume the state-read role:
 * reading another stack's outputs never needs write access, and plans, which may not assume the
 * read-write state role, read them too.
 */
class StateS3Backend extends S3Backend {
  constructor(
    scope: Construct,
    private readonly readRoleArn: string,
    private readonly config: S3BackendConfig,
  ) {
    super(scope, config);
  }

  override getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): DataTerraformRemoteStateS3 {
    return new DataTerraformRemoteStateS3(scope, name, {
      ...this.config,
      assumeRole: { roleArn: this.readRoleArn, sessionName: "cdktf-state-read" },
      // eslint-disable-next-line no-template-curly-in-string -- a Terraform expression, as cdktf's own S3Backend writes it
      workspace: "${terraform.workspace}",
    });
  }
}

export abstract class BaseStack extends TerraformStack {
  /** The stack's default AWS provider. */
  readonly awsProvider: AwsProvider;
  /** The `role_arn` variable the AWS provider assumes (CI plans pass the plan role); other providers reuse it. */
  readonly roleArn: TerraformVariable;
  readonly account: AccountConfig;

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    // Before any child: every construct below reads its ARN prefix and DNS suffix from here.
    Partition.set(this, props.account.partition);
    this.account = props.account;
    if (props.stateBackend === "local") {
      // Outside cdktf.out (terraform runs in cdktf.out/stacks/<id>; synth replaces cdktf.out), and
      // relative so the output stays identical across machines.
      new LocalBackend(this, { path: `../../../bootstrap-state/${id}.tfstate` });
    } else {
      // The bucket of the stack's own region, so a region's stacks need no other region to apply
      // (runbooks/region-loss.md); remote-state reads go to the read stack's bucket (its backend).
      const state = stateLocationFor(props.account, props.region, id);
      const backend = new StateS3Backend(this, props.account.stateReadRoleArn, {
        bucket: state.bucket,
        key: `${id}/terraform.tfstate`,
        region: state.region,
        encrypt: true,
        kmsKeyId: state.kmsKeyArn,
        // Terraform 1.11 rejects the top-level role_arn: the role goes in an assume_role block.
        assumeRole: { roleArn: props.account.stateRoleArn, sessionName: "cdktf-state" },
      });
      // S3-native locking (Terraform >= 1.10). cdktf 0.21's S3BackendConfig predates the field.
      backend.addOverride("use_lockfile", true);
    }

    // CI plans pass the read-only plan role here (-var role_arn=...); deployments keep the default.
    this.roleArn = new TerraformVariable(this, "role_arn", {
      type: "string",
      default: props.defaultRoleArn ?? props.account.deployRoleArn,
      description:
        "IAM role the AWS provider assumes. Default: the account's deployment role; pull-request plans use the read-only plan role.",
    });
    this.awsProvider = new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.account.id],
      assumeRole: [{ roleArn: this.roleArn.stringValue, sessionName: `cdktf-${id}` }],
      defaultTags: [{ tags: { ...props.tags } }],
    });
    registerGuardrails(this);
  }
}
