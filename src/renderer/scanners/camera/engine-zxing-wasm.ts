/** ZXing-C++ (zxing-wasm) as the first engine. Its `.wasm` ships inside the npm package; the caller
 * hands it over as bytes (Node, tests) or as the URL the app serves it from (worker). Without one of
 * those the library would fall back to a CDN, which a kiosk behind a commune firewall (and a strict
 * CSP) must never depend on, so `loadZxingWasm` refuses to start without a source. */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { FrameImage } from './frame';

export type WasmSource = { wasmBinary: ArrayBuffer | Uint8Array } | { wasmUrl: string };

export interface DecodedText {
  text: string;
  engine: string;
}

export type FrameEngine = (frame: FrameImage) => Promise<DecodedText | null>;

/** QR only. On the corpus `tryHarder` found no extra code but doubled the p95 cost of a frame with
 * no code; `tryDownscale` did find extra blurred ones. CCCD text is UTF-8 without an ECI. */
export const WASM_READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryInvert: true,
  tryRotate: false,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
  characterSet: 'UTF8',
  textMode: 'Plain',
};

let loaded: Promise<void> | null = null;

export function loadZxingWasm(source: WasmSource): Promise<void> {
  if (loaded) return loaded;
  const overrides = 'wasmBinary' in source
    ? {
        wasmBinary: source.wasmBinary instanceof Uint8Array
          ? source.wasmBinary.slice().buffer
          : source.wasmBinary,
        // Never consulted when the bytes are given; pinned so no default can point elsewhere.
        locateFile: (path: string) => path,
      }
    : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) };
  loaded = prepareZXingModule({ overrides, fireImmediately: true }).then(() => undefined);
  loaded.catch(() => { loaded = null; });
  return loaded;
}

export function zxingWasmEngine(options: ReaderOptions = WASM_READER_OPTIONS): FrameEngine {
  return async (frame) => {
    if (!loaded) throw new Error('zxing-wasm is not loaded: call loadZxingWasm first');
    await loaded;
    // zxing-wasm reads any {data,width,height}; its ImageData type is the DOM one, hence the cast.
    const results = await readBarcodes(frame as ImageData, options);
    const hit = results.find((r) => r.isValid && r.text.length > 0);
    return hit ? { text: hit.text, engine: 'zxing-wasm' } : null;
  };
}
