/**
 * Finding things at the counter: procedures in the catalog (by code or name, with or without
 * diacritics — staff type "dang ky khai sinh" on a keyboard without a Vietnamese IME) and cached
 * dossiers by code, applicant name, ID number (exact, through its hash: the cache never holds the
 * number) or phone.
 */
import { parseScan, stripDiacritics } from '../../shared/domain';
import { codeCandidates, type AgencyAlias, type Procedure } from '../../shared/protocol';
import { hashCitizenId } from '../db/actions';
import type { DossierRow, KioskDb } from '../db/database';
import { backfillIncomplete } from '../sync/backfill';
import type { SyncEngine } from '../sync/engine';

export const MAX_RESULTS = 50;

/** Case- and diacritic-insensitive form ("Đăng  Ký" → "dang ky"). */
export function fold(s: string): string {
  return stripDiacritics(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

function tokens(query: string): string[] {
  return fold(query).split(' ').filter(Boolean);
}

/** Every word of the query appears in the name (any order), or the query is part of the code. */
export function procedureMatches(p: Pick<Procedure, 'code' | 'name' | 'field'>, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (p.code.includes(q)) return true;
  const hay = fold(`${p.name} ${p.field}`);
  return tokens(q).every((w) => hay.includes(w));
}

export function searchProcedures(all: readonly Procedure[], query: string, limit = MAX_RESULTS): Procedure[] {
  const q = query.trim();
  const hits = all.filter((p) => p.active && procedureMatches(p, q));
  // Code matches first (a staff member who types a code knows what they want), then by name.
  const byCode = (p: Procedure): number => (q !== '' && p.code.startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => byCode(a) - byCode(b) || a.name.localeCompare(b.name, 'vi')).slice(0, limit);
}

/** "+84 912 345 678", "0912.345.678" → "0912345678". */
export function normalizePhone(s: string): string {
  const d = s.replace(/\D/g, '');
  return d.startsWith('84') && d.length >= 11 ? `0${d.slice(2)}` : d;
}

export type DossierQuery =
  | { kind: 'code'; value: string }
  | { kind: 'citizenId'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'empty' };

/**
 * What the officer typed: a whole dossier code in any shape the scan stream reads (the official
 * ones and the province's own patterns, `patterns` from its settings), a 12-digit ID number, a
 * phone number, the start of a code, or a name.
 */
export function classifyQuery(input: string, patterns: readonly RegExp[] = []): DossierQuery {
  const q = input.trim();
  if (q === '') return { kind: 'empty' };
  if (/^\d{12}$/.test(q)) return { kind: 'citizenId', value: q };
  const parsed = parseScan(q, { patterns });
  if (parsed.kind === 'dossier') return { kind: 'code', value: parsed.code };
  if (/^[+\d][\d\s.-]{7,}$/.test(q)) return { kind: 'phone', value: normalizePhone(q) };
  if (/^[A-Za-z0-9.]+-\d/.test(q) || /^\d{3}\.\d{2}\./.test(q)) return { kind: 'code', value: q.toUpperCase() };
  return { kind: 'name', value: fold(q) };
}

const newestFirst = (a: DossierRow, b: DossierRow): number => b.receivedAt.localeCompare(a.receivedAt) || b.code.localeCompare(a.code);

export async function searchDossiers(db: KioskDb, input: string, idSalt: string | null, patterns: readonly RegExp[] = []): Promise<DossierRow[]> {
  const q = classifyQuery(input, patterns);
  switch (q.kind) {
    case 'empty':
      return [];
    case 'code':
      return (await db.dossiers.where('code').startsWith(q.value).limit(MAX_RESULTS).toArray()).sort(newestFirst);
    case 'citizenId': {
      if (idSalt === null) return [];
      const hash = await hashCitizenId(idSalt, q.value);
      return (await db.dossiers.where('applicant.idHash').equals(hash).toArray()).sort(newestFirst).slice(0, MAX_RESULTS);
    }
    case 'phone':
      return (await db.dossiers.filter((d) => d.applicant.phone !== null && normalizePhone(d.applicant.phone) === q.value)
        .limit(MAX_RESULTS).toArray()).sort(newestFirst);
    case 'name': {
      const words = q.value.split(' ');
      return (await db.dossiers.filter((d) => {
        const name = fold(d.applicant.name);
        return words.every((w) => name.includes(w));
      }).limit(MAX_RESULTS).toArray()).sort(newestFirst);
    }
  }
}

/** Dossiers of the person whose CCCD was just scanned (by the hash of the ID number). */
export async function dossiersOfCitizen(db: KioskDb, idSalt: string, citizenId: string): Promise<DossierRow[]> {
  const hash = await hashCitizenId(idSalt, citizenId);
  return (await db.dossiers.where('applicant.idHash').equals(hash).toArray()).sort(newestFirst).slice(0, MAX_RESULTS);
}

/**
 * A dossier code typed or scanned at the counter: held here, or — while the archive is still
 * coming (docs/SYNC-PROTOCOL.md §4.2) — asked of the gateway and stored. `missing` when neither
 * has it, or the gateway cannot be reached (the search then shows what is held).
 */
export async function findByCode(db: KioskDb, sync: Pick<SyncEngine, 'status' | 'lookupRemote'> | null, code: string): Promise<'local' | 'fetched' | 'missing'> {
  if (await db.dossiers.get(code)) return 'local';
  if (!sync || !backfillIncomplete(sync.status.getSnapshot())) return 'missing';
  try {
    return (await sync.lookupRemote(code)) ? 'fetched' : 'missing';
  } catch {
    return 'missing';
  }
}

/**
 * The dossier a scanned or typed code names, as held: under the code itself, or — for a receipt
 * printed with an agency code the 2025 merger closed — under the current code (`aliases` from the
 * province settings), here or fetched from the gateway. Null when none.
 */
export async function resolveDossier(
  db: KioskDb, sync: Pick<SyncEngine, 'status' | 'lookupRemote'> | null, code: string, aliases: readonly AgencyAlias[] = [],
): Promise<DossierRow | null> {
  const candidates = codeCandidates(code, aliases);
  for (const c of candidates) {
    const row = await db.dossiers.get(c);
    if (row) return row;
  }
  // Asked of the gateway with the code as printed: it resolves the old agency codes itself.
  if (sync && backfillIncomplete(sync.status.getSnapshot())) {
    try {
      if (await sync.lookupRemote(code)) {
        for (const c of candidates) {
          const row = await db.dossiers.get(c);
          if (row) return row;
        }
      }
    } catch {
      // Out of reach: what is held was already tried.
    }
  }
  return null;
}

/** `resolveDossier`'s code only. */
export async function resolveCode(
  db: KioskDb, sync: Pick<SyncEngine, 'status' | 'lookupRemote'> | null, code: string, aliases: readonly AgencyAlias[] = [],
): Promise<string | null> {
  return (await resolveDossier(db, sync, code, aliases))?.code ?? null;
}
