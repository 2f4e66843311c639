/**
 * A reading thread for PostgreSQL (docs/ARCHITECTURE.md, src/gateway/; docs/PERFORMANCE.md, "The
 * read-ahead on a reading thread"): a worker thread with its own connections that runs a feed-page
 * statement and hands back the page's items already joined as UTF-8 bytes, so the 500 strings a
 * page becomes in the `pg` driver are made, and collected, on that thread's heap and not on the
 * one answering requests. The request thread gets one buffer (moved, not copied) and the few
 * header values.
 *
 * The worker is plain JavaScript (evaluated, so it runs the same under tsx, vitest and node) and
 * loads the `pg` the gateway itself resolved.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { JoinedRows } from './types';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
// int8 as a number, as db/pg.ts reads it.
const INT8 = 20;
const types = { getTypeParser: (oid, format) => oid === INT8 ? (v) => Number(v) : pg.types.getTypeParser(oid, format) };
// Two connections (a request's page need not wait for a read-ahead's); a connection lost is replaced on the next statement.
const pool = new pg.Pool({ connectionString: workerData.url, max: 2, types });
pool.on('error', () => undefined);
parentPort.on('message', async (m) => {
  if (m.close) { await pool.end().catch(() => undefined); parentPort.postMessage({ closed: true }); return; }
  try {
    const res = await pool.query({ name: m.name, text: m.sql, values: m.params });
    const rows = res.rows;
    let head = null;
    if (rows.length > 0) { head = Object.assign({}, rows[0]); delete head.item; }
    let size = 0, count = 0;
    for (const r of rows) if (r.item !== null && r.item !== undefined) { size += Buffer.byteLength(r.item, 'utf8'); count++; }
    size += Math.max(0, count - 1);
    // Its own memory (not the shared pool), so it can be moved to the other thread; with the room
    // asked for before and after, so the caller can complete it in place (no second copy).
    const out = Buffer.allocUnsafeSlow(m.front + size + m.back);
    let at = m.front, first = true;
    for (const r of rows) {
      if (r.item === null || r.item === undefined) continue;
      if (!first) out[at++] = 0x2c;
      first = false;
      at += out.write(r.item, at, 'utf8');
    }
    parentPort.postMessage({ id: m.id, head, count, size, front: m.front, items: out.buffer }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), code: e && e.code } });
  }
});`;

export class PgReader {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { ok: (r: JoinedRows) => void; fail: (e: Error) => void }>();
  private dead: Error | null = null;

  constructor(url: string) {
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, pgPath } });
    // Never what keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (m: { id: number; head?: Record<string, unknown> | null; count?: number; size?: number; front?: number; items?: ArrayBuffer; error?: { message: string; code?: string } }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error) w.fail(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else {
        const frame = Buffer.from(m.items!);
        const front = m.front ?? 0;
        w.ok({ head: m.head ?? null, count: m.count ?? 0, items: frame.subarray(front, front + (m.size ?? 0)), frame, front });
      }
    });
    const fail = (e: Error) => {
      this.dead ??= e;
      for (const w of this.waiting.values()) w.fail(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the reading thread has ended')));
  }

  /** False once the thread has ended (an error, or closed): a new reader is then needed. */
  get alive(): boolean {
    return this.dead === null;
  }

  /**
   * Runs `sql` (prepared once on the thread's connection under `name`) and joins the rows'
   * `item`s, with `room.front` and `room.back` bytes left free around them.
   */
  read(sql: string, params: unknown[], name: string, room: { front: number; back: number } = { front: 0, back: 0 }): Promise<JoinedRows> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((ok, fail) => {
      const id = this.next++;
      this.waiting.set(id, { ok, fail });
      this.worker.postMessage({ id, sql, params, name, front: room.front, back: room.back });
    });
  }

  /** Closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.dead) return;
    this.dead = new Error('the reading thread was closed');
    await new Promise<void>((r) => {
      const t = setTimeout(r, 2000);
      const done = (m: { closed?: boolean }) => {
        if (!m.closed) return;
        clearTimeout(t);
        this.worker.off('message', done);
        r();
      };
      this.worker.on('message', done);
      this.worker.postMessage({ close: true });
    });
    await this.worker.terminate();
  }
}
