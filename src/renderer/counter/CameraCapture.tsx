/**
 * Capturing a dossier component's pages with the counter's camera (document mode; digitising
 * paper at the counter, docs/ARCHITECTURE.md).
 * A dialog over the dossier: the live picture, the page mode (colour, grey — the default —, black
 * and white; the last choice is remembered on this computer), a Capture button (Space or Enter
 * press it: it holds the focus), and the pages captured in this session with Retake and Delete.
 *
 * Each press takes the video's current frame, has the capture worker find the page, correct its
 * perspective onto an A4 page at 150 dpi and encode it (scanners/document/capture-client.ts), and
 * keeps the file at once with its attachment (db/files.ts `attachFile`, one transaction with the
 * outbox entry), so closing the dialog, signing out or losing the camera loses nothing already
 * captured. Retake keeps the page's place: the new file replaces the old one in the same
 * transaction. The camera is the technician's choice (settings `cameraDeviceId`), as for QR codes;
 * a camera that cannot open, or is unplugged mid-session, is explained with the catalog's message.
 *
 * The corners (CornerEditor.tsx): the frame of the latest capture is kept, in memory only, so the
 * officer can put the page's four corners right and have the page cut again from that same frame;
 * the new page replaces the stored one like a retake. When detection found no page, the editor
 * opens by itself. One frame at most is held (640×480 RGBA is 1.2 MB): it is let go at the next
 * capture or retake, when its page is deleted or sent (a sent page cannot be replaced), and when
 * the dialog closes; it is never written to IndexedDB. Pages of earlier captures (and pages seen
 * later in the dossier's preview) have no frame any more: they are retaken instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Select } from '../ui';
import { useAppServices, useOptionalSettings } from '../app-services';
import { atGateway, type AttachmentRow } from '../db/database';
import { attachFile, dossierAttachments, FileError, removePage } from '../db/files';
import { codeKey } from '../i18n/codes';
import { cameraError, type CameraError } from '../scanners/camera/camera-errors';
import { CameraStreamController, type MediaDevicesLike } from '../scanners/camera/stream-controller';
import { createPageCapturer, type PageCapturer } from '../scanners/document/capture-client';
import type { FrameImage } from '../scanners/camera/frame';
import type { CapturedFile } from '../scanners/document/capture-client';
import type { PageMode, Quad } from '../scanners/document/page';
import { CAPTURE_MODES, loadCaptureMode, nextPageName, retakeName, saveCaptureMode } from './camera-capture';
import { CornerEditor } from './CornerEditor';
import { Preview } from './PagePreview';
import { useLive } from './live';
import type { OfficerSigner } from '../trust/officer-key';

export interface CameraCaptureProps {
  code: string;
  component: string;
  staffId: string | null;
  /** The signed-in officer's key: each page is signed as it is stored (Digitise.tsx). */
  signer?: OfficerSigner | null;
  onClose(): void;
  /** Test seams; the app uses navigator.mediaDevices and the real capture worker. */
  mediaDevices?: MediaDevicesLike;
  createWorker?: (() => Worker) | null;
}

type CameraPhase = 'starting' | 'live' | 'error';

/** The latest capture's frame, held for the corner editor (see the rule above). */
interface HeldFrame {
  frame: FrameImage;
  /** The page cut from it, as stored now. */
  rowId: string;
  mode: PageMode;
  /** What detection gave (the whole frame when it found nothing), and the corners used now. */
  detected: Quad;
  found: boolean;
  corners: Quad;
}

export function CameraCapture({ code, component, staffId, signer = null, onClose, mediaDevices, createWorker }: CameraCaptureProps) {
  const { t } = useTranslation(['digitise', 'codes']);
  const { db } = useAppServices();
  const deviceId = useOptionalSettings()?.cameraDeviceId ?? null;
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [phase, setPhase] = useState<CameraPhase>('starting');
  const [cameraProblem, setCameraProblem] = useState<{ error: CameraError; lost: boolean } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [mode, setMode] = useState<PageMode>(() => loadCaptureMode());
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [problem, setProblem] = useState<{ key: 'file'; code: FileError['code']; params: Record<string, string> } | { key: 'failed' } | null>(null);
  const [noPage, setNoPage] = useState(false);
  /** Where the last page was processed (the capture worker, or the page as a fallback). */
  const [where, setWhere] = useState<'worker' | 'main' | null>(null);
  /** The pages captured in this session, in the order taken (a retake takes the old one's place). */
  const [session, setSession] = useState<string[]>([]);
  const [held, setHeld] = useState<HeldFrame | null>(null);
  const [editing, setEditing] = useState(false);
  const [recut, setRecut] = useState<string | null>(null);
  const capturer = useRef<PageCapturer | null>(null);
  const shoot = useRef<HTMLButtonElement | null>(null);
  /** Space and Enter capture: the Capture button takes the focus once the picture is live. */
  const focusShoot = () => {
    const active = document.activeElement;
    if (active instanceof HTMLSelectElement || active instanceof HTMLInputElement) return;
    shoot.current?.focus();
  };
  const rows = useLive(() => dossierAttachments(db, code), [db, code], [] as AttachmentRow[]);
  const captured = session.map((id) => rows.find((r) => r.id === id)).filter((r): r is AttachmentRow => r !== undefined);

  useEffect(() => {
    const c = createPageCapturer(createWorker === undefined ? {} : { createWorker });
    capturer.current = c;
    return () => {
      c.close();
      capturer.current = null;
    };
  }, [createWorker]);

  useEffect(() => {
    if (!video) return undefined;
    const controller = new CameraStreamController(mediaDevices ?? (typeof navigator === 'undefined' ? undefined : navigator.mediaDevices));
    let live = true;
    setPhase('starting');
    setCameraProblem(null);
    void controller.open(deviceId).then(async (opened) => {
      if (!live) return;
      if (!opened.ok) {
        setCameraProblem({ error: opened.error, lost: false });
        setPhase('error');
        return;
      }
      // Unplugged (or taken by the system) mid-session: the track ends; the pages stay.
      for (const track of opened.stream.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (!live) return;
          setCameraProblem({ error: cameraError('camera-failed', 'track-ended'), lost: true });
          setPhase('error');
        });
      }
      video.srcObject = opened.stream;
      video.muted = true;
      video.playsInline = true;
      try {
        await video.play();
      } catch {
        // A muted stream may autoplay; a refusal only delays the first frame.
      }
      if (!live) return;
      setPhase('live');
    });
    return () => {
      live = false;
      controller.close();
      video.srcObject = null;
    };
  }, [video, deviceId, mediaDevices, attempt]);

  // A page the gateway confirmed can no longer be replaced: its frame is let go (unless the editor
  // is open on it: then the new cut becomes a new page, see `store`).
  const heldSent = held !== null && !editing && rows.some((r) => r.id === held.rowId && atGateway(r.state));
  useEffect(() => {
    if (heldSent) setHeld(null);
  }, [heldSent]);

  // The Capture button takes the focus when the picture is live and the corner editor closes.
  useEffect(() => {
    if (phase === 'live' && !editing) focusShoot();
  }, [phase, editing]);

  const chooseMode = (value: string) => {
    const next = CAPTURE_MODES.find((m) => m === value) ?? mode;
    setMode(next);
    saveCaptureMode(next);
  };

  /** The video's current frame as RGBA pixels, or null when there is no picture yet. */
  const grabFrame = useCallback((): ImageData | null => {
    if (!video || video.readyState < 2 || video.videoWidth === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(video, 0, 0);
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  }, [video]);

  /** Stores a page: a new one, or in the place of `replace` while that one is not sent yet (a page
   * sent meanwhile cannot be replaced: the new file becomes a new page). */
  const store = async (page: CapturedFile, replace?: { id: string; name: string }): Promise<AttachmentRow> => {
    const siblings = (await dossierAttachments(db, code)).filter((r) => r.component === component);
    const current = replace ? siblings.find((r) => r.id === replace.id) : undefined;
    const replaces = current && !atGateway(current.state) ? current : undefined;
    // A new page takes the next number; a replacing one keeps the number of the page it replaces.
    const name = replaces ? retakeName(replaces.name, page.blob.type) : nextPageName(siblings.map((r) => r.name), page.blob.type);
    const row = await attachFile(db, {
      dossierCode: code, component, file: page.blob, name, signer, staffId,
      ...(replaces ? { replaces: [replaces.id], position: replaces.position } : {}),
    });
    setSession((s) => (replaces ? s.map((id) => (id === replaces.id ? row.id : id)) : [...s, row.id]));
    return row;
  };

  const capture = async (replace?: AttachmentRow) => {
    if (busyRef.current || phase !== 'live' || !capturer.current) return;
    const frame = grabFrame();
    if (!frame) return;
    busyRef.current = true;
    setBusy(true);
    setProblem(null);
    setRecut(null);
    // The previous frame is let go: only the latest capture's can be adjusted.
    setHeld(null);
    setEditing(false);
    try {
      // The worker takes a copy (it may be transferred); this frame stays for the corner editor.
      const page = await capturer.current.capture({ data: frame.data.slice(), width: frame.width, height: frame.height }, mode);
      setNoPage(!page.found);
      setWhere(page.where);
      const row = await store(page, replace);
      setHeld({ frame, rowId: row.id, mode, detected: page.corners, found: page.found, corners: page.corners });
      // No page found: the officer places the corners (the whole frame is kept meanwhile).
      setEditing(!page.found);
    } catch (err) {
      setProblem(err instanceof FileError ? { key: 'file', code: err.code, params: err.params } : { key: 'failed' });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  /** The held frame cut again along the officer's corners; the new page replaces the stored one. */
  const applyCorners = async (corners: Quad) => {
    if (busyRef.current || !held || !capturer.current) return;
    busyRef.current = true;
    setBusy(true);
    setProblem(null);
    try {
      const { frame } = held;
      const page = await capturer.current.capture({ data: frame.data.slice(), width: frame.width, height: frame.height }, held.mode, corners);
      const old = rows.find((r) => r.id === held.rowId);
      const row = await store(page, old ? { id: old.id, name: old.name } : undefined);
      setHeld({ ...held, rowId: row.id, corners });
      setEditing(false);
      setNoPage(false);
      setWhere(page.where);
      setRecut(row.name);
    } catch (err) {
      setProblem(err instanceof FileError ? { key: 'file', code: err.code, params: err.params } : { key: 'failed' });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const remove = async (row: AttachmentRow) => {
    if (await removePage(db, row.id)) {
      setSession((s) => s.filter((id) => id !== row.id));
      if (held?.rowId === row.id) {
        setHeld(null);
        setEditing(false);
      }
    }
    focusShoot();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (editing || (e.key !== 'Enter' && e.key !== ' ')) return;
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'BUTTON' || tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'A') return;
    e.preventDefault();
    void capture();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={t('cameraTitle', { component })}
      description={t('cameraIntro')}
      data-testid="camera-capture"
      actions={<Button variant="primary" onClick={onClose} data-testid="camera-done">{t('cameraDone')}</Button>}
    >
      <div className="camera-capture" onKeyDown={onKeyDown} data-phase={phase} data-where={where ?? undefined} data-editing={editing} data-testid="camera-capture-body">
        {/* The video stays mounted under the editor, so the camera does not close and reopen. */}
        <div className="camera-capture-view" hidden={editing}>
          <video ref={setVideo} className="camera-capture-video" muted playsInline aria-label={t('cameraPreview')} data-testid="camera-video" />
          {phase === 'starting' && <p className="muted" role="status">{t('cameraStarting')}</p>}
        </div>
        {cameraProblem && (
          <div role="alert" data-testid="camera-error" data-code={cameraProblem.error.code}>
            <p>{t(codeKey('camera', cameraProblem.error.code))}</p>
            {cameraProblem.lost && <p>{t('cameraLost')}</p>}
            <Button size="sm" onClick={() => setAttempt((n) => n + 1)} data-testid="camera-retry">{t('cameraRetry')}</Button>
          </div>
        )}
        {editing && held && (
          <CornerEditor
            frame={held.frame}
            detected={held.detected}
            initial={held.corners}
            found={held.found}
            busy={busy}
            onApply={(q) => void applyCorners(q)}
            onCancel={() => setEditing(false)}
          />
        )}
        <div className="camera-capture-controls" hidden={editing}>
          <Select
            label={t('modeLabel')}
            value={mode}
            onChange={chooseMode}
            options={CAPTURE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
            data-testid="camera-mode"
          />
          <Button
            ref={shoot} variant="primary" busy={busy} disabled={phase !== 'live'} onClick={() => void capture()}
            data-autofocus data-testid="camera-shoot" aria-keyshortcuts="Space Enter"
          >
            {busy ? t('capturing') : t('capture')}
          </Button>
          <p className="muted">{t('captureKeys')}</p>
        </div>
        {noPage && !editing && <p role="status" data-testid="camera-no-page">{t('noPageFound')}</p>}
        {recut && <p role="status" data-testid="camera-recut">{t('cornersDone', { name: recut })}</p>}
        {problem && (
          <p role="alert" data-testid="camera-capture-error">
            {problem.key === 'file'
              ? t(codeKey('file', problem.code), { size: problem.params.size ?? '', max: problem.params.max ?? '' })
              : t('captureFailed')}
          </p>
        )}
        <h4>{t('capturedCount', { count: captured.length })}</h4>
        {captured.length === 0 ? <p className="muted">{t('noneCaptured')}</p> : (
          <ol className="camera-strip" data-testid="camera-strip">
            {captured.map((p) => (
              <li key={p.id} data-testid="camera-page" data-name={p.name} data-state={p.state}>
                <Preview row={p} />
                <span className="camera-strip-name" title={p.name}>{p.name}</span>
                {!atGateway(p.state) && (
                  <div className="camera-strip-actions">
                    {held?.rowId === p.id && !editing && (
                      <Button size="sm" variant="quiet" disabled={busy} aria-label={t('adjustName', { name: p.name })} onClick={() => setEditing(true)} data-testid="camera-adjust">{t('adjust')}</Button>
                    )}
                    <Button size="sm" variant="quiet" disabled={phase !== 'live'} busy={busy} aria-label={t('retakeName', { name: p.name })} onClick={() => void capture(p)} data-testid="camera-retake">{t('retake')}</Button>
                    <Button size="sm" variant="danger" aria-label={t('removeName', { name: p.name })} onClick={() => void remove(p)} data-testid="camera-remove">{t('remove')}</Button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Dialog>
  );
}
