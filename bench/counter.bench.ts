/**
 * Counter numbers (docs/PERFORMANCE.md): scan → dossier view rendered with many dossiers cached (p95 ≤ 100 ms),
 * and the interactions from a CCCD scan to a printed receipt (≤ 4: scan, type, Enter, Enter, with
 * the counter's printer set so the receipt prints without a dialog, as the Electron host does). Measured in Node with
 * happy-dom — not real Chromium (a caveat: the issue asks for Chromium) — with the real React
 * tree, scan stream, host bridge dispatcher and Dexie over fake-indexeddb; "rendered" means
 * committed to the DOM (Chromium adds layout and paint). The scan → view path is one indexed
 * `get` by primary key, so its cost barely depends on the cache size.
 */
import 'fake-indexeddb/auto';
import type { BenchOptions, Metric } from './types';
import { ignoreCssImports, installDom, untilDom } from './dom';
import { percentile } from './stats';


export async function run(opts: BenchOptions): Promise<Metric[]> {
  ignoreCssImports();
  const win = installDom();
  const until = (w: typeof win, check: () => boolean) => untilDom(w, w.document.body, check, 10_000, () => `counter bench: screen did not change in time: ${w.document.body.innerHTML.slice(-600)}`);
  const { createElement: h } = await import('react');
  const { createRoot } = await import('react-dom/client');
  const { fireEvent } = await import('@testing-library/react');
  const { CounterApp } = await import('../src/renderer/counter/CounterApp');
  const { createScreenParts, ScreenProviders } = await import('../tests/helpers/render-screen');
  const { AGENCY, CCCD, NOW, PIN, dossierRow, seedDb } = await import('../tests/counter/harness');

  const cached = opts.quick ? 10_000 : 100_000;
  const samples = opts.quick ? 50 : 200;
  const code = (i: number): string => `${AGENCY}-${String(250101 + Math.floor(i / 9000)).slice(0, 6)}-${String((i % 9000) + 1).padStart(4, '0')}`;

  let printed = 0;
  const parts = await createScreenParts({
    now: NOW,
    // The Electron host prints to the configured printer without a dialog (src/main/electron/shell.ts);
    // Node has no printer, so that one call is answered here.
    calls: { 'print.receipt': async () => { printed += 1; return { printer: 'Máy in quầy 1' }; } },
    prepare: async ({ db, host }) => {
      await host.handlers['settings.update']({ printerName: 'Máy in quầy 1' });
      await seedDb(db!);
      const base = dossierRow(code(0), 4);
      for (let i = 0; i < cached; i += 5000) {
        const rows = [];
        for (let j = i; j < Math.min(cached, i + 5000); j += 1) rows.push({ ...base, code: code(j), status: (j % 10) + 1 });
        await db!.dossiers.bulkPut(rows);
      }
    },
  });
  const { stream } = parts;
  (win as unknown as { print: () => void }).print = () => { throw new Error('counter bench: the print dialog opened although a printer is set'); };
  const container = win.document.createElement('div');
  win.document.body.appendChild(container);
  const root = createRoot(container as never);
  root.render(h(ScreenProviders, { services: parts.services }, h(CounterApp)));
  const byId = (id: string) => win.document.querySelector(`[data-testid="${id}"]`) as unknown as HTMLElement | null;

  // Sign in.
  await until(win, () => byId('staff-c1') !== null);
  fireEvent.click(byId('staff-c1')!);
  fireEvent.change(byId('pin')!, { target: { value: PIN } });
  fireEvent.click(byId('sign-in')!);
  await until(win, () => byId('workspace') !== null);
  // Let React run the passive effects (the workspace takes over the scan stream there).
  await new Promise((r) => setTimeout(r, 100));

  let at = NOW;
  const scan = (text: string): void => { stream.push({ source: 'serial', device: 'bench', text, at: (at += 1000) }); };
  const times: number[] = [];
  for (let k = 0; k < samples + 5; k += 1) {
    const c = code(Math.floor((k * 7919) % cached));
    const t0 = performance.now();
    scan(c);
    await until(win, () => byId('dossier-view')?.getAttribute('data-code') === c && byId('dossier-code')?.textContent === c);
    if (k >= 5) times.push(performance.now() - t0);
  }

  // CCCD scan → printed receipt, counting what the officer does: scan, type, Enter, Enter.
  let interactions = 0;
  scan(CCCD); interactions += 1;
  await until(win, () => (byId('intake-name') as HTMLInputElement | null)?.value === 'Trần Thị Thử');
  await until(win, () => (win.document.activeElement as unknown) === byId('procedure-search'));
  fireEvent.change(byId('procedure-search')!, { target: { value: 'khai sinh' } }); interactions += 1;
  await until(win, () => win.document.querySelector('[data-testid="procedure-option"]') !== null);
  fireEvent.keyDown(byId('procedure-search')!, { key: 'Enter' }); interactions += 1;
  // Enter again, on "receive" (where the focus goes; the keyboard path itself is checked in real
  // Chromium by tests/e2e/counter-keyboard.test.ts — happy-dom does not turn the key into a click).
  fireEvent.click(byId('intake-save')!); interactions += 1;
  await untilDom(win, win.document.body, () => byId('receipt') !== null, 60_000, () => 'no receipt ' + win.document.body.innerHTML.slice(-300));
  await until(win, () => printed === 1);

  root.unmount();
  await parts.dispose();
  return [
    { name: 'counter: scan → dossier view rendered, p95', value: percentile(times, 95), target: 100, unit: 'ms', better: 'lower',
      note: `${cached.toLocaleString('en')} dossiers cached, ${samples} scans; Node + happy-dom + fake-indexeddb, not Chromium` },
    { name: 'counter: scan → dossier view rendered, median', value: percentile(times, 50), target: 16, unit: 'ms', better: 'lower',
      note: 'goal: one frame after the scan event' },
    { name: 'counter: interactions from CCCD scan to printed receipt', value: interactions, target: 4, unit: 'count', better: 'lower',
      note: 'scan CCCD, type the procedure, Enter takes it, Enter receives and prints (printer set: no dialog)' },
  ];
}
