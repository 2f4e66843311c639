/**
 * One host per data folder (docs/RELIABILITY.md item 2). Two hosts on one folder would append to
 * one journal, write one settings file and serve one office queue log at once. The Electron shell
 * has `app.requestSingleInstanceLock()`; the browser host (and anything else that opens a data
 * folder) takes this lock.
 *
 * The lock is a listening local socket (a Unix socket beside the data, a named pipe on Windows),
 * not a file with a process id: the operating system drops it when the process dies, however it
 * dies, so a kiosk that lost power starts again without a stale lock, and no process that happens
 * to get the same id after a reboot can hold it. A socket file left by a dead process refuses
 * connections: it is removed and the lock taken.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface InstanceLock {
  release(): Promise<void>;
}

/** Where the lock of `dataDir` listens. */
export function lockAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\mot-cua-kiosk-${id}`;
  const beside = path.join(dataDir, 'host.sock');
  // Unix socket paths are short (108 bytes on Linux, 104 on macOS).
  return Buffer.byteLength(path.resolve(beside)) < 100 ? path.resolve(beside) : path.join(tmpdir(), `mot-cua-kiosk-${id}.sock`);
}

function listen(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(address, () => { server.off('error', reject); resolve(server); });
  });
}

/** True when a live process listens at `address`. */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(address);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Takes the lock of `dataDir`, or returns null when another live process holds it. */
export async function lockInstance(dataDir: string): Promise<InstanceLock | null> {
  const address = lockAddress(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const server = await listen(address);
      return { release: () => new Promise<void>((r) => server.close(() => r())) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (await answers(address)) return null;
      // Left by a process that died: nobody answers.
      if (process.platform !== 'win32') rmSync(address, { force: true });
    }
  }
  return null;
}
