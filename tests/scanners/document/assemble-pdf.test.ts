/**
 * A component's image pages assembled into one PDF (src/renderer/db/assemble-pdf.ts): A4 pages
 * in page order, kept at the first page's place, replacing the pages not yet sent in the same
 * transaction; a page the gateway already attached stays; other components are untouched.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PDFDocument, PageSizes } from 'pdf-lib';
import { KioskDb } from '../../../src/renderer/db/database';
import { attachFile, dossierAttachments } from '../../../src/renderer/db/files';
import { assembleComponentPdf, NoPagesError } from '../../../src/renderer/db/assemble-pdf';
import { capturePage } from '../../../src/renderer/scanners/document/encode';
import { pageFrame, TILTED } from '../../helpers/document-frame';

const CODE = '000.00.01.H08-260305-0001';
let db: KioskDb | null = null;
afterEach(() => { db?.close(); db = null; });

describe('a component as one PDF', () => {
  it('puts the camera pages on A4 pages in order and replaces those not yet sent', async () => {
    db = new KioskDb(`assemble-${Date.now()}`);
    await db.open();
    const grey = capturePage(pageFrame(TILTED, { seed: 1 }), 'grey').blob;
    const bw = capturePage(pageFrame(TILTED, { seed: 2 }), 'bitonal').blob;
    const grey2 = capturePage(pageFrame(TILTED, { seed: 3 }), 'grey').blob;
    const a = await attachFile(db, { dossierCode: CODE, component: 'Tờ khai', file: grey, name: 'trang-1.jpg', signer: null, staffId: 's1' });
    await attachFile(db, { dossierCode: CODE, component: 'Tờ khai', file: bw, name: 'trang-2.png', signer: null, staffId: 's1' });
    await attachFile(db, { dossierCode: CODE, component: 'Tờ khai', file: grey2, name: 'trang-3.jpg', signer: null, staffId: 's1' });
    await attachFile(db, { dossierCode: CODE, component: 'Bản sao CCCD', file: grey, name: 'cccd.jpg', signer: null, staffId: 's1' });
    // The gateway already attached the first page: it stays as its record.
    await db.attachments.update(a.id, { state: 'attached', attachedAt: 1 });

    const row = await assembleComponentPdf(db, { dossierCode: CODE, component: 'Tờ khai', signer: null, staffId: 's1' });
    expect(row.mime).toBe('application/pdf');
    expect(row.name).toBe('Tờ khai.pdf');
    const left = (await dossierAttachments(db, CODE)).map((r) => `${r.component}/${r.name}`);
    expect(row.position).toBe(1);
    expect(left.sort()).toEqual(['Bản sao CCCD/cccd.jpg', 'Tờ khai/Tờ khai.pdf', 'Tờ khai/trang-1.jpg']);
    // The replaced pages' files are gone; the grey page named elsewhere stays.
    expect(await db.files.count()).toBe(2);

    const blob = (await db.files.get(row.sha256))!.blob!;
    const pdf = await PDFDocument.load(new Uint8Array(await blob.arrayBuffer()));
    expect(pdf.getPageCount()).toBe(3);
    for (const p of pdf.getPages()) expect(p.getSize()).toEqual({ width: PageSizes.A4[0], height: PageSizes.A4[1] });
  });

  it('refuses a component without image pages', async () => {
    db = new KioskDb(`assemble-none-${Date.now()}`);
    await db.open();
    await expect(assembleComponentPdf(db, { dossierCode: CODE, component: 'Tờ khai', signer: null })).rejects.toBeInstanceOf(NoPagesError);
  });
});
