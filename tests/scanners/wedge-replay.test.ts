import { describe, expect, it } from 'vitest';
import { runWedgeReplay } from '../../src/shared/scan/wedge/replay';
import type { WedgeKeyEvent } from '../../src/shared/scan/wedge';
import { press, typeKeys } from './wedge-keys';

async function* linesOf(items: readonly string[]): AsyncIterable<string> {
  for (const l of items) yield l;
}

async function replay(events: readonly (WedgeKeyEvent | string)[]): Promise<unknown[]> {
  const out: string[] = [];
  await runWedgeReplay(linesOf(events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))), (l) => out.push(l));
  return out.map((l) => JSON.parse(l) as unknown);
}

describe('wedge-replay', () => {
  it('prints one line per scanner burst and nothing for typing', async () => {
    const events = [
      ...typeKeys('hello', { perCharMs: 130, start: 0 }),
      ...typeKeys('000.17.22.H56-210531-0001', { perCharMs: 5, start: 2000 }),
      ...typeKeys('ABCD12', { perCharMs: 35, start: 4000 }),
    ];
    expect(await replay(events)).toEqual([
      { accepted: true, text: '000.17.22.H56-210531-0001' },
      { accepted: true, text: 'ABCD12' },
    ]);
  });

  it('reports IME damage and a missing terminator at the end of input', async () => {
    const unikey = [
      ...typeKeys('XD', { perCharMs: 5, start: 0, terminator: null }),
      ...press('', 'Backspace', 10.2, { keyCode: 8 }),
      ...press('', 'đ', 10.4, { keyCode: 231 }),
      ...typeKeys('Y12', { perCharMs: 5, start: 15 }),
    ];
    const cut = typeKeys('ABCDEFGH', { perCharMs: 5, start: 1000, terminator: null });
    expect(await replay([...unikey, ...cut])).toEqual([
      { accepted: false, reason: 'ime' },
      { accepted: false, reason: 'no-terminator' },
    ]);
  });

  it('accepts events with only the essential fields and flags bad lines', async () => {
    const minimal = [...'ABCD'].flatMap((ch, i) => [
      JSON.stringify({ type: 'keydown', code: `Key${ch}`, key: ch, shiftKey: true, t: i * 4 }),
      JSON.stringify({ type: 'keyup', code: `Key${ch}`, key: ch, shiftKey: true, t: i * 4 + 1 }),
    ]);
    const out = await replay(['', 'not json', ...minimal, JSON.stringify({ type: 'keydown', code: 'Enter', key: 'Enter', t: 16 })]);
    expect(out).toEqual([
      { accepted: false, reason: 'invalid-event', line: 2 },
      { accepted: true, text: 'ABCD' },
    ]);
  });
});
