// Decides the status of one stack's plan from facts, not from the wording of Terraform's log:
//   planned | drifted (DRIFT_CHECK, plan exit 2) | waiting-for-dependencies | failed
// "Waiting for dependencies" only when the plan failed AND a stack this one reads through
// terraform_remote_state (its synthesized cdk.tf.json) has no state yet, or its state lacks an output
// this stack reads (a new cross-stack output not applied yet). Every other failure is a failure.
//
//   node plan-status.js <cdk.tf.json> <init exit code> <plan exit code>
// prints `status=<status>` and, when waiting, one `waiting-on=<stack>: <why>` line per dependency.
// The dependencies' state is read with the AWS CLI through the role each remote-state block names
// (the state-read role), only when the plan failed.
const fs = require("node:fs");
const { execFileSync } = require("node:child_process");

const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;

/** The remote-state blocks of a synthesized stack and the outputs the stack reads from each. */
function remoteStateDependencies(stackJson) {
  const blocks = (stackJson.data && stackJson.data.terraform_remote_state) || {};
  const text = JSON.stringify({ ...stackJson, data: { ...stackJson.data, terraform_remote_state: undefined } });
  const read = new Map();
  for (const [, name, output] of text.matchAll(REMOTE_OUTPUT)) read.set(name, new Set([...(read.get(name) || []), output]));
  return Object.entries(blocks)
    .filter(([, b]) => b.backend === "s3")
    .map(([name, b]) => ({
      name,
      stack: String(b.config.key).replace(/\/terraform\.tfstate$/, ""),
      bucket: b.config.bucket,
      key: b.config.key,
      region: b.config.region,
      roleArn: b.config.assume_role && b.config.assume_role.role_arn,
      outputs: [...(read.get(name) || [])].sort(),
    }));
}

/**
 * The status. `states` maps a dependency's name to null (no state object) or the names of the
 * outputs its state holds; it is only consulted when the plan failed.
 */
function decideStatus({ initExit, planExit, drift, dependencies, states }) {
  if (initExit !== 0) return { status: "failed", waitingOn: [] };
  if (planExit === 0) return { status: "planned", waitingOn: [] };
  if (planExit === 2 && drift) return { status: "drifted", waitingOn: [] };
  const waitingOn = [];
  for (const d of dependencies) {
    const outputs = states.get(d.name);
    if (outputs === undefined) continue;
    if (outputs === null) waitingOn.push(`${d.stack}: no state yet (s3://${d.bucket}/${d.key})`);
    else {
      const missing = d.outputs.filter((o) => !outputs.includes(o));
      if (missing.length > 0) waitingOn.push(`${d.stack}: its state has no output ${missing.join(", ")} yet`);
    }
  }
  return { status: waitingOn.length > 0 ? "waiting-for-dependencies" : "failed", waitingOn };
}

/** Reads one dependency's state through its role: null when the object does not exist. */
function readStateOutputs(dep) {
  const aws = (args, env) =>
    execFileSync("aws", args, { encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let env = {};
  if (dep.roleArn) {
    const c = JSON.parse(
      aws(["sts", "assume-role", "--role-arn", dep.roleArn, "--role-session-name", "cdktf-state-read", "--output", "json"]),
    ).Credentials;
    env = { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken };
  }
  try {
    const state = JSON.parse(aws(["s3", "cp", `s3://${dep.bucket}/${dep.key}`, "-", "--region", dep.region], env));
    return Object.keys(state.outputs || {});
  } catch (err) {
    // A missing key is "does not exist"; anything else (access denied, KMS) is a real failure.
    if (/NoSuchKey|\(404\)|Not Found|does not exist/.test(String(err.stderr || err.message))) return null;
    throw err;
  }
}

function main([file, initExit, planExit]) {
  const stackJson = JSON.parse(fs.readFileSync(file, "utf8"));
  const dependencies = remoteStateDependencies(stackJson);
  const facts = {
    initExit: Number(initExit),
    planExit: Number(planExit),
    drift: !!process.env.DRIFT_CHECK,
    dependencies,
    states: new Map(),
  };
  if (facts.initExit === 0 && facts.planExit !== 0 && !(facts.planExit === 2 && facts.drift)) {
    for (const d of dependencies) {
      try {
        facts.states.set(d.name, readStateOutputs(d));
      } catch (err) {
        process.stderr.write(`could not read the state of ${d.stack}: ${String(err.stderr || err.message).trim()}\n`);
      }
    }
  }
  const { status, waitingOn } = decideStatus(facts);
  process.stdout.write([`status=${status}`, ...waitingOn.map((w) => `waiting-on=${w}`)].join("\n") + "\n");
}

module.exports = { remoteStateDependencies, decideStatus };
if (require.main === module) main(process.argv.slice(2));
