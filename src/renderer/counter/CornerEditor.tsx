/**
 * The page's four corners over the camera frame it was captured from (digitising paper at the
 * counter: fixing the page when detection is wrong or fails), inside the camera dialog
 * (CameraCapture.tsx).
 *
 * The frame is drawn on a canvas; the page's outline over it, and one handle per corner: a real
 * button named for its number and corner ("1: Góc trên bên trái"), so Tab reaches each one and the focus ring
 * shows which. A corner moves by dragging it (pointer events: mouse, touch, pen; a press on the
 * picture away from the handles brings the selected corner there), or by the keyboard: 1–4 select
 * a corner, the arrow keys move it 1 px of the frame, with Shift 10 px; Escape leaves the editor
 * (not the dialog). "Như đã tự tìm" puts back detection's corners, "Cả khung hình" takes the whole
 * frame. Apply checks the corners (corners.ts: crossed, folded, mirrored or too small are refused
 * with the catalog's message, nothing changes) and hands them to the dialog, which cuts the page
 * again from the same frame and replaces the stored page.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui';
import type { FrameImage } from '../scanners/camera/frame';
import type { Quad } from '../scanners/document/page';
import { checkCorners, cornerForKey, keyMove, placeCorner, wholeFrame, type CornerProblem } from './corners';

export interface CornerEditorProps {
  frame: FrameImage;
  /** Where the page was cut from: detection's corners, or the whole frame when it found none. */
  detected: Quad;
  /** The corners to start from: those the stored page was cut along. */
  initial: Quad;
  /** Whether detection found the page; when not, the editor says so. */
  found: boolean;
  /** The page is being cut again. */
  busy?: boolean;
  onApply(corners: Quad): void;
  onCancel(): void;
}

const CORNER_KEYS = ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] as const;

export function CornerEditor({ frame, detected, initial, found, busy = false, onApply, onCancel }: CornerEditorProps) {
  const { t } = useTranslation('digitise');
  const { width, height } = frame;
  const [corners, setCorners] = useState<Quad>(initial);
  const [selected, setSelected] = useState(0);
  const [problem, setProblem] = useState<CornerProblem | null>(null);
  const [said, setSaid] = useState('');
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const stage = useRef<HTMLDivElement | null>(null);
  const handles = useRef<(HTMLButtonElement | null)[]>([]);
  const dragging = useRef<number | null>(null);
  const titleId = useId();
  const helpId = useId();
  const valid = checkCorners(corners, width, height) === null;
  /** The corners as last rendered, for the end of a drag (moves update them by function). */
  const latest = useRef(corners);
  latest.current = corners;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return; // a DOM without canvas (unit tests): the handles still work
    ctx.putImageData(new ImageData(new Uint8ClampedArray(frame.data), width, height), 0, 0);
  }, [frame, width, height]);

  // The first corner takes the focus, so the keyboard works at once.
  useEffect(() => {
    handles.current[0]?.focus();
  }, []);

  const change = (next: Quad) => {
    setCorners(next);
    setProblem(null);
  };
  const announce = (i: number, q: Quad) => setSaid(t('cornerAt', { corner: t(`corner.${CORNER_KEYS[i]!}`), x: q[i]!.x, y: q[i]!.y }));

  /** Selects a corner and focuses its handle; under a pointer the dialog must not scroll, or the
   * picture would slide away under the finger mid-drag. */
  const select = (i: number, scroll = true) => {
    setSelected(i);
    handles.current[i]?.focus({ preventScroll: !scroll });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.key === 'Escape') {
      // Leaves the editor only; the camera dialog stays open.
      e.preventDefault();
      e.stopPropagation();
      if (!busy) onCancel();
      return;
    }
    const pick = cornerForKey(e.key);
    if (pick !== null) {
      e.preventDefault();
      select(pick);
      return;
    }
    const target = e.target as HTMLElement;
    const at = target.dataset.corner === undefined ? null : Number(target.dataset.corner);
    if (at === null) return;
    const next = keyMove(corners, at, e.key, e.shiftKey, width, height);
    if (!next) return;
    e.preventDefault();
    change(next);
    announce(at, next);
  };

  /** A pointer's place in frame pixels. */
  const toFrame = (e: React.PointerEvent) => {
    const r = stage.current!.getBoundingClientRect();
    return { x: r.width ? ((e.clientX - r.left) / r.width) * width : 0, y: r.height ? ((e.clientY - r.top) / r.height) * height : 0 };
  };
  const startDrag = (e: React.PointerEvent, i: number) => {
    if (busy || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    dragging.current = i;
    select(i, false);
    stage.current?.setPointerCapture?.(e.pointerId);
    change(placeCorner(corners, i, toFrame(e), width, height));
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const i = dragging.current;
    if (i === null) return;
    e.preventDefault();
    setCorners((q) => placeCorner(q, i, toFrame(e), width, height));
  };
  const endDrag = (e: React.PointerEvent) => {
    const i = dragging.current;
    if (i === null) return;
    dragging.current = null;
    if (stage.current?.hasPointerCapture?.(e.pointerId)) stage.current.releasePointerCapture(e.pointerId);
    announce(i, latest.current);
  };

  const apply = () => {
    const why = checkCorners(corners, width, height);
    if (why) {
      setProblem(why);
      return;
    }
    onApply(corners);
  };

  const pct = (v: number, of: number) => `${((v + 0.5) / of) * 100}%`;

  return (
    <section className="corner-editor" aria-labelledby={titleId} data-testid="corner-editor" data-found={found} data-valid={valid} onKeyDown={onKeyDown}>
      <h4 id={titleId}>{t('cornersTitle')}</h4>
      {!found && <p className="corner-editor-notice" role="status" data-testid="corner-no-page">{t('cornersNoPage')}</p>}
      <p id={helpId} className="muted">{t('cornersHelp')}</p>
      <div
        ref={stage}
        className="corner-stage"
        // The whole frame fits on the counter's screen with the dialog's text and buttons; the
        // margin (counter.css) leaves room for handles on the frame's edges.
        style={{ aspectRatio: `${width} / ${height}`, width: `min(calc(100% - 3rem), calc(50vh * ${(width / height).toFixed(4)}))` }}
        onPointerDown={(e) => { if (e.target === e.currentTarget || e.target === canvas.current) startDrag(e, selected); }}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        data-testid="corner-stage"
      >
        <canvas ref={canvas} width={width} height={height} className="corner-frame" role="img" aria-label={t('cornersFrame')} />
        <svg className="corner-outline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
          <polygon points={corners.map((p) => `${p.x + 0.5},${p.y + 0.5}`).join(' ')} />
        </svg>
        {corners.map((p, i) => (
          <button
            key={CORNER_KEYS[i]}
            ref={(el) => { handles.current[i] = el; }}
            type="button"
            className="corner-handle"
            style={{ left: pct(p.x, width), top: pct(p.y, height) }}
            aria-label={t('cornerName', { n: i + 1, corner: t(`corner.${CORNER_KEYS[i]!}`) })}
            aria-describedby={helpId}
            aria-keyshortcuts={`${i + 1} ArrowLeft ArrowRight ArrowUp ArrowDown`}
            data-selected={selected === i}
            data-corner={i}
            data-x={p.x}
            data-y={p.y}
            data-testid="corner-handle"
            onFocus={() => setSelected(i)}
            onPointerDown={(e) => startDrag(e, i)}
          >
            {i + 1}
          </button>
        ))}
      </div>
      <p className="ui-visually-hidden" role="status" aria-live="polite">{said}</p>
      {problem && <p role="alert" className="corner-editor-problem" data-testid="corner-error" data-problem={problem}>{t(`cornersProblem.${problem}`)}</p>}
      <div className="corner-editor-actions">
        <Button size="sm" disabled={!found || busy} onClick={() => change(detected)} data-testid="corner-reset">{t('cornersReset')}</Button>
        <Button size="sm" disabled={busy} onClick={() => change(wholeFrame(width, height))} data-testid="corner-whole">{t('cornersWhole')}</Button>
        <Button size="sm" variant="quiet" disabled={busy} onClick={onCancel} data-testid="corner-cancel">{t('cornersCancel')}</Button>
        <Button size="sm" variant="primary" busy={busy} onClick={apply} data-testid="corner-apply">{busy ? t('cornersApplying') : t('cornersApply')}</Button>
      </div>
    </section>
  );
}
