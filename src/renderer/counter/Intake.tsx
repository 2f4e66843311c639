/**
 * Receiving a new dossier. A CCCD scan fills the applicant (the fields stay
 * editable: the card's address may be outdated); the procedure comes from the catalog; the
 * checklist starts with every document ticked (the usual case, one fewer interaction); the
 * appointment follows the procedure's working days and the official calendar. "Receive" writes
 * the dossier and its outbox mutation in one transaction, with a code from today's lease, and
 * opens the receipt.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { computeAppointment, describeWarning, type CccdScan, type CccdWarning } from '../../shared/domain';
import { formatDong } from '../../shared/receipt';
import { maskCitizenId } from '../../shared/privacy/mask';
import type { DeviceIdentity, Procedure, Staff } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { ActionError, hashCitizenId, intake, vietnamDay } from '../db/actions';
import { META } from '../db/database';
import { errorKey, type ErrorKey } from './errors';
import { formatTime } from './format';
import { useLive } from './live';
import { AddressSuggestion } from './AddressSuggestion';
import { CompetentAgency, useAgencies } from './agencies';
import { Confirm } from './Confirm';
import { Button, Checkbox, Select, TextField } from '../ui';
import { birthDateOrNull, birthDateText, holidayCalendar } from './model';
import { ProcedurePicker } from './ProcedurePicker';
import type { OfficerSigner } from '../trust/officer-key';
import { intakePreview } from './display-link';
import type { IntakePreview } from './display-channel';

/** A CCCD scan handed to the form; `nonce` makes a second scan of the same card refill it. */
export interface CccdFill {
  scan: CccdScan;
  nonce: number;
}

type Sex = 'male' | 'female' | 'unknown';

interface Form {
  name: string;
  citizenId: string;
  birthDate: string;
  sex: Sex;
  address: string;
  phone: string;
  email: string;
}

const EMPTY: Form = { name: '', citizenId: '', birthDate: '', sex: 'unknown', address: '', phone: '', email: '' };

function fromCccd(c: CccdScan): Form {
  return {
    ...EMPTY,
    name: c.name, citizenId: c.id, birthDate: birthDateText(birthDateOrNull(c.birthDate)) || c.birthDate, address: c.address,
    sex: c.sex === 'Nam' ? 'male' : c.sex === 'Nữ' ? 'female' : 'unknown',
  };
}

type Problem = 'name' | 'citizenId' | 'birthDate' | 'procedure' | 'phone' | 'email';

function problems(f: Form, p: Procedure | null, today: string): Problem[] {
  const out: Problem[] = [];
  if (f.name.trim() === '') out.push('name');
  if (!/^\d{12}$/.test(f.citizenId)) out.push('citizenId');
  if (f.birthDate.trim() !== '' && birthDateOrNull(f.birthDate.trim(), today) === null) out.push('birthDate');
  if (f.phone.trim() !== '' && !/^[+\d][\d .-]{5,19}$/.test(f.phone.trim())) out.push('phone');
  if (f.email.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) out.push('email');
  if (!p) out.push('procedure');
  return out;
}

export function Intake({ staff, signer, fill, onSaved, onRefused, onPreview }: {
  staff: Staff; signer: OfficerSigner | null; fill: CccdFill | null; onSaved(code: string): void;
  /** A dossier refused at intake (status 3): it gets a code, and the refusal slip (form 03) is printed. */
  onRefused(code: string): void;
  /** The form as the citizen-facing display may show it (masked), each time what it shows changes. */
  onPreview?(preview: IntakePreview): void;
}) {
  const { t, i18n } = useTranslation(['counter', 'codes']);
  const { db, now } = useAppServices();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const procedures = useLive(() => db.procedures.toArray(), [db], [] as Procedure[]);
  const holidays = useLive(() => db.holidays.toArray(), [db], []);
  const [form, setForm] = useState<Form>(() => (fill ? fromCccd(fill.scan) : EMPTY));
  const [warnings, setWarnings] = useState<CccdWarning[]>(() => fill?.scan.warnings ?? []);
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorKey | null>(null);
  const [communeCode, setCommuneCode] = useState<string | null>(null);
  const agencies = useAgencies();
  const [competent, setCompetent] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement | null>(null);
  const procedureSearch = useRef<HTMLInputElement | null>(null);
  const nameInput = useRef<HTMLInputElement | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [refusal, setRefusal] = useState('');
  const calendar = useMemo(() => holidayCalendar(holidays), [holidays]);

  const nonce = fill?.nonce;
  useEffect(() => {
    if (!fill) return;
    setForm(fromCccd(fill.scan));
    setWarnings(fill.scan.warnings);
    // Only a new scan refills; editing the fields afterwards must not be undone by a re-render.
  }, [nonce]);
  // Where the officer's next key goes (docs/DESIGN.md, "Keyboard"): after a card scan the person is
  // known, so the procedure search (or "receive" when one is already chosen); without a card, the name.
  useEffect(() => {
    const target = fill ? (procedure ? saveButton.current : procedureSearch.current) : nameInput.current;
    target?.focus();
  }, [nonce]);

  const set = <K extends keyof Form>(k: K, v: Form[K]): void => setForm((f) => ({ ...f, [k]: v }));
  const found = problems(form, procedure, vietnamDay(now()));
  const appointment = procedure ? computeAppointment(now(), procedure.processingDays, calendar) : null;
  // The citizen across the counter follows the intake on their display (masked: display-link.ts).
  const ticked = procedure ? procedure.documents.filter((d) => !unticked.has(d)) : [];
  // The appointment to the minute, as shown (computed from now, it moves every millisecond).
  const shownAppointment = appointment === null ? null : Math.floor(appointment / 60_000) * 60_000;
  const preview = JSON.stringify(intakePreview({ name: form.name, citizenId: form.citizenId, procedure, documents: ticked, appointmentAt: shownAppointment }));
  useEffect(() => { onPreview?.(JSON.parse(preview) as IntakePreview); }, [preview, onPreview]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    save(false);
  };

  /** Receives the dossier (status 2), or refuses it at intake (status 3, with the reason, no fees). */
  const save = (refuse: boolean): void => {
    if (busy) return;
    if (found.length > 0) {
      setShowProblems(true);
      return;
    }
    if (!procedure) return;
    if (refuse && refusal.trim() === '') return;
    setBusy(true);
    setError(null);
    // One instant for receipt time and appointment: the gateway refuses an appointment before receipt.
    const at = now();
    void (async () => {
      const identity = await db.getMeta<DeviceIdentity>(META.identity);
      if (!identity) throw new ActionError('not-enrolled');
      // The calendar as stored now, like the identity: the one shown may not have been read yet
      // (an intake saved at once after the screen opened), and the receipt tells the citizen this date.
      const holidaysNow = holidayCalendar(await db.holidays.toArray());
      const idHash = await hashCitizenId(identity.idSalt, form.citizenId);
      return intake({ db, staffId: staff.id, signer, now: () => at }, {
        procedureCode: procedure.code,
        applicant: {
          name: form.name.trim(), idHash, idMasked: maskCitizenId(form.citizenId), citizenId: form.citizenId,
          birthDate: birthDateOrNull(form.birthDate.trim()), sex: form.sex, address: form.address.trim(),
          phone: form.phone.trim() || null, email: form.email.trim() || null, communeCode,
        },
        appointmentAt: new Date(refuse ? at : computeAppointment(at, procedure.processingDays, holidaysNow)).toISOString(),
        documents: procedure.documents.filter((d) => !unticked.has(d)),
        competentAgencyCode: competent,
        ...(refuse ? { status: 3 as const, note: refusal.trim(), fees: [] } : {}),
      });
    })().then((r) => {
      setBusy(false);
      if (refuse) onRefused(r.code); else onSaved(r.code);
    }, (err: unknown) => {
      setBusy(false);
      setError(errorKey(err));
    });
  };

  const shown = (k: keyof Form): k is keyof Form & Problem => showProblems && (found as readonly string[]).includes(k);
  // The design system's fields (ui/TextField): label, error linked with aria-describedby, aria-invalid.
  const field = (k: keyof Form, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label} value={form[k]} onChange={(e) => set(k, e.target.value as never)} data-testid={`intake-${k}`}
      error={shown(k) ? t(`intake.problem.${k}`) : null} {...extra}
    />
  );

  return (
    // noValidate: the form's own checks speak for every field, in the screen's language (the
    // browser's bubble for the e-mail field would stop the submit first and hide the others).
    <form className="counter-intake" onSubmit={submit} noValidate data-testid="intake">
      <h2>{t('intake.title')}</h2>
      {!fill && <p className="hint">{t('intake.scanHint')}</p>}
      {warnings.map((w) => <p key={w} className="warning" data-testid="cccd-warning">{describeWarning(w)[lang]}</p>)}
      <fieldset>
        <legend>{t('dossier.applicant')}</legend>
        {field('name', t('field.name'), { maxLength: 200, ref: nameInput })}
        {field('citizenId', t('field.citizenId'), { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' })}
        {field('birthDate', t('field.birthDate'), { placeholder: t('intake.birthDatePlaceholder') })}
        <Select
          label={t('field.sex')} value={form.sex} onChange={(v) => set('sex', v as Sex)} data-testid="intake-sex"
          options={[{ value: 'male', label: t('sex.male') }, { value: 'female', label: t('sex.female') }, { value: 'unknown', label: t('sex.unknown') }]}
        />
        {field('address', t('field.address'), { maxLength: 500, className: 'intake-wide' })}
        <AddressSuggestion address={form.address} chosen={communeCode} onChoose={setCommuneCode} />
        {field('phone', t('field.phone'), { inputMode: 'tel', maxLength: 20 })}
        {field('email', t('field.email'), { type: 'email', maxLength: 200 })}
      </fieldset>
      <fieldset>
        <legend>{t('dossier.procedure')}</legend>
        <ProcedurePicker
          procedures={procedures} chosen={procedure} inputRef={procedureSearch}
          // Chosen: the next key (Enter) receives the dossier, so the keyboard path is scan, type, Enter, Enter.
          onChoose={(p) => { setProcedure(p); setUnticked(new Set()); if (p) setTimeout(() => saveButton.current?.focus(), 0); }}
          error={showProblems && found.includes('procedure') ? t('intake.problem.procedure') : null}
        />
        {procedure && <CompetentAgency procedure={procedure} communeCode={communeCode} agencies={agencies} onChange={setCompetent} />}
      </fieldset>
      {procedure && (
        <fieldset data-testid="documents">
          <legend>{t('intake.documents')}</legend>
          {procedure.documents.map((doc) => (
            <Checkbox
              key={doc} checked={!unticked.has(doc)} data-testid="document"
              onChange={(checked) => setUnticked((s) => {
                const next = new Set(s);
                if (checked) next.delete(doc); else next.add(doc);
                return next;
              })}
            >{doc}</Checkbox>
          ))}
          {procedure.fees.length > 0 && (
            <p data-testid="intake-fees">
              {t('intake.fees')}: {procedure.fees.map((f) => `${f.name} ${t('money', { amount: formatDong(f.amount) })}`).join('; ')}
            </p>
          )}
          {appointment !== null && <p data-testid="intake-appointment">{t('dossier.appointment', { time: formatTime(lang, appointment) })}</p>}
        </fieldset>
      )}
      {error && <p role="alert" data-testid="intake-error">{t(error)}</p>}
      <div className="intake-actions">
        <Button ref={saveButton} type="submit" variant="primary" disabled={busy} data-testid="intake-save">{t('intake.save')}</Button>
        <Button
          variant="danger" disabled={busy} data-testid="intake-refuse"
          onClick={() => { if (found.length > 0) setShowProblems(true); else { setRefusal(''); setRefusing(true); } }}
        >{t('intake.refuse')}</Button>
      </div>
      {refusing && (
        <Confirm
          title={t('intake.refuseTitle', { name: form.name.trim() })} busy={busy} confirmDisabled={refusal.trim() === ''}
          onConfirm={() => save(true)} onCancel={() => setRefusing(false)}
        >
          <TextField label={t('intake.refuseReason')} required value={refusal} maxLength={1000} onChange={(e) => setRefusal(e.target.value)} data-testid="refuse-reason" />
        </Confirm>
      )}
    </form>
  );
}
