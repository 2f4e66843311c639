/**
 * The citizen kiosk numbers in the real app (used by citizen.bench.ts in full runs): Chromium on
 * the browser host, the gateway with demo data synced into the kiosk's IndexedDB, a serial
 * scanner on a pseudo-terminal. "Painted" = the frame after the DOM change (rAF, then a task).
 */
import { startApp } from '../tests/helpers/app';
import { countRows } from '../tests/helpers/idb-probe';

export interface ChromiumTimings {
  toStatus: number[];
  toAttract: number[];
}

/** Runs in the page: every time the kiosk's view changes, records the view and when the next
 * frame after the change was produced (epoch ms, high resolution). */
const PAGE_PROBE = `(() => {
  const w = window;
  w.__citizenMarks = [];
  const root = document.querySelector('[data-testid="citizen-kiosk"]');
  let last = root.getAttribute('data-view');
  new MutationObserver(() => {
    const view = root.getAttribute('data-view');
    if (view === last) return;
    last = view;
    requestAnimationFrame(() => setTimeout(() => w.__citizenMarks.push({ view, t: performance.timeOrigin + performance.now() }), 0));
  }).observe(root, { attributes: true, attributeFilter: ['data-view'] });
})()`;

type Mark = { view: string; t: number };
type ProbeWindow = { __citizenMarks: Mark[] };

async function nextMark(page: import('playwright-core').Page, view: string, after: number): Promise<number> {
  const handle = await page.waitForFunction(([v, n]) => {
    const marks = (window as unknown as ProbeWindow).__citizenMarks;
    return marks.slice(n as number).find((m) => m.view === v)?.t ?? null;
  }, [view, after] as const, { timeout: 10_000, polling: 5 });
  return (await handle.jsonValue()) as number;
}

export async function measureInChromium(samples: number): Promise<ChromiumTimings> {
  const app = await startApp({ role: 'kiosk', seed: 'demo', dossiersPerAgency: 40, viewport: { width: 1920, height: 1080 } });
  try {
    const { page } = app;
    await page.locator('[data-testid="attract"]').waitFor({ timeout: 30_000 });
    const rows = await app.gateway.db.query<{ code: string }>('select code from dossiers where agency_code = $1 order by code', [app.agency]);
    // "From cache": wait until the sync engine has pulled the agency's dossiers.
    const deadline = Date.now() + 60_000;
    // A kiosk-kind device caches the citizen views of its agency's dossiers only.
    while ((await countRows(page, 'citizenDossiers')) < rows.length) {
      if (Date.now() > deadline) throw new Error('citizen bench: the kiosk did not sync its dossiers');
      await page.waitForTimeout(250);
    }
    await page.evaluate(PAGE_PROBE);
    const marks = (): Promise<number> => page.evaluate(() => (window as unknown as ProbeWindow).__citizenMarks.length);
    const toStatus: number[] = [];
    const toAttract: number[] = [];
    const warmup = 3;
    for (let i = 0; i < samples + warmup; i += 1) {
      const code = rows[i % rows.length]!.code;
      let n = await marks();
      const t0 = performance.timeOrigin + performance.now();
      await app.pty.write(`${code}\r\n`);
      const t1 = await nextMark(page, 'status', n);
      n = await marks();
      const start = await page.evaluate(() => {
        const t = performance.timeOrigin + performance.now();
        (document.querySelector('[data-testid="done"]') as HTMLButtonElement).click();
        return t;
      });
      const t2 = await nextMark(page, 'attract', n);
      if (i >= warmup) {
        toStatus.push(t1 - t0);
        toAttract.push(t2 - start);
      }
      // Keep clear of the scan stream's de-duplication window between two scans.
      await page.waitForTimeout(50);
    }
    return { toStatus, toAttract };
  } finally {
    await app.close();
  }
}
