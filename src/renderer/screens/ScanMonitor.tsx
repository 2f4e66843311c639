/**
 * The walking skeleton's screen: every scan from every source, what it is (by the domain core's
 * classifier) and the serial scanners' state. Scanned text is data: React escapes it, nothing
 * here opens, evaluates or navigates to it. A CCCD is personal data: only its masked id is shown,
 * a card that failed to parse is not shown at all, and any other text is shown redacted (a frame
 * cut before its ID still carries a name and an address).
 */
import { useTranslation } from 'react-i18next';
import type { ScannerStatus } from '../../shared/bridge/contract';
import type { ParsedScan } from '../../shared/domain';
import { maskCitizenId } from '../../shared/privacy/mask';
import { redactText } from '../../shared/privacy/redact';

export interface MonitorScan {
  id: string;
  source: 'serial' | 'wedge' | 'camera' | 'keypad';
  device: string;
  text: string;
  at: number;
  parsed: ParsedScan;
}

/** What the monitor shows of a scan; null: a citizen ID card that did not parse, shown as hidden. */
export function shownText(scan: MonitorScan): string | null {
  if (scan.parsed.kind === 'cccd') return `${maskCitizenId(scan.parsed.id)}`;
  if (scan.parsed.kind === 'dossier') return scan.parsed.code;
  if (scan.parsed.kind === 'invalid' && scan.parsed.expected === 'cccd') return null;
  const text = redactText(scan.text);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function ScanMonitor({ scans, scanners, rejected }: { scans: MonitorScan[]; scanners: ScannerStatus[]; rejected: string | null }) {
  const { t } = useTranslation('app');
  return (
    <main className="monitor">
      <section className="prompt" aria-live="polite">
        <h1>{t('scanPrompt')}</h1>
        <p>{t('scanHint')}</p>
        {rejected && <p role="alert" className="alert" data-testid="scan-rejected">{rejected}</p>}
      </section>
      <section>
        <h2>{t('lastScans')}</h2>
        {scans.length === 0 && <p>{t('noScans')}</p>}
        <ol className="scans" data-testid="scans">
          {scans.map((s) => (
            <li key={s.id} data-kind={s.parsed.kind} data-source={s.source}>
              <span className="kind">{t(`kind.${s.parsed.kind}`)}</span>
              <span className="source">{t(`source.${s.source}`)}</span>
              <code className="text">{shownText(s) ?? t('cardHidden')}</code>
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2>{t('scanners')}</h2>
        {scanners.length === 0 && <p>{t('noScanners')}</p>}
        <ul data-testid="scanners">
          {scanners.map((s) => (
            <li key={s.id} data-state={s.state}>
              <strong>{s.id}</strong> {s.path ?? ''} — {t(`scannerState.${s.state}`)}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
