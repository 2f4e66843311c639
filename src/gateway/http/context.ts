/** What every route handler may use. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/types';
import type { Meta } from '../store/meta';
import type { Device, FeedHeads } from '../store/devices';
import type { OutboxSink } from '../adapters/types';
import type { FileStore } from '../files/store';
import type { MutationResult, Scope } from '../../shared/protocol';
import type { AdminPrincipal } from '../store/console';
import type { FeedPageCache } from '../store/feed-cache';

export interface GatewayHooks {
  /**
   * Test hook: runs after a batch committed and before its answer is sent (e.g. to destroy the
   * socket and simulate a crash between commit and response).
   */
  afterBatchCommit?(info: { device: Device; results: MutationResult[] }, req: FastifyRequest, reply: FastifyReply): void | Promise<void>;
}

export interface RouteContext {
  db: Db;
  meta: Meta;
  outbox: OutboxSink | undefined;
  hooks: GatewayHooks;
  /** Called after `applied` mutations were accepted: wakes the outbox worker, counts towards the
   * embedded database's statistics refresh (store/maintenance.ts). */
  onAccepted(applied: number): void;
  /** Built feed pages, by cursor and stream heads (store/feed-cache.ts). */
  feedCache: FeedPageCache;
  /** Where attached files' bytes are kept (files/store.ts). */
  files: FileStore;
  /** Test and soak hook: every accepted chunk upload (`stored` false: a resend of a stored chunk). */
  onChunk?(info: { sha256: string; index: number; stored: boolean }): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
    /** The device's feed stream heads, read with its token on a feed page request (store/devices.ts). */
    feedHeads?: FeedHeads;
    isAdmin?: boolean;
    /** Who is acting on an admin route, for the audit log: the admin token's id, or `env`. */
    adminActor?: string;
    /** The admin on an admin route: a bearer token (role province) or a console session. */
    admin?: AdminPrincipal;
  }
  interface FastifyContextConfig {
    auth?: 'device' | 'admin' | 'none';
    versioned?: boolean;
    /** What a device route needs of the device's kind (trust.ts DEVICE_SCOPES). */
    scope?: Scope;
    /** Admin routes only a `province` admin may call (an `agency` admin: 403 forbidden, reason role). */
    adminRole?: 'province';
  }
}
