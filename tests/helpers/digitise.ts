/**
 * What the digitising e2e files (picked files; camera; corners) share: an open dossier scanned
 * at a counter whose line is cut, a generated page of print, and a
 * feeder scanner dropping three files into the folder the host watches, taken by the counter for
 * the last component of the open dossier.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { until, type CrashRig } from './host-process';

/** A page of print: dark text-like runs on white lines, different per page. */
export function printedPage(n: number, width = 620, height = 877): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  for (let y = 60; y < height - 60; y += 22) {
    for (let x = 50; x < width - 50; x++) {
      const ink = ((x * 7 + y * 13 + n * 101) % 97) < 45 && ((x >> 4) + n) % 5 !== 0;
      if (!ink) continue;
      for (let dy = 0; dy < 9; dy++) {
        const i = ((y + dy) * width + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 30;
      }
    }
  }
  return PNG.sync.write(png);
}

/** The scanner saves two PNG pages and a PDF into `folder`; the counter offers them and keeps
 * them for the last component; answers the files' bytes and names and that component. */
export async function dropScannerFiles(page: Page, components: Locator, folder: string): Promise<{ scanned: Buffer[]; names: string[]; other: string }> {
  const scanned = [printedPage(21), printedPage(22), Buffer.from('%PDF-1.4\n% quét từ máy quét\n1 0 obj << >> endobj\n%%EOF\n')];
  const names = ['quet-001.png', 'quet-002.png', 'quet-003.pdf'];
  mkdirSync(folder, { recursive: true });
  scanned.forEach((b, i) => writeFileSync(path.join(folder, names[i]!), b));
  await until(async () => (await page.getByTestId('scanner-files').getAttribute('data-count')) === '3', 30_000, 'scanner files offered');
  const other = (await components.last().getAttribute('data-component'))!;
  await page.getByTestId('scanner-target').selectOption(other);
  await page.getByTestId('scanner-import').click();
  await until(async () => (await components.last().getByTestId('page').count()) === 3, 60_000, '3 scanner files kept');
  return { scanned, names, other };
}

/** After the first sync, cuts the line and scans the agency's first open dossier (status 2 or 4)
 * at the counter's serial scanner; answers its code once its view is shown. */
export async function openDossierOffline(rig: CrashRig, page: Page): Promise<string> {
  const bar = page.getByTestId('sync-bar');
  await until(async () => (await bar.getAttribute('data-phase')) === 'idle' && (await bar.getAttribute('data-pending')) === '0', 60_000, 'first sync');
  const [row] = await rig.gateway.db.query<{ code: string }>(
    'select code from dossiers where agency_code = $1 and status in (2, 4) order by code limit 1', [rig.agency]);
  const code = row!.code;
  rig.proxy.down();
  await rig.pty.write(`${code}\r\n`);
  await page.getByTestId('dossier-view').waitFor({ timeout: 30_000 });
  return code;
}
