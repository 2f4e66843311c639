/**
 * Host side of the bridge: every call from a renderer passes through `dispatch`, which checks the
 * call name against the contract, validates the payload with its schema, asks the authoriser for
 * what the contract says the call requires (`requires`), and turns every failure into a
 * `{code, message}` value. Both hosts (Electron ipc, browser WebSocket) use this one path, so no
 * handler checks authorisation by itself.
 */
import { z } from 'zod';
import {
  bridgeCalls, bridgeErrorShape, bridgeEvents, BridgeError, bridgeIssues, callRequirement, isCallName,
  type BridgeErrorShape, type CallInput, type CallName, type CallOutput, type CallRequirement, type EventName, type EventPayload,
} from '../../shared/bridge/contract';

/** What the carrying host knows of the caller, for the few calls that act on the calling window. */
export interface CallContext {
  /** Renders the calling window to PDF (Electron's webContents.printToPDF); absent in the browser host. */
  printToPdf?: () => Promise<Uint8Array>;
  /** Prints the calling window on the named printer without a dialog (Electron's webContents.print). */
  print?: (deviceName: string) => Promise<void>;
}

export type Handlers = { [N in CallName]: (input: CallInput<N>, ctx?: CallContext) => Promise<CallOutput<N>> | CallOutput<N> };

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

export interface Dispatcher {
  dispatch(name: unknown, input: unknown, ctx?: CallContext): Promise<DispatchResult>;
}

/**
 * Grants what a call requires, or throws a `BridgeError` whose code the UI translates (the
 * technician service: `technician-locked`, and an unlocked console's session is extended).
 * Anything else it throws refuses the call too.
 */
export type Authoriser = (requirement: CallRequirement, name: CallName) => void | Promise<void>;

export interface DispatcherOptions {
  authorise: Authoriser;
  log?: (msg: string, data: object) => void;
}

export function createDispatcher(handlers: Handlers, { authorise, log }: DispatcherOptions): Dispatcher {
  return {
    async dispatch(name, input, ctx = {}) {
      if (!isCallName(name)) return { ok: false, error: { code: 'unknown-call', message: 'Unknown bridge call' } };
      const spec = bridgeCalls[name];
      const parsed = spec.input.safeParse(input ?? {}, { reportInput: true });
      if (!parsed.success) {
        return { ok: false, error: { code: 'invalid-input', message: z.prettifyError(parsed.error), issues: bridgeIssues(parsed.error.issues) } };
      }
      const requirement = callRequirement(name);
      if (requirement) {
        try {
          await authorise(requirement, name);
        } catch (err) {
          if (err instanceof BridgeError) return { ok: false, error: bridgeErrorShape(err) };
          log?.('bridge authoriser failed: call refused', { name, error: err instanceof Error ? err.message : String(err) });
          return { ok: false, error: { code: 'forbidden', message: 'The call was refused' } };
        }
      }
      try {
        const handler = handlers[name] as (i: unknown, c: CallContext) => Promise<unknown> | unknown;
        const value = await handler(parsed.data, ctx);
        // Validating the output too keeps a host bug from reaching the UI as malformed data.
        const out = spec.output.safeParse(value);
        if (!out.success) {
          log?.('bridge output failed its schema', { name, issues: out.error.issues.length });
          return { ok: false, error: { code: 'host-error', message: 'The host returned malformed data' } };
        }
        return { ok: true, value: out.data };
      } catch (err) {
        if (err instanceof BridgeError) return { ok: false, error: bridgeErrorShape(err) };
        log?.('bridge handler failed', { name, error: err instanceof Error ? err.message : String(err) });
        return { ok: false, error: { code: 'host-error', message: 'The host could not complete the request' } };
      }
    },
  };
}

/** Validates an event before a host pushes it, so both hosts emit only contract-shaped events. */
export function checkEvent<E extends EventName>(name: E, payload: EventPayload<E>): EventPayload<E> {
  return bridgeEvents[name].parse(payload) as EventPayload<E>;
}

/** A set of listeners for host events, shared by the services and the transports. */
export class EventHub {
  private listeners = new Set<(name: EventName, payload: unknown) => void>();
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = checkEvent(name, payload);
    for (const l of this.listeners) l(name, checked);
  }
  subscribe(fn: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
