#!/bin/bash
# Monthly ClickHouse restore drill (templates/restore-drill-cronjob.yaml). Runs in the
# clickhouse-backup container next to a scratch clickhouse-server in the same pod (loopback only,
# embedded Keeper: files/restore-drill-server.xml). For each shard: restore the newest remote backup
# with clickhouse-backup, then check every table the backup holds: it exists, it has rows when the
# backup has parts, and CHECK TABLE passes. Exits 1 when any shard or table fails, so the Job fails
# and ClickHouseRestoreDrillFailed fires (runbooks/restore-drill.md).
# clickhouse-backup commands and variables: Altinity/clickhouse-backup ReadMe.md at tag v2.8.0
# (`list [all|local|remote] [latest|previous]`, `restore_remote [--rm] <backup_name>`,
# `delete local`, S3_PATH, CLICKHOUSE_HOST/PORT), https://github.com/Altinity/clickhouse-backup,
# read 2026-12-07.
set -uo pipefail

# SQL against the scratch server only: loopback, its HTTP port.
sql() {
  curl --silent --show-error --fail-with-body --data-binary "$1" "http://127.0.0.1:8123/?user=default"
}
quote() { # identifier -> `identifier`, with its backquotes escaped
  local bq='`'
  printf '%s%s%s' "$bq" "${1//$bq/\\$bq}" "$bq"
}

for _ in $(seq 1 60); do
  if [ "$(sql "SELECT count() > 0 FROM system.zookeeper WHERE path = '/'" 2>/dev/null)" = 1 ]; then break; fi
  sleep 5
done
if [ "$(sql "SELECT count() > 0 FROM system.zookeeper WHERE path = '/'")" != 1 ]; then
  echo "FAIL: the scratch server or its embedded Keeper did not come up"
  exit 1
fi

# S3_PATH as the backup sidecar has it (templates/_helpers.tpl), with the {shard} macro.
S3_PATH_TEMPLATE="$S3_PATH"
failed=0
for shard in $SHARDS; do
  # The live sidecar's S3_PATH names the shard by the {shard} macro; the scratch server's macro is
  # not the live one, so the drill spells each shard's path out.
  export S3_PATH="${S3_PATH_TEMPLATE//\{shard\}/$shard}"
  name=$(clickhouse-backup list remote latest | awk 'NR == 1 { print $1 }')
  if [ -z "$name" ]; then
    echo "FAIL shard $shard: no remote backup under s3://$S3_BUCKET/$S3_PATH (or the bucket is unreadable)"
    failed=1
    continue
  fi
  echo "shard $shard: restoring $name from s3://$S3_BUCKET/$S3_PATH"
  # --rm drops what the previous shard restored, so each shard is checked on its own.
  if ! clickhouse-backup restore_remote --rm "$name"; then
    echo "FAIL shard $shard: restore_remote $name failed"
    failed=1
    continue
  fi

  # What the backup holds, read by the scratch server from the downloaded table metadata
  # (clickhouse-backup's metadata/<db>/<table>.json: database, table, parts per disk), each file one
  # String value (format JSONAsString, structure given so the column's name is certain).
  tables=$(sql "SELECT JSONExtractString(json, 'database'), JSONExtractString(json, 'table'),
      arraySum(arrayMap(d -> length(JSONExtractArrayRaw(json, 'parts', d)), JSONExtractKeys(json, 'parts')))
    FROM file('$name/metadata/*/*.json', 'JSONAsString', 'json String') ORDER BY 1, 2 FORMAT TSV") || {
    echo "FAIL shard $shard: cannot read the table list of $name"
    failed=1
    continue
  }
  if [ -z "$tables" ]; then
    echo "FAIL shard $shard: backup $name holds no tables"
    failed=1
  fi
  while IFS=$'\t' read -r db table parts; do
    [ -n "$db" ] || continue
    id="$(quote "$db").$(quote "$table")"
    exists=$(sql "SELECT count() FROM system.tables WHERE database = '${db//\'/\\\'}' AND name = '${table//\'/\\\'}'")
    if [ "$exists" != 1 ]; then
      echo "FAIL shard $shard: $db.$table is in the backup but was not restored"
      failed=1
      continue
    fi
    if [ "$parts" -eq 0 ]; then
      echo "ok   shard $shard: $db.$table (no data in the backup)"
      continue
    fi
    # CHECK TABLE verifies each part's checksums and file sizes; with check_query_single_value_result
    # = 1 it answers one row, 1 or 0 (ClickHouse docs, "CHECK TABLE Statement",
    # https://clickhouse.com/docs/sql-reference/statements/check-table, read 2026-12-07).
    rows=$(sql "SELECT count() FROM $id") || rows=error
    check=$(sql "CHECK TABLE $id SETTINGS check_query_single_value_result = 1") || check=error
    if [ "$rows" = error ] || [ "$rows" -eq 0 ] || [ "$check" != 1 ]; then
      echo "FAIL shard $shard: $db.$table: $parts parts in the backup, $rows rows restored, CHECK TABLE $check"
      failed=1
    else
      echo "ok   shard $shard: $db.$table: $rows rows, CHECK TABLE passed"
    fi
  done <<<"$tables"
  # Free the scratch volume for the next shard: every downloaded backup, an incremental's bases
  # included (the restored tables go with the next --rm, or with the pod).
  clickhouse-backup list local | awk '{ print $1 }' | while read -r local_backup; do
    clickhouse-backup delete local "$local_backup" || echo "warning: could not delete local backup $local_backup"
  done
done

if [ "$failed" -ne 0 ]; then
  echo "restore drill FAILED"
  exit 1
fi
echo "restore drill passed"
