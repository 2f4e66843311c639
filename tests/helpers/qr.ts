/** Reads a QR code back from a PNG screenshot with ZXing (what a citizen's phone or a scanner would read). */
import { PNG } from 'pngjs';
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

export function decodeQr(png: Buffer): string {
  const img = PNG.sync.read(png);
  const lum = new Uint8ClampedArray(img.width * img.height);
  for (let i = 0; i < lum.length; i += 1) {
    lum[i] = (img.data[i * 4]! * 299 + img.data[i * 4 + 1]! * 587 + img.data[i * 4 + 2]! * 114) / 1000;
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, img.width, img.height)));
  return new QRCodeReader().decode(bitmap).getText();
}
