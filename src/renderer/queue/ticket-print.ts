/**
 * Printing a queue ticket, the one way for the kiosk and the counter's walk-in: with a printer set
 * in the settings the host prints the page's ticket without a dialog (`print.ticket`, the Electron
 * host's silent print); with none, a host that cannot choose one (`unsupported`, the browser host)
 * or a printer that failed (said as `failed`), the print dialog opens. While the ticket prints the
 * root carries `data-printing="queue-ticket"`, so the print layout shows the ticket alone even on a
 * page with another printable sheet (the counter's receipt; queue.css).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { bridgeErrorCode } from '../../shared/bridge/error';
import { useAppServices, useSettings } from '../app-services';

export type TicketSize = 'roll' | 'a6';
export type TicketPrinted = 'printed' | 'failed' | null;

export function useTicketPrint(): { size: TicketSize; printed: TicketPrinted; print(size: TicketSize, label: string): void } {
  const { kiosk } = useAppServices();
  const { printerName } = useSettings();
  const [size, setSize] = useState<TicketSize>('roll');
  const [printed, setPrinted] = useState<TicketPrinted>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const print = useCallback((s: TicketSize, label: string): void => {
    setSize(s);
    setPrinted(null);
    if (timer.current) clearTimeout(timer.current);
    // Let React draw the chosen size before the page is printed.
    timer.current = setTimeout(() => {
      timer.current = null;
      void (async () => {
        const root = document.documentElement;
        root.dataset.printing = 'queue-ticket';
        try {
          if (printerName !== null) {
            try {
              await kiosk.call('print.ticket', { label, size: s });
              setPrinted('printed');
              return;
            } catch (err) {
              if (bridgeErrorCode(err) !== 'unsupported') setPrinted('failed');
            }
          }
          if (typeof window.print === 'function') window.print();
        } finally {
          delete root.dataset.printing;
        }
      })();
    }, 50);
  }, [kiosk, printerName]);

  return { size, printed, print };
}
