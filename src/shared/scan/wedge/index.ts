export { createWedgeDecoder } from './decoder';
export type { WedgeDecision, WedgeDecoder, WedgeRejectReason, WedgeResult } from './decoder';
export { WedgeKeyEventJson, IME_PROCESS_KEYCODE } from './event';
export type { WedgeKeyEvent } from './event';
export { WedgeOptions, DEFAULT_WEDGE_OPTIONS } from './options';
export type { WedgeOptionsInput } from './options';
export { US_KEYMAP, usCharFor, usKeyFor, MODIFIER_CODES } from './us-keymap';
