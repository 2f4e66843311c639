/**
 * The counter's side of the citizen-facing display: posts the current dossier (masked here,
 * before it leaves the page), the fee QR, and the request for a rating after a hand-back; records
 * the rating the citizen gives with `rate()`, so it syncs like any staff action.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { liveQuery } from 'dexie';
import { forDisplay, feePayload, type FeeAccountInfo } from '../citizen/view-model';
import { rate } from '../db/actions';
import type { DossierRow, KioskDb } from '../db/database';
import { asFromDisplay, openChannel, type ToDisplay } from './display-channel';

export interface DisplayLink {
  show(row: DossierRow, opts?: { fee?: boolean; askRating?: boolean }): void;
  clear(): void;
}

export function displayMessage(row: DossierRow, account: FeeAccountInfo | null, opts: { fee?: boolean; askRating?: boolean }): ToDisplay {
  const dossier = forDisplay(row);
  const fee = opts.fee ? feePayload(dossier, account) : null;
  return {
    type: 'show',
    dossier,
    fee: fee && account ? { ...fee, accountName: account.accountName } : null,
    askRating: opts.askRating === true,
  };
}

export function useDisplayLink(opts: { db: KioskDb; staffId: string | null; now: () => number; feeAccount: FeeAccountInfo | null }): DisplayLink {
  const channel = useRef<BroadcastChannel | null>(null);
  const last = useRef<ToDisplay>({ type: 'clear' });
  const ctx = useRef(opts);
  useEffect(() => { ctx.current = opts; });

  useEffect(() => {
    const ch = openChannel();
    channel.current = ch;
    if (!ch) return undefined;
    ch.onmessage = (e: MessageEvent) => {
      const m = asFromDisplay(e.data);
      if (!m) return;
      if (m.type === 'hello') {
        ch.postMessage(last.current);
        return;
      }
      // Only the dossier the display was asked to rate, once.
      const asked = last.current;
      if (asked.type !== 'show' || !asked.askRating || asked.dossier.code !== m.code) return;
      const { db, staffId, now } = ctx.current;
      last.current = { ...asked, askRating: false };
      rate({ db, staffId, now }, { code: m.code, score: m.score }).then(
        () => ch.postMessage({ type: 'rated', code: m.code, ok: true } satisfies ToDisplay),
        () => ch.postMessage({ type: 'rated', code: m.code, ok: false } satisfies ToDisplay),
      );
    };
    return () => {
      ch.postMessage({ type: 'clear' } satisfies ToDisplay);
      ch.close();
      channel.current = null;
    };
  }, []);

  const post = useCallback((m: ToDisplay) => {
    last.current = m;
    channel.current?.postMessage(m);
  }, []);

  // The dossier shown follows its row: a fee recorded as paid takes the payment QR off the
  // citizen's screen at once (else they could pay twice), a status change shows.
  const [shown, setShown] = useState<{ code: string; fee: boolean } | null>(null);
  useEffect(() => {
    if (!shown) return undefined;
    const sub = liveQuery(() => ctx.current.db.dossiers.get(shown.code)).subscribe({
      next: (row) => {
        const was = last.current;
        if (!row || was.type !== 'show' || was.dossier.code !== shown.code) return;
        // Only when what the citizen sees changed (the first answer is the row just posted; a
        // rating recorded — its `rated` mark — leaves the display as it is: its thanks stay on screen).
        const next = displayMessage(row, ctx.current.feeAccount, { fee: shown.fee, askRating: was.askRating });
        if (seen(next) !== seen(was)) post(next);
      },
      error: () => undefined,
    });
    return () => sub.unsubscribe();
  }, [shown, post]);

  return useMemo(() => ({
    show: (row: DossierRow, o: { fee?: boolean; askRating?: boolean } = {}) => {
      post(displayMessage(row, ctx.current.feeAccount, o));
      setShown({ code: row.code, fee: o.fee === true });
    },
    clear: () => { post({ type: 'clear' }); setShown(null); },
  }), [post]);
}

/** What a message puts on the citizen's screen, to compare two: the display does not show `rated`. */
function seen(m: ToDisplay): string {
  return JSON.stringify(m.type === 'show' ? { ...m, dossier: { ...m.dossier, rated: null } } : m);
}
