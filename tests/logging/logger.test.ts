import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, Logger, MAX_LINE, MemorySink, RotatingFileSink } from '../../src/main/logging';
import { cccdPayload, findPersonalData, hex, IDS } from './synthetic';

const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'kiosk-logs-'));
  dirs.push(d);
  return d;
}
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

const T = Date.UTC(2026, 10, 26, 9, 30);

describe('Logger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const sink = new MemorySink();
    const log = new Logger({ sinks: [sink], now: () => T }).child({ area: 'scanner' });
    log.info('port open', { path: 'COM3', baud: 9600, level: 'x' });
    expect(JSON.parse(sink.lines[0]!)).toEqual({ t: '2026-11-26T09:30:00.000Z', level: 'info', msg: 'port open', area: 'scanner', path: 'COM3', baud: 9600, _level: 'x' });
  });

  it('drops lines below the level, for children too', () => {
    const sink = new MemorySink();
    const root = new Logger({ sinks: [sink], level: 'warn' });
    const child = root.child({ a: 1 });
    child.info('quiet');
    child.error('loud');
    root.setLevel('debug');
    child.debug('now visible');
    expect(sink.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud', 'now visible']);
  });

  it('redacts at the source: message, fields, nested scans and errors', () => {
    const sink = new MemorySink();
    const log = new Logger({ sinks: [sink] });
    log.warn(`scan rejected: ${cccdPayload(IDS[0]!)}`, {
      scan: { kind: 'cccd', source: 'wedge', text: cccdPayload(IDS[1]!) },
      raw: { id: 'desk', hex: hex(cccdPayload(IDS[2]!), ' ') },
      citizenId: IDS[0], note: `looked up ${IDS[1]}`,
      error: new Error(`lookup failed for ${IDS[2]}`),
    });
    log.fn(`shell says ${IDS[0]}`, { token: 'abc' });
    const text = sink.lines.join('\n');
    expect(findPersonalData(text)).toEqual([]);
    expect(text).not.toContain('abc');
    expect(text).not.toContain('Nguyễn');
  });

  it('caps a runaway line and survives a throwing sink', () => {
    const sink = new MemorySink();
    const log = new Logger({ sinks: [{ write: () => { throw new Error('disk full'); } }, sink] });
    const blob = 'x'.repeat(MAX_LINE / 2); // each string is cut to 8 KB; three of them still overflow a line
    log.info('big', { a: blob, b: blob, c: blob });
    const rec = JSON.parse(sink.lines[0]!) as { truncated: number; msg: string };
    expect(rec.msg).toBe('big');
    expect(rec.truncated).toBeGreaterThan(MAX_LINE);
  });
});

describe('RotatingFileSink', () => {
  it('rotates by size and keeps N old files', async () => {
    const dir = await tempDir();
    const sink = new RotatingFileSink({ dir, maxBytes: 2048, keep: 3 });
    const line = JSON.stringify({ msg: 'y'.repeat(200) });
    for (let i = 0; i < 60; i++) sink.write(line);
    sink.close();
    expect((await readdir(dir)).sort()).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.3.log', 'kiosk.log']);
    for (const f of sink.files()) {
      const text = await readFile(f, 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(sink.files()[0]).toBe(join(dir, 'kiosk.log'));
  });

  it('appends to an existing file after a restart and counts its size', async () => {
    const dir = await tempDir();
    const first = new RotatingFileSink({ dir, maxBytes: 4096, keep: 2 });
    first.write('a'.repeat(3000));
    first.close();
    const second = new RotatingFileSink({ dir, maxBytes: 4096, keep: 2 });
    second.write('b'.repeat(2000));
    second.close();
    expect((await readFile(join(dir, 'kiosk.1.log'), 'utf8')).startsWith('aaa')).toBe(true);
    expect((await readFile(join(dir, 'kiosk.log'), 'utf8')).startsWith('bbb')).toBe(true);
  });

  it('is what createFileLogger writes through, redacted', async () => {
    const dir = await tempDir();
    const { logger, file } = createFileLogger({ dir, now: () => T });
    logger.error('scan', { text: cccdPayload(IDS[0]!) });
    file.close();
    const text = await readFile(join(dir, 'kiosk.log'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ level: 'error', msg: 'scan', text: '[cccd]' });
  });
});
