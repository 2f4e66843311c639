/**
 * A read through PGlite's raw protocol call (docs/PERFORMANCE.md, "The read-ahead on a reading
 * thread", item 5): the statement's answer as the PostgreSQL wire protocol's bytes, from which the rows'
 * `item` column is copied into one buffer as it is, never decoded into JavaScript strings (a feed
 * page is 600 KB of text: as one string it was decoded once and encoded back once, and was the
 * gateway thread's largest garbage). The same answer as `readJoined` of the `pg` reading thread
 * (db/pg-reader.ts): the first row's other columns (integers, booleans, text) and the items joined.
 *
 * Run inside PGlite's own locks (the ones its `query` takes), so it never runs inside another
 * caller's transaction.
 */
import { protocol, type PGlite } from '@electric-sql/pglite';
import type { JoinedRows } from './types';

/**
 * Parse, Bind (text parameters), Describe the portal, Execute, Sync: one extended-protocol
 * exchange, written by PGlite's own protocol serializer.
 */
export function extendedQuery(sql: string, params: readonly unknown[]): Uint8Array {
  const values = params.map((p) => {
    if (p === null || p === undefined) return null;
    if (typeof p !== 'string' && typeof p !== 'number' && typeof p !== 'bigint' && typeof p !== 'boolean') {
      throw new Error('a raw read takes text, number or boolean parameters only');
    }
    return String(p);
  });
  const { serialize } = protocol;
  const parts = [serialize.parse({ text: sql }), serialize.bind({ values }), serialize.describe({ type: 'P' }), serialize.execute(), serialize.sync()];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) { out.set(b, at); at += b.length; }
  return out;
}

const INT_OIDS = new Set([20, 21, 23, 26]); // int8, int2, int4, oid
const BOOL_OID = 16;
const dec = new TextDecoder();

/**
 * The answer of `extendedQuery`: first row's columns but `item`, the `item`s joined into a buffer
 * with room around. Read here rather than by PGlite's protocol parser, which decodes every field
 * into a string: not decoding the items is the point.
 */
export function joinedFromProtocol(data: Uint8Array, room: { front: number; back: number }): JoinedRows {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let names: string[] = [];
  let oids: number[] = [];
  let head: Record<string, unknown> | null = null;
  const items: [number, number][] = [];
  let size = 0;
  let error: { message: string; code?: string } | null = null;
  for (let at = 0; at + 5 <= data.length;) {
    const type = String.fromCharCode(data[at]!);
    const len = view.getInt32(at + 1);
    const body = at + 5;
    const end = at + 1 + len;
    if (type === 'T') {
      const n = view.getInt16(body);
      names = [];
      oids = [];
      let p = body + 2;
      for (let i = 0; i < n; i++) {
        const z = data.indexOf(0, p);
        names.push(dec.decode(data.subarray(p, z)));
        p = z + 1;
        oids.push(view.getInt32(p + 6));
        p += 18;
      }
    } else if (type === 'D') {
      const n = view.getInt16(body);
      let p = body + 2;
      const row: Record<string, unknown> | null = head === null ? {} : null;
      for (let i = 0; i < n; i++) {
        const l = view.getInt32(p);
        p += 4;
        const name = names[i] ?? String(i);
        if (name === 'item') {
          if (l >= 0) { items.push([p, l]); size += l; }
        } else if (row) {
          if (l < 0) row[name] = null;
          else {
            const text = dec.decode(data.subarray(p, p + l));
            row[name] = INT_OIDS.has(oids[i] ?? 0) ? Number(text) : oids[i] === BOOL_OID ? text === 't' : text;
          }
        }
        if (l > 0) p += l;
      }
      if (row) head = row;
    } else if (type === 'E') {
      const fields: Record<string, string> = {};
      let p = body;
      while (p < end && data[p] !== 0) {
        const code = String.fromCharCode(data[p]!);
        const z = data.indexOf(0, p + 1);
        fields[code] = dec.decode(data.subarray(p + 1, z));
        p = z + 1;
      }
      error ??= { message: fields.M ?? 'database error', ...(fields.C ? { code: fields.C } : {}) };
    }
    at = end;
  }
  if (error) throw Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
  size += Math.max(0, items.length - 1);
  const frame = Buffer.allocUnsafeSlow(room.front + size + room.back);
  let at = room.front;
  items.forEach(([p, l], i) => {
    if (i > 0) frame[at++] = 0x2c;
    frame.set(data.subarray(p, p + l), at);
    at += l;
  });
  return { head, count: items.length, items: frame.subarray(room.front, room.front + size), frame, front: room.front };
}

/** `sql` through PGlite's raw protocol call, inside the locks its `query` takes. */
export async function readJoinedRaw(
  pg: PGlite, sql: string, params: readonly unknown[], room: { front: number; back: number } = { front: 0, back: 0 },
): Promise<JoinedRows> {
  const message = extendedQuery(sql, params);
  await pg._checkReady();
  const data = await pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => pg.execProtocolRaw(message, { syncToFs: false })));
  return joinedFromProtocol(data, room);
}
