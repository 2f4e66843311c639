/** A failed bridge call: a machine code the UI translates, never a stack trace. Kept apart from
 * the contract, and free of any library, so that both page-side bridges (the browser host's page
 * script and the sandboxed Electron preload, which can `require` nothing but electron) can bundle
 * it without carrying every schema. Its wire schema is in wire.ts. */

export interface BridgeErrorShape {
  code: string;
  message: string;
}

export class BridgeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}
