/**
 * Printing a form page: with a printer set (settings `printerName`) the Electron host prints the
 * page on it without a dialog (`print.receipt`); otherwise, or when the host cannot choose a
 * printer (the browser host) or the printer fails, `window.print()` opens the print dialog. The
 * Electron host keeps a PDF copy of each (`print.receiptPdf`); the browser host answers
 * `unsupported` (its dialog offers "Save as PDF"), which is not an error here.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
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

/**
 * What a printed page's screen (the receipt, forms 02–06) does once its page is built (`ready`):
 * names the document `title` (the PDF and the print queue are named by it) while it shows, puts
 * the focus on its primary button (the returned ref: print again) so it is never left on the
 * page's body, and prints it once when `autoPrint` — 50 ms after the page is built, so that it is
 * painted (or the printout would be blank). It is marked printed only when the print fires: a
 * screen left within the 50 ms prints nothing, and one that stays prints once however often it
 * re-renders.
 */
export function useAutoPrint({ title, autoPrint, ready, print }: { title: string; autoPrint: boolean; ready: boolean; print(): Promise<void> }): RefObject<HTMLButtonElement | null> {
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => { document.title = before; };
  }, [title]);
  const primary = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (ready) primary.current?.focus();
  }, [ready]);
  const printed = useRef(false);
  useEffect(() => {
    if (!autoPrint || printed.current || !ready) return undefined;
    const timer = setTimeout(() => { printed.current = true; void print(); }, 50);
    return () => clearTimeout(timer);
  }, [autoPrint, ready, print]);
  return primary;
}

/** A printed page's screen for a dossier this counter does not hold. */
export function DossierNotFound({ code }: { code: string }) {
  const { t } = useTranslation('counter');
  return <p data-testid="dossier-not-found">{t('dossier.notFound', { code })}</p>;
}
