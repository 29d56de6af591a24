#!/usr/bin/env bash
# Builds the reports the plan comments carry, after `npm run synth` wrote cdktf.out/:
#   reports/base.out/      synth of the pull request's base commit
#   reports/diff.md        whole-repo synth diff (the guard job reads reports/diff.status)
#   reports/diff/<s>.md    per-stack diff       reports/cost/<s>.md   per-stack cost (npm run cost)
#   reports/cost.md        whole-platform cost, budgets included
#
#   pr-reports.sh <base-sha> <allow-destroy: true|false>
set -uo pipefail
base_sha="$1"
allow=()
[ "$2" = true ] && allow=(--allow-destroy)
mkdir -p reports/diff reports/cost

# Synthesize the base commit with this checkout's node_modules.
base_tree="${RUNNER_TEMP:-/tmp}/base"
head_dir="$PWD"
if git worktree add --detach "$base_tree" "$base_sha" >/dev/null 2>&1 \
  && ln -s "$PWD/node_modules" "$base_tree/node_modules" \
  && (cd "$base_tree" && npm run --silent synth -- --out "$head_dir/reports/base.out" --no-table) >/dev/null 2>&1; then
  :
else
  echo "::warning::the base commit ${base_sha} did not synthesize: no synth diff in this run"
fi

if [ -f reports/base.out/manifest.json ]; then
  node dist/tools/diff.js --base reports/base.out --head cdktf.out --format markdown "${allow[@]}" >reports/diff.md
  echo $? >reports/diff.status
else
  echo "_The base commit did not synthesize, so there is no synth diff._" >reports/diff.md
  echo 1 >reports/diff.status
fi

node dist/tools/cost.js cdktf.out --format markdown >reports/cost.md || echo "_The cost report failed: see the job log._" >reports/cost.md

git worktree remove --force "$base_tree" >/dev/null 2>&1 || true

for stack in $(node -e 'for (const s of Object.keys(require("./cdktf.out/manifest.json").stacks)) console.log(s)'); do
  if [ -f reports/base.out/manifest.json ]; then
    node dist/tools/diff.js --base reports/base.out --head cdktf.out --stack "$stack" --format markdown "${allow[@]}" >"reports/diff/${stack}.md" || true
  fi
  # The cost of this stack alone (`npm run cost` takes one cdk.tf.json).
  node dist/tools/cost.js "cdktf.out/stacks/${stack}/cdk.tf.json" --format markdown >"reports/cost/${stack}.md" \
    || echo "_The cost report failed for this stack: see the job log._" >"reports/cost/${stack}.md"
done
exit 0
