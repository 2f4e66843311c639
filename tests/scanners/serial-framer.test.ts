import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framer, hexDump, type FramerOptions, type FramerOutput } from '../../src/main/scanners/framer';

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const base: FramerOptions = { terminator: 'auto', prefix: '', suffix: '', maxFrame: 4096 };
const frames = (outs: FramerOutput[]) => outs.filter((o) => o.kind === 'frame').map((o) => (o.kind === 'frame' ? o.text : ''));

function feed(f: Framer, ...chunks: (string | Uint8Array)[]): FramerOutput[] {
  return chunks.flatMap((c) => f.push(typeof c === 'string' ? bytes(c) : c));
}

describe('serial framer', () => {
  it('ends a frame at CR, LF or CRLF in auto mode without an empty frame for the LF of CRLF', () => {
    const f = new Framer(base);
    expect(frames(feed(f, 'A1\rB2\nC3\r\nD4\r'))).toEqual(['A1', 'B2', 'C3', 'D4']);
    // The LF of a CRLF split across reads is not a new (empty) frame nor part of the next one.
    expect(frames(feed(f, '\nE5\r\n'))).toEqual(['E5']);
  });

  it('joins a frame split across reads and splits two frames from one read', () => {
    const f = new Framer(base);
    expect(feed(f, '000.17.22', '.H56-2105')).toEqual([]);
    expect(frames(feed(f, '31-0001\r\n000.00.14.H56-200203-0118\r\n'))).toEqual([
      '000.17.22.H56-210531-0001',
      '000.00.14.H56-200203-0118',
    ]);
  });

  it('honours strict terminators', () => {
    expect(frames(feed(new Framer({ ...base, terminator: 'cr' }), 'a\nb\rc\r'))).toEqual(['a\nb', 'c']);
    expect(frames(feed(new Framer({ ...base, terminator: 'lf' }), 'a\rb\nc\n'))).toEqual(['a\rb', 'c']);
    const crlf = new Framer({ ...base, terminator: 'crlf' });
    expect(frames(feed(crlf, 'a\rb\nc\r', '\nd\r\n'))).toEqual(['a\rb\nc', 'd']);
  });

  it('leaves framing to the owner in none mode (flush after silence)', () => {
    const f = new Framer({ ...base, terminator: 'none' });
    expect(feed(f, 'ABC\r\n', 'DEF')).toEqual([]);
    expect(f.pending).toBe(8);
    expect(frames(f.flush())).toEqual(['ABC\r\nDEF']);
    expect(f.pending).toBe(0);
  });

  it('strips a configured prefix and suffix only where present', () => {
    const f = new Framer({ ...base, prefix: ']Q1', suffix: '#' });
    expect(frames(feed(f, ']Q1HELLO#\r', 'PLAIN\r', ']Q1X\r'))).toEqual(['HELLO', 'PLAIN', 'X']);
  });

  it('reports an overflow once, drops the rest of that frame and resynchronises on the terminator', () => {
    const f = new Framer({ ...base, maxFrame: 16 });
    const outs = feed(f, 'X'.repeat(10), 'Y'.repeat(30), 'Z'.repeat(5), '\r\nGOOD\r\n');
    expect(outs.filter((o) => o.kind === 'error')).toEqual([
      { kind: 'error', code: 'frame-overflow', hex: hexDump(bytes('X'.repeat(10) + 'Y'.repeat(6))) },
    ]);
    expect(frames(outs)).toEqual(['GOOD']);
  });

  it('accepts a frame of exactly maxFrame bytes, also in crlf mode', () => {
    for (const terminator of ['auto', 'crlf'] as const) {
      const f = new Framer({ ...base, terminator, maxFrame: 16 });
      expect(feed(f, `${'9'.repeat(16)}\r\n`)).toEqual([{ kind: 'frame', text: '9'.repeat(16) }]);
    }
  });

  it('rejects invalid UTF-8 with a hex dump and never substitutes U+FFFD', () => {
    const f = new Framer(base);
    const bad = Uint8Array.from([0x41, 0xc3, 0x28, 0x42, 0xff]);
    const outs = feed(f, bad, '\r\n');
    expect(outs).toEqual([{ kind: 'error', code: 'invalid-utf8', hex: '41 c3 28 42 ff' }]);
    expect(JSON.stringify(outs)).not.toContain('\ufffd');
  });

  it('keeps Vietnamese text split inside a multi-byte character intact', () => {
    const payload = '079203001234|Nguyễn Thị Ánh Tuyết|Số 12, Đường Lê Lợi, Phường Điện Biên, Hà Nội';
    const all = bytes(`${payload}\r\n`);
    const f = new Framer(base);
    // Split in the middle of 'ễ' (3 bytes in UTF-8).
    const cut = bytes('079203001234|Nguy').length + 1;
    expect(frames(feed(f, all.subarray(0, cut), all.subarray(cut)))).toEqual([payload]);
  });

  it('keeps a BOM in the text for the domain parser to flag', () => {
    expect(frames(feed(new Framer(base), '\ufeffABC\r'))).toEqual(['\ufeffABC']);
  });

  it('drops empty frames (idle CR/LF noise)', () => {
    expect(feed(new Framer(base), '\r\n\r\n\n\r')).toEqual([]);
  });

  it('delivers any printable payload exactly, however the bytes are chunked', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(50), { maxLength: 6 }), (texts, cuts) => {
        const all = bytes(texts.map((t) => `${t}\r\n`).join(''));
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const f = new Framer(base);
        const outs: FramerOutput[] = [];
        let from = 0;
        for (const p of [...points, all.length]) {
          outs.push(...f.push(all.subarray(from, p)));
          from = p;
        }
        expect(frames(outs)).toEqual(texts);
      }),
    );
  });
});
