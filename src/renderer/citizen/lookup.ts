/**
 * Finding a dossier for the citizen screen: the local cache first (instant, works offline), then
 * the provincial gateway's lookup (any agency of the province) through the host, which adds the
 * device credential. Every outcome is a value the screen can explain; nothing throws.
 */
import type { KioskBridge } from '../../shared/bridge/contract';
import { bridgeErrorCode, type BridgeErrorCode } from '../../shared/bridge/error';
import { codeCandidates, LookupResponse, lookupPath, type ProvinceSettings } from '../../shared/protocol';
import { META, type KioskDb } from '../db/database';
import { fromCitizenRow, fromPublic, fromRow, type CitizenDossier } from './view-model';

export type LookupResult =
  | { ok: true; dossier: CitizenDossier }
  | { ok: false; reason: 'not-found' | 'offline' | 'failed' };

/** Bridge error codes that mean "no link to the province right now" (gateway client and bridge). */
const OFFLINE_CODES: ReadonlySet<BridgeErrorCode> = new Set(['network', 'timeout', 'not-enrolled', 'host-unavailable']);

/**
 * The cached dossier: on a kiosk-kind device its citizen view (all such a device holds); on a
 * counter-kind device (a counter used as a kiosk, in development) projected from the full row.
 */
export async function findLocal(db: KioskDb, code: string): Promise<CitizenDossier | null> {
  try {
    const view = await db.citizenDossiers.get(code);
    if (view) return fromCitizenRow(view);
    const row = await db.dossiers.get(code);
    return row ? fromRow(row) : null;
  } catch {
    // A broken cache must not hide the online answer: fall through to the gateway.
    return null;
  }
}

/**
 * `codes`: the codes the answer may carry — the one scanned and, for an agency code the 2025
 * merger closed, the current one (the gateway resolves it the same way).
 */
export async function findOnline(kiosk: KioskBridge, code: string, codes: readonly string[] = [code]): Promise<LookupResult> {
  let res: { status: number; body: unknown };
  try {
    res = await kiosk.call('gateway.request', { method: 'GET', path: lookupPath(code) });
  } catch (err) {
    return { ok: false, reason: OFFLINE_CODES.has(bridgeErrorCode(err)) ? 'offline' : 'failed' };
  }
  if (res.status === 404) return { ok: false, reason: 'not-found' };
  // A proxy or a gateway that is starting answers 502/503/504: the province is out of reach.
  if (res.status === 502 || res.status === 503 || res.status === 504) return { ok: false, reason: 'offline' };
  if (res.status !== 200) return { ok: false, reason: 'failed' };
  const parsed = LookupResponse.safeParse(res.body);
  // The gateway may answer for an old agency code with the dossier's current code (it holds the
  // aliases even when this kiosk has not received them yet): the same date and sequence.
  const tail = (c: string): string => c.slice(c.indexOf('-'));
  if (!parsed.success) return { ok: false, reason: 'failed' };
  const answered = parsed.data.dossier.code;
  if (!codes.includes(answered) && !(code.includes('-') && tail(answered) === tail(code))) return { ok: false, reason: 'failed' };
  return { ok: true, dossier: fromPublic(parsed.data.dossier) };
}

/** The province's old → current agency codes (its settings, from the feed); none when unreadable. */
async function aliasesOf(db: KioskDb) {
  try {
    return (await db.getMeta<ProvinceSettings>(META.province))?.agencyAliases ?? [];
  } catch {
    return [];
  }
}

export async function lookupDossier(db: KioskDb, kiosk: KioskBridge, code: string): Promise<LookupResult> {
  // A 2024 receipt may carry an agency code the 2025 merger closed: its dossier is held under the current one.
  const codes = codeCandidates(code, await aliasesOf(db));
  for (const c of codes) {
    const local = await findLocal(db, c);
    if (local) return { ok: true, dossier: local };
  }
  return findOnline(kiosk, code, codes);
}
