/**
 * The citizen-safe projection of each dossier (`toCitizenView`, src/shared/dossier), stored beside
 * it in `dossiers.public_data` and written with every dossier write, so a kiosk-kind device's
 * feed page is the same one-statement read as a counter's (store/feed.ts) with no projection at
 * read time. Rows written before the column existed are projected when the gateway starts.
 */
import type { Db } from '../db/types';
import type { CitizenView, Dossier } from '../../shared/protocol';
import { toCitizenView } from '../../shared/dossier';

/** `rows` with their `public_data` (the projection of `data`) added. */
export function withCitizenViews<T extends { data: Dossier }>(rows: T[], agencyName: string): (T & { public_data: CitizenView })[] {
  return rows.map((r) => ({ ...r, public_data: toCitizenView(r.data, agencyName) }));
}

/**
 * Projects every dossier that has no `public_data` yet, in batches (a SQL migration cannot call
 * the projection). A row whose data cannot be projected stays without one and is never fed to a
 * kiosk-kind device. Returns how many rows were projected.
 */
export async function backfillCitizenViews(db: Db, batch = 500): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await db.query<{ code: string; data: Dossier; name: string | null }>(
      `select d.code, d.data, a.name from dossiers d left join agencies a on a.code = d.agency_code
       where d.public_data is null and d.code > $1 order by d.code limit $2`, [after, batch]);
    if (rows.length === 0) return done;
    const views: { code: string; public_data: CitizenView }[] = [];
    for (const r of rows) {
      try {
        views.push({ code: r.code, public_data: toCitizenView(r.data, r.name ?? r.data.agencyCode) });
      } catch {
        // Not a dossier of the current shape (written by hand or by a foreign tool): left unfed.
      }
    }
    if (views.length > 0) {
      await db.query(
        `update dossiers d set public_data = x.public_data from json_to_recordset($1::json) as x(code text, public_data json)
         where d.code = x.code and d.public_data is null`, [JSON.stringify(views)]);
    }
    done += views.length;
    after = rows[rows.length - 1]!.code;
  }
}
