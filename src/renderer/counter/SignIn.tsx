/**
 * Staff sign-in: pick your name, type your PIN (6 to 12 digits). Checked offline
 * against the hashes the gateway sent; wrong PINs lock sign-in with a growing delay (see pin.ts).
 * A right PIN also opens (or, the first time on this device, makes) the officer's signing key,
 * which the session keeps in memory to sign every action. Also the lock screen after idle time,
 * with the same person preselected.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceIdentity, Staff } from '../../shared/protocol';
import { checkAttempt } from '../../shared/settings/pin-policy';
import { useAppServices } from '../app-services';
import { META } from '../db/database';
import { useScans } from '../scanners/use-scans';
import { useLive } from './live';
import { readLock, signIn } from './pin';
import { bridgeVault, type OfficerSigner } from '../trust/officer-key';
import { Button, TextField } from '../ui';

export interface SignInProps {
  /** The person whose session locked (idle): preselected. */
  lockedFor?: Staff | null;
  onSignedIn(staff: Staff, signer: OfficerSigner | null): void;
}

type Message =
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'badFormat' }
  | { kind: 'unknown' }
  | { kind: 'scan' }
  | { kind: 'failed' };

async function counterStaff(db: ReturnType<typeof useAppServices>['db']): Promise<Staff[]> {
  const identity = await db.getMeta<DeviceIdentity>(META.identity);
  const all = await db.staff.toArray();
  return all
    .filter((s) => s.active && s.role !== 'technician' && (!identity || s.agencyCode === identity.agency.code))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export function SignIn({ lockedFor = null, onSignedIn }: SignInProps) {
  const { t } = useTranslation('counter');
  const { db, now, kiosk } = useAppServices();
  const vault = useMemo(() => bridgeVault(kiosk), [kiosk]);
  const staff = useLive(() => counterStaff(db), [db], null as Staff[] | null);
  const [chosen, setChosen] = useState<string | null>(lockedFor?.id ?? null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [clock, setClock] = useState(() => now());

  // The keyboard starts where the answer starts: the PIN when the person is known (the lock
  // screen), else the list of names (arrows choose, Tab goes on to the PIN, Enter signs in).
  const formRef = useRef<HTMLFormElement | null>(null);
  const haveStaff = staff !== null && staff.length > 0;
  useEffect(() => {
    const form = formRef.current;
    if (!form || !haveStaff || (document.activeElement && document.activeElement !== document.body)) return;
    const target = lockedFor
      ? form.querySelector<HTMLInputElement>('[data-testid="pin"]')
      : form.querySelector<HTMLInputElement>('input[type="radio"]:checked') ?? form.querySelector<HTMLInputElement>('input[type="radio"]');
    target?.focus();
  }, [haveStaff, lockedFor]);

  // Scans are not for this screen; taking them keeps them from reaching a screen behind the lock.
  useScans(() => setMessage({ kind: 'scan' }), { active: true });

  useEffect(() => {
    let live = true;
    void readLock(db).then((l) => {
      if (!live) return;
      const c = checkAttempt(l, now());
      setLockedUntil(c.allowed ? null : c.retryAt);
    }, () => undefined);
    return () => { live = false; };
  }, [db, now]);

  useEffect(() => {
    if (lockedUntil === null) return undefined;
    const timer = setInterval(() => {
      const n = now();
      setClock(n);
      if (n >= lockedUntil) setLockedUntil(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [lockedUntil, now]);

  const locked = lockedUntil !== null && clock < lockedUntil;
  const secondsLeft = lockedUntil === null ? 0 : Math.max(1, Math.ceil((lockedUntil - clock) / 1000));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (chosen === null || busy) return;
    setBusy(true);
    const at = now();
    setClock(at);
    signIn(db, chosen, pin, at, vault).then((r) => {
      setBusy(false);
      setPin('');
      if (r.ok) {
        onSignedIn(r.staff, r.signer);
        return;
      }
      if (r.reason === 'locked') {
        setLockedUntil(r.retryAt);
        setMessage(null);
      } else if (r.reason === 'wrong-pin') {
        setMessage({ kind: 'wrong', triesLeft: r.triesLeft });
        setLockedUntil(r.retryAt);
      } else {
        setMessage({ kind: r.reason === 'bad-format' ? 'badFormat' : 'unknown' });
      }
    }, () => {
      setBusy(false);
      setMessage({ kind: 'failed' });
    });
  };

  return (
    <main className="counter-signin" data-testid="counter-signin">
      <h1>{lockedFor ? t('signIn.lockedTitle') : t('signIn.title')}</h1>
      {lockedFor && <p>{t('signIn.lockedHint', { name: lockedFor.name })}</p>}
      {staff !== null && staff.length === 0 && <p role="alert" data-testid="no-staff">{t('signIn.noStaff')}</p>}
      <form ref={formRef} onSubmit={submit}>
        <fieldset className="staff-list" disabled={lockedFor !== null}>
          <legend>{t('signIn.who')}</legend>
          {(staff ?? []).map((s) => (
            <label key={s.id} className={chosen === s.id ? 'staff-option chosen' : 'staff-option'}>
              <input type="radio" name="staff" value={s.id} checked={chosen === s.id} onChange={() => setChosen(s.id)} data-testid={`staff-${s.id}`} />
              <span>{s.name}</span>
            </label>
          ))}
        </fieldset>
        <TextField
          label={t('signIn.pin')} description={t('signIn.pinHint')} mono
          type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={12}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} disabled={locked || busy} data-testid="pin"
        />
        <Button type="submit" variant="primary" busy={busy} disabled={chosen === null || pin === '' || locked} data-testid="sign-in">{t('signIn.submit')}</Button>
      </form>
      {busy && <p role="status">{t('signIn.checking')}</p>}
      {locked && <p className="signin-note" role="alert" data-testid="pin-locked">{t('signIn.locked', { seconds: secondsLeft })}</p>}
      {!locked && message && (
        <p className="signin-note" role="alert" data-testid="signin-message">
          {message.kind === 'wrong' ? t('signIn.wrongPin', { count: message.triesLeft }) : t(`signIn.${message.kind}`)}
        </p>
      )}
    </main>
  );
}
