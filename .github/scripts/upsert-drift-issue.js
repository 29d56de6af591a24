// Keeps one open issue per drifted stack (title "Drift: <stack>", label "drift"): opens it, or
// comments on it when the drift is still there; closes it once a run finds no drift.
// Called from actions/github-script with the stack, the plan status and the report file.
const fs = require("node:fs");

module.exports = async ({ github, context }, { stack, status, file }) => {
  const { owner, repo } = context.repo;
  const title = `Drift: ${stack}`;
  const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: "open", labels: "drift", per_page: 100 });
  const existing = open.find((i) => i.title === title && !i.pull_request);
  if (status === "drifted") {
    const body = fs.readFileSync(file, "utf8");
    if (existing) await github.rest.issues.createComment({ owner, repo, issue_number: existing.number, body });
    else await github.rest.issues.create({ owner, repo, title, body, labels: ["drift"] });
  } else if (status === "planned" && existing) {
    await github.rest.issues.createComment({
      owner,
      repo,
      issue_number: existing.number,
      body: `No drift in \`${stack}\` as of ${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}.`,
    });
    await github.rest.issues.update({ owner, repo, issue_number: existing.number, state: "closed", state_reason: "completed" });
  }
};
