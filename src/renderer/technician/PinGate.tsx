/**
 * The technician PIN (docs/RELIABILITY.md item 24): set on first run, asked every time the console opens. The
 * host counts the tries and decides the lockout; this screen only shows how long to wait.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskBridge } from '../../shared/bridge/contract';
import type { TechnicianStatus } from '../../shared/settings/technician';
import { Button, TextField } from '../ui';
import { errorText } from './console-api';

interface Props {
  kiosk: KioskBridge;
  status: TechnicianStatus;
  onStatus(status: TechnicianStatus): void;
  onUnlocked(): void;
}

type Message = { kind: 'wrong'; triesLeft: number } | { kind: 'text'; text: string } | null;

/** Seconds left until `retryAt`, ticking; `lockUntil` restarts it from a fresh clock reading. */
function useLockout(initial: number | null): [number, (at: number | null) => void] {
  const [lock, setLock] = useState(() => ({ at: initial, now: Date.now() }));
  useEffect(() => {
    if (lock.at === null) return undefined;
    const timer = setInterval(() => setLock((l) => ({ ...l, now: Date.now() })), 1000);
    return () => clearInterval(timer);
  }, [lock.at]);
  const wait = lock.at === null ? 0 : Math.max(0, Math.ceil((lock.at - lock.now) / 1000));
  return [wait, (at) => setLock({ at, now: Date.now() })];
}

export function PinGate({ kiosk, status, onStatus, onUnlocked }: Props) {
  const { t } = useTranslation(['console', 'codes']);
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [wait, lockUntil] = useLockout(status.retryAt);
  const locked = wait > 0;
  const firstRun = !status.pinSet;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || locked) return;
    if (firstRun && pin !== confirm) {
      setMessage({ kind: 'text', text: t('pin.mismatch') });
      return;
    }
    setBusy(true);
    try {
      if (firstRun) {
        const next = await kiosk.call('technician.setPin', { pin });
        onStatus(next);
        if (next.unlocked) onUnlocked();
        return;
      }
      const r = await kiosk.call('technician.unlock', { pin });
      if (r.ok) {
        onUnlocked();
        return;
      }
      setPin('');
      lockUntil(r.retryAt);
      if (r.code === 'pin-not-set') onStatus({ ...status, pinSet: false });
      else if (r.code === 'pin-wrong') setMessage({ kind: 'wrong', triesLeft: r.triesLeft });
      else setMessage(null);
    } catch (err) {
      setMessage({ kind: 'text', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="tech-gate" data-testid="pin-gate">
      <h1>{t('title')}</h1>
      <form className="tech-panel" noValidate onSubmit={(e) => void submit(e)} aria-describedby="pin-help">
        <p id="pin-help">{firstRun ? t('pin.firstRun') : t('pin.enter')}</p>
        <TextField
          label={firstRun ? t('pin.new') : t('pin.label')} mono
          type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} data-testid="pin-input" autoFocus
        />
        {firstRun && (
          <TextField
            label={t('pin.confirm')} mono
            type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={confirm}
            onChange={(e) => setConfirm(e.target.value.replace(/\D/g, ''))} data-testid="pin-confirm"
          />
        )}
        <Button type="submit" variant="primary" busy={busy} disabled={locked || pin.length === 0} data-testid="pin-submit">
          {firstRun ? t('pin.set') : t('pin.unlock')}
        </Button>
        {locked && <p className="tech-note" data-tone="error" role="alert" data-testid="pin-locked">{t('pin.locked', { seconds: wait })}</p>}
        {!locked && message?.kind === 'wrong' && (
          <p className="tech-note" data-tone="error" role="alert" data-testid="pin-error">
            {message.triesLeft > 0 ? t('pin.wrong', { count: message.triesLeft }) : t('pin.wrongNext')}
          </p>
        )}
        {!locked && message?.kind === 'text' && <p className="tech-note" data-tone="error" role="alert" data-testid="pin-error">{message.text}</p>}
      </form>
    </main>
  );
}
