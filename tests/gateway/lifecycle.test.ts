import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, freshDatabase, startGateway, TEST_PG_URL } from '../helpers/gateway';
import { fakeKiosk, staffedCounter } from './kiosk';
import { demoStaffIds, seedStaff } from '../../src/gateway/demo/seed';

const run = promisify(execFile);
const CLI = ['src/cli/gateway.ts'];
const TSX = 'node_modules/.bin/tsx';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function serve(args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(TSX, [...CLI, 'serve', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const j = JSON.parse(line) as { listening: string };
      resolve({ child, url: j.listening, exited });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}
const cli = async (args: string[]) => JSON.parse((await run(TSX, [...CLI, ...args], { timeout: 90_000 })).stdout.trim()) as Record<string, unknown>;

describe('gateway lifecycle', () => {
  it('finishes an in-flight batch before closing', { timeout: 90_000 }, async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let committed = false;
    const gw = await startGateway({ hooks: { afterBatchCommit: async () => { committed = true; await gate; } } });
    await gw.db.query("insert into procedures (code, seq, data) values ('2.000815', 1, '{\"code\":\"2.000815\",\"name\":\"Chứng thực\"}')");
    await seedStaff(gw.db, '000.00.01.H08');
    const k = await staffedCounter(gw, '000.00.01.H08');
    await k.lease(2);
    const code = k.nextCode();
    const pushing = k.push([k.create(code)]);
    while (!committed) await new Promise((r) => setTimeout(r, 5));
    let closed = false;
    const closing = gw.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    release();
    const r = await pushing;
    expect(r.status).toBe(200);
    expect(r.body.results[0].status).toBe('applied');
    await closing;
    expect(closed).toBe(true);
  });

  it('serve on a data directory: other commands go through it, SIGTERM exits cleanly', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    try {
      const s = await serve(['--data', dir]);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const enrollCode = await cli(['enroll-code', '--agency', '000.00.05.H08', '--counter', 'Quầy 2', '--data', dir]);
      expect(enrollCode.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(Date.parse(enrollCode.expiresAt as string)).toBeGreaterThan(Date.now());
      expect(await cli(['seed', '--agency', '000.00.05.H08', '--dossiers', '30', '--data', dir])).toEqual({ agency: '000.00.05.H08', dossiers: 30 });
      // Staff administration goes through the server too, and is audited as the server's session token.
      const officer = demoStaffIds('000.00.05.H08').counter[0];
      expect(await cli(['staff', 'set-pin', '--staff', officer, '--pin', '364912', '--data', dir])).toMatchObject({ id: officer, active: true });
      const listed = await cli(['staff', 'list', '--agency', '000.00.05.H08', '--data', dir]) as { staff: { id: string }[] };
      expect(listed.staff.map((x) => x.id)).toContain(officer);
      const dev = await apiClient(s.url)('POST', '/v1/enroll', { code: enrollCode.code, deviceName: 'Quầy 2', kind: 'counter', appVersion: '1' });
      expect(dev.body.counter).toBe('Quầy 2');
      const pulled = await fakeKiosk(s.url, dev.body).pullAll();
      expect(pulled.items.filter((i) => i.type === 'dossier')).toHaveLength(30);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(existsSync(join(dir, 'gateway.lock'))).toBe(false);
      // With no server holding it, the command opens the directory itself; the data survived.
      expect((await cli(['enroll-code', '--agency', '000.00.05.H08', '--data', dir])).code).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve on PostgreSQL alongside a second process issuing codes', { timeout: 120_000 }, async () => {
    const db = await freshDatabase(TEST_PG_URL);
    try {
      const s = await serve(['--database-url', db.url, '--seed', 'demo']);
      const { code, kind } = await cli(['enroll-code', '--agency', '000.00.01.H08', '--kind', 'kiosk', '--database-url', db.url]);
      expect(kind).toBe('kiosk');
      const dev = await apiClient(s.url)('POST', '/v1/enroll', { code, deviceName: 'x', kind: 'kiosk', appVersion: '1' });
      expect(dev.status).toBe(200);
      // A kiosk-kind device is fed citizen-safe views, never the dossiers themselves or staff.
      const pulled = await fakeKiosk(s.url, dev.body).pullAll();
      expect(pulled.items.filter((i) => i.type === 'citizen').length).toBeGreaterThan(10);
      expect(pulled.items.filter((i) => i.type === 'dossier' || i.type === 'staff')).toEqual([]);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
