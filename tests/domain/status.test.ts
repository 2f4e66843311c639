import { describe, expect, it } from 'vitest';
import {
  ALLOWED_TRANSITIONS, canTransition, DOSSIER_STATUS_CODES, DossierStatus, isFinalStatus, isOverdue, statusLabel, toEpochMs,
} from '../../src/shared/domain';

describe('dossier statuses', () => {
  it('has the ten national codes with Vietnamese and English labels', () => {
    expect(DOSSIER_STATUS_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(statusLabel(DossierStatus.Done, 'vi')).toBe('Đã xử lý xong');
    expect(statusLabel(10, 'vi')).toBe('Đã trả kết quả');
    expect(statusLabel(5, 'en')).toBe('Documents to supplement');
    for (const c of DOSSIER_STATUS_CODES) {
      expect(statusLabel(c, 'vi')).not.toBe(statusLabel(c, 'en'));
    }
    expect(statusLabel(42, 'vi')).toContain('42');
  });

  it('allows the domain transitions and refuses the rest', () => {
    expect(canTransition(9, 10)).toBe(true);
    expect(canTransition(5, 4)).toBe(true);
    expect(canTransition(2, 4)).toBe(true);
    expect(canTransition(10, 9)).toBe(false);
    expect(canTransition(3, 4)).toBe(false);
    expect(canTransition(4, 4)).toBe(false);
    expect(canTransition(1, 10)).toBe(false);
    expect(canTransition(0, 1)).toBe(false);
    expect(canTransition(9, 11)).toBe(false);
  });

  it('keeps the table consistent: targets are real statuses, finals have no exits, every status is reachable', () => {
    const reachable = new Set<number>([1, 2]); // created online (1) or at the counter (2)
    for (const [from, tos] of Object.entries(ALLOWED_TRANSITIONS)) {
      for (const to of tos) {
        expect(DOSSIER_STATUS_CODES).toContain(to);
        expect(to).not.toBe(Number(from));
        reachable.add(to);
      }
    }
    expect([...reachable].sort((a, b) => a - b)).toEqual([...DOSSIER_STATUS_CODES]);
    expect([3, 7, 8, 10].every(isFinalStatus)).toBe(true);
    expect(isFinalStatus(9)).toBe(false);
  });
});

describe('overdue', () => {
  const appointment = Date.UTC(2024, 2, 15, 9, 0); // 16:00 in Hà Nội
  it('is derived from the appointment and the clock', () => {
    expect(isOverdue({ appointment }, appointment + 1)).toBe(true);
    expect(isOverdue({ appointment }, appointment)).toBe(false);
    expect(isOverdue({ appointment }, new Date(appointment - 1))).toBe(false);
  });

  it('uses the finish time once the dossier is finished', () => {
    expect(isOverdue({ appointment, finishedAt: appointment - 1000 }, appointment + 86_400_000)).toBe(false);
    expect(isOverdue({ appointment, finishedAt: appointment + 1000 }, appointment - 1)).toBe(true);
  });

  it('reads portal and ISO times in Vietnamese time, and is never overdue without an appointment', () => {
    expect(toEpochMs('20240315160000')).toBe(appointment);
    expect(toEpochMs('2024-03-15T16:00:00')).toBe(appointment);
    expect(toEpochMs('2024-03-15T09:00:00Z')).toBe(appointment);
    expect(toEpochMs('2024-03-15T16:00:00+0700')).toBe(appointment);
    expect(toEpochMs('2024-03-15')).toBe(Date.UTC(2024, 2, 15, 16, 59, 59, 999));
    expect(toEpochMs('20241315160000')).toBeNull();
    expect(toEpochMs('soon')).toBeNull();
    expect(isOverdue({ appointment: '20240315160000' }, Date.parse('2024-03-15T16:00:01+07:00'))).toBe(true);
    expect(isOverdue({ appointment: '2024-03-15' }, Date.parse('2024-03-15T23:00:00+07:00'))).toBe(false);
    expect(isOverdue({ appointment: null }, Date.now())).toBe(false);
    expect(isOverdue({ appointment: 'garbage' }, Date.now())).toBe(false);
  });
});
