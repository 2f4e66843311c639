/** Times on the counter screens, always Vietnam time (UTC+7) whatever the machine's zone. */
import { toEpochMs, VIETNAM_OFFSET_MS } from '../../shared/domain';
import { vietnameseDateTime } from '../../shared/receipt';

export function formatTime(lang: string, time: number | string | null | undefined): string {
  if (time === null || time === undefined) return '';
  if (lang !== 'en') return vietnameseDateTime(time) ?? '';
  const ms = toEpochMs(time);
  if (ms === null) return '';
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}, ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** A short time for dense tables: "dd/mm/yyyy hh:mm", Vietnam time, the same in both languages. */
export function formatShortTime(time: number | string | null | undefined): string {
  const ms = time === null || time === undefined ? null : toEpochMs(time);
  if (ms === null) return '';
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
