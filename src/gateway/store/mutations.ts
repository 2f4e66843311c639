/**
 * The mutation batch, in one transaction: every result (applied, conflict, rejected) is stored
 * under its mutation id together with the change it made, so a resend after a crash or a lost
 * answer finds it and gets `duplicate`. Writers of one agency are serialised by the agency's
 * stream lock (store/streams.ts), which also makes concurrent batches on one dossier see each
 * other's commits: the second one gets a `conflict`, never a lost update. Before the engine, each
 * mutation passes the trust checks (store/authorize.ts): device scope, officer, signature.
 */
import type { Db, Queryable } from '../db/types';
import type { Dossier, Mutation, MutationEnvelope, MutationResult, Procedure, StoredResult } from '../../shared/protocol';
import { Mutation as MutationSchema, MUTATION_TYPES } from '../../shared/protocol';
import type { Device } from './devices';
import { applyMutation, type BatchState, type DossierState, type LeaseRange } from './apply';
import { authorize, isStaffMutation, type KeyAuth, type StaffAuth } from './authorize';
import { agencyStream, lockStream, type StreamLock } from './streams';
import { competentAgencyOf } from '../../shared/dossier';
import { withCitizenViews } from './citizen';
import type { Officer, OutboxSink } from '../adapters/types';
import { localized } from '../../shared/messages';
import { validationDetails } from '../errors';

interface Prior { id: string; device_id: string; result: StoredResult }

const stored = (r: MutationResult): StoredResult => {
  if (r.status === 'duplicate') return r.original;
  const { dossier: _d, ...rest } = r as typeof r & { dossier?: unknown };
  return rest as StoredResult;
};

function validate(env: MutationEnvelope): { ok: true; m: Mutation } | { ok: false; result: MutationResult } {
  if (!(MUTATION_TYPES as string[]).includes(env.type)) {
    return { ok: false, result: { id: env.id, status: 'rejected', reason: 'unknown-type', message: localized('reject', 'unknown-type'), details: { type: env.type } } };
  }
  const p = MutationSchema.safeParse(env);
  if (!p.success) {
    return { ok: false, result: { id: env.id, status: 'rejected', reason: 'validation', message: localized('reject', 'validation'), details: validationDetails(p.error) } };
  }
  return { ok: true, m: p.data };
}

interface Loaded {
  prior: Prior[];
  dossiers: { code: string; data: Dossier; citizen_id: string | null }[];
  voids: string[];
  procedures: Procedure[];
  leases: { id: string; agency_code: string; day: string; first: number; last: number }[];
  staff: { id: string; agency_code: string; role: StaffAuth['role']; name: string; title: string | null; deactivated_at: string | null }[];
  keys: { key_id: string; staff_id: string; public_jwk: KeyAuth['jwk']; revoked: boolean }[];
  agency_name: string | null;
  known_agencies: string[];
  names: { code: string; name: string }[];
}

interface Batch {
  s: BatchState; staff: Map<string, StaffAuth>; keys: Map<string, KeyAuth>; agencyName: string;
  /** Names of the agencies this batch touches (receiving and competent ones), by code. */
  names: Map<string, string>;
}

/**
 * The feed streams a batch writes to, in a fixed (sorted) order: the device's agency, the
 * competent agencies of its intakes and both agencies of every existing dossier it touches
 * (boundary-free intake: a dossier is in the receiving and the competent agency's streams). The
 * agencies of a dossier never change, so reading them before taking the locks is safe.
 */
async function streamsOf(tx: Queryable, device: Device, ms: Mutation[]): Promise<string[]> {
  const agencies = new Set([device.agencyCode]);
  for (const m of ms) if (m.type === 'dossier.create' && m.payload.competentAgencyCode) agencies.add(m.payload.competentAgencyCode);
  const codes = [...new Set(ms.filter((m) => m.type !== 'dossier.create' && m.type !== 'code.void').map((m) => m.payload.code))];
  if (codes.length > 0) {
    const rows = await tx.query<{ agency_code: string; competent_agency_code: string | null }>(
      'select agency_code, competent_agency_code from dossiers where code = any($1::text[]) and competent_agency_code is not null', [codes]);
    for (const r of rows) {
      agencies.add(r.agency_code);
      if (r.competent_agency_code) agencies.add(r.competent_agency_code);
    }
  }
  return [...agencies].sort().map(agencyStream);
}

/** Everything the batch reads, in one round trip (each statement costs one on PostgreSQL and ~1 ms on PGlite). */
async function load(tx: Queryable, s: BatchState, ids: string[], ms: Mutation[], envelopes: MutationEnvelope[]): Promise<{ prior: Map<string, Prior>; batch: Batch }> {
  const codes = [...new Set(ms.map((m) => m.payload.code))];
  const procCodes = [...new Set(ms.flatMap((m) => (m.type === 'dossier.create' ? [m.payload.procedureCode] : [])))];
  const staffIds = [...new Set(ms.flatMap((m) => (isStaffMutation(m.type) && m.staffId !== null ? [m.staffId] : [])))];
  const keyIds = [...new Set(envelopes.flatMap((e) => (e.sig ? [e.sig.keyId] : [])))];
  const competent = [...new Set(ms.flatMap((m) => (m.type === 'dossier.create' && m.payload.competentAgencyCode ? [m.payload.competentAgencyCode] : [])))];
  const rows = await tx.query<Loaded>(
    `select
       (select coalesce(json_agg(json_build_object('id', id::text, 'device_id', device_id, 'result', result)), '[]')
          from mutations where id = any($1::uuid[])) as prior,
       (select coalesce(json_agg(json_build_object('code', code, 'data', data, 'citizen_id', citizen_id)), '[]')
          from dossiers where code = any($2::text[])) as dossiers,
       (select coalesce(json_agg(code), '[]') from code_voids where code = any($2::text[])) as voids,
       (select coalesce(json_agg(data), '[]') from procedures where code = any($3::text[])) as procedures,
       (select coalesce(json_agg(json_build_object('id', id, 'agency_code', agency_code, 'day', day, 'first', first, 'last', last)), '[]')
          from leases where agency_code = $5 and device_id = $4 and day >= $6) as leases,
       (select coalesce(json_agg(json_build_object('id', id, 'agency_code', agency_code, 'role', data->>'role', 'name', data->>'name',
            'title', data->>'title', 'deactivated_at', deactivated_at)), '[]') from staff where id = any($7::text[])) as staff,
       (select coalesce(json_agg(json_build_object('key_id', key_id, 'staff_id', staff_id, 'public_jwk', public_jwk,
            'revoked', revoked_at is not null)), '[]') from staff_keys where key_id = any($8::text[]) and device_id = $4) as keys,
       (select name from agencies where code = $5) as agency_name,
       (select coalesce(json_agg(c), '[]') from (
          select code as c from agencies where code = any($9::text[])
          union select e->>'code' from province_settings p, jsonb_array_elements(coalesce(p.data->'agencies', '[]'::jsonb)) e
            where cardinality($9::text[]) > 0 and e->>'code' = any($9::text[])) k) as known_agencies,
       -- Names of the agencies of boundary-free dossiers only (the usual batch asks none): the
       -- directory's, then the gateway's own table, which wins.
       (with want as (select array(
            select unnest($9::text[])
            union select agency_code from dossiers where code = any($2::text[]) and competent_agency_code is not null
            union select competent_agency_code from dossiers where code = any($2::text[]) and competent_agency_code is not null) as a)
        select coalesce(json_agg(json_build_object('code', c, 'name', n) order by src), '[]') from (
          select 0 as src, e->>'code' as c, e->>'name' as n from want, province_settings p, jsonb_array_elements(coalesce(p.data->'agencies', '[]'::jsonb)) e
            where cardinality(want.a) > 0 and e->>'code' = any(want.a)
          union all select 1, code, name from want, agencies where code = any(want.a)) k) as names`,
    [ids, codes, procCodes, s.deviceId, s.agencyCode, new Date(s.now.getTime() - 40 * 86_400_000).toISOString().slice(0, 10), staffIds, keyIds, competent]);
  const r = rows[0] as Loaded;
  for (const d of r.dossiers) s.dossiers.set(d.code, { dossier: d.data, citizenId: d.citizen_id, dirty: false, stored: true });
  for (const v of r.voids) s.voided.add(v);
  for (const p of r.procedures) s.procedures.set(p.code, p);
  s.leases = r.leases.map((l): LeaseRange => ({ id: l.id, agencyCode: l.agency_code, day: l.day, first: l.first, last: l.last }));
  const staff = new Map(r.staff.map((x): [string, StaffAuth] => [x.id, {
    id: x.id, agencyCode: x.agency_code, role: x.role, name: x.name, title: x.title ?? '',
    deactivatedAt: x.deactivated_at === null ? null : new Date(x.deactivated_at).toISOString(),
  }]));
  const keys = new Map(r.keys.map((k): [string, KeyAuth] => [k.key_id, { keyId: k.key_id, staffId: k.staff_id, jwk: k.public_jwk, revoked: k.revoked }]));
  for (const a of r.known_agencies) s.knownAgencies.add(a);
  // The gateway's own table names an agency (its rows come last and win); the directory fills in the rest.
  const names = new Map(r.names.map((n): [string, string] => [n.code, n.name]));
  return { prior: new Map(r.prior.map((p) => [p.id, p])), batch: { s, staff, keys, agencyName: r.agency_name ?? s.agencyCode, names } };
}

export interface BatchOptions {
  idSalt: string;
  outbox?: OutboxSink;
  /** The gateway's clock (tests pin it to compare a kiosk's optimistic state field by field). */
  clock?: () => Date;
}

export async function applyBatch(db: Db, device: Device, envelopes: MutationEnvelope[], opts: BatchOptions): Promise<MutationResult[]> {
  return db.transaction(async (tx) => {
    const valid = envelopes.map(validate);
    const ms = valid.flatMap((v) => (v.ok ? [v.m] : []));
    // Every stream the batch writes, locked in one order (two batches of two agencies on one
    // boundary-free dossier never wait for each other in a cycle).
    const streams = new Map<string, StreamLock>();
    for (const name of await streamsOf(tx, device, ms)) streams.set(name, await lockStream(tx, name));
    const s: BatchState = {
      deviceId: device.id, agencyCode: device.agencyCode, idSalt: opts.idSalt, now: opts.clock?.() ?? new Date(),
      dossiers: new Map(), voided: new Set(), procedures: new Map(), knownAgencies: new Set(), leases: [], events: [], newVoids: [],
    };
    const { prior, batch } = await load(tx, s, envelopes.map((e) => e.id), ms, envelopes);
    // A dossier created by another batch between the stream read and the locks (never the case for
    // a leased code, which only its device writes) still gets its streams, after the others.
    for (const st of s.dossiers.values()) {
      for (const a of st ? [st.dossier.agencyCode, competentAgencyOf(st.dossier)] : []) {
        if (!streams.has(agencyStream(a))) streams.set(agencyStream(a), await lockStream(tx, agencyStream(a)));
      }
    }
    const auth = { device, now: s.now, staff: batch.staff, keys: batch.keys, dossier: (code: string) => s.dossiers.get(code)?.dossier ?? null };

    const results: MutationResult[] = [];
    const fresh: { id: string; type: string; result: StoredResult }[] = [];
    const seen = new Map<string, StoredResult>();
    for (const [i, env] of envelopes.entries()) {
      // PostgreSQL prints uuids in lower case; a client may not.
      const key = env.id.toLowerCase();
      const p = prior.get(key) ?? (seen.has(key) ? { id: key, device_id: device.id, result: seen.get(key) as StoredResult } : undefined);
      if (p) {
        if (p.device_id !== device.id) {
          results.push({ id: env.id, status: 'rejected', reason: 'id-collision', message: localized('reject', 'id-collision') });
          continue;
        }
        const code = 'code' in p.result ? p.result.code : undefined;
        results.push({ id: env.id, status: 'duplicate', original: p.result, dossier: code ? structuredClone(s.dossiers.get(code)?.dossier ?? null) : null });
        continue;
      }
      const v = valid[i];
      if (v?.ok) {
        // A trust refusal (device kind, officer, signature) says who may not send this, not what
        // it does: it is answered but not recorded, so the id stays unused. A mutation refused
        // because its key was registered after it was sent applies when sent again, and nobody can
        // use up the id of an officer's mutation by sending a tampered copy of it first.
        const refused = authorize(auth, env, v.m);
        if (refused) {
          results.push({ id: env.id, ...refused } as MutationResult);
          continue;
        }
      }
      const r: MutationResult = !v || !v.ok ? (v as { result: MutationResult }).result : { id: env.id, ...applyMutation(s, v.m) } as MutationResult;
      results.push(r);
      seen.set(key, stored(r));
      fresh.push({ id: env.id, type: env.type, result: stored(r) });
    }
    // The server state after the batch rides on the last applied result of each dossier.
    const lastApplied = new Map<string, number>();
    results.forEach((r, i) => r.status === 'applied' && lastApplied.set(r.code, i));
    for (const [code, i] of lastApplied) {
      const d = s.dossiers.get(code)?.dossier;
      const r = results[i];
      if (d && r?.status === 'applied') results[i] = { ...r, dossier: d };
    }
    await write(tx, device, batch, fresh, streams, opts);
    // A kiosk-kind device (a public screen) holds citizen views only: no answer carries the
    // dossier to it (applicant, address, phone, ID hash, timeline with staff), docs/SECURITY.md.
    return device.kind === 'kiosk' ? results.map(withoutDossier) : results;
  });
}

/** A result as a kiosk-kind device receives it: the server's dossier left out. */
function withoutDossier(r: MutationResult): MutationResult {
  if (r.status === 'duplicate') return { ...r, dossier: null };
  if (r.status === 'applied' || r.status === 'conflict') {
    const { dossier: _d, ...rest } = r;
    return rest;
  }
  return r;
}

/** The officer of a dossier's latest staff action (a rating is not one), for the provincial adapters. */
function officerOf(d: Dossier, staff: Map<string, StaffAuth>): Officer | null {
  for (let i = d.timeline.length - 1; i >= 0; i--) {
    const entry = d.timeline[i];
    const id = entry?.action === 'rate' ? null : entry?.staffId;
    if (id) {
      const st = staff.get(id);
      return { id, name: st?.name ?? '', title: st?.title ?? '' };
    }
  }
  return null;
}

/** Every write of the batch and the stream head, in one statement (data-modifying CTEs always run to completion). */
async function write(
  tx: Queryable, device: Device, batch: Batch, fresh: { id: string; type: string; result: StoredResult }[],
  streams: Map<string, StreamLock>, opts: BatchOptions,
): Promise<void> {
  const { s } = batch;
  const dirty = [...s.dossiers.values()].filter((d): d is DossierState => d !== null && d.dirty);
  const streamOf = (agency: string): StreamLock => {
    const lock = streams.get(agencyStream(agency));
    if (!lock) throw new Error(`stream of ${agency} not locked`);
    return lock;
  };
  const nameOf = (agency: string): string => batch.names.get(agency) ?? (agency === s.agencyCode ? batch.agencyName : agency);
  // Each change takes the next number of the receiving agency's stream and, for a dossier decided
  // by another agency, of that agency's stream too (docs/SYNC-PROTOCOL.md §4.5).
  const dossiers = dirty.map((d) => {
    const competent = competentAgencyOf(d.dossier);
    const cross = competent !== d.dossier.agencyCode;
    return {
      code: d.dossier.code, agency_code: d.dossier.agencyCode, seq: streamOf(d.dossier.agencyCode).next(),
      competent_agency_code: cross ? competent : null, competent_seq: cross ? streamOf(competent).next() : null,
      status: d.dossier.status, id_hash: d.dossier.applicant.idHash, citizen_id: d.citizenId, updated_at: d.dossier.updatedAt, data: d.dossier,
      // The citizen reads the name of the agency that issued the receipt.
      public_data: withCitizenViews([{ data: d.dossier }], nameOf(d.dossier.agencyCode))[0]!.public_data,
    };
  });
  let outbox: unknown[] = [];
  if (opts.outbox && dirty.length > 0) {
    // The officer of the latest staff action is usually in this batch; one read finds the others.
    const missing = [...new Set(dirty.map((d) => officerOf(d.dossier, batch.staff)).filter((o) => o !== null && !batch.staff.has(o.id)).map((o) => o!.id))];
    if (missing.length > 0) {
      const more = await tx.query<{ id: string; name: string; title: string | null }>(
        `select id, data->>'name' as name, data->>'title' as title from staff where id = any($1::text[])`, [missing]);
      for (const m of more) batch.staff.set(m.id, { id: m.id, agencyCode: '', role: 'counter', name: m.name, title: m.title ?? '', deactivatedAt: null });
    }
    const acted = new Set(s.events.filter((e) => e.staffId !== null).map((e) => e.code));
    outbox = opts.outbox.rows(dirty.map((d) => ({
      dossier: d.dossier, citizenId: d.citizenId, officer: officerOf(d.dossier, batch.staff),
      isNew: d.stored !== true, agencyName: nameOf(competentAgencyOf(d.dossier)), receivingAgencyName: nameOf(d.dossier.agencyCode),
      actingAgencyName: batch.agencyName, staffActed: acted.has(d.dossier.code),
    })));
  }
  await tx.query(
    `with
     d as (insert into dossiers (code, agency_code, seq, competent_agency_code, competent_seq, status, id_hash, citizen_id, updated_at, data, public_data)
       select code, agency_code, seq, competent_agency_code, competent_seq, status, id_hash, citizen_id, updated_at, data, public_data
       from json_to_recordset($1::json) as x(code text, agency_code text, seq bigint, competent_agency_code text, competent_seq bigint,
         status int, id_hash text, citizen_id text, updated_at timestamptz, data json, public_data json)
       on conflict (code) do update set seq = excluded.seq, competent_seq = excluded.competent_seq, status = excluded.status, updated_at = excluded.updated_at,
         data = excluded.data, public_data = excluded.public_data, citizen_id = coalesce(excluded.citizen_id, dossiers.citizen_id)),
     m as (insert into mutations (id, device_id, agency_code, type, status, result)
       select id, $6, $7, type, status, result from json_to_recordset($2::json) as x(id uuid, type text, status text, result jsonb)),
     e as (insert into dossier_events (code, mutation_id, device_id, staff_id, action, data)
       select code, mutation_id, $6, staff_id, action, data from json_to_recordset($3::json) as x(code text, mutation_id uuid, staff_id text, action text, data jsonb)),
     v as (insert into code_voids (code, agency_code, reason, mutation_id, lease_id, staff_id)
       select code, $7, reason, mutation_id, lease_id, staff_id
       from json_to_recordset($4::json) as x(code text, reason text, mutation_id uuid, lease_id text, staff_id text)
       on conflict (code) do nothing),
     o as (insert into outbox (adapter, ref, payload)
       select adapter, ref, payload from json_to_recordset($5::json) as x(adapter text, ref text, payload jsonb)),
     u as (update devices set last_upload_at = now() where id = $6 and $8)
     update feed_streams f set seq = x.seq from json_to_recordset($9::json) as x(stream text, seq bigint) where f.stream = x.stream`,
    [
      JSON.stringify(dossiers),
      JSON.stringify(fresh.map((f) => ({ id: f.id, type: f.type, status: f.result.status, result: f.result }))),
      JSON.stringify(s.events.map((e) => ({ code: e.code, mutation_id: e.mutationId, staff_id: e.staffId, action: e.action, data: e.data }))),
      JSON.stringify(s.newVoids.map((v) => ({ code: v.code, reason: v.reason, mutation_id: v.mutationId, lease_id: v.leaseId, staff_id: v.staffId }))),
      JSON.stringify(outbox),
      device.id, device.agencyCode, fresh.length > 0, JSON.stringify([...streams.values()].map((l) => ({ stream: l.stream, seq: l.seq }))),
    ]);
}

/** What the gateway knows of the given ids of this device (for soak tests and support). */
export async function mutationStatus(db: Db, deviceId: string, ids: string[]) {
  const rows = await db.query<{ id: string; status: string; effects: number }>(
    `select m.id::text as id, m.status,
       (select count(*) from dossier_events e where e.mutation_id = m.id)
       + (select count(*) from code_voids v where v.mutation_id = m.id) as effects
     from mutations m where m.id = any($1::uuid[]) and m.device_id = $2`, [ids, deviceId]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    return { id, known: r !== undefined, status: (r?.status ?? null) as 'applied' | 'conflict' | 'rejected' | null, effects: Number(r?.effects ?? 0) };
  });
}
