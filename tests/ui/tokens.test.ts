/** The design tokens keep WCAG 2.1 AA contrast in both themes: 4.5:1 for every pair that carries
 * text, 3:1 for control borders, the focus ring, status edges and chart series (1.4.3, 1.4.11). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrast, themeTokens } from './contrast';

const css = readFileSync(resolve(import.meta.dirname, '../../src/renderer/ui/tokens.css'), 'utf8');
const themes = themeTokens(css);
const STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** [foreground, background] token names, without the `--ui-` prefix. */
const TEXT: [string, string][] = [
  ...['bg', 'surface', 'surface-sunken', 'hover-bg'].map((b): [string, string] => ['color-text', `color-${b}`]),
  ...['bg', 'surface', 'surface-sunken'].map((b): [string, string] => ['color-text-muted', `color-${b}`]),
  ['color-on-primary', 'color-primary'], ['color-on-primary', 'color-primary-hover'],
  ['color-secondary-text', 'color-secondary-bg'], ['color-secondary-text', 'color-secondary-hover'],
  ['color-on-danger', 'color-danger'], ['color-on-danger', 'color-danger-hover'],
  ['color-quiet-text', 'color-surface'], ['color-quiet-text', 'color-bg'], ['color-quiet-text', 'color-quiet-hover'],
  ['color-primary', 'color-surface'], ['color-danger', 'color-surface'],
  ['color-disabled-text', 'color-disabled-bg'],
  ['color-selected-text', 'color-selected-bg'],
  ['color-error', 'color-surface'], ['color-error', 'color-error-bg'],
  ['color-warning', 'color-surface'], ['color-warning', 'color-warning-bg'],
  ['color-success', 'color-surface'], ['color-success', 'color-success-bg'],
  ['color-info', 'color-surface'], ['color-info', 'color-info-bg'],
  ['color-kbd-text', 'color-kbd-bg'],
  ...STATUSES.map((n): [string, string] => [`status-${n}-fg`, `status-${n}-bg`]),
];
const NON_TEXT: [string, string][] = [
  ['color-border', 'color-surface'], ['color-border', 'color-bg'], ['color-border', 'color-surface-sunken'],
  ['color-focus', 'color-surface'], ['color-focus', 'color-bg'], ['color-focus', 'color-focus-halo'],
  ['color-selected-bar', 'color-selected-bg'], ['color-kbd-border', 'color-kbd-bg'],
  ...STATUSES.map((n): [string, string] => [`status-${n}-edge`, 'color-surface']),
  ...['ok', 'busy', 'warn', 'bad'].map((s): [string, string] => [`sync-${s}`, 'color-surface']),
  // Chart series: on the surface, and each against the one stacked next to it.
  ...[1, 2, 3].map((n): [string, string] => [`chart-${n}`, 'color-surface']),
  ['chart-1', 'chart-2'], ['chart-2', 'chart-3'],
];

describe.each(['light', 'high-contrast'] as const)('%s theme', (theme) => {
  const tokens = themes[theme];
  const value = (name: string): string => {
    const v = tokens[`--ui-${name}`];
    if (!v) throw new Error(`--ui-${name} is not declared in the ${theme} theme`);
    return v;
  };

  it('declares the same tokens as the light theme', () => {
    expect(Object.keys(tokens).filter((k) => k.startsWith('--ui-color') || k.startsWith('--ui-status') || k.startsWith('--ui-sync') || k.startsWith('--ui-chart')).sort())
      .toEqual(Object.keys(themes.light).filter((k) => k.startsWith('--ui-color') || k.startsWith('--ui-status') || k.startsWith('--ui-sync') || k.startsWith('--ui-chart')).sort());
  });

  it.each(TEXT)('text %s on %s reaches 4.5:1', (fg, bg) => {
    expect(contrast(value(fg), value(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(NON_TEXT)('edge %s against %s reaches 3:1', (fg, bg) => {
    expect(contrast(value(fg), value(bg))).toBeGreaterThanOrEqual(3);
  });
});
