/**
 * The sandboxed preload against the fake `electron` module, wired to the real shell: calls go
 * through the shell's ipc handler (sender-frame check, dispatcher) and events come back from the
 * host's EventHub through the window's webContents.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFakeElectron, FakeWebContents } from './fake-electron';
import { startShell, APP_ORIGIN } from '../../src/main/electron/shell';
import { EventHub, type Handlers } from '../../src/main/bridge/dispatcher';
import { BridgeError } from '../../src/shared/bridge/contract';
import { ensureBuilt } from '../helpers/build';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.doUnmock('electron');
  vi.restoreAllMocks();
});

/** Runs the preload module in `wc`'s page and returns what it exposed there, and the page's
 * `KioskBridge` built over it by the renderer (src/renderer/kiosk.ts), as the app gets it. */
async function runPreload(fake: ReturnType<typeof createFakeElectron>, wc: FakeWebContents) {
  const preload = fake.preloadModule(wc);
  vi.resetModules();
  vi.doMock('electron', () => preload.module);
  await import('../../src/main/electron/preload');
  vi.stubGlobal('window', { kioskIpc: preload.exposed.get('kioskIpc') });
  const { getKiosk } = await import('../../src/renderer/kiosk');
  return { exposed: preload.exposed, kiosk: getKiosk() };
}

async function boot() {
  const fake = createFakeElectron();
  const events = new EventHub();
  const ran: string[] = [];
  const handlers = {
    'app.info': () => { ran.push('app.info'); return { name: 'k', version: '1', gatewayUrl: null }; },
    'scanner.setConfig': () => { ran.push('scanner.setConfig'); return []; },
  } as unknown as Handlers;
  const authorise = () => { throw new BridgeError('technician-locked', 'the technician console is locked'); };
  const dir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  await startShell(fake.electron as unknown as Parameters<typeof startShell>[0], {
    rendererDir: dir, preloadFile: '/p.cjs', role: 'counter', log: () => {},
    services: async () => ({ handlers, authorise, events, close: async () => {} }),
  });
  const wc = fake.windows[0]!.webContents;
  const { exposed, kiosk } = await runPreload(fake, wc);
  return { fake, wc, events, ran, exposed, kiosk };
}

const scan = (text: string) => ({ source: 'serial' as const, device: 's1', text, at: 1 });

describe('Electron preload (the shared bridge client over ipc)', () => {
  it('exposes only plain data as window.kioskIpc, over which the page builds the bridge contract', async () => {
    const { exposed, kiosk } = await boot();
    expect([...exposed.keys()]).toEqual(['kioskIpc']);
    expect(Object.keys(exposed.get('kioskIpc') as object).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.keys(kiosk).sort()).toEqual(['call', 'disconnected', 'on']);
  });

  it('carries calls to the shell\'s dispatcher, failures as BridgeErrors with the host\'s code', async () => {
    const { kiosk, ran } = await boot();
    expect(await kiosk.call('app.info', {})).toEqual({ name: 'k', version: '1', gatewayUrl: null });
    const locked = await kiosk.call('scanner.setConfig', { scanners: [] }).catch((e: unknown) => e);
    // The code survives contextBridge (which rebuilds a crossing Error from its message alone).
    expect(locked).toBeInstanceOf(Error);
    expect(locked).toMatchObject({ name: 'BridgeError', code: 'technician-locked', message: 'the technician console is locked' });
    await expect(kiosk.call('fs.readFile' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-call' });
    await expect(kiosk.call('app.info', { extra: 1 } as never)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(ran).toEqual(['app.info']);
  });

  it('is refused by the shell once the page has left the app origin', async () => {
    const { kiosk, wc, ran } = await boot();
    wc.url = 'https://evil.example/';
    await expect(kiosk.call('app.info', {})).rejects.toMatchObject({ name: 'BridgeError', code: 'forbidden' });
    expect(ran).toEqual([]);
    wc.url = `${APP_ORIGIN}/#/counter`;
    await expect(kiosk.call('app.info', {})).resolves.toMatchObject({ name: 'k' });
  });

  it('hands host events to every listener, one throwing listener stopping neither the others nor later events', async () => {
    const { kiosk, events } = await boot();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const got: string[] = [];
    kiosk.on('scan', (s) => got.push(`a:${s.text}`));
    kiosk.on('scan', () => { throw new Error('boom'); });
    const off = kiosk.on('scan', (s) => got.push(`c:${s.text}`));
    events.emit('scan', scan('X1'));
    off();
    events.emit('scan', scan('X2'));
    expect(got).toEqual(['a:X1', 'c:X1', 'a:X2']);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged.mock.calls[0]!.slice(0, 2)).toEqual(['kiosk event handler failed', 'scan']);
    // ipc still carries calls.
    await expect(kiosk.call('app.info', {})).resolves.toMatchObject({ name: 'k' });
  });

  it('answers host-error when ipc itself fails (no host handler yet)', async () => {
    const fake = createFakeElectron();
    const { kiosk } = await runPreload(fake, new FakeWebContents());
    const err = await kiosk.call('app.info', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'BridgeError', code: 'host-error', message: expect.stringContaining('No handler registered') });
  });

  it('is built as one CommonJS file that requires nothing but electron (a sandboxed preload can load no other module)', () => {
    ensureBuilt();
    const built = readFileSync(path.join(process.cwd(), 'out/preload/preload.cjs'), 'utf8');
    const required = [...built.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(built).not.toMatch(/\bimport\s*\(/);
    // Only plain data crosses: the client lives on the page side.
    expect(built).toContain('kioskIpc');
  });
});
