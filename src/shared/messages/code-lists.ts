/**
 * Which code list keys each group of the catalog: the test that every code has a message in both
 * languages (and no message lacks a code) walks this map. Apart from catalog.ts, which imports
 * only types, so that the modules owning a list may use `localized()` without an import cycle.
 */
import type { z } from 'zod';
import { ConflictReason, EnrollErrorCode, ErrorCode, FileErrorCode, ForbiddenReason, OutboxFailureCode, RejectReason } from '../protocol';
import { HostErrorCode } from '../bridge/error';
import { CccdWarning, DomainErrorCode } from '../domain/errors';
import { ScannerErrorCode, ScannerHint, WedgeRejectReason } from '../scan/errors';
import { SettingsErrorCode } from '../settings/errors';
import { ActionErrorCode, CameraErrorCode, StorageErrorCode, SyncFailureCode } from './codes';
import { QueueErrorCode } from '../queue/errors';
import type { CatalogGroup, CodeOf } from './catalog';

export const CODE_LISTS = {
  reject: RejectReason,
  conflict: ConflictReason,
  gateway: ErrorCode,
  domain: DomainErrorCode,
  cccdWarning: CccdWarning,
  scanner: ScannerErrorCode,
  scannerHint: ScannerHint,
  wedge: WedgeRejectReason,
  host: HostErrorCode,
  settings: SettingsErrorCode,
  enroll: EnrollErrorCode,
  sync: SyncFailureCode,
  storage: StorageErrorCode,
  action: ActionErrorCode,
  camera: CameraErrorCode,
  forbidden: ForbiddenReason,
  outbox: OutboxFailureCode,
  queue: QueueErrorCode,
  file: FileErrorCode,
} as const satisfies { [G in CatalogGroup]: z.ZodEnum<{ [C in CodeOf<G>]: C }> };
