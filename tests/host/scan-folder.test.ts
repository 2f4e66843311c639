/**
 * The scanner's folder (src/main/scan-folder/watcher.ts) on a real folder: a file is offered once
 * the scanner finished writing it (never half-written), temporary files never, files already there
 * at start too; the counter reads it in pieces; a file that changes after it was offered is refused
 * and offered again once still; a received file moves aside and is not offered again.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECEIVED_SUBFOLDER, ScanFolderWatcher, type ScanFolderFile } from '../../src/main/scan-folder/watcher';
import { BridgeError } from '../../src/shared/bridge/error';

const dirs: string[] = [];
let watcher: ScanFolderWatcher | null = null;
afterEach(() => {
  watcher?.close();
  watcher = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
const page = (n: number, size: number): Buffer => {
  const b = Buffer.alloc(size, n);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
};

describe('scanner folder', () => {
  it('offers each file once written, ignores temporary ones, reads it in pieces and moves it aside when received', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-scan-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'truoc-khi-mo.pdf'), '%PDF-1.4\n%%EOF\n');
    const offered: (ScanFolderFile & { at: number })[] = [];
    watcher = new ScanFolderWatcher({ onFile: (f) => offered.push({ ...f, at: Date.now() }), stableMs: 300, pollMs: 100 });
    await watcher.configure(dir);
    await until(() => offered.some((f) => f.name === 'truoc-khi-mo.pdf'));

    // A page written in bursts (as a scanner does): never offered half-written.
    const file = path.join(dir, 'trang-1.jpg');
    writeFileSync(file, page(1, 100_000));
    writeFileSync(path.join(dir, 'trang-2.jpg.tmp'), page(2, 10));
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      appendFileSync(file, page(1, 100_000));
    }
    const written = Date.now();
    await until(() => offered.some((f) => f.name === 'trang-1.jpg'));
    const o = offered.find((f) => f.name === 'trang-1.jpg')!;
    expect(o.size).toBe(400_000);
    // Offered about 0.3–0.5 s after the last write (the stable wait, then the next poll); the bound
    // is loose for a loaded machine.
    expect(o.at - written).toBeLessThan(3_000);
    expect(offered.map((f) => f.name)).not.toContain('trang-2.jpg.tmp');
    expect(watcher.list().map((f) => f.name)).toEqual(['truoc-khi-mo.pdf', 'trang-1.jpg']);

    const pieces: Uint8Array[] = [];
    for (let off = 0; off < o.size; off += 192 * 1024) pieces.push(await watcher.read('trang-1.jpg', off, 192 * 1024));
    expect(Buffer.concat(pieces).equals(Buffer.concat([page(1, 100_000), page(1, 100_000), page(1, 100_000), page(1, 100_000)]))).toBe(true);
    // Names only: no path leaves the folder.
    await expect(watcher.read('../trang-1.jpg', 0, 10)).rejects.toMatchObject({ code: 'not-found' });

    await watcher.done('trang-1.jpg');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.join(dir, RECEIVED_SUBFOLDER)).some((n) => n.endsWith('-trang-1.jpg'))).toBe(true);
    expect(watcher.list().map((f) => f.name)).toEqual(['truoc-khi-mo.pdf']);
  });

  it('refuses a file that changed after it was offered, and offers it again once still', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-scan-'));
    dirs.push(dir);
    const offered: string[] = [];
    watcher = new ScanFolderWatcher({ onFile: (f) => offered.push(`${f.name}:${f.size}`), stableMs: 200, pollMs: 50 });
    await watcher.configure(dir);
    const file = path.join(dir, 'ho-so.jpg');
    writeFileSync(file, page(3, 5000));
    await until(() => offered.includes('ho-so.jpg:5000'));
    appendFileSync(file, page(3, 5000));
    const err = await watcher.read('ho-so.jpg', 0, 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe('scan-file-changed');
    await until(() => offered.includes('ho-so.jpg:10000'));
    expect((await watcher.read('ho-so.jpg', 0, 20_000)).length).toBe(10_000);
  });
});
