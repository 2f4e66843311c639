/**
 * The host journal over real files in a temporary folder (docs/ARCHITECTURE.md, "Host-side
 * journal and storage recovery"; docs/RELIABILITY.md item 9): encrypted records, a torn last
 * record after a crash, acknowledgement and pruning, group commit, the key in the SecretStore.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type JournalMutation } from '../../src/main/journal';
import { FileSecretStore, SafeStorageSecretStore, type SafeStorageLike } from '../../src/main/secrets';
import { createHostServices } from '../../src/main/services';
import { createDispatcher } from '../../src/main/bridge/dispatcher';

const NAME = 'Nguyễn Văn Thửnghiệm';
const uuid = (i: number) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
function mutation(i: number): JournalMutation {
  return {
    id: uuid(i), type: 'dossier.create', at: '2026-12-05T02:00:00.000Z', staffId: 'c1', dossierCode: `000.00.01.H08-261205-${String(i).padStart(4, '0')}`,
    payload: { code: `000.00.01.H08-261205-${String(i).padStart(4, '0')}`, applicant: { name: NAME, idHash: 'ab'.repeat(32), idMasked: '••••••••2345' } },
    sig: { keyId: 'k'.repeat(43), value: 's'.repeat(86) },
  };
}

function setup(now = () => Date.parse('2026-12-05T03:00:00Z')) {
  const root = mkdtempSync(path.join(tmpdir(), 'kiosk-journal-'));
  const secrets = new FileSecretStore(root);
  const dir = path.join(root, 'journal');
  const make = () => new Journal({ dir, secrets, now });
  return { root, dir, secrets, make };
}

/** Where a journal file's records end (the rest is the preallocated zeros). */
function dataEnd(bytes: Buffer): number {
  let off = 0;
  while (off + 4 <= bytes.length && bytes.readUInt32BE(off) !== 0) off += 4 + bytes.readUInt32BE(off);
  return off;
}

async function files(dir: string) {
  return (await readdir(dir)).sort();
}

describe('host journal', () => {
  it('appends encrypted records to a file of the day (0600), readable after a restart, in order', async () => {
    const { dir, make } = setup();
    const j = make();
    for (let i = 1; i <= 3; i++) await j.append([mutation(i)]);
    await j.close();
    expect(await files(dir)).toEqual(['2026-12-05.jnl']);
    const bytes = await readFile(path.join(dir, '2026-12-05.jnl'));
    expect(bytes.includes(Buffer.from(NAME))).toBe(false);
    expect(bytes.includes(Buffer.from('ab'.repeat(32)))).toBe(false);
    if (process.platform !== 'win32') expect((await stat(path.join(dir, '2026-12-05.jnl'))).mode & 0o777).toBe(0o600);
    const again = make();
    expect((await again.pending()).map((m) => m.id)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(await again.pending()).toEqual([mutation(1), mutation(2), mutation(3)]);
    // The same id is journaled once, however often it is handed over.
    await again.append([mutation(2)]);
    expect((await again.pending()).length).toBe(3);
    // A clean file is appended to after a restart, after its last record (not after the padding).
    await again.append([mutation(4)]);
    await again.close();
    expect(await files(dir)).toEqual(['2026-12-05.jnl']);
    expect((await make().pending()).map((m) => m.id)).toEqual([uuid(1), uuid(2), uuid(3), uuid(4)]);
  });

  it('skips a torn last record (cut inside its bytes) and loses nothing earlier; the next append starts a new file', async () => {
    const { dir, make } = setup();
    const j = make();
    for (let i = 1; i <= 3; i++) await j.append([mutation(i)]);
    await j.close();
    const file = path.join(dir, '2026-12-05.jnl');
    // The power cut left the last record's final bytes unwritten (still the preallocated zeros).
    const bytes = await readFile(file);
    const end = dataEnd(bytes);
    bytes.fill(0, end - 7, end);
    await writeFile(file, bytes);
    const after = make();
    expect((await after.pending()).map((m) => m.id)).toEqual([uuid(1), uuid(2)]);
    expect((await after.stats()).skipped).toBe(1);
    await after.append([mutation(4)]);
    await after.close();
    expect(await files(dir)).toEqual(['2026-12-05-2.jnl', '2026-12-05.jnl']);
    expect((await make().pending()).map((m) => m.id)).toEqual([uuid(1), uuid(2), uuid(4)]);
  });

  it('skips a last record whose tag does not check, a file cut inside a record, and a length prefix cut short', async () => {
    const { dir, make } = setup();
    const j = make();
    for (let i = 1; i <= 3; i++) await j.append([mutation(i)]);
    await j.close();
    const file = path.join(dir, '2026-12-05.jnl');
    const bytes = await readFile(file);
    const end = dataEnd(bytes);
    bytes[end - 3]! ^= 0xff;
    await writeFile(file, bytes);
    expect((await make().pending()).map((m) => m.id)).toEqual([uuid(1), uuid(2)]);
    // Cut inside the second record (no padding after it): the first stays.
    const firstEnd = 4 + bytes.readUInt32BE(0);
    await truncate(file, firstEnd + 20);
    expect((await make().pending()).map((m) => m.id)).toEqual([uuid(1)]);
    // Two bytes of a next length prefix only.
    await writeFile(file, Buffer.concat([bytes.subarray(0, firstEnd), Buffer.from([0, 1])]));
    expect((await make().pending()).map((m) => m.id)).toEqual([uuid(1)]);
  });

  it('acknowledged mutations leave pending; files of past days with nothing pending are pruned, oldest first', async () => {
    let now = Date.parse('2026-12-03T03:00:00Z');
    const { dir, make } = setup(() => now);
    const j = make();
    await j.append([mutation(1)]);
    now = Date.parse('2026-12-04T03:00:00Z');
    await j.append([mutation(2)]);
    now = Date.parse('2026-12-05T03:00:00Z');
    await j.append([mutation(3)]);
    expect(await files(dir)).toEqual(['2026-12-03.jnl', '2026-12-04.jnl', '2026-12-05.jnl']);
    // Day 2 is acknowledged but day 1 is not: nothing goes (oldest first).
    expect(await j.ack([uuid(2)])).toEqual({ acked: 1 });
    expect(await files(dir)).toEqual(['2026-12-03.jnl', '2026-12-04.jnl', '2026-12-05.jnl']);
    await j.ack([uuid(1), uuid(3)]);
    expect(await files(dir)).toEqual(['2026-12-05.jnl']);
    expect(await j.pending()).toEqual([]);
    await j.close();
    // The acknowledgements are records too: after a restart nothing is pending.
    expect(await make().pending()).toEqual([]);
  });

  it('counts a failed append for the technician console, with the system\'s code and no data, and still throws it', async () => {
    const { dir, make } = setup();
    // A file where the journal's folder should be: every append fails, as on a broken disk.
    await writeFile(dir, 'not a folder');
    const j = make();
    await expect(j.append([mutation(1)])).rejects.toBeTruthy();
    await expect(j.append([mutation(2)])).rejects.toBeTruthy();
    // Its figures are read although its folder cannot be.
    const counted = await j.stats();
    expect(counted).toMatchObject({ pending: 0, failures: 2 });
    expect(counted.lastFailure).toMatchObject({ at: Date.parse('2026-12-05T03:00:00Z'), code: expect.stringMatching(/^E[A-Z]+$/) });
    expect(JSON.stringify(counted)).not.toContain(NAME);
    const ok = setup().make();
    await ok.append([mutation(3)]);
    expect(await ok.stats()).toMatchObject({ pending: 1, failures: 0, lastFailure: null });
  });

  it('group-commits concurrent appends: all on disk, each once, in one file', async () => {
    const { make } = setup();
    const j = make();
    await Promise.all(Array.from({ length: 40 }, (_, i) => j.append([mutation(i + 1)])));
    await j.close();
    const ids = (await make().pending()).map((m) => m.id).sort();
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => uuid(i + 1)).sort());
  });

  it("keeps its key in the SecretStore: the browser host's 0600 file, or encrypted by safeStorage", async () => {
    const { root, secrets, make } = setup();
    const j = make();
    await j.append([mutation(1)]);
    await j.close();
    expect(await secrets.get('journal.key')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    if (process.platform !== 'win32') expect((await stat(path.join(root, 'secrets.json'))).mode & 0o777).toBe(0o600);

    const osKey = randomBytes(32);
    const safe: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString(plain) {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', osKey, iv);
        const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), body]);
      },
      decryptString(buf) {
        const d = createDecipheriv('aes-256-gcm', osKey, buf.subarray(0, 12));
        d.setAuthTag(buf.subarray(12, 28));
        return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
      },
    };
    const osRoot = mkdtempSync(path.join(tmpdir(), 'kiosk-journal-os-'));
    const osSecrets = new SafeStorageSecretStore(osRoot, safe);
    const oj = new Journal({ dir: path.join(osRoot, 'journal'), secrets: osSecrets });
    await oj.append([mutation(1)]);
    await oj.close();
    const key = (await osSecrets.get('journal.key'))!;
    expect(await readFile(path.join(osRoot, 'secrets.os.json'), 'utf8')).not.toContain(key);
    expect((await new Journal({ dir: path.join(osRoot, 'journal'), secrets: osSecrets }).pending()).length).toBe(1);
  });

  it('is reached through the bridge contract, which refuses a payload carrying the raw ID number', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-journal-svc-'));
    const services = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir });
    const d = createDispatcher(services.handlers, { authorise: services.authorise });
    const m = mutation(7);
    const raw = { ...m, payload: { ...(m.payload as object), applicant: { name: NAME, citizenId: '001095012345' } } };
    expect(await d.dispatch('journal.append', { mutations: [raw] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await d.dispatch('journal.append', { mutations: [m] })).toMatchObject({ ok: true });
    expect(await d.dispatch('journal.pending', {})).toEqual({ ok: true, value: { mutations: [m] } });
    expect(await d.dispatch('journal.ack', { ids: [m.id] })).toEqual({ ok: true, value: { acked: 1 } });
    expect(await d.dispatch('journal.pending', {})).toEqual({ ok: true, value: { mutations: [] } });
    await services.close();
    const days = await readdir(path.join(dataDir, 'journal'));
    expect(days.length).toBe(1);
  });
});
