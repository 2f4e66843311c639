/**
 * The province console (served by the gateway at /console/): sign-in with an admin account, then
 * the fleet, enrollment codes, staff, the portal outbox, the service-index figures, queue and
 * digitisation figures, a dossier's digitised pages (erasing a withdrawn one's file) and the admin
 * accounts in tabs; the signed-in admin changes its own password from the header.
 * Everything comes from the gateway's admin API (openapi.json); an `agency` admin sees its own
 * agency only, which the gateway enforces (the page only hides the agency choice).
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { PATHS, type SessionInfo, type SessionState } from '../../shared/protocol';
import { Button, Select, Tabs, TextField, ToastProvider } from '../ui';
import { ApiError, type ConsoleApi } from './api';
import { ConsoleCtx, errorText } from './common';
import { FleetPanel } from './FleetPanel';
import { EnrollPanel } from './EnrollPanel';
import { StaffPanel } from './StaffPanel';
import { PortalPanel } from './PortalPanel';
import { FiguresPanel } from './FiguresPanel';
import { QueueFiguresPanel } from './QueueFiguresPanel';
import { FilesPanel } from './FilesPanel';
import { AccountsPanel, ChangePasswordDialog } from './AccountsPanel';

export function ProvinceConsole({ i18n, api }: { i18n: I18n; api: ConsoleApi }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ToastProvider>
        <Root api={api} />
      </ToastProvider>
    </I18nextProvider>
  );
}

type State = { kind: 'loading' } | { kind: 'signed-out'; ended: boolean } | { kind: 'signed-in'; session: SessionInfo };

function Root({ api }: { api: ConsoleApi }) {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [changingPassword, setChangingPassword] = useState(false);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = `${t('title')} · ${t('subtitle')}`;
  }, [i18n.language, t]);

  useEffect(() => {
    api.onUnauthorized = () => {
      api.setCsrf(null);
      setState((s) => (s.kind === 'signed-in' ? { kind: 'signed-out', ended: true } : s));
    };
    let live = true;
    // Asked without a 401: signed out is an answer (the cookie is HttpOnly, the page cannot look).
    api.get<SessionState>(PATHS.adminSessionState).then((s) => {
      if (!live) return;
      if (!s.session) {
        setState({ kind: 'signed-out', ended: false });
        return;
      }
      api.setCsrf(s.session.csrfToken);
      setState({ kind: 'signed-in', session: s.session });
    }, () => live && setState({ kind: 'signed-out', ended: false }));
    return () => { live = false; };
  }, [api]);

  const signedIn = useCallback((s: SessionInfo) => {
    api.setCsrf(s.csrfToken);
    setState({ kind: 'signed-in', session: s });
  }, [api]);

  const signOut = useCallback(async () => {
    await api.post(PATHS.adminSessionLogout).catch(() => undefined);
    api.setCsrf(null);
    setState({ kind: 'signed-out', ended: false });
  }, [api]);

  return (
    <div className="pc-root">
      <header className="pc-header">
        <div>
          <h1 className="pc-title">{t('title')}</h1>
          <p className="pc-subtitle">{t('subtitle')}</p>
        </div>
        <div className="pc-header-tools">
          <Select
            label={t('language')} value={i18n.language === 'en' ? 'en' : 'vi'} data-testid="pc-lang"
            options={[{ value: 'vi', label: t('langVi') }, { value: 'en', label: t('langEn') }]}
            onChange={(v) => {
              localStorage.setItem('mck-console-lang', v);
              void i18n.changeLanguage(v);
            }}
          />
          {state.kind === 'signed-in' && (
            <div className="pc-user">
              <span data-testid="pc-user">{t('signedInAs', { username: state.session.username })}</span>
              <span className="pc-muted">{state.session.role === 'province' ? t('roleProvince') : t('roleAgency', { agency: state.session.agency ?? '' })}</span>
              {state.session.csrfToken !== '' && !state.session.mustChangePassword && (
                <Button size="sm" variant="quiet" onClick={() => setChangingPassword(true)} data-testid="pc-change-password">{t('accounts.changePassword')}</Button>
              )}
              <Button size="sm" onClick={() => void signOut()} data-testid="pc-signout">{t('signOut')}</Button>
            </div>
          )}
        </div>
      </header>
      <main className="pc-main">
        {state.kind === 'loading' && <p role="status">{t('loading')}</p>}
        {state.kind === 'signed-out' && <Login api={api} ended={state.ended} onSignedIn={signedIn} />}
        {state.kind === 'signed-in' && !state.session.mustChangePassword && <Shell api={api} session={state.session} />}
      </main>
      {state.kind === 'signed-in' && changingPassword && !state.session.mustChangePassword && <ChangePasswordDialog api={api} onClose={() => setChangingPassword(false)} />}
      {/* A password another admin set: the console opens once the account has chosen its own. */}
      {state.kind === 'signed-in' && state.session.mustChangePassword && (
        <ChangePasswordDialog api={api} required={{ onSignOut: () => void signOut() }}
          onClose={() => void api.get<SessionInfo>(PATHS.adminSession).then(signedIn, () => setState({ kind: 'signed-out', ended: true }))} />
      )}
    </div>
  );
}

function Login({ api, ended, onSignedIn }: { api: ConsoleApi; ended: boolean; onSignedIn(s: SessionInfo): void }) {
  const { t } = useTranslation(['province', 'codes']);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (username.trim() === '' || password === '') {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.post<SessionInfo>(PATHS.adminSession, { username: username.trim(), password }));
    } catch (err) {
      setError(err instanceof ApiError ? errorText(t, err) : t('network'));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="pc-login" aria-labelledby="pc-login-title">
      <h2 id="pc-login-title">{t('login.heading')}</h2>
      {ended && <p role="status" className="pc-notice" data-testid="pc-ended">{t('sessionEnded')}</p>}
      <p className="pc-muted">{t('login.intro')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form">
        <TextField label={t('login.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" data-testid="pc-username" required />
        <TextField label={t('login.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="pc-password" required />
        {error && <p role="alert" className="pc-error" data-testid="pc-login-error">{error}</p>}
        <Button type="submit" variant="primary" busy={busy} data-testid="pc-login">{t('login.submit')}</Button>
      </form>
    </section>
  );
}

function Shell({ api, session }: { api: ConsoleApi; session: SessionInfo }) {
  const { t } = useTranslation(['province']);
  const ctx = useMemo(() => ({ api, session }), [api, session]);
  const [tab, setTab] = useState('fleet');
  return (
    <ConsoleCtx.Provider value={ctx}>
      <Tabs
        label={t('title')} selected={tab} onSelectionChange={setTab} data-testid="pc-tabs"
        items={[
          { id: 'fleet', label: t('tabs.fleet'), content: <FleetPanel /> },
          { id: 'enroll', label: t('tabs.enroll'), content: <EnrollPanel /> },
          { id: 'staff', label: t('tabs.staff'), content: <StaffPanel /> },
          { id: 'portal', label: t('tabs.portal'), content: <PortalPanel /> },
          { id: 'figures', label: t('tabs.figures'), content: <FiguresPanel /> },
          { id: 'queue', label: t('tabs.queue'), content: <QueueFiguresPanel /> },
          { id: 'files', label: t('tabs.files'), content: <FilesPanel /> },
          { id: 'accounts', label: t('tabs.accounts'), content: <AccountsPanel /> },
        ]}
      />
    </ConsoleCtx.Provider>
  );
}
