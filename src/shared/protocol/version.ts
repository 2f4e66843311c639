/**
 * Protocol versioning. Every request carries `x-kiosk-protocol: <n>`; the gateway answers any
 * version outside [MIN, CURRENT] with 426 and error code `protocol-version`, so an old kiosk gets
 * a clear message instead of data it would misread. Additive changes keep the number; a change
 * an older kiosk would misread bumps it.
 */
export const PROTOCOL_HEADER = 'x-kiosk-protocol';
export const PROTOCOL_VERSION = 1;
export const MIN_PROTOCOL_VERSION = 1;

/** Device credential: `Authorization: Bearer <token>`. */
export const AUTH_HEADER = 'authorization';
export const bearer = (token: string): string => `Bearer ${token}`;

/** Largest request body the gateway accepts (a 100-mutation batch is far below it). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Most mutations per batch. */
export const MAX_BATCH = 100;
/** Largest change-feed page. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 500;

/** Endpoint paths, one list for both ends. */
export const PATHS = {
  health: '/v1/health',
  openapi: '/openapi.json',
  enroll: '/v1/enroll',
  rotateToken: '/v1/device/rotate',
  device: '/v1/device',
  changes: '/v1/changes',
  mutations: '/v1/mutations',
  mutationStatus: '/v1/mutations/status',
  leases: '/v1/leases',
  leaseRelease: '/v1/leases/:id/release',
  heartbeat: '/v1/heartbeat',
  lookup: '/v1/lookup/:code',
  /** One dossier of this device's agency as the feed would send it (docs/SYNC-PROTOCOL.md §8.1). */
  dossier: '/v1/dossiers/:code',
  /** A counter registers an officer's signing key for itself (trust.ts). */
  staffKeys: '/v1/staff/keys',
  adminEnrollCodes: '/v1/admin/enroll-codes',
  adminKiosks: '/v1/admin/kiosks',
  adminRevoke: '/v1/admin/devices/:id/revoke',
  adminOutbox: '/v1/admin/outbox',
  adminOutboxItems: '/v1/admin/outbox/items',
  adminOutboxRequeue: '/v1/admin/outbox/items/:id/requeue',
  adminStaff: '/v1/admin/staff',
  adminStaffPin: '/v1/admin/staff/:id/pin',
  adminStaffDeactivate: '/v1/admin/staff/:id/deactivate',
  adminStaffActivate: '/v1/admin/staff/:id/activate',
  adminTokens: '/v1/admin/tokens',
  adminTokenRevoke: '/v1/admin/tokens/:id/revoke',
  adminAudit: '/v1/admin/audit',
  adminProvinceSettings: '/v1/admin/province-settings',
  /** The office queue (docs/SYNC-PROTOCOL.md §12). */
  queueKey: '/v1/queue/key',
  queueEvents: '/v1/queue/events',
  adminQueueStats: '/v1/admin/queue/stats',
  adminQueueKeyRotate: '/v1/admin/queue/key/rotate',
  /** Files attached to dossiers (docs/SYNC-PROTOCOL.md §13): counters only, never kiosk-kind devices. */
  files: '/v1/files',
  file: '/v1/files/:sha256',
  fileChunks: '/v1/files/:sha256/chunks',
  fileChunk: '/v1/files/:sha256/chunks/:index',
  fileAttach: '/v1/files/attach',
  fileWithdraw: '/v1/files/withdraw',
  dossierAttachments: '/v1/dossiers/:code/attachments',
  adminScorecard: '/v1/admin/scorecard/digitisation',
  /** The last collection of abandoned uploads (counts only): province admins. */
  adminFileCollection: '/v1/admin/files/collection',
  /** A dossier's attachments as the record holds them (withdrawn and erased ones too): the dossier's agency's admins and the province's. */
  adminDossierAttachments: '/v1/admin/dossiers/:code/attachments',
  /** Erase the bytes of a file every attachment of which was withdrawn (province admins; irreversible). */
  adminFileErase: '/v1/admin/files/:sha256/erase',
  /** The province console (docs/SECURITY.md §8): sign-in, who is signed in, sign-out. */
  adminSession: '/v1/admin/session',
  adminSessionLogout: '/v1/admin/session/logout',
  /** Whether this browser is signed in (never a 401): what the console asks as it opens. */
  adminSessionState: '/v1/admin/session/state',
  adminAccounts: '/v1/admin/accounts',
  /** One console account's lifecycle (docs/SECURITY.md §8), and one's own password. */
  adminAccountDisable: '/v1/admin/accounts/:id/disable',
  adminAccountEnable: '/v1/admin/accounts/:id/enable',
  adminAccountPassword: '/v1/admin/accounts/:id/password',
  adminAccountUnlock: '/v1/admin/accounts/:id/unlock',
  adminSessionPassword: '/v1/admin/session/password',
  adminDeviceHeartbeats: '/v1/admin/devices/:id/heartbeats',
  adminFigures: '/v1/admin/figures',
  adminFiguresCsv: '/v1/admin/figures.csv',
} as const;

export const lookupPath = (code: string): string => `/v1/lookup/${encodeURIComponent(code)}`;
export const dossierPath = (code: string): string => `/v1/dossiers/${encodeURIComponent(code)}`;
export const leaseReleasePath = (id: string): string => `/v1/leases/${encodeURIComponent(id)}/release`;
/** `/v1/admin/staff/:id/<action>` for one officer. */
export const adminStaffPath = (id: string, action: 'pin' | 'deactivate' | 'activate'): string => `/v1/admin/staff/${encodeURIComponent(id)}/${action}`;
/** `/v1/admin/accounts/:id/<action>` for one console account. */
export const adminAccountPath = (id: string, action: 'disable' | 'enable' | 'password' | 'unlock'): string =>
  `/v1/admin/accounts/${encodeURIComponent(id)}/${action}`;

/**
 * Compression on the wire (docs/SYNC-PROTOCOL.md §1.1). The gateway compresses answers of at least
 * `COMPRESS_MIN_BYTES` with the best coding the request's `Accept-Encoding` allows, and names in
 * `COMPRESSION_HEADER` (on every answer) the codings it accepts in request bodies; a client
 * compresses a body only after it saw that header, so a gateway of an older version keeps working.
 */
export const COMPRESSION_HEADER = 'x-kiosk-accept-encoding';
export const WIRE_CODINGS = ['br', 'gzip'] as const;
export type WireCoding = (typeof WIRE_CODINGS)[number];
export const COMPRESS_MIN_BYTES = 1024;
