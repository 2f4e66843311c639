/**
 * The offline store and sync engine, as the app wires them:
 *
 *   const { db } = await openKioskDb('kiosk');
 *   const transport = createBridgeTransport((req) => window.kiosk.call('gateway.request', req));
 *   const engine = new SyncEngine({ db, transport, appVersion, events: window });
 *   await engine.start();
 *   const status = useSyncExternalStore(engine.status.subscribe, engine.status.getSnapshot);
 *   await intake({ db, staffId, now: engine.now }, input);   // resolves once on disk
 */
export { SyncEngine, type SyncEngineOptions, type TriggerReason } from './engine';
export { StatusStore, skewWarning, SKEW_WARNING_MS, type SyncPhase, type SyncProblem, type SyncStatus } from './status';
export { createBridgeTransport, TransportError, type SyncRequest, type SyncResponse, type SyncTransport } from './transport';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { DEFAULT_LEASES, type LeasePolicy } from './leases';
export { lockKind } from './lock';
