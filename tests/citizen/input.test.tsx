// @vitest-environment happy-dom
/**
 * What reaches the kiosk besides a receipt (docs/RELIABILITY.md items 17, 21): a CCCD is never displayed, a
 * VietQR is named as a payment code, a URL is data (its dossier code is used, nothing is opened),
 * hostile payloads change nothing and inject nothing. And the on-screen keypad.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { encodeVietQr } from '../../src/shared/domain';
import { AGENCY, PERSON, dossierRow, startKiosk, t, until, type Kiosk } from './harness';

const CODE = `${AGENCY}-260305-0007`;
// Synthetic CCCD (fake number and person).
const CCCD = `${PERSON.citizenId}||${PERSON.name}|12071995|Nam|${PERSON.address}|01012022`;
const VIETQR = (() => {
  const r = encodeVietQr({ bin: '970405', account: '1234567890123', amount: '50000', purpose: 'LEPHI' });
  if (!r.ok) throw new Error('fixture');
  return r.payload;
})();

let kiosk: Kiosk | null = null;
afterEach(async () => {
  cleanup();
  await kiosk?.close();
  kiosk = null;
  delete (window as { __pwned?: unknown }).__pwned;
});

const viewKind = (): string | undefined => screen.getByTestId('citizen-kiosk').dataset.view;

async function onStatus(): Promise<Kiosk> {
  kiosk = await startKiosk({ rows: [dossierRow(CODE, 4)] });
  kiosk.scan(CODE);
  await until(() => screen.queryByTestId('status') !== null);
  return kiosk;
}

describe('a CCCD at the kiosk', () => {
  it('is never displayed: the citizen is told the receipt is needed', async () => {
    kiosk = await startKiosk();
    kiosk.scan(CCCD);
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.cccd'));
    expect(viewKind()).toBe('attract');
    const html = kiosk.view.container.innerHTML;
    for (const secret of [PERSON.citizenId, '2345', PERSON.name, 'Thử', PERSON.address, '12071995']) expect(html).not.toContain(secret);
  });

  it('leaves a status on screen as it was', async () => {
    const k = await onStatus();
    const before = screen.getByTestId('status').outerHTML;
    k.scan(CCCD);
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.cccd'));
    expect(screen.getByTestId('status').outerHTML).toBe(before);
    expect(k.view.container.innerHTML).not.toContain(PERSON.citizenId);
  });

  it('treats a health-insurance card like any personal card', async () => {
    kiosk = await startKiosk();
    kiosk.scan('HS4010123456789|4e677579e1bb856e2056c4836e205468e1bbad|12/07/1995|1|5468c3b46e2031|01 - 001|01/01/2024|-|-|01/01/2024|0123456789|-|4|01/01/2024|abc|$');
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.cccdInvalid'));
  });
});

describe('other codes', () => {
  it('recognises a VietQR as a payment code', async () => {
    kiosk = await startKiosk();
    kiosk.scan(VIETQR);
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.vietqr'));
    expect(viewKind()).toBe('attract');
  });

  it('takes the dossier code out of a lookup URL and opens nothing', async () => {
    kiosk = await startKiosk({ rows: [dossierRow(CODE, 9)] });
    const href = location.href;
    kiosk.scan(`https://dichvucong.example.gov.vn/portaldvc/tra-cuu?MaHoSo=${encodeURIComponent(CODE)}&SoDinhDanh=${PERSON.citizenId}`);
    await until(() => screen.queryByTestId('status') !== null);
    expect(screen.getByTestId('status-sentence').textContent).toBe(t('status.sentence.9'));
    expect(location.href).toBe(href);
    expect(kiosk.view.container.innerHTML).not.toContain(PERSON.citizenId);
  });

  it.each([
    'https://example.com/phishing?next=/login',
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
  ])('calls %s unknown and never follows it', async (url) => {
    kiosk = await startKiosk();
    const href = location.href;
    kiosk.scan(url);
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.unknown'));
    expect(location.href).toBe(href);
    expect(kiosk.view.container.querySelector('a, iframe, script')).toBeNull();
  });

  it('says a wrongly shaped dossier code is not valid', async () => {
    kiosk = await startKiosk();
    kiosk.scan(`${AGENCY}-261399-0001`);
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.invalidCode'));
  });
});

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  `${'A'.repeat(4096)}`,
  `${'<b>'.repeat(2000)}`,
  '\u0000\u0007\u001b[2J\u001b]0;pwned\u0007',
  '\uFEFF\u202Eexe.gpj',
  `${CODE}<script>window.__pwned=1</script>`,
  'javascript:window.__pwned=1',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '',
  ' ',
];

describe('hostile payloads', () => {
  it('leave the status page unchanged, inject nothing and run nothing', async () => {
    const k = await onStatus();
    const before = screen.getByTestId('status').outerHTML;
    for (const payload of HOSTILE) {
      k.scan(payload);
      expect(viewKind()).toBe('status');
      expect(screen.getByTestId('status').outerHTML).toBe(before);
      const root = k.view.container;
      expect(root.querySelector('script, img, iframe, a, b')).toBeNull();
      if (payload.trim().length > 3) expect(root.innerHTML).not.toContain(payload);
      expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
    }
    // Still usable: a real receipt still works.
    fireEvent.click(screen.getByTestId('done'));
    k.scan(CODE);
    await until(() => screen.queryByTestId('status') !== null);
  });
});

describe('keypad', () => {
  it('types a code with the on-screen keys (digits, letters, . and -) and looks it up', async () => {
    kiosk = await startKiosk({ rows: [dossierRow(CODE, 2)] });
    fireEvent.click(screen.getByTestId('open-keypad'));
    const press = (k: string): void => { fireEvent.click(screen.getByText(k, { selector: 'button[data-key]' })); };
    for (const ch of CODE) {
      const isLetter = /[A-Z]/.test(ch);
      if (isLetter) fireEvent.click(screen.getByTestId('keypad-letters'));
      press(ch);
      if (isLetter) fireEvent.click(screen.getByTestId('keypad-letters'));
    }
    expect((screen.getByTestId('keypad-value') as HTMLInputElement).value).toBe(CODE);
    expect(screen.getByTestId('keypad-value').getAttribute('inputmode')).toBe('none');
    // The hint's example code: the sentence as translated, the code one element kept on a line.
    const hint = screen.getByTestId('keypad').querySelector('.hint')!;
    expect(hint.textContent).toBe(t('keypad.hint', { example: '000.17.22.H56-210531-0001' }));
    expect(hint.querySelector('.dossier-code')?.textContent).toBe('000.17.22.H56-210531-0001');
    fireEvent.click(screen.getByTestId('keypad-submit'));
    await until(() => screen.queryByTestId('status') !== null);
    expect(screen.getByTestId('status-sentence').textContent).toBe(t('status.sentence.2'));
  });

  it('accepts a physical keyboard, keeps only the code alphabet, and corrects with backspace', async () => {
    kiosk = await startKiosk({ rows: [dossierRow(CODE, 2)] });
    fireEvent.click(screen.getByTestId('open-keypad'));
    const input = screen.getByTestId('keypad-value') as HTMLInputElement;
    fireEvent.change(input, { target: { value: `${CODE.toLowerCase()} <x>` } });
    expect(input.value).toBe(`${CODE}X`);
    fireEvent.click(screen.getByTestId('keypad-backspace'));
    expect(input.value).toBe(CODE);
    fireEvent.submit(screen.getByTestId('keypad'));
    await until(() => screen.queryByTestId('status') !== null);
  });

  it('asks for a code when nothing was typed, and explains a code it does not recognise', async () => {
    kiosk = await startKiosk();
    fireEvent.click(screen.getByTestId('open-keypad'));
    fireEvent.click(screen.getByTestId('keypad-submit'));
    expect(screen.getByRole('alert').textContent).toBe(t('keypad.empty'));
    fireEvent.click(screen.getByText('1', { selector: 'button[data-key]' }));
    fireEvent.click(screen.getByTestId('keypad-submit'));
    // Typed, not scanned: it says what a dossier code looks like (not "scan the QR or type the code").
    expect(screen.getByTestId('notice').textContent).toContain(t('notice.typedUnknown'));
    expect(viewKind()).toBe('keypad');
  });

  it('puts the notice for an unrecognised code above the field, in the flow, and says it again on each try', async () => {
    kiosk = await startKiosk();
    fireEvent.click(screen.getByTestId('open-keypad'));
    for (const k of ['1', '2', '-']) fireEvent.click(screen.getByText(k, { selector: 'button[data-key]' }));
    fireEvent.click(screen.getByTestId('keypad-letters'));
    fireEvent.click(screen.getByText('X', { selector: 'button[data-key]' }));
    fireEvent.click(screen.getByTestId('keypad-submit'));
    const notice = screen.getByTestId('notice');
    expect(notice.getAttribute('role')).toBe('alert');
    // Inside the keypad, between the hint and the field: nothing covers a key.
    const field = screen.getByTestId('keypad-value');
    expect(screen.getByTestId('keypad').contains(notice)).toBe(true);
    expect(notice.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('12-X');
    // The same wrong code again: a new alert (read out again), not the old one left in place.
    fireEvent.click(screen.getByTestId('keypad-submit'));
    const again = screen.getByTestId('notice');
    expect(again).not.toBe(notice);
    expect(screen.getAllByTestId('notice')).toHaveLength(1);
    // Dismissed: the focus goes back to the code field, not to the page.
    fireEvent.click(screen.getByTestId('notice-dismiss'));
    expect(screen.queryByTestId('notice')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('keypad-value'));
    // Going back clears it; a notice on the start screen sits above the view, in the flow too.
    fireEvent.click(screen.getByTestId('keypad-back'));
    expect(screen.queryByTestId('notice')).toBeNull();
    kiosk.scan(CCCD);
    const top = screen.getByTestId('notice');
    expect(top.parentElement?.tagName).toBe('MAIN');
    // Dismissed on the start screen: the focus goes to the screen's main region.
    fireEvent.click(screen.getByTestId('notice-dismiss'));
    expect(document.activeElement?.tagName).toBe('MAIN');
    kiosk.scan(CCCD);
    expect(top.compareDocumentPosition(screen.getByTestId('attract')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Opening the keypad means the citizen has read it.
    fireEvent.click(screen.getByTestId('open-keypad'));
    expect(screen.queryByTestId('notice')).toBeNull();
  });
});
