/** Writes the corpus as PNG files for a person to look at (never committed):
 *   npx tsx tests/camera-corpus/write-pngs.ts [outDir=test-output/camera-corpus] [perCategory]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { corpusFrames } from './corpus';

const outDir = process.argv[2] ?? 'test-output/camera-corpus';
const perCategory = process.argv[3] ? Number(process.argv[3]) : undefined;
mkdirSync(outDir, { recursive: true });
let count = 0;
for (const frame of corpusFrames(perCategory === undefined ? {} : { perCategory })) {
  const png = new PNG({ width: frame.image.width, height: frame.image.height });
  png.data = Buffer.from(frame.image.data.buffer, frame.image.data.byteOffset, frame.image.data.byteLength);
  writeFileSync(join(outDir, `${frame.id}.png`), PNG.sync.write(png));
  count++;
}
process.stdout.write(`${JSON.stringify({ wrote: count, dir: outDir })}\n`);
