// @vitest-environment happy-dom
/**
 * The province console's "digitised pages" tab against the real gateway (PGlite): a counter
 * attaches two pages and an officer withdraws one; the province admin looks the dossier up, sees
 * each page's state, and erases the withdrawn one's file with a reason (the confirm stays off
 * until the reason is long enough); the gateway's store no longer holds its bytes and the row says
 * who erased it and why. An agency admin sees the pages and no erase. Only the console's HTTP edge
 * is replaced (a bearer token instead of the session cookie).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { v4 as uuidv4 } from 'uuid';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { registerDemoOfficer, signWithdraw } from '../helpers/staff-keys';
import { chunkPath, ErrorBody, FILE_CHUNK_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, type SessionInfo } from '../../src/shared/protocol';
import { ApiError, type ConsoleApi } from '../../src/renderer/province/api';
import { ConsoleCtx } from '../../src/renderer/province/common';
import { FilesPanel } from '../../src/renderer/province/FilesPanel';
import { ToastProvider } from '../../src/renderer/ui';
import { renderUi } from '../ui/render';
import { fakeKiosk } from './kiosk';

const A1 = '000.00.01.H08';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The console's API over a bearer admin token (the session cookie's stand-in), errors as the console's ApiError. */
function bearerApi(base: string, token: string): ConsoleApi {
  const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
    const json = await res.json() as unknown;
    if (res.ok) return json;
    const e = ErrorBody.parse(json).error;
    throw new ApiError(res.status, e.code, e.message, e.details);
  };
  return {
    onUnauthorized: null, setCsrf: () => undefined, raw: async () => new Response(''),
    get: async <T,>(path: string) => (await send('GET', path)) as T,
    post: async <T,>(path: string, body?: unknown) => (await send('POST', path, body)) as T,
  };
}

describe('province console: a dossier\'s digitised pages', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The console is served by the gateway (same origin); here the page's origin is happy-dom's.
    (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
    gw = await startGateway({ storage: 'pglite', seed: 'demo', dossiersPerAgency: 1 });
  });
  afterAll(async () => {
    await gw?.close();
  });
  afterEach(cleanup);

  it('shows each page\'s state and erases a withdrawn page\'s file with a reason; an agency admin erases nothing', { timeout: 60_000 }, async () => {
    const dev = await gw.enroll(A1);
    const c = fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, 0));
    await c.lease(10);
    const code = c.nextCode();
    expect((await c.push([c.create(code, { documents: ['Tờ khai', 'Bản sao CCCD'] })])).body.results[0].status).toBe('applied');
    const ids: string[] = [];
    const hashes: string[] = [];
    for (const component of ['Tờ khai', 'Bản sao CCCD']) {
      const bytes = new Uint8Array(randomBytes(3_000));
      bytes.set([0xff, 0xd8, 0xff, 0xe0]);
      bytes.set([0xff, 0xd9], bytes.length - 2);
      const file = sha(bytes);
      expect((await c.api('POST', PATHS.files, { sha256: file, size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks: [file] })).status).toBe(200);
      const put = await fetch(gw.url + chunkPath(file, 0), {
        method: 'PUT', body: bytes, headers: { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
      });
      expect(put.status).toBe(200);
      const id = uuidv4();
      expect((await c.api('POST', PATHS.fileAttach, c.attachment({ id, dossierCode: code, component, sha256: file, name: `${component}.jpg`, position: 0 }))).status).toBe(200);
      ids.push(id);
      hashes.push(file);
    }
    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { id: ids[1]!, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' }))).status).toBe(200);

    const province = { username: 'tinh', role: 'province', agency: null, csrfToken: 'x', expiresAt: new Date().toISOString() } as unknown as SessionInfo;
    const { user } = renderUi(
      <ToastProvider><ConsoleCtx.Provider value={{ api: bearerApi(gw.url, gw.adminToken), session: province }}><FilesPanel /></ConsoleCtx.Provider></ToastProvider>, 'vi');
    // A code that is not one, then one the gateway does not have.
    await user.type(screen.getByTestId('pc-files-code'), 'abc');
    await user.click(screen.getByTestId('pc-files-search'));
    expect(screen.getByTestId('pc-files-problem').textContent).toContain('không đúng dạng');
    await user.clear(screen.getByTestId('pc-files-code'));
    await user.type(screen.getByTestId('pc-files-code'), `${A1}-991231-9999`);
    await user.click(screen.getByTestId('pc-files-search'));
    await waitFor(() => expect(screen.getByTestId('pc-files-problem').textContent).toContain('Không có hồ sơ'));

    await user.clear(screen.getByTestId('pc-files-code'));
    await user.type(screen.getByTestId('pc-files-code'), code);
    await user.click(screen.getByTestId('pc-files-search'));
    await waitFor(() => expect(screen.getAllByTestId('pc-file-row')).toHaveLength(2));
    const stateOf = (name: string) => within(screen.getAllByTestId('pc-file-row').find((r) => r.textContent!.includes(name))!).getByTestId('pc-file-state');
    expect(stateOf('Tờ khai.jpg').dataset.state).toBe('attached');
    expect(stateOf('Bản sao CCCD.jpg').dataset.state).toBe('withdrawn');
    expect(stateOf('Bản sao CCCD.jpg').textContent).toContain('Nhầm giấy tờ của công dân khác');
    // Only the withdrawn page offers erasure.
    expect(screen.getAllByTestId('pc-file-erase')).toHaveLength(1);

    await user.click(screen.getByTestId('pc-file-erase'));
    const dialog = await screen.findByTestId('pc-file-erase-dialog');
    expect(within(dialog).getByRole('heading').textContent).toContain('Bản sao CCCD.jpg');
    expect((screen.getByTestId('pc-file-erase-confirm') as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByTestId('pc-file-erase-reason'), 'Giấy tờ của người khác, gắn nhầm');
    expect((screen.getByTestId('pc-file-erase-confirm') as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByTestId('pc-file-erase-confirm'));
    await waitFor(() => expect(stateOf('Bản sao CCCD.jpg').dataset.state).toBe('erased'));
    expect(stateOf('Bản sao CCCD.jpg').textContent).toContain('Giấy tờ của người khác, gắn nhầm');
    expect(screen.queryByTestId('pc-file-erase-dialog')).toBeNull();
    expect(screen.queryAllByTestId('pc-file-erase')).toHaveLength(0);
    expect(await gw.gateway.files.hasChunk(hashes[1]!)).toBe(false);
    expect(await gw.gateway.files.hasChunk(hashes[0]!)).toBe(true);
    cleanup();

    // An agency admin of the dossier's agency: the pages, in English, and no erase.
    const agency = { username: 'xa', role: 'agency', agency: A1, csrfToken: 'x', expiresAt: new Date().toISOString() } as unknown as SessionInfo;
    const second = renderUi(
      <ToastProvider><ConsoleCtx.Provider value={{ api: bearerApi(gw.url, gw.adminToken), session: agency }}><FilesPanel /></ConsoleCtx.Provider></ToastProvider>, 'en');
    await second.user.type(screen.getByTestId('pc-files-code'), code);
    await second.user.click(screen.getByTestId('pc-files-search'));
    await waitFor(() => expect(screen.getAllByTestId('pc-file-row')).toHaveLength(2));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Digitised pages of a dossier');
    expect(stateOf('Bản sao CCCD.jpg').textContent).toContain('File erased');
    expect(screen.queryAllByTestId('pc-file-erase')).toHaveLength(0);
  });
});
