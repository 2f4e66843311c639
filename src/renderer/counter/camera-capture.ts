/**
 * The camera capture's small rules (CameraCapture.tsx), kept apart so they are tested without a
 * camera: the page mode the officer chose last (remembered on this computer), and the name of the
 * next captured page of a component (`trang-N.jpg`, or `.png` for a black-and-white page).
 */
import type { PageMode } from '../scanners/document/page';

export const CAPTURE_MODES: readonly PageMode[] = ['colour', 'grey', 'bitonal'];
export const DEFAULT_CAPTURE_MODE: PageMode = 'grey';
const MODE_KEY = 'kiosk.digitise.captureMode';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function localStore(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked: the choice is simply not remembered
  }
}

export function loadCaptureMode(store: StorageLike | null = localStore()): PageMode {
  try {
    const v = store?.getItem(MODE_KEY);
    return CAPTURE_MODES.includes(v as PageMode) ? (v as PageMode) : DEFAULT_CAPTURE_MODE;
  } catch {
    return DEFAULT_CAPTURE_MODE;
  }
}

export function saveCaptureMode(mode: PageMode, store: StorageLike | null = localStore()): void {
  try {
    store?.setItem(MODE_KEY, mode);
  } catch {
    /* not remembered; the capture itself is unaffected */
  }
}

const extension = (mime: string): string => (mime === 'image/png' ? 'png' : 'jpg');

/** `trang-N.ext` with N one past the highest page number the component's names already use
 * (or past their count), so a page deleted in between never gives two pages the same name. */
export function nextPageName(existing: readonly string[], mime: string): string {
  let high = existing.length;
  for (const name of existing) {
    const m = /^trang-(\d+)\./.exec(name);
    if (m) high = Math.max(high, Number(m[1]));
  }
  return `trang-${high + 1}.${extension(mime)}`;
}

/** A retaken page keeps its name's number; only the extension follows the new file's type. */
export function retakeName(old: string, mime: string): string {
  const base = old.replace(/\.[a-z0-9]+$/i, '');
  return `${base}.${extension(mime)}`;
}
