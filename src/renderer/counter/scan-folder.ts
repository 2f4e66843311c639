/**
 * Files from the scanner's folder (src/main/scan-folder): the host offers each new file once the
 * scanner finished writing it (`scanFolder.file` events, `scanFolder.list`); the counter reads it in
 * pieces over the bridge, keeps it for a dossier component (db/files.ts) and tells the host, which
 * moves it aside so it is never offered twice.
 */
import { useEffect, useState } from 'react';
import { BridgeError, type KioskBridge } from '../../shared/bridge/contract';
import { fromBase64 } from '../../shared/base64';
import { MAX_FILE_BYTES, fileSizeProblem } from '../../shared/protocol/files';
import type { AttachmentRow, KioskDb } from '../db/database';
import { attachFile, FileError, fileSize } from '../db/files';
import type { OfficerSigner } from '../trust/officer-key';

export interface ScanFolderFile { name: string; size: number; mtimeMs: number }

const PIECE = 192 * 1024;

/** The folder (null: none configured) and its files waiting, kept current from the host's events. */
export function useScanFolder(kiosk: KioskBridge): { folder: string | null; files: ScanFolderFile[]; received(name: string): void } {
  const [state, setState] = useState<{ folder: string | null; files: ScanFolderFile[] }>({ folder: null, files: [] });
  useEffect(() => {
    let live = true;
    const off = kiosk.on('scanFolder.file', (f) => {
      setState((s) => (s.files.some((x) => x.name === f.name) ? s : { ...s, files: [...s.files, f] }));
    });
    kiosk.call('scanFolder.list', {}).then((r) => {
      if (!live) return;
      setState((s) => ({ folder: r.folder, files: [...r.files, ...s.files.filter((f) => !r.files.some((x) => x.name === f.name))] }));
    }, () => undefined);
    return () => {
      live = false;
      off();
    };
  }, [kiosk]);
  const files = [...state.files].sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
  return { folder: state.folder, files, received: (name) => setState((s) => ({ ...s, files: s.files.filter((f) => f.name !== name) })) };
}

/** Reads an offered file through the bridge and keeps it for the component; the host then moves it aside. */
export async function importScannedFile(
  kiosk: KioskBridge, db: KioskDb, file: ScanFolderFile, target: { dossierCode: string; component: string; signer: OfficerSigner | null; staffId?: string | null },
): Promise<AttachmentRow> {
  const problem = fileSizeProblem(file.size);
  if (problem) throw new FileError(problem, { size: fileSize(file.size), max: fileSize(MAX_FILE_BYTES) });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  try {
    for (let offset = 0; offset < file.size; offset += PIECE) {
      const { bytes64 } = await kiosk.call('scanFolder.read', { name: file.name, offset, length: Math.min(PIECE, file.size - offset) });
      parts.push(fromBase64(bytes64));
    }
  } catch (err) {
    if (err instanceof BridgeError && err.code === 'scan-file-changed') throw new FileError('file-changed');
    throw new FileError('file-read-failed');
  }
  const blob = new Blob(parts);
  if (blob.size !== file.size) throw new FileError('file-changed');
  const att = await attachFile(db, { ...target, file: blob, name: file.name });
  await kiosk.call('scanFolder.done', { name: file.name }).catch(() => undefined);
  return att;
}
