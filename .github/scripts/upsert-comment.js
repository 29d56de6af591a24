// Posts a pull-request comment, or updates the earlier one carrying the same hidden marker (the
// first line of the body, e.g. `<!-- cdktf-plan:us-data -->`), so each stack has exactly one.
// Called from actions/github-script.
const fs = require("node:fs");

module.exports = async ({ github, context }, file) => {
  const body = fs.readFileSync(file, "utf8");
  const marker = body.split("\n", 1)[0];
  if (!marker.startsWith("<!-- ")) throw new Error(`${file}: the first line must be the hidden marker`);
  const { owner, repo } = context.repo;
  const issue_number = context.payload.pull_request.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const previous = comments.find((c) => c.body && c.body.startsWith(marker));
  if (previous) await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
  else await github.rest.issues.createComment({ owner, repo, issue_number, body });
};
