/**
 * Digitising a dossier at the counter: each component listed at intake (and "other documents")
 * with its pages — a preview, the order, whether the province has it — and a way to add files
 * (JPEG, PNG, PDF: a scan, a photo). A file is kept on this computer at once with the attachment
 * that announces it (db/files.ts) and sent by the file lane (sync/files.ts); until the gateway
 * attached it, a page can move up or down or be deleted. Bad files are refused with the catalog's
 * message (an empty file, one too large — before it is read —, one that is not an image or PDF,
 * one that changed while it was read). Pages can also be captured with the camera, per component
 * (CameraCapture.tsx: document mode, off the UI thread).
 */
import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Select, TextArea } from '../ui';
import { useAppServices } from '../app-services';
import { atGateway, type AttachmentRow } from '../db/database';
import type { Attachment } from '../../shared/protocol';
import { attachFile, dossierAttachments, FileError, fileSize, movePage, removePage, withdrawnThere, withdrawPage } from '../db/files';
import { ActionError } from '../db/actions';
import { Confirm } from './Confirm';
import { codeKey } from '../i18n/codes';
import { INITIAL_FILE_PROGRESS, isAttachRefusal, type FileLane } from '../sync/files';
import { CameraCapture } from './CameraCapture';
import { useLive } from './live';
import type { OfficerSigner } from '../trust/officer-key';
import { Preview } from './PagePreview';
import { importScannedFile, useScanFolder } from './scan-folder';

const noLane = { subscribe: () => () => undefined, getSnapshot: () => INITIAL_FILE_PROGRESS };

/** A page as the panel shows it: this counter's row, or one another counter attached (`elsewhere`). */
type Shown = AttachmentRow & { elsewhere?: true };
const fromGateway = (a: Attachment): Shown => ({
  id: a.id, dossierCode: a.dossierCode, component: a.component, sha256: a.sha256, name: a.name, mime: a.mime, size: a.size,
  position: a.position, staffId: a.staffId, createdAt: Date.parse(a.attachedAt), attachedAt: Date.parse(a.attachedAt), elsewhere: true,
  ...(a.withdrawn ? { state: 'withdrawn', withdrawal: withdrawnThere(a.withdrawn) } : { state: 'attached' }),
});

export function useFileProgress(lane: FileLane | null | undefined) {
  const src = lane ?? noLane;
  return useSyncExternalStore(src.subscribe, src.getSnapshot);
}

/**
 * `signer`: the signed-in officer's key; each page is signed with it as it is stored. Without one
 * (a session whose key could not be opened) pages are stored named to `staffId` and signed at the
 * officer's next sign-in (db/files.ts `signPendingAttachments`): nothing captured is lost.
 */
export function Digitise({ code, components, staffId, signer }: { code: string; components: string[]; staffId: string; signer: OfficerSigner | null }) {
  const { t } = useTranslation(['digitise', 'codes']);
  const { t: tc } = useTranslation('counter');
  const { db, sync, kiosk } = useAppServices();
  /** The how-to shown (a disclosure: the card stays short for a 1366×768 screen). */
  const [help, setHelp] = useState(false);
  const helpId = useId();
  const scanner = useScanFolder(kiosk);
  const [target, setTarget] = useState<string | null>(null);
  const local = useLive(() => dossierAttachments(db, code), [db, code], [] as AttachmentRow[]);
  const progress = useFileProgress(sync?.files);
  // What other counters of the agency attached (the gateway's list), asked again as this
  // counter's own uploads go; this counter's rows are its own record of the same ids.
  const [remote, setRemote] = useState<Attachment[]>([]);
  const [remoteFailed, setRemoteFailed] = useState(false);
  useEffect(() => {
    if (!sync) return undefined;
    let live = true;
    sync.remoteAttachments(code).then(
      (list) => { if (live) { setRemote(list); setRemoteFailed(false); } },
      () => { if (live) setRemoteFailed(true); },
    );
    return () => { live = false; };
  }, [sync, code, progress.pending]);
  const rows = useMemo((): Shown[] => {
    const held = new Set(local.map((r) => r.id));
    return [...local, ...remote.filter((a) => !held.has(a.id)).map(fromGateway)];
  }, [local, remote]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ code: FileError['code']; params: Record<string, string> } | null>(null);
  const [pdfFailed, setPdfFailed] = useState(false);
  /** The component whose pages the camera is capturing (CameraCapture.tsx), if any. */
  const [camera, setCamera] = useState<string | null>(null);
  const all = useMemo(() => [...new Set([...components, t('other')])], [components, t]);
  const required = components.length;
  // A page refused for good, withdrawn or being withdrawn is not the dossier's: it does not count.
  const done = components.filter((c) => rows.some((r) => r.component === c && (r.state === 'pending' || r.state === 'attached'))).length;
  /** The attached page an officer is withdrawing (the confirmation open), its reason as typed. */
  const [withdrawing, setWithdrawing] = useState<Shown | null>(null);
  const [reason, setReason] = useState('');
  const [withdrawBusy, setWithdrawBusy] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  const reasonOk = reason.trim().length >= 3;
  const withdraw = async () => {
    if (!withdrawing || !reasonOk) return;
    setWithdrawBusy(true);
    setWithdrawError(null);
    try {
      const { elsewhere: _e, ...page } = withdrawing;
      await withdrawPage(db, page, reason, signer);
      setWithdrawing(null);
      setReason('');
    } catch (err) {
      setWithdrawError(err instanceof ActionError ? t(codeKey('action', err.code)) : t('withdrawUnexpected'));
    } finally {
      setWithdrawBusy(false);
    }
  };

  const add = async (component: string, files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    setBusy(component);
    try {
      for (const file of Array.from(files)) {
        await attachFile(db, { dossierCode: code, component, file, name: file.name, signer, staffId });
      }
    } catch (err) {
      if (err instanceof FileError) setError({ code: err.code, params: err.params });
      else setError({ code: 'file-read-failed', params: {} });
    } finally {
      setBusy(null);
    }
  };

  /** The component's image pages (not yet sent) replaced by one A4 PDF (db/assemble-pdf.ts). */
  const makePdf = async (component: string) => {
    setError(null);
    setPdfFailed(false);
    setBusy(component);
    try {
      // pdf-lib (~900 kB) loads on first use, in its own chunk, not with the counter.
      const { assembleComponentPdf } = await import('../db/assemble-pdf');
      await assembleComponentPdf(db, { dossierCode: code, component, signer, staffId });
    } catch (err) {
      if (err instanceof FileError) setError({ code: err.code, params: err.params });
      else setPdfFailed(true);
    } finally {
      setBusy(null);
    }
  };

  const fromScanner = async () => {
    const component = target ?? all[0]!;
    setError(null);
    setBusy(component);
    try {
      for (const f of scanner.files) {
        await importScannedFile(kiosk, db, f, { dossierCode: code, component, signer, staffId });
        scanner.received(f.name);
      }
    } catch (err) {
      setError(err instanceof FileError ? { code: err.code, params: err.params } : { code: 'file-read-failed', params: {} });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="digitise" aria-labelledby="dossier-digitise" data-testid="digitise">
      {/* Compact, so that an ordinary dossier fits a 1366×768 screen (docs/DESIGN.md): the title and
          the count on one line, the how-to behind a disclosure, one line per component. */}
      <div className="digitise-head">
        <h3 id="dossier-digitise">{t('title')}</h3>
        {required > 0 && <span data-testid="digitise-count">{t('digitised', { done, total: required })}</span>}
        <Button
          size="sm" variant="quiet" aria-expanded={help} aria-controls={helpId} onClick={() => setHelp((h) => !h)} data-testid="digitise-help-toggle"
        >
          {tc('digitiseHelp')}
        </Button>
      </div>
      <p id={helpId} className="muted" hidden={!help} data-testid="digitise-help">{t('intro')}</p>
      {progress.current?.dossierCode === code && (
        <p role="status" data-testid="digitise-progress">
          {t('sending', { name: progress.current.name, sent: fileSize(progress.current.sent), size: fileSize(progress.current.size) })}
        </p>
      )}
      {scanner.folder !== null && (
        <div className="digitise-scanner" data-testid="scanner-files" data-count={scanner.files.length}>
          <h4>{t('scanner')}</h4>
          {scanner.files.length === 0 ? <p className="muted">{t('scannerNone')}</p> : (
            <>
              <ul>{scanner.files.map((f) => <li key={f.name} data-testid="scanner-file">{f.name} <small>({fileSize(f.size)})</small></li>)}</ul>
              <Select
                label={t('scannerTarget')} value={target ?? all[0]!} onChange={setTarget}
                options={all.map((c) => ({ value: c, label: c }))} data-testid="scanner-target"
              />
              <Button size="sm" variant="primary" disabled={busy !== null} onClick={() => void fromScanner()} data-testid="scanner-import">
                {t('scannerImport', { count: scanner.files.length })}
              </Button>
            </>
          )}
        </div>
      )}
      {remoteFailed && <p className="muted" data-testid="digitise-remote-failed">{t('remoteFailed')}</p>}
      {pdfFailed && <p role="alert" data-testid="digitise-pdf-error">{t('pdfFailed')}</p>}
      {error && <p role="alert" data-testid="digitise-error">{t(codeKey('file', error.code), { size: error.params.size ?? '', max: error.params.max ?? '' })}</p>}
      {all.map((component) => {
        const pages = rows.filter((r) => r.component === component).sort((a, b) => a.position - b.position);
        const inputId = `file-${component}`;
        return (
          <div key={component} className="digitise-component" data-testid="digitise-component" data-component={component}>
            <div className="digitise-row">
              <div className="digitise-name">
                <h4>{component}</h4>
                {/* No page list under the name says it on screen; a screen reader reads it with the name. */}
                {pages.length === 0 && <span className="ui-visually-hidden">{t('none')}</span>}
              </div>
              <div className="digitise-actions">
                {pages.some((p) => !atGateway(p.state) && (p.mime === 'image/jpeg' || p.mime === 'image/png')) && (
                  <Button size="sm" variant="quiet" disabled={busy !== null} aria-label={t('makePdfName', { component })} onClick={() => void makePdf(component)} data-testid="make-pdf">
                    {busy === component ? t('makingPdf') : t('makePdf')}
                  </Button>
                )}
                <Button size="sm" disabled={busy !== null} aria-label={t('cameraName', { component })} onClick={() => setCamera(component)} data-testid="camera-open">{t('camera')}</Button>
                {/* The browser's own file field speaks the system's language ("Choose Files"): it stays out
                    of sight, and this button, in the counter's words, opens its picker. */}
                <Button size="sm" disabled={busy !== null} aria-label={busy === component ? undefined : t('addTo', { component })} onClick={() => (document.getElementById(inputId) as HTMLInputElement | null)?.click()} data-testid="file-add">
                  {busy === component ? t('adding') : t('addFile')}
                </Button>
              </div>
            </div>
            {pages.length > 0 && (
              <ol className="pages">
                {pages.map((p, i) => (
                  <li key={p.id} data-testid="page" data-state={p.state} data-name={p.name}>
                    <Preview row={p} />
                    <span>{t('page', { n: i + 1 })}: {p.name} <small>({fileSize(p.size)})</small></span>
                    {p.elsewhere && p.state === 'attached'
                      ? <span className="page-state page-state-attached" data-testid="page-elsewhere">{t('state.elsewhere')}</span>
                      : p.state === 'pending' && !p.sig
                        ? <span className="page-state page-state-pending" title={t('unsignedHint')} data-testid="page-unsigned">{t('state.unsigned')}</span>
                        : <span className={`page-state page-state-${p.state}`}>{t(`state.${p.state}`)}</span>}
                    {(p.state === 'failed' || p.state === 'attached') && p.refusal && (
                      <small role="note" data-testid="page-refusal">
                        {isAttachRefusal(p.refusal.reason) ? t(codeKey('forbidden', p.refusal.reason)) : t('refusedOther', { code: p.refusal.reason })}
                      </small>
                    )}
                    {p.withdrawal && (p.state === 'withdrawing' || p.state === 'withdrawn') && (
                      <small data-testid="page-withdrawn-reason">{t('withdrawnBecause', { reason: p.withdrawal.reason })}</small>
                    )}
                    {p.state === 'attached' && (
                      <Button size="sm" variant="quiet" aria-label={t('withdrawName', { name: p.name })} onClick={() => { setWithdrawing(p); setReason(''); setWithdrawError(null); }} data-testid="page-withdraw">{t('withdraw')}</Button>
                    )}
                    {p.state === 'pending' && (
                      <>
                        <Button size="sm" variant="quiet" disabled={i === 0} aria-label={t('moveUp', { name: p.name })} onClick={() => void movePage(db, p.id, -1)} data-testid="page-up">{t('up')}</Button>
                        <Button size="sm" variant="quiet" disabled={i === pages.length - 1} aria-label={t('moveDown', { name: p.name })} onClick={() => void movePage(db, p.id, 1)} data-testid="page-down">{t('down')}</Button>
                      </>
                    )}
                    {!atGateway(p.state) && (
                      <Button size="sm" variant="danger" aria-label={t('removeName', { name: p.name })} onClick={() => void removePage(db, p.id)} data-testid="page-remove">{t('remove')}</Button>
                    )}
                  </li>
                ))}
              </ol>
            )}
            <input
              id={inputId} type="file" multiple accept="image/jpeg,image/png,application/pdf" disabled={busy !== null}
              className="ui-visually-hidden" tabIndex={-1} aria-hidden="true"
              onChange={(e) => {
                const input = e.currentTarget;
                void add(component, input.files).then(() => { input.value = ''; });
              }}
              data-testid="file-input"
            />
          </div>
        );
      })}
      {withdrawing && (
        <Confirm title={t('withdrawTitle', { name: withdrawing.name })} busy={withdrawBusy} onConfirm={() => void withdraw()} onCancel={() => setWithdrawing(null)} confirmDisabled={!reasonOk}>
          <p>{t('withdrawIntro')}</p>
          <TextArea
            label={t('withdrawReason')} description={t('withdrawReasonHint')} required value={reason} rows={2} maxLength={300}
            error={reason.length > 0 && !reasonOk ? t('withdrawReasonShort') : undefined}
            onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason"
          />
          {withdrawError && <p role="alert" data-testid="withdraw-error">{t('withdrawFailed', { message: withdrawError })}</p>}
        </Confirm>
      )}
      {camera !== null && <CameraCapture code={code} component={camera} staffId={staffId} signer={signer} onClose={() => setCamera(null)} />}
    </section>
  );
}
