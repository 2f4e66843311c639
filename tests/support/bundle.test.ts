import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/main/logging';
import { SettingsStore, TechnicianAuth } from '../../src/main/settings';
import { createSupportBundle, readSupportBundle } from '../../src/main/support';
import { cccdPayload, DAMAGED_CCCD, findPersonalData, hex, IDS } from '../logging/synthetic';
import { FAST_SCRYPT } from '../settings/helpers';

const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'kiosk-bundle-'));
  dirs.push(d);
  return d;
}
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

const [ID_A, ID_B, ID_C] = IDS as [string, string, string];
const TOKEN = 'dev_tok_3f9a1c2e7b5d4a60';

/** Personal data through every path a bundle collects, most of it never seen by the logger. */
async function fillKiosk(root: string) {
  const logsDir = join(root, 'logs');
  const { logger, file } = createFileLogger({ dir: logsDir, maxBytes: 4096, keep: 3 });
  for (let i = 0; i < 40; i++) {
    const id = IDS[i % 3]!;
    logger.info(`scan received ${cccdPayload(id)}`, { scan: { kind: 'cccd', source: 'serial', device: 'desk', text: cccdPayload(id) } });
    logger.warn('unknown scan', { scan: { kind: 'unknown', source: 'wedge', text: `${id}|${id}|x|y` }, nested: { deeper: [{ citizenId: id, note: `for ${id}` }] } });
    logger.error(`lookup failed for ${id}`, { error: new Error(`no dossier for ${cccdPayload(id)}`) });
  }
  file.close();
  // Lines written by an older build (before a redaction rule existed), JSON and plain text.
  await writeFile(join(logsDir, 'legacy.log'), [
    JSON.stringify({ t: '2026-01-01T00:00:00Z', level: 'info', msg: `scan ${cccdPayload(ID_A)}`, citizenId: ID_B, cccd: { id: ID_C } }),
    `plain text crash: payload=${cccdPayload(ID_B)} raw=${hex(cccdPayload(ID_C), ' ')}`,
    `damaged ${DAMAGED_CCCD}`,
    `HEX ${hex(ID_A, ':').toUpperCase()}`,
    `float ${0.001099012345}`,
  ].join('\n'));

  const store = await SettingsStore.open(join(root, 'settings'));
  await store.update({ counterName: `Quầy ${ID_A}`, cameraDeviceId: cccdPayload(ID_B).slice(0, 200) });
  const auth = await TechnicianAuth.open(store, { scrypt: FAST_SCRYPT });
  await auth.setPin('482915');
  const settings = { ...store.get(), deviceToken: TOKEN, nested: { token: TOKEN, memo: cccdPayload(ID_C) } };

  const scannerDiagnostics = [{
    id: 'desk', state: 'open', path: 'COM3', lastError: 'frame-overflow', detail: `last frame ${cccdPayload(ID_A)}`,
    recentErrors: [{ code: 'invalid-utf8', hex: hex(cccdPayload(ID_B)), at: 1 }, { code: 'frame-overflow', hex: hex(cccdPayload(ID_C).slice(0, 30), ' '), at: 2 }],
    lastScans: [{ kind: 'cccd', text: cccdPayload(ID_A) }, { kind: 'dossier', text: '000.17.22.H56-261126-0001' }],
  }];
  const versions = { app: '0.1.0', electron: '41.7.1', note: `built for ${ID_B}` };
  const health = { sync: { lastError: `server refused ${ID_C}`, pending: 3 }, storage: { usedBytes: 1234567, persistent: true } };
  return { logsDir, store, settings, scannerDiagnostics, versions, health };
}

describe('support bundle', () => {
  it('contains no ID number and no CCCD payload, from any path', async () => {
    const root = await tempDir();
    const k = await fillKiosk(root);
    const outFile = join(root, 'support.json.gz');
    const result = await createSupportBundle({ ...k, alerts: k.store.alerts(), outFile });
    expect(result.logFiles).toBeGreaterThanOrEqual(3);
    expect(result.lines).toBeGreaterThan(30);

    const text = gunzipSync(await readFile(outFile)).toString('utf8');
    expect(findPersonalData(text)).toEqual([]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(k.store.get().technicianPin!.hash);
    expect(text).not.toContain('technicianPin');
    expect(text).not.toContain('Nguyễn Văn An');

    const bundle = await readSupportBundle(outFile);
    expect(bundle.meta).toMatchObject({ format: 'mot-cua-support-bundle', formatVersion: 1 });
    expect(bundle.settings).toMatchObject({ counterName: 'Quầy [id:45]', role: 'counter' });
    expect(bundle.versions).toMatchObject({ app: '0.1.0' });
    expect(bundle.logs.map((l) => l.file)).toContain('legacy.log');
    expect(bundle.scanners).toMatchObject([{ lastScans: [{ text: '[redacted]' }, { text: '000.17.22.H56-261126-0001' }] }]);
  });

  it('has a check that does fail on unredacted data', async () => {
    const root = await tempDir();
    const k = await fillKiosk(root);
    const unredacted = JSON.stringify({ settings: k.settings, scanners: k.scannerDiagnostics, versions: k.versions, health: k.health })
      + await readFile(join(k.logsDir, 'legacy.log'), 'utf8');
    const found = findPersonalData(unredacted);
    expect(found.some((f) => f.startsWith('id:'))).toBe(true);
    expect(found.some((f) => f.startsWith('cccd:'))).toBe(true);
    expect(found.some((f) => f.startsWith('pipes:'))).toBe(true);
    expect(found.some((f) => f.startsWith('hex:'))).toBe(true);
  });

  it('keeps the newest lines when a log is long, and says how many were left out', async () => {
    const root = await tempDir();
    const logsDir = join(root, 'logs');
    const { logger, file } = createFileLogger({ dir: logsDir, maxBytes: 1_000_000 });
    for (let i = 0; i < 50; i++) logger.info(`line ${i}`);
    file.close();
    const outFile = join(root, 'b.gz');
    await createSupportBundle({ logsDir, settings: {}, versions: {}, scannerDiagnostics: [], outFile, maxLinesPerFile: 10 });
    const b = await readSupportBundle(outFile);
    expect(b.meta.omittedLines).toBe(40);
    expect((b.logs[0]!.lines.at(-1) as { msg: string }).msg).toBe('line 49');
  });

  it('works with no logs directory yet and reports a failure as a code', async () => {
    const root = await tempDir();
    const r = await createSupportBundle({ logsDir: join(root, 'none'), settings: {}, versions: {}, scannerDiagnostics: null, outFile: join(root, 'b.gz') });
    expect(r.logFiles).toBe(0);
    await expect(createSupportBundle({ logsDir: root, settings: {}, versions: {}, scannerDiagnostics: null, outFile: join(root, 'no/such/dir/b.gz') }))
      .rejects.toMatchObject({ code: 'bundle-failed' });
  });
});
