/**
 * The browser host opens the screen of the role in its settings (the technician console's choice),
 * read once at start: a new role applies from the next start. `--role` (the launcher's `role`)
 * overrides it for development. Also: the version the host reports is package.json's, and this
 * host, which cannot choose a printer, says so to a print call, and refuses to start on a data
 * folder another host holds.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowserHost, type BrowserHost } from '../../src/main/web-host/launch';
import { ensureBuilt } from '../helpers/build';

const PIN = '284917';
const dirs: string[] = [];
let running: BrowserHost | null = null;

beforeAll(() => ensureBuilt());
afterEach(async () => {
  await running?.close();
  running = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kiosk-role-'));
  dirs.push(d);
  return d;
}

async function launch(dir: string, role: 'counter' | 'kiosk' | null = null): Promise<BrowserHost> {
  running = await launchBrowserHost({ dataDir: dir, role });
  return running;
}

async function stop(): Promise<void> {
  await running?.close();
  running = null;
}

describe('the browser host and the role', () => {
  it('opens the counter screen on a new device', async () => {
    const h = await launch(dataDir());
    expect(h.role).toBe('counter');
    expect(h.screenUrl).toBe(`${h.host.url}#/counter`);
  });

  it('opens the screen of the role the technician saved, from the next start on', async () => {
    const dir = dataDir();
    const first = await launch(dir);
    const h = first.services.handlers;
    await h['technician.setPin']({ pin: PIN });
    await h['technician.unlock']({ pin: PIN });
    await h['settings.update']({ role: 'kiosk' });
    expect(first.screenUrl).toMatch(/#\/counter$/);
    await stop();

    const second = await launch(dir);
    expect(second.role).toBe('kiosk');
    expect(second.screenUrl).toBe(`${second.host.url}#/kiosk`);
    // The page itself is the same app: the hash only names the screen.
    expect((await fetch(second.screenUrl)).status).toBe(200);
  });

  it('lets a developer override the role (npm start -- --role)', async () => {
    const dir = dataDir();
    const first = await launch(dir);
    await first.services.handlers['technician.setPin']({ pin: PIN });
    await first.services.handlers['settings.update']({ role: 'kiosk' });
    await stop();
    const h = await launch(dir, 'counter');
    expect(h.role).toBe('counter');
    expect(h.screenUrl).toMatch(/#\/counter$/);
  });
});

describe('the browser host', () => {
  it('reports the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    const h = await launch(dataDir());
    expect((await h.services.handlers['app.info']({})).version).toBe(pkg.version);
  });

  it('answers `unsupported` to a print on the configured printer (the page opens the print dialog)', async () => {
    const h = await launch(dataDir());
    await h.services.handlers['technician.setPin']({ pin: PIN });
    await h.services.handlers['settings.update']({ printerName: 'EPSON TM-T82' });
    await expect(h.services.handlers['print.receipt']({ code: '000.17.22.H56-260310-0021' })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(h.services.handlers['print.ticket']({ label: 'A012', size: 'roll' })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('refuses a second host on the same data folder, in both languages, and starts once the first is closed', async () => {
    const dir = dataDir();
    const first = await launch(dir);
    await expect(launchBrowserHost({ dataDir: dir })).rejects.toMatchObject({
      name: 'InstanceLockedError', message: expect.stringMatching(/^Một phiên kiosk khác đang dùng thư mục dữ liệu .* \/ Another kiosk host is using the data folder/),
    });
    // The first one was not disturbed.
    expect((await first.services.handlers['app.info']({})).name).toBe('mot-cua-kiosk');
    await stop();
    const second = await launch(dir);
    expect(second.role).toBe('counter');
  });
});
