/**
 * The counter's side of the citizen-facing display: posts the current dossier (masked here,
 * before it leaves the page) or the intake being filled in (masked too), the fee QR, and the request for a rating after a hand-back; records
 * the rating the citizen gives with `rate()`, so it syncs like any staff action.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { liveQuery } from 'dexie';
import { forDisplay, feePayload, type FeeAccountInfo } from '../citizen/view-model';
import { rate } from '../db/actions';
import type { DossierRow, KioskDb } from '../db/database';
import { maskCitizenId, maskName } from '../../shared/privacy/mask';
import { asFromDisplay, openChannel, type IntakePreview, type ToDisplay } from './display-channel';

export interface DisplayLink {
  show(row: DossierRow, opts?: { fee?: boolean; askRating?: boolean }): void;
  /** The intake being filled in (already masked: `intakePreview`). */
  intake(preview: IntakePreview): void;
  clear(): void;
}

/** The intake form as the citizen may see it: masked here, before it leaves the page. */
export function intakePreview(f: {
  name: string; citizenId: string; procedure: { name: string; fees: readonly { name: string; amount: number }[] } | null;
  documents: readonly string[]; appointmentAt: number | null;
}): IntakePreview {
  const id = f.citizenId.replace(/\D/g, '');
  return {
    applicantMasked: maskName(f.name),
    idMasked: id.length === 12 ? maskCitizenId(id) : null,
    procedure: f.procedure?.name ?? null,
    documents: [...f.documents],
    fees: f.procedure ? f.procedure.fees.map((x) => ({ name: x.name, amount: x.amount })) : [],
    appointmentAt: f.appointmentAt === null ? null : new Date(f.appointmentAt).toISOString(),
  };
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
    intake: (preview: IntakePreview) => {
      const next: ToDisplay = { type: 'intake', preview };
      if (seen(next) !== seen(last.current)) post(next);
      setShown(null);
    },
    clear: () => { post({ type: 'clear' }); setShown(null); },
  }), [post]);
}

/** What a message puts on the citizen's screen, to compare two: the display does not show `rated`. */
function seen(m: ToDisplay): string {
  return JSON.stringify(m.type === 'show' ? { ...m, dossier: { ...m.dossier, rated: null } } : m);
}
