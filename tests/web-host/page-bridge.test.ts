/**
 * The browser host's page bridge (the built kiosk-bridge.js) in real Chromium against the real
 * server: the shared bridge client over the WebSocket, with its queue and reconnects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src/main/web-host/server';
import { pageBridgeFile } from '../../src/main/web-host/launch';
import { EventHub, type Handlers } from '../../src/main/bridge/dispatcher';
import { BridgeError } from '../../src/shared/bridge/contract';
import { launchChromium } from '../helpers/browser';
import { ensureBuilt } from '../helpers/build';

let browser: Browser;
const rendererDir = mkdtempSync(path.join(tmpdir(), 'page-bridge-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>k</title></head><body></body></html>');

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => { await browser?.close(); });

/** A host whose handlers record each call they run; `scanner.listPorts` never answers. */
async function host(ran: string[], events = new EventHub(), at: { port?: number; token?: string } = {}) {
  const handlers = {
    'app.info': () => { ran.push('app.info'); return { name: 'k', version: '1', gatewayUrl: null }; },
    'scanner.status': () => { ran.push('scanner.status'); return []; },
    'scanner.listPorts': () => { ran.push('scanner.listPorts'); return new Promise(() => {}); },
    'scanner.setConfig': () => { ran.push('scanner.setConfig'); return []; },
  } as unknown as Handlers;
  const authorise = () => { throw new BridgeError('technician-locked', 'the technician console is locked'); };
  const h = await startWebHost({ services: { handlers, authorise, events, close: async () => {} }, rendererDir, pageBridgeFile, ...at });
  return h;
}

async function open(h: WebHost): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(h.url);
  await page.waitForFunction(() => 'kiosk' in window);
  return page;
}

/** Runs a call in the page; answers its value or its error's name, code and message. */
function callInPage(page: Page, name: string, input: unknown = {}) {
  return page.evaluate(async ([n, i]) => {
    const kiosk = (window as unknown as { kiosk: { call(n: string, i: unknown): Promise<unknown> } }).kiosk;
    try { return { ok: true, value: await kiosk.call(n, i) }; } catch (e) {
      const err = e as { name?: string; code?: string; message?: string };
      return { ok: false, name: err.name, code: err.code, message: err.message, isError: e instanceof Error };
    }
  }, [name, input] as const);
}

describe('page bridge (browser host, real Chromium)', () => {
  it('installs window.kiosk with exactly call and on, frozen, and carries calls and failures with their code', async () => {
    const ran: string[] = [];
    const h = await host(ran);
    const page = await open(h);
    expect(await page.evaluate(() => {
      const k = (window as unknown as { kiosk: object }).kiosk;
      return { keys: Object.keys(k).sort(), frozen: Object.isFrozen(k), meta: document.querySelector('meta[name="kiosk-bridge-token"]') === null };
    })).toEqual({ keys: ['call', 'on'], frozen: true, meta: true });
    expect(await callInPage(page, 'app.info')).toEqual({ ok: true, value: { name: 'k', version: '1', gatewayUrl: null } });
    expect(await callInPage(page, 'scanner.setConfig', { scanners: [] })).toEqual({
      ok: false, name: 'BridgeError', code: 'technician-locked', message: 'the technician console is locked', isError: true,
    });
    expect(ran).toEqual(['app.info']);
    await page.close();
    await h.close();
  });

  it('hands events to every listener even when one throws', async () => {
    const events = new EventHub();
    const h = await host([], events);
    const page = await open(h);
    await page.evaluate(() => {
      const w = window as unknown as { got: string[]; kiosk: { on(e: string, f: (p: { text: string }) => void): () => void } };
      w.got = [];
      w.kiosk.on('scan', (s) => w.got.push(`a:${s.text}`));
      w.kiosk.on('scan', () => { throw new Error('boom'); });
      w.kiosk.on('scan', (s) => w.got.push(`c:${s.text}`));
    });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // Make sure the socket is open before the host pushes (events are not queued).
    expect(await callInPage(page, 'app.info')).toMatchObject({ ok: true });
    events.emit('scan', { source: 'serial', device: 's1', text: 'X1', at: 1 });
    events.emit('scan', { source: 'serial', device: 's1', text: 'X2', at: 2 });
    await page.waitForFunction(() => (window as unknown as { got: string[] }).got.length === 4);
    expect(await page.evaluate(() => (window as unknown as { got: string[] }).got)).toEqual(['a:X1', 'c:X1', 'a:X2', 'c:X2']);
    expect(errors.some((e) => e.includes('kiosk event handler failed'))).toBe(true);
    await page.close();
    await h.close();
  });

  it('fails waiting calls with host-unavailable when the host goes, and never sends later a call it reported as failed', async () => {
    const ran: string[] = [];
    const first = await host(ran);
    const page = await open(first);
    const waiting = callInPage(page, 'scanner.listPorts');
    await expect.poll(() => ran).toEqual(['scanner.listPorts']);
    await first.close();
    expect(await waiting).toMatchObject({ ok: false, name: 'BridgeError', code: 'host-unavailable' });
    // While the host is away the call is queued, then failed when the reconnect fails...
    expect(await callInPage(page, 'scanner.status')).toMatchObject({ ok: false, code: 'host-unavailable' });
    // ...so when the host is back (same port and secret), the page reconnects without sending it.
    const again = await host(ran, new EventHub(), { port: first.port, token: first.token });
    await expect.poll(async () => (await callInPage(page, 'app.info')).ok, { timeout: 15_000, interval: 300 }).toBe(true);
    expect(ran.filter((r) => r === 'scanner.status')).toEqual([]);
    expect(ran).toContain('app.info');
    await page.close();
    await again.close();
  });
});
