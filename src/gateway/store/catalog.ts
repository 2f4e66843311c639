/**
 * Writes of the province-wide catalog (procedures, holiday schedule); staff accounts are
 * store/staff.ts's. Each takes its stream lock so the change feed sees them in order
 * (store/streams.ts).
 */
import type { Db, Queryable } from '../db/types';
import type { AgencyAlias, Holiday, Procedure, ProvinceSettings, ProvinceSettingsInput, ProvinceSettingsWrite } from '../../shared/protocol';
import { audit, type Actor } from './audit';
import { PROVINCE_STREAM, lockStream, saveStream } from './streams';

export async function upsertProcedures(db: Db, procs: Procedure[]): Promise<void> {
  if (procs.length === 0) return;
  await db.transaction(async (tx) => {
    const s = await lockStream(tx, PROVINCE_STREAM);
    const rows = procs.map((p) => ({ code: p.code, seq: s.next(), data: p }));
    await tx.query(
      `insert into procedures (code, seq, data) select code, seq, data
       from json_to_recordset($1::json) as x(code text, seq bigint, data json)
       on conflict (code) do update set seq = excluded.seq, data = excluded.data`, [JSON.stringify(rows)]);
    await saveStream(tx, s);
  });
}

export async function upsertHolidays(db: Db, days: Holiday[]): Promise<void> {
  if (days.length === 0) return;
  await db.transaction(async (tx) => {
    const s = await lockStream(tx, PROVINCE_STREAM);
    const rows = days.map((h) => ({ date: h.date, seq: s.next(), data: h }));
    await tx.query(
      `insert into holidays (date, seq, data) select date, seq, data
       from json_to_recordset($1::json) as x(date text, seq bigint, data json)
       on conflict (date) do update set seq = excluded.seq, data = excluded.data`, [JSON.stringify(rows)]);
    await saveStream(tx, s);
  });
}

const NO_SETTINGS: ProvinceSettingsInput = { codePatterns: [], agencies: [], agencyAliases: [] };

/** The old → current agency codes of the province's settings (none set: none). */
export async function readAgencyAliases(q: Queryable): Promise<AgencyAlias[]> {
  const [r] = await q.query<{ a: AgencyAlias[] | null }>(`select data->'agencyAliases' as a from province_settings where id = 1`);
  return r?.a ?? [];
}

/** The province's settings (none set: no patterns of its own). */
export async function readProvinceSettings(db: Db): Promise<ProvinceSettings | null> {
  const [r] = await db.query<{ data: ProvinceSettings }>('select data from province_settings where id = 1');
  return r?.data ?? null;
}

/** Replaces the province's settings; the change goes to every device in the province stream. */
export async function writeProvinceSettings(db: Db, input: ProvinceSettingsWrite, actor: Actor, at = new Date()): Promise<ProvinceSettings> {
  const data: ProvinceSettings = {
    codePatterns: input.codePatterns, agencies: (input.agencies ?? NO_SETTINGS.agencies).map((a) => ({ ...a, communeCode: a.communeCode ?? null })), agencyAliases: input.agencyAliases ?? NO_SETTINGS.agencyAliases,
    updatedAt: at.toISOString(),
  };
  await db.transaction(async (tx) => {
    const s = await lockStream(tx, PROVINCE_STREAM);
    await tx.query(
      `insert into province_settings (id, seq, data) values (1, $1, $2::json)
       on conflict (id) do update set seq = excluded.seq, data = excluded.data`, [s.next(), JSON.stringify(data)]);
    await saveStream(tx, s);
    await audit(tx, actor, 'province.settings', null, {
      codePatterns: data.codePatterns.map((p) => p.name), agencies: data.agencies.length, agencyAliases: data.agencyAliases.length,
    });
  });
  return data;
}
