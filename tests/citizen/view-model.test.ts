/** The pure parts of the citizen screen: Vietnam-time dates, money, the payment reference and
 * the masking of what a view model may hold. */
import { describe, expect, it } from 'vitest';
import { parseVietQr } from '../../src/shared/domain';
import { formatMoney, vietnamParts } from '../../src/renderer/citizen/format';
import { cleanCode } from '../../src/renderer/citizen/Keypad';
import { scanNotice } from '../../src/renderer/citizen/CitizenKiosk';
import { feePayload, forDisplay, fromPublic, fromRow, paymentReference, unlistedRequest } from '../../src/renderer/citizen/view-model';
import { parseScan } from '../../src/shared/domain';
import { AGENCY, PERSON, dossierRow } from './harness';

const ACCOUNT = { bin: '970405', account: '1234567890123', accountName: 'UBND XA THU' };

describe('dates and money', () => {
  it('reads instants in Vietnam time, whatever the host zone', () => {
    // 17:30 UTC on the 15th is 00:30 on the 16th in Vietnam.
    expect(vietnamParts(Date.parse('2026-03-15T17:30:00Z'))).toMatchObject({ year: 2026, month: 3, day: 16, weekday: 1, hour: 0, minute: 30 });
  });

  it('groups thousands with dots', () => {
    expect(formatMoney(0)).toBe('0');
    expect(formatMoney(8000)).toBe('8.000');
    expect(formatMoney(1250000)).toBe('1.250.000');
  });
});

describe('payment', () => {
  it('fits a compact reference into the 25 characters a bank keeps', () => {
    expect(paymentReference(`${AGENCY}-260305-0001`)).toBe('0001722H562603050001');
    expect(paymentReference('H55.242-240101-0001')).toBe('H552422401010001');
    const long = 'ABCDEFGHIJ.KLMNOPQRST.UVWXYZ-240101-000123';
    expect(paymentReference(long)).toHaveLength(25);
    expect(paymentReference(long).endsWith('240101000123')).toBe(true);
  });

  it('builds a dynamic VietQR for the unpaid total only', () => {
    const row = dossierRow(`${AGENCY}-260305-0001`, 6, {
      fees: [
        { id: 'a', name: 'Lệ phí', amount: 50000, paid: false, paidAt: null, method: null, reference: null },
        { id: 'b', name: 'Phí', amount: 20000, paid: true, paidAt: '2026-03-06T02:00:00.000Z', method: 'cash', reference: null },
        { id: 'c', name: 'Phí sao y', amount: 5000, paid: false, paidAt: null, method: null, reference: null },
      ],
    });
    const qr = feePayload(fromRow(row), ACCOUNT);
    const parsed = parseVietQr(qr?.payload ?? '');
    expect(parsed.ok && parsed.value).toMatchObject({ initiation: 'dynamic', amount: '55000', bin: '970405' });
  });

  it('builds no QR when nothing is due or no account is set', () => {
    const paid = dossierRow(`${AGENCY}-260305-0001`, 6, { fees: [] });
    expect(feePayload(fromRow(paid), ACCOUNT)).toBeNull();
    expect(feePayload(fromRow(dossierRow(`${AGENCY}-260305-0001`, 6)), null)).toBeNull();
  });
});

describe('what to do next', () => {
  const fee = { id: 'a', name: 'Lệ phí', amount: 50000, paid: false, paidAt: null, method: null, reference: null };

  it('sends the citizen to the counter, with no "pay the following:" line, when a fee request lists no fee', () => {
    // Like the demo's 000.00.01.H08-261119-0001: waiting for fees, its procedure lists none.
    expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, 6, { fees: [] })))).toBe('fee.noList');
    expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, 6, { fees: [fee] })))).toBeNull();
    // Listed and all paid: the list is still there to show, crossed out.
    expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, 6, { fees: [{ ...fee, paid: true }] })))).toBeNull();
  });

  it('does the same for a supplement request that lists no document', () => {
    expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, 5, { supplements: [] })))).toBe('status.noSupplementList');
    expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, 5)))).toBeNull();
  });

  it('has no list to introduce for any other status, fees or not', () => {
    for (const status of [1, 2, 3, 4, 7, 8, 9, 10]) expect(unlistedRequest(fromRow(dossierRow(`${AGENCY}-260305-0001`, status, { fees: [] })))).toBeNull();
  });
});

describe('masking in the view model', () => {
  it('keeps no full name, ID number, phone or address of a cached dossier', () => {
    const vm = fromRow(dossierRow(`${AGENCY}-260305-0001`, 4));
    const json = JSON.stringify(vm);
    for (const secret of [PERSON.name, PERSON.citizenId, PERSON.phone, PERSON.address, 'thu@example', '2345', '678']) expect(json).not.toContain(secret);
    expect(vm).toMatchObject({ applicantMasked: 'N. V. T.' });
  });

  it('gives the counter display only the last digits of the ID number and phone', () => {
    const vm = forDisplay(dossierRow(`${AGENCY}-260305-0001`, 4));
    const json = JSON.stringify(vm);
    for (const secret of [PERSON.name, PERSON.citizenId, PERSON.phone, PERSON.address, 'thu@example']) expect(json).not.toContain(secret);
    expect(vm).toMatchObject({ applicantMasked: 'N. V. T.', idMasked: '••••••••2345', phoneMasked: '•••••••678' });
  });

  it('masks again an ID a bad import stored unmasked', () => {
    const row = dossierRow(`${AGENCY}-260305-0001`, 4);
    row.applicant.idMasked = PERSON.citizenId;
    expect(forDisplay(row).idMasked).toBe('••••••••2345');
  });

  it('reduces a lookup answer to initials even if the server sent a full name', () => {
    const vm = fromPublic({
      code: `${AGENCY}-260305-0001`, agency: { code: AGENCY, name: 'UBND xã Thử' }, procedure: { code: '1', name: 'Khai sinh' },
      applicantMasked: PERSON.name, status: 4, receivedAt: '2026-03-05T02:00:00.000Z', appointmentAt: '2026-03-16T09:00:00.000Z',
      finishedAt: null, returnedAt: null, fees: [], supplements: [{ name: 'Tờ khai', note: null }], rated: false, updatedAt: '2026-03-05T02:00:00.000Z',
    });
    expect(vm.applicantMasked).toBe('N. V. T.');
  });
});

describe('input', () => {
  it('keeps only the code alphabet from a keyboard or a paste', () => {
    expect(cleanCode(' 000.17.22.h56-260305-0001\t<script>')).toBe('000.17.22.H56-260305-0001SCRIPT');
    expect(cleanCode('9'.repeat(100))).toHaveLength(48);
  });

  it('maps every kind of scan to what the screen says', () => {
    expect(scanNotice(parseScan(`${AGENCY}-260305-0001`))).toBeNull();
    expect(scanNotice(parseScan(`${PERSON.citizenId}||${PERSON.name}|12071995|Nam|${PERSON.address}|01012022`))).toBe('cccd');
    expect(scanNotice(parseScan('javascript:alert(1)'))).toBe('unknown');
    expect(scanNotice(parseScan(`${AGENCY}-261399-0001`))).toBe('invalidCode');
  });
});
