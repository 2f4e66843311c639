/**
 * One host per data folder (src/main/instance-lock.ts): a second lock on the same folder is
 * refused while the first lives, taken once it is released, and taken over from a process killed
 * with SIGKILL (its socket file left behind, as after a power cut).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockAddress, lockInstance } from '../../src/main/instance-lock';

const dirs: string[] = [];
const folder = (): string => { const d = mkdtempSync(path.join(tmpdir(), 'kiosk-lock-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('the host instance lock', () => {
  it('refuses a second holder of one folder, not of another, and is taken again once released', async () => {
    const dir = folder();
    const first = await lockInstance(dir);
    expect(first).not.toBeNull();
    expect(await lockInstance(dir)).toBeNull();
    const other = await lockInstance(folder());
    expect(other).not.toBeNull();
    await first!.release();
    const again = await lockInstance(dir);
    expect(again).not.toBeNull();
    await again!.release();
    await other!.release();
  });

  it('is taken over from a process killed while holding it (the socket file it left answers nobody)', async () => {
    const dir = folder();
    const address = lockAddress(dir);
    const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(address)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    expect(await lockInstance(dir)).toBeNull();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    if (process.platform !== 'win32') expect(existsSync(address)).toBe(true);
    const taken = await lockInstance(dir);
    expect(taken).not.toBeNull();
    await taken!.release();
  });

  it('listens beside the data, on a named pipe on Windows, and in the temporary folder when the path is too long for a socket', () => {
    expect(lockAddress('/srv/kiosk/data', 'linux')).toBe('/srv/kiosk/data/host.sock');
    expect(lockAddress('C:\\kiosk\\data', 'win32')).toMatch(/^\\\\\.\\pipe\\mot-cua-kiosk-[0-9a-f]{16}$/);
    const deep = `/srv/${'d'.repeat(120)}`;
    expect(lockAddress(deep, 'linux')).toMatch(/mot-cua-kiosk-[0-9a-f]{16}\.sock$/);
    expect(lockAddress(deep, 'linux')).toBe(lockAddress(deep, 'linux'));
  });
});
