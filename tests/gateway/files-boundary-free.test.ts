/**
 * Files of a boundary-free dossier (docs/SYNC-PROTOCOL.md §4.5, §13): a dossier received at agency
 * A and decided by agency B is a dossier of both, so the counters of both list its attachments,
 * read their bytes and attach pages to it; a counter of a third agency C gets 404 as if it did
 * not exist, and a kiosk-kind device of any of them 403 (the file routes are outside its scopes).
 * Each read served is audited with its reader. Either agency may withdraw a page the other attached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import type { TestGateway } from '../helpers/gateway';
import { attachmentsPath, chunkPath, filePath, FILE_CHUNK_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { fakeKiosk, staffedCounter } from './kiosk';
import { signWithdraw } from '../helpers/staff-keys';
import { A, B, C, fakeJpeg, sha, threeCommunes } from './three-communes';

type Counter = Awaited<ReturnType<typeof staffedCounter>>;

describe.each(STORAGES)('files of a boundary-free dossier on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await threeCommunes(storage, { strictRateLimitPerMinute: 1000 });
  }, 120_000);
  afterAll(async () => gw?.close());

  const headers = (token: string) => ({ authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
  /** Declares `bytes` and sends every chunk: the file is complete at the gateway. */
  const upload = async (k: Counter, bytes: Uint8Array): Promise<string> => {
    const chunks: string[] = [];
    for (let o = 0; o < bytes.length; o += FILE_CHUNK_BYTES) chunks.push(sha(bytes.subarray(o, o + FILE_CHUNK_BYTES)));
    const id = sha(bytes);
    expect((await k.api('POST', PATHS.files, { sha256: id, size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks })).status).toBe(200);
    for (let i = 0; i < chunks.length; i++) {
      const res = await fetch(gw.url + chunkPath(id, i), {
        method: 'PUT', body: new Uint8Array(bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES)),
        headers: { ...headers(k.dev.token), 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(200);
    }
    return id;
  };
  const read = async (token: string, sha256: string) => {
    const res = await fetch(gw.url + filePath(sha256), { headers: headers(token) });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const listed = async (k: { api: Counter['api'] }, code: string) => {
    const r = await k.api('GET', attachmentsPath(code));
    return { status: r.status, shas: r.status === 200 ? (r.body.attachments as { sha256: string }[]).map((a) => a.sha256).sort() : [] };
  };

  it('received at A, decided by B: the counters of A and B list, read and attach; a counter of C and any kiosk cannot', async () => {
    const a = await staffedCounter(gw, A);
    const b = await staffedCounter(gw, B);
    const c = await staffedCounter(gw, C);
    await a.lease(10);
    const code = a.nextCode();
    const intake = await a.push([a.create(code, { competentAgencyCode: B, documents: ['Tờ khai', 'Bản sao CCCD'] })]);
    expect(intake.body.results[0]).toMatchObject({ status: 'applied', dossier: { agencyCode: A, competentAgencyCode: B } });

    // The receiving counter attaches the citizen's form.
    const formBytes = fakeJpeg(FILE_CHUNK_BYTES + 4_321);
    const form = await upload(a, formBytes);
    const byA = await a.api('POST', PATHS.fileAttach, a.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: form, name: 'to-khai.jpg', position: 0 }));
    expect(byA.status).toBe(200);

    // The deciding counter lists it and reads it, byte for byte.
    expect(await listed(b, code)).toEqual({ status: 200, shas: [form] });
    const got = await read(b.dev.token, form);
    expect(got.status).toBe(200);
    expect(sha(got.bytes)).toBe(form);

    // …and attaches a page of its own (a supplement received at B): idempotent by id, as at A.
    const idBytes = fakeJpeg(20_000);
    const idCard = await upload(b, idBytes);
    const attachB = b.attachment({ id: uuidv4(), dossierCode: code, component: 'Bản sao CCCD', sha256: idCard, name: 'cccd.jpg', position: 0 });
    const byB = await b.api('POST', PATHS.fileAttach, attachB);
    expect(byB.status).toBe(200);
    expect(byB.body.attachment).toMatchObject({ dossierCode: code, component: 'Bản sao CCCD', sha256: idCard, staffId: b.officer!.staffId });
    expect((await b.api('POST', PATHS.fileAttach, attachB)).body.attachment.attachedAt).toBe(byB.body.attachment.attachedAt);
    const recorded = await gw.db.query<{ agency_code: string }>('select agency_code from attachments where id = $1', [attachB.id]);
    expect(recorded[0]?.agency_code).toBe(B);

    // The receiving counter sees and reads B's page too: one dossier, one list.
    expect(await listed(a, code)).toEqual({ status: 200, shas: [form, idCard].sort() });
    expect(sha((await read(a.dev.token, idCard)).bytes)).toBe(idCard);
    expect(await listed(b, code)).toEqual({ status: 200, shas: [form, idCard].sort() });

    // A third agency's counter: as if neither the dossier nor its files existed.
    expect((await listed(c, code)).status).toBe(404);
    expect((await read(c.dev.token, form)).status).toBe(404);
    expect((await read(c.dev.token, idCard)).status).toBe(404);
    const cBytes = fakeJpeg(10_000);
    const cFile = await upload(c, cBytes);
    const byC = await c.api('POST', PATHS.fileAttach, c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: cFile, name: 'x.jpg', position: 1 }));
    expect(byC.status).toBe(404);
    // Nor may it replay B's attachment id to learn of the dossier.
    expect((await c.api('POST', PATHS.fileAttach, c.attachment({ ...attachB }))).status).toBe(404);

    // A kiosk-kind device of any of the three agencies: every file route is refused.
    for (const agency of [A, B, C]) {
      const kiosk = fakeKiosk(gw.url, await gw.enroll(agency, { kind: 'kiosk' }));
      expect((await listed(kiosk, code)).status, agency).toBe(403);
      expect((await read(kiosk.dev.token, form)).status, agency).toBe(403);
      expect((await kiosk.api('POST', PATHS.fileAttach, { id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: form, name: 'x.jpg', position: 2, staffId: null })).status, agency).toBe(403);
    }
    expect((await gw.db.query<{ n: number }>('select count(*)::int as n from attachments where dossier_code = $1', [code]))[0]?.n).toBe(2);

    // Each read served is audited with its reader (the device), the file and the dossier; none for a refused one.
    const reads = await gw.db.query<{ actor: string; target: string; details: unknown }>(
      "select actor, target, details from admin_audit where action = 'file.read' and target = any($1) order by id", [[form, idCard]]);
    expect(reads.map((r) => ({ ...r, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }))).toEqual([
      { actor: `device:${b.dev.deviceId}`, target: form, details: { dossiers: [code], size: formBytes.length, mime: 'image/jpeg' } },
      { actor: `device:${a.dev.deviceId}`, target: idCard, details: { dossiers: [code], size: idBytes.length, mime: 'image/jpeg' } },
    ]);
  });

  it('a page attached at A is withdrawn at B (the deciding counter saw the mistake): both see it withdrawn, neither reads it; C cannot', async () => {
    const a = await staffedCounter(gw, A);
    const b = await staffedCounter(gw, B);
    const c = await staffedCounter(gw, C);
    await a.lease(10);
    const code = a.nextCode();
    expect((await a.push([a.create(code, { competentAgencyCode: B, documents: ['Tờ khai'] })])).body.results[0].status).toBe('applied');
    const wrong = await upload(a, fakeJpeg(30_000));
    const attach = a.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: wrong, name: 'nham.jpg', position: 0 });
    expect((await a.api('POST', PATHS.fileAttach, attach)).status).toBe(200);
    const w = { id: attach.id, dossierCode: code, reason: 'Giấy tờ của công dân khác' };

    // A third agency: nothing to withdraw there (the 404 names the attachment).
    const byC = await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, w));
    expect(byC.status).toBe(404);
    expect(byC.body.error.details).toEqual({ attachment: attach.id });

    const byB = await b.api('POST', PATHS.fileWithdraw, signWithdraw(b.officer!, w));
    expect(byB.status).toBe(200);
    expect(byB.body.attachment.withdrawn).toMatchObject({ staffId: b.officer!.staffId, reason: w.reason });
    for (const k of [a, b]) {
      const list = (await k.api('GET', attachmentsPath(code))).body.attachments as { withdrawn?: { reason: string } }[];
      expect(list.map((x) => x.withdrawn?.reason)).toEqual([w.reason]);
      expect((await read(k.dev.token, wrong)).status).toBe(404);
    }
  });
});
