/**
 * The host bridge as a test's renderer sees it, without a host process: the pages' own bridge
 * client (src/shared/bridge/client.ts, as both hosts install it) wired in-process to the hosts'
 * own dispatcher (names, inputs and outputs checked against the contract, each call's `requires`
 * granted by the authoriser; failures come back as `BridgeError`s) and its typed call handlers — a
 * host's own (`host.handlers`), the test's fakes, or both. Events come from an event hub the test
 * can push into (`emit`) or a host's own (`host.events`), delivered at once.
 *
 *   const bridge = createTestBridge();                                    // events only
 *   const bridge = createTestBridge({ handlers: { 'scanner.status': () => [] } });
 *   const bridge = bridgeOver(host);                                       // a host's calls and events
 *   bridge.emit('scan', raw);  bridge.calls;  bridge.listeners();
 */
import {
  bridgeCalls, BridgeError, isCallName, type CallName, type EventName, type EventPayload, type KioskBridge,
} from '../../src/shared/bridge/contract';
import { createBridgeClient } from '../../src/shared/bridge/client';
import type { WireFromHost } from '../../src/shared/bridge/wire';
import { createDispatcher, EventHub, type Authoriser, type Handlers } from '../../src/main/bridge/dispatcher';
import type { HostServices } from '../../src/main/services';

/** Typed answers to bridge calls: any subset of the host's handlers. */
export type CallHandlers = Partial<Handlers>;

export interface TestBridge extends KioskBridge {
  /** Names of the calls made through this bridge, in order. */
  readonly calls: CallName[];
  /** Pushes a host event to the subscribers, checked against the contract as a host checks it. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Subscriptions made with `on` and not yet undone. */
  listeners(): number;
  /** Resolves once every call made so far has been answered (a screen's close waits for it, so
   * no answer lands after the test's DOM is gone). */
  settled(maxMs?: number): Promise<void>;
}

export interface TestBridgeOptions {
  /** Who answers each call; a call with no handler fails with `unsupported`. Later maps win, so
   * `[host.handlers, fakes]` lets a test replace some of a host's calls. */
  handlers?: CallHandlers | CallHandlers[];
  /** Where events come from (a host's `events`); a fresh hub by default. */
  events?: EventHub;
  /** Grants what a call requires (a host's `authorise`); by default everything is granted. */
  authorise?: Authoriser;
}

export function createTestBridge(opts: TestBridgeOptions = {}): TestBridge {
  const maps = Array.isArray(opts.handlers) ? opts.handlers : [opts.handlers ?? {}];
  const merged: CallHandlers = Object.assign({}, ...maps);
  const handlers = Object.fromEntries((Object.keys(bridgeCalls) as CallName[]).map((name) => [
    name,
    merged[name] ?? (() => { throw new BridgeError('unsupported', `${name} is not answered in this test`); }),
  ])) as Handlers;
  const dispatcher = createDispatcher(handlers, { authorise: opts.authorise ?? (() => undefined) });
  const hub = opts.events ?? new EventHub();
  const calls: CallName[] = [];
  const inFlight = new Set<Promise<void>>();
  let receive: (msg: WireFromHost) => void = () => undefined;
  const client = createBridgeClient(
    (wire) => {
      if (isCallName(wire.name)) calls.push(wire.name);
      const answered = dispatcher.dispatch(wire.name, wire.input).then((r) => receive({ t: 'result', id: wire.id, ...r }));
      inFlight.add(answered);
      void answered.finally(() => inFlight.delete(answered));
    },
    (r) => { receive = r; },
    // The client keeps a throwing listener from stopping the others, as in the app; the test
    // still hears of it, as an uncaught error.
    { onListenerError: (_event, error) => { queueMicrotask(() => { throw error; }); } },
  );
  hub.subscribe((name, payload) => receive({ t: 'event', name, payload }));
  let open = 0;
  return {
    calls,
    call: client.call,
    on(event, handler) {
      const off = client.on(event, handler);
      open += 1;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        open -= 1;
        off();
      };
    },
    emit(event, payload) {
      hub.emit(event, payload);
    },
    listeners: () => open,
    async settled(maxMs = 5_000) {
      const deadline = Date.now() + maxMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      }
    },
  };
}

/** The renderer's view of a host: its own handlers, authoriser and events, through the dispatcher. */
export function bridgeOver(host: Pick<HostServices, 'handlers' | 'events' | 'authorise'>, fakes: CallHandlers = {}): TestBridge {
  return createTestBridge({ handlers: [host.handlers, fakes], events: host.events, authorise: host.authorise });
}
