/**
 * The counter's page capturer (scanners/document/capture-client.ts): with no Worker it runs the
 * page pipeline on the page; with a worker that cannot start (its script refused, an asset
 * missing) the frame it was given is still captured on the page, and later frames too.
 */
import { describe, expect, it } from 'vitest';
import { createPageCapturer } from '../../../src/renderer/scanners/document/capture-client';
import { pageFrame, TILTED } from '../../helpers/document-frame';

/** Width and height from a JPEG's SOF marker or a PNG's IHDR. */
async function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  const b = new Uint8Array(await blob.arrayBuffer());
  if (b[0] === 0x89) {
    const v = new DataView(b.buffer);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  let i = 2;
  while (i < b.length) {
    const marker = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xc2) return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    i += 2 + len;
  }
  throw new Error('no size in the image');
}

/** A Worker whose script never loads: it only ever reports an error. */
function brokenWorker(): Worker {
  const w = {
    onmessage: null as ((e: MessageEvent) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    terminated: false,
    postMessage() {
      setTimeout(() => w.onerror?.({ preventDefault() {} } as ErrorEvent), 5);
    },
    terminate() { w.terminated = true; },
  };
  return w as unknown as Worker;
}

describe('page capturer', () => {
  it('without a Worker captures on the page: an A4 page at 150 dpi, the page found', async () => {
    const c = createPageCapturer({ createWorker: null });
    const grey = await c.capture(pageFrame(TILTED), 'grey');
    expect(grey.where).toBe('main');
    expect(grey.found).toBe(true);
    expect(grey.blob.type).toBe('image/jpeg');
    expect([grey.width, grey.height]).toEqual([1240, 1754]);
    expect(await imageSize(grey.blob)).toEqual({ width: 1240, height: 1754 });
    const bw = await c.capture(pageFrame(TILTED), 'bitonal');
    expect(bw.blob.type).toBe('image/png');
    expect(await imageSize(bw.blob)).toEqual({ width: 1240, height: 1754 });
    c.close();
  }, 60_000);

  it('falls back to the page when the worker cannot start, without losing the frame', async () => {
    const c = createPageCapturer({ createWorker: brokenWorker });
    const frame = pageFrame(TILTED);
    const page = await c.capture(frame, 'grey');
    expect(page.where).toBe('main');
    expect(page.found).toBe(true);
    expect(frame.data.byteLength).toBe(640 * 480 * 4); // sent as a copy until the worker answered once
    const again = await c.capture(pageFrame(TILTED, { seed: 2 }), 'colour');
    expect(again.where).toBe('main');
    expect(await imageSize(again.blob)).toEqual({ width: 1240, height: 1754 });
    c.close();
  }, 60_000);
});
