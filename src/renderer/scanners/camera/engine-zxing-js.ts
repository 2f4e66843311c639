/** @zxing/library (pure JS) as the fallback engine, QR only. Its GlobalHistogramBinarizer recovers
 * many noisy frames the local binarizers lose, HybridBinarizer handles uneven light; each is a
 * separate "pass" so the chain can spread them over successive frames instead of paying for all of
 * them on every frame. No all-formats TRY_HARDER pass, ever. */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  InvertedLuminanceSource,
  QRCodeReader,
  RGBLuminanceSource,
  type LuminanceSource,
} from '@zxing/library';
import type { DecodedText } from './engine-zxing-wasm';

export type JsPass = 'global' | 'hybrid' | 'global-inverted' | 'hybrid-inverted';
export const JS_PASSES: readonly JsPass[] = ['global', 'hybrid', 'global-inverted', 'hybrid-inverted'];

const hints = new Map<DecodeHintType, unknown>([
  [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]],
  [DecodeHintType.CHARACTER_SET, 'UTF-8'],
]);

/** Luma is computed once per frame (frame.ts `toLuma`) and shared by the passes run on it. */
export function lumaSource(luma: Uint8ClampedArray, width: number, height: number): LuminanceSource {
  return new RGBLuminanceSource(luma, width, height);
}

export function runJsPass(source: LuminanceSource, pass: JsPass): DecodedText | null {
  const input = pass.endsWith('-inverted') ? new InvertedLuminanceSource(source) : source;
  const binarizer = pass.startsWith('global') ? new GlobalHistogramBinarizer(input) : new HybridBinarizer(input);
  try {
    const result = new QRCodeReader().decode(new BinaryBitmap(binarizer), hints);
    const text = result.getText();
    return text.length > 0 ? { text, engine: `zxing-js:${pass}` } : null;
  } catch {
    // NotFound / Checksum / Format exceptions are this library's way of saying "no code here".
    return null;
  }
}
