/** What the citizen has to do now: the documents to bring (status 5) or the fees to pay with a
 * VietQR for the commune's account (status 6); the counter when no account is configured. */
import { useTranslation } from 'react-i18next';
import { DossierStatus } from '../../shared/domain';
import { bankByBin } from '../../shared/domain/banks';
import { FeeQr } from './FeeQr';
import { formatMoney } from './format';
import { feePayload, unlistedRequest, unpaidTotal, type CitizenDossier, type FeeAccountInfo } from './view-model';

function Supplements({ dossier }: { dossier: CitizenDossier }) {
  const { t } = useTranslation('citizen');
  if (unlistedRequest(dossier) !== null) return <p className="next" data-testid="supplements-unknown">{t('status.noSupplementList')}</p>;
  return (
    <ul className="supplements" data-testid="supplements">
      {dossier.supplements.map((s, i) => (
        <li key={i}>
          {s.name}
          {s.note ? <span className="note"> — {t('status.supplementNote', { note: s.note })}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Fees({ dossier, account }: { dossier: CitizenDossier; account: FeeAccountInfo | null }) {
  const { t } = useTranslation('citizen');
  const total = unpaidTotal(dossier);
  const qr = feePayload(dossier, account);
  const bank = account ? bankByBin(account.bin) : null;
  if (unlistedRequest(dossier) !== null) return <p className="next" data-testid="fees-unknown">{t('fee.noList')}</p>;
  return (
    <div className="fees" data-testid="fees">
      <ul>
        {dossier.fees.map((f, i) => (
          <li key={i} className={f.paid ? 'paid' : undefined}>
            {f.name}: {t('fee.amount', { amount: formatMoney(f.amount) })}{f.paid ? ` (${t('fee.paid')})` : ''}
          </li>
        ))}
      </ul>
      {total > 0 && <p className="total">{t('fee.total', { amount: formatMoney(total) })}</p>}
      {qr && account ? (
        <div className="fee-pay" data-testid="fee-vietqr">
          <FeeQr payload={qr.payload} label={t('fee.qrAlt', { amount: formatMoney(qr.amount) })} />
          <div>
            <p>{t('fee.scanToPay')}</p>
            {account.accountName !== '' && <p>{t('fee.accountName', { name: account.accountName })}</p>}
            {bank && <p data-testid="fee-bank">{t('fee.bank', { bank: bank.short })}</p>}
            <p>{t('fee.reference', { ref: qr.reference })}</p>
          </div>
        </div>
      ) : (
        total > 0 && <p data-testid="fee-at-counter">{t('fee.atCounter')}</p>
      )}
      {total > 0 ? <p>{t('fee.afterPay')}</p> : <p data-testid="fees-all-paid">{t('fee.allPaid')}</p>}
    </div>
  );
}

export function NextSteps({ dossier, account }: { dossier: CitizenDossier; account: FeeAccountInfo | null }) {
  if (dossier.status === DossierStatus.SupplementRequested) return <Supplements dossier={dossier} />;
  if (dossier.status === DossierStatus.PaymentRequested) return <Fees dossier={dossier} account={account} />;
  return null;
}
