/**
 * axe-core in a real page, for every screen test that opens Chromium: injects the engine (from
 * the axe-core package, through the DevTools protocol, so a page's content security policy does
 * not block it) and runs the WCAG 2.1 A and AA rules.
 *
 *   await expectNoAxeViolations(page);                                  // whole page
 *   await expectNoAxeViolations(page, { include: '[data-testid="home"]' });
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeOptions {
  /** A CSS selector for the part of the page to check (the whole document by default). */
  include?: string;
  /** Selectors to leave out (e.g. a third-party frame). */
  exclude?: string[];
  /** Rule tags (WCAG 2.1 A and AA by default). */
  tags?: readonly string[];
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

let source: string | null = null;
const axeSource = (): string => (source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

async function inject(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(`${axeSource()}\n;undefined`);
}

/** The violations of the given rules on the page as it is now. */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  await inject(page);
  const { include, exclude = [], tags = WCAG21_AA } = options;
  return page.evaluate(async ({ include, exclude, tags }) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const context = { include: include ? [include] : [document], exclude: exclude.map((e) => [e]) };
    const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  }, { include: include ?? null, exclude, tags: [...tags] });
}

/** One readable line per violation and node, for a test failure message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => [
    `${v.id} (${v.impact ?? 'n/a'}): ${v.help}`,
    ...v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

/** Fails with the list of violations unless axe finds none. `label` names the state checked. */
export async function expectNoAxeViolations(page: Page, options: AxeOptions & { label?: string } = {}): Promise<void> {
  const violations = await axeViolations(page, options);
  if (violations.length > 0) {
    throw new Error(`axe-core found ${violations.length} WCAG 2.1 AA violation(s)${options.label ? ` in ${options.label}` : ''}:\n${describeViolations(violations)}`);
  }
}
