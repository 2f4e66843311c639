/**
 * The commune's fee account, shown to citizens as a VietQR. It is checked by the same schema the
 * host uses, whose rule is "the domain's VietQR encoder can build a QR for it", so an account
 * saved here is one a bank app will accept.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FeeAccount, type PublicSettings } from '../../shared/settings/schema';
import { plainAccount } from '../../shared/settings/fee-account';
import { bankByBin, VIETQR_BANKS_CHECKED } from '../../shared/domain/banks';
import { Button, TextField } from '../ui';
import { errorText, focusFirstInvalid, useConsoleApi } from './console-api';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

type Problem = 'bad-bin' | 'bad-account' | 'bad-name';

export function FeeAccountPanel({ settings, onSaved }: Props) {
  const { t } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const [bin, setBin] = useState(settings.feeAccount?.bin ?? '');
  const [account, setAccount] = useState(settings.feeAccount?.account ?? '');
  const [accountName, setAccountName] = useState(settings.feeAccount?.accountName ?? '');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function store(value: FeeAccount | null) {
    try {
      onSaved(await api.call('settings.update', { feeAccount: value }));
      setResult({ ok: true, text: value === null ? t('fee.cleared') : t('saved') });
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
    }
  }

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setResult(null);
    // Account numbers are often printed in groups ("0011 0045 67890"): the spaces are not part of
    // it, so they are taken out (and the field shows what is saved); any other mark stays an error.
    const plain = plainAccount(account);
    setAccount(plain);
    const checked = FeeAccount.safeParse({ bin, account: plain, accountName: accountName.toUpperCase() });
    if (!checked.success) {
      // The encoder's rule reports `bad-bin` on the BIN and any other refusal on the account.
      const { formErrors, fieldErrors } = z.flattenError(checked.error);
      const found: Problem[] = [];
      if (fieldErrors.bin) found.push('bad-bin');
      if (fieldErrors.account || formErrors.length > 0) found.push('bad-account');
      if (fieldErrors.accountName) found.push('bad-name');
      setProblems(found);
      focusFirstInvalid(e.currentTarget);
      return;
    }
    setProblems([]);
    void store(checked.data);
  }

  const problem = (p: Problem): string | null => (problems.includes(p) ? t(`fee.problem.${p}`) : null);
  // The bank behind a complete BIN, so a typo shows as another bank's name (or none).
  const bank = /^\d{6}$/.test(bin) ? bankByBin(bin) : null;
  const binNote = !/^\d{6}$/.test(bin) ? undefined
    : bank ? t('fee.bank', { short: bank.short, name: bank.name }) : t('fee.unknownBank', { checked: VIETQR_BANKS_CHECKED });

  return (
    <section className="tech-panel" aria-labelledby="fee-title" data-testid="panel-fee">
      <h2 id="fee-title">{t('fee.title')}</h2>
      <p className="tech-hint">{t('fee.hint')}</p>
      <form noValidate onSubmit={save}>
        <TextField
          label={t('fee.bin')} value={bin} onChange={(e) => setBin(e.target.value.replace(/\s+/g, ''))} inputMode="numeric" maxLength={6} mono className="tech-narrow"
          placeholder="970436" data-testid="fee-bin" error={problem('bad-bin')} errorTestId="fee-bad-bin" description={binNote}
        />
        <TextField
          label={t('fee.account')} value={account} onChange={(e) => setAccount(e.target.value)} maxLength={40} mono
          data-testid="fee-account" error={problem('bad-account')} errorTestId="fee-bad-account"
        />
        <TextField
          label={t('fee.name')} value={accountName} onChange={(e) => setAccountName(e.target.value)} maxLength={70}
          data-testid="fee-name" error={problem('bad-name')} errorTestId="fee-bad-name"
        />
        <div className="tech-actions">
          <Button type="submit" variant="primary" data-testid="fee-save">{t('save')}</Button>
          {settings.feeAccount && <Button onClick={() => void store(null)} data-testid="fee-clear">{t('fee.clear')}</Button>}
        </div>
      </form>
      {result && <p className="tech-note" data-tone={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="fee-result">{result.text}</p>}
    </section>
  );
}
