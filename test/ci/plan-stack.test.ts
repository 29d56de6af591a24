import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

const script = path.join(repoRoot(), ".github", "scripts", "plan-stack.sh");

const works: string[] = [];
afterAll(() => works.forEach((w) => fs.rmSync(w, { recursive: true, force: true })));

/** us-data as synthesized: it reads one output of us-network through terraform_remote_state. */
const NETWORK_OUTPUT = "cross-stack-output-aws_vpcnetwork_39EEAA36id";
const stackJson = {
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-us-network": {
        backend: "s3",
        config: {
          bucket: "analytics-tfstate-200000000001",
          key: "us-network/terraform.tfstate",
          region: "us-east-1",
          assume_role: { role_arn: "arn:aws:iam::200000000001:role/terraform-state-read" },
        },
      },
    },
  },
  resource: {
    aws_db_subnet_group: {
      db: { vpc_id: `\${data.terraform_remote_state.cross-stack-reference-input-us-network.outputs.${NETWORK_OUTPUT}}` },
    },
  },
};

/**
 * Runs plan-stack.sh in a scratch workspace with a stand-in `terraform` on PATH that prints
 * `output` for the given subcommand and exits with `code` (0 for every other subcommand), and a
 * stand-in `aws` whose S3 holds `networkState` for us-network (undefined: no such key).
 */
function planWith(
  failing: { command: "init" | "plan"; output: string; code?: number } | undefined,
  diffReport = "DIFF REPORT\n",
  env: Record<string, string> = {},
  networkState?: { outputs: Record<string, unknown> },
) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  works.push(work);
  const bin = path.join(work, "bin");
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(work, "cdktf.out", "stacks", "us-data"), { recursive: true });
  fs.writeFileSync(path.join(work, "cdktf.out", "stacks", "us-data", "cdk.tf.json"), JSON.stringify(stackJson));
  fs.writeFileSync(path.join(work, "network-state.json"), JSON.stringify(networkState ?? null));
  // The AWS CLI's answers: assume-role credentials; `s3 cp` of a missing key fails with NoSuchKey (aws-cli's wording).
  const s3 = networkState
    ? `cat "${work}/network-state.json"; exit 0`
    : `echo "fatal error: An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist." >&2; exit 1`;
  fs.writeFileSync(
    path.join(bin, "aws"),
    `#!/usr/bin/env bash\necho "$@" >> "${work}/aws-calls"\nif [ "$1" = sts ]; then echo '{"Credentials":{"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":"T"}}'; exit 0; fi\nif [ "$1" = s3 ]; then ${s3}; fi\nexit 1\n`,
    { mode: 0o755 },
  );
  fs.mkdirSync(path.join(work, "reports", "diff"), { recursive: true });
  fs.writeFileSync(path.join(work, "reports", "diff", "us-data.md"), diffReport);
  const fail = failing ? `if [ "$2" = "${failing.command}" ]; then echo '${failing.output}'; exit ${failing.code ?? 1}; fi` : "";
  // The stand-in keeps a copy of any -backend-config file (the script deletes its own on exit).
  const keepBackendConfig = `for a in "$@"; do case "$a" in -backend-config=*) cat "\${a#-backend-config=}" >> "${work}/backend-config";; esac; done`;
  fs.writeFileSync(
    path.join(bin, "terraform"),
    `#!/usr/bin/env bash\necho "$@" >> "${work}/calls"\n${keepBackendConfig}\n${fail}\nif [ "$2" = show ]; then echo "Plan: 2 to add, 0 to change, 0 to destroy."; fi\nexit 0\n`,
    { mode: 0o755 },
  );
  const outputFile = path.join(work, "github-output");
  const result = spawnSync(
    "bash",
    [
      script,
      "us-data",
      "arn:aws:iam::200000000001:role/terraform-plan",
      "arn:aws:iam::200000000001:role/terraform-state-read",
      path.join(work, "comment.md"),
    ],
    {
      cwd: work,
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: path.join(work, "summary"),
        ACCOUNT: "prod-us",
        REGION: "us-east-1",
        ...env,
      },
    },
  );
  return {
    code: result.status,
    status: fs.readFileSync(outputFile, "utf8").trim(),
    comment: fs.readFileSync(path.join(work, "comment.md"), "utf8"),
    calls: fs.readFileSync(path.join(work, "calls"), "utf8"),
    awsCalls: fs.existsSync(path.join(work, "aws-calls")) ? fs.readFileSync(path.join(work, "aws-calls"), "utf8") : "",
    backendConfig: fs.existsSync(path.join(work, "backend-config")) ? fs.readFileSync(path.join(work, "backend-config"), "utf8") : "",
  };
}

describe("plan-stack.sh", () => {
  test("plans with the plan role and without locking, and writes a marked comment with the summary and diff", () => {
    const r = planWith(undefined);
    expect(r.status).toBe("status=planned");
    expect(r.calls).toContain(
      "-chdir=cdktf.out/stacks/us-data plan -input=false -lock=false -no-color -var role_arn=arn:aws:iam::200000000001:role/terraform-plan -out=tfplan",
    );
    expect(r.comment.split("\n")[0]).toBe("<!-- cdktf-plan:us-data -->");
    expect(r.comment).toContain("Plan `us-data`: Plan: 2 to add, 0 to change, 0 to destroy.");
    expect(r.comment).toContain("DIFF REPORT");
  });

  test("init overrides the backend's role with the read-only state role (Terraform 1.11 assume_role block); nothing can write state", () => {
    const r = planWith(undefined);
    expect(r.calls).toMatch(/^-chdir=cdktf.out\/stacks\/us-data init -input=false -no-color -backend-config=\S+$/m);
    // The whole assume_role object is replaced: role and session name.
    expect(r.backendConfig.replace(/\s+/g, " ").trim()).toBe(
      'assume_role = { role_arn = "arn:aws:iam::200000000001:role/terraform-state-read" session_name = "cdktf-state-read" }',
    );
    expect(r.calls).toContain(" plan -input=false -lock=false ");
    expect(r.calls).not.toMatch(/ (apply|import|state|force-unlock) /);
  });

  test("the backend config file is valid HCL for Terraform: one object attribute", () => {
    const text = planWith(undefined).backendConfig;
    expect(text).toMatch(/^assume_role = \{\n {2}role_arn\s+= "[^"]+"\n {2}session_name = "[^"]+"\n\}\n$/);
  });

  test("a long report is cut so the comment stays under GitHub's 65,536 characters", () => {
    const r = planWith(undefined, "x".repeat(100_000));
    expect(r.comment).toContain("(cut here: the whole report is in the cdktf-out artifact)");
    expect(r.comment.length).toBeLessThan(65_536);
  });

  test("a dependency without state (no object in S3, read through the state-read role) is reported as waiting, not failed", () => {
    const r = planWith({ command: "plan", output: "Error: some error" });
    expect(r.code).toBe(0);
    expect(r.status).toBe("status=waiting-for-dependencies");
    expect(r.comment).toContain("waiting for its dependencies to be applied");
    expect(r.comment).toContain("- us-network: no state yet (s3://analytics-tfstate-200000000001/us-network/terraform.tfstate)");
    expect(r.comment).toContain("Error: some error");
    expect(r.awsCalls).toContain("sts assume-role --role-arn arn:aws:iam::200000000001:role/terraform-state-read");
    expect(r.awsCalls).toContain("s3 cp s3://analytics-tfstate-200000000001/us-network/terraform.tfstate -");
  });

  test("a dependency whose state lacks an output the stack reads is waiting; with the output it is a real failure, whatever the log says", () => {
    const without = planWith({ command: "plan", output: "Error: Unsupported attribute" }, undefined, {}, { outputs: {} });
    expect(without.status).toBe("status=waiting-for-dependencies");
    expect(without.comment).toContain(`- us-network: its state has no output ${NETWORK_OUTPUT} yet`);
    const applied = planWith(
      { command: "plan", output: "Error: Unable to find remote state (terraform_remote_state)" },
      undefined,
      {},
      { outputs: { [NETWORK_OUTPUT]: { value: "vpc-1" } } },
    );
    expect(applied.status).toBe("status=failed");
    expect(applied.comment).toContain("Plan `us-data` failed");
    expect(applied.comment).toContain("Unable to find remote state");
  });

  test("a successful plan never reads the dependencies' state", () => {
    expect(planWith(undefined).awsCalls).toBe("");
  });

  test("any other init or plan error is a failure", () => {
    const r = planWith({ command: "init", output: "Error: Failed to get existing workspaces: AccessDenied" });
    expect(r.status).toBe("status=failed");
    expect(r.comment).toContain("AccessDenied");
  });

  test("DRIFT_CHECK=1: a plan with changes (exit 2 under -detailed-exitcode) is drift, reported without the PR sections", () => {
    const r = planWith({ command: "plan", output: "Plan: 0 to add, 1 to change, 0 to destroy.", code: 2 }, "DIFF REPORT\n", {
      DRIFT_CHECK: "1",
    });
    expect(r.calls).toContain("-detailed-exitcode");
    expect(r.status).toBe("status=drifted");
    expect(r.comment).toContain("Drift in `us-data`");
    expect(r.comment).not.toContain("DIFF REPORT");
  });

  test("without DRIFT_CHECK the plan does not use -detailed-exitcode", () => {
    expect(planWith(undefined).calls).not.toContain("-detailed-exitcode");
  });
});
