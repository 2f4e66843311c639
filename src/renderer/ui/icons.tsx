/**
 * Inline SVG icons (no icon font, nothing fetched). Decorative: hidden from assistive technology,
 * the words next to them carry the meaning. Drawn in `currentColor` so both themes colour them.
 */
import type { ReactNode } from 'react';

function Svg({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg className={`ui-icon${className ? ` ${className}` : ''}`} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export type IconName =
  | 'check' | 'double-check' | 'x' | 'chevron-down' | 'sort-up' | 'sort-down' | 'sort-none'
  | 'info' | 'warning' | 'error' | 'success' | 'dot' | 'inbox' | 'gear' | 'doc-plus' | 'coin'
  | 'undo' | 'stop' | 'refresh' | 'cloud-check' | 'cloud-off' | 'link-off' | 'clock' | 'lock' | 'sign-out';

const PATHS: Record<IconName, ReactNode> = {
  check: <path d="M4 10.5l4 4 8-9" />,
  'double-check': <><path d="M1.5 10.5l4 4 8-9" /><path d="M9.5 14.5l1 0 8-9" /></>,
  x: <path d="M5 5l10 10M15 5L5 15" />,
  'chevron-down': <path d="M5 8l5 5 5-5" />,
  'sort-up': <path d="M10 16V4M5 9l5-5 5 5" />,
  'sort-down': <path d="M10 4v12M5 11l5 5 5-5" />,
  'sort-none': <><path d="M6 8l4-4 4 4" /><path d="M6 12l4 4 4-4" /></>,
  info: <><circle cx="10" cy="10" r="8" /><path d="M10 9v5M10 6.2v.1" /></>,
  warning: <><path d="M10 2.5l8 14.5H2z" /><path d="M10 8v4M10 14.6v.1" /></>,
  error: <><circle cx="10" cy="10" r="8" /><path d="M7 7l6 6M13 7l-6 6" /></>,
  success: <><circle cx="10" cy="10" r="8" /><path d="M6 10.5l3 3 5-6" /></>,
  dot: <circle cx="10" cy="10" r="4" fill="currentColor" />,
  inbox: <><path d="M3 11h4l1 2h4l1-2h4" /><path d="M3 11l2-7h10l2 7v5H3z" /></>,
  gear: <><circle cx="10" cy="10" r="3" /><path d="M10 2v2.5M10 15.5V18M2 10h2.5M15.5 10H18M4.3 4.3l1.8 1.8M13.9 13.9l1.8 1.8M4.3 15.7l1.8-1.8M13.9 6.1l1.8-1.8" /></>,
  'doc-plus': <><path d="M5 2h7l4 4v12H5z" /><path d="M10.5 9v6M7.5 12h6" /></>,
  coin: <><circle cx="10" cy="10" r="8" /><path d="M12.5 7.2c-.6-.8-1.5-1.2-2.5-1.2-1.5 0-2.5.8-2.5 2s1 1.7 2.5 2 2.5.8 2.5 2-1 2-2.5 2c-1 0-2-.4-2.6-1.2M10 4.5v11" /></>,
  undo: <><path d="M7 5L3 9l4 4" /><path d="M3 9h9a5 5 0 010 10h-2" /></>,
  stop: <rect x="4" y="4" width="12" height="12" rx="1.5" />,
  refresh: <><path d="M16 4v4h-4" /><path d="M15.5 8A6 6 0 104 12" /></>,
  'cloud-check': <><path d="M6 16h8.5a3.5 3.5 0 00.4-7A5 5 0 005.3 8.2 4 4 0 006 16z" /><path d="M7.5 11.5l2 2 3.5-4" /></>,
  'cloud-off': <><path d="M6 16h8.5a3.5 3.5 0 001.7-.4M16.9 12.6a3.5 3.5 0 00-2-3.6A5 5 0 007.6 5.3M5.3 8.2A4 4 0 006 16" /><path d="M2.5 2.5l15 15" /></>,
  'link-off': <><path d="M8 12l-2 2a3 3 0 01-4-4l2-2M12 8l2-2a3 3 0 014 4l-2 2" /><path d="M3 3l14 14" /></>,
  clock: <><circle cx="10" cy="10" r="8" /><path d="M10 5.5V10l3 2" /></>,
  lock: <><rect x="4" y="9" width="12" height="9" rx="1.5" /><path d="M6.5 9V6.5a3.5 3.5 0 017 0V9" /></>,
  'sign-out': <><path d="M8 3H4v14h4" /><path d="M13 6l4 4-4 4M17 10H8" /></>,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return <Svg className={className}>{PATHS[name]}</Svg>;
}

/** A turning ring for busy states (still under prefers-reduced-motion). */
export function Spinner() {
  return (
    <svg className="ui-spinner" viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2.5" />
      <path d="M10 2.5a7.5 7.5 0 017.5 7.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
