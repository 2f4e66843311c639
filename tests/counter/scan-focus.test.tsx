// @vitest-environment happy-dom
/**
 * Focus and routing at screen level (RELIABILITY.md, gap 16): scans that arrive while the sign-in
 * PIN pad has focus, and while a confirmation dialog is open, on the real counter screen (real
 * scan stream, real database, real i18n). Scans come in the two ways the counter meets them: as a
 * scanner's event on the stream (serial, as the other counter tests inject them) and as keystrokes
 * into the focused element through the real keyboard-wedge listener.
 *
 * happy-dom gives synthetic key events no default action, so `keys()` plays the browser's part:
 * a keydown whose default was not prevented types its character into a focused input, presses a
 * focused button with Enter, or submits the focused input's form with Enter (implicit submission).
 * Each wedge test also has a person's keys go through the same path (the PIN typed and submitted
 * with Enter; the focused "confirm" pressed with Enter), so the model is not vacuous.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { AGENCY, CCCD, PIN, dossierRow, signInAs, startCounter, until, type Counter } from './harness';
import { attachWedgeListener } from '../../src/renderer/scanners/wedge-listener';
import { PIN_LOCK_META } from '../../src/renderer/counter/pin';
import counterText from '../../src/renderer/i18n/counter';
import { CATALOG } from '../../src/shared/messages';
import { usKeyFor } from '../../src/shared/scan/wedge';
import { typeKeys } from '../scanners/wedge-keys';

let c: Counter | null = null;
let detachWedge: (() => void) | null = null;
afterEach(async () => {
  detachWedge?.();
  detachWedge = null;
  cleanup();
  await c?.close();
  c = null;
});

const CODE_A = `${AGENCY}-260305-0009`;
const CODE_B = `${AGENCY}-260305-0019`;
/** A CCCD QR payload a US-keymap HID scanner can type (no Vietnamese letters); synthetic. */
const ASCII_CCCD = '001095054321||Tran Van Thu|02021990|Nam|So 9, Xa Tan Trao|01072021';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pinField = () => screen.getByTestId('pin') as HTMLInputElement;
const byId = (id: string) => screen.queryByTestId(id);
/** Lets whatever a scan started (database writes, renders, the wedge's timers) run its course. */
const settle = (ms = 50) => act(async () => { await sleep(ms); });

/** The audit actions written so far (sign-in attempts and scans the workspace received). */
/** Sign-in attempts in the audit (the officer's first sign-in also records the key it made). */
async function auditActions(): Promise<string[]> {
  return (await c!.db.audit.where('at').above(0).toArray()).map((a) => a.action).filter((a) => a !== 'staff.keyCreated');
}

/** What a browser does by default with a keydown nobody prevented. */
function browserDefault(target: Element, key: string): void {
  if (key === 'Enter') {
    if (target instanceof HTMLButtonElement && !target.disabled) target.click();
    else if (target instanceof HTMLInputElement && target.form) {
      // Implicit submission: only through an enabled submit button.
      const submit = target.form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (submit && !submit.disabled) target.form.requestSubmit(submit);
    }
    return;
  }
  if ([...key].length !== 1) return;
  if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && !target.disabled && !target.readOnly) {
    const proto = target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(target, target.value + key);
    target.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: key }));
  }
}

interface KeyStroke {
  type: 'keydown' | 'keyup';
  code: string;
  key: string;
  shiftKey: boolean;
  /** Timestamp on the events' clock (`performance.now()` scale). */
  t: number;
}

/** Dispatches keystrokes at the focused element, as the OS would, and applies unprevented defaults. */
function keys(strokes: readonly KeyStroke[]): void {
  act(() => {
    for (const s of strokes) {
      const target = document.activeElement ?? document.body;
      const e = new KeyboardEvent(s.type, { code: s.code, key: s.key, shiftKey: s.shiftKey, bubbles: true, cancelable: true });
      Object.defineProperty(e, 'timeStamp', { value: s.t });
      const notPrevented = target.dispatchEvent(e);
      if (s.type === 'keydown' && notPrevented) browserDefault(target, s.key);
    }
  });
}

/** A USB HID scanner typing `text` at 5 ms per character, then Enter. */
function wedgeScan(text: string): void {
  keys(typeKeys(text, { perCharMs: 5, start: performance.now() }));
}

/** A person typing `text` at ~120 ms per key, in real time (slower than any scanner). */
async function personTypes(text: string): Promise<void> {
  for (const ch of text) {
    const { code } = usKeyFor(ch)!;
    const t = performance.now();
    keys([{ type: 'keydown', code, key: ch, shiftKey: false, t }, { type: 'keyup', code, key: ch, shiftKey: false, t: t + 30 }]);
    await sleep(120);
  }
}

/** A person pressing Enter on whatever has focus. */
function personPressesEnter(): void {
  const t = performance.now();
  keys([{ type: 'keydown', code: 'Enter', key: 'Enter', shiftKey: false, t }, { type: 'keyup', code: 'Enter', key: 'Enter', shiftKey: false, t: t + 30 }]);
}

/**
 * `document.execCommand('insertText' | 'delete')` as Chromium runs it, which happy-dom lacks: the
 * text goes into the focused field natively (not through the page's own `value` setter, which is
 * what React watches), then an `input` event. The wedge listener hands a person's held keys back
 * this way.
 */
function execCommand(command: string, _ui?: boolean, text = ''): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.disabled || el.readOnly) return false;
  if (command !== 'insertText' && command !== 'delete') return false;
  const value = command === 'insertText' ? el.value + text : el.value.slice(0, -1);
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new InputEvent('input', {
    bubbles: true, inputType: command === 'insertText' ? 'insertText' : 'deleteContentBackward', data: command === 'insertText' ? text : null,
  }));
  return true;
}

/**
 * The real keyboard-wedge listener on this window, feeding the counter's scan stream. Returns what
 * the stream made of each wedge scan (seen by a monitor consumer, as the technician console's).
 */
function attachWedge(): string[] {
  const doc = document as { execCommand?: unknown };
  const had = typeof doc.execCommand === 'function';
  if (!had) doc.execCommand = execCommand;
  const kinds: string[] = [];
  const unsubscribe = c!.stream.subscribe({ id: 'test-monitor', monitor: true, onScan: (e) => { if (e.source === 'wedge') kinds.push(e.parsed.kind); } });
  const detach = attachWedgeListener(window, {
    onScan: (raw) => { c!.stream.push(raw); },
    onReject: (r) => c!.stream.pushProblem(r),
  });
  detachWedge = () => {
    detach();
    unsubscribe();
    if (!had) delete doc.execCommand;
  };
  return kinds;
}

describe('scans while the sign-in PIN pad has focus', () => {
  it('a dossier code and a CCCD leave the half-typed PIN as it was, attempt no sign-in, open nothing, and say to sign in first', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9)] });
    await until(() => byId('staff-c1') !== null);
    fireEvent.click(screen.getByTestId('staff-c1'));
    pinField().focus();
    fireEvent.change(pinField(), { target: { value: '24' } });

    c.scan(CODE_A);
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    c.scan(CCCD);
    await settle();

    expect(pinField().value).toBe('24');
    expect(document.activeElement).toBe(pinField());
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    expect(byId('workspace')).toBeNull();
    expect(byId('dossier-view')).toBeNull();
    expect(byId('intake')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    // No part of the card reached the page, and no attempt was counted or audited.
    expect(document.body.innerHTML).not.toContain('001095012345');
    expect(document.body.innerHTML).not.toContain('Trần Thị Thử');
    expect(await c.db.getMeta(PIN_LOCK_META)).toBeUndefined();
    expect(await auditActions()).toEqual([]);

    // The message is translated: in English too.
    await act(async () => { await c!.i18n.changeLanguage('en'); });
    c.scan(CODE_A);
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.en.signIn.scan);

    // The officer finishes the PIN: the workspace starts at home, with nothing the scans asked for.
    fireEvent.change(pinField(), { target: { value: PIN } });
    fireEvent.click(screen.getByTestId('sign-in'));
    await until(() => byId('workspace') !== null);
    expect(byId('home')).not.toBeNull();
    expect(byId('dossier-view')).toBeNull();
    expect(byId('intake')).toBeNull();
    expect(await auditActions()).toEqual(['staff.signIn']);

    // And the next scan works normally.
    c.scan(CODE_A);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_A);
  });

  it('on the lock screen, a dossier code and a CCCD open nothing behind it and the officer resumes where they were', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9)] });
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('lock'));
    await until(() => byId('counter-signin') !== null);
    expect(screen.getByTestId('workspace').hidden).toBe(true);
    pinField().focus();

    c.scan(CODE_A);
    c.scan(CCCD);
    await settle();

    expect(pinField().value).toBe('');
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    // The hidden workspace did not move: still home, no dossier, no intake filled from the card.
    expect(byId('home')).not.toBeNull();
    expect(byId('dossier-view')).toBeNull();
    expect(byId('intake')).toBeNull();
    expect(document.body.innerHTML).not.toContain('001095012345');
    expect((await auditActions()).filter((a) => a.startsWith('scan.'))).toEqual([]);

    fireEvent.change(pinField(), { target: { value: PIN } });
    fireEvent.click(screen.getByTestId('sign-in'));
    await until(() => !screen.getByTestId('workspace').hidden);
    expect(byId('home')).not.toBeNull();
    expect(byId('dossier-view')).toBeNull();
    c.scan(CODE_A);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_A);
  });

  it('a keyboard-wedge scan typed into the focused PIN field puts nothing in it and submits nothing; a person\'s keys still type the PIN', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9)] });
    const seen = attachWedge();
    await until(() => byId('staff-c1') !== null);
    fireEvent.click(screen.getByTestId('staff-c1'));
    pinField().focus();

    wedgeScan(CODE_A);
    expect(pinField().value).toBe('');
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    wedgeScan(ASCII_CCCD);
    await settle(150); // past the decoder's silence timer: nothing held comes back
    // Both bursts became scans (a dossier code and a card), and the sign-in screen took them.
    expect(seen).toEqual(['dossier', 'cccd']);
    expect(pinField().value).toBe('');
    expect(document.activeElement).toBe(pinField());
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    expect(screen.queryByRole('status')).toBeNull();
    expect(byId('workspace')).toBeNull();
    expect(await c.db.getMeta(PIN_LOCK_META)).toBeUndefined();
    expect(await auditActions()).toEqual([]);

    // The same key path types a person's PIN and submits it with Enter.
    await personTypes(PIN);
    await until(() => pinField().value === PIN);
    personPressesEnter();
    await until(() => byId('workspace') !== null);
    expect(byId('home')).not.toBeNull();
    expect(byId('dossier-view')).toBeNull();
    expect(await auditActions()).toEqual(['staff.signIn']);
    wedgeScan(CODE_A);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_A);
  });
});

describe('scans while a confirmation dialog is open', () => {
  /** Signs in, opens `code` by a scan and asks to hand its result back. */
  async function askHandBack(code: string): Promise<void> {
    await signInAs('c1', PIN);
    c!.scan(code);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === code);
    fireEvent.click(screen.getByTestId('action-handBack'));
    expect(byId('confirm')).not.toBeNull();
  }

  const statuses = async () => Promise.all([CODE_A, CODE_B].map(async (k) => (await c!.db.dossiers.get(k))?.status));

  it('a status confirmation stays open over another dossier\'s code and a CCCD; nothing is written or opened, and after "cancel" the next scan opens normally', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9), dossierRow(CODE_B, 9)] });
    await askHandBack(CODE_A);
    const note = screen.getByTestId('confirm-note') as HTMLInputElement;
    note.focus();
    fireEvent.change(note, { target: { value: 'Đã giao bản chính' } });

    c.scan(CODE_B);
    c.scan(CCCD);
    await settle();

    const dialog = screen.getByTestId('confirm');
    expect(dialog.textContent).toContain(CODE_A);
    expect(dialog.textContent).not.toContain(CODE_B);
    expect((screen.getByTestId('confirm-note') as HTMLInputElement).value).toBe('Đã giao bản chính');
    expect(screen.getByTestId('dossier-view').getAttribute('data-code')).toBe(CODE_A);
    expect(byId('intake')).toBeNull();
    expect(screen.getByTestId('confirm-scan').textContent).toBe(counterText.vi.confirm.scanBlocked);
    expect(await c.db.outbox.count()).toBe(0);
    expect(await statuses()).toEqual([9, 9]);

    fireEvent.click(screen.getByTestId('confirm-no'));
    expect(byId('confirm')).toBeNull();
    expect(await c.db.outbox.count()).toBe(0);
    c.scan(CODE_B);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_B);
    expect(await statuses()).toEqual([9, 9]);
  });

  it('"confirm" after an interrupting scan hands back the dossier it was asked for, not the one scanned', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9), dossierRow(CODE_B, 9)] });
    await askHandBack(CODE_A);
    c.scan(CODE_B);
    await until(() => byId('confirm-scan') !== null);
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => byId('action-done') !== null);
    expect(await statuses()).toEqual([10, 9]);
    const all = await c.db.outbox.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]!.payload).toMatchObject({ code: CODE_A, from: 9, to: 10 });
    expect(byId('confirm')).toBeNull();
    c.scan(CODE_B);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_B);
    // What was said about A ("handed back") is not shown over B.
    expect(byId('action-done')).toBeNull();
  });

  it('a fee confirmation keeps its method and half-typed reference over a scan, and pays the fee it was asked for', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 6), dossierRow(CODE_B, 6)] });
    await signInAs('c1', PIN);
    c.scan(CODE_A);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_A);
    fireEvent.click(screen.getByTestId('pay-f1'));
    fireEvent.change(screen.getByTestId('fee-method'), { target: { value: 'transfer' } });
    const ref = screen.getByTestId('fee-reference') as HTMLInputElement;
    ref.focus();
    fireEvent.change(ref, { target: { value: 'FT2606' } });

    c.scan(CODE_B);
    await until(() => byId('confirm-scan') !== null);
    expect(screen.getByTestId('dossier-view').getAttribute('data-code')).toBe(CODE_A);
    expect((screen.getByTestId('fee-method') as HTMLSelectElement).value).toBe('transfer');
    expect((screen.getByTestId('fee-reference') as HTMLInputElement).value).toBe('FT2606');
    expect(await c.db.outbox.count()).toBe(0);

    fireEvent.change(screen.getByTestId('fee-reference'), { target: { value: 'FT26069123456' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => byId('confirm') === null);
    const [a, b] = await Promise.all([CODE_A, CODE_B].map((k) => c!.db.dossiers.get(k)));
    expect(a?.fees[0]).toMatchObject({ paid: true, method: 'transfer', reference: 'FT26069123456' });
    expect(b?.fees[0]?.paid).toBe(false);
    const all = await c.db.outbox.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]!.payload).toMatchObject({ code: CODE_A, feeId: 'f1' });
  });

  it('a confirmation left open under the lock screen still holds scans after the officer signs back in', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9), dossierRow(CODE_B, 9)] });
    await askHandBack(CODE_A);
    fireEvent.click(screen.getByTestId('lock'));
    await until(() => byId('counter-signin') !== null);
    c.scan(CODE_B);
    expect(screen.getByTestId('signin-message').textContent).toBe(counterText.vi.signIn.scan);
    fireEvent.change(pinField(), { target: { value: PIN } });
    fireEvent.click(screen.getByTestId('sign-in'));
    await until(() => !screen.getByTestId('workspace').hidden);
    expect(byId('confirm')?.textContent).toContain(CODE_A);

    c.scan(CODE_B);
    await settle();
    expect(screen.getByTestId('dossier-view').getAttribute('data-code')).toBe(CODE_A);
    expect(screen.getByTestId('confirm').textContent).not.toContain(CODE_B);
    expect(screen.getByTestId('confirm-scan').textContent).toBe(counterText.vi.confirm.scanBlocked);
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => byId('action-done') !== null);
    expect(await statuses()).toEqual([10, 9]);
  });

  it('a keyboard-wedge scan while "confirm" has focus does not press it, and opens nothing behind the dialog', async () => {
    c = await startCounter({ rows: [dossierRow(CODE_A, 9), dossierRow(CODE_B, 9)] });
    const seen = attachWedge();
    await askHandBack(CODE_A);
    const yes = screen.getByTestId('confirm-yes');
    yes.focus();

    wedgeScan(CODE_B);
    await settle(150);
    expect(seen).toEqual(['dossier']);
    expect(byId('confirm')).not.toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('confirm-yes'));
    expect(screen.getByTestId('dossier-view').getAttribute('data-code')).toBe(CODE_A);
    expect(screen.getByTestId('confirm-scan').textContent).toBe(counterText.vi.confirm.scanBlocked);
    expect(await c.db.outbox.count()).toBe(0);
    expect(await statuses()).toEqual([9, 9]);
    // A scanner problem meanwhile is explained in the dialog, not lost behind it.
    act(() => { c!.stream.pushProblem({ source: 'serial', device: 'serial-1', reason: 'no-terminator', at: Date.now() }); });
    expect(screen.getByTestId('confirm-scan').textContent).toBe(CATALOG.vi.wedge['no-terminator']);
    expect(byId('confirm')).not.toBeNull();

    // A person's Enter on the focused button does press it (the key model is not vacuous).
    personPressesEnter();
    await until(() => byId('action-done') !== null);
    expect(await statuses()).toEqual([10, 9]);
    wedgeScan(CODE_B);
    await until(() => byId('dossier-view')?.getAttribute('data-code') === CODE_B);
  });
});
