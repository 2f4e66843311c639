/**
 * Staff of the admin's agency (or any agency, for the province): list, add, deactivate or
 * reactivate, and reset a PIN (the PIN policy of the trust model: 6–12 digits, not guessable; with
 * the option to revoke the officer's signing keys). A PIN is typed here and never shown again.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencyCode, adminStaffPath, PATHS, type StaffRole, type StaffSummary } from '../../shared/protocol';
import { pinProblem } from '../../shared/settings/pin-policy';
import { Button, Dialog, Icon, Select, Table, TextField, useToast, type TableColumn } from '../ui';
import { ConfirmDialog, errorText, isUnknownAgency, useConsole } from './common';

/** The trust model's PIN policy, as the gateway applies it: its words before the gateway is asked. */
const pinErrorKey = (pin: string): 'staff.pinRequired' | 'staff.pinGuessable' | null => {
  const problem = pinProblem(pin);
  return problem === null ? null : problem === 'format' ? 'staff.pinRequired' : 'staff.pinGuessable';
};

export function StaffPanel() {
  const { t } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const toast = useToast();
  const [agency, setAgency] = useState(session.agency ?? '');
  const [list, setList] = useState<StaffSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<StaffSummary | null>(null);
  const [deactivating, setDeactivating] = useState<StaffSummary | null>(null);

  const load = useCallback(async () => {
    const a = agency.trim().toUpperCase();
    const q = a !== '' && AgencyCode.safeParse(a).success ? `?agency=${encodeURIComponent(a)}` : '';
    try {
      setList((await api.get<{ staff: StaffSummary[] }>(PATHS.adminStaff + q)).staff);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [api, agency, t]);
  useEffect(() => { void load(); }, [load]);

  async function activate(s: StaffSummary) {
    try {
      await api.post(adminStaffPath(s.id, 'activate'));
      toast.show({ message: t('staff.activated', { name: s.name }), tone: 'success' });
      await load();
    } catch (err) {
      toast.show({ message: t('failed', { message: errorText(t, err) }), tone: 'error' });
    }
  }

  const columns: TableColumn<StaffSummary>[] = [
    { id: 'name', label: t('staff.name'), rowHeader: true, sortValue: (s) => s.name, cell: (s) => s.name },
    { id: 'agency', label: t('agency'), sortValue: (s) => s.agencyCode, cell: (s) => <span className="pc-mono">{s.agencyCode}</span> },
    { id: 'title', label: t('staff.title'), sortValue: (s) => s.title, cell: (s) => s.title || t('none') },
    { id: 'role', label: t('staff.role'), sortValue: (s) => s.role, cell: (s) => t(`staff.roles.${s.role}`) },
    {
      id: 'state', label: t('staff.state'), sortValue: (s) => (s.active ? 1 : 0),
      cell: (s) => s.active ? <span className="pc-flag pc-flag-ok"><Icon name="check" />{t('staff.active')}</span>
        : <span className="pc-flag pc-flag-off"><Icon name="stop" />{t('staff.inactive')}</span>,
    },
    { id: 'keys', label: t('staff.keys'), align: 'end', sortValue: (s) => s.activeKeys, cell: (s) => s.activeKeys },
    {
      id: 'actions', label: t('staff.actions'), cell: (s) => (
        <span className="pc-actions">
          <Button size="sm" onClick={() => setResetting(s)} data-testid="pc-staff-reset">{t('staff.resetPin')}</Button>
          {s.active
            ? <Button size="sm" variant="quiet" onClick={() => setDeactivating(s)} data-testid="pc-staff-deactivate">{t('staff.deactivate')}</Button>
            : <Button size="sm" variant="quiet" onClick={() => void activate(s)} data-testid="pc-staff-activate">{t('staff.activate')}</Button>}
        </span>
      ),
    },
  ];

  return (
    <section aria-labelledby="pc-staff-title" className="pc-panel" data-testid="pc-staff">
      <div className="pc-panel-head">
        <h2 id="pc-staff-title">{t('staff.heading')}</h2>
        <Button size="sm" variant="primary" onClick={() => setAdding(true)} data-testid="pc-staff-add">{t('staff.add')}</Button>
      </div>
      {session.role === 'province' && (
        <form className="pc-form pc-form-row" onSubmit={(e) => { e.preventDefault(); void load(); }}>
          <TextField label={t('enroll.agencyCode')} description={t('enroll.agencyHelp')} mono value={agency} onChange={(e) => setAgency(e.target.value)} data-testid="pc-staff-agency" />
          <Button type="submit">{t('refresh')}</Button>
        </form>
      )}
      {error && <p role="alert" className="pc-error">{error}</p>}
      <Table label={t('staff.heading')} columns={columns} rows={list ?? []} rowKey={(s) => s.id} emptyText={t('staff.empty')} busy={list === null}
        data-testid="pc-staff-table" rowTestId="pc-staff-row" defaultSort={{ column: 'name', direction: 'ascending' }} />
      {adding && <AddDialog agency={agency} onClose={() => setAdding(false)} onDone={() => { setAdding(false); void load(); }} />}
      {resetting && <ResetDialog staff={resetting} onClose={() => setResetting(null)} onDone={() => { setResetting(null); void load(); }} />}
      {deactivating && (
        // Asked first: from then on the officer's actions at every counter are refused.
        <ConfirmDialog testId="pc-staff-deactivate" danger title={t('staff.deactivateTitle', { name: deactivating.name })} description={t('staff.deactivateIntro')}
          confirmLabel={t('staff.confirmDeactivate')} onClose={() => setDeactivating(null)}
          onConfirm={async () => {
            await api.post(adminStaffPath(deactivating.id, 'deactivate'));
            toast.show({ message: t('staff.deactivated', { name: deactivating.name }), tone: 'success' });
          }}
          onDone={() => { setDeactivating(null); void load(); }} />
      )}
    </section>
  );
}

function AddDialog({ agency: initial, onClose, onDone }: { agency: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const toast = useToast();
  const [agency, setAgency] = useState(session.agency ?? initial);
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [role, setRole] = useState<StaffRole>('counter');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ agency?: string; name?: string; pin?: string; form?: string }>({});

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const a = agency.trim().toUpperCase();
    const next = {
      ...(AgencyCode.safeParse(a).success ? {} : { agency: t('enroll.badAgency') }),
      ...(name.trim() ? {} : { name: t('staff.nameRequired') }),
      ...(pinErrorKey(pin) === null ? {} : { pin: t(pinErrorKey(pin)!) }),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.post(PATHS.adminStaff, { agency: a, name: name.trim(), title: title.trim(), role, pin });
      toast.show({ message: t('staff.added', { name: name.trim() }), tone: 'success' });
      onDone();
    } catch (err) {
      // An agency the province does not have: said at the field (a typo, most likely).
      setErrors(isUnknownAgency(err) ? { agency: t('enroll.agencyNotInProvince', { code: a }) } : { form: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={t('staff.addTitle')} busy={busy} data-testid="pc-staff-add-dialog"
      actions={<>
        <Button onClick={onClose}>{t('staff.cancel')}</Button>
        <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="pc-staff-add-save">{t('staff.save')}</Button>
      </>}>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <TextField label={t('enroll.agencyCode')} mono value={agency} readOnly={session.role === 'agency'} onChange={(e) => setAgency(e.target.value)} error={errors.agency} errorTestId="pc-staff-add-agency-error" data-testid="pc-staff-add-agency" />
        <TextField label={t('staff.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={200} data-testid="pc-staff-add-name" />
        <TextField label={t('staff.title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
        <Select label={t('staff.role')} value={role} onChange={(v) => setRole(v as StaffRole)}
          options={(['counter', 'leader', 'technician'] as const).map((r) => ({ value: r, label: t(`staff.roles.${r}`) }))} />
        <TextField label={t('staff.pin')} description={t('staff.pinHelp')} type="password" inputMode="numeric" autoComplete="new-password" mono
          value={pin} onChange={(e) => setPin(e.target.value)} error={errors.pin} data-testid="pc-staff-add-pin" />
        {errors.form && <p role="alert" className="pc-error">{errors.form}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

function ResetDialog({ staff, onClose, onDone }: { staff: StaffSummary; onClose(): void; onDone(): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const toast = useToast();
  const [pin, setPin] = useState('');
  const [revokeKeys, setRevokeKeys] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const problem = pinErrorKey(pin);
    if (problem !== null) {
      setError(t(problem));
      return;
    }
    setBusy(true);
    try {
      await api.post(adminStaffPath(staff.id, 'pin'), { pin, revokeKeys });
      toast.show({ message: t('staff.pinDone', { name: staff.name }), tone: 'success' });
      onDone();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={t('staff.resetTitle', { name: staff.name })} busy={busy} data-testid="pc-staff-reset-dialog"
      actions={<>
        <Button onClick={onClose}>{t('staff.cancel')}</Button>
        <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="pc-staff-reset-save">{t('staff.save')}</Button>
      </>}>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <TextField label={t('staff.pin')} description={t('staff.pinHelp')} type="password" inputMode="numeric" autoComplete="new-password" mono
          value={pin} onChange={(e) => setPin(e.target.value)} error={error ?? undefined} data-testid="pc-staff-reset-pin" />
        <label className="pc-check"><input type="checkbox" checked={revokeKeys} onChange={(e) => setRevokeKeys(e.target.checked)} /> {t('staff.revokeKeys')}</label>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
