/**
 * DOM adapter of the keyboard-wedge decoder (src/shared/scan/wedge): listens to every key in the
 * capture phase on the window, BEFORE the focused element or any page handler sees it, and applies
 * the decoder's decisions:
 *  - `preventDefault` / `stopImmediatePropagation` as told (held keys, scanner bursts, terminators);
 *  - `replay`: a person's held keystrokes are put back into the element that had focus when they
 *    were typed, before the current key's own default runs, through `execCommand('insertText')` so
 *    the browser fires `beforeinput`/`input` (React's onChange) and keeps undo working;
 *  - timers at the decoder's `deadline` so a burst is resolved after `minHumanGapMs` of silence.
 *
 * Times come from `event.timeStamp` (when the OS received the key), not from when the handler runs:
 * a busy main thread delivers a person's queued keystrokes together, and handler time would make
 * them look like a scanner burst.
 */
import { createWedgeDecoder, type WedgeDecision, type WedgeKeyEvent, type WedgeOptionsInput, type WedgeRejectReason } from '../../shared/scan/wedge';
import type { RawScan } from '../../shared/scan/raw-scan';

export const WEDGE_DEVICE_ID = 'wedge';

export interface WedgeRejection {
  source: 'wedge';
  device: string;
  reason: WedgeRejectReason;
  /** Epoch milliseconds. */
  at: number;
  /** How many keys the rejected burst had (never its text: it may be personal data). */
  length: number;
}

export interface WedgeListenerOptions {
  onScan(raw: RawScan): void;
  onReject?(rejection: WedgeRejection): void;
  decoder?: WedgeOptionsInput;
  device?: string;
  /** Epoch clock for `RawScan.at`. */
  now?: () => number;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

function isTextField(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type);
}

function isEditable(el: Element): boolean {
  if (isTextField(el)) return !el.disabled && !el.readOnly;
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Insert text (or delete backward for `\b`) where a person's key would have. */
function editField(doc: Document, el: Element, piece: string): void {
  const isDelete = piece === '\b';
  if (doc.activeElement === el) {
    const done = isDelete ? doc.execCommand('delete') : doc.execCommand('insertText', false, piece);
    if (done) return;
  }
  // Focus moved on in the meantime (or execCommand refused): edit the field where its caret was.
  if (!isTextField(el)) return;
  try {
    const end = el.selectionEnd ?? el.value.length;
    let start = el.selectionStart ?? end;
    if (isDelete && start === end) start = Math.max(0, end - 1);
    el.setRangeText(isDelete ? '' : piece, start, end, 'end');
  } catch {
    // number/email inputs have no selection API: append, as a person typing at the end would.
    el.value = isDelete ? el.value.slice(0, -1) : el.value + piece;
  }
  el.dispatchEvent(new InputEvent('input', {
    bubbles: true, inputType: isDelete ? 'deleteContentBackward' : 'insertText', data: isDelete ? null : piece,
  }));
}

export function replayInto(doc: Document, el: Element | null, replay: string): void {
  if (replay === '' || el === null || !el.isConnected || !isEditable(el)) return;
  // One edit per run of text, one per Backspace.
  let run = '';
  for (const ch of replay) {
    if (ch !== '\b') {
      run += ch;
      continue;
    }
    if (run !== '') editField(doc, el, run);
    run = '';
    editField(doc, el, '\b');
  }
  if (run !== '') editField(doc, el, run);
}

function toWedgeEvent(e: KeyboardEvent, t: number): WedgeKeyEvent {
  return {
    type: e.type === 'keyup' ? 'keyup' : 'keydown',
    code: e.code, key: e.key, shiftKey: e.shiftKey, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey,
    keyCode: e.keyCode, isComposing: e.isComposing, repeat: e.repeat, t,
  };
}

/** Start listening on `win`; returns the function that stops it. */
export function attachWedgeListener(win: Window, opts: WedgeListenerOptions): () => void {
  const decoder = createWedgeDecoder(opts.decoder);
  const device = opts.device ?? WEDGE_DEVICE_ID;
  const now = opts.now ?? Date.now;
  const doc = win.document;
  let heldTarget: Element | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastT = 0;
  let lastArrival = 0;

  const apply = (d: WedgeDecision, target: Element | null): void => {
    if (d.replay !== '') replayInto(doc, heldTarget ?? target, d.replay);
    if (d.replay !== '' || d.result !== null || d.deadline === null) heldTarget = null;
    if (d.deadline !== null && heldTarget === null) heldTarget = target;
    if (d.result !== null) {
      const r = d.result;
      if (r.accepted) opts.onScan({ source: 'wedge', device, text: r.text, at: now() });
      else opts.onReject?.({ source: 'wedge', device, reason: r.reason, at: now(), length: r.length });
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (d.deadline !== null) {
      const deadline = d.deadline;
      timer = setTimeout(() => {
        timer = null;
        apply(decoder.tick(Math.max(deadline, silenceClock())), null);
      }, Math.max(0, deadline - silenceClock()));
    }
  };

  /**
   * "Now" on the events' clock, advanced by how long no key has ARRIVED. Gaps between keys come
   * from their timestamps, but silence is measured on arrival: when input reaches the page late
   * (a loaded machine, a remote-debugging driver), a burst whose keys are still on their way is not
   * cut in two.
   */
  function silenceClock(): number {
    return lastT + (win.performance.now() - lastArrival);
  }

  const onKey = (e: Event): void => {
    if (!(e instanceof KeyboardEvent)) return;
    // Synthetic events may carry a zero or stale timeStamp: never let time run backwards.
    const stamp = e.timeStamp > 0 ? e.timeStamp : win.performance.now();
    lastT = Math.max(lastT, stamp);
    lastArrival = win.performance.now();
    const d = decoder.feed(toWedgeEvent(e, lastT));
    if (d.preventDefault) e.preventDefault();
    if (d.stopPropagation) e.stopImmediatePropagation();
    const target = e.target instanceof Element ? e.target : doc.activeElement;
    apply(d, target);
  };

  win.addEventListener('keydown', onKey, { capture: true });
  win.addEventListener('keyup', onKey, { capture: true });
  return () => {
    win.removeEventListener('keydown', onKey, { capture: true });
    win.removeEventListener('keyup', onKey, { capture: true });
    if (timer !== null) clearTimeout(timer);
    // Whatever a person had typed comes back before the listener goes.
    apply({ ...decoder.flush(), deadline: null }, null);
  };
}
