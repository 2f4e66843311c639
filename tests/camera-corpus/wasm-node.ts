/** Loads zxing-wasm's reader for Node (tests, benchmark) from the file inside the npm package,
 * exactly the bytes the app serves to its worker; nothing is fetched. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadZxingWasm } from '../../src/renderer/scanners/camera/engine-zxing-wasm';

export function packagedWasmPath(): string {
  return createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
}

export function loadPackagedZxingWasm(): Promise<void> {
  return loadZxingWasm({ wasmBinary: readFileSync(packagedWasmPath()) });
}
