// @vitest-environment happy-dom
/**
 * The renderer follows the kiosk's settings from boot: the real `bootstrap` over the host's real
 * services (settings store in a temporary folder, bridge dispatcher), the real app shell, i18next
 * with every namespace, the real keyboard-wedge listener on this window and the real scan stream.
 * A technician's change reaches the running app through the host's `settings.changed` event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, render, screen, type RenderResult } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHostServices, type HostServices } from '../../src/main/services';
import { bootstrap, roleFromLocation } from '../../src/renderer/bootstrap';
import { App, routeOf } from '../../src/renderer/App';
import { createSettingsSource, DEFAULT_PUBLIC_SETTINGS } from '../../src/renderer/settings';
import type { KioskBridge } from '../../src/shared/bridge/contract';
import type { PublicSettings } from '../../src/shared/settings';
import type { AppServices } from '../../src/renderer/app-services';
import type { ScanEvent, ScanProblem } from '../../src/renderer/scanners';
import type { SettingsPatch } from '../../src/shared/settings';
import { APP_VERSION } from '../../src/shared/version';
import citizenText from '../../src/renderer/i18n/citizen';
import { until } from '../citizen/harness';
import { bridgeOver } from '../helpers/test-bridge';
import { typeKeys } from '../scanners/wedge-keys';

const PIN = '284917';
let dir: string;
let host: HostServices;
let services: AppServices;
let view: RenderResult;
const scans: ScanEvent[] = [];
const problems: ScanProblem[] = [];

/** What a technician does in the console: unlock it, then save. */
async function save(patch: SettingsPatch): Promise<void> {
  await host.handlers['technician.unlock']({ pin: PIN });
  await act(async () => { await host.handlers['settings.update'](patch); });
}

/** A USB HID scanner typing `text` (US keymap, 5 ms per character, then Enter) into this window. */
function wedgeTypes(text: string): void {
  act(() => {
    for (const s of typeKeys(text, { perCharMs: 5, start: performance.now() })) {
      const e = new KeyboardEvent(s.type, { code: s.code, key: s.key, shiftKey: s.shiftKey, bubbles: true, cancelable: true });
      Object.defineProperty(e, 'timeStamp', { value: s.t });
      (document.activeElement ?? document.body).dispatchEvent(e);
    }
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-boot-'));
  host = await createHostServices({ name: 'test', version: APP_VERSION, gatewayUrl: null, scanners: [], dataDir: dir });
  await host.handlers['technician.setPin']({ pin: PIN });
  // Saved before this window starts: as after a restart.
  await save({ role: 'kiosk', language: 'en', wedge: { prefix: 'QR:' } });
  const booted = await bootstrap(bridgeOver(host), window);
  if (!booted.ok) throw new Error(`boot failed: ${booted.code}`);
  services = booted.services;
  services.scans.subscribe({ id: 'test-monitor', monitor: true, onScan: (e) => scans.push(e), onProblem: (p) => problems.push(p) });
  view = render(<App services={services} />);
});

afterAll(async () => {
  view?.unmount();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the renderer at boot', () => {
  it('opens the screen of the configured role, in the configured language', async () => {
    expect(window.location.hash).toBe('');
    expect(services.role).toBe('kiosk');
    expect(services.i18n.language).toBe('en');
    await until(() => screen.queryByTestId('citizen-kiosk') !== null);
    expect(screen.getByTestId('citizen-kiosk').getAttribute('lang')).toBe('en');
    expect(screen.getByText(citizenText.en.title)).toBeTruthy();
  });

  it('passes the wedge options to the keyboard-wedge decoder', async () => {
    wedgeTypes('QR:ABCD1234');
    await until(() => scans.length === 1);
    expect(scans[0]).toMatchObject({ source: 'wedge', text: 'ABCD1234' });
    // Without the prefix the scanner is configured to send, the burst is refused.
    wedgeTypes('ABCD5678');
    await until(() => problems.length === 1);
    expect(problems[0]).toMatchObject({ source: 'wedge', reason: 'prefix-mismatch' });
    expect(scans).toHaveLength(1);
  });
});

describe('a change in the technician console, while the app runs', () => {
  it('switches the language at once', async () => {
    await save({ language: 'vi' });
    expect(services.i18n.language).toBe('vi');
    await until(() => screen.queryByText(citizenText.vi.title) !== null);
    expect(screen.getByTestId('citizen-kiosk').getAttribute('lang')).toBe('vi');
  });

  it('gives the wedge listener its new options', async () => {
    await save({ wedge: { prefix: '' } });
    wedgeTypes('WXYZ9876');
    await until(() => scans.length === 2);
    expect(scans[1]).toMatchObject({ source: 'wedge', text: 'WXYZ9876' });
    expect(problems).toHaveLength(1);
  });

  it('keeps the role until the app starts again', async () => {
    await save({ role: 'counter' });
    expect(services.role).toBe('kiosk');
    expect(screen.getByTestId('citizen-kiosk')).toBeTruthy();
    const again = await bootstrap(bridgeOver(host), window);
    expect(again.ok && again.services.role).toBe('counter');
  });
});

describe('the screen a window shows', () => {
  it('is the one the URL hash names, else the configured role\'s', () => {
    expect(roleFromLocation({ hash: '' }, 'kiosk')).toBe('kiosk');
    expect(roleFromLocation({ hash: '#/technician' }, 'kiosk')).toBe('kiosk');
    expect(roleFromLocation({ hash: '#/counter' }, 'kiosk')).toBe('counter');
    expect(roleFromLocation({ hash: '#/kiosk' }, 'counter')).toBe('kiosk');
    expect(routeOf('', 'kiosk')).toBe('kiosk');
    expect(routeOf('#/', 'counter')).toBe('counter');
    expect(routeOf('#/counter', 'kiosk')).toBe('counter');
    expect(routeOf('#/technician', 'kiosk')).toBe('technician');
  });
});

describe('the settings source', () => {
  /** A bridge whose `settings.get` answers when the test says so, and whose events the test sends. */
  function slowHost() {
    const answers: { resolve(s: PublicSettings): void; reject(e: unknown): void }[] = [];
    const handlers = new Set<(s: PublicSettings) => void>();
    const bridge = {
      call: () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
      on: (_e: string, h: (s: PublicSettings) => void) => { handlers.add(h); return () => handlers.delete(h); },
    } as unknown as KioskBridge;
    return { bridge, answers, send: (s: PublicSettings) => { for (const h of handlers) h(s); } };
  }

  it('keeps a change that arrives while the first answer is on its way', async () => {
    const host = slowHost();
    const source = createSettingsSource(host.bridge);
    const started = source.start();
    host.send({ ...DEFAULT_PUBLIC_SETTINGS, language: 'en' });
    host.answers[0]!.resolve({ ...DEFAULT_PUBLIC_SETTINGS, language: 'vi' });
    await started;
    expect(source.get().language).toBe('en');
  });

  it('runs on the defaults when the host cannot answer, and takes its first change as the first value', async () => {
    const host = slowHost();
    const source = createSettingsSource(host.bridge);
    const seen: [string, string | null][] = [];
    source.subscribe((next, prev) => seen.push([next.language, prev?.language ?? null]));
    const started = source.start();
    host.answers[0]!.reject(new Error('closed'));
    await started;
    expect(source.loaded).toBe(false);
    expect(source.get()).toEqual(DEFAULT_PUBLIC_SETTINGS);
    host.send({ ...DEFAULT_PUBLIC_SETTINGS, language: 'en' });
    host.send({ ...DEFAULT_PUBLIC_SETTINGS, language: 'vi' });
    expect(seen).toEqual([['en', null], ['vi', 'en']]);
    source.stop();
    host.send({ ...DEFAULT_PUBLIC_SETTINGS, language: 'en' });
    expect(source.get().language).toBe('vi');
  });
});
