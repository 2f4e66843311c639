/**
 * Base64 of raw bytes without Node's Buffer (src/shared has no Node): how a file chunk crosses the
 * bridge's JSON (the browser host's WebSocket, Electron's ipc alike). Encoded in parts of a
 * multiple of 3 bytes, so the parts join without padding in between and no call gets a huge
 * argument list.
 */
const STEP = 3 * 10_922;
// Both runtimes have them (Chromium, Node ≥ 16); src/shared is typechecked without DOM or Node types.
declare function btoa(data: string): string;
declare function atob(data: string): string;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += STEP) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + STEP) as unknown as number[])));
  }
  return parts.join('');
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
