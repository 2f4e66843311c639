// @vitest-environment happy-dom
/**
 * The status page: one plain sentence per status, what to do next, the appointment in Vietnamese
 * date wording, lateness, fees with their VietQR, office hours, masking and the rating.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { parseVietQr } from '../../src/shared/domain';
import { createTestHost } from '../helpers/render-screen';
import { bridgeOver } from '../helpers/test-bridge';
import type { TFunction } from 'i18next';
import { spokenSummary } from '../../src/renderer/citizen/StatusPage';
import { fromRow } from '../../src/renderer/citizen/view-model';
import { AGENCY, NOW, PERSON, dossierRow, startKiosk, t, until, type Kiosk } from './harness';

const code = (seq: number): string => `${AGENCY}-260305-${String(seq).padStart(4, '0')}`;
const ACCOUNT = { bin: '970405', account: '1234567890123', accountName: 'UBND XA THU NGHIEM' };

let kiosk: Kiosk | null = null;
afterEach(async () => {
  cleanup();
  await kiosk?.close();
  kiosk = null;
});

async function showStatus(status: number, opts: Parameters<typeof startKiosk>[0] = {}, extra = {}): Promise<Kiosk> {
  kiosk = await startKiosk({ rows: [dossierRow(code(status), status, extra)], ...opts });
  kiosk.scan(code(status));
  await until(() => screen.queryByTestId('status') !== null);
  return kiosk;
}

describe('status wording', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('explains status %i in one plain sentence and says what to do next', async (status) => {
    await showStatus(status);
    expect(screen.getByTestId('status').dataset.status).toBe(String(status));
    expect(screen.getByTestId('status-sentence').textContent).toBe(t(`status.sentence.${status}`));
    expect(screen.getByTestId('next-steps').textContent).toContain(t(`status.next.${status}`));
    expect(screen.getByTestId('office-hours').textContent).toContain('7 giờ 30');
  });

  it('shows the dossier code as written, in one element kept on a line, under its label', async () => {
    await showStatus(4);
    const row = screen.getByTestId('code-row');
    expect(row.className).toBe('row wide');
    const el = within(row).getByTestId('dossier-code');
    expect(el.className).toBe('dossier-code code');
    // Plain hyphens (copy and screen readers get the code), no non-breaking look-alikes.
    expect(el.textContent).toBe(code(4));
  });

  it('gives the appointment in Vietnamese date wording and the day to come back', async () => {
    await showStatus(4);
    expect(screen.getByTestId('appointment').textContent).toContain('Thứ Hai, ngày 16 tháng 3 năm 2026');
    expect(screen.getByTestId('come-back').textContent).toBe('Xin quay lại vào Thứ Hai, ngày 16 tháng 3 năm 2026.');
    expect(screen.getByTestId('on-time')).toBeTruthy();
  });

  it('says plainly when an unfinished dossier is past its appointment', async () => {
    await showStatus(4, { now: Date.parse('2026-03-17T03:00:00.000Z') });
    expect(screen.getByTestId('overdue').textContent).toBe(t('status.overdue'));
    expect(screen.queryByTestId('come-back')).toBeNull();
    // Not also "nothing to do, come back on the day": the overdue sentence is the next step.
    expect(screen.queryByTestId('next-line')).toBeNull();
    expect(document.body.textContent).not.toContain(t('status.next.4'));
  });

  it('sends the citizen to the counter, with no "bring the following:", when no document is listed', async () => {
    await showStatus(5, {}, { supplements: [] });
    const steps = screen.getByTestId('next-steps');
    expect(steps.textContent).not.toContain(t('status.next.5'));
    expect(screen.getByTestId('supplements-unknown').textContent).toBe(t('status.noSupplementList'));
  });

  it('lists the documents to bring for a supplement', async () => {
    await showStatus(5);
    const list = screen.getByTestId('supplements');
    expect(list.textContent).toContain('Bản sao giấy chứng sinh');
    expect(list.textContent).toContain('Bản sao chưa rõ');
  });

  it('shows a VietQR for the unpaid fee on the commune account, with a compact reference', async () => {
    await showStatus(6, { props: { feeAccount: ACCOUNT } });
    const svg = screen.getByTestId('fee-qr');
    const parsed = parseVietQr(svg.getAttribute('data-payload') ?? '');
    expect(parsed.ok && parsed.value).toMatchObject({ bin: ACCOUNT.bin, account: ACCOUNT.account, amount: '50000', purpose: '0001722H562603050006' });
    expect(svg.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(screen.getByTestId('fees').textContent).toContain('50.000 đồng');
    expect(screen.getByTestId('fee-vietqr').textContent).toContain('UBND XA THU NGHIEM');
    // The bank, by name, for a citizen whose app asks for it.
    expect(screen.getByTestId('fee-bank').textContent).toBe(t('fee.bank', { bank: 'Agribank' }));
  });

  it('sends the citizen to the counter to pay when no account is configured', async () => {
    await showStatus(6);
    expect(screen.queryByTestId('fee-qr')).toBeNull();
    expect(screen.getByTestId('fee-at-counter').textContent).toBe(t('fee.atCounter'));
  });

  it('sends the citizen to the counter when the amounts are not known here, and says when all is paid', async () => {
    await showStatus(6, {}, { fees: [] });
    expect(screen.getByTestId('fees-unknown').textContent).toBe(t('fee.noList'));
    // No "pay the following:" over an empty list, on screen or read aloud: the counter sentence only.
    const steps = screen.getByTestId('next-steps');
    expect(steps.textContent).not.toContain(t('status.next.6'));
    expect(screen.queryByTestId('next-line')).toBeNull();
    expect(screen.queryByTestId('fees')).toBeNull();
    expect(steps.querySelector('p')?.textContent).toBe(t('fee.noList'));
    const d = fromRow(dossierRow(code(6), 6, { fees: [] }));
    const spoken = spokenSummary(t as TFunction<'citizen'>, d, NOW);
    expect(spoken).not.toContain(t('status.next.6'));
    expect(spoken).toContain(t('fee.noList'));
    expect(spokenSummary(t as TFunction<'citizen'>, fromRow(dossierRow(code(6), 6)), NOW)).toContain(t('status.next.6'));
    cleanup();
    await kiosk?.close();
    await showStatus(6, { props: { feeAccount: ACCOUNT } }, {
      fees: [{ id: 'f1', name: 'Lệ phí', amount: 50000, paid: true, paidAt: '2026-03-06T02:00:00.000Z', method: 'cash', reference: null }],
    });
    expect(screen.getByTestId('fees-all-paid').textContent).toBe(t('fee.allPaid'));
    expect(screen.queryByTestId('fee-qr')).toBeNull();
    // Everything paid: the line above the list no longer asks to pay, on screen or read aloud.
    expect(screen.getByTestId('next-steps').textContent + (screen.queryByTestId('next-line')?.textContent ?? '')).not.toContain(t('status.next.6'));
    expect(screen.getByText(t('status.next.feesPaid'))).toBeTruthy();
    const paid = fromRow(dossierRow(code(6), 6, { fees: [{ id: 'f1', name: 'Lệ phí', amount: 50000, paid: true, paidAt: '2026-03-06T02:00:00.000Z', method: 'cash', reference: null }] }));
    expect(spokenSummary(t as TFunction<'citizen'>, paid, NOW)).not.toContain(t('status.next.6'));
  });

  it('gives the date the result was handed back', async () => {
    await showStatus(10);
    expect(screen.getByTestId('next-steps').textContent).toContain('ngày 10 tháng 3 năm 2026');
  });

  it('falls back to text when no Vietnamese voice exists', async () => {
    await showStatus(4);
    expect(screen.getByTestId('no-voice').textContent).toBe(t('status.noVoice'));
  });
});

describe('kiosk settings', () => {
  it('takes the fee account from the host settings and follows their changes', async () => {
    const host = await createTestHost();
    try {
      const bridge = bridgeOver(host);
      await bridge.call('technician.setPin', { pin: '482913' });
      await bridge.call('technician.unlock', { pin: '482913' });
      await bridge.call('settings.update', { feeAccount: ACCOUNT });
      await showStatus(6, { host });
      await until(() => screen.queryByTestId('fee-qr') !== null);
      await bridge.call('settings.update', { feeAccount: null });
      await until(() => screen.queryByTestId('fee-at-counter') !== null);
    } finally {
      cleanup();
      await kiosk?.close();
      kiosk = null;
      await host.close();
    }
  });
});

describe('privacy', () => {
  it('masks the applicant to initials and shows nothing of the ID number, phone or address', async () => {
    const k = await showStatus(9);
    const html = k.view.container.innerHTML;
    expect(screen.getByTestId('applicant').textContent).toContain('N. V. T.');
    expect(screen.queryByTestId('id-masked')).toBeNull();
    expect(screen.queryByTestId('phone-masked')).toBeNull();
    for (const secret of [PERSON.name, PERSON.citizenId, PERSON.phone, PERSON.address, 'Thử', 'Hàm Rồng', '0109501', 'thu@example', '2345', '•••']) {
      expect(html).not.toContain(secret);
    }
  });
});

describe('rating', () => {
  it('records a rating of a finished dossier in the outbox, without a staff member', async () => {
    const k = await showStatus(10);
    const rating = screen.getByTestId('rating');
    fireEvent.click(within(rating).getByText(t('rating.score.4'), { exact: false }));
    await until(() => screen.queryByTestId('rating-thanks') !== null);
    const rows = await k.db.outbox.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'dossier.rate', staffId: null, dossierCode: code(10), state: 'pending', payload: { code: code(10), score: 4 } });
  });

  it('says a rating is recorded already and that a new one replaces it; says nothing of the kind before', async () => {
    await showStatus(10, {}, { rating: { score: 2, at: '2026-03-20T03:00:00.000Z' } });
    expect(screen.getByTestId('rating-rated').textContent).toBe(t('rating.rated'));
    expect(within(screen.getByTestId('rating')).getAllByRole('button')).toHaveLength(4);
    cleanup();
    await kiosk?.close();
    await showStatus(10);
    expect(screen.queryByTestId('rating-rated')).toBeNull();
  });

  it('offers no rating before the result is handed back', async () => {
    await showStatus(9);
    expect(screen.queryByTestId('rating')).toBeNull();
  });
});

describe('display', () => {
  it('steps the text size, toggles high contrast and switches language', async () => {
    const k = await showStatus(4);
    const root = screen.getByTestId('citizen-kiosk');
    fireEvent.click(screen.getByTestId('text-larger'));
    fireEvent.click(screen.getByTestId('text-larger'));
    expect(root.style.getPropertyValue('--citizen-scale')).toBe('1.5');
    fireEvent.click(screen.getByTestId('contrast'));
    expect(root.className).toContain('high-contrast');
    fireEvent.click(screen.getByTestId('citizen-language'));
    await until(() => screen.getByTestId('status-sentence').textContent === 'Your dossier is being processed.');
    expect(screen.getByTestId('appointment').textContent).toContain('Monday 16 March 2026');
    fireEvent.click(screen.getByTestId('done'));
    await until(() => k.i18n.language === 'vi');
    expect(root.className).not.toContain('high-contrast');
    expect(root.style.getPropertyValue('--citizen-scale')).toBe('1');
    expect(screen.getByTestId('attract').textContent).toContain('Quét mã QR trên giấy hẹn');
    // "Done" started afresh for the next person; going back from the keypad is the same citizen:
    // their text size and contrast stay.
    fireEvent.click(screen.getByTestId('text-larger'));
    fireEvent.click(screen.getByTestId('contrast'));
    fireEvent.click(screen.getByTestId('open-keypad'));
    fireEvent.click(screen.getByTestId('keypad-back'));
    expect(root.style.getPropertyValue('--citizen-scale')).not.toBe('1');
    expect(root.className).toContain('high-contrast');
  });

  it('keeps every control a real button reachable by keyboard', async () => {
    await showStatus(10);
    const buttons = screen.getAllByRole('button');
    expect(buttons.length).toBeGreaterThan(8);
    for (const b of buttons) {
      expect(b.tagName).toBe('BUTTON');
      expect(b.getAttribute('tabindex')).not.toBe('-1');
      expect((b.textContent ?? '').trim() || b.getAttribute('aria-label')).toBeTruthy();
    }
  });
});


