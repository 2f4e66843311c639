/**
 * Demo data: the catalog, the official holiday schedule (the default calendar of the domain for
 * last, this and next year), staff with known PINs, and dossiers across every status whose
 * appointments follow the working-day calendar. Deterministic for a given seed.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/types';
import { exclusively } from '../db/jobs';
import type { Dossier, Holiday, Staff, TimelineEntry } from '../../shared/protocol';
import { idHashInput, STAFF_PIN_ITERATIONS } from '../../shared/protocol';
import { computeAppointment, defaultHolidays, DossierStatus as S, isWorkingDay, officialCalendar, VIETNAM_OFFSET_MS, type HolidayCalendar } from '../../shared/domain';
import { maskCitizenId } from '../../shared/privacy/mask';
import { sha256hex } from '../crypto';
import { ensureAgency } from '../store/devices';
import { readMeta } from '../store/meta';
import { readProvinceSettings, upsertHolidays, upsertProcedures, writeProvinceSettings } from '../store/catalog';
import { upsertStaff } from '../store/staff';
import { agencyStream, lockStream, saveStream } from '../store/streams';
import { refreshStatistics } from '../store/maintenance';
import { withCitizenViews } from '../store/citizen';
import { pbkdf2Pin, proofKeyOf } from '../trust';
import { DEMO_AGENCIES, DEMO_ALIASES, DEMO_DEPARTMENT, DEMO_DIRECTORY, DEMO_PROCEDURES } from './catalog';
import { citizen, int, pick, rng, type Rng } from './people';

/**
 * Demo PINs (synthetic accounts): counter staff 270419, technician 580316. Six digits, not a run
 * or a repeated digit: they pass the PIN policy (pinProblem) like any real PIN must.
 */
export const DEMO_PINS = { counter: '270419', technician: '580316' } as const;
/**
 * The proof salt of every demo account (public, as every proof salt is). Real accounts get a
 * random one per PIN (store/staff.ts); the demo shares one so that its proof keys cost one
 * PBKDF2 per PIN, not one per officer.
 */
export const DEMO_PROOF_SALT = 'mot-cua-demo-proof-salt-1';

export async function seedCatalog(db: Db, now = Date.now()): Promise<void> {
  const at = new Date(now).toISOString();
  const have = await db.query<{ n: number }>('select count(*) as n from procedures');
  if ((have[0]?.n ?? 0) === 0) {
    await upsertProcedures(db, DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: at })));
  }
  const year = new Date(now).getUTCFullYear();
  const hol = await db.query<{ n: number }>('select count(*) as n from holidays');
  if ((hol[0]?.n ?? 0) === 0) {
    const days: Holiday[] = [year - 1, year, year + 1].flatMap((y) => defaultHolidays(y).map((h) => ({ date: h.date, kind: 'off' as const, name: h.name, updatedAt: at })));
    await upsertHolidays(db, days);
  }
}

interface DemoSecrets { pin: Staff['pin']; proofKey: string }
/**
 * Demo seeding only: the PIN verifier and proof key of each demo PIN are computed once per
 * process and shared by every demo account (PBKDF2 at 600,000 iterations costs ~150 ms each, and
 * tests start many demo gateways). Accounts made for real use get their own salts and keys.
 */
let demoSecrets: Promise<{ counter: DemoSecrets; technician: DemoSecrets }> | null = null;
async function secretsOf(pin: string): Promise<DemoSecrets> {
  const salt = randomBytes(16);
  const [hash, proofKey] = await Promise.all([pbkdf2Pin(pin, salt, STAFF_PIN_ITERATIONS), proofKeyOf(pin, DEMO_PROOF_SALT)]);
  return {
    pin: { alg: 'pbkdf2-sha256', iterations: STAFF_PIN_ITERATIONS, salt: salt.toString('base64'), hash: hash.toString('base64') },
    proofKey: proofKey.toString('base64'),
  };
}

/** The ids of an agency's demo accounts: two counter officers and a technician. */
export function demoStaffIds(agency: string): { counter: [string, string]; technician: string } {
  const short = sha256hex(agency).slice(0, 6);
  return { counter: [`${short}-c1`, `${short}-c2`], technician: `${short}-t1` };
}

export async function seedStaff(db: Db, agency: string, now = Date.now()): Promise<void> {
  demoSecrets ??= Promise.all([secretsOf(DEMO_PINS.counter), secretsOf(DEMO_PINS.technician)])
    .then(([counter, technician]) => ({ counter, technician }));
  const { counter, technician } = await demoSecrets;
  const at = new Date(now).toISOString();
  const ids = demoStaffIds(agency);
  const base = { agencyCode: agency, proofSalt: DEMO_PROOF_SALT, active: true, updatedAt: at };
  await upsertStaff(db, [
    { staff: { ...base, id: ids.counter[0], name: 'Nguyễn Thị Lan', title: 'Công chức Tư pháp - Hộ tịch', role: 'counter', pin: counter.pin }, proofKey: counter.proofKey },
    { staff: { ...base, id: ids.counter[1], name: 'Ma Văn Hùng', title: 'Công chức Văn phòng - Thống kê', role: 'counter', pin: counter.pin }, proofKey: counter.proofKey },
    { staff: { ...base, id: ids.technician, name: 'Hoàng Đức Minh', title: 'Kỹ thuật viên', role: 'technician', pin: technician.pin }, proofKey: technician.proofKey },
  ]);
}

const PATHS: Record<number, number[]> = { 1: [1], 2: [2], 3: [3], 4: [2, 4], 5: [2, 4, 5], 6: [2, 4, 6], 7: [2, 4, 7], 8: [2, 4, 8], 9: [2, 4, 9], 10: [2, 4, 9, 10] };
const STATUS_WEIGHTS: [number, number][] = [[1, 4], [2, 8], [3, 2], [4, 25], [5, 6], [6, 5], [7, 2], [8, 2], [9, 16], [10, 30]];
function pickStatus(r: Rng): number {
  let x = r() * STATUS_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [s, w] of STATUS_WEIGHTS) if ((x -= w) < 0) return s;
  return 10;
}

const vnDay = (ms: number): string => new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A commune office's sessions (Vietnam time, ms of the day): 07:30–11:30 and 13:30–17:00. */
const SESSIONS: readonly [number, number][] = [[7.5 * HOUR_MS, 11.5 * HOUR_MS], [13.5 * HOUR_MS, 17 * HOUR_MS]];
const OFFICE_DAY_MS = SESSIONS.reduce((n, [a, b]) => n + b - a, 0);

/**
 * Office time between two days: counts only the sessions of working days (weekends and the
 * official holidays off), so that demo actions fall when an office is open — a dossier received
 * on a Sunday or returned at 02:13 is not something staff would ever see.
 */
class OfficeClock {
  private readonly firstDay: number;
  /** Office ms before each day of the span (index: day − firstDay), and the total after it. */
  private readonly before: number[] = [];
  private readonly working: boolean[] = [];

  constructor(fromMs: number, toMs: number, cal: HolidayCalendar) {
    this.firstDay = Math.floor((fromMs + VIETNAM_OFFSET_MS) / DAY_MS);
    const last = Math.floor((toMs + VIETNAM_OFFSET_MS) / DAY_MS);
    let sum = 0;
    for (let d = this.firstDay; d <= last; d++) {
      const open = isWorkingDay(new Date(d * DAY_MS).toISOString().slice(0, 10), cal);
      this.before.push(sum);
      this.working.push(open);
      if (open) sum += OFFICE_DAY_MS;
    }
    this.before.push(sum);
  }

  /** Office ms from the start of the span to `ms` (a moment outside the sessions counts as the next one's start). */
  toOffice(ms: number): number {
    const local = ms + VIETNAM_OFFSET_MS;
    const k = Math.min(this.working.length - 1, Math.max(0, Math.floor(local / DAY_MS) - this.firstDay));
    if (!this.working[k]) return this.before[k + 1]!;
    const t = local - (this.firstDay + k) * DAY_MS;
    let into = 0;
    for (const [a, b] of SESSIONS) into += Math.max(0, Math.min(t, b) - a);
    return this.before[k]! + into;
  }

  /** The moment `x` office ms after the start of the span. */
  fromOffice(x: number): number {
    let lo = 0;
    let hi = this.working.length - 1;
    const target = Math.max(0, Math.min(x, this.before[this.before.length - 1]! - 1));
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.before[mid]! <= target) lo = mid;
      else hi = mid - 1;
    }
    while (!this.working[lo] && lo > 0) lo--;
    let rest = target - this.before[lo]!;
    for (const [a, b] of SESSIONS) {
      if (rest < b - a) return (this.firstDay + lo) * DAY_MS + a + rest - VIETNAM_OFFSET_MS;
      rest -= b - a;
    }
    return (this.firstDay + lo) * DAY_MS + SESSIONS[SESSIONS.length - 1]![1] - VIETNAM_OFFSET_MS;
  }
}

const FINAL_WEIGHTS: [number, number][] = [[3, 2], [7, 2], [8, 2], [10, 30]];
function pickFinal(r: Rng): number {
  let x = r() * FINAL_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [s, w] of FINAL_WEIGHTS) if ((x -= w) < 0) return s;
  return 10;
}

/**
 * Generates `n` dossiers of `agency`, received over the last weeks; `i`-th dossier has status 1..10
 * in turn first, so every status appears. With `history`, the dossiers are closed ones (returned,
 * refused, withdrawn, stopped) received `fromDays`–`toDays` ago and unchanged since they closed:
 * the years of archive a commune has beside its working set (docs/SYNC-PROTOCOL.md §4.2).
 */
export async function seedDossiers(db: Db, agency: string, n: number, opts: { seed?: number; now?: number; analyze?: boolean; history?: { fromDays: number; toDays: number } } = {}): Promise<number> {
  const now = opts.now ?? Date.now();
  const r = rng(opts.seed ?? 42);
  const meta = await readMeta(db);
  const holidays = await db.query<{ data: Holiday }>('select data from holidays');
  const years = new Map<number, string[]>();
  for (const h of holidays) if (h.data.kind === 'off') years.set(Number(h.data.date.slice(0, 4)), [...(years.get(Number(h.data.date.slice(0, 4))) ?? []), h.data.date]);
  const cal = officialCalendar([...years].map(([year, hs]) => ({ year, holidays: hs })));
  const spanDays = Math.max(30, Math.ceil(n / 3000));
  const at = new Date(now).toISOString();
  const oldest = opts.history ? Math.max(opts.history.fromDays, opts.history.toDays) : spanDays;
  // The clock's span: back past the oldest receipt (plus the days off before it), forward past
  // the latest appointment (at most about 60 days off the last receipt in the demo catalog).
  const clock = new OfficeClock(now - (oldest + 30) * DAY_MS, now + 120 * DAY_MS, cal);
  // Just before now in office time: a moment at most now, inside a session (outside the
  // sessions `toOffice(now)` is also the next session's start).
  const officeNow = clock.toOffice(now) - 1;
  const out: { d: Dossier; citizenId: string }[] = [];
  const officers = demoStaffIds(agency).counter;
  for (let i = 0; i < n; i++) {
    const status = opts.history ? pickFinal(r) : i < 10 ? i + 1 : pickStatus(r);
    const proc = pick(r, DEMO_PROCEDURES);
    const c = citizen(r);
    // Recent dossiers are the early statuses; finished ones are older.
    const ageDays = opts.history ? int(r, opts.history.fromDays, opts.history.toDays) : status <= S.Accepted ? int(r, 0, 2) : int(r, 1, spanDays);
    // Received during office hours: on the working day `ageDays` calendar days back (or the next
    // one, or the last before now), at a moment of its sessions already past; each later step an even share of the
    // office time from then to its end (the appointment, or now), so it falls in office hours too.
    const dayStart = clock.toOffice(now - ageDays * DAY_MS - (((now - ageDays * DAY_MS + VIETNAM_OFFSET_MS) % DAY_MS)));
    const into = r();
    let officeReceived = dayStart + Math.floor(into * OFFICE_DAY_MS);
    // That day's office time is not over yet (today, or a day off before it): the last office day before now.
    if (officeReceived > officeNow) officeReceived = Math.max(0, officeNow - Math.floor(into * Math.min(OFFICE_DAY_MS, officeNow)));
    const received = clock.fromOffice(officeReceived);
    const appointment = computeAppointment(received, proc.processingDays, cal);
    const steps = PATHS[status] ?? [2];
    const end = Math.min(officeNow, clock.toOffice(appointment + (r() < 0.15 ? 2 * DAY_MS : 0)));
    const span = Math.max(60_000, end - officeReceived);
    const times = steps.map((_, k) => Math.min(now, clock.fromOffice(officeReceived + Math.floor((span * k) / steps.length))));
    // Each step by one of the agency's two demo officers (the console names who last acted).
    const timeline: TimelineEntry[] = steps.map((s, k) => ({
      at: new Date(times[k] as number).toISOString(), action: k === 0 ? 'create' : 'transition', status: s,
      deviceId: null, staffId: officers[(i + k) % 2]!, note: null,
    }));
    const tOf = (s: number): string | null => {
      const k = steps.indexOf(s);
      return k < 0 ? null : new Date(times[k] as number).toISOString();
    };
    const paidAll = status === S.Done || status === S.Returned || status === S.Processing;
    out.push({
      citizenId: c.citizenId,
      d: {
        code: '', agencyCode: agency, procedureCode: proc.code, procedureName: proc.name,
        applicant: {
          name: c.name, idHash: sha256hex(idHashInput(meta.idSalt, c.citizenId)), idMasked: maskCitizenId(c.citizenId),
          birthDate: c.birthDate, sex: c.sex, address: c.address, phone: c.phone, email: null,
        },
        channel: status === S.Submitted ? 2 : 1, status, documents: proc.documents,
        receivedAt: new Date(received).toISOString(), appointmentAt: new Date(appointment).toISOString(),
        finishedAt: tOf(9), returnedAt: tOf(10),
        fees: proc.fees.map((f) => ({ id: f.id, name: f.name, amount: f.amount, paid: paidAll, paidAt: paidAll ? tOf(2) : null, method: paidAll ? 'cash' : null, reference: null })),
        supplements: status === S.SupplementRequested ? [{ name: pick(r, proc.documents), requestedAt: tOf(5) as string, note: 'Bản sao chưa rõ, cần nộp lại' }] : [],
        rating: status === S.Returned && r() < 0.5 ? { score: int(r, 2, 4), at: tOf(10) as string } : null,
        timeline, updatedAt: opts.history ? new Date(Math.max(...times)).toISOString() : at, version: timeline.length,
      },
    });
  }
  await ensureAgency(db, agency);
  const agencyName = (await db.query<{ name: string }>('select name from agencies where code = $1', [agency]))[0]?.name ?? agency;
  const byDay = new Map<string, typeof out>();
  for (const x of out) {
    const day = vnDay(Date.parse(x.d.receivedAt));
    byDay.set(day, [...(byDay.get(day) ?? []), x]);
  }
  for (const [day, list] of byDay) {
    const rows = await db.query<{ next: number }>(
      `insert into code_counters (agency_code, day, next) values ($1, $2, 1 + $3)
       on conflict (agency_code, day) do update set next = code_counters.next + $3 returning next`, [agency, day, list.length]);
    let seq = (rows[0]?.next ?? 1) - list.length;
    for (const x of list) x.d.code = `${agency}-${day.slice(2).replaceAll('-', '')}-${String(seq++).padStart(4, '0')}`;
  }
  for (let i = 0; i < out.length; i += 1000) {
    const chunk = out.slice(i, i + 1000);
    await db.transaction(async (tx) => {
      const s = await lockStream(tx, agencyStream(agency));
      const rows = withCitizenViews(chunk.map(({ d, citizenId }) => ({
        code: d.code, agency_code: agency, seq: s.next(), status: d.status, id_hash: d.applicant.idHash,
        citizen_id: citizenId, updated_at: d.updatedAt, data: d,
      })), agencyName);
      await tx.query(
        `insert into dossiers (code, agency_code, seq, status, id_hash, citizen_id, updated_at, data, public_data)
         select code, agency_code, seq, status, id_hash, citizen_id, updated_at, data, public_data
         from json_to_recordset($1::json) as x(code text, agency_code text, seq bigint, status int, id_hash text,
           citizen_id text, updated_at timestamptz, data json, public_data json)
         on conflict (code) do nothing`, [JSON.stringify(rows)]);
      await saveStream(tx, s);
    });
  }
  // A bulk load ends with fresh planner statistics for what it filled, as pg_restore does: until
  // then the planner guesses a few rows per agency and reads the whole agency and sorts it for a
  // feed page instead of walking the (agency, seq) index (store/maintenance.ts).
  if (opts.analyze !== false) await refreshStatistics(db);
  return out.length;
}

/**
 * The demo province's settings: its directory of agencies and the merger's old agency codes
 * (boundary-free intake and 2024 receipts); only where the province has set none.
 */
export async function seedDirectory(db: Db): Promise<void> {
  await ensureAgency(db, DEMO_DEPARTMENT.code, DEMO_DEPARTMENT.name);
  if ((await readProvinceSettings(db)) !== null) return;
  await writeProvinceSettings(db, { codePatterns: [], agencies: DEMO_DIRECTORY, agencyAliases: DEMO_ALIASES }, 'cli');
}

/** The whole demo: catalog, holidays, 12 commune agencies with staff and dossiers. */
export async function seedDemo(db: Db, opts: { dossiersPerAgency?: number; now?: number } = {}): Promise<void> {
  // Processes that start together on one PostgreSQL database seed one after the other: the
  // second finds every agency seeded and adds nothing (db/jobs.ts).
  await exclusively(db, 'demo-seed', () => seedDemoOnce(db, opts));
}

async function seedDemoOnce(db: Db, opts: { dossiersPerAgency?: number; now?: number }): Promise<void> {
  await seedCatalog(db, opts.now);
  await seedDirectory(db);
  for (const [i, a] of DEMO_AGENCIES.entries()) {
    const existing = await db.query('select 1 from dossiers where agency_code = $1 limit 1', [a.code]);
    await ensureAgency(db, a.code, a.name);
    if (existing.length > 0) {
      // A demo directory made before staff had proof keys gets the current demo accounts.
      const keyed = await db.query('select 1 from staff where agency_code = $1 and proof_key is not null limit 1', [a.code]);
      if (keyed.length === 0) await seedStaff(db, a.code, opts.now);
      continue;
    }
    await seedStaff(db, a.code, opts.now);
    await seedDossiers(db, a.code, opts.dossiersPerAgency ?? 60, { seed: 1000 + i, now: opts.now, analyze: false });
  }
  await refreshStatistics(db);
}
