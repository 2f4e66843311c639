// @vitest-environment happy-dom
/**
 * Digitising at the counter (counter/Digitise.tsx): files added to a dossier's components are
 * kept at once with their attachment, previewed, reordered and deleted while not yet sent; bad
 * files are refused with the catalog's Vietnamese message and nothing is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import { AGENCY, dossierRow, PIN, seedDb, signInAs, startCounter, uniqueName, until, type Counter } from './harness';
import { startGateway } from '../helpers/gateway';
import { staffedCounter } from '../gateway/kiosk';
import { ensureAgency } from '../../src/gateway/store/devices';
import { seedStaff } from '../../src/gateway/demo/seed';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { SyncFailure } from '../../src/renderer/sync/http';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import { KioskDb } from '../../src/renderer/db/database';
import { chunkPath, FILE_CHUNK_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { createTestHost } from '../helpers/render-screen';
import type { HostServices } from '../../src/main/services';
import type { AttachmentRow } from '../../src/renderer/db/database';

let c: Counter | null = null;
let host: HostServices | null = null;
let folder: string | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  await host?.close();
  host = null;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = null;
});

const CODE = `${AGENCY}-260305-0002`;
const jpeg = (name: string, size = 3000): File => {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7919) & 0xff;
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return new File([b], name, { type: 'image/jpeg' });
};
const jpegBytes = (size: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7919) & 0xff;
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
};
const pdf = (name: string): File => new File(['%PDF-1.4\n% trang quét\n%%EOF\n'], name, { type: 'application/pdf' });

function choose(component: string, files: File[]): void {
  const box = screen.getAllByTestId('digitise-component').find((e) => e.getAttribute('data-component') === component)!;
  const input = within(box).getByTestId('file-input') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}
const pageNames = (component: string): string[] => {
  const box = screen.getAllByTestId('digitise-component').find((e) => e.getAttribute('data-component') === component)!;
  return within(box).queryAllByTestId('page').map((p) => p.getAttribute('data-name') ?? '');
};

describe('digitising a dossier at the counter', () => {
  it('keeps pages per component, reorders and deletes those not sent yet, and refuses bad files with a clear message', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 2, { agencyCode: AGENCY, documents: ['Tờ khai', 'Bản sao CCCD'] })] });
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === CODE);
    expect(screen.getByTestId('digitise-count').textContent).toBe('Thành phần đã số hóa: 0/2');
    // Compact for a 1366×768 screen: the how-to is behind a disclosure button, and every component
    // keeps its own buttons on its line.
    const toggle = screen.getByTestId('digitise-help-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect((screen.getByTestId('digitise-help') as HTMLElement).hidden).toBe(true);
    expect(toggle.getAttribute('aria-controls')).toBe(screen.getByTestId('digitise-help').id);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect((screen.getByTestId('digitise-help') as HTMLElement).hidden).toBe(false);
    expect(screen.getAllByTestId('digitise-component').map((box) => within(box).queryAllByTestId('camera-open').length + within(box).queryAllByTestId('file-add').length)).toEqual([2, 2, 2]);

    choose('Tờ khai', [jpeg('trang-1.jpg'), jpeg('trang-2.jpg', 5000), pdf('phu-luc.pdf')]);
    await until(() => pageNames('Tờ khai').length === 3);
    expect(pageNames('Tờ khai')).toEqual(['trang-1.jpg', 'trang-2.jpg', 'phu-luc.pdf']);
    expect(screen.getByTestId('digitise-count').textContent).toBe('Thành phần đã số hóa: 1/2');
    expect(screen.getAllByTestId('page').every((p) => p.getAttribute('data-state') === 'pending')).toBe(true);
    // The Blob and its attachment row are in IndexedDB.
    const rows = await c.db.attachments.where('dossierCode').equals(CODE).toArray();
    expect(rows.map((r) => r.mime).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/jpeg']);
    expect(await c.db.files.count()).toBe(3);
    // Each page is the signed-in officer's signed act (the gateway attaches nothing else).
    expect(rows.every((r) => r.staffId === 'c1' && typeof r.at === 'string' && r.sig?.value.length === 86)).toBe(true);
    expect(screen.queryByTestId('page-unsigned')).toBeNull();

    // Reorder: the PDF goes up one place; then delete the first page.
    const box = () => screen.getAllByTestId('digitise-component').find((e) => e.getAttribute('data-component') === 'Tờ khai')!;
    fireEvent.click(within(box()).getAllByTestId('page-up')[2]!);
    await until(() => pageNames('Tờ khai')[1] === 'phu-luc.pdf');
    expect(pageNames('Tờ khai')).toEqual(['trang-1.jpg', 'phu-luc.pdf', 'trang-2.jpg']);
    fireEvent.click(within(box()).getAllByTestId('page-remove')[0]!);
    await until(() => pageNames('Tờ khai').length === 2);
    expect(pageNames('Tờ khai')).toEqual(['phu-luc.pdf', 'trang-2.jpg']);
    expect(await c.db.files.count()).toBe(2);

    // Bad files: nothing stored, the reason in plain Vietnamese.
    choose('Bản sao CCCD', [new File([], 'rong.jpg', { type: 'image/jpeg' })]);
    await until(() => screen.queryByTestId('digitise-error') !== null);
    expect(screen.getByTestId('digitise-error').textContent).toContain('Tệp trống');
    choose('Bản sao CCCD', [new File(['đây là văn bản, không phải ảnh'], 'ghi-chu.jpg', { type: 'image/jpeg' })]);
    await until(() => screen.queryByTestId('digitise-error')?.textContent?.includes('không phải ảnh') === true);
    expect(pageNames('Bản sao CCCD')).toEqual([]);
    expect(await c.db.attachments.count()).toBe(2);

    // A page without its officer's signature says it waits for the officer; one the gateway
    // refused for its officer says why, in the catalog's words.
    const [first, second] = (await c.db.attachments.where('dossierCode').equals(CODE).toArray()).sort((a, b) => a.position - b.position);
    await c.db.attachments.update(first!.id, { sig: null });
    await c.db.attachments.update(second!.id, { state: 'failed', refusal: { reason: 'staff-inactive', at: Date.now() } });
    await until(() => screen.queryByTestId('page-unsigned') !== null && screen.queryByTestId('page-refusal') !== null);
    expect(screen.getByTestId('page-unsigned').textContent).toBe('Chờ cán bộ đăng nhập để ký');
    expect(screen.getByTestId('page-refusal').textContent).toBe('Tài khoản cán bộ đã bị khóa.');
    // The officer's next sign-in signs it, with the moment it was stored.
    fireEvent.click(screen.getByTestId('sign-out'));
    await signInAs('c1', PIN);
    let signed: AttachmentRow | null = null;
    for (let i = 0; i < 300 && !signed?.sig; i++) {
      signed = (await c.db.attachments.get(first!.id)) ?? null;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(signed?.sig?.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed!.at).toBe(first!.at);
  });

  it('takes the files the scanner saved in its folder, in order, into the chosen component', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'kiosk-scanner-'));
    host = await createTestHost({ scanFolder: folder });
    c = await startCounter({ rows: [dossierRow(CODE, 2, { agencyCode: AGENCY, documents: ['Tờ khai', 'Bản sao CCCD'] })], host });
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === CODE);
    expect(screen.getByTestId('scanner-files').getAttribute('data-count')).toBe('0');
    // A feeder scanner drops three pages (one is a PDF).
    const bytes = (n: number) => {
      const b = Buffer.alloc(250_000 + n, n);
      b.set([0xff, 0xd8, 0xff, 0xe0]);
      b.set([0xff, 0xd9], b.length - 2);
      return b;
    };
    writeFileSync(path.join(folder, 'scan-001.jpg'), bytes(1));
    writeFileSync(path.join(folder, 'scan-002.jpg'), bytes(2));
    writeFileSync(path.join(folder, 'scan-003.pdf'), '%PDF-1.4\n%%EOF\n');
    await until(() => screen.getByTestId('scanner-files').getAttribute('data-count') === '3', 10_000);
    fireEvent.change(screen.getByTestId('scanner-target'), { target: { value: 'Bản sao CCCD' } });
    fireEvent.click(screen.getByTestId('scanner-import'));
    await until(() => pageNames('Bản sao CCCD').length === 3, 10_000);
    expect(pageNames('Bản sao CCCD')).toEqual(['scan-001.jpg', 'scan-002.jpg', 'scan-003.pdf']);
    const files = await c.db.files.toArray();
    expect(files.map((f) => f.size).sort((a, b) => a - b)).toEqual([15, 250_001, 250_002]);
    // Received files leave the folder (moved aside), so they are not offered again.
    await until(() => !existsSync(path.join(folder!, 'scan-003.pdf')));
    expect(readdirSync(path.join(folder, 'da-nhan'))).toHaveLength(3);
    await until(() => screen.getByTestId('scanner-files').getAttribute('data-count') === '0');
  });

  // The PDF itself is checked in tests/scanners/document/assemble-pdf.test.ts (Node's Blob): under
  // happy-dom a Blob read back from fake-indexeddb is no longer a Blob, so here only the button's
  // presence and its refusal path are checked.
  it('offers to combine image pages into one PDF, and keeps the pages with a clear message when one cannot be read', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 2, { agencyCode: AGENCY, documents: ['Tờ khai', 'Bản sao CCCD'] })] });
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === CODE);
    const box = (component: string) => screen.getAllByTestId('digitise-component').find((e) => e.getAttribute('data-component') === component)!;
    // A component with only a PDF has nothing to combine.
    choose('Tờ khai', [pdf('to-khai.pdf')]);
    await until(() => pageNames('Tờ khai').length === 1);
    expect(within(box('Tờ khai')).queryByTestId('make-pdf')).toBeNull();
    // A "JPEG" whose bytes are not a picture: no PDF is made; the page stays.
    choose('Bản sao CCCD', [jpeg('hong.jpg')]);
    await until(() => pageNames('Bản sao CCCD').length === 1);
    expect(within(box('Bản sao CCCD')).getByTestId('make-pdf').getAttribute('aria-label')).toBe('Gộp thành một tệp PDF: các trang ảnh của “Bản sao CCCD”');
    fireEvent.click(within(box('Bản sao CCCD')).getByTestId('make-pdf'));
    await until(() => screen.queryByTestId('digitise-pdf-error') !== null, 10_000);
    expect(screen.getByTestId('digitise-pdf-error').textContent).toBe('Không gộp được PDF: một trang ảnh không đọc được. Các trang vẫn được giữ nguyên.');
    expect(pageNames('Bản sao CCCD')).toEqual(['hong.jpg']);
    expect(await c.db.attachments.count()).toBe(2);
  });
});

describe('pages another counter attached', () => {
  it('shows what the gateway holds from another counter of the agency, counts it, and says when the gateway cannot be asked (real gateway on loopback)', async () => {
    // The host's gateway client runs in this DOM test process (see search.test.tsx).
    (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
    const gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
    const db = new KioskDb(uniqueName());
    try {
      await ensureAgency(gw.db, AGENCY);
      await seedStaff(gw.db, AGENCY);
      // Another counter of the agency receives the dossier and attaches a signed page.
      const other = await staffedCounter(gw, AGENCY);
      await other.lease(5);
      const code = other.nextCode();
      expect((await other.push([other.create(code, { documents: ['Tờ khai', 'Bản sao CCCD'] })])).body.results[0].status).toBe('applied');
      const bytes = jpegBytes(4000);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await other.api('POST', PATHS.files, { sha256, size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks: [sha256] });
      const put = await fetch(gw.url + chunkPath(sha256, 0), {
        method: 'PUT', body: bytes,
        headers: { authorization: `Bearer ${other.dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
      });
      expect(put.status).toBe(200);
      const attach = other.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256, name: 'to-khai-quay-2.jpg', position: 0 });
      expect((await other.api('POST', PATHS.fileAttach, attach)).status).toBe(200);

      // This counter holds the dossier (from its feed) but none of its pages.
      const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 10_000 });
      await client.enroll({ url: gw.url, code: (await gw.createEnrollCode(AGENCY)).code });
      await db.open();
      await seedDb(db, [dossierRow(code, 2, { agencyCode: AGENCY, documents: ['Tờ khai', 'Bản sao CCCD'] })]);
      // The line, which the test cuts below (as the host's client reports a cut: a SyncFailure).
      let online = true;
      const line: SyncTransport = { request: (req) => (online ? client.request(req) : Promise.reject(new SyncFailure('network', 'offline', 'cut'))) };
      const sync = new SyncEngine({ db, transport: line, appVersion: 'test' });
      c = await startCounter({ db, sync });
      await signInAs('c1', PIN);
      c.scan(code);
      await until(() => screen.queryByTestId('page-elsewhere') !== null);
      expect(pageNames('Tờ khai')).toEqual(['to-khai-quay-2.jpg']);
      expect(screen.getByTestId('page-elsewhere').textContent).toBe('Đã gửi từ quầy khác');
      expect(screen.getByTestId('digitise-count').textContent).toBe('Thành phần đã số hóa: 1/2');
      // Nothing of it is stored here: the gateway's record is shown, not copied.
      expect(await db.attachments.count()).toBe(0);
      expect(screen.getByTestId('page-withdraw').getAttribute('aria-label')).toBe('Rút lại “to-khai-quay-2.jpg” khỏi hồ sơ');
      expect(screen.queryByTestId('digitise-remote-failed')).toBeNull();

      // The officer withdraws that page, with a reason (the answer waits for one of 3 characters).
      fireEvent.click(screen.getByTestId('page-withdraw'));
      await until(() => screen.queryByTestId('confirm') !== null);
      expect(screen.getByTestId('confirm').textContent).toContain('Rút lại trang “to-khai-quay-2.jpg” khỏi hồ sơ?');
      expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
      fireEvent.change(screen.getByTestId('withdraw-reason'), { target: { value: 'ab' } });
      expect(screen.getByTestId('confirm').textContent).toContain('ít nhất 3 ký tự');
      fireEvent.change(screen.getByTestId('withdraw-reason'), { target: { value: 'Nhầm giấy tờ của công dân khác' } });
      fireEvent.click(screen.getByTestId('confirm-yes'));
      await until(() => screen.queryByTestId('confirm') === null && screen.queryByTestId('page-withdrawn-reason') !== null);
      expect(screen.getByTestId('page-withdrawn-reason').textContent).toBe('Lý do: Nhầm giấy tờ của công dân khác');
      expect(screen.getByTestId('digitise-count').textContent).toBe('Thành phần đã số hóa: 0/2');
      expect(screen.queryByTestId('page-withdraw')).toBeNull();
      const row = (await db.attachments.get(attach.id))!;
      expect(row).toMatchObject({ state: 'withdrawing', withdrawal: { reason: 'Nhầm giấy tờ của công dân khác', staffId: 'c1', doneAt: null } });
      expect(row.withdrawal!.sig?.value).toHaveLength(86);

      // The line goes: the next opening says the list may be incomplete.
      online = false;
      fireEvent.click(screen.getByTestId('sign-out'));
      await signInAs('c1', PIN);
      c.scan(code);
      await until(() => screen.queryByTestId('digitise-remote-failed') !== null, 20_000);
      expect(screen.getByTestId('digitise-remote-failed').textContent).toContain('máy chủ tỉnh');
      // The withdrawn page is this counter's row now (kept until the gateway has the withdrawal).
      expect(screen.queryByTestId('page-elsewhere')).toBeNull();
      expect(screen.getByTestId('page-withdrawn-reason')).toBeTruthy();
    } finally {
      await gw.close();
    }
  });
});
