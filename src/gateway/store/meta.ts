/**
 * Facts about this database: its epoch (a random id made when the database was created, part
 * of every cursor, so a cursor from another database is recognised), the province and its salt
 * for citizen ID hashes.
 */
import type { Db, Queryable } from '../db/types';
import { newId, newSalt } from '../crypto';

export interface Meta {
  epoch: string;
  provinceCode: string;
  provinceName: string;
  idSalt: string;
}

export interface ProvinceConfig { code: string; name: string; idSalt?: string }

/** Synthetic default: the demo province. */
export const DEFAULT_PROVINCE: ProvinceConfig = { code: 'H08', name: 'Tuyên Quang' };

export async function ensureMeta(db: Db, province: ProvinceConfig = DEFAULT_PROVINCE): Promise<Meta> {
  const defaults: Record<string, string> = {
    epoch: newId(),
    province_code: province.code,
    province_name: province.name,
    id_salt: province.idSalt ?? newSalt(),
  };
  for (const [key, value] of Object.entries(defaults)) {
    await db.query('insert into meta (key, value) values ($1, $2) on conflict (key) do nothing', [key, value]);
  }
  return readMeta(db);
}

export async function readMeta(q: Queryable): Promise<Meta> {
  const rows = await q.query<{ key: string; value: string }>('select key, value from meta');
  const m = new Map(rows.map((r) => [r.key, r.value]));
  const get = (k: string): string => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`meta ${k} missing`);
    return v;
  };
  return { epoch: get('epoch'), provinceCode: get('province_code'), provinceName: get('province_name'), idSalt: get('id_salt') };
}
