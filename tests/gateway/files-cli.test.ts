/**
 * `gateway files attachments|erase` (docs/SYNC-PROTOCOL.md §13, docs/SECURITY.md): a province
 * technician lists a dossier's pages as the record holds them and erases the bytes of one attached
 * by mistake and withdrawn, on PostgreSQL directly (with the file store `serve` uses: `--files`),
 * as `cli` in the audit log; refused with its reason while a page still names the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { registerDemoOfficer, signWithdraw } from '../helpers/staff-keys';
import { chunkPath, FILE_CHUNK_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { DirectoryFileStore } from '../../src/gateway/files/store';
import { fakeKiosk } from './kiosk';
import { gatewayCli as cli, gatewayCliAsync as cliAsync, killCliChildren } from '../helpers/gateway-cli';
import { startEmbeddedGateway } from '../../scripts/embedded-gateway';

const A1 = '000.00.01.H08';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

afterAll(killCliChildren);

describe('gateway files attachments|erase', () => {
  it('beside npm start, through its embedded gateway (which holds the directory)', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-files-cli-'));
    const embedded = await startEmbeddedGateway(dir, { dossiersPerAgency: 1 });
    try {
      // Through the server's admin routes (its loopback token): a dossier and a file it does not have.
      const listed = await cliAsync(['files', 'attachments', '--data', dir, '--dossier', `${embedded.agency}-991231-9999`]);
      expect(listed.status).toBe(1);
      // The gateway's refusal in both languages, not its JSON body.
      expect(listed.stderr).toMatch(/^gateway: 404 not-found: Không tìm thấy\. \/ Not found\./);
      const unknown = await cliAsync(['files', 'erase', '--data', dir, '--sha256', '0'.repeat(64), '--reason', 'Gắn nhầm']);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('404');
    } finally {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ storage: { databaseUrl: TEST_PG_URL }, seed: 'demo', dossiersPerAgency: 1 });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists a dossier\'s pages, refuses to erase a file a page still names, erases a withdrawn one\'s bytes as cli', { timeout: 300_000 }, async () => {
    const dev = await gw.enroll(A1);
    const c = fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, 0));
    await c.lease(10);
    const code = c.nextCode();
    expect((await c.push([c.create(code, { documents: ['Tờ khai'] })])).body.results[0].status).toBe('applied');
    const bytes = new Uint8Array(randomBytes(FILE_CHUNK_BYTES + 999));
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    bytes.set([0xff, 0xd9], bytes.length - 2);
    const chunks = [sha(bytes.subarray(0, FILE_CHUNK_BYTES)), sha(bytes.subarray(FILE_CHUNK_BYTES))];
    const file = sha(bytes);
    expect((await c.api('POST', PATHS.files, { sha256: file, size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks })).status).toBe(200);
    const put = await fetch(gw.url + chunkPath(file, 0, 2), {
      method: 'PUT', body: bytes,
      headers: { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);
    const id = uuidv4();
    expect((await c.api('POST', PATHS.fileAttach, c.attachment({ id, dossierCode: code, component: 'Tờ khai', sha256: file, name: 'nham.jpg', position: 0 }))).status).toBe(200);
    const storage = ['--database-url', gw.databaseUrl!, '--files', (gw.gateway.files as DirectoryFileStore).dir];

    const listed = cli(['files', 'attachments', ...storage, '--dossier', code]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ dossier: code, attachments: [{ id, sha256: file, erased: null }] });

    const busy = cli(['files', 'erase', ...storage, '--sha256', file, '--reason', 'Gắn nhầm']);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain('file-in-use');
    expect(busy.stderr).toContain('phải thu hồi');
    expect(busy.stderr).toContain('must withdraw');
    expect(await gw.gateway.files.hasChunk(chunks[1]!)).toBe(true);
    const noReason = cli(['files', 'erase', ...storage, '--sha256', file]);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('--reason');

    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { id, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' }))).status).toBe(200);
    const erased = cli(['files', 'erase', ...storage, '--sha256', file, '--reason', 'Gắn nhầm giấy tờ của người khác']);
    expect(erased.status, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ sha256: file, attachments: [id], dossiers: [code], chunks: 2, erasedBy: 'cli' });
    expect(await gw.gateway.files.hasChunk(chunks[0]!)).toBe(false);
    expect(await gw.gateway.files.hasChunk(chunks[1]!)).toBe(false);
    expect(JSON.parse(cli(['files', 'attachments', ...storage, '--dossier', code]).stdout).attachments[0].erased).toMatchObject({ by: 'cli', reason: 'Gắn nhầm giấy tờ của người khác' });
    const line = await gw.db.query<{ actor: string }>("select actor from admin_audit where action = 'file.erase' and target = $1", [file]);
    expect(line).toEqual([{ actor: 'cli' }]);

    const unknown = cli(['files', 'attachments', ...storage, '--dossier', `${code}9`]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no dossier');
  });
});
