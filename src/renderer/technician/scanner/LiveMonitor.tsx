/**
 * What the scanners are sending right now: raw bytes from the serial ports (hex and as text) and
 * every decoded scan or rejected burst from any source, with why it was rejected. Kept in memory
 * only, the last few of each; anything that looks like a citizen's ID or CCCD payload is hidden.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { redactHexDumps, redactText } from '../../../shared/privacy/redact';
import { useAppServices } from '../../app-services';
import { useScans } from '../../scanners';
import { VIETNAM_OFFSET_MS, type ParsedScan } from '../../../shared/domain';
import { isCodeOf } from '../../../shared/messages';
import { ScannerErrorCode, type ScanProblemReason } from '../../../shared/scan/errors';
import type { ScanSource } from '../../../shared/scan/raw-scan';
import { codeKey } from '../../i18n/codes';
import { Button } from '../../ui';
import { asUtf8, hexToBytes, printable } from './bytes';

const KEEP = 30;

interface RawLine { key: number; id: string; at: number; hex: string; hidden: boolean }
type Decoded =
  | { key: number; at: number; source: ScanSource; device: string; type: 'scan'; kind: ParsedScan['kind']; text: string }
  | { key: number; at: number; source: ScanSource; device: string; type: 'problem'; reason: ScanProblemReason };

let seq = 0;

export function LiveMonitor() {
  const { t } = useTranslation(['console', 'codes']);
  const { kiosk } = useAppServices();
  const [raw, setRaw] = useState<RawLine[]>([]);
  const [decoded, setDecoded] = useState<Decoded[]>([]);
  const [paused, setPaused] = useState(false);
  const ids = useId();

  useEffect(() => {
    if (paused) return undefined;
    return kiosk.on('scanner.raw', (e) => {
      const line = { key: ++seq, id: e.id, at: e.at, hex: e.hex, hidden: redactHexDumps(e.hex) !== e.hex };
      setRaw((prev) => [line, ...prev].slice(0, KEEP));
    });
  }, [kiosk, paused]);

  const add = (d: Decoded) => { if (!paused) setDecoded((prev) => [d, ...prev].slice(0, KEEP)); };
  useScans((s) => add({ key: ++seq, at: s.at, source: s.source, device: s.device, type: 'scan', kind: s.parsed.kind, text: redactText(s.text) }), {
    monitor: true,
    onProblem: (p) => add({ key: ++seq, at: p.at, source: p.source, device: p.device, type: 'problem', reason: p.reason }),
  });

  // Seconds matter here (which burst came first), the date does not; Vietnam time like every screen.
  const time = (at: number) => new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(11, 19);
  // A serial scanner's words first (`no-terminator` is in both lists), else the wedge's.
  const problemText = (reason: ScanProblemReason) =>
    t(isCodeOf(ScannerErrorCode, reason) ? codeKey('scanner', reason) : codeKey('wedge', reason));
  // The logs scroll inside themselves: focusable, so the keyboard can scroll them too.
  return (
    <div className="tsc-block tsc-monitor" data-testid="live-monitor">
      <h3>{t('monitor.title')}</h3>
      <div className="tsc-row">
        <Button onClick={() => setPaused((p) => !p)} data-testid="monitor-pause">
          {paused ? t('monitor.resume') : t('monitor.pause')}
        </Button>
        <Button variant="quiet" onClick={() => { setRaw([]); setDecoded([]); }}>{t('monitor.clear')}</Button>
      </div>
      <h4 id={`${ids}-decoded`}>{t('monitor.decoded')}</h4>
      {decoded.length === 0 && <p className="tech-hint">{t('monitor.waiting')}</p>}
      <ol className="tsc-log" tabIndex={decoded.length > 0 ? 0 : undefined} aria-labelledby={`${ids}-decoded`} data-testid="monitor-decoded">
        {decoded.map((d) => (
          <li key={d.key} data-type={d.type}>
            <span className="tsc-log-time">{time(d.at)}</span> <span>{t(`monitor.source.${d.source}`)} {d.device}</span>{' '}
            {d.type === 'scan'
              ? <><strong>{t(`monitor.kind.${d.kind}`)}</strong> <code>{d.text}</code></>
              : <strong className="tech-bad" data-testid="monitor-problem">{problemText(d.reason)}</strong>}
          </li>
        ))}
      </ol>
      <h4 id={`${ids}-raw`}>{t('monitor.raw')}</h4>
      <ol className="tsc-log tsc-raw" tabIndex={raw.length > 0 ? 0 : undefined} aria-labelledby={`${ids}-raw`} data-testid="monitor-raw">
        {raw.map((r) => {
          const bytes = hexToBytes(r.hex);
          return (
            <li key={r.key}>
              <span className="tsc-log-time">{time(r.at)} {r.id}</span>
              {r.hidden
                ? <em>{t('monitor.hidden', { bytes: bytes.length })}</em>
                : <><code>{r.hex}</code><code>{printable(bytes)}</code><code>{asUtf8(bytes)}</code></>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
