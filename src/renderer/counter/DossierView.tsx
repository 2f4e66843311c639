/**
 * One dossier at the counter: who, what, where it is, when it is due, what is owed,
 * what is missing — and only the actions the status machine allows here, each confirmed, written
 * with its outbox mutation in one transaction and audited with the signed-in staff member.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../shared/domain';
import { isDossierOverdue } from '../../shared/dossier';
import { formatDong } from '../../shared/receipt';
import type { Staff } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { payFee, transition } from '../db/actions';
import type { DossierRow } from '../db/database';
import { Confirm } from './Confirm';
import { errorKey, type ErrorKey } from './errors';
import { formatTime } from './format';
import { useLive } from './live';
import { canTakeFees, offeredActions, STATUS_ACTIONS, type StatusAction } from './model';
import type { OfficerSigner } from '../trust/officer-key';

export interface DossierViewProps {
  code: string;
  staff: Staff;
  /** The signed-in officer's key: every action here is signed with it. */
  signer: OfficerSigner | null;
  canShowFeeQr: boolean;
  onPrint(code: string): void;
  onShowFeeQr(row: DossierRow): void;
  onHandedBack(row: DossierRow): void;
}

type Pending =
  | { kind: 'status'; action: StatusAction }
  | { kind: 'fee'; feeId: string };

export function DossierView({ code, staff, signer, canShowFeeQr, onPrint, onShowFeeQr, onHandedBack }: DossierViewProps) {
  const { t, i18n } = useTranslation(['counter', 'codes']);
  const { db, now } = useAppServices();
  const row = useLive<DossierRow | undefined | null>(() => db.dossiers.get(code), [db, code], null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorKey | null>(null);
  const [done, setDone] = useState<`done.${StatusAction}` | 'done.feePaid' | null>(null);
  const [note, setNote] = useState('');
  const [method, setMethod] = useState<'cash' | 'transfer'>('cash');
  const [reference, setReference] = useState('');
  const lang = i18n.language === 'en' ? 'en' : 'vi';

  if (row === undefined) return <p data-testid="dossier-not-found">{t('dossier.notFound', { code })}</p>;
  if (row === null) return null;
  const d = row;
  const ctx = { db, staffId: staff.id, signer, now };
  const overdue = isDossierOverdue(d, now());
  const actions = offeredActions(d);
  const unpaid = d.fees.filter((f) => !f.paid);

  const ask = (p: Pending): void => {
    setPending(p);
    setError(null);
    setDone(null);
    setNote('');
    setReference('');
    setMethod('cash');
  };

  const confirm = (): void => {
    if (!pending) return;
    setBusy(true);
    const work = pending.kind === 'status'
      ? transition(ctx, { code, to: STATUS_ACTIONS[pending.action].to, note: note.trim() || null })
      : payFee(ctx, { code, feeId: pending.feeId, method, reference: reference.trim() || null });
    const what = pending.kind === 'status' ? `done.${pending.action}` as const : 'done.feePaid';
    const handedBack = pending.kind === 'status' && pending.action === 'handBack';
    work.then((r) => {
      setBusy(false);
      setPending(null);
      setDone(what);
      if (handedBack && r.dossier) onHandedBack(r.dossier);
    }, (err: unknown) => {
      setBusy(false);
      setError(errorKey(err));
    });
  };

  const fee = pending?.kind === 'fee' ? d.fees.find((f) => f.id === pending.feeId) : undefined;

  return (
    <article className="counter-dossier" data-testid="dossier-view" data-code={d.code} data-status={d.status}>
      <header>
        <h2 data-testid="dossier-code">{d.code}</h2>
        <span className={`status status-${d.status}`} data-testid="dossier-status">{statusLabel(d.status, lang)}</span>
        {d.pendingOps > 0 && <span className="pending" data-testid="dossier-pending">{t('dossier.pendingSync')}</span>}
      </header>
      <section>
        <h3>{t('dossier.applicant')}</h3>
        <dl>
          <dt>{t('field.name')}</dt><dd data-testid="applicant-name">{d.applicant.name}</dd>
          <dt>{t('field.citizenId')}</dt><dd>{d.applicant.idMasked ?? '—'}</dd>
          <dt>{t('field.birthDate')}</dt><dd>{d.applicant.birthDate ?? '—'}</dd>
          <dt>{t('field.address')}</dt><dd>{d.applicant.address}</dd>
          <dt>{t('field.phone')}</dt><dd>{d.applicant.phone ?? '—'}</dd>
        </dl>
      </section>
      <section>
        <h3>{t('dossier.procedure')}</h3>
        <p>{d.procedureName} <small>({d.procedureCode})</small></p>
        <p>
          {t('dossier.received', { time: formatTime(lang, d.receivedAt) })}<br />
          {t('dossier.appointment', { time: formatTime(lang, d.appointmentAt) })}{' '}
          {overdue && <strong className="overdue" data-testid="overdue">{t('dossier.overdue')}</strong>}
        </p>
      </section>
      {d.fees.length > 0 && (
        <section data-testid="fees">
          <h3>{t('dossier.fees')}</h3>
          <ul>
            {d.fees.map((f) => (
              <li key={f.id} data-testid="fee" data-paid={f.paid ? 'true' : 'false'}>
                {f.name}: {t('money', { amount: formatDong(f.amount) })} —{' '}
                {f.paid ? t('fee.paid', { method: t(`fee.method.${f.method ?? 'cash'}`) }) : t('fee.unpaid')}
                {f.paid && f.reference && <small> ({f.reference})</small>}
                {!f.paid && canTakeFees(d) && (
                  <button type="button" onClick={() => ask({ kind: 'fee', feeId: f.id })} data-testid={`pay-${f.id}`}>{t('fee.markPaid')}</button>
                )}
              </li>
            ))}
          </ul>
          {unpaid.length > 0 && canShowFeeQr && canTakeFees(d) && (
            <button type="button" onClick={() => onShowFeeQr(d)} data-testid="show-fee-qr">{t('fee.showQr')}</button>
          )}
        </section>
      )}
      {d.supplements.length > 0 && (
        <section data-testid="supplements">
          <h3>{t('dossier.supplements')}</h3>
          <ul>{d.supplements.map((s, i) => <li key={i}>{s.name}{s.note && <small> — {s.note}</small>}</li>)}</ul>
        </section>
      )}
      <section>
        <h3>{t('dossier.timeline')}</h3>
        <ol className="timeline" data-testid="timeline">
          {d.timeline.map((e, i) => (
            <li key={i}>
              {formatTime(lang, e.at)} — {t(`timeline.${e.action}`)}
              {e.status !== null && <> : {statusLabel(e.status, lang)}</>}
              {e.note && <small> ({e.note})</small>}
            </li>
          ))}
        </ol>
      </section>
      <div className="actions" data-testid="actions">
        {actions.map((a) => (
          <button type="button" key={a} onClick={() => ask({ kind: 'status', action: a })} data-testid={`action-${a}`}>{t(`action.${a}`)}</button>
        ))}
        <button type="button" onClick={() => onPrint(d.code)} data-testid="reprint">{t('action.print')}</button>
      </div>
      {done && <p role="status" data-testid="action-done">{t(done)}</p>}
      {error && <p role="alert" data-testid="action-error">{t(error)}</p>}
      {pending?.kind === 'status' && (
        <Confirm title={t(`confirm.${pending.action}`, { code: d.code })} busy={busy} onConfirm={confirm} onCancel={() => setPending(null)}>
          <label>{t('confirm.note')} <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="confirm-note" /></label>
        </Confirm>
      )}
      {pending?.kind === 'fee' && fee && (
        <Confirm
          title={t('confirm.feePaid', { name: fee.name, amount: formatDong(fee.amount) })} busy={busy} onConfirm={confirm}
          onCancel={() => setPending(null)} confirmDisabled={method === 'transfer' && reference.trim() === ''}
        >
          <label>{t('fee.methodLabel')}{' '}
            <select value={method} onChange={(e) => setMethod(e.target.value === 'transfer' ? 'transfer' : 'cash')} data-testid="fee-method">
              <option value="cash">{t('fee.method.cash')}</option>
              <option value="transfer">{t('fee.method.transfer')}</option>
            </select>
          </label>
          <label>{t('fee.reference')} <input value={reference} maxLength={80} onChange={(e) => setReference(e.target.value)} data-testid="fee-reference" /></label>
        </Confirm>
      )}
    </article>
  );
}
