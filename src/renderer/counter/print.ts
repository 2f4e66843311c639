/**
 * Printing a form page: with a printer set (settings `printerName`) the Electron host prints the
 * page on it without a dialog (`print.receipt`); otherwise, or when the host cannot choose a
 * printer (the browser host) or the printer fails, `window.print()` opens the print dialog. The
 * Electron host keeps a PDF copy of each (`print.receiptPdf`); the browser host answers
 * `unsupported` (its dialog offers "Save as PDF"), which is not an error here.
 */
import { useCallback, useState } from 'react';
import type { FormId } from '../../shared/forms';
import { bridgeErrorCode } from '../../shared/bridge/error';
import { useAppServices, useSettings } from '../app-services';

/** What happened to the last print, for the officer. */
export type PrintNote = { kind: 'printed' | 'failed' | 'noChoice'; printer: string };

export function usePrint(code: string, form: FormId): { print(): Promise<void>; note: PrintNote | null; pdfPath: string | null } {
  const { kiosk } = useAppServices();
  const { printerName } = useSettings();
  const [pdfPath, setPdfPath] = useState<string | null>(null);
  const [note, setNote] = useState<PrintNote | null>(null);
  const savePdf = useCallback(async () => {
    try { setPdfPath((await kiosk.call('print.receiptPdf', { code, form })).path); } catch { setPdfPath(null); }
  }, [kiosk, code, form]);
  const print = useCallback(async () => {
    setNote(null);
    if (printerName !== null) {
      try {
        const r = await kiosk.call('print.receipt', { code, form });
        setNote({ kind: 'printed', printer: r.printer });
        void savePdf();
        return;
      } catch (err) {
        const failed = bridgeErrorCode(err) !== 'unsupported';
        setNote({ kind: failed ? 'failed' : 'noChoice', printer: printerName });
      }
    }
    if (typeof window.print === 'function') window.print();
    void savePdf();
  }, [kiosk, code, form, printerName, savePdf]);
  return { print, note, pdfPath };
}
