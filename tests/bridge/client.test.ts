import { describe, expect, it } from 'vitest';
import { createBridgeClient, type BridgeClientOptions } from '../../src/shared/bridge/client';
import { z } from 'zod';
import { BridgeError, bridgeIssues } from '../../src/shared/bridge/contract';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { issuesText } from '../../src/shared/messages/issues';
import { WireFromHost, type WireCall } from '../../src/shared/bridge/wire';

/** A transport that records what the client sends and lets the test play the host. */
function transport(options?: BridgeClientOptions, send?: (call: WireCall) => void) {
  const sent: WireCall[] = [];
  let receive: ((msg: WireFromHost) => void) | null = null;
  const client = createBridgeClient(
    (call) => { sent.push(call); send?.(call); },
    (r) => { receive = r; },
    options,
  );
  return {
    client, sent,
    host(msg: WireFromHost) { receive!(msg); },
    scan(text: string) { receive!({ t: 'event', name: 'scan', payload: { source: 'serial', device: 's1', text, at: 1 } }); },
  };
}

const settled = <T>(p: Promise<T>) => p.then((v) => ({ ok: true, v }), (e: unknown) => ({ ok: false, e }));

describe('bridge client (any transport)', () => {
  it('numbers each call and resolves it with the value of its own result, in any order', async () => {
    const t = transport();
    const a = t.client.call('app.info', {});
    const b = t.client.call('scanner.status', {});
    expect(t.sent).toEqual([
      { t: 'call', id: 1, name: 'app.info', input: {} },
      { t: 'call', id: 2, name: 'scanner.status', input: {} },
    ]);
    t.host({ t: 'result', id: 2, ok: true, value: [] });
    t.host({ t: 'result', id: 1, ok: true, value: { name: 'k', version: '1', gatewayUrl: null } });
    expect(await a).toEqual({ name: 'k', version: '1', gatewayUrl: null });
    expect(await b).toEqual([]);
  });

  it('rejects a failed call with a BridgeError carrying the host\'s code and message', async () => {
    const t = transport();
    const p = t.client.call('settings.update', { language: 'en' });
    t.host({ t: 'result', id: 1, ok: false, error: { code: 'technician-locked', message: 'the technician console is locked' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ name: 'BridgeError', code: 'technician-locked', message: 'the technician console is locked' });
  });

  it('turns a failure code this build does not know (a newer host) into host-error, keeping the message', async () => {
    const t = transport();
    const p = t.client.call('app.info', {});
    t.host({ t: 'result', id: 1, ok: false, error: { code: 'from-a-newer-host', message: 'details' } } as unknown as WireFromHost);
    expect(await p.catch((e: unknown) => e)).toMatchObject({ name: 'BridgeError', code: 'host-error', message: 'details' });
    // The browser host's page bridge validates the wire first: the schema makes the same choice.
    expect(WireFromHost.parse({ t: 'result', id: 2, ok: false, error: { code: 'from-a-newer-host', message: 'details' } }))
      .toEqual({ t: 'result', id: 2, ok: false, error: { code: 'host-error', message: 'details' } });
  });

  it('ignores results for ids it does not wait for, and a second result for the same id', async () => {
    const t = transport();
    const p = t.client.call('app.info', {});
    t.host({ t: 'result', id: 99, ok: true, value: 'not ours' });
    t.host({ t: 'result', id: 1, ok: true, value: 'first' });
    t.host({ t: 'result', id: 1, ok: false, error: { code: 'host-error', message: 'late' } });
    expect(await p).toBe('first');
  });

  it('hands each event to every listener, a throwing listener stopping neither the others nor the transport', async () => {
    const errors: [string, unknown][] = [];
    const t = transport({ onListenerError: (event, err) => errors.push([event, err]) });
    const got: string[] = [];
    t.client.on('scan', (s) => got.push(`a:${s.text}`));
    t.client.on('scan', () => { throw new Error('boom'); });
    t.client.on('scan', (s) => got.push(`c:${s.text}`));
    t.client.on('scanner.status', () => got.push('status'));
    t.scan('X1');
    t.scan('X2');
    expect(got).toEqual(['a:X1', 'c:X1', 'a:X2', 'c:X2']);
    expect(errors).toHaveLength(2);
    expect(errors[0]![0]).toBe('scan');
    expect((errors[0]![1] as Error).message).toBe('boom');
    // The transport still carries results after the throw.
    const p = t.client.call('app.info', {});
    t.host({ t: 'result', id: 1, ok: true, value: 'still here' });
    expect(await p).toBe('still here');
  });

  it('isolates listeners even when no one is told of their errors, or the report itself throws', () => {
    for (const options of [{}, { onListenerError: () => { throw new Error('report failed'); } }]) {
      const t = transport(options);
      const got: string[] = [];
      t.client.on('scan', () => { throw new Error('boom'); });
      t.client.on('scan', (s) => got.push(s.text));
      expect(() => t.scan('X1')).not.toThrow();
      expect(got).toEqual(['X1']);
    }
  });

  it('stops handing events to a listener once it unsubscribes, even from inside an event', () => {
    const t = transport();
    const got: string[] = [];
    const offA = t.client.on('scan', (s) => { got.push(`a:${s.text}`); offA(); });
    const offB = t.client.on('scan', (s) => got.push(`b:${s.text}`));
    t.scan('X1');
    t.scan('X2');
    offB();
    offB();
    t.scan('X3');
    expect(got).toEqual(['a:X1', 'b:X1', 'b:X2']);
  });

  it('fails every waiting call with host-unavailable when the transport loses the host, and ignores their late results', async () => {
    const t = transport();
    const a = settled(t.client.call('app.info', {}));
    const b = settled(t.client.call('scanner.status', {}));
    t.client.disconnected();
    for (const r of [await a, await b]) {
      expect(r.ok).toBe(false);
      expect((r as { e: unknown }).e).toMatchObject({ name: 'BridgeError', code: 'host-unavailable' });
    }
    t.host({ t: 'result', id: 1, ok: true, value: 'too late' });
    // Calls after a reconnect work as before, with fresh ids.
    const c = t.client.call('app.info', {});
    expect(t.sent.at(-1)).toMatchObject({ id: 3 });
    t.host({ t: 'result', id: 3, ok: true, value: 'again' });
    expect(await c).toBe('again');
  });

  it('fails a call that the transport cannot send with host-error, and keeps working', async () => {
    let fail = true;
    const t = transport({}, () => { if (fail) throw new TypeError('Converting circular structure to JSON'); });
    const err = await t.client.call('app.info', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'host-error', message: expect.stringContaining('circular') });
    fail = false;
    const p = t.client.call('app.info', {});
    t.host({ t: 'result', id: 2, ok: true, value: 'ok' });
    expect(await p).toBe('ok');
  });

  it('exposes only the bridge contract to the page: call and on', () => {
    const t = transport();
    const { call, on } = t.client;
    // Detached from the object, as a page (or Electron's contextBridge) holds them.
    const p = call('app.info', {});
    t.host({ t: 'result', id: 1, ok: true, value: 1 });
    const off = on('scan', () => {});
    expect(typeof off).toBe('function');
    return expect(p).resolves.toBe(1);
  });
});

describe('a refused input\'s issues across the bridge', () => {
  it('carries zod\'s code, path, limits and the kind of value received, never the value; the page words them in its language', async () => {
    const schema = z.object({ citizenId: z.string().regex(/^\d{12}$/), copies: z.number().int().max(5), kind: z.enum(['a', 'b']) }).strict();
    const secret = '079123456789X';
    const r = schema.safeParse({ citizenId: secret, copies: 9, kind: 'c', extra: secret }, { reportInput: true });
    const issues = bridgeIssues(r.error!.issues);
    expect(JSON.stringify(issues)).not.toContain(secret.slice(0, 9));
    expect(issues.find((i) => i.path[0] === 'copies')).toMatchObject({ code: 'too_big', maximum: 5, received: 'number' });
    expect(issuesText(issues, 'vi')).toMatch(/copies: Quá lớn/);
    expect(issuesText(issues, 'en')).toMatch(/copies: Too big/);
    // The dispatcher's own refusal of a call's input carries them too.
    const d = createDispatcher({} as never, { authorise: () => undefined });
    const out = await d.dispatch('settings.update', { nonsense: true });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.issues?.[0]).toMatchObject({ code: expect.any(String), path: expect.any(Array) });
  });

  it('keeps the issues a host sent with a refusal, and drops issues that do not fit (the refusal stays)', async () => {
    const t = transport();
    const good = t.client.call('app.info', {});
    const bad = t.client.call('app.info', {});
    t.host({ t: 'result', id: 1, ok: false, error: { code: 'settings-invalid', message: 'x', issues: [{ code: 'too_big', path: ['copies'], message: 'Too big', maximum: 5 }] } });
    t.host({ t: 'result', id: 2, ok: false, error: { code: 'settings-invalid', message: 'y', issues: 'not a list' } } as never);
    const e1 = (await settled(good)) as { e: BridgeError };
    const e2 = (await settled(bad)) as { e: BridgeError };
    expect(e1.e.issues).toEqual([{ code: 'too_big', path: ['copies'], message: 'Too big', maximum: 5 }]);
    expect(e2.e).toBeInstanceOf(BridgeError);
    expect(e2.e.code).toBe('settings-invalid');
    expect(e2.e.issues).toBeUndefined();
  });
});

describe('issue wording for the schema\'s own rules', () => {
  it('keeps a pattern\'s words and a custom rule\'s message', () => {
    const schema = z.object({ url: z.string().regex(/^https?:\/\//), pin: z.string().refine((v) => v.length === 6, 'the PIN has 6 digits') });
    const r = schema.safeParse({ url: 'ftp://x', pin: '1' }, { reportInput: true });
    const issues = bridgeIssues(r.error!.issues);
    const vi = issuesText(issues, 'vi');
    expect(vi).toContain('/^https?:\\/\\//');
    expect(vi).not.toContain('undefined');
    expect(vi).toMatch(/pin: .*\(the PIN has 6 digits\)/);
  });
});
