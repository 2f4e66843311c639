/**
 * What the camera e2e files share (digitise-camera, digitise-corners): generated frames as the Y4M
 * video Chromium's fake camera plays, an image's size from its header, and what the counter kept
 * for a dossier, read from IndexedDB with the raw API (not the app's code).
 */
import type { Page } from 'playwright-core';
import type { FrameImage } from '../../src/renderer/scanners/camera/frame';

/** RGBA frames as a YUV4MPEG2 video (4:2:0, JPEG full-range YCbCr), what Chromium's fake camera plays. */
export function y4m(frames: FrameImage[], fps: number): Buffer {
  const { width: w, height: h } = frames[0]!;
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const { data } of frames) {
    const y = Buffer.alloc(w * h), u = Buffer.alloc((w / 2) * (h / 2)), v = Buffer.alloc((w / 2) * (h / 2));
    for (let i = 0, p = 0; i < w * h; i++, p += 4) y[i] = Math.round(0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!);
    for (let cy = 0; cy < h / 2; cy++) {
      for (let cx = 0; cx < w / 2; cx++) {
        let r = 0, g = 0, b = 0;
        for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
          const p = ((cy * 2 + dy) * w + cx * 2 + dx) * 4;
          r += data[p]!; g += data[p + 1]!; b += data[p + 2]!;
        }
        r /= 4; g /= 4; b /= 4;
        const o = cy * (w / 2) + cx;
        u[o] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
        v[o] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
      }
    }
    parts.push(Buffer.from('FRAME\n'), y, u, v);
  }
  return Buffer.concat(parts);
}

/** Width and height from a JPEG's SOF marker (or a PNG's IHDR). */
export function imageSize(b: Uint8Array): { width: number; height: number } {
  if (b[0] === 0x89) return { width: Buffer.from(b).readUInt32BE(16), height: Buffer.from(b).readUInt32BE(20) };
  for (let i = 2; i + 8 < b.length;) {
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  throw new Error('no image size in the header');
}


/** What the counter kept for a dossier, read with the raw IndexedDB API (not the app's code):
 * each attachment and its file's bytes (base64). A plain string, so no transpiler touches it. */
const KEPT_IN_PAGE = `async (code) => {
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open('kiosk'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  try {
    const all = (store) => new Promise((resolve, reject) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const files = await all('files');
    const out = [];
    for (const a of (await all('attachments')).filter((x) => x.dossierCode === code)) {
      const f = files.find((x) => x.sha256 === a.sha256);
      const b64 = f && f.blob ? await new Promise((resolve) => { const fr = new FileReader(); fr.onload = () => resolve(String(fr.result).split(',')[1]); fr.readAsDataURL(f.blob); }) : null;
      out.push({ id: a.id, name: a.name, component: a.component, position: a.position, sha256: a.sha256, mime: a.mime, b64 });
    }
    return out;
  } finally { db.close(); }
}`;
export interface Kept { id: string; name: string; component: string; position: number; sha256: string; mime: string; b64: string | null }
export const kept = (page: Page, code: string): Promise<Kept[]> => page.evaluate(`(${KEPT_IN_PAGE})(${JSON.stringify(code)})`) as Promise<Kept[]>;
