/**
 * Every endpoint in one table: method, path, who may call it (and, for a device route, the scope
 * its kind must have: trust.ts DEVICE_SCOPES), its zod schemas and its handler. The server
 * registers from this table and enforces the scopes from it, and /openapi.json is generated from
 * it, so neither can drift from what runs.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as P from '../../shared/protocol';
import type { RouteContext } from './context';
import { forbidden, GatewayError } from '../errors';
import {
  createEnrollCode, deviceIdentity, enroll, listAdminTokens, requireAgency, revokeAdminToken, revokeDevice, rotateToken, type Device,
} from '../store/devices';
import { createStaff, listStaff, registerStaffKey, setStaffActive, setStaffPin } from '../store/staff';
import { audit, auditLog } from '../store/audit';
import { readAgencyAliases, readProvinceSettings, writeProvinceSettings } from '../store/catalog';
import { outboxItemAgency, outboxItems, outboxSummary, requeueOutboxItem } from '../store/outbox';
import {
  adminAccountRef, authenticateSession, changeOwnPassword, createAdminAccount, disableAdminAccount, enableAdminAccount, listAdminAccounts, login, logout,
  resetAdminPassword, unlockAdminAccount,
} from '../store/console';
import { figuresCsv, heartbeatHistory, readFigures } from '../store/figures';
import { cookieValue } from './cookies';
import { negotiate } from './compression';
import { readAheadAfter, readBackfill, readChanges, readOneDossier } from '../store/feed';
import { applyBatch, mutationStatus } from '../store/mutations';
import { activeLeases, releaseLease, takeLease } from '../store/leases';
import { HEARTBEAT_SECONDS, kioskHealth, recordHeartbeat } from '../store/health';
import { lookupDossier } from '../store/lookup';
import { queueKey, readQueueStats, rotateQueueKey, storeQueueEvents } from '../store/queue';
import { seedCatalog, seedDossiers, seedStaff } from '../demo/seed';
import { lastFileCollection } from '../store/maintenance';
import { FILE_READ_ACTION, adminAttachments, attachFile, declareFile, eraseFile, digitisationScorecard, fileNotDeclared, fileState, listAttachments, putChunk, readableFile, withdrawAttachment } from '../store/files';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  operationId: string;
  summary: string;
  auth: 'device' | 'admin' | 'none';
  /** Device routes: the scope the device's kind must have (else 403 `forbidden`, reason `scope`). */
  scope?: P.Scope;
  versioned: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodObject;
  response: z.ZodType;
  errors: P.ErrorCode[];
  rateLimit?: { max: number; timeWindow: number };
  /** Only on a demo/loopback server (`serve` with a PGlite data directory, tests). */
  demoOnly?: boolean;
  /** The body is raw bytes (`application/octet-stream`, at most this many): a file chunk. */
  rawBody?: number;
  /** Admin routes a `province` admin only may call (docs/SECURITY.md §8); the others check the agency of what they touch. */
  adminRole?: 'province';
  handler(ctx: RouteContext, input: { body: never; query: never; params: never }, req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

const now = (): string => new Date().toISOString();
const dev = (req: FastifyRequest): Device => {
  if (!req.device) throw new GatewayError('unauthorized');
  return req.device;
};
/** The acting admin for the audit log (set by the server's authentication). */
const actor = (req: FastifyRequest): string => req.adminActor ?? 'unknown';
const admin = (req: FastifyRequest) => {
  if (!req.admin) throw new GatewayError('unauthorized');
  return req.admin;
};
/**
 * The agency an admin's call covers: for an `agency` admin its own (asking for another is 403
 * `forbidden`, reason `agency`); for a `province` admin the one asked, or every agency (null).
 */
const agencyScope = (req: FastifyRequest, asked?: string | null): string | null => {
  const a = admin(req);
  if (a.role === 'province') return asked ?? null;
  if (asked !== undefined && asked !== null && asked !== a.agency) throw forbidden('agency', { agency: asked });
  return a.agency;
};
/** Refuses an `agency` admin's action on something of another agency (or of none: not found). */
const mayTouch = (req: FastifyRequest, agency: string | null): void => {
  const a = admin(req);
  if (a.role === 'province') return;
  if (agency === null) throw new GatewayError('not-found');
  if (agency !== a.agency) throw forbidden('agency', { agency });
};
const agencyOf = async (ctx: RouteContext, table: 'devices' | 'staff', id: string): Promise<string | null> =>
  (await ctx.db.query<{ agency_code: string }>(`select agency_code from ${table} where id = $1`, [id]))[0]?.agency_code ?? null;
/**
 * A console account an admin may act on: a `province` admin any; an `agency` admin only the
 * `agency` accounts of its own agency (a province account: 403 `role`; another agency's: 403
 * `agency`). An unknown id is 404.
 */
const accountInReach = async (ctx: RouteContext, req: FastifyRequest, id: string) => {
  const acc = await adminAccountRef(ctx.db, id);
  if (!acc) throw new GatewayError('not-found');
  const a = admin(req);
  if (a.role === 'province') return acc;
  if (acc.role === 'province') throw forbidden('role');
  if (acc.agency !== a.agency) throw forbidden('agency', { agency: acc.agency });
  return acc;
};
/** The username of the acting console account (null for a bearer token, which has none). */
const actingUsername = (req: FastifyRequest): string | null => admin(req).session?.username ?? null;
const secureCookie = (req: FastifyRequest): string => (req.protocol === 'https' ? '; Secure' : '');
/** The CSV's header row, in the console's languages. */
const CSV_HEADER = {
  vi: ['Mã cơ quan', 'Tên cơ quan', 'Tiếp nhận', 'Trực tiếp', 'Trực tuyến', 'Bưu chính', 'Đã giải quyết', 'Đúng hạn', 'Trễ hạn', 'Tỷ lệ đúng hạn (%)', 'Quá hạn đang xử lý', 'Đang xử lý trong hạn', 'Lượt đánh giá', 'Điểm hài lòng trung bình', 'Số hóa đủ thành phần', 'Tỷ lệ số hóa (%)'],
  en: ['Agency code', 'Agency', 'Received', 'In person', 'Online', 'By post', 'Finished', 'On time', 'Late', 'On-time rate (%)', 'Open, overdue', 'Open, not yet due', 'Ratings', 'Average satisfaction', 'Digitised in full', 'Digitised share (%)'],
} as const;

const route = <B extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever, Pa extends z.ZodObject = z.ZodObject>(
  spec: Omit<RouteSpec, 'handler' | 'body' | 'query' | 'params'> & {
    body?: B; query?: Q; params?: Pa;
    handler(ctx: RouteContext, input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<Pa> }, req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  },
): RouteSpec => spec as unknown as RouteSpec;

const ShaParam = z.object({ sha256: P.Sha256Hex });
const ChunkParam = z.object({ sha256: P.Sha256Hex, index: z.coerce.number().int().min(0).max(P.MAX_FILE_CHUNKS - 1) });
/** `?count=N`: a run of N consecutive chunks in one body (§13); absent: one. */
const ChunkQuery = z.object({ count: z.coerce.number().int().min(1).max(P.MAX_CHUNKS_PER_REQUEST).default(1) });
const AUTH_ERRORS: P.ErrorCode[] = ['unauthorized', 'device-revoked', 'protocol-version', 'rate-limited'];
const CodeParam = z.object({ code: P.DossierCodeText });
/** A code a device asks for: every shape a province may issue (not found when not stored). */
const QueryCodeParam = z.object({ code: P.DossierCodeQuery });
const IdParam = z.object({ id: z.string().min(1).max(64) });

export const ROUTES: RouteSpec[] = [
  route({
    method: 'GET', path: P.PATHS.health, operationId: 'health', summary: 'Liveness and supported protocol versions (no data).',
    auth: 'none', versioned: false, response: P.HealthResponse, errors: [],
    handler: async () => ({ ok: true, protocol: { min: P.MIN_PROTOCOL_VERSION, max: P.PROTOCOL_VERSION }, serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.enroll, operationId: 'enroll', summary: 'Enroll a device with a single-use enrollment code.',
    auth: 'none', versioned: true, body: P.EnrollRequest, response: P.EnrollResponse,
    errors: ['validation', 'enroll-code-invalid', 'enroll-code-expired', 'enroll-code-used', 'enroll-code-kind', 'protocol-version', 'rate-limited'],
    rateLimit: { max: 20, timeWindow: 60_000 },
    handler: async (ctx, { body }) => enroll(ctx.db, body),
  }),
  route({
    method: 'GET', path: P.PATHS.device, operationId: 'device', summary: 'This device\'s identity, agency and province.',
    auth: 'device', scope: 'feed', versioned: true, response: P.DeviceIdentity.extend({ serverTime: P.IsoTime }), errors: AUTH_ERRORS,
    handler: async (ctx, _i, req) => ({ ...(await deviceIdentity(ctx.db, dev(req))), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.rotateToken, operationId: 'rotateToken', summary: 'Issue a new token; the old one works until the new one is used.',
    auth: 'device', scope: 'rotate', versioned: true, response: P.RotateResponse, errors: AUTH_ERRORS,
    handler: async (ctx, _i, req) => ({ token: await rotateToken(ctx.db, dev(req).id), serverTime: now() }),
  }),
  route({
    method: 'GET', path: P.PATHS.changes, operationId: 'changes', summary: 'One page of the change feed of this device\'s agency (a kiosk-kind device: citizen-safe views, no staff).',
    auth: 'device', scope: 'feed', versioned: true, query: P.ChangesQuery, response: P.ChangesPage, errors: [...AUTH_ERRORS, 'validation', 'cursor-reset'],
    handler: async (ctx, { query }, req, reply) => {
      const device = dev(req);
      // Bytes, not a string: Node writes a half-megabyte Vietnamese (two-byte) string to a socket
      // several times slower than the same bytes as a Buffer.
      reply.type('application/json; charset=utf-8');
      if (query.backfill !== undefined) return reply.send(await readBackfill(ctx.db, ctx.meta.epoch, device, query.backfill, query.limit));
      const page = await readChanges(ctx.db, ctx.meta.epoch, device, query.cursor, query.limit,
        query.workingSet === undefined ? undefined : { days: query.workingSet, ...(query.backfillDays !== undefined ? { backfillDays: query.backfillDays } : {}) },
        ctx.feedCache, req.feedHeads);
      // Once this answer is handed to the socket, the page after a full one is read ahead (store/feed-cache.ts).
      reply.raw.once('finish', () => readAheadAfter(ctx.db, ctx.meta.epoch, device, page, query.limit, ctx.feedCache));
      // A cached page is compressed once per coding and kept (store/feed-cache.ts); the same
      // negotiation as every other answer (http/compression.ts), which leaves an encoded answer alone.
      const coding = page.plain.length >= P.COMPRESS_MIN_BYTES ? negotiate(req.headers['accept-encoding']) : null;
      if (!coding) return reply.send(page.plain);
      const packed = await page.coded(coding);
      return reply.header('vary', 'Accept-Encoding').header('content-encoding', coding).send(packed);
    },
  }),
  route({
    method: 'GET', path: P.PATHS.dossier, operationId: 'dossier', summary: 'One dossier of this device\'s agency as its feed would send it (a counter: the whole dossier; a kiosk-kind device: its citizen view).',
    auth: 'device', scope: 'feed', versioned: true, params: QueryCodeParam, response: P.DossierItemResponse, errors: [...AUTH_ERRORS, 'validation', 'not-found'],
    handler: async (ctx, { params }, req, reply) => {
      const body = await readOneDossier(ctx.db, dev(req), params.code, await readAgencyAliases(ctx.db));
      if (!body) throw new GatewayError('not-found');
      return reply.type('application/json; charset=utf-8').send(body);
    },
  }),
  route({
    method: 'POST', path: P.PATHS.mutations, operationId: 'pushMutations', summary: 'Apply a batch of mutations, each at most once; each type needs its own scope (trust.ts MUTATION_SCOPES), refused per item with not-permitted.',
    auth: 'device', scope: 'rate', versioned: true, body: P.MutationBatch, response: P.MutationBatchResponse,
    errors: [...AUTH_ERRORS, 'validation', 'malformed', 'payload-too-large', 'shutting-down'],
    handler: async (ctx, { body }, req, reply) => {
      const device = dev(req);
      const results = await applyBatch(ctx.db, device, body.mutations, { idSalt: ctx.meta.idSalt, outbox: ctx.outbox });
      ctx.onAccepted(results.filter((r) => r.status === 'applied').length);
      await ctx.hooks.afterBatchCommit?.({ device, results }, req, reply);
      return { results, serverTime: now() };
    },
  }),
  route({
    method: 'POST', path: P.PATHS.mutationStatus, operationId: 'mutationStatus', summary: 'What the gateway recorded for given mutation ids of this device.',
    auth: 'device', scope: 'mutation-status', versioned: true, body: P.MutationStatusRequest, response: P.MutationStatusResponse, errors: [...AUTH_ERRORS, 'validation'],
    handler: async (ctx, { body }, req) => ({ items: await mutationStatus(ctx.db, dev(req).id, body.ids) }),
  }),
  route({
    method: 'GET', path: P.PATHS.leases, operationId: 'listLeases', summary: 'This device\'s active code leases.',
    auth: 'device', scope: 'lease', versioned: true, response: P.LeaseList, errors: AUTH_ERRORS,
    handler: async (ctx, _i, req) => ({ leases: await activeLeases(ctx.db, dev(req).id), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.leases, operationId: 'takeLease', summary: 'Lease a block of dossier sequence numbers for today or tomorrow.',
    auth: 'device', scope: 'lease', versioned: true, body: P.LeaseRequest, response: P.Lease, errors: [...AUTH_ERRORS, 'validation', 'lease-invalid'],
    handler: async (ctx, { body }, req) => takeLease(ctx.db, dev(req), body.count, body.day),
  }),
  route({
    method: 'POST', path: P.PATHS.leaseRelease, operationId: 'releaseLease', summary: 'Release a lease: its unused numbers are voided, never reissued.',
    auth: 'device', scope: 'lease', versioned: true, params: IdParam, response: P.LeaseReleaseResponse, errors: [...AUTH_ERRORS, 'not-found'],
    handler: async (ctx, { params }, req) => releaseLease(ctx.db, dev(req), params.id),
  }),
  route({
    method: 'POST', path: P.PATHS.heartbeat, operationId: 'heartbeat', summary: 'Report backlog and scanner health; answers server time.',
    auth: 'device', scope: 'heartbeat', versioned: true, body: P.HeartbeatRequest, response: P.HeartbeatResponse, errors: [...AUTH_ERRORS, 'validation'],
    handler: async (ctx, { body }, req) => {
      await recordHeartbeat(ctx.db, dev(req).id, body);
      return { serverTime: now(), nextInSeconds: HEARTBEAT_SECONDS };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.lookup, operationId: 'lookup', summary: 'Citizen-safe view of one dossier of any agency of the province.',
    auth: 'device', scope: 'lookup', versioned: true, params: QueryCodeParam, response: P.LookupResponse, errors: [...AUTH_ERRORS, 'validation', 'not-found'],
    handler: async (ctx, { params }) => {
      const d = await lookupDossier(ctx.db, params.code, await readAgencyAliases(ctx.db));
      if (!d) throw new GatewayError('not-found');
      return { dossier: d, serverTime: now() };
    },
  }),
  route({
    method: 'POST', path: P.PATHS.staffKeys, operationId: 'registerStaffKey',
    summary: 'Register a signed-in officer\'s ECDSA P-256 signing key for this counter, with a proof made from the officer\'s PIN.',
    auth: 'device', scope: 'staff-key', versioned: true, body: P.StaffKeyRequest, response: P.StaffKeyResponse,
    errors: [...AUTH_ERRORS, 'validation', 'forbidden'],
    // Each refused proof is one online PIN guess: few per device, and each is audited.
    rateLimit: { max: 10, timeWindow: 60_000 },
    handler: async (ctx, { body }, req) => registerStaffKey(ctx.db, dev(req), body),
  }),
  route({
    method: 'POST', path: P.PATHS.files, operationId: 'declareFile',
    summary: 'Declare a file (SHA-256, size, type, the hash of each 256 KB chunk) before sending its chunks; answers the chunks the gateway already holds (idempotent). Counters only.',
    auth: 'device', scope: 'file-write', versioned: true, body: P.FileDeclare, response: P.FileState,
    errors: [...AUTH_ERRORS, 'validation', 'file-rejected'],
    handler: async (ctx, { body }, req) => declareFile(ctx.db, dev(req), body),
  }),
  route({
    method: 'GET', path: P.PATHS.fileChunks, operationId: 'fileState', summary: 'Which chunks of a declared file the gateway holds (to resume after a cut).',
    auth: 'device', scope: 'file-write', versioned: true, params: ShaParam, response: P.FileState, errors: [...AUTH_ERRORS, 'validation', 'file-not-declared'],
    handler: async (ctx, { params }) => {
      const st = await fileState(ctx.db, params.sha256);
      if (!st) throw fileNotDeclared(params.sha256);
      return st;
    },
  }),
  route({
    method: 'PUT', path: P.PATHS.fileChunk, operationId: 'putFileChunk',
    summary: 'One chunk of a declared file as raw bytes (application/octet-stream), or with ?count=N a run of N consecutive chunks one after another (at most FileState.chunksPerRequest): each refused unless its SHA-256 is the one declared for its index; the last chunk completes the file once the whole file hashes to its id.',
    auth: 'device', scope: 'file-write', versioned: true, params: ChunkParam, query: ChunkQuery,
    rawBody: P.FILE_CHUNK_BYTES * P.MAX_CHUNKS_PER_REQUEST, response: P.ChunkAnswer,
    errors: [...AUTH_ERRORS, 'validation', 'malformed', 'payload-too-large', 'not-found', 'file-not-declared', 'file-rejected', 'storage-unavailable'],
    handler: async (ctx, { params, query }, req) => {
      if (!(req.body instanceof Uint8Array)) throw new GatewayError('malformed');
      const { fresh, ...answer } = await putChunk(ctx.db, ctx.files, params.sha256, params.index, req.body, query.count);
      fresh.forEach((stored, k) => ctx.onChunk?.({ sha256: params.sha256, index: params.index + k, stored }));
      return answer;
    },
  }),
  route({
    method: 'POST', path: P.PATHS.fileAttach, operationId: 'attachFile',
    summary: 'Attach a complete file to a component of a dossier of this device\'s agency, receiving or competent (idempotent by id); 409 file-incomplete until every chunk arrived, 404 while the gateway does not have the dossier yet.',
    auth: 'device', scope: 'file-write', versioned: true, body: P.AttachRequest, response: P.AttachAnswer,
    errors: [...AUTH_ERRORS, 'validation', 'not-found', 'file-incomplete'],
    handler: async (ctx, { body }, req) => ({ attachment: await attachFile(ctx.db, dev(req), body), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.fileWithdraw, operationId: 'withdrawAttachment',
    summary: 'Withdraw an attachment of a dossier of this device\'s agency, receiving or competent (an officer\'s signed act, with the reason; idempotent by id): it stays in the record, marked, and leaves the lists, reads and the scorecard.',
    auth: 'device', scope: 'file-write', versioned: true, body: P.WithdrawRequest, response: P.AttachAnswer,
    errors: [...AUTH_ERRORS, 'validation', 'not-found'],
    handler: async (ctx, { body }, req) => ({ attachment: await withdrawAttachment(ctx.db, dev(req), body), serverTime: now() }),
  }),
  route({
    method: 'GET', path: P.PATHS.dossierAttachments, operationId: 'dossierAttachments', summary: 'The files attached to a dossier of this device\'s agency, receiving or competent. Counters only.',
    auth: 'device', scope: 'file-read', versioned: true, params: CodeParam, response: P.AttachmentList, errors: [...AUTH_ERRORS, 'validation', 'not-found'],
    handler: async (ctx, { params }, req) => {
      const list = await listAttachments(ctx.db, dev(req), params.code);
      if (!list) throw new GatewayError('not-found');
      return { attachments: list, serverTime: now() };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.file, operationId: 'getFile',
    summary: 'The bytes of a file attached to a dossier of this device\'s agency, receiving or competent (counters only; never a kiosk-kind device, never a file only other agencies\' dossiers hold: 404). Each read served is audited (file.read: the device, the file, its dossiers) before a byte is sent.',
    auth: 'device', scope: 'file-read', versioned: true, params: ShaParam, response: z.unknown(), errors: [...AUTH_ERRORS, 'validation', 'not-found', 'storage-unavailable'],
    handler: async (ctx, { params }, req, reply) => {
      const f = await readableFile(ctx.db, ctx.files, dev(req), params.sha256);
      if (!f) throw new GatewayError('not-found');
      // The first chunk before the headers: a store that does not answer is still a 503 with its message.
      await f.open();
      // A citizen's paper is personal data: who read it is kept before a byte is sent (no line, no
      // bytes). The line names the device, the file and its dossiers, never what the paper says.
      await audit(ctx.db, `device:${dev(req).id}`, FILE_READ_ACTION, params.sha256, { dossiers: f.dossiers, size: f.size, mime: f.mime });
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': f.mime, 'content-length': String(f.size), [P.PROTOCOL_HEADER]: String(P.PROTOCOL_VERSION), 'cache-control': 'private, max-age=31536000, immutable' });
      try {
        await f.pipe(reply.raw);
      } catch (err) {
        // Headers are out: cut the answer short (its length says it is incomplete) rather than leave it hanging.
        req.log.error({ err: { message: err instanceof Error ? err.message : String(err), cause: (err as { cause?: unknown }).cause } }, 'file read failed');
        reply.raw.destroy();
      }
      return reply;
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminScorecard, operationId: 'adminDigitisationScorecard',
    summary: 'Digitisation scorecard: per agency, the dossiers received in [from, to] (Vietnamese days) and the share with every component listed at intake digitised.',
    auth: 'admin', versioned: true, query: P.ScorecardQuery, response: P.Scorecard, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => ({ ...(await digitisationScorecard(ctx.db, query.from, query.to, agencyScope(req, query.agency) ?? undefined)), serverTime: now() }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminFileCollection, operationId: 'adminFileCollection',
    summary: 'The last collection of abandoned uploads (declared, never completed, untouched for the configured days): files, chunks and bytes removed, chunks kept as shared; counts only. Province admins.',
    auth: 'admin', adminRole: 'province', versioned: true, response: P.FileCollectionStatus, errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx) => ({ last: await lastFileCollection(ctx.db), serverTime: now() }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminDossierAttachments, operationId: 'adminDossierAttachments',
    summary: 'A dossier\'s attachments as the record holds them: withdrawn ones (who, when, why) and whether each file\'s bytes were erased. The dossier\'s agency\'s admins and the province\'s; another agency\'s dossier: 403 forbidden (agency).',
    auth: 'admin', versioned: true, params: CodeParam, response: P.AdminAttachmentList, errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found'],
    handler: async (ctx, { params }, req) => {
      const found = await adminAttachments(ctx.db, params.code);
      if (!found) throw new GatewayError('not-found');
      mayTouch(req, found.agency);
      return { attachments: found.attachments, serverTime: now() };
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminFileErase, operationId: 'adminEraseFile',
    summary: 'Erase the bytes of a file attached by mistake, once an officer withdrew every attachment naming it (else 409 file-in-use): its chunks no other file shares leave the file store; the record of the attachments, and of the erasure (who, when, why), stays; audited file.erase. Irreversible. Province admins.',
    auth: 'admin', adminRole: 'province', versioned: true, params: ShaParam, body: P.FileEraseRequest, response: P.FileErasure,
    errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found', 'file-in-use', 'storage-unavailable'],
    handler: async (ctx, { params, body }, req) => ({ ...(await eraseFile(ctx.db, ctx.files, params.sha256, actor(req), body.reason)), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminEnrollCodes, operationId: 'adminEnrollCode', summary: 'Issue a single-use enrollment code for one kind of device (counter or kiosk) of an agency.',
    auth: 'admin', versioned: true, body: P.EnrollCodeRequest, response: P.EnrollCodeResponse, errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found'],
    handler: async (ctx, { body }, req) => {
      mayTouch(req, body.agency);
      // For an agency the province has, or one named by a well-formed QCVN 102:2016 code (created
      // then, as the command line does: how a province brings its agencies in); anything else
      // (a typo like "GARBAGE") is refused rather than made an agency.
      await requireAgency(ctx.db, body.agency, { newIfWellFormed: true });
      return createEnrollCode(ctx.db, body, actor(req));
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminKiosks, operationId: 'adminKiosks', summary: 'Per-kiosk health: last heartbeat and upload, backlog, skew, scanners.',
    auth: 'admin', versioned: true, query: z.object({ agency: P.AgencyCode.optional() }), response: P.KioskHealthList, errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx, { query }, req) => ({ kiosks: await kioskHealth(ctx.db, agencyScope(req, query.agency) ?? undefined), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminRevoke, operationId: 'adminRevoke', summary: 'Revoke a device: its token and its officers\' signing keys stop working at once.',
    auth: 'admin', versioned: true, params: IdParam, response: z.object({ revoked: z.boolean() }), errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx, { params }, req) => {
      mayTouch(req, await agencyOf(ctx, 'devices', params.id));
      return { revoked: await revokeDevice(ctx.db, params.id, actor(req)) };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminOutbox, operationId: 'adminOutbox', summary: 'Delivery queue towards provincial systems: pending, delivered, failing, refused for good; and the systems this gateway is set up to deliver to (none: nothing is sent).',
    auth: 'admin', versioned: true, query: z.object({ agency: P.AgencyCode.optional() }), response: P.OutboxSummary, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => ({ ...(await outboxSummary(ctx.db, agencyScope(req, query.agency))), adapters: ctx.outbox?.adapters ?? [] }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminOutboxItems, operationId: 'adminOutboxItems',
    summary: 'Items that are failing (retried with backoff) or were refused by the provincial system (kept, not retried), with the last failure\'s code.',
    auth: 'admin', versioned: true,
    query: z.object({ state: P.OutboxItemState.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200), agency: P.AgencyCode.optional() }),
    response: P.OutboxItemList, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => ({ items: await outboxItems(ctx.db, query.state, query.limit, agencyScope(req, query.agency)) }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminOutboxRequeue, operationId: 'adminOutboxRequeue', summary: 'Put a refused item back in the queue, or retry a failing one now (audited).',
    auth: 'admin', versioned: true, params: z.object({ id: z.coerce.number().int().min(1) }), response: P.OutboxItem,
    errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found'],
    handler: async (ctx, { params }, req) => {
      mayTouch(req, await outboxItemAgency(ctx.db, params.id));
      return requeueOutboxItem(ctx.db, params.id, actor(req));
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminStaff, operationId: 'adminListStaff', summary: 'Staff accounts (never their PIN verifiers or proof keys).',
    auth: 'admin', versioned: true, query: z.object({ agency: P.AgencyCode.optional() }), response: P.StaffList, errors: [...AUTH_ERRORS, 'validation', 'forbidden'],
    handler: async (ctx, { query }, req) => ({ staff: await listStaff(ctx.db, agencyScope(req, query.agency) ?? undefined), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminStaff, operationId: 'adminCreateStaff', summary: 'Create an officer with a PIN that meets the policy, in an agency the province has (else 404 not-found).',
    auth: 'admin', versioned: true, body: P.StaffCreateRequest, response: P.StaffSummary, errors: [...AUTH_ERRORS, 'validation', 'pin-policy', 'forbidden', 'not-found'],
    handler: async (ctx, { body }, req) => {
      mayTouch(req, body.agency);
      await requireAgency(ctx.db, body.agency, { newIfWellFormed: false });
      return createStaff(ctx.db, body, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminStaffPin, operationId: 'adminSetStaffPin', summary: 'Change or reset an officer\'s PIN (new verifier, proof salt and proof key); optionally revoke the officer\'s signing keys.',
    auth: 'admin', versioned: true, params: IdParam, body: P.StaffPinRequest, response: P.StaffSummary, errors: [...AUTH_ERRORS, 'validation', 'pin-policy', 'not-found', 'forbidden'],
    handler: async (ctx, { params, body }, req) => {
      mayTouch(req, await agencyOf(ctx, 'staff', params.id));
      return setStaffPin(ctx.db, params.id, body.pin, { revokeKeys: body.revokeKeys }, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminStaffDeactivate, operationId: 'adminDeactivateStaff', summary: 'Deactivate an officer: actions taken from now on are refused.',
    auth: 'admin', versioned: true, params: IdParam, response: P.StaffSummary, errors: [...AUTH_ERRORS, 'not-found', 'forbidden'],
    handler: async (ctx, { params }, req) => {
      mayTouch(req, await agencyOf(ctx, 'staff', params.id));
      return setStaffActive(ctx.db, params.id, false, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminStaffActivate, operationId: 'adminActivateStaff', summary: 'Reactivate an officer.',
    auth: 'admin', versioned: true, params: IdParam, response: P.StaffSummary, errors: [...AUTH_ERRORS, 'not-found', 'forbidden'],
    handler: async (ctx, { params }, req) => {
      mayTouch(req, await agencyOf(ctx, 'staff', params.id));
      return setStaffActive(ctx.db, params.id, true, actor(req));
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminTokens, operationId: 'adminListTokens', summary: 'Admin tokens: label, creation, last use, revocation (never the token).',
    auth: 'admin', adminRole: 'province', versioned: true, response: P.AdminTokenList, errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx) => ({ tokens: await listAdminTokens(ctx.db), serverTime: now() }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminTokenRevoke, operationId: 'adminRevokeToken', summary: 'Revoke an admin token at once.',
    auth: 'admin', adminRole: 'province', versioned: true, params: IdParam, response: z.object({ revoked: z.boolean() }), errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx, { params }, req) => ({ revoked: await revokeAdminToken(ctx.db, params.id, actor(req)) }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminAudit, operationId: 'adminAudit', summary: 'The audit log of admin actions, signing-key registrations and reads of attached files (file.read), newest first.',
    auth: 'admin', adminRole: 'province', versioned: true, query: P.AuditQuery, response: P.AuditList, errors: [...AUTH_ERRORS, 'validation', 'forbidden'],
    handler: async (ctx, { query }) => ({ entries: await auditLog(ctx.db, query.limit, query.action), serverTime: now() }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminProvinceSettings, operationId: 'adminGetProvinceSettings',
    summary: "The province's settings fed to every device: its own dossier code patterns (docs/SYNC-PROTOCOL.md §4.4).",
    auth: 'admin', adminRole: 'province', versioned: true, response: z.object({ settings: P.ProvinceSettings.nullable() }), errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx) => ({ settings: await readProvinceSettings(ctx.db) }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminProvinceSettings, operationId: 'adminSetProvinceSettings',
    summary: "Replace the province's settings; every device receives them with its next sync. A pattern that does not compile or lacks the agency, date and seq groups is refused.",
    auth: 'admin', adminRole: 'province', versioned: true, body: P.ProvinceSettingsInput, response: z.object({ settings: P.ProvinceSettings }), errors: [...AUTH_ERRORS, 'validation', 'forbidden'],
    handler: async (ctx, { body }, req) => ({ settings: await writeProvinceSettings(ctx.db, body, actor(req)) }),
  }),
  route({
    method: 'GET', path: P.PATHS.queueKey, operationId: 'queueKey',
    summary: 'The LAN key the devices of this device\'s office prove themselves to each other with on the office queue\'s LAN link (made at the first ask).',
    auth: 'device', scope: 'queue', versioned: true, response: P.QueueKeyResponse, errors: AUTH_ERRORS,
    handler: async (ctx, _i, req) => queueKey(ctx.db, dev(req)),
  }),
  route({
    method: 'POST', path: P.PATHS.queueEvents, operationId: 'pushQueueEvents',
    summary: 'Upload queue events of this device\'s office (idempotent by event id; stored under the device\'s agency).',
    auth: 'device', scope: 'queue', versioned: true, body: P.QueueEventBatch, response: P.QueueEventBatchResponse, errors: [...AUTH_ERRORS, 'validation'],
    handler: async (ctx, { body }, req) => storeQueueEvents(ctx.db, dev(req), body.events),
  }),
  route({
    method: 'GET', path: P.PATHS.adminQueueStats, operationId: 'adminQueueStats',
    summary: 'Queue statistics of an agency over days: tickets per area and hour, waiting and handling times (p50/p90), no-shows, per counter and officer, computed from the uploaded events.',
    auth: 'admin', versioned: true, query: P.QueueStatsQuery, response: P.QueueStatsResponse, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => {
      mayTouch(req, query.agency);
      return readQueueStats(ctx.db, query.agency, query.from, query.to);
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminQueueKeyRotate, operationId: 'adminRotateQueueKey',
    summary: 'Change an office\'s queue LAN key. With grace (default) the replaced key stays valid on the office LAN for 24 hours while its devices fetch the new one; without, it is dropped at once. Revoking a device changes its office\'s key without grace.',
    auth: 'admin', versioned: true, body: P.QueueKeyRotateRequest, response: P.QueueKeyRotateResponse, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { body }, req) => {
      mayTouch(req, body.agency);
      return rotateQueueKey(ctx.db, body.agency, body.grace, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminSession, operationId: 'adminLogin',
    summary: 'Province console sign-in: username and password of an admin account; sets the session cookie (HttpOnly, SameSite=Strict, Secure over TLS) and answers the CSRF token. 20 wrong passwords in a row lock the account for 15 minutes.',
    auth: 'none', versioned: true, body: P.LoginRequest, response: P.SessionInfo, errors: ['validation', 'login-failed', 'account-locked', 'protocol-version', 'rate-limited'],
    rateLimit: { max: 60, timeWindow: 60_000 },
    handler: async (ctx, { body }, req, reply) => {
      const s = await login(ctx.db, body.username, body.password);
      void reply.header('set-cookie', `${P.SESSION_COOKIE}=${s.token}; Path=/; HttpOnly; SameSite=Strict${secureCookie(req)}`);
      return s.info;
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminSession, operationId: 'adminSession', summary: 'Who is signed in to the console, and the session\'s CSRF token (a bearer token: the province, no CSRF token).',
    auth: 'admin', versioned: true, response: P.SessionInfo, errors: AUTH_ERRORS,
    handler: async (_ctx, _i, req) => {
      const a = admin(req);
      return a.session ?? { username: a.actor, role: a.role, agency: a.agency, csrfToken: '', expiresAt: now(), mustChangePassword: false };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminSessionState, operationId: 'adminSessionState',
    summary: 'Whether this browser\'s console session cookie is a live session, and if so the same as GET /v1/admin/session; signed out (no cookie, an unknown or ended one) is an answer here, never a 401: what the console asks as it opens.',
    auth: 'none', versioned: true, response: P.SessionState, errors: ['protocol-version'],
    handler: async (ctx, _i, req) => {
      const cookie = cookieValue(req, P.SESSION_COOKIE);
      const s = cookie === null ? null : await authenticateSession(ctx.db, cookie);
      return s?.session ? { signedIn: true, session: s.session } : { signedIn: false, session: null };
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminSessionLogout, operationId: 'adminLogout', summary: 'Ends the console session and clears its cookie.',
    auth: 'admin', versioned: true, response: z.object({ ok: z.boolean() }), errors: [...AUTH_ERRORS, 'forbidden'],
    handler: async (ctx, _i, req, reply) => {
      const cookie = cookieValue(req, P.SESSION_COOKIE);
      if (cookie) await logout(ctx.db, cookie);
      void reply.header('set-cookie', `${P.SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secureCookie(req)}`);
      return { ok: true };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminAccounts, operationId: 'adminListAccounts',
    summary: 'Console admin accounts (never a password hash): a province admin every one (or one agency\'s), an agency admin its own agency\'s.',
    auth: 'admin', versioned: true, query: z.object({ agency: P.AgencyCode.optional() }), response: P.AdminAccountList, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => ({ accounts: await listAdminAccounts(ctx.db, agencyScope(req, query.agency)) }),
  }),
  route({
    method: 'POST', path: P.PATHS.adminAccounts, operationId: 'adminCreateAccount', summary: 'Create a console admin account (province or agency role, an agency role for an agency the province has, else 404 not-found; password of 12 characters or more); audited. Created from a console session, the account must choose its own password at its first sign-in (mustChangePassword); from an admin token, not.',
    auth: 'admin', adminRole: 'province', versioned: true, body: P.AdminAccountCreate, response: P.AdminAccountSummary, errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found'],
    handler: async (ctx, { body }, req) => {
      if (body.agency) await requireAgency(ctx.db, body.agency, { newIfWellFormed: false });
      // Created by a signed-in admin: its user chooses their own password at the first sign-in.
      return createAdminAccount(ctx.db, body, actor(req), admin(req).session !== undefined);
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminAccountDisable, operationId: 'adminDisableAccount',
    summary: 'Disable a console account: its sessions end at once and signing in is refused (account-disabled). Not one\'s own account, nor the last active province account; audited.',
    auth: 'admin', versioned: true, params: IdParam, response: P.AdminAccountSummary, errors: [...AUTH_ERRORS, 'forbidden', 'not-found'],
    handler: async (ctx, { params }, req) => {
      await accountInReach(ctx, req, params.id);
      return disableAdminAccount(ctx.db, params.id, actor(req), actingUsername(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminAccountEnable, operationId: 'adminEnableAccount', summary: 'Enable a disabled console account again; audited.',
    auth: 'admin', versioned: true, params: IdParam, response: P.AdminAccountSummary, errors: [...AUTH_ERRORS, 'forbidden', 'not-found'],
    handler: async (ctx, { params }, req) => {
      await accountInReach(ctx, req, params.id);
      return enableAdminAccount(ctx.db, params.id, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminAccountPassword, operationId: 'adminResetAccountPassword',
    summary: 'Reset another console account\'s password (12 characters or more, else password-policy): its sessions end, its lockout is cleared, and at its next sign-in it must choose its own password before any other console call (403 password-change-required); audited, never the password.',
    auth: 'admin', versioned: true, params: IdParam, body: P.AdminPasswordReset, response: P.AdminAccountSummary,
    errors: [...AUTH_ERRORS, 'forbidden', 'not-found', 'validation', 'password-policy'],
    handler: async (ctx, { params, body }, req) => {
      await accountInReach(ctx, req, params.id);
      return resetAdminPassword(ctx.db, params.id, body.password, actor(req), actingUsername(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminAccountUnlock, operationId: 'adminUnlockAccount', summary: 'Clear a console account\'s lockout after wrong passwords; audited.',
    auth: 'admin', versioned: true, params: IdParam, response: P.AdminAccountSummary, errors: [...AUTH_ERRORS, 'forbidden', 'not-found'],
    handler: async (ctx, { params }, req) => {
      await accountInReach(ctx, req, params.id);
      return unlockAdminAccount(ctx.db, params.id, actor(req));
    },
  }),
  route({
    method: 'POST', path: P.PATHS.adminSessionPassword, operationId: 'adminChangeOwnPassword',
    summary: 'The signed-in account changes its own password with its current one (a wrong one: 403 current-password, counted towards the lockout; the new one equal to it: 403 same-password); this session stays, the account\'s others end, and a change a reset required is done. A bearer token has no password (404).',
    auth: 'admin', versioned: true, body: P.AdminPasswordChange, response: P.AdminAccountSummary,
    errors: [...AUTH_ERRORS, 'forbidden', 'not-found', 'validation', 'password-policy', 'account-locked'],
    handler: async (ctx, { body }, req) => {
      const username = actingUsername(req);
      const cookie = cookieValue(req, P.SESSION_COOKIE);
      if (username === null || !cookie) throw new GatewayError('not-found', { reason: 'no-account' });
      return changeOwnPassword(ctx.db, username, cookie, body.currentPassword, body.newPassword);
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminDeviceHeartbeats, operationId: 'adminDeviceHeartbeats', summary: 'A device\'s heartbeats of the last hours (backlog, its age, skew, scanner errors), oldest first.',
    auth: 'admin', versioned: true, params: IdParam, query: z.object({ hours: z.coerce.number().int().min(1).max(168).default(24) }),
    response: P.HeartbeatHistory, errors: [...AUTH_ERRORS, 'forbidden', 'validation', 'not-found'],
    handler: async (ctx, { params, query }, req) => {
      const agency = await agencyOf(ctx, 'devices', params.id);
      if (agency === null) throw new GatewayError('not-found');
      mayTouch(req, agency);
      return { deviceId: params.id, points: await heartbeatHistory(ctx.db, params.id, query.hours) };
    },
  }),
  route({
    method: 'GET', path: P.PATHS.adminFigures, operationId: 'adminFigures',
    summary: 'Service-index figures (Decision 766/QĐ-TTg) per agency for dossiers received in a period of Vietnamese days: by channel, on time / late, overdue with the responsible officer, satisfaction.',
    auth: 'admin', versioned: true, query: P.FiguresQuery, response: P.FiguresResponse, errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req) => readFigures(ctx.db, { agency: agencyScope(req, query.agency), from: query.from, to: query.to }),
  }),
  route({
    method: 'GET', path: P.PATHS.adminFiguresCsv, operationId: 'adminFiguresCsv', summary: 'The same figures as CSV (UTF-8 with a byte-order mark), with each agency\'s digitisation (the scorecard\'s count and share); `lang` chooses the header row.',
    auth: 'admin', versioned: true, query: P.FiguresQuery.and(z.object({ lang: z.enum(['vi', 'en']).default('vi') })),
    response: z.string(), errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { query }, req, reply) => {
      const agency = agencyScope(req, query.agency);
      const [f, card] = await Promise.all([
        readFigures(ctx.db, { agency, from: query.from, to: query.to }),
        digitisationScorecard(ctx.db, query.from, query.to, agency ?? undefined),
      ]);
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chi-so-${query.from}-${query.to}.csv"`)
        .send(figuresCsv(f, CSV_HEADER[query.lang], new Map(card.agencies.map((r) => [r.agency, r]))));
    },
  }),
  route({
    method: 'POST', path: '/v1/admin/seed', operationId: 'adminSeed', summary: 'Demo only: add synthetic dossiers to an agency.',
    auth: 'admin', adminRole: 'province', versioned: true, demoOnly: true,
    body: z.object({ agency: P.AgencyCode, dossiers: z.number().int().min(0).max(1_000_000), seed: z.number().int().optional() }),
    response: z.object({ agency: P.AgencyCode, dossiers: z.number().int() }), errors: [...AUTH_ERRORS, 'forbidden', 'validation'],
    handler: async (ctx, { body }) => {
      await seedCatalog(ctx.db);
      await seedStaff(ctx.db, body.agency);
      return { agency: body.agency, dossiers: await seedDossiers(ctx.db, body.agency, body.dossiers, { seed: body.seed }) };
    },
  }),
];
