/**
 * The console's admin accounts (docs/SECURITY.md §8): a province admin sees and manages every
 * account, an agency admin those of its own agency (the gateway enforces it; the page only hides
 * what would be refused). Create (province only), disable or enable again (asked first), reset a
 * password (the account's sessions end), unlock; and the dialog in which the signed-in admin
 * changes its own password. A password is typed here and never shown again.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AdminPassword, AdminUsername, AgencyCode, adminAccountPath, PATHS, type AdminAccountSummary, type AdminRole,
} from '../../shared/protocol';
import { Button, Dialog, Icon, Select, Table, TextField, useToast, type TableColumn } from '../ui';
import { ApiError, type ConsoleApi } from './api';
import { ConfirmDialog, errorText, formatTime, isUnknownAgency, useConsole } from './common';

const isLocked = (a: AdminAccountSummary, now = Date.now()): boolean => a.lockedUntil !== null && Date.parse(a.lockedUntil) > now;

export function AccountsPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const toast = useToast();
  const [list, setList] = useState<AdminAccountSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AdminAccountSummary | null>(null);
  const [toggling, setToggling] = useState<AdminAccountSummary | null>(null);

  const load = useCallback(async () => {
    try {
      setList((await api.get<{ accounts: AdminAccountSummary[] }>(PATHS.adminAccounts)).accounts);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [api, t]);
  useEffect(() => { void load(); }, [load]);

  async function unlock(a: AdminAccountSummary) {
    try {
      await api.post(adminAccountPath(a.id, 'unlock'));
      toast.show({ message: t('accounts.unlocked', { username: a.username }), tone: 'success' });
      await load();
    } catch (err) {
      toast.show({ message: t('failed', { message: errorText(t, err) }), tone: 'error' });
    }
  }

  const lang = i18n.language;
  const columns: TableColumn<AdminAccountSummary>[] = [
    {
      id: 'username', label: t('accounts.username'), rowHeader: true, sortValue: (a) => a.username,
      cell: (a) => <span><span className="pc-mono">{a.username}</span>{a.username === session.username && <span className="pc-muted"> {t('accounts.you')}</span>}</span>,
    },
    { id: 'role', label: t('accounts.role'), sortValue: (a) => a.role, cell: (a) => t(`accounts.roles.${a.role}`) },
    { id: 'agency', label: t('agency'), sortValue: (a) => a.agency ?? '', cell: (a) => (a.agency ? <span className="pc-mono">{a.agency}</span> : t('none')) },
    { id: 'lastLogin', label: t('accounts.lastLogin'), sortValue: (a) => a.lastLoginAt ?? '', cell: (a) => formatTime(a.lastLoginAt, lang) ?? t('never') },
    {
      id: 'state', label: t('accounts.state'), sortValue: (a) => (a.disabledAt ? 2 : isLocked(a) ? 1 : 0),
      cell: (a) => <AccountState account={a} />,
    },
    {
      id: 'actions', label: t('accounts.actions'), cell: (a) => {
        const self = a.username === session.username;
        return (
          <span className="pc-actions">
            {!self && <Button size="sm" onClick={() => setResetting(a)} data-testid="pc-account-reset">{t('accounts.resetPassword')}</Button>}
            {isLocked(a) && <Button size="sm" variant="quiet" onClick={() => void unlock(a)} data-testid="pc-account-unlock">{t('accounts.unlock')}</Button>}
            {!self && (a.disabledAt
              ? <Button size="sm" variant="quiet" onClick={() => setToggling(a)} data-testid="pc-account-enable">{t('accounts.enable')}</Button>
              : <Button size="sm" variant="quiet" onClick={() => setToggling(a)} data-testid="pc-account-disable">{t('accounts.disable')}</Button>)}
          </span>
        );
      },
    },
  ];

  const heading = session.role === 'agency' ? t('accounts.headingAgency', { agency: session.agency ?? '' }) : t('accounts.heading');
  return (
    <section aria-labelledby="pc-accounts-title" className="pc-panel" data-testid="pc-accounts">
      <div className="pc-panel-head">
        <h2 id="pc-accounts-title">{heading}</h2>
        {session.role === 'province' && <Button size="sm" variant="primary" onClick={() => setAdding(true)} data-testid="pc-account-add">{t('accounts.add')}</Button>}
      </div>
      {error && <p role="alert" className="pc-error">{error}</p>}
      <Table label={heading} columns={columns} rows={list ?? []} rowKey={(a) => a.id} emptyText={t('accounts.empty')} busy={list === null}
        data-testid="pc-accounts-table" rowTestId="pc-account-row" defaultSort={{ column: 'username', direction: 'ascending' }} />
      {adding && <CreateDialog onClose={() => setAdding(false)} onDone={() => { setAdding(false); void load(); }} />}
      {resetting && <ResetDialog account={resetting} onClose={() => setResetting(null)} onDone={() => { setResetting(null); void load(); }} />}
      {toggling && <ToggleDialog account={toggling} onClose={() => setToggling(null)} onDone={() => { setToggling(null); void load(); }} />}
    </section>
  );
}

/** Active, locked (until when) or disabled: words and an icon of its own, never colour alone. */
function AccountState({ account: a }: { account: AdminAccountSummary }) {
  const { t, i18n } = useTranslation(['province']);
  if (a.disabledAt) return <span className="pc-flag pc-flag-off" data-state="disabled"><Icon name="stop" />{t('accounts.disabled')}</span>;
  if (isLocked(a)) {
    return <span className="pc-flag pc-flag-warn" data-state="locked"><Icon name="clock" />{t('accounts.locked', { until: formatTime(a.lockedUntil, i18n.language) })}</span>;
  }
  const active = <span className="pc-flag pc-flag-ok" data-state="active"><Icon name="check" />{t('accounts.active')}</span>;
  // A password another admin reset and its user has not replaced yet.
  return a.mustChangePassword
    ? <span>{active} <span className="pc-muted" data-testid="pc-account-must-change">{t('accounts.mustChange')}</span></span>
    : active;
}

/** The message of a refused password: the policy's own words for `password-policy`. */
function passwordError(t: ReturnType<typeof useTranslation<['province', 'codes']>>['t'], err: unknown): string {
  if (err instanceof ApiError && err.code === 'password-policy') return t('accounts.passwordRequired');
  return errorText(t, err);
}

/** The policy's check of a new password and its repetition: an error per field, none when both are right. */
function checkNewPassword(t: ReturnType<typeof useTranslation<['province', 'codes']>>['t'], password: string, repeat: string): { password?: string; repeat?: string } {
  return {
    ...(AdminPassword.safeParse(password).success ? {} : { password: t('accounts.passwordRequired') }),
    ...(repeat === password ? {} : { repeat: t('accounts.passwordMismatch') }),
  };
}

/** A new password and its repetition, as the create, reset and change dialogs ask for them. */
function NewPasswordFields({ label, password, repeat, onPassword, onRepeat, errors, testIds }: {
  label: string; password: string; repeat: string; onPassword(v: string): void; onRepeat(v: string): void;
  errors: { password?: string; repeat?: string }; testIds: [string, string];
}) {
  const { t } = useTranslation(['province', 'codes']);
  return (
    <>
      <TextField label={label} description={t('accounts.passwordHelp')} type="password" autoComplete="new-password"
        value={password} onChange={(e) => onPassword(e.target.value)} error={errors.password} data-testid={testIds[0]} />
      <TextField label={t('accounts.passwordRepeat')} type="password" autoComplete="new-password"
        value={repeat} onChange={(e) => onRepeat(e.target.value)} error={errors.repeat} data-testid={testIds[1]} />
    </>
  );
}

function CreateDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const toast = useToast();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<AdminRole>('agency');
  const [agency, setAgency] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ username?: string; agency?: string; password?: string; repeat?: string; form?: string }>({});

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const u = username.trim();
    const a = agency.trim().toUpperCase();
    const next = {
      ...(AdminUsername.safeParse(u).success ? {} : { username: t('accounts.usernameBad') }),
      ...(role === 'province' || AgencyCode.safeParse(a).success ? {} : { agency: t('enroll.badAgency') }),
      ...checkNewPassword(t, password, repeat),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.post(PATHS.adminAccounts, { username: u, role, agency: role === 'agency' ? a : null, password });
      toast.show({ message: t('accounts.created', { username: u }), tone: 'success' });
      onDone();
    } catch (err) {
      const taken = err instanceof ApiError && err.code === 'validation'
        && ((err.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors?.username ?? []).includes('taken');
      setErrors(taken ? { username: t('accounts.usernameTaken') }
        : isUnknownAgency(err) ? { agency: t('enroll.agencyNotInProvince', { code: a }) } : { form: passwordError(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={t('accounts.addTitle')} busy={busy} data-testid="pc-account-add-dialog"
      actions={<>
        <Button onClick={onClose}>{t('accounts.cancel')}</Button>
        <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="pc-account-add-save">{t('accounts.save')}</Button>
      </>}>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <TextField label={t('accounts.username')} description={t('accounts.usernameHelp')} mono value={username} autoComplete="off"
          onChange={(e) => setUsername(e.target.value)} error={errors.username} maxLength={64} data-testid="pc-account-add-username" />
        <Select label={t('accounts.role')} value={role} onChange={(v) => setRole(v as AdminRole)} data-testid="pc-account-add-role"
          options={(['agency', 'province'] as const).map((r) => ({ value: r, label: t(`accounts.roles.${r}`) }))} />
        {role === 'agency' && (
          <TextField label={t('enroll.agencyCode')} description={t('accounts.agencyHelp')} mono value={agency}
            onChange={(e) => setAgency(e.target.value)} error={errors.agency} errorTestId="pc-account-add-agency-error" data-testid="pc-account-add-agency" />
        )}
        <NewPasswordFields label={t('accounts.password')} password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat}
          errors={errors} testIds={['pc-account-add-password', 'pc-account-add-repeat']} />
        {errors.form && <p role="alert" className="pc-error">{errors.form}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

function ResetDialog({ account, onClose, onDone }: { account: AdminAccountSummary; onClose(): void; onDone(): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; repeat?: string; form?: string }>({});

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const next = {
      ...checkNewPassword(t, password, repeat),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.post(adminAccountPath(account.id, 'password'), { password });
      toast.show({ message: t('accounts.resetDone', { username: account.username }), tone: 'success' });
      onDone();
    } catch (err) {
      setErrors({ form: passwordError(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={t('accounts.resetTitle', { username: account.username })} description={t('accounts.resetIntro')} busy={busy}
      data-testid="pc-account-reset-dialog"
      actions={<>
        <Button onClick={onClose}>{t('accounts.cancel')}</Button>
        <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="pc-account-reset-save">{t('accounts.save')}</Button>
      </>}>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <NewPasswordFields label={t('accounts.newPassword')} password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat}
          errors={errors} testIds={['pc-account-reset-password', 'pc-account-reset-repeat']} />
        {errors.form && <p role="alert" className="pc-error" data-testid="pc-account-reset-error">{errors.form}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

/** Disable (or enable again) after a question: disabling signs the account out everywhere at once. */
function ToggleDialog({ account, onClose, onDone }: { account: AdminAccountSummary; onClose(): void; onDone(): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const toast = useToast();
  const enabling = account.disabledAt !== null;
  return (
    <ConfirmDialog testId="pc-account-toggle" danger={!enabling} onClose={onClose} onDone={onDone}
      title={t(enabling ? 'accounts.enableTitle' : 'accounts.disableTitle', { username: account.username })}
      description={t(enabling ? 'accounts.enableIntro' : 'accounts.disableIntro')}
      confirmLabel={t(enabling ? 'accounts.confirmEnable' : 'accounts.confirmDisable')}
      onConfirm={async () => {
        await api.post(adminAccountPath(account.id, enabling ? 'enable' : 'disable'));
        toast.show({ message: t(enabling ? 'accounts.enabledDone' : 'accounts.disabledDone', { username: account.username }), tone: 'success' });
      }} />
  );
}

/**
 * The signed-in admin changes its own password (from the header); this session stays. With
 * `required` (the password was reset by another admin, SessionInfo.mustChangePassword) it is the
 * only way on: no cancel, only signing out instead; `onClose` is called once the change is done.
 */
export function ChangePasswordDialog({ api, onClose, required }: { api: ConsoleApi; onClose(): void; required?: { onSignOut(): void } }) {
  const { t } = useTranslation(['province', 'codes']);
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ current?: string; password?: string; repeat?: string; form?: string }>({});

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const next = {
      ...(current !== '' ? {} : { current: t('accounts.currentRequired') }),
      ...checkNewPassword(t, password, repeat),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.post(PATHS.adminSessionPassword, { currentPassword: current, newPassword: password });
      toast.show({ message: t('accounts.changed'), tone: 'success' });
      onClose();
    } catch (err) {
      const reason = err instanceof ApiError && err.code === 'forbidden' ? (err.details as { reason?: string } | undefined)?.reason : undefined;
      if (reason === 'current-password') setCurrent('');
      setErrors(reason === 'current-password' ? { current: errorText(t, err) }
        : reason === 'same-password' ? { password: errorText(t, err) } : { form: passwordError(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={required ? () => undefined : onClose} title={t(required ? 'accounts.requiredTitle' : 'accounts.changeTitle')}
      description={t(required ? 'accounts.requiredIntro' : 'accounts.changeIntro')} busy={busy} data-testid="pc-password-dialog"
      actions={<>
        {required
          ? <Button onClick={required.onSignOut} data-testid="pc-password-signout">{t('signOut')}</Button>
          : <Button onClick={onClose}>{t('accounts.cancel')}</Button>}
        <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="pc-password-save">{t('accounts.save')}</Button>
      </>}>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <TextField label={t(required ? 'accounts.requiredCurrent' : 'accounts.currentPassword')} type="password" autoComplete="current-password"
          value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.current} data-testid="pc-password-current" />
        <NewPasswordFields label={t('accounts.newPassword')} password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat}
          errors={errors} testIds={['pc-password-new', 'pc-password-repeat']} />
        {errors.form && <p role="alert" className="pc-error" data-testid="pc-password-error">{errors.form}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
