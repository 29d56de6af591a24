/**
 * An application-shaped database for rehearsing the Heroku cutover: two schemas, a dozen tables
 * with foreign keys, serial and identity columns, a standalone sequence, JSONB, citext, an enum,
 * a view and a trigger function, plus one large table (`events`) that carries the volume.
 * Extensions from PostgreSQL's contrib (shipped with the server packages): pgcrypto, citext.
 */

export const SEED_EXTENSIONS = ["pgcrypto", "citext"] as const;
export const SEED_SCHEMAS = ["public", "billing"] as const;

/** Bytes one `events` row takes on disk with its indexes, measured at 0.05 GB (heap ~190 B + pkey + index). */
export const EVENT_ROW_BYTES = 260;

/** Rows of the large table for a seed of about `gigabytes` GB (1e9 bytes). */
export function eventRowsFor(gigabytes: number): number {
  return Math.max(1000, Math.round((gigabytes * 1e9) / EVENT_ROW_BYTES));
}

/** The seed as one SQL script (schema, then data generated server-side). */
export function seedSql(eventRows: number): string {
  const rows = Math.max(1, Math.floor(eventRows));
  return `
create extension pgcrypto;
create extension citext;
create schema billing;
create type plan_tier as enum ('free', 'scale', 'enterprise');
create sequence invoice_number_seq start 1000;

create table organizations (id bigserial primary key, name text not null, tier plan_tier not null default 'free',
  settings jsonb not null default '{}', created_at timestamptz not null default now());
create table users (id bigserial primary key, organization_id bigint not null references organizations on delete cascade,
  email citext not null unique, password_hash text not null, is_staff boolean not null default false);
create table teams (id serial primary key, organization_id bigint not null references organizations, name text not null,
  api_token text not null unique default encode(gen_random_bytes(16), 'hex'), config jsonb);
create table team_members (team_id int not null references teams, user_id bigint not null references users, role text not null
  check (role in ('member', 'admin')), primary key (team_id, user_id));
create table feature_flags (id bigint generated always as identity primary key, team_id int not null references teams,
  key text not null, filters jsonb not null, active boolean not null default true, unique (team_id, key));
create table dashboards (id serial primary key, team_id int not null references teams, name text, layout jsonb);
create table insights (id serial primary key, dashboard_id int references dashboards on delete set null, query jsonb not null,
  last_refresh timestamptz);
create index insights_query_kind on insights ((query ->> 'kind'));
create table persons (id bigserial primary key, team_id int not null references teams, uuid uuid not null default gen_random_uuid(),
  properties jsonb not null default '{}', unique (team_id, uuid));
create index persons_properties on persons using gin (properties);
create table cohorts (id serial primary key, team_id int not null references teams, definition jsonb);
create table events (id bigserial primary key, team_id int not null references teams, person_id bigint references persons,
  event text not null, properties jsonb, created_at timestamptz not null);
create index events_team_created on events (team_id, created_at);
create table audit_log (at timestamptz not null, actor bigint, detail text);
create table billing.invoices (id bigserial primary key, organization_id bigint not null references organizations,
  number bigint not null default nextval('invoice_number_seq') unique, amount_cents bigint not null check (amount_cents >= 0));
create table billing.line_items (id bigserial primary key, invoice_id bigint not null references billing.invoices on delete cascade,
  description text, quantity int not null default 1);
create view active_flags as select f.key, t.name as team from feature_flags f join teams t on t.id = f.team_id where f.active;
create function touch_refresh() returns trigger language plpgsql as $$ begin new.last_refresh := now(); return new; end $$;
create trigger insights_touch before update on insights for each row execute function touch_refresh();

insert into organizations (name, tier, settings)
  select 'org ' || g, (array['free','scale','enterprise']::plan_tier[])[1 + g % 3], jsonb_build_object('region', 'us', 'seats', g)
  from generate_series(1, 50) g;
insert into users (organization_id, email, password_hash)
  select 1 + g % 50, 'User' || g || '@Example.com', crypt('pw' || g, '$1$fixedsal') from generate_series(1, 500) g;
insert into teams (organization_id, name, api_token, config) select 1 + g % 50, 'team ' || g, md5('t' || g), jsonb_build_object('tz', 'UTC')
  from generate_series(1, 100) g;
insert into team_members select 1 + g % 100, g, case when g % 7 = 0 then 'admin' else 'member' end from generate_series(1, 500) g;
insert into feature_flags (team_id, key, filters) select 1 + g % 100, 'flag-' || g, jsonb_build_object('rollout', g % 100)
  from generate_series(1, 300) g;
insert into dashboards (team_id, name, layout) select 1 + g % 100, 'dash ' || g, '[]' from generate_series(1, 200) g;
insert into insights (dashboard_id, query) select 1 + g % 200, jsonb_build_object('kind', 'TrendsQuery', 'n', g) from generate_series(1, 400) g;
insert into persons (team_id, uuid, properties) select 1 + g % 100, md5('p' || g)::uuid, jsonb_build_object('email', 'p' || g || '@x.io')
  from generate_series(1, 2000) g;
insert into cohorts (team_id, definition) select 1 + g % 100, '{"groups": []}' from generate_series(1, 50) g;
insert into audit_log select timestamptz '2026-01-01' + g * interval '1 minute', g % 500, 'login' from generate_series(1, 1000) g;
insert into billing.invoices (organization_id, amount_cents) select 1 + g % 50, g * 100 from generate_series(1, 300) g;
insert into billing.line_items (invoice_id, description) select 1 + g % 300, 'seats' from generate_series(1, 900) g;
insert into events (team_id, person_id, event, properties, created_at)
  select 1 + g % 100, 1 + g % 2000, (array['$pageview','$autocapture','signup','$identify'])[1 + g % 4],
    jsonb_build_object('$browser', 'Firefox', '$current_url', 'https://app.example.com/p/' || g % 997, 'n', g),
    timestamptz '2026-01-01' + g * interval '1 second'
  from generate_series(1, ${rows}) g;
-- A sequence moved past its column, as after deleted rows: the copy must keep the gap.
select setval('dashboards_id_seq', 250);
analyze;
`;
}
