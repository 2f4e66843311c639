import type { EventName, EventPayload, KioskBridge } from '../../src/shared/bridge/contract';

/** A host that only pushes events: the stream never calls the bridge, it only listens. */
export function eventHost(): KioskBridge & { emit<E extends EventName>(e: E, p: EventPayload<E>): void; listeners(): number } {
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  return {
    call: () => Promise.reject(new Error('no calls in this test')),
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (p: unknown) => void);
      return () => set.delete(handler as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const h of handlers.get(event) ?? []) h(payload);
    },
    listeners: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
  };
}
