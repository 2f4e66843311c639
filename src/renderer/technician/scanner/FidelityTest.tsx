/**
 * The fidelity test: the console shows (and can print) a QR holding digits, capitals, punctuation
 * and Vietnamese letters; the next scan from any scanner is compared with it, and the technician
 * sees which characters arrived wrong, the likely cause and the fix.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FIDELITY_PAYLOAD, causeOfProblem, codePointLabel, compareFidelity,
  type FidelityFix, type FidelityResult, type SeenCause, type WrongChar,
} from '../../../shared/scan/fidelity';
import type { ScanProblemReason } from '../../../shared/scan/errors';
import type { ScanSource } from '../../../shared/scan/raw-scan';
import { qrPath } from '../../citizen/FeeQr';
import { useScans } from '../../scanners';
import { Button, Table, type TableColumn } from '../../ui';

type Outcome =
  | { type: 'scan'; source: ScanSource; device: string; result: FidelityResult }
  | { type: 'problem'; source: ScanSource; device: string; reason: ScanProblemReason; cause: SeenCause; fix: FidelityFix };

/** Wrong characters shown at once; a mangled scan can have a hundred, the first ones tell the story. */
const SHOWN = 24;

export function FidelityTest() {
  const { t } = useTranslation('console');
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const qr = useMemo(() => qrPath(FIDELITY_PAYLOAD), []);

  useScans((scan) => {
    if (!running) return;
    setRunning(false);
    setOutcome({ type: 'scan', source: scan.source, device: scan.device, result: compareFidelity(FIDELITY_PAYLOAD, scan.text, { source: scan.source }) });
  }, {
    monitor: true,
    onProblem: (p) => {
      if (!running) return;
      const known = causeOfProblem(p.reason);
      if (!known) return; // not about fidelity (e.g. a frame overflow): keep waiting for the scan
      setRunning(false);
      setOutcome({ type: 'problem', source: p.source, device: p.device, reason: p.reason, ...known });
    },
  });

  const start = () => { setOutcome(null); setRunning(true); };

  return (
    <div className="tsc-block tsc-fidelity" data-testid="fidelity">
      <h3>{t('fidelity.title')}</h3>
      <p className="tech-hint">{t('fidelity.hint')}</p>
      <div className="tsc-row">
        <Button variant="primary" onClick={start} disabled={running} data-testid="fidelity-start">
          {outcome ? t('fidelity.again') : t('fidelity.start')}
        </Button>
        <Button onClick={() => window.print()} data-testid="fidelity-print">{t('fidelity.print')}</Button>
        {running && <Button variant="quiet" icon="stop" onClick={() => setRunning(false)}>{t('fidelity.stop')}</Button>}
      </div>
      {qr && (
        <figure className="tsc-fidelity-qr">
          {/* Black on white in every theme: a scanner reads it from the screen or from paper. */}
          <svg role="img" aria-label={t('fidelity.qrLabel')} viewBox={`0 0 ${qr.size} ${qr.size}`} shapeRendering="crispEdges" data-testid="fidelity-qr">
            <rect width={qr.size} height={qr.size} fill="#fff" />
            <path d={qr.d} fill="#000" />
          </svg>
          <figcaption><code>{FIDELITY_PAYLOAD}</code></figcaption>
        </figure>
      )}
      {running && <p className="tech-note" data-tone="info" role="status" data-testid="fidelity-waiting">{t('fidelity.waiting')}</p>}
      {outcome && <OutcomeView outcome={outcome} />}
    </div>
  );
}

interface WrongRow extends WrongChar { key: string }

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation('console');
  const countId = useId();
  // The keyboard wedge and the camera have one device each, named after the source itself ("wedge"): no name to add.
  const device = outcome.device === outcome.source ? '' : ` ${outcome.device}`;
  const from = t('fidelity.from', { source: t(`monitor.source.${outcome.source}`), device });
  if (outcome.type === 'problem') {
    return (
      <div role="alert" className="tech-note" data-tone="error" data-testid="fidelity-result" data-cause={outcome.cause}>
        <p>{from} {t('fidelity.rejected', { reason: outcome.reason })}</p>
        <p data-testid="fidelity-cause">{t(`fidelity.cause.${outcome.cause}`)}</p>
        <p data-testid="fidelity-fix"><strong>{t(`fidelity.fix.${outcome.fix}`)}</strong></p>
      </div>
    );
  }
  const r = outcome.result;
  if (r.ok) {
    return (
      <p role="status" className="tech-note" data-tone="success" data-testid="fidelity-result" data-cause="none">
        {from} {t('fidelity.ok', { count: Array.from(FIDELITY_PAYLOAD).length })}
      </p>
    );
  }
  const show = (ch: string) => (ch === '' ? t('fidelity.nothing') : `“${ch}” ${codePointLabel(ch)}`);
  const rows: WrongRow[] = r.wrong.slice(0, SHOWN).map((w, i) => ({ ...w, key: String(i) }));
  const columns: TableColumn<WrongRow>[] = [
    { id: 'position', label: t('fidelity.position'), rowHeader: true, align: 'end', width: '6rem', cell: (w) => w.index + 1 },
    { id: 'expected', label: t('fidelity.expected'), cell: (w) => (w.expected === '' ? t('fidelity.extra') : show(w.expected)) },
    { id: 'got', label: t('fidelity.got'), cell: (w) => show(w.got) },
  ];
  return (
    <div role="alert" className="tech-note" data-tone="error" data-testid="fidelity-result" data-cause={r.likelyCause}>
      <p id={countId}>{from} {t('fidelity.wrongCount', { count: r.wrong.length })}</p>
      <Table
        labelledBy={countId} columns={columns} rows={rows} rowKey={(w) => w.key} emptyText={t('fidelity.wrongCount', { count: 0 })}
        data-testid="fidelity-wrong"
      />
      {r.wrong.length > SHOWN && <p>{t('fidelity.more', { count: r.wrong.length - SHOWN })}</p>}
      <p data-testid="fidelity-cause">{t(`fidelity.cause.${r.likelyCause === 'none' ? 'other-code' : r.likelyCause}`)}</p>
      <p data-testid="fidelity-fix"><strong>{t(`fidelity.fix.${r.fix}`)}</strong></p>
      {r.alsoSeen.length > 0 && (
        <p data-testid="fidelity-also">{t('fidelity.alsoSeen', { causes: r.alsoSeen.map((c) => t(`fidelity.cause.${c}`)).join(' ') })}</p>
      )}
    </div>
  );
}
