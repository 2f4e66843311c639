/**
 * A pseudo-terminal "scanner cable" for tests: socat links two ptys, the app opens `portPath` as if
 * it were the scanner's COM port, and bytes written to `peerPath` arrive there as if the scanner
 * sent them. Killing socat is an unplug (the link disappears, the app's fd dies); starting it again
 * at the same link paths is a replug under the same name.
 *
 *   const pty = await createPtyPair();
 *   await pty.write('000.17.22.H56-210531-0001\r\n');
 *   await pty.unplug(); await pty.replug();
 *   await pty.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PtyPair {
  readonly dir: string;
  /** The end the app under test opens. */
  readonly portPath: string;
  /** The scanner's end: written bytes arrive at `portPath`. */
  readonly peerPath: string;
  /** Writes to the scanner's end, all bytes, waiting when the pty buffer is full. */
  write(data: string | Uint8Array): Promise<void>;
  /** Bytes that arrived at the scanner's end (what the app wrote to `portPath`). */
  readPeer(): Buffer;
  /** Kills socat. SIGTERM removes the links; SIGKILL leaves them dangling (a stale device node). */
  unplug(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts socat again at the same link paths. */
  replug(): Promise<void>;
  readonly plugged: boolean;
  close(): Promise<void>;
}

export interface PtyOptions {
  /** Directory for the links; a fresh temporary one by default (removed on close). */
  dir?: string;
  /** How long to wait for socat to create its links. */
  readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createPtyPair(opts: PtyOptions = {}): Promise<PtyPair> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-pty-'));
  fs.mkdirSync(dir, { recursive: true });
  const portPath = path.join(dir, 'port');
  const peerPath = path.join(dir, 'peer');
  const readyTimeoutMs = opts.readyTimeoutMs ?? 5000;

  let child: ChildProcess | null = null;
  let peerFd: number | null = null;
  let received: Buffer[] = [];
  let readTimer: NodeJS.Timeout | null = null;

  const removeLinks = () => {
    for (const p of [portPath, peerPath]) fs.rmSync(p, { force: true });
  };

  const start = async () => {
    removeLinks();
    const proc = spawn('socat', [
      '-d', '-d',
      `pty,raw,echo=0,link=${portPath}`,
      `pty,raw,echo=0,link=${peerPath}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child = proc;
    const deadline = Date.now() + readyTimeoutMs;
    while (!(fs.existsSync(portPath) && fs.existsSync(peerPath) && stderr.includes('starting data transfer loop'))) {
      if (proc.exitCode !== null) throw new Error(`socat exited early: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`socat did not create its links in time: ${stderr}`);
      await sleep(10);
    }
    // Non-blocking so a test never hangs on a full pty buffer; write() retries instead.
    peerFd = fs.openSync(peerPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
    const buf = Buffer.alloc(4096);
    readTimer = setInterval(() => {
      if (peerFd === null) return;
      for (;;) {
        let n = 0;
        try {
          n = fs.readSync(peerFd, buf, 0, buf.length, null);
        } catch {
          return; // EAGAIN: nothing to read now
        }
        if (n <= 0) return;
        received.push(Buffer.from(buf.subarray(0, n)));
      }
    }, 5);
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    if (readTimer) clearInterval(readTimer);
    readTimer = null;
    if (peerFd !== null) fs.closeSync(peerFd);
    peerFd = null;
    const proc = child;
    child = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill(signal);
      await exited;
    }
  };

  await start();

  return {
    dir,
    portPath,
    peerPath,
    get plugged() {
      return child !== null;
    },
    async write(data) {
      let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      while (bytes.length > 0) {
        if (peerFd === null) throw new Error('pty is unplugged');
        let n = 0;
        try {
          n = fs.writeSync(peerFd, bytes);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        }
        bytes = bytes.subarray(n);
        if (bytes.length > 0) await sleep(2);
      }
    },
    readPeer() {
      const all = Buffer.concat(received);
      received = [];
      return all;
    },
    async unplug(signal = 'SIGTERM') {
      await stop(signal);
    },
    async replug() {
      if (child) throw new Error('pty is already plugged');
      await start();
    },
    async close() {
      await stop('SIGTERM');
      removeLinks();
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
