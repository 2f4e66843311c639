/**
 * A refused input's problems in words of the reader's language: the issues a host or gateway
 * carried (src/shared/bridge/error.ts `BridgeIssue`: zod's code, path and parameters, the kind of
 * value received, never the value) worded by zod's own Vietnamese and English locales. The English
 * message the issue carries is the fallback (an issue zod's locale does not know).
 */
import vi from 'zod/v4/locales/vi.js';
import en from 'zod/v4/locales/en.js';
import type { BridgeIssue } from '../bridge/error';

const LOCALES = { vi: vi(), en: en() } as const;

/** A sample of each kind of value: zod's locales name the received kind from a value. */
const SAMPLES: Record<string, unknown> = {
  string: '', number: 0, bigint: BigInt(0), boolean: false, object: {}, array: [], null: null, undefined, function: () => undefined,
};

export function issueText(issue: BridgeIssue, lang: 'vi' | 'en'): string {
  const { received, ...rest } = issue;
  const where = issue.path.map(String).join('.');
  let words: string | undefined;
  // Without the received kind, zod would say "received undefined": the carried message is truer.
  if (issue.code !== 'invalid_type' || (received !== undefined && received in SAMPLES)) {
    try {
      const out = LOCALES[lang].localeError((received !== undefined ? { ...rest, input: SAMPLES[received] } : rest) as never);
      words = typeof out === 'string' ? out : out?.message;
    } catch {
      words = undefined;
    }
  }
  // A rule of the schema's own (`refine`): zod's locale knows only "invalid input", the schema's
  // words (English, technical) say which rule.
  if (issue.code === 'custom' && words !== undefined && issue.message !== '' && issue.message !== words) words = `${words} (${issue.message})`;
  return `${where ? `${where}: ` : ''}${words ?? issue.message}`;
}

/** At most `max` issues, each `path: words`, joined; more are counted. */
export function issuesText(issues: readonly BridgeIssue[], lang: 'vi' | 'en', max = 5): string {
  const shown = issues.slice(0, max).map((i) => issueText(i, lang)).join('; ');
  return issues.length > max ? `${shown}; (+${issues.length - max})` : shown;
}
