/**
 * A browser queues `selectionchange` as a task, and only when the selection moved; happy-dom
 * dispatches it inside the call that set the selection, even to where it already was. React
 * Aria's date segments answer a selection change by collapsing the selection into the focused
 * segment, so under happy-dom that handler re-entered itself until the stack ran out. Here, as in
 * a browser, the event is dispatched after the call returns, and not for a selection that stayed.
 */
if (typeof document !== 'undefined' && typeof window !== 'undefined' && 'happyDOM' in window) {
  const dispatch = document.dispatchEvent.bind(document);
  let last: unknown[] = [];
  document.dispatchEvent = (event: Event): boolean => {
    if (event.type !== 'selectionchange') return dispatch(event);
    const s = document.getSelection();
    const now = [s?.anchorNode, s?.anchorOffset, s?.focusNode, s?.focusOffset];
    if (now.every((v, i) => v === last[i])) return true;
    last = now;
    setTimeout(() => dispatch(event), 0);
    return true;
  };
}
