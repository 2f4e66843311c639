/**
 * Per-message authentication on the office LAN's queue link (real LanServer and LanClient on
 * loopback): after the handshake every message is sealed under a session key from both nonces; a
 * forged frame, or a genuine one replayed, on an established connection is refused and the
 * connection closed, and the host does nothing it asks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LanClient, LanServer, Sealer, type LanIdentity } from '../../src/main/queue/lan';
import type { QueueAction, QueueEvent } from '../../src/shared/queue';

const KEY = Buffer.alloc(32, 9);
const AGENCY = '000.00.01.H08';
const host: LanIdentity = { device: 'host-1', agency: AGENCY, key: KEY };
const member: LanIdentity = { device: 'counter-1', agency: AGENCY, key: KEY };

describe('sealed messages on the queue link', () => {
  let server: LanServer | null = null;
  afterEach(async () => { await server?.close(); server = null; });

  it('serves sealed requests, and refuses a forged or replayed frame on an established connection', async () => {
    const requests: QueueAction[] = [];
    const failures: (string | null)[] = [];
    server = new LanServer(host, {
      term: () => 1, now: Date.now,
      join: async () => ({ day: '2026-12-05', events: [], backup: false }),
      request: async (_m, a) => { requests.push(a); return { id: crypto.randomUUID(), at: new Date().toISOString(), day: '2026-12-05', term: 1, device: 'host-1', type: 'counter.paused', counter: 'Quầy 1', staffId: null, reason: 'break' } as QueueEvent; },
      merge: async () => undefined, ack: () => undefined, leave: () => undefined,
      authFailed: (_a, d) => { failures.push(d); },
    }, () => undefined);
    const port = await server.listen('127.0.0.1', 0);
    let lost = false;
    const c = await LanClient.connect(`127.0.0.1:${port}`, member, { role: 'member', day: null, term: 0, now: Date.now }, {
      event: async () => undefined, heard: () => undefined, lost: () => { lost = true; },
    });
    await c.request({ action: 'pause', counter: 'Quầy 1', staffId: null, reason: 'break' });
    expect(requests).toHaveLength(1);
    // Something on the LAN that saw the connection but lacks the session key writes into it.
    const ws = (c as unknown as { ws: WebSocket }).ws;
    const forger = new Sealer(KEY, 'guessed-nonce-aaaaaaaaaaaa', 'guessed-nonce-bbbbbbbbbbbb', 'member');
    ws.send(forger.seal({ t: 'request', rid: 99, action: { action: 'resume', counter: 'Quầy 1', staffId: null } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(requests).toHaveLength(1);
    expect(failures).toEqual(['counter-1']);
    await new Promise((r) => setTimeout(r, 300));
    expect(lost).toBe(true);
    expect(server.connected()).toHaveLength(0);

    // A second connection: a genuine frame sent again (a replay) is refused the same way.
    const c2 = await LanClient.connect(`127.0.0.1:${port}`, member, { role: 'member', day: null, term: 0, now: Date.now }, {
      event: async () => undefined, heard: () => undefined, lost: () => undefined,
    });
    const ws2 = (c2 as unknown as { ws: WebSocket }).ws;
    const frames: string[] = [];
    const realSend = ws2.send.bind(ws2);
    (ws2 as unknown as { send: (d: string) => void }).send = (d: string) => { frames.push(d); realSend(d); };
    await c2.request({ action: 'pause', counter: 'Quầy 1', staffId: null, reason: 'break' });
    expect(requests).toHaveLength(2);
    realSend(frames.at(-1)!);
    await new Promise((r) => setTimeout(r, 300));
    expect(requests).toHaveLength(2);
    expect(failures).toEqual(['counter-1', 'counter-1']);
    c2.close();
  });
});
