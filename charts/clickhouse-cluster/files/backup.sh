#!/bin/sh
# Runs one backup per shard through the clickhouse-backup sidecar's integration tables
# (system.backup_actions / system.backup_list). A full backup every FULL_EVERY_DAYS days (counted
# from the Unix epoch, so the cadence survives restarts), incrementals against the newest full
# backup in between. Exits non-zero if any shard fails, so the Job fails and the alert fires.
set -eu

day=$(( $(date -u +%s) / 86400 ))
kind=incremental
if [ $(( day % FULL_EVERY_DAYS )) -eq 0 ]; then kind=full; fi
stamp=$(date -u +%Y%m%dT%H%M%S)
failed=0

query() { # host, sql
  clickhouse-client --host "$1" --user backup --password "$CLICKHOUSE_PASSWORD" --query "$2"
}

for shard_hosts in $SHARD_HOSTS; do
  # Replicas of one shard, comma-separated: use the first that answers.
  host=""
  for candidate in $(echo "$shard_hosts" | tr ',' ' '); do
    if query "$candidate" "SELECT 1" >/dev/null 2>&1; then host=$candidate; break; fi
  done
  if [ -z "$host" ]; then echo "no replica of $shard_hosts answers"; failed=1; continue; fi

  name="$kind-$stamp"
  command="create_remote $name"
  if [ "$kind" = incremental ]; then
    base=$(query "$host" "SELECT name FROM system.backup_list WHERE location = 'remote' AND name LIKE 'full-%' ORDER BY created DESC LIMIT 1")
    if [ -z "$base" ]; then name="full-$stamp"; command="create_remote $name"
    else command="create_remote --diff-from-remote=$base $name"; fi
  fi
  echo "$host: $command"
  query "$host" "INSERT INTO system.backup_actions(command) VALUES ('$command')"

  status="in progress"
  while [ "$status" = "in progress" ]; do
    sleep 30
    status=$(query "$host" "SELECT status FROM system.backup_actions WHERE command = '$command' ORDER BY start DESC LIMIT 1")
  done
  if [ "$status" != success ]; then
    echo "$host: $command ended with status '$status'"
    query "$host" "SELECT error FROM system.backup_actions WHERE command = '$command' ORDER BY start DESC LIMIT 1" || true
    failed=1
  fi
done
exit $failed
