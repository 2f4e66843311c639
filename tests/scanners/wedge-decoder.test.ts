import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWedgeDecoder, type WedgeKeyEvent } from '../../src/shared/scan/wedge';
import { drive, PAYLOAD_ALPHABET, press, typeKeys } from './wedge-keys';

const DOSSIER = '000.17.22.H56-210531-0001';

describe('wedge decoder: scanners', () => {
  it('decodes a USB scanner at 5 ms/char and keeps everything out of the input', () => {
    const m = drive(createWedgeDecoder(), typeKeys(DOSSIER, { perCharMs: 5 }));
    expect(m.results).toEqual([{ accepted: true, text: DOSSIER, at: expect.any(Number) }]);
    expect(m.value).toBe('');
    expect(m.enters).toBe(0);
  });

  it('decodes the same payload from physical keys under AZERTY key values', () => {
    const events = typeKeys(DOSSIER, { perCharMs: 5, layout: 'azerty' });
    expect(events.some((e) => e.key === 'à')).toBe(true);
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toMatchObject([{ accepted: true, text: DOSSIER }]);
    expect(m.value).toBe('');
  });

  it('is not fooled by CapsLock flipping the key values', () => {
    const events = typeKeys('ABC-123/XYZ', { perCharMs: 3, capsLock: true });
    expect(events.find((e) => e.code === 'KeyA' && e.type === 'keydown')?.key).toBe('a');
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toMatchObject([{ accepted: true, text: 'ABC-123/XYZ' }]);
  });

  it.each(['us', 'azerty'] as const)('round-trips the whole payload alphabet (%s)', (layout) => {
    const m = drive(createWedgeDecoder(), typeKeys(PAYLOAD_ALPHABET, { perCharMs: 2, layout }));
    expect(m.results).toMatchObject([{ accepted: true, text: PAYLOAD_ALPHABET }]);
  });

  it('accepts a Bluetooth scanner at 35 ms/char and at 50 ms/char', () => {
    for (const perCharMs of [35, 50]) {
      const m = drive(createWedgeDecoder(), typeKeys(DOSSIER, { perCharMs }));
      expect(m.results).toMatchObject([{ accepted: true, text: DOSSIER }]);
      expect(m.value).toBe('');
    }
  });

  it('tolerates single Bluetooth hiccups between 50 and 80 ms when the mean stays ≤ 50', () => {
    const events = typeKeys(DOSSIER, { perCharMs: 30 });
    // Delay everything from the 10th keydown on by 40 ms: one 70 ms gap.
    const tenth = events.filter((e) => e.type === 'keydown')[9]!.t;
    const shifted = events.map((e) => (e.t >= tenth ? { ...e, t: e.t + 40 } : e));
    expect(drive(createWedgeDecoder(), shifted).results).toMatchObject([{ accepted: true, text: DOSSIER }]);
  });

  it('answers at the terminator itself, without waiting for a timeout', () => {
    const events = typeKeys('ABCD1234', { perCharMs: 5 });
    const enter = events.find((e) => e.code === 'Enter' && e.type === 'keydown')!;
    const m = drive(createWedgeDecoder(), events);
    expect(m.resultTimes).toEqual([enter.t]);
  });

  it('hides the terminator from the page: no button press, no form submission', () => {
    for (const terminator of ['Enter', 'NumpadEnter', 'Tab']) {
      const m = drive(createWedgeDecoder(), typeKeys('ABCD1234', { perCharMs: 5, terminator }));
      expect(m.results).toHaveLength(1);
      expect(m.enters + m.tabs).toBe(0);
      // The page saw at most the first (held, default-prevented) key and bare modifiers.
      expect(m.pageSaw.filter((k) => k !== 'Shift')).toEqual(['A']);
    }
  });

  it('prevents the keyup of every swallowed key too', () => {
    const d = createWedgeDecoder();
    const ups = typeKeys('ABCD', { perCharMs: 5 }).map((e) => ({ e, r: d.feed(e) })).filter((x) => x.e.type === 'keyup' && x.e.code !== 'ShiftLeft');
    expect(ups.every((x) => x.r.preventDefault)).toBe(true);
  });

  it('strips a configured prefix and suffix and rejects bursts without them', () => {
    const opts = { prefix: '[', suffix: ']' };
    expect(drive(createWedgeDecoder(opts), typeKeys('[ABCD12]', { perCharMs: 5 })).results)
      .toMatchObject([{ accepted: true, text: 'ABCD12' }]);
    expect(drive(createWedgeDecoder(opts), typeKeys('ABCD12]', { perCharMs: 5 })).results)
      .toMatchObject([{ accepted: false, reason: 'prefix-mismatch' }]);
    expect(drive(createWedgeDecoder(opts), typeKeys('[ABCD12', { perCharMs: 5 })).results)
      .toMatchObject([{ accepted: false, reason: 'suffix-mismatch' }]);
  });

  it('rejects a burst longer than maxLength', () => {
    const m = drive(createWedgeDecoder({ maxLength: 10 }), typeKeys('A'.repeat(30), { perCharMs: 1 }));
    expect(m.results).toMatchObject([{ accepted: false, reason: 'too-long' }]);
    expect(m.value).toBe('');
  });

  it('reports a burst that stops without a terminator, or accepts it when configured', () => {
    const events = typeKeys(DOSSIER, { perCharMs: 5, terminator: null });
    const rejected = drive(createWedgeDecoder(), events);
    expect(rejected.results).toMatchObject([{ accepted: false, reason: 'no-terminator' }]);
    expect(rejected.value).toBe('');
    const accepted = drive(createWedgeDecoder({ acceptWithoutTerminator: true }), events);
    expect(accepted.results).toMatchObject([{ accepted: true, text: DOSSIER }]);
    // Resolved minHumanGapMs after the last key.
    const lastDown = events.filter((e) => e.type === 'keydown').at(-1)!.t;
    expect(accepted.resultTimes).toEqual([lastDown + 80]);
  });

  it('reports dropped characters as they came: validation is the domain parser\'s job', () => {
    const m = drive(createWedgeDecoder(), typeKeys(DOSSIER.replace('-0001', '-001'), { perCharMs: 5 }));
    expect(m.results).toMatchObject([{ accepted: true, text: '000.17.22.H56-210531-001' }]);
  });

  it('separates two scans back to back', () => {
    const a = typeKeys('AAAA1111', { perCharMs: 4, start: 0 });
    const b = typeKeys('BBBB2222', { perCharMs: 4, start: 200 });
    expect(drive(createWedgeDecoder(), [...a, ...b]).results.map((r) => r.accepted && r.text)).toEqual(['AAAA1111', 'BBBB2222']);
  });
});

describe('wedge decoder: input methods', () => {
  // Unikey (Telex) swallows the 2nd `d` and injects Backspace + `đ`; injected keys carry no scan code.
  function unikeyDd(start: number): WedgeKeyEvent[] {
    return [
      ...typeKeys('XD', { perCharMs: 5, start, terminator: null }),
      ...press('', 'Backspace', start + 10.2, { keyCode: 8 }),
      ...press('', 'đ', start + 10.4, { keyCode: 231 }),
      ...typeKeys('Y12', { perCharMs: 5, start: start + 15 }),
    ];
  }

  it('rejects a Unikey rewrite (injected Backspace + composed letter) with reason ime', () => {
    const m = drive(createWedgeDecoder(), unikeyDd(1000));
    expect(m.results).toMatchObject([{ accepted: false, reason: 'ime' }]);
    expect(m.value).toBe('');
    expect(m.enters).toBe(0);
  });

  it('rejects a Telex rewrite without Backspace (w → ư injected) with reason ime', () => {
    const events = [
      ...typeKeys('AB', { perCharMs: 5, start: 0, terminator: null }),
      ...press('', 'ư', 10, { keyCode: 231 }),
      ...typeKeys('CD', { perCharMs: 5, start: 15 }),
    ];
    expect(drive(createWedgeDecoder(), events).results).toMatchObject([{ accepted: false, reason: 'ime' }]);
  });

  it('rejects a scan typed through an IME composition (keyCode 229 / isComposing)', () => {
    const events = typeKeys('ABCD1234', { perCharMs: 5 }).map((e) =>
      e.code === 'Enter' ? e : { ...e, key: 'Process', keyCode: 229, isComposing: true });
    expect(drive(createWedgeDecoder(), events).results).toMatchObject([{ accepted: false, reason: 'ime' }]);
  });

  it('lets a person type Vietnamese with Unikey: d, then d → Backspace + đ', () => {
    const events = [
      ...press('KeyD', 'd', 0),
      // The person's 2nd d, 150 ms later, is rewritten by Unikey within a millisecond.
      ...press('', 'Backspace', 150, { keyCode: 8 }),
      ...press('', 'đ', 150.5, { keyCode: 231 }),
      ...press('KeyI', 'i', 300),
    ];
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('đi');
  });

  it('lets a person type "việt" with Unikey at 60 ms/key: injected keys do not make it look fast', () => {
    const events = [
      ...press('KeyV', 'v', 0), ...press('KeyI', 'i', 60), ...press('KeyE', 'e', 120),
      // 2nd e swallowed → Backspace + ê; then t; j swallowed → 2 × Backspace + ệt.
      ...press('', 'Backspace', 180.2, { keyCode: 8 }), ...press('', 'ê', 180.4, { keyCode: 231 }),
      ...press('KeyT', 't', 240),
      ...press('', 'Backspace', 300.2, { keyCode: 8 }), ...press('', 'Backspace', 300.3, { keyCode: 8 }),
      ...press('', 'ệ', 300.5, { keyCode: 231 }), ...press('', 't', 300.6, { keyCode: 231 }),
    ];
    // Rollover detection off: this pins the timing rule alone.
    const m = drive(createWedgeDecoder({ rolloverIsHuman: false }), events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('việt');
  });

  it('lets a quick Unikey pair through as typing (too short to be a scan)', () => {
    const events = [...press('KeyD', 'd', 0), ...press('', 'Backspace', 30, { keyCode: 8 }), ...press('', 'đ', 30.5, { keyCode: 231 })];
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('đ');
  });

  it('does not hold keys a person composes with an IME', () => {
    const d = createWedgeDecoder();
    const r = d.feed({ ...press('KeyA', 'Process', 0)[0]!, keyCode: 229, isComposing: true });
    expect(r.preventDefault).toBe(false);
  });
});

describe('wedge decoder: people', () => {
  it('never takes a 130 ms/key typist for a scanner, and their text reaches the input', () => {
    const m = drive(createWedgeDecoder(), typeKeys('nguyen van a 0123', { perCharMs: 130 }));
    expect(m.results).toEqual([]);
    expect(m.value).toBe('nguyen van a 0123');
    expect(m.enters).toBe(1);
  });

  it('keeps the AZERTY characters a person typed (replays `key`, not the US map)', () => {
    const m = drive(createWedgeDecoder(), typeKeys('1234', { perCharMs: 130, layout: 'azerty' }));
    expect(m.value).toBe('&é"\'');
  });

  it('tells a fast 50 ms/key typist from a scanner by key rollover', () => {
    const m = drive(createWedgeDecoder(), typeKeys('hello world', { perCharMs: 50, rollover: true }));
    expect(m.results).toEqual([]);
    expect(m.value).toBe('hello world');
    expect(m.enters).toBe(1);
  });

  it('documents the limit: 50 ms/key with no rollover at all is indistinguishable from a scanner', () => {
    const m = drive(createWedgeDecoder(), typeKeys('1234', { perCharMs: 50 }));
    expect(m.results).toMatchObject([{ accepted: true, text: '1234' }]);
    // With rollover detection off, even rolled-over typing at scanner speed counts as a scan.
    const off = drive(createWedgeDecoder({ rolloverIsHuman: false }), typeKeys('1234', { perCharMs: 30, rollover: true }));
    expect(off.results).toMatchObject([{ accepted: true, text: '1234' }]);
  });

  it('replays a quick pair of keys inside slow typing', () => {
    const events = [...press('KeyT', 't', 0), ...press('KeyH', 'h', 30), ...press('KeyE', 'e', 200), ...press('Enter', 'Enter', 400)];
    const m = drive(createWedgeDecoder(), events);
    expect(m.value).toBe('the');
    expect(m.results).toEqual([]);
    expect(m.enters).toBe(1);
  });

  it('replays held keys before Enter when a short quick burst ends with Enter', () => {
    const m = drive(createWedgeDecoder(), typeKeys('ok', { perCharMs: 20 }));
    expect(m.value).toBe('ok');
    expect(m.enters).toBe(1);
  });

  it('treats auto-repeat as typing', () => {
    const events: WedgeKeyEvent[] = [];
    for (let i = 0; i < 15; i += 1) events.push({ ...press('KeyA', 'a', i * 33)[0]!, repeat: i > 0 });
    events.push(press('KeyA', 'a', 15 * 33)[1]!, ...press('Enter', 'Enter', 600));
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('a'.repeat(15));
    // Also without the DOM's repeat flag: the same code going down twice without a keyup.
    const bare = drive(createWedgeDecoder(), events.map(({ repeat: _r, ...e }) => e));
    expect(bare.results).toEqual([]);
    expect(bare.value).toBe('a'.repeat(15));
  });

  it('lets shortcuts and paste through: Ctrl+V is not scanner input', () => {
    const events = [...press('KeyX', 'x', 0), ...press('KeyV', 'v', 10, { ctrlKey: true }), ...typeKeys('z', { perCharMs: 5, start: 15 })];
    const m = drive(createWedgeDecoder(), events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('xz');
  });

  it('lets Enter, Tab, Space and Backspace alone do their usual job', () => {
    const events = [...press('Space', ' ', 0), ...press('Enter', 'Enter', 200), ...press('Tab', 'Tab', 400),
      ...press('KeyA', 'a', 600), ...press('Backspace', 'Backspace', 800)];
    const d = createWedgeDecoder();
    const spaceDown = d.feed(events[0]!);
    expect(spaceDown.preventDefault).toBe(false);
    const m = drive(createWedgeDecoder(), events);
    expect(m).toMatchObject({ value: ' ', enters: 1, tabs: 1, results: [] });
  });

  it('lets arrow keys end a quick pair and keep their default', () => {
    const events = [...press('KeyA', 'a', 0), ...press('KeyB', 'b', 20), ...press('ArrowLeft', 'ArrowLeft', 40)];
    const d = createWedgeDecoder();
    const decisions = events.map((e) => d.feed(e));
    expect(decisions[4]).toMatchObject({ preventDefault: false, replay: 'ab' });
  });
});

describe('wedge decoder: options and properties', () => {
  it('refuses inconsistent timing options', () => {
    expect(() => createWedgeDecoder({ maxScanGapMs: 90, minHumanGapMs: 80 })).toThrow(/maxScanGapMs/);
  });

  it('decodes any payload at any scanner speed, layout and CapsLock state', () => {
    fc.assert(fc.property(
      fc.string({ unit: fc.constantFrom(...PAYLOAD_ALPHABET), minLength: 4, maxLength: 80 }),
      fc.double({ min: 0.2, max: 50, noNaN: true }),
      fc.constantFrom('us' as const, 'azerty' as const),
      fc.boolean(),
      (text, perCharMs, layout, capsLock) => {
        const m = drive(createWedgeDecoder(), typeKeys(text, { perCharMs, layout, capsLock }));
        expect(m.results).toMatchObject([{ accepted: true, text }]);
        expect(m.value).toBe('');
        expect(m.enters).toBe(0);
      },
    ));
  });

  it('never takes typing at ≥ 80 ms per key for a scan, and never loses a keystroke', () => {
    fc.assert(fc.property(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 .-'), minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: 80, max: 400, noNaN: true }), { minLength: 41, maxLength: 41 }),
      (text, gaps) => {
        const events: WedgeKeyEvent[] = [];
        let t = 0;
        [...text].forEach((ch, i) => {
          const code = ch === ' ' ? 'Space' : ch === '.' ? 'Period' : ch === '-' ? 'Minus'
            : /\d/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`;
          events.push(...press(code, ch, t));
          t += gaps[i]!;
        });
        events.push(...press('Enter', 'Enter', t));
        const m = drive(createWedgeDecoder(), events);
        expect(m.results).toEqual([]);
        expect(m.value).toBe(text);
        expect(m.enters).toBe(1);
      },
    ));
  });
});
