/**
 * Accountable staff actions on the counter, in real Chromium (the browser host's page, WebCrypto
 * of the Chromium that runs the app): what signing costs per mutation, and what the officer's key
 * costs at sign-in.
 *
 * - sign + verify per mutation, p95 ≤ 2 ms: the counter's own signer (`signerOf`, a
 *   non-extractable P-256 key) signs `signedText` of an intake envelope as the outbox stores it,
 *   and WebCrypto verifies it with the public key (what the gateway then does with node:crypto).
 *   Each mutation has its own id and time, so nothing is cached between samples.
 * - sign-in through the real form, click → workspace: an officer's first sign-in on the device
 *   (PIN check + proof derivation, both PBKDF2-SHA256 at 600,000 iterations and run side by side,
 *   then the key made, sealed by the host and stored) against a later one (PIN check + the sealed
 *   key opened by the host), and the bare PIN check in the same page for reference.
 */
import os from 'node:os';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { BenchOptions, Metric } from './types';
import { startApp } from '../tests/helpers/app';
import { DEMO_PINS } from '../src/gateway/demo/seed';

const ENTRY = `
import { signerOf } from './src/renderer/trust/officer-key';
import { verifyPin } from './src/renderer/counter/pin';
import { openKioskDb } from './src/renderer/db';
import { signedText } from './src/shared/protocol/trust';

const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const uuid = (i) => '01900000-0000-7000-8000-' + String(i).padStart(12, '0');

window.__trustBench = async (n) => {
  const pair = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['sign']);
  const signer = signerOf(key, { staffId: 'bench-c1', deviceId: 'dev-bench', keyId: 'k'.repeat(43) });
  const sign = [], verify = [], total = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.now() + i).toISOString();
    const envelope = {
      id: uuid(i), type: 'dossier.create', at, staffId: 'bench-c1',
      payload: {
        code: '000.00.01.H08-261205-' + String(i % 10000).padStart(4, '0'), procedureCode: '1.001193',
        applicant: { name: 'Trần Thị Thử', idHash: 'ab'.repeat(32), idMasked: '••••••••2345', citizenId: '001095012345',
          birthDate: '1995-05-17', sex: 'female', address: 'Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang', phone: '0912345678', email: null },
        channel: 1, status: 2, documents: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'], receivedAt: at, appointmentAt: at,
        fees: [{ id: 'f1', name: 'Lệ phí', amount: 8000, paid: false, paidAt: null, method: null, reference: null }], note: null,
      },
    };
    const t0 = performance.now();
    const sig = await signer.sign(envelope);
    const t1 = performance.now();
    const bytes = Uint8Array.from(atob(sig.value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, bytes, new TextEncoder().encode(signedText('dev-bench', envelope)));
    const t2 = performance.now();
    if (!ok) throw new Error('a signature did not verify');
    sign.push(t1 - t0); verify.push(t2 - t1); total.push(t2 - t0);
  }
  return { sign, verify, total };
};

window.__pinCheck = async (pin, n) => {
  const { db } = await openKioskDb('kiosk');
  try {
    const staff = (await db.staff.toArray()).find((s) => s.active && s.role === 'counter');
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      if (!(await verifyPin(pin, staff.pin))) throw new Error('the demo PIN did not verify');
      times.push(performance.now() - t0);
    }
    return { times, iterations: staff.pin.iterations };
  } finally {
    db.close();
  }
};
`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const median = (s: number[]): number => percentile(s, 50);

/** Signs in as the officer of the given row through the form; ms from the click to the workspace. */
async function timedSignIn(page: Page, staffId: string): Promise<number> {
  await page.getByTestId(`staff-${staffId}`).check();
  await page.getByTestId('pin').fill(DEMO_PINS.counter);
  const t0 = Date.now();
  await page.getByTestId('sign-in').click();
  await page.getByTestId('workspace').waitFor({ timeout: 30_000 });
  return Date.now() - t0;
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const mutations = opts.quick ? 500 : 5_000;
  const repeats = opts.quick ? 3 : 8;
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'trust-bench-entry.ts' },
    bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent',
    // zod must not compile validators with new Function under the page's CSP.
    banner: { js: 'globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });' },
  });
  const bundle = out.outputFiles[0]!.text;
  const app = await startApp({ role: 'counter', open: false, dossiersPerAgency: 5 });
  try {
    const { page } = app;
    await page.goto(app.url);
    await page.locator('[data-testid^="staff-"]').first().waitFor({ timeout: 30_000 });
    const officers = await page.locator('[data-testid^="staff-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('staff-'.length)));
    const load0 = os.loadavg()[0]!;
    // First sign-ins (one per officer: a key is made once per officer and device), then later ones.
    const first: number[] = [];
    const later: number[] = [];
    for (const id of officers) {
      first.push(await timedSignIn(page, id));
      await page.getByTestId('sign-out').click();
    }
    for (let i = 0; i < repeats; i++) {
      later.push(await timedSignIn(page, officers[i % officers.length]!));
      await page.getByTestId('sign-out').click();
    }
    await page.evaluate(bundle);
    const pin = await page.evaluate(([p, n]) => (window as unknown as { __pinCheck(p: string, n: number): Promise<{ times: number[]; iterations: number }> }).__pinCheck(p, n), [DEMO_PINS.counter, repeats] as const);
    const s = await page.evaluate((n) => (window as unknown as { __trustBench(n: number): Promise<{ sign: number[]; verify: number[]; total: number[] }> }).__trustBench(n), mutations);
    const load1 = os.loadavg()[0]!;
    const warm = (a: number[]) => a.slice(Math.min(20, Math.floor(a.length / 10)));
    const total = warm(s.total);
    const cond = `real Chromium (headless) in the browser host's page; load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${os.cpus().length} cores`;
    return [
      { name: 'trust: sign + verify per mutation, p95 (Chromium WebCrypto)', value: percentile(total, 95), target: 2, unit: 'ms', better: 'lower',
        note: `${total.length} intake envelopes (first ${s.total.length - total.length} as warm-up), ECDSA P-256 / SHA-256, the counter's signer; p50 ${median(total).toFixed(3)} ms, max ${Math.max(...total).toFixed(2)} ms; ${cond}` },
      { name: 'trust: sign per mutation, p95 (Chromium WebCrypto)', value: percentile(warm(s.sign), 95), target: null, unit: 'ms', better: 'lower',
        note: `verify alone p95 ${percentile(warm(s.verify), 95).toFixed(3)} ms` },
      { name: 'trust: first sign-in of an officer on the device, click → workspace (Chromium)', value: Math.max(...first), target: null, unit: 'ms', better: 'lower',
        note: `${first.length} officers: ${first.join(', ')} ms; PIN check and proof derivation (PBKDF2-SHA256 × ${pin.iterations}) side by side, key made, sealed by the host, stored` },
      { name: 'trust: later sign-in, click → workspace, median (Chromium)', value: median(later), target: null, unit: 'ms', better: 'lower',
        note: `${later.length} sign-ins: ${later.join(', ')} ms; PIN check + the sealed key opened by the host` },
      { name: 'trust: bare PIN check in the page, median (Chromium)', value: median(pin.times), target: null, unit: 'ms', better: 'lower',
        note: `PBKDF2-SHA256 × ${pin.iterations}: ${pin.times.map((t) => t.toFixed(0)).join(', ')} ms` },
    ];
  } finally {
    await app.close();
  }
}
