/**
 * Numbered migrations, applied in order inside one transaction each, recorded in
 * `schema_migrations`. Never edit a released step: add the next number.
 * Entities the change feed serves keep their wire form in `data` (jsonb) plus the columns the
 * gateway filters on; `seq` is the position in the entity's feed stream (see store/streams.ts).
 */
import type { Db } from './types';

export interface Migration { id: number; name: string; sql: string }

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'initial',
    sql: `
create table meta (key text primary key, value text not null);
create table feed_streams (stream text primary key, seq bigint not null default 0);
create table agencies (code text primary key, name text not null, created_at timestamptz not null default now());
create table enroll_codes (
  code_hash text primary key, agency_code text not null references agencies(code), counter text,
  created_at timestamptz not null default now(), expires_at timestamptz not null,
  used_at timestamptz, used_by text);
create table devices (
  id text primary key, name text not null, kind text not null,
  agency_code text not null references agencies(code), counter text,
  token_hash text not null unique, next_token_hash text unique,
  enrolled_at timestamptz not null default now(), revoked_at timestamptz,
  last_seen_at timestamptz, last_upload_at timestamptz, heartbeat jsonb, skew_ms bigint);
create table admin_tokens (token_hash text primary key, label text not null, created_at timestamptz not null default now());
create table procedures (code text primary key, seq bigint not null, data jsonb not null);
create index procedures_seq on procedures (seq);
create table holidays (date text primary key, seq bigint not null, data jsonb not null);
create index holidays_seq on holidays (seq);
create table staff (id text primary key, agency_code text not null, seq bigint not null, data jsonb not null);
create index staff_feed on staff (agency_code, seq);
create table dossiers (
  code text primary key, agency_code text not null, seq bigint not null, status int not null,
  id_hash text not null, citizen_id text, updated_at timestamptz not null, data jsonb not null);
create index dossiers_feed on dossiers (agency_code, seq);
create index dossiers_id_hash on dossiers (id_hash);
create table dossier_events (
  id bigserial primary key, code text not null, mutation_id uuid, device_id text,
  action text not null, at timestamptz not null default now(), data jsonb);
create index dossier_events_mutation on dossier_events (mutation_id);
create index dossier_events_code on dossier_events (code);
create table mutations (
  id uuid primary key, device_id text not null, agency_code text not null, type text not null,
  status text not null, result jsonb not null, received_at timestamptz not null default now());
create table code_counters (agency_code text not null, day text not null, next int not null, primary key (agency_code, day));
create table leases (
  id text primary key, device_id text not null, agency_code text not null, day text not null,
  first int not null, last int not null, issued_at timestamptz not null default now(),
  expires_at timestamptz not null, released_at timestamptz);
create index leases_agency_day on leases (agency_code, day);
create table code_voids (
  code text primary key, agency_code text not null, reason text not null, mutation_id uuid,
  lease_id text, at timestamptz not null default now());
create index code_voids_mutation on code_voids (mutation_id);
create table outbox (
  id bigserial primary key, adapter text not null, ref text not null, payload jsonb not null,
  created_at timestamptz not null default now(), attempts int not null default 0,
  next_attempt_at timestamptz not null default now(), delivered_at timestamptz, last_error text);
create index outbox_due on outbox (next_attempt_at) where delivered_at is null;
`,
  },
  {
    id: 2,
    name: 'fed entities as json text',
    // The feed sends `data` verbatim: json keeps the text as written, jsonb re-renders it on
    // every read (measured: 16 ms vs 5 ms of PGlite CPU per 500-dossier page).
    sql: `
alter table dossiers alter column data type json using data::json;
alter table procedures alter column data type json using data::json;
alter table holidays alter column data type json using data::json;
alter table staff alter column data type json using data::json;
`,
  },
  {
    id: 3,
    name: 'trust model',
    // Device kinds on enrollment codes; staff deactivation time and the server-only proof key
    // (never in `data`, which the feed sends); officers' signing keys per device; the staff id of
    // every recorded action; the citizen-safe projection a kiosk-kind device is fed (written with
    // every dossier write, backfilled at start for rows that predate it: see store/citizen.ts);
    // admin tokens with an id, last use and revocation; the admin audit log.
    sql: `
alter table enroll_codes add column kind text not null default 'counter';
alter table staff add column deactivated_at timestamptz;
alter table staff add column proof_key text;
create table staff_keys (
  key_id text primary key, device_id text not null, staff_id text not null, public_jwk jsonb not null,
  registered_at timestamptz not null default now(), revoked_at timestamptz);
create index staff_keys_device on staff_keys (device_id);
create index staff_keys_staff on staff_keys (staff_id);
alter table dossier_events add column staff_id text;
alter table code_voids add column staff_id text;
alter table dossiers add column public_data json;
create index dossiers_public_missing on dossiers (code) where public_data is null;
alter table admin_tokens add column id text not null default gen_random_uuid()::text;
alter table admin_tokens add column last_used_at timestamptz;
alter table admin_tokens add column revoked_at timestamptz;
create unique index admin_tokens_id on admin_tokens (id);
create table admin_audit (
  id bigserial primary key, at timestamptz not null default now(), actor text not null,
  action text not null, target text, details jsonb);
create index admin_audit_at on admin_audit (at);
`,
  },
  {
    id: 4,
    name: 'outbox claims',
    // Several gateway processes on one PostgreSQL database: a process claims a dossier's oldest
    // undelivered row for a while (renewed while it delivers; a dead process's claim expires),
    // so each row is delivered by one process and a dossier's rows in order (adapters/outbox.ts).
    sql: `
alter table outbox add column claimed_by text;
alter table outbox add column claimed_until timestamptz;
create index outbox_pending_ref on outbox (adapter, ref, id) where delivered_at is null;
`,
  },
  {
    id: 5,
    name: 'outbox refusals',
    // A request the provincial system refused for good (validation) is kept, out of the queue,
    // for the admin API (refused_at); every failure records its machine code (shared OutboxFailureCode).
    sql: `
alter table outbox add column refused_at timestamptz;
alter table outbox add column last_error_code text;
create index outbox_refused on outbox (refused_at) where refused_at is not null;
`,
  },
  {
    id: 6,
    name: 'province settings',
    // The province's own settings fed to every device (docs/SYNC-PROTOCOL.md §4.4): one row.
    sql: `
create table province_settings (id int primary key check (id = 1), seq bigint not null, data jsonb not null);
`,
  },
  {
    id: 7,
    name: 'boundary-free intake',
    // A dossier decided by another agency than the one that received it (docs/SYNC-PROTOCOL.md
    // §4.5): that agency and the dossier's position in its feed stream. Null for the usual case.
    sql: `
alter table dossiers add column competent_agency_code text;
alter table dossiers add column competent_seq bigint;
create index dossiers_competent_feed on dossiers (competent_agency_code, competent_seq) where competent_agency_code is not null;
`,
  },
  {
    id: 8,
    name: 'office queue',
    // The office queue (docs/SYNC-PROTOCOL.md §12): each agency's LAN key, made at the first ask,
    // and the queue events its queue host uploads (idempotent by id), read back per agency and day
    // for the statistics.
    sql: `
create table queue_keys (agency_code text primary key references agencies(code), key text not null, created_at timestamptz not null default now());
create table queue_events (
  id uuid primary key, agency_code text not null, device_id text not null, day text not null,
  at timestamptz not null, type text not null, data jsonb not null, received_at timestamptz not null default now());
create index queue_events_agency_day on queue_events (agency_code, day);
`,
  },
  {
    id: 9,
    name: 'province console',
    // The province console (docs/SECURITY.md §8): admin accounts (scrypt hashes, lockout) and their
    // sessions (the cookie's SHA-256, the CSRF token, idle and absolute expiry); each device's
    // heartbeat history for the fleet chart; and the service-index figures' pre-aggregate: the
    // dossier fields they count as stored generated columns, a per-agency, per-Vietnamese-day
    // table of the counts that do not depend on the clock (received, by channel, finished, on
    // time, late, ratings), kept by statement triggers on every dossier write (the statement's
    // old rows taken off and its new rows added, one upsert per agency and day), and a partial index over the open dossiers, which are counted
    // live (open or overdue depends on now). bench/console.bench.ts measures it.
    sql: `
create table admin_accounts (
  id text primary key, username text not null unique, password_hash text not null, role text not null,
  agency_code text, created_at timestamptz not null default now(), last_login_at timestamptz,
  failed_logins int not null default 0, locked_until timestamptz, disabled_at timestamptz);
create table admin_sessions (
  token_hash text primary key, account_id text not null references admin_accounts(id) on delete cascade,
  csrf_token text not null, created_at timestamptz not null default now(),
  expires_at timestamptz not null, idle_until timestamptz not null);
create index admin_sessions_account on admin_sessions (account_id);
create table device_heartbeats (
  device_id text not null, at timestamptz not null default now(), pending int not null,
  oldest_pending_ms bigint, skew_ms bigint, scanner_error boolean not null);
create index device_heartbeats_device on device_heartbeats (device_id, at);
alter table dossiers add column received_at text generated always as (data->>'receivedAt') stored;
alter table dossiers add column appointment_at text generated always as (data->>'appointmentAt') stored;
alter table dossiers add column finished_at text generated always as (coalesce(data->>'finishedAt', data->>'returnedAt')) stored;
alter table dossiers add column channel int generated always as ((data->>'channel')::int) stored;
alter table dossiers add column rating_score int generated always as ((data->'rating'->>'score')::int) stored;
create index dossiers_open_figures on dossiers (received_at) include (agency_code, appointment_at, code)
  where status in (1, 2, 4, 5, 6);
create table dossier_day_figures (
  agency_code text not null, day text not null, received int not null, in_person int not null, online int not null,
  post int not null, finished int not null, on_time int not null, late int not null, ratings int not null, rating_sum int not null,
  primary key (agency_code, day));
create index dossier_day_figures_day on dossier_day_figures (day);
insert into dossier_day_figures
  select agency_code, to_char((received_at::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
    count(*), count(*) filter (where channel = 1), count(*) filter (where channel = 2), count(*) filter (where channel = 3),
    count(*) filter (where status in (9, 10) and finished_at is not null),
    count(*) filter (where status in (9, 10) and finished_at is not null and finished_at <= appointment_at),
    count(*) filter (where status in (9, 10) and finished_at is not null and finished_at > appointment_at),
    count(rating_score), coalesce(sum(rating_score), 0)
  from dossiers where status <> 3 group by 1, 2;
create function dossier_day_figures_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into dossier_day_figures as f
      select agency_code, to_char((received_at::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
        sum(s), sum(s * (channel = 1)::int), sum(s * (channel = 2)::int), sum(s * (channel = 3)::int),
        sum(s * (status in (9, 10) and finished_at is not null)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int),
        sum(s * (rating_score is not null)::int), sum(s * coalesce(rating_score, 0))
      from (select agency_code, received_at, status, channel, finished_at, appointment_at, rating_score, 1 as s from new_rows) x
      where status <> 3 and received_at is not null
      group by 1, 2
      having bool_or(s <> 0) and (sum(s) <> 0 or sum(s * (channel = 1)::int) <> 0 or sum(s * (channel = 2)::int) <> 0
        or sum(s * (channel = 3)::int) <> 0 or sum(s * (status in (9, 10) and finished_at is not null)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int) <> 0
        or sum(s * (rating_score is not null)::int) <> 0 or sum(s * coalesce(rating_score, 0)) <> 0)
      on conflict (agency_code, day) do update set received = f.received + excluded.received,
        in_person = f.in_person + excluded.in_person, online = f.online + excluded.online, post = f.post + excluded.post,
        finished = f.finished + excluded.finished, on_time = f.on_time + excluded.on_time, late = f.late + excluded.late,
        ratings = f.ratings + excluded.ratings, rating_sum = f.rating_sum + excluded.rating_sum;
  elsif tg_op = 'UPDATE' then
    insert into dossier_day_figures as f
      select agency_code, to_char((received_at::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
        sum(s), sum(s * (channel = 1)::int), sum(s * (channel = 2)::int), sum(s * (channel = 3)::int),
        sum(s * (status in (9, 10) and finished_at is not null)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int),
        sum(s * (rating_score is not null)::int), sum(s * coalesce(rating_score, 0))
      from (select agency_code, received_at, status, channel, finished_at, appointment_at, rating_score, -1 as s from old_rows union all select agency_code, received_at, status, channel, finished_at, appointment_at, rating_score, 1 as s from new_rows) x
      where status <> 3 and received_at is not null
      group by 1, 2
      having bool_or(s <> 0) and (sum(s) <> 0 or sum(s * (channel = 1)::int) <> 0 or sum(s * (channel = 2)::int) <> 0
        or sum(s * (channel = 3)::int) <> 0 or sum(s * (status in (9, 10) and finished_at is not null)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int) <> 0
        or sum(s * (rating_score is not null)::int) <> 0 or sum(s * coalesce(rating_score, 0)) <> 0)
      on conflict (agency_code, day) do update set received = f.received + excluded.received,
        in_person = f.in_person + excluded.in_person, online = f.online + excluded.online, post = f.post + excluded.post,
        finished = f.finished + excluded.finished, on_time = f.on_time + excluded.on_time, late = f.late + excluded.late,
        ratings = f.ratings + excluded.ratings, rating_sum = f.rating_sum + excluded.rating_sum;
  else
    insert into dossier_day_figures as f
      select agency_code, to_char((received_at::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
        sum(s), sum(s * (channel = 1)::int), sum(s * (channel = 2)::int), sum(s * (channel = 3)::int),
        sum(s * (status in (9, 10) and finished_at is not null)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int),
        sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int),
        sum(s * (rating_score is not null)::int), sum(s * coalesce(rating_score, 0))
      from (select agency_code, received_at, status, channel, finished_at, appointment_at, rating_score, -1 as s from old_rows) x
      where status <> 3 and received_at is not null
      group by 1, 2
      having bool_or(s <> 0) and (sum(s) <> 0 or sum(s * (channel = 1)::int) <> 0 or sum(s * (channel = 2)::int) <> 0
        or sum(s * (channel = 3)::int) <> 0 or sum(s * (status in (9, 10) and finished_at is not null)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at <= appointment_at)::int) <> 0
        or sum(s * (status in (9, 10) and finished_at is not null and finished_at > appointment_at)::int) <> 0
        or sum(s * (rating_score is not null)::int) <> 0 or sum(s * coalesce(rating_score, 0)) <> 0)
      on conflict (agency_code, day) do update set received = f.received + excluded.received,
        in_person = f.in_person + excluded.in_person, online = f.online + excluded.online, post = f.post + excluded.post,
        finished = f.finished + excluded.finished, on_time = f.on_time + excluded.on_time, late = f.late + excluded.late,
        ratings = f.ratings + excluded.ratings, rating_sum = f.rating_sum + excluded.rating_sum;
  end if;
  return null;
end
$$;
create trigger dossiers_day_figures_insert after insert on dossiers referencing new table as new_rows
  for each statement execute function dossier_day_figures_apply();
create trigger dossiers_day_figures_update after update on dossiers referencing old table as old_rows new table as new_rows
  for each statement execute function dossier_day_figures_apply();
create trigger dossiers_day_figures_delete after delete on dossiers referencing old table as old_rows
  for each statement execute function dossier_day_figures_apply();
`,
  },
  {
    id: 10,
    name: 'files and attachments',
    // Digitised documents (docs/SYNC-PROTOCOL.md §13). A file is its SHA-256; its bytes live in the
    // file store (files/store.ts: a directory, or S3-compatible storage) as content-addressed
    // chunks; these tables say which chunks each file has and which dossier component it is
    // attached to. \`arrivals\` counts every accepted upload of a chunk, resends included.
    sql: `
create table files (
  sha256 text primary key, size bigint not null, mime text not null, chunk_size int not null,
  chunk_hashes json not null, chunks_stored int not null default 0, complete_at timestamptz,
  declared_by text not null, declared_at timestamptz not null default now());
create table file_chunks (
  sha256 text not null references files(sha256), idx int not null, hash text not null, size int not null,
  arrivals int not null default 1, stored_at timestamptz not null default now(), primary key (sha256, idx));
create table attachments (
  id uuid primary key, dossier_code text not null, agency_code text not null, component text not null,
  sha256 text not null references files(sha256), name text not null, position int not null,
  device_id text not null, staff_id text, attached_at timestamptz not null default now());
create index attachments_dossier on attachments (dossier_code, component);
create index attachments_sha on attachments (sha256, agency_code);
`,
  },
  {
    id: 12,
    name: 'queue LAN key rotation',
    // The office LAN key can be changed (by an admin, or at once when a device of the office is
    // revoked); the key it replaced stays valid on the LAN for a grace period after an admin's
    // change, so devices that have not fetched the new one yet still reach the others.
    sql: `
alter table queue_keys add column previous_key text;
alter table queue_keys add column rotated_at timestamptz;
`,
  },
  {
    id: 14,
    name: 'garbage collection of abandoned uploads',
    // A file declared but never completed (the device gone, the dossier cancelled) is removed
    // once untouched for a while (store/files.ts collectAbandonedFiles). \`touched_at\`: its last
    // declaration or chunk; the partial index finds the old incomplete ones; \`file_chunks_hash\`
    // tells whether any file still names a chunk; \`file_gc.epoch\` is bumped by each removal of
    // chunk bytes, so a chunk upload that raced one re-checks its bytes before recording them.
    sql: `
alter table files add column touched_at timestamptz;
update files set touched_at = coalesce((select max(c.stored_at) from file_chunks c where c.sha256 = files.sha256), declared_at);
alter table files alter column touched_at set default now();
alter table files alter column touched_at set not null;
create index files_incomplete_touched on files (touched_at) where complete_at is null;
create index file_chunks_hash on file_chunks (hash);
create table file_gc (
  id int primary key check (id = 1), epoch bigint not null default 0, last_run_at timestamptz, last_result json);
insert into file_gc (id) values (1);
`,
  },
  {
    id: 15,
    name: 'console password change required after a reset',
    // A password another admin set (store/console.ts resetAdminPassword, the CLI's
    // reset-password) is known to that admin: the account must choose its own before the console
    // does anything else for it (http/server.ts); its own change clears the mark.
    sql: `
alter table admin_accounts add column must_change_password boolean not null default false;
`,
  },
  {
    id: 16,
    name: 'citizen view says whether the dossier is rated',
    // toCitizenView now carries `rated` (the citizen screen says a new rating replaces the one
    // recorded): the stored projections get it from the rating column, without a projection pass.
    sql: `
update dossiers set public_data = (public_data::jsonb || jsonb_build_object('rated', rating_score is not null))::json where public_data is not null;
`,
  },
  {
    id: 17,
    name: 'attachments signed by their officer',
    // Attaching a file is an officer's action like a staff mutation (store/files.ts officerCheck):
    // the moment the officer attached it and the signature the gateway checked are kept with it.
    // Attachments made before carry none (their officer was named but not proven).
    sql: `
alter table attachments add column signed_at timestamptz;
alter table attachments add column sig_key_id text;
alter table attachments add column sig text;
`,
  },
  {
    id: 18,
    name: 'attachments withdrawn by an officer',
    // A page attached by mistake is withdrawn, not deleted (store/files.ts withdrawAttachment): who,
    // when, why and the officer's signature stay; lists, reads and the scorecard skip it.
    sql: `
alter table attachments add column withdrawn_at timestamptz;
alter table attachments add column withdrawn_by text;
alter table attachments add column withdraw_reason text;
alter table attachments add column withdraw_signed_at timestamptz;
alter table attachments add column withdraw_sig_key_id text;
alter table attachments add column withdraw_sig text;
`,
  },
  {
    id: 19,
    name: 'erased files',
    // The bytes of a file attached by mistake can be erased once every attachment naming it was
    // withdrawn (store/files.ts eraseFile): its chunk records and the chunks no other file shares
    // go; the declaration stays, marked, with who erased it, when and why.
    sql: `
alter table files add column erased_at timestamptz;
alter table files add column erased_by text;
alter table files add column erase_reason text;
`,
  },
];

/** A migration's statements: split at a `;` that ends a line, except inside a `$$`-quoted body. */
export function statements(sql: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const part of sql.split(/;\s*\n/)) {
    pending = pending === '' ? part : `${pending};\n${part}`;
    if ((pending.match(/\$\$/g) ?? []).length % 2 === 0) {
      if (pending.trim() !== '') out.push(pending.trim());
      pending = '';
    }
  }
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}

export async function migrate(db: Db): Promise<number[]> {
  // One transaction under an advisory lock: two processes starting on one PostgreSQL database
  // serialise here, and the second finds the work done.
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(724301)');
    await tx.query(`create table if not exists schema_migrations (
      id int primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.query<{ id: number }>('select id from schema_migrations')).map((r) => r.id));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const stmt of statements(m.sql)) await tx.query(stmt);
      await tx.query('insert into schema_migrations (id, name) values ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
