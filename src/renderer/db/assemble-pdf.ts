/**
 * A dossier component's image pages as one PDF (digitising paper at the counter): every JPEG/PNG page of the component
 * still held on this computer, in page order, each on an A4 page (fitted, centred), assembled with
 * pdf-lib and kept by `attachFile` at the first replaced page's place. The image pages not yet attached at
 * the gateway are replaced by the PDF in the same transaction (the national record wants one file
 * per component, and the pages would otherwise be sent twice); pages the gateway already attached
 * stay, as its record. See docs/ARCHITECTURE.md.
 */
import { PDFDocument, PageSizes } from 'pdf-lib';
import { atGateway, type AttachmentRow, type KioskDb } from './database';
import { attachFile, dossierAttachments } from './files';
import type { OfficerSigner } from '../trust/officer-key';

export class NoPagesError extends Error {
  constructor() {
    super('no image pages to assemble');
    this.name = 'NoPagesError';
  }
}

export async function assembleComponentPdf(
  db: KioskDb, input: { dossierCode: string; component: string; signer: OfficerSigner | null; staffId?: string | null; name?: string },
): Promise<AttachmentRow> {
  const pages = (await dossierAttachments(db, input.dossierCode))
    // A withdrawn page is out of the dossier: never put in its PDF.
    .filter((a) => a.component === input.component && (a.mime === 'image/jpeg' || a.mime === 'image/png') && a.state !== 'withdrawing' && a.state !== 'withdrawn');
  const held: { row: AttachmentRow; bytes: Uint8Array }[] = [];
  for (const row of pages) {
    const blob = (await db.files.get(row.sha256))?.blob;
    if (blob) held.push({ row, bytes: new Uint8Array(await blob.slice(0, blob.size).arrayBuffer()) });
  }
  if (held.length === 0) throw new NoPagesError();
  const pdf = await PDFDocument.create();
  const [A4w, A4h] = PageSizes.A4;
  for (const { row, bytes } of held) {
    const img = row.mime === 'image/png' ? await pdf.embedPng(bytes) : await pdf.embedJpg(bytes);
    const landscape = img.width > img.height;
    const [pw, ph] = landscape ? [A4h, A4w] : [A4w, A4h];
    const scale = Math.min(pw / img.width, ph / img.height);
    const page = pdf.addPage([pw, ph]);
    page.drawImage(img, { x: (pw - img.width * scale) / 2, y: (ph - img.height * scale) / 2, width: img.width * scale, height: img.height * scale });
  }
  const bytes = await pdf.save();
  const replaced = held.filter((h) => !atGateway(h.row.state));
  const file = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  return attachFile(db, {
    dossierCode: input.dossierCode, component: input.component, file, signer: input.signer, staffId: input.staffId,
    name: input.name ?? `${input.component}.pdf`,
    position: (replaced[0] ?? held[0]!).row.position,
    replaces: replaced.map((h) => h.row.id),
  });
}
