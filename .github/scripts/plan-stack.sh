#!/usr/bin/env bash
# Plans one synthesized stack with the read-only plan role and writes the pull-request comment.
#
#   plan-stack.sh <stack> <plan-role-arn> <state-read-role-arn> <comment-file>
#
# The synthesized backend assumes the read-write state role, which the plan role may not assume:
# `terraform init` gets a backend config file that replaces its assume_role with the state-read role
# (S3 backend `assume_role` block, Terraform >= 1.11), and the plan runs with -lock=false, so
# planning never writes to the state bucket.
#
# Writes `status=` to $GITHUB_OUTPUT: planned, waiting-for-dependencies (the plan failed and a stack
# this one reads from has no state or lacks an output yet, checked in S3 by plan-status.js: reported,
# not failed), or failed (with Terraform's error in the comment). Always exits 0 so the comment
# is posted; the workflow fails the job afterwards when status=failed.
# With DRIFT_CHECK=1 (the scheduled drift workflow) a plan with changes is status=drifted, and the
# text leaves out the pull-request reports.
set -uo pipefail
stack="$1"
role="$2"
state_role="$3"
comment="$4"
dir="cdktf.out/stacks/${stack}"
log="$(mktemp)"
plan_text="$(mktemp)"
backend_config="$(mktemp --suffix=.s3.tfbackend)"
trap 'rm -f "$log" "$plan_text" "$backend_config"' EXIT
# Partial backend configuration (terraform init -backend-config=FILE): the whole assume_role object
# is replaced, so it names the session too.
cat >"$backend_config" <<EOF
assume_role = {
  role_arn     = "${state_role}"
  session_name = "cdktf-state-read"
}
EOF

drift="${DRIFT_CHECK:-}"
extra=()
[ -n "$drift" ] && extra=(-detailed-exitcode)
init_exit=0
plan_exit=0
terraform -chdir="$dir" init -input=false -no-color -backend-config="$backend_config" >"$log" 2>&1 || init_exit=$?
if [ "$init_exit" = 0 ]; then
  # -lock=false: the state-read role may read state but not write the lock object.
  terraform -chdir="$dir" plan -input=false -lock=false -no-color -var "role_arn=${role}" "${extra[@]}" -out=tfplan >>"$log" 2>&1 || plan_exit=$?
fi

# The status comes from the exit codes and, for a failed plan, from whether a stack this one reads
# (terraform_remote_state in its cdk.tf.json) has no state or lacks an output yet: plan-status.js.
decision="$(node "$(dirname "$0")/plan-status.js" "$dir/cdk.tf.json" "$init_exit" "$plan_exit" 2>>"$log")" || decision="status=failed"
status="$(printf '%s\n' "$decision" | sed -n 's/^status=//p')"
waiting_on="$(printf '%s\n' "$decision" | sed -n 's/^waiting-on=/- /p')"
[ -n "$status" ] || status=failed

if [ "$status" = planned ] || [ "$status" = drifted ]; then
  terraform -chdir="$dir" show -no-color tfplan >"$plan_text" 2>&1
  summary="$(grep -E '^(Plan: |No changes\.)' "$plan_text" | head -1)"
else
  cp "$log" "$plan_text"
  summary=""
fi

# GitHub comments hold 65,536 characters: the plan gets 30,000 (its tail: the summary and errors
# live there), the diff 20,000 and the cost 8,000; the whole reports are in the cdktf-out artifact.
limit=30000
size=$(wc -c <"$plan_text")
body="$(tail -c "$limit" "$plan_text")"
[ "$size" -gt "$limit" ] && body="(first $((size - limit)) bytes cut; the full plan is in the job log)
${body}"

# Prints a report, cut at a number of bytes.
capped() {
  head -c "$2" "$1"
  [ "$(wc -c <"$1")" -gt "$2" ] && printf '\n\n_(cut here: the whole report is in the cdktf-out artifact)_\n'
  return 0
}

{
  echo "<!-- cdktf-plan:${stack} -->"
  case "$status" in
    planned) echo "### :clipboard: Plan \`${stack}\`: ${summary:-see output}" ;;
    drifted) echo "### :warning: Drift in \`${stack}\`: ${summary:-see output}"
      echo ""
      echo "The deployed infrastructure differs from main. Find who changed it (CloudTrail), then re-apply main or fold the change into the code." ;;
    waiting-for-dependencies) echo "### :hourglass: Plan \`${stack}\`: waiting for its dependencies to be applied"
      echo ""
      echo "A stack this one reads from has no state or outputs yet (new environment or new output). It plans once they are applied on main:"
      echo ""
      echo "$waiting_on" ;;
    *) echo "### :x: Plan \`${stack}\` failed" ;;
  esac
  echo ""
  run_url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
  echo "Account \`${ACCOUNT:-?}\`, region \`${REGION:-?}\`, commit ${GITHUB_SHA:-?} ([run](${run_url}))."
  echo ""
  echo "<details><summary>terraform output</summary>"
  echo ""
  echo '```'
  echo "$body"
  echo '```'
  echo ""
  echo "</details>"
  echo ""
  if [ -z "$drift" ]; then
    echo "#### Synth diff against the base branch"
    echo ""
    if [ -s "reports/diff/${stack}.md" ]; then capped "reports/diff/${stack}.md" 20000; else echo "_No diff report in this run._"; fi
    echo ""
    echo "#### Cost"
    echo ""
    if [ -s "reports/cost/${stack}.md" ]; then capped "reports/cost/${stack}.md" 8000; else echo "_No cost report in this run._"; fi
  fi
} >"$comment"

cat "$plan_text"
cat "$comment" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
echo "status=${status}" >>"${GITHUB_OUTPUT:-/dev/null}"
exit 0
