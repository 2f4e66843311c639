import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-outbox-by-dossier';
import { migration0003 } from './0003-kiosk-minimal';
import { migration0004 } from './0004-files';
import { migration0005 } from './0005-received-index';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every schema version, oldest first. The last one is what this build writes. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
