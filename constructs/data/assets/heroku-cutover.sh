#!/usr/bin/env bash
# Heroku Postgres -> RDS cutover, one step per subcommand (runbooks/postgres-heroku-cutover.md).
#   heroku-cutover.sh preflight|freeze|dump|restore|sequences|grants|analyze|verify|all|unfreeze
# Environment:
#   SOURCE_URL  libpq URL/conninfo of the Heroku database (the app's own credential on Heroku)
#   TARGET_URL  libpq URL/conninfo of the RDS database, as the master user (member of APP_ROLE)
#   APP_ROLE    role that owns the restored objects on the target (posthog_app)
#   DUMP_DIR    pg_dump directory (default /root/heroku.dir); must not exist before `dump`
#   JOBS        parallel jobs for pg_dump/pg_restore/vacuumdb (default: nproc)
#   SAMPLE_ROWS rows per table in the verify checksum (default 1000)
#   SOURCE_APP_ROLE role whose sessions `freeze` ends (default: the SOURCE_URL user, as on Heroku)
#   PG_BINDIR   client binaries (default: pg_config --bindir, else PATH)
# Until the application's DATABASE_URL is switched (after `verify`), Heroku is untouched except
# for the freeze, which `unfreeze` lifts: that is the way back from every step.
set -Eeuo pipefail

: "${SOURCE_URL:?set SOURCE_URL to the Heroku database URL}"
: "${TARGET_URL:?set TARGET_URL to the RDS database URL}"
: "${APP_ROLE:?set APP_ROLE to the application role on the target}"
DUMP_DIR=${DUMP_DIR:-/root/heroku.dir}
JOBS=${JOBS:-$(nproc)}
SAMPLE_ROWS=${SAMPLE_ROWS:-1000}
if [[ -z ${PG_BINDIR:-} ]] && command -v pg_config >/dev/null; then PG_BINDIR=$(pg_config --bindir); fi
bin() { if [[ -n ${PG_BINDIR:-} ]]; then echo "$PG_BINDIR/$1"; else echo "$1"; fi; }
PSQL=$(bin psql)
# Same text for the same value on both servers, whatever their parameter groups say (verify's md5).
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-15} PGAPPNAME=heroku-cutover PGTZ=UTC PGDATESTYLE=ISO

STEP=none
declare -A WAY_BACK=(
  [preflight]="nothing has changed; fix the reported problem and run preflight again"
  [freeze]="run 'heroku-cutover.sh unfreeze' and 'heroku maintenance:off'; the application still points at Heroku"
  [dump]="run 'heroku-cutover.sh unfreeze' and 'heroku maintenance:off'; delete DUMP_DIR before the next attempt"
  [restore]="run 'heroku-cutover.sh unfreeze' and 'heroku maintenance:off'; empty the target (runbook step 4) before the next attempt"
)
for s in sequences grants analyze verify; do WAY_BACK[$s]=${WAY_BACK[restore]}; done
WAY_BACK[unfreeze]="the source may still be read-only: run 'ALTER DATABASE <db> RESET default_transaction_read_only' on Heroku"

REPORTED=
fail() {
  echo "FAILED step ${STEP}: $*" >&2
  echo "way back: ${WAY_BACK[$STEP]:-nothing has changed}" >&2
  REPORTED=1
  exit 1
}
# Any other error (a psql or pg_restore failure under set -e) is reported the same way.
TEMP_FILES=()
on_exit() {
  local rc=$?
  ((${#TEMP_FILES[@]} == 0)) || rm -f "${TEMP_FILES[@]}"
  [[ $rc -eq 0 || -n $REPORTED ]] || echo "FAILED step ${STEP} (exit ${rc}); way back: ${WAY_BACK[$STEP]:-nothing has changed}" >&2
}
trap on_exit EXIT

src() { "$PSQL" "$SOURCE_URL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
tgt() { "$PSQL" "$TARGET_URL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# Tables the application owns: user schemas, no extension members, no partitions' parents twice.
USER_TABLES="select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r','p') and n.nspname not in ('pg_catalog','information_schema','heroku_ext')
  and n.nspname not like 'pg\_%' and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')"

# Sequences owned by a column (serial or identity), with that column.
OWNED_SEQUENCES="select s.oid::regclass::text as seq, c.oid::regclass::text as tbl, a.attname as col
  from pg_class s join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a','i')
  join pg_class c on c.oid = d.refobjid join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
  join pg_namespace n on n.oid = s.relnamespace where s.relkind = 'S' and n.nspname <> 'heroku_ext'"

step_preflight() {
  local problems=() sv tv
  sv=$(src -c 'show server_version_num') || fail "cannot connect to the source"
  tv=$(tgt -c 'show server_version_num') || fail "cannot connect to the target"
  echo "source: $(src -c 'select version()')"
  echo "target: $(tgt -c 'select version()')"
  echo "client: $("$(bin pg_dump)" --version)"
  ((tv / 10000 >= sv / 10000)) || problems+=("target major $((tv / 10000)) is older than source major $((sv / 10000))")
  local client
  client=$("$(bin pg_dump)" --version | sed -E 's/.* ([0-9]+)\..*/\1/')
  ((client >= tv / 10000)) || problems+=("pg_dump major ${client} is older than the target's $((tv / 10000))")
  local missing
  missing=$(comm -23 <(src -c "select extname from pg_extension where extname <> 'plpgsql'" | LC_ALL=C sort) \
    <(tgt -c "select name from pg_available_extensions" | LC_ALL=C sort)) || true
  [[ -z $missing ]] || problems+=("extensions missing on the target: ${missing//$'\n'/ }")
  local allowed
  allowed=$(tgt -c "select coalesce(current_setting('rds.extensions', true), '')")
  if [[ -n $allowed ]]; then
    for e in $(src -c "select extname from pg_extension where extname <> 'plpgsql'"); do
      [[ ",${allowed// /}," == *",$e,"* ]] || problems+=("extension $e is not in the target's rds.extensions")
    done
  fi
  echo "source size: $(src -c 'select pg_size_pretty(pg_database_size(current_database()))'), tables: $(src -c "select count(*) from (${USER_TABLES}) t")"
  local busy max
  read -r busy max < <(tgt -F ' ' -c "select count(*), current_setting('max_connections') from pg_stat_activity")
  echo "target connections: ${busy} of ${max}"
  ((max - busy > JOBS + 2)) || problems+=("target has $((max - busy)) free connections; JOBS=${JOBS} needs $((JOBS + 2))")
  read -r busy max < <(src -F ' ' -c "select count(*), current_setting('max_connections') from pg_stat_activity")
  echo "source connections: ${busy} of ${max} (pg_dump needs JOBS+1 = $((JOBS + 1)))"
  echo "target parameters that matter for a restore:"
  tgt -F ' = ' -c "select name, current_setting(name) from pg_settings where name in ('maintenance_work_mem',
    'max_wal_size','checkpoint_timeout','synchronous_commit','autovacuum','max_parallel_maintenance_workers',
    'work_mem','wal_buffers','shared_buffers','rds.force_ssl') order by 1" | sed 's/^/  /'
  local tables
  tables=$(tgt -c "select count(*) from (${USER_TABLES}) t")
  ((tables == 0)) || problems+=("target already holds ${tables} application tables: empty it first (runbook step 4)")
  [[ $(tgt -c "select count(*) from pg_roles where rolname = '${APP_ROLE}'") == 1 ]] || problems+=("role ${APP_ROLE} does not exist on the target")
  [[ $(tgt -c "select pg_has_role(current_user, oid, 'MEMBER') from pg_roles where rolname = '${APP_ROLE}'") == t ]] ||
    problems+=("the target user is not a member of ${APP_ROLE}, so it cannot hand ownership to it")
  if ((${#problems[@]})); then printf '  problem: %s\n' "${problems[@]}" >&2; fail "${#problems[@]} problem(s)"; fi
}

# Heroku: the credential is the database owner, not a superuser. ALTER DATABASE works for the owner;
# pg_terminate_backend works on sessions of the same role, which on Heroku is the app's role.
# A session may still SET transaction_read_only = off: `heroku maintenance:on` and scaled-down
# workers are the real freeze, this makes stragglers fail loudly instead of writing.
step_freeze() {
  local db role
  db=$(src -c 'select current_database()')
  role=${SOURCE_APP_ROLE:-$(src -c 'select current_user')}
  src -c "alter database \"${db}\" set default_transaction_read_only = on"
  src -c "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database()
    and usename = '${role}' and pid <> pg_backend_pid()" | sed 's/^/terminated sessions: /'
  local left
  left=$(src -c "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
    and backend_type = 'client backend' and state <> 'idle' and xact_start is not null")
  echo "active sessions left on the source: ${left}"
}

# The session starts read-only too: switch it back first, in its own transaction.
step_unfreeze() {
  src -c 'set default_transaction_read_only = off' \
    -c "alter database \"$(src -c 'select current_database()')\" reset default_transaction_read_only"
  echo "source writable again for new sessions; lift 'heroku maintenance:on' and scale the workers back"
}

step_dump() {
  [[ ! -e $DUMP_DIR ]] || fail "${DUMP_DIR} already exists"
  "$(bin pg_dump)" "$SOURCE_URL" --format=directory --jobs="$JOBS" --no-owner --no-acl --file="$DUMP_DIR"
  echo "dump size: $(du -sh "$DUMP_DIR" | cut -f1)"
}

step_restore() {
  [[ -d $DUMP_DIR ]] || fail "${DUMP_DIR} does not exist: run dump first"
  # Comments on extensions need their owner (rdsadmin on RDS), and schemas made beforehand
  # (heroku_ext, runbook step 3) would stop the restore: leave both out.
  local skip=' COMMENT - EXTENSION '
  for s in $(tgt -c "select nspname from pg_namespace where nspname !~ '^(pg_|information_schema$)'"); do skip+="| SCHEMA - ${s} "; done
  "$(bin pg_restore)" --list "$DUMP_DIR" | grep -Ev "$skip" >"${DUMP_DIR}.toc"
  "$(bin pg_restore)" --dbname="$TARGET_URL" --jobs="$JOBS" --no-owner --no-acl --exit-on-error \
    --use-list="${DUMP_DIR}.toc" "$DUMP_DIR"
}

# pg_dump carries each sequence's value; this step puts every column-owned sequence at least at
# its column's max, so the first insert after cutover cannot hit a duplicate key.
step_sequences() {
  tgt <<SQL
do \$\$ declare r record; m bigint; v bigint; begin
  for r in ${OWNED_SEQUENCES} loop
    execute format('select max(%I)::bigint from %s', r.col, r.tbl) into m;
    execute format('select case when is_called then last_value else last_value - 1 end from %s', r.seq) into v;
    if m is not null and m > v then perform setval(r.seq::regclass, m); raise notice 'moved % to %', r.seq, m; end if;
  end loop; end \$\$;
SQL
}

step_grants() {
  tgt -v app="$APP_ROLE" <<'SQL'
select set_config('cutover.app', :'app', false) \gset
do $$ declare r record; app text := current_setting('cutover.app'); begin
  for r in select n.nspname from pg_namespace n where n.nspname not in ('pg_catalog','information_schema','heroku_ext')
      and n.nspname not like 'pg\_%' and not exists (select 1 from pg_depend d where d.objid = n.oid and d.deptype = 'e') loop
    if r.nspname <> 'public' then execute format('alter schema %I owner to %I', r.nspname, app); end if;
    execute format('grant usage, create on schema %I to %I', r.nspname, app);
  end loop;
  -- Tables carry their indexes and owned sequences along; standalone sequences, views, functions follow.
  for r in select c.oid::regclass::text as obj, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r','p','v','m','S','f') and n.nspname not in ('pg_catalog','information_schema','heroku_ext')
      and n.nspname not like 'pg\_%' and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('e','a','i')) loop
    execute format('alter %s %s owner to %I', case r.relkind when 'S' then 'sequence' when 'v' then 'view'
      when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end, r.obj, app);
  end loop;
  for r in select p.oid::regprocedure::text as obj, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog','information_schema','heroku_ext') and n.nspname not like 'pg\_%'
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute format('alter %s %s owner to %I', case r.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, r.obj, app);
  end loop;
  for r in select t.oid::regtype::text as obj, t.typtype from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where t.typtype in ('e','d','r') and n.nspname not in ('pg_catalog','information_schema','heroku_ext') and n.nspname not like 'pg\_%'
      and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype in ('e','i')) loop
    execute format('alter %s %s owner to %I', case r.typtype when 'd' then 'domain' else 'type' end, r.obj, app);
  end loop;
end $$;
SQL
  echo "objects owned by ${APP_ROLE}: $(tgt -c "select count(*) from pg_class where relowner = '${APP_ROLE}'::regrole")"
}

step_analyze() {
  "$(bin vacuumdb)" --dbname="$TARGET_URL" --analyze-only --jobs="$JOBS" --quiet
}

# One line per fact; source and target must print the same lines, sequences excepted (checked
# against their own columns on the target).
facts() {
  local run=$1
  # Row count and md5 of the first SAMPLE_ROWS rows in primary-key order (whole-row order without one).
  "$run" -c "select format('select %L || '' rows='' || (select count(*) from %I.%I) || '' md5='' ||
      coalesce((select md5(string_agg(t::text, ''|'' order by t::text)) from (select * from %I.%I x order by %s limit ${SAMPLE_ROWS}) t), ''empty'');',
      'table ' || nspname || '.' || relname, nspname, relname, nspname, relname,
      coalesce((select string_agg(quote_ident(a.attname), ',' order by k.ord) from pg_index i
        cross join unnest(i.indkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = format('%I.%I', nspname, relname)::regclass and i.indisprimary), 'x::text'))
    from (${USER_TABLES}) u(nspname, relname) order by 1" | "$run"
  "$run" -c "select 'constraints ' || n.nspname || ' ' || c.contype::text || '=' || count(*) from pg_constraint c
    join pg_namespace n on n.oid = c.connamespace where n.nspname not in ('pg_catalog','information_schema','heroku_ext')
    and n.nspname not like 'pg\_%' group by n.nspname, c.contype order by 1"
  "$run" -c "select 'indexes ' || schemaname || '=' || count(*) from pg_indexes
    where schemaname not in ('pg_catalog','information_schema','heroku_ext') and schemaname not like 'pg\_%' group by schemaname order by 1"
}

step_verify() {
  local s t problems
  s=$(mktemp) t=$(mktemp)
  TEMP_FILES+=("$s" "$t")
  facts src >"$s" &
  facts tgt >"$t"
  wait $! || fail "reading the source failed"
  problems=$(diff "$s" "$t" | sed -n 's/^< /  source: /p; s/^> /  target: /p') || true
  echo "tables compared: $(src -c "select count(*) from (${USER_TABLES}) t")"
  local behind
  behind=$(tgt <<SQL
select format('select %L || m || '' >= next value '' || (last_value + is_called::int) from %s, (select max(%I)::bigint m from %s) c where m >= last_value + is_called::int;',
  '  sequence ' || seq || ' behind its column ' || tbl || '.' || col || ': max ', seq, col, tbl)
from (${OWNED_SEQUENCES}) o
\gexec
SQL
  ) || true
  [[ -z $problems && -z $behind ]] || {
    [[ -z $problems ]] || printf 'mismatches (source vs target):\n%s\n' "$problems" >&2
    [[ -z $behind ]] || printf 'sequences behind their columns:\n%s\n' "$behind" >&2
    fail "target differs from the source"
  }
  echo "verify: row counts, samples, constraints, indexes and sequences match"
}

micros() { local t=${EPOCHREALTIME/[.,]/}; echo "${t#0}"; }
run_step() {
  STEP=$1
  local start
  start=$(micros)
  echo "==> ${STEP}"
  "step_${STEP}"
  local us=$(($(micros) - start))
  printf '==> %s done in %d.%03d s\n' "$STEP" $((us / 1000000)) $((us % 1000000 / 1000))
}

STEPS=(preflight freeze dump restore sequences grants analyze verify)
case ${1:-} in
  all) for s in "${STEPS[@]}"; do run_step "$s"; done
    echo "cutover copy verified: switch DATABASE_URL to RDS now (runbook step 10); Heroku stays frozen until then" ;;
  preflight | freeze | dump | restore | sequences | grants | analyze | verify | unfreeze) run_step "$1" ;;
  *) echo "usage: $0 preflight|freeze|dump|restore|sequences|grants|analyze|verify|all|unfreeze" >&2; exit 2 ;;
esac
