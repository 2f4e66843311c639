/**
 * `npm start`: builds what is missing or stale, starts the provincial gateway in-process with demo
 * data (unless KIOSK_GATEWAY_URL is set), then runs the Electron host if its binary is present
 * (fetching it once when a connection exists) or else the browser host, opening Chromium in app
 * mode when installed. It says which host runs and why.
 *
 * Options: --serial PATH[:BAUD] (repeatable) opens a serial scanner; --port N for the browser host;
 * --no-browser prints the URL instead of opening Chromium; --browser-host forces the browser host;
 * --role counter|kiosk overrides, for development only, the role set in the technician console
 * (settings `role`), which otherwise picks the screen both hosts open.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { launchBrowserHost, projectRoot, type BrowserHost } from '../src/main/web-host/launch';
import { parseRole, type Role } from '../src/main/role';
import { languageAtStart } from '../src/main/settings';
import { startEmbeddedGateway } from './embedded-gateway';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const values = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
/** Each line in Vietnamese first, then English (the console's two languages). */
const say = (vi: string, en: string) => console.log(`[kiosk] ${vi} / ${en}`);
const fail = (vi: string, en: string): never => { console.error(`[kiosk] ${vi} / ${en}`); process.exit(1); };

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const marker = path.join(projectRoot, 'out/renderer/index.html');
  const bridge = path.join(projectRoot, 'out/web-host/kiosk-bridge.js');
  const stale = !existsSync(marker) || !existsSync(bridge) || newest(path.join(projectRoot, 'src')) > statSync(marker).mtimeMs;
  if (!stale) return;
  say('đang dựng ứng dụng (npm run build)…', 'building the app (npm run build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) fail('dựng ứng dụng thất bại', 'build failed');
}

function electronBinary(): string | null {
  const pathFile = path.join(projectRoot, 'node_modules/electron/path.txt');
  if (existsSync(pathFile)) {
    const bin = path.join(projectRoot, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(bin)) return bin;
  }
  return null;
}

function tryFetchElectron(): string | null {
  const install = path.join(projectRoot, 'node_modules/electron/install.js');
  if (!existsSync(install)) return null;
  say('chưa có tệp chạy Electron: thử tải về một lần…', 'the Electron binary is missing: trying to download it once…');
  const r = spawnSync(process.execPath, [install], { cwd: path.dirname(install), stdio: 'ignore', timeout: 120_000 });
  return r.status === 0 ? electronBinary() : null;
}

function findChromium(): string | null {
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (existsSync(p)) return p;
  return null;
}

/** Default port of the embedded gateway, fixed so the demo kiosk's enrollment stays valid across starts. */
const EMBEDDED_GATEWAY_PORT = Number(process.env.KIOSK_EMBEDDED_GATEWAY_PORT ?? 47_100);

/** Enrolls the demo host with the embedded gateway once (again if the gateway moved). */
async function enrollDemo(app: BrowserHost, gatewayUrl: string, code: (role: Role) => Promise<string>) {
  const h = app.services.handlers;
  const status = await h['gateway.status']({});
  if (status.enrolled && status.gatewayUrl === new URL(gatewayUrl).href) return;
  const { role } = app;
  const identity = await app.services.admin!.enroll(gatewayUrl, await code(role), role, role === 'kiosk' ? 'Ki-ốt demo' : 'Quầy demo') as { agency: { name: string; code: string } };
  say(`đã đăng ký máy này với máy chủ tỉnh kèm theo, thuộc ${identity.agency.name} (${identity.agency.code})`,
    `enrolled this kiosk with the embedded gateway as ${identity.agency.name} (${identity.agency.code})`);
}

/** The options, checked before anything is built or started (a mistyped one stops at once). */
function options() {
  // The screen comes from the settings (the technician console's role); --role overrides it.
  const roleOverride = parseRole(values('--role')[0]);
  if (flag('--role') && !roleOverride) fail('--role nhận counter hoặc kiosk', '--role takes counter or kiosk');
  const scanners = values('--serial').map((spec, i) => {
    const [p, baud] = spec.split(':');
    if (!p || (baud !== undefined && !/^\d{3,7}$/.test(baud))) {
      fail(`--serial ĐƯỜNG_DẪN[:TỐC_ĐỘ] (tốc độ là số, ví dụ 9600): "${spec}"`, `--serial PATH[:BAUD] (BAUD a number, e.g. 9600): "${spec}"`);
    }
    return { id: `serial-${i + 1}`, path: p, baudRate: baud ? Number(baud) : 9600 } as never;
  });
  const portText = values('--port')[0];
  if (portText !== undefined && !(/^\d{1,5}$/.test(portText) && Number(portText) <= 65535)) {
    fail(`--port N: số cổng từ 0 đến 65535, không phải "${portText}"`, `--port N: a port number from 0 to 65535, not "${portText}"`);
  }
  return { roleOverride, scanners, port: portText ? Number(portText) : 0 };
}

async function main() {
  const { roleOverride, scanners, port } = options();
  ensureBuilt();
  let gatewayUrl = process.env.KIOSK_GATEWAY_URL ?? null;
  let stopGateway: (() => Promise<void>) | null = null;
  let enrollCode: ((role: Role) => Promise<string>) | null = null;
  if (gatewayUrl) say(`dùng máy chủ tỉnh tại ${gatewayUrl} (KIOSK_GATEWAY_URL)`, `using the provincial gateway at ${gatewayUrl} (KIOSK_GATEWAY_URL)`);
  else {
    say('đang khởi động máy chủ tỉnh kèm theo (lần đầu nạp dữ liệu mẫu, cần một lúc)…',
      'starting the embedded provincial gateway (first start seeds demo data; it takes a moment)…');
    const dir = path.join(projectRoot, '.data/gateway');
    const g = await startEmbeddedGateway(dir, { port: EMBEDDED_GATEWAY_PORT }).catch(() => startEmbeddedGateway(dir, { port: 0 }));
    gatewayUrl = g.url;
    enrollCode = (role) => g.enrollCode(role === 'kiosk' ? 'Ki-ốt tự phục vụ' : 'Quầy 1', role);
    stopGateway = g.close;
    say(`máy chủ tỉnh kèm theo, có dữ liệu mẫu, tại ${gatewayUrl} (đặt KIOSK_GATEWAY_URL để dùng máy chủ khác)`,
      `embedded provincial gateway with demo data at ${gatewayUrl} (set KIOSK_GATEWAY_URL to use another)`);
  }

  const electron = flag('--browser-host') ? null : electronBinary() ?? tryFetchElectron();
  if (electron) {
    say('chạy bằng Electron (đã có tệp chạy Electron)', 'running the Electron host (the Electron binary is installed)');
    const child = spawn(electron, [path.join(projectRoot, 'out/main/index.js')], {
      stdio: 'inherit',
      // Without --role, the Electron host opens the screen of the role in its settings (and enrolls
      // the demo device as that kind; the code's counter name follows --role or says "Quầy 1").
      env: {
        ...process.env, KIOSK_GATEWAY_URL: gatewayUrl, ...(roleOverride ? { KIOSK_ROLE: roleOverride } : {}),
        ...(enrollCode ? { KIOSK_ENROLL_CODE: await enrollCode(roleOverride ?? 'counter') } : {}),
      },
    });
    child.on('exit', (code) => { void stopGateway?.().finally(() => process.exit(code ?? 0)); });
    return;
  }
  if (flag('--browser-host')) say('chạy trong trình duyệt (--browser-host)', 'running the browser host (--browser-host)');
  else say('chạy trong trình duyệt: chưa có tệp chạy Electron và không tải được', 'running the browser host: the Electron binary is not installed and could not be downloaded');
  const chromium = flag('--no-browser') ? null : findChromium();
  const app = await launchBrowserHost({
    port, gatewayUrl, scanners, role: roleOverride, dataDir: path.join(projectRoot, '.data/host'),
    // The profile of the Chromium opened below: a broken kiosk database is copied from it.
    browserProfile: chromium ? path.join(projectRoot, '.data/chromium') : null,
    log: (m, d) => console.error(JSON.stringify({ msg: m, ...d })),
  });
  if (enrollCode) await enrollDemo(app, gatewayUrl, enrollCode);
  say(`màn hình ${app.role === 'kiosk' ? 'ki-ốt' : 'quầy'} (${roleOverride ? '--role' : 'vai trò đặt trong bảng kỹ thuật'}) tại ${app.screenUrl}`,
    `the ${app.role} screen (${roleOverride ? '--role' : 'the role set in the technician console'}) at ${app.screenUrl}`);
  let browser: ReturnType<typeof spawn> | null = null;
  if (chromium) {
    say(`mở Chromium ở chế độ ${app.role === 'kiosk' ? 'ki-ốt' : 'ứng dụng'}`, `opening Chromium in ${app.role === 'kiosk' ? 'kiosk' : 'app'} mode`);
    // Chromium's own controls (date fields, file pickers) in the screens' language, as Electron's
    // `lang` switch does: `--lang` on Windows and macOS; on Linux the environment's LANGUAGE, with
    // the distribution's locale files (Debian: chromium-l10n), else it stays in English.
    const lang = languageAtStart(path.join(projectRoot, '.data/host'));
    browser = spawn(chromium, [
      app.role === 'kiosk' ? '--kiosk' : '--start-maximized', `--app=${app.screenUrl}`,
      `--user-data-dir=${path.join(projectRoot, '.data/chromium')}`, '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--lang=${lang}`,
    ], { stdio: 'ignore', env: { ...process.env, LANGUAGE: lang } });
    browser.on('error', () => say(`không mở được Chromium: hãy mở ${app.host.url} trong trình duyệt`, `could not open Chromium: open ${app.host.url} in a browser`));
  } else {
    say(`hãy mở ${app.host.url} trong Chromium hoặc Chrome (chưa mở trình duyệt nào)`, `open ${app.host.url} in Chromium or Chrome (no browser opened)`);
  }
  const stop = async () => {
    browser?.kill();
    await app.close();
    await stopGateway?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((err) => { console.error('[kiosk] không khởi động được / could not start:', err instanceof Error ? err.message : err); process.exit(1); });
