/**
 * The capture worker's protocol with the officer's corners (capture-protocol.ts, capture.worker.ts,
 * capture-client.ts): the worker's own module runs here in Node, its `self` a stand-in that hands
 * messages to and from the page capturer as a browser would (the request's frame transferred, so
 * detached on the sender's side). Detection's corners come back with each page; corners sent with
 * a request replace detection, and the page cut along them differs and is still A4 at 150 dpi.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPageCapturer } from '../../../src/renderer/scanners/document/capture-client';
import type { CaptureReply, CaptureRequest } from '../../../src/renderer/scanners/document/capture-protocol';
import type { Quad } from '../../../src/renderer/scanners/document/page';
import { pageFrame, TILTED } from '../../helpers/document-frame';

/** The worker's global scope as its module sees it. */
const scope: { onmessage: ((e: { data: CaptureRequest }) => void) | null; postMessage(m: CaptureReply): void } = {
  onmessage: null,
  postMessage: () => {},
};
const requests: CaptureRequest[] = [];

beforeAll(async () => {
  (globalThis as { self?: unknown }).self = scope;
  await import('../../../src/renderer/scanners/document/capture.worker');
  expect(typeof scope.onmessage).toBe('function');
});

/** A Worker whose other side is the real worker module above. */
function workerOverModule(): Worker {
  const w = {
    onmessage: null as ((e: MessageEvent<CaptureReply>) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    postMessage(message: CaptureRequest, transfer: Transferable[]) {
      // As a browser does: the buffer moves to the worker; the sender's copy is detached.
      const moved = structuredClone(message, { transfer });
      requests.push(moved);
      scope.postMessage = (reply) => setTimeout(() => w.onmessage?.({ data: reply } as MessageEvent<CaptureReply>), 0);
      setTimeout(() => scope.onmessage!({ data: moved }), 0);
    },
    terminate() {},
  };
  return w as unknown as Worker;
}

async function size(blob: Blob): Promise<[number, number]> {
  const b = new Uint8Array(await blob.arrayBuffer());
  for (let i = 2; i + 8 < b.length;) {
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) return [(b[i + 7]! << 8) | b[i + 8]!, (b[i + 5]! << 8) | b[i + 6]!];
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  throw new Error('no JPEG size');
}
const bytes = async (blob: Blob) => Buffer.from(await blob.arrayBuffer()).toString('base64');

describe('capture worker with corners', () => {
  it('answers detection\'s corners, and cuts along the corners a request gives instead', async () => {
    const c = createPageCapturer({ createWorker: workerOverModule });
    const frame = pageFrame(TILTED, { seed: 3 });
    const detected = await c.capture({ ...frame, data: frame.data.slice() }, 'grey');
    expect(detected.where).toBe('worker');
    expect(detected.found).toBe(true);
    expect(requests.at(-1)!.corners).toBeUndefined();
    // Detection lands within a few pixels of the page's true corners.
    detected.corners.forEach((p, i) => {
      expect(Math.abs(p.x - TILTED[i]!.x)).toBeLessThanOrEqual(4);
      expect(Math.abs(p.y - TILTED[i]!.y)).toBeLessThanOrEqual(4);
    });
    // The officer pulls the top-left corner 20 px left: the page is cut along these exactly.
    const mine: Quad = [{ x: detected.corners[0].x - 20, y: detected.corners[0].y }, detected.corners[1], detected.corners[2], detected.corners[3]];
    const sent = { ...frame, data: frame.data.slice() };
    const adjusted = await c.capture(sent, 'grey', mine);
    expect(sent.data.byteLength).toBe(0); // the frame was transferred, not copied, once the worker answered
    expect(requests.at(-1)!.corners).toEqual(mine);
    expect(adjusted.where).toBe('worker');
    expect(adjusted.found).toBe(true);
    expect(adjusted.corners).toEqual(mine);
    expect(await size(adjusted.blob)).toEqual([1240, 1754]);
    expect(await bytes(adjusted.blob)).not.toBe(await bytes(detected.blob));
    c.close();
  }, 60_000);

  it('says when no page is found (the whole frame), and cuts a blank frame along placed corners', async () => {
    const c = createPageCapturer({ createWorker: workerOverModule });
    const blank = pageFrame(null, { seed: 4 });
    const whole = await c.capture({ ...blank, data: blank.data.slice() }, 'grey');
    expect(whole.found).toBe(false);
    expect(whole.corners).toEqual([{ x: 0, y: 0 }, { x: 639, y: 0 }, { x: 639, y: 479 }, { x: 0, y: 479 }]);
    const placed = await c.capture({ ...blank, data: blank.data.slice() }, 'colour', TILTED);
    expect(placed.found).toBe(true);
    expect(placed.corners).toEqual(TILTED);
    expect(await size(placed.blob)).toEqual([1240, 1754]);
    c.close();
  }, 60_000);

  it('passes the corners on when the page itself runs the pipeline (no worker)', async () => {
    const c = createPageCapturer({ createWorker: null });
    const placed = await c.capture(pageFrame(null, { seed: 5 }), 'bitonal', TILTED);
    expect(placed.where).toBe('main');
    expect(placed.corners).toEqual(TILTED);
    expect(placed.blob.type).toBe('image/png');
    c.close();
  }, 60_000);
});
