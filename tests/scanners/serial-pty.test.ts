import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { ScannerService } from '../../src/main/scanners';
import type { SerialScannerConfig } from '../../src/shared/bridge/contract';
import { createPtyPair } from '../helpers/pty';
import { record, sleep, waitFor } from './serial-events';

// Synthetic: not a real person or ID number.
const CCCD = '001099012345|012345678|Nguyễn Văn Thử|01011990|Nam|Thôn Đông, Xã Hòa Bình, Tỉnh Phú Thọ|15082021';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(config: Partial<SerialScannerConfig> = {}, opts: { raw?: boolean; pollIntervalMs?: number } = {}) {
  const pty = await createPtyPair();
  cleanup.push(() => pty.close());
  const service = new ScannerService(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {});
  cleanup.push(() => service.close());
  const rec = record(service, opts);
  const [status] = await service.configure([{ id: 's1', path: pty.portPath, ...config } as SerialScannerConfig]);
  expect(status?.state).toBe('open');
  return { pty, service, rec };
}

describe('serial scanner over a real pseudo-terminal', () => {
  it('joins a frame split across writes', async () => {
    const { pty, rec } = await setup();
    await pty.write('000.17.22');
    await sleep(20);
    await pty.write('.H56-2105');
    await sleep(20);
    await pty.write('31-0001\r\n');
    await waitFor(() => rec.scans.length === 1);
    expect(rec.scans[0]).toMatchObject({ source: 'serial', device: 's1', text: '000.17.22.H56-210531-0001' });
  });

  it('splits two frames that arrive in one write', async () => {
    const { pty, rec } = await setup();
    await pty.write('000.17.22.H56-210531-0001\r\n000.00.14.H56-200203-0118\r\n');
    await waitFor(() => rec.scans.length === 2);
    expect(rec.texts()).toEqual(['000.17.22.H56-210531-0001', '000.00.14.H56-200203-0118']);
  });

  it('caps a frame with no terminator, reports the overflow and recovers on the next terminator', async () => {
    const { pty, service, rec } = await setup({ maxFrame: 64 });
    await pty.write('7'.repeat(300));
    await waitFor(() => rec.errors.some((e) => e.code === 'frame-overflow'));
    await pty.write('\r\nAFTER-OVERFLOW\r\n');
    await waitFor(() => rec.scans.length === 1);
    expect(rec.texts()).toEqual(['AFTER-OVERFLOW']);
    expect(rec.errors.filter((e) => e.code === 'frame-overflow')).toHaveLength(1);
    expect(service.status()[0]).toMatchObject({ framesOk: 1, framesBad: 1, lastError: 'frame-overflow', state: 'open' });
  });

  it('reports invalid UTF-8 with a hex dump and delivers nothing in its place', async () => {
    const { pty, rec } = await setup();
    await pty.write(Uint8Array.from([0x30, 0x31, 0xc3, 0x28, 0xa0, 0xa1, 0x0d, 0x0a]));
    await waitFor(() => rec.errors.length === 1);
    expect(rec.errors[0]).toMatchObject({ id: 's1', code: 'invalid-utf8', hex: '30 31 c3 28 a0 a1' });
    await pty.write('NEXT\r\n');
    await waitFor(() => rec.scans.length === 1);
    expect(rec.texts()).toEqual(['NEXT']);
  });

  it('says "baud mismatch" with a hint on garbage bytes, and "open" again after a clean frame', async () => {
    const { pty, service, rec } = await setup({ baudRate: 9600 });
    const garbage = Uint8Array.from({ length: 48 }, (_, i) => [0x00, 0x80, 0xf8, 0xfe, 0xe0, 0x1f][i % 6] as number);
    await pty.write(garbage);
    await waitFor(() => rec.lastState('s1') === 'baud-mismatch');
    const s = service.status()[0];
    expect(s?.lastError).toBe('baud-mismatch');
    expect(s?.detail).toContain('115200');
    expect(rec.errors.some((e) => e.code === 'baud-mismatch' && e.hex !== undefined)).toBe(true);
    await pty.write('\r\n000.17.22.H56-210531-0001\r\n');
    await waitFor(() => rec.lastState('s1') === 'open');
    expect(rec.texts()).toContain('000.17.22.H56-210531-0001');
  });

  it('delivers a Vietnamese CCCD-like payload byte-exact', async () => {
    const { pty, rec } = await setup();
    const bytes = Buffer.from(`${CCCD}\r\n`, 'utf8');
    // Cut inside 'ễ' so the multi-byte character straddles two reads.
    const cut = Buffer.from('001099012345|012345678|Nguy', 'utf8').length + 1;
    await pty.write(bytes.subarray(0, cut));
    await sleep(20);
    await pty.write(bytes.subarray(cut));
    await waitFor(() => rec.scans.length === 1);
    expect(rec.scans[0]?.text).toBe(CCCD);
    expect(rec.scans[0]?.text.normalize('NFC')).toBe(rec.scans[0]?.text);
  });

  it('frames by inter-byte silence when the terminator is none', async () => {
    const { pty, rec } = await setup({ terminator: 'none', silenceMs: 30 });
    await pty.write('ABC');
    await sleep(5);
    await pty.write('DEF');
    await sleep(120);
    await pty.write('GHI');
    await waitFor(() => rec.scans.length === 2);
    expect(rec.texts()).toEqual(['ABCDEF', 'GHI']);
  });

  it('shows raw bytes as hex for the technician monitor', async () => {
    const { pty, rec } = await setup({}, { raw: true });
    await pty.write('AZ\r\n');
    await waitFor(() => rec.scans.length === 1);
    expect(rec.raws.map((r) => r.hex).join(' ')).toBe('41 5a 0d 0a');
  });

  it('reconnects within 3 s after an unplug and a replug at the same path', async () => {
    const { pty, rec } = await setup();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      await pty.unplug(signal);
      await waitFor(() => rec.lastState('s1') === 'missing', 3000, `missing after ${signal}`);
      await pty.replug();
      const took = await waitFor(() => rec.lastState('s1') === 'open', 3000, `open after replug (${signal})`);
      expect(took).toBeLessThan(3000);
      await pty.write(`BACK-${signal}\r\n`);
      await waitFor(() => rec.texts().includes(`BACK-${signal}`));
    }
    expect(rec.errors.filter((e) => e.code === 'disconnected').length).toBeGreaterThanOrEqual(2);
  });

  it('runs several scanners at once, each scan tagged with its own scanner', async () => {
    const ptys = await Promise.all([createPtyPair(), createPtyPair(), createPtyPair()]);
    for (const p of ptys) cleanup.push(() => p.close());
    const service = new ScannerService();
    cleanup.push(() => service.close());
    const rec = record(service);
    const statuses = await service.configure(ptys.map((p, i) => ({ id: `counter-${i}`, path: p.portPath }) as SerialScannerConfig));
    expect(statuses.map((s) => s.state)).toEqual(['open', 'open', 'open']);
    await Promise.all(ptys.map((p, i) => p.write(`SCAN-${i}-A\r\nSCAN-${i}-B\r\n`)));
    await waitFor(() => rec.scans.length === 6);
    for (let i = 0; i < 3; i++) expect(rec.texts(`counter-${i}`)).toEqual([`SCAN-${i}-A`, `SCAN-${i}-B`]);
  });

  it('reports a port held by another program as busy, and opens it once released', async () => {
    const pty = await createPtyPair();
    cleanup.push(() => pty.close());
    const holder = new SerialPort({ path: pty.portPath, baudRate: 9600, lock: true, autoOpen: false });
    await new Promise<void>((res, rej) => holder.open((e) => (e ? rej(e) : res())));
    const service = new ScannerService({ pollIntervalMs: 200 });
    cleanup.push(() => service.close());
    const rec = record(service);
    const [s] = await service.configure([{ id: 'b', path: pty.portPath } as SerialScannerConfig]);
    expect(s).toMatchObject({ state: 'busy', lastError: 'busy' });
    await new Promise<void>((res) => holder.close(() => res()));
    await waitFor(() => rec.lastState('b') === 'open', 3000);
  });

  it('reports a path that is not there as missing', async () => {
    const service = new ScannerService();
    cleanup.push(() => service.close());
    const [s] = await service.configure([{ id: 'gone', path: '/tmp/kiosk-no-such-port' } as SerialScannerConfig]);
    expect(s).toMatchObject({ state: 'missing', path: null, lastError: 'missing' });
  });
});
