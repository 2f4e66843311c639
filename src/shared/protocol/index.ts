/**
 * The kiosk ⇄ provincial gateway sync protocol (docs/SYNC-PROTOCOL.md): wire schemas shared by
 * both ends. Types are inferred from the schemas; the gateway's OpenAPI document is generated
 * from them too.
 */
export * from './version';
export * from './errors';
export * from './dossier';
export * from './privacy';
export * from './enroll';
export * from './feed';
export * from './province';
export * from './mutations';
export * from './leases';
export * from './heartbeat';
export * from './lookup';
export * from './trust';
export * from './admin';
export * from './outbox';
export * from './queue';
export * from './files';
export * from './console';
