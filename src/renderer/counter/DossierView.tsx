/**
 * One dossier at the counter: who, what, where it is, when it is due, what is owed,
 * what is missing — and only the actions the status machine allows here, each confirmed, written
 * with its outbox mutation in one transaction and audited with the signed-in staff member.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeAppointment, DossierStatus, statusLabel, vietnamDayAndTime } from '../../shared/domain';
import { competentAgencyOf, daysLate, EXTENDABLE_STATUSES, isCrossAgency, isDossierOverdue, stepRefusal, wasExtended } from '../../shared/dossier';
import { Button, Icon, Select, StatusBadge, TextArea, TextField } from '../ui';
import { OPEN_STATUSES } from './worklist';
import { formsFor, type FormId } from '../../shared/forms';
import { formatDong } from '../../shared/receipt';
import type { Staff } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { extend, payFee, transition } from '../db/actions';
import type { DossierRow } from '../db/database';
import { paymentReference } from '../citizen/view-model';
import { Confirm } from './Confirm';
import { Digitise } from './Digitise';
import { errorKey, type ErrorKey } from './errors';
import { formatShortTime, formatTime } from './format';
import { useLive } from './live';
import { birthDateText, canTakeFees, holidayCalendar, offeredActions, STATUS_ACTIONS, type StatusAction } from './model';
import type { OfficerSigner } from '../trust/officer-key';
import type { Agencies } from './agencies';

export interface DossierViewProps {
  code: string;
  /** The dossier as already read (a scan found it): shown in the first frame, then kept current. */
  initial?: DossierRow;
  staff: Staff;
  /** The signed-in officer's key: every action here is signed with it. */
  signer: OfficerSigner | null;
  canShowFeeQr: boolean;
  /** Prints the dossier's receipt (mẫu 01) again: "In giấy tiếp nhận", F9. */
  onPrint(code: string): void;
  /** Opens a form of Circular 03/2025 for this dossier (02–06), printing it at once when asked. */
  onForm(code: string, form: Exclude<FormId, '01' | '07'>, autoPrint: boolean): void;
  onShowFeeQr(row: DossierRow): void;
  onHandedBack(row: DossierRow): void;
  /**
   * The province's agencies and this counter's own, kept by the workspace for the session (read
   * once, not at every dossier opened: the scan path has no round trip for it).
   */
  agencies: Agencies;
}

type Pending =
  | { kind: 'status'; action: StatusAction }
  | { kind: 'fee'; feeId: string }
  | { kind: 'extend' };

/** Working days an extension adds unless the officer says otherwise. */
const DEFAULT_EXTENSION_DAYS = 5;

const splitLines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

export function DossierView({ code, initial, staff, signer, canShowFeeQr, onPrint, onForm, onShowFeeQr, onHandedBack, agencies }: DossierViewProps) {
  const { t, i18n } = useTranslation(['counter', 'codes']);
  const { db, now } = useAppServices();
  // Kept current by a live query; `initial` (the row the scan found) paints it without waiting for one.
  const row = useLive<DossierRow | undefined | null>(() => db.dossiers.get(code), [db, code], initial ?? null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorKey | null>(null);
  const [done, setDone] = useState<{ key: `done.${StatusAction}` | 'done.feePaid' | 'done.extend'; form: Exclude<FormId, '01' | '07'> | null } | null>(null);
  const [note, setNote] = useState('');
  const [supplementList, setSupplementList] = useState('');
  const [extensionDays, setExtensionDays] = useState(String(DEFAULT_EXTENSION_DAYS));
  const holidays = useLive(() => db.holidays.toArray(), [db], []);
  const calendar = useMemo(() => holidayCalendar(holidays), [holidays]);
  const [method, setMethod] = useState<'cash' | 'transfer'>('cash');
  const [reference, setReference] = useState('');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  // Focus is predictable (docs/DESIGN.md, "Keyboard"): once the dossier shows, and after each
  // action, it is on the action bar — the offered form when there is one, else the first action.
  const bar = useRef<HTMLDivElement | null>(null);
  const loaded = row !== null && row !== undefined && agencies.loaded;
  useEffect(() => {
    if (!loaded || pending !== null) return;
    const el = bar.current?.querySelector<HTMLButtonElement>('[data-testid^="offer-form-"]') ?? bar.current?.querySelector<HTMLButtonElement>('button:not(:disabled)');
    el?.focus();
  }, [loaded, done, pending]);

  if (row === undefined) return <p data-testid="dossier-not-found">{t('dossier.notFound', { code })}</p>;
  // Which steps are offered depends on whether this counter is the competent agency: the dossier
  // shows once it knows its own (read beside the dossier), never first with another agency's steps.
  if (row === null || !agencies.loaded) return null;
  const d = row;
  const ctx = { db, staffId: staff.id, signer, now };
  const overdue = isDossierOverdue(d, now());
  const open = (OPEN_STATUSES as readonly number[]).includes(d.status);
  const left = vietnamDayAndTime(Date.parse(d.appointmentAt)).day - vietnamDayAndTime(now()).day;
  const here = agencies.own?.code;
  const actions = offeredActions(d, here);
  const unpaid = d.fees.filter((f) => !f.paid);
  // The extension (form 04) is the competent agency's, as processing is (boundary-free intake).
  const canExtend = EXTENDABLE_STATUSES.includes(d.status) && !wasExtended(d) && (here === undefined || stepRefusal(d, here, 'process') === null);
  const cross = isCrossAgency(d);
  const days = Number(extensionDays);
  const daysOk = Number.isInteger(days) && days >= 1 && days <= 60;
  // Counted from the current appointment, or from now when that has passed (an overdue dossier's
  // new date must be one still to come).
  const extendBase = Math.max(Date.parse(d.appointmentAt), now());
  const newAppointment = pending?.kind === 'extend' && daysOk ? computeAppointment(extendBase, days, calendar) : null;
  const statusRule = pending?.kind === 'status' ? STATUS_ACTIONS[pending.action] : null;
  const needsReason = pending?.kind === 'extend' || statusRule?.reason === true;
  const missingInput = (needsReason && note.trim() === '')
    || (pending?.kind === 'status' && pending.action === 'requestSupplement' && splitLines(supplementList).length === 0)
    || (pending?.kind === 'extend' && newAppointment === null);
  const forms = formsFor(d).filter((f): f is Exclude<FormId, '01' | '07'> => f !== '01' && f !== '07');

  const ask = (p: Pending): void => {
    setPending(p);
    setError(null);
    setDone(null);
    setNote('');
    setSupplementList('');
    setExtensionDays(String(DEFAULT_EXTENSION_DAYS));
    setReference('');
    setMethod('cash');
  };

  const confirm = (): void => {
    if (!pending) return;
    setBusy(true);
    if (missingInput) return;
    let work;
    let what: NonNullable<typeof done>;
    if (pending.kind === 'status') {
      const rule = STATUS_ACTIONS[pending.action];
      const supplements = pending.action === 'requestSupplement' ? splitLines(supplementList).map((name) => ({ name, note: null })) : [];
      work = transition(ctx, { code, to: rule.to, note: note.trim() || null, supplements });
      what = { key: `done.${pending.action}`, form: rule.form && rule.form !== '01' && rule.form !== '07' ? rule.form : null };
    } else if (pending.kind === 'extend') {
      work = extend(ctx, { code, appointmentAt: new Date(newAppointment ?? 0).toISOString(), reason: note });
      what = { key: 'done.extend', form: '04' };
    } else {
      work = payFee(ctx, { code, feeId: pending.feeId, method, reference: reference.trim() || null });
      what = { key: 'done.feePaid', form: null };
    }
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
      <header className="dossier-head">
        <h2 data-testid="dossier-code">{d.code}</h2>
        <span data-testid="dossier-status" data-status={d.status}><StatusBadge status={d.status} /></span>
        <span className="dossier-due" data-testid="dossier-due" data-overdue={overdue || undefined}>
          {t('dossier.appointment', { time: formatTime(lang, d.appointmentAt) })}
          {open && (overdue
            ? <strong className="overdue" data-testid="overdue">{t('dossier.overdueDays', { count: daysLate(d, now()) })}</strong>
            : <strong>{left === 0 ? t('dossier.dueToday') : t('dossier.daysLeft', { count: left })}</strong>)}
        </span>
        {d.pendingOps > 0 && <span className="pending" data-testid="dossier-pending">{t('dossier.pendingSync')}</span>}
        {cross && (
          <p className="dossier-agencies" data-testid="dossier-agencies" data-receiving={d.agencyCode} data-competent={competentAgencyOf(d)}>
            {t('dossier.receivingAgency', { agency: agencies.nameOf(d.agencyCode) })} · {t('dossier.competentAgency', { agency: agencies.nameOf(competentAgencyOf(d)) })}
            {here !== undefined && here !== competentAgencyOf(d) && <> — {t('dossier.processedThere')}</>}
          </p>
        )}
      </header>
      <div className="dossier-body">
        <div className="dossier-col">
          <section aria-labelledby="dossier-applicant">
            <h3 id="dossier-applicant">{t('dossier.applicant')}</h3>
            <dl>
              <dt>{t('field.name')}</dt><dd data-testid="applicant-name">{d.applicant.name}</dd>
              <dt>{t('field.citizenId')}</dt><dd>{d.applicant.idMasked ?? '—'}</dd>
              <dt>{t('field.birthDate')}</dt><dd>{d.applicant.birthDate ? birthDateText(d.applicant.birthDate) : '—'}</dd>
              <dt>{t('field.address')}</dt><dd>{d.applicant.address}</dd>
              <dt>{t('field.phone')}</dt><dd>{d.applicant.phone ?? '—'}</dd>
            </dl>
          </section>
          <section aria-labelledby="dossier-procedure">
            <h3 id="dossier-procedure">{t('dossier.procedure')}</h3>
            <p><strong>{d.procedureName}</strong> <small>({d.procedureCode})</small></p>
            <p className="muted">{t('dossier.received', { time: formatTime(lang, d.receivedAt) })}</p>
            {d.documents.length > 0 && (
              <>
                <h4>{t('dossier.documents')}</h4>
                <ul className="checklist" data-testid="dossier-documents">
                  {d.documents.map((doc) => <li key={doc}><Icon name="check" /> {doc}</li>)}
                </ul>
              </>
            )}
          </section>
        </div>
        <div className="dossier-col">
          {(d.fees.length > 0 || d.status === DossierStatus.PaymentRequested) && (
            <section data-testid="fees" aria-labelledby="dossier-fees">
              <h3 id="dossier-fees">{t('dossier.fees')}</h3>
              {d.fees.length === 0 && <p data-testid="fees-none">{t('fee.noneHere')}</p>}
              <ul>
                {d.fees.map((f) => (
                  <li key={f.id} data-testid="fee" data-paid={f.paid ? 'true' : 'false'}>
                    {f.name}: {t('money', { amount: formatDong(f.amount) })} —{' '}
                    {f.paid ? t('fee.paid', { method: t(`fee.method.${f.method ?? 'cash'}`) }) : t('fee.unpaid')}
                    {f.paid && f.reference && <small> ({f.reference})</small>}
                    {!f.paid && canTakeFees(d) && (
                      <Button size="sm" onClick={() => ask({ kind: 'fee', feeId: f.id })} data-testid={`pay-${f.id}`}>{t('fee.markPaid')}</Button>
                    )}
                  </li>
                ))}
              </ul>
              {unpaid.length > 0 && canShowFeeQr && canTakeFees(d) && (
                <Button size="sm" variant="quiet" onClick={() => onShowFeeQr(d)} data-testid="show-fee-qr">{t('fee.showQr')}</Button>
              )}
            </section>
          )}
          <Digitise code={d.code} components={d.documents} staffId={staff.id} signer={signer} />
          {d.supplements.length > 0 && (
            <section data-testid="supplements" aria-labelledby="dossier-supplements">
              <h3 id="dossier-supplements">{t('dossier.supplements')}</h3>
              <ul>{d.supplements.map((s, i) => <li key={i}>{s.name}{s.note && <small> — {s.note}</small>}</li>)}</ul>
            </section>
          )}
          <section aria-labelledby="dossier-timeline">
            <h3 id="dossier-timeline">{t('dossier.timeline')}</h3>
            <ol className="timeline" data-testid="timeline">
              {d.timeline.map((e, i) => (
                <li key={i}>
                  {/* The short time of the dense tables: an entry stays on one line. */}
                  <span className="nowrap">{formatShortTime(e.at)}</span> — {t(`timeline.${e.action}`)}
                  {e.status !== null && <>: {statusLabel(e.status, lang)}</>}
                  {e.note && <small> ({e.note})</small>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
      <div ref={bar} className="dossier-bar" role="region" aria-label={t('dossier.actions')}>
        <div className="actions" data-testid="actions">
          {actions.map((a) => (
            <Button key={a} variant={a === 'handBack' ? 'primary' : a === 'stop' ? 'danger' : 'secondary'} onClick={() => ask({ kind: 'status', action: a })} data-testid={`action-${a}`}>{t(`action.${a}`)}</Button>
          ))}
          {canExtend && (
            <Button onClick={() => ask({ kind: 'extend' })} data-testid="action-extend">{t('action.extend')}</Button>
          )}
          {d.status !== DossierStatus.Refused && <Button variant="quiet" shortcut="F9" onClick={() => onPrint(d.code)} data-testid="reprint">{t('action.print')}</Button>}
        </div>
        {forms.length > 0 && (
          <div className="actions" data-testid="forms">
            <span>{t('form.list')}:</span>
            {forms.map((f) => (
              <Button size="sm" variant="quiet" key={f} onClick={() => onForm(d.code, f, false)} data-testid={`form-${f}`}>{t(`form.name.${f}`)}</Button>
            ))}
          </div>
        )}
        {done && (
          <p role="status" data-testid="action-done">
            {t(done.key)}{' '}
            {done.form && (
              <Button variant="primary" onClick={() => onForm(d.code, done.form!, true)} data-testid={`offer-form-${done.form}`}>
                {t('form.print', { form: done.form })}
              </Button>
            )}
          </p>
        )}
        {error && <p role="alert" data-testid="action-error">{t(error)}</p>}
      </div>
      {pending?.kind === 'status' && (
        <Confirm title={t(`confirm.${pending.action}`, { code: d.code })} busy={busy} onConfirm={confirm} onCancel={() => setPending(null)} confirmDisabled={missingInput}>
          {pending.action === 'requestSupplement' && (
            <TextArea label={t('confirm.supplementList')} required value={supplementList} rows={3} maxLength={3000} onChange={(e) => setSupplementList(e.target.value)} data-testid="confirm-supplements" />
          )}
          <TextField label={t(needsReason ? 'confirm.reason' : 'confirm.note')} required={needsReason} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="confirm-note" />
        </Confirm>
      )}
      {pending?.kind === 'extend' && (
        <Confirm title={t('confirm.extend', { code: d.code })} busy={busy} onConfirm={confirm} onCancel={() => setPending(null)} confirmDisabled={missingInput}>
          <p>{t('confirm.extendFrom', { time: formatTime(lang, d.appointmentAt) })}</p>
          <TextField label={t('confirm.extendDays')} type="number" min={1} max={60} value={extensionDays} onChange={(e) => setExtensionDays(e.target.value)} data-testid="extend-days" />
          {extendBase > Date.parse(d.appointmentAt) && <p data-testid="extend-overdue">{t('confirm.extendFromNow')}</p>}
          {newAppointment !== null
            ? <p data-testid="extend-new">{t('confirm.extendTo', { time: formatTime(lang, newAppointment) })}</p>
            : <p className="ui-error" role="alert" data-testid="extend-days-error">{t('confirm.extendDaysRange')}</p>}
          <TextField label={t('confirm.reason')} required value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="confirm-note" />
        </Confirm>
      )}
      {pending?.kind === 'fee' && fee && (
        <Confirm
          title={t('confirm.feePaid', { name: fee.name, amount: formatDong(fee.amount) })} busy={busy} onConfirm={confirm}
          onCancel={() => setPending(null)} confirmDisabled={method === 'transfer' && reference.trim() === ''}
        >
          <Select
            label={t('fee.methodLabel')} value={method} onChange={(v) => setMethod(v === 'transfer' ? 'transfer' : 'cash')} data-testid="fee-method"
            options={[{ value: 'cash', label: t('fee.method.cash') }, { value: 'transfer', label: t('fee.method.transfer') }]}
          />
          <TextField
            label={t('fee.reference')} required={method === 'transfer'} value={reference} maxLength={80} onChange={(e) => setReference(e.target.value)} data-testid="fee-reference"
            {...(method === 'transfer' ? { description: t('fee.expectContent', { content: paymentReference(d.code) }) } : {})}
          />
        </Confirm>
      )}
    </article>
  );
}
