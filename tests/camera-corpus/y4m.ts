/** Writes frames as a YUV4MPEG2 (4:2:0) file: what Chromium's `--use-file-for-fake-video-capture`
 * plays as a camera, so a real getUserMedia stream can carry a corpus frame. */
import { toLuma, type FrameImage } from '../../src/renderer/scanners/camera/frame';

export function framesToY4m(frames: FrameImage[]): Buffer {
  const first = frames[0];
  if (!first) throw new Error('no frames');
  const { width, height } = first;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128); // grey: U = V = 128
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const frame of frames) {
    parts.push(Buffer.from('FRAME\n'), Buffer.from(toLuma(frame).buffer), chroma);
  }
  return Buffer.concat(parts);
}
