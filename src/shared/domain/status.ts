/**
 * Dossier statuses: the national public-service portal's `TrangThaiHoSo` codes (the sync
 * contract of the one-stop system, DongBoHoSoMC). "Overdue" (quá hạn) is not a status: it is
 * derived from the appointment (NgayHenTra) and the clock.
 */
import { isValidCivilDate, parseIsoDate, VIETNAM_OFFSET_MS } from './dates';

export const DossierStatus = {
  Submitted: 1,
  Accepted: 2,
  Refused: 3,
  Processing: 4,
  SupplementRequested: 5,
  PaymentRequested: 6,
  Withdrawn: 7,
  Stopped: 8,
  Done: 9,
  Returned: 10,
} as const;
export type DossierStatus = (typeof DossierStatus)[keyof typeof DossierStatus];

export const DOSSIER_STATUS_CODES: readonly DossierStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const LABELS: Record<DossierStatus, { vi: string; en: string }> = {
  1: { vi: 'Mới đăng ký', en: 'Submitted' },
  2: { vi: 'Được tiếp nhận', en: 'Accepted' },
  3: { vi: 'Không được tiếp nhận', en: 'Refused at intake' },
  4: { vi: 'Đang xử lý', en: 'Processing' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Documents to supplement' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Fees to pay' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the applicant' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Result ready' },
  10: { vi: 'Đã trả kết quả', en: 'Result returned' },
};

export function isDossierStatus(n: unknown): n is DossierStatus {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10;
}

/** Label for a status code; total (an unknown code gets a generic label naming the number). */
export function statusLabel(code: number, lang: 'vi' | 'en'): string {
  if (isDossierStatus(code)) return LABELS[code][lang];
  return lang === 'vi' ? `Trạng thái không xác định (${String(code)})` : `Unknown status (${String(code)})`;
}

/**
 * Which status may follow which, as data. The provincial server is the authority; the kiosk
 * checks the same table before queueing a change. Rationale per row:
 * - 1 online submission: accepted, refused at intake, or withdrawn.
 * - 2 accepted: goes to processing, may immediately need documents or fees, may be settled on
 *   the spot (procedures "giải quyết ngay"), withdrawn or stopped.
 * - 4 processing: documents, fees, done, withdrawn, stopped.
 * - 5 / 6: back to processing once supplied / paid (6 may also finish directly), withdrawn,
 *   stopped.
 * - 9 done: handed back (10).
 * - 3, 7, 8, 10 are final.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  1: [2, 3, 7],
  2: [4, 5, 6, 7, 8, 9],
  3: [],
  4: [5, 6, 7, 8, 9],
  5: [4, 7, 8],
  6: [4, 7, 8, 9],
  7: [],
  8: [],
  9: [10],
  10: [],
};

export function canTransition(from: number, to: number): boolean {
  return isDossierStatus(from) && isDossierStatus(to) && ALLOWED_TRANSITIONS[from].includes(to);
}

export function isFinalStatus(code: number): boolean {
  return isDossierStatus(code) && ALLOWED_TRANSITIONS[code].length === 0;
}

const PORTAL_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An instant as epoch ms. Strings: the portal's `yyyyMMddHHmmss` or ISO 8601; without an
 * offset they are Vietnamese local time (UTC+7), never the host's zone; a bare date means the
 * end of that day (a result promised "on" a day is not late during it). Null when unreadable. */
export function toEpochMs(t: number | string | Date | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  if (typeof t === 'number') return Number.isFinite(t) ? t : null;
  if (t instanceof Date) return Number.isFinite(t.getTime()) ? t.getTime() : null;
  if (typeof t !== 'string') return null;
  const portal = PORTAL_TIME.exec(t);
  if (portal) {
    const [y, mo, d, h, mi, s] = portal.slice(1).map(Number) as [number, number, number, number, number, number];
    if (!isValidCivilDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
    return Date.UTC(y, mo - 1, d, h, mi, s) - VIETNAM_OFFSET_MS;
  }
  const iso = ISO_TIME.exec(t);
  if (!iso || !parseIsoDate(iso[1] ?? '')) return null;
  if (iso[2] === undefined) {
    const ms = Date.parse(`${iso[1] ?? ''}T23:59:59.999+07:00`);
    return Number.isFinite(ms) ? ms : null;
  }
  const zone = (iso[3] ?? '+07:00').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${iso[1] ?? ''}T${iso[2]}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}

/** Overdue when the result was (or still is not) ready after the appointment: compares the
 * finish time, or `now` while unfinished, with the appointment. No appointment: never overdue. */
export function isOverdue(
  d: { appointment: number | string | Date | null | undefined; finishedAt?: number | string | Date | null },
  now: number | Date,
): boolean {
  const appointment = toEpochMs(d.appointment);
  if (appointment === null) return false;
  const end = toEpochMs(d.finishedAt) ?? toEpochMs(now);
  return end !== null && end > appointment;
}
