/**
 * `npm run --silent gateway -- <command>`: the provincial gateway from the command line.
 * stdout carries exactly one JSON line per command and nothing else; logs and errors go to stderr.
 *
 *   serve --port N [--host H] [--data DIR | --database-url URL | --memory] [--seed demo] [--log-level L]
 *         [--files DIR | --files s3://BUCKET[/PREFIX] [--s3-endpoint URL]] [--rate-limit PER_MIN] [--enroll-rate-limit PER_MIN]
 *         [--feed-cache-mb MB] [--file-gc-days N]
 *       {"listening":"http://127.0.0.1:N"} once it accepts requests; runs until SIGINT/SIGTERM
 *       and then finishes in-flight batches before it exits. With KIOSK_PORTAL_URL (and the other
 *       KIOSK_PORTAL_* variables, see adapters/national-portal.ts) it reports to the national portal.
 *       `--files s3://…` keeps attached files in S3-compatible object storage (files/s3.ts): the
 *       endpoint from --s3-endpoint or KIOSK_S3_ENDPOINT (absent: Amazon S3), credentials and
 *       region from the SDK's variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).
 *       A bucket that does not answer at start is a warning on stderr, not a refusal to serve.
 *       `--file-gc-days N` (or KIOSK_FILE_GC_DAYS; default 30, 0: never): uploads declared and
 *       never completed, untouched for N days, are removed (store/maintenance.ts).
 *       HTTPS: `--tls-cert FILE --tls-key FILE` (PEM) and the gateway terminates TLS itself
 *       (`{"listening":"https://…"}`), or `--trust-proxy ADDRS` (IPs/CIDRs) believes the
 *       `X-Forwarded-Proto`/`-For` of a reverse proxy there; either way the console's session
 *       cookie is `Secure` on HTTPS requests.
 *   enroll-code --agency CODE [--kind counter|kiosk] [--counter NAME] [--ttl-minutes M] [storage]
 *                                                                             {"code","kind","expiresAt"}
 *   seed --agency CODE --dossiers N [--seed S] [storage]                      {"agency","dossiers"}
 *   admin-token [--label L] [storage]                                          {"token","id"}
 *   staff list [--agency CODE] [storage]                                       {"staff":[…]}
 *   staff add --agency CODE --name N [--title T] --role counter|leader|technician [--id ID] [--pin N] [storage]
 *   staff set-pin --staff ID [--pin N] [--revoke-keys] [storage]
 *   staff deactivate|activate --staff ID [storage]                             the officer, never a PIN
 *   admin create --username U --role province|agency [--agency CODE] [storage]
 *       a province console account (docs/SECURITY.md §8); the password (12 characters or more) is
 *       read from the first line of stdin, never from a flag               {"id","username","role",…}
 *   admin disable|enable --username U [storage]
 *       disable an account (its sessions end at once; not the last active province account) or
 *       enable it again                                                   the account, never a hash
 *   admin reset-password --username U [storage]
 *       a new password from the first line of stdin (the same policy); the account's sessions end
 *       and its lockout is cleared                                        the account, never a hash
 *   reset-epoch [storage]   after restoring a backup: every kiosk cursor is answered cursor-reset.
 *
 * A PIN given without --pin is read from the first line of stdin (so it stays out of the shell
 * history and the process list); it must pass the PIN policy (6–12 digits, not guessable).
 *
 * Storage: --database-url (PostgreSQL, many processes may share it) or --data DIR (PGlite,
 * default `.data/gateway`). A PGlite directory is single-process: while `serve` holds it, the
 * other commands go through its loopback admin endpoints (see src/gateway/datadir.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { parseArgs } from 'node:util';
import {
  adminAttachmentsPath, ErrorBody, fileErasePath, FileEraseRequest, Sha256Hex,
  AdminAccountCreate, adminAccountPath, type AdminAccountSummary, adminStaffPath, DeviceKind, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, StaffCreateRequest, StaffRole,
} from '../shared/protocol';
import { createGateway, openStorage, type StorageOptions } from '../gateway/gateway';
import { DirectoryFileStore, type FileStore } from '../gateway/files/store';
import { bilingual } from '../shared/messages/catalog';
import { issuesText } from '../shared/messages/issues';
import { bridgeIssues } from '../shared/bridge/error';
import { acquire, pgliteDir, updateLock, type LockInfo } from '../gateway/datadir';
import type { Db } from '../gateway/db/types';
import { createAdminToken, createEnrollCode, requireAgency } from '../gateway/store/devices';
import { createStaff, listStaff, setStaffActive, setStaffPin } from '../gateway/store/staff';
import {
  adminAccountIdByUsername, checkPasswordPolicy, createAdminAccount, disableAdminAccount, enableAdminAccount, resetAdminPassword,
} from '../gateway/store/console';
import { GatewayError } from '../gateway/errors';
import { adminAttachments, eraseFile } from '../gateway/store/files';
import { ensureMeta } from '../gateway/store/meta';
import { newId } from '../gateway/crypto';
import { seedCatalog, seedDemo, seedDossiers, seedStaff } from '../gateway/demo/seed';
import { nationalPortalAdapter, portalConfigFromEnv, type PortalConfig } from '../gateway/adapters/national-portal';

const DEFAULT_DATA = '.data/gateway';
const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v)}\n`);
/** A refused input's problems in both languages (zod's own locales: src/shared/messages/issues.ts). */
function inputProblems(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[]): string {
  const carried = bridgeIssues(issues);
  return `${issuesText(carried, 'vi')} / ${issuesText(carried, 'en')}`;
}

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const USAGE = [
  'Cách dùng / usage: npm run --silent gateway -- <command> [options]',
  '  serve [--port N] [--host H] [--data DIR | --database-url URL | --memory] [--seed demo] [--files DIR|s3://BUCKET/PREFIX]',
  '        [--tls-cert FILE --tls-key FILE | --trust-proxy ADDRS]   (HTTPS: tự mã hóa, hoặc sau proxy / terminate TLS here, or behind a proxy at ADDRS)',
  '  enroll-code --agency CODE [--kind counter|kiosk] [--counter NAME] [--ttl-minutes N]',
  '  seed demo | admin-token [--label L] | reset-epoch   (admin-token, reset-epoch: dừng cổng đang chạy trước / stop a running gateway first)',
  `  ${'admin create --username U --role province|agency [--agency CODE] | admin disable|enable|reset-password --username U   (mật khẩu / password: stdin)'}`,
  '  staff list [--agency CODE] | staff add --agency CODE --name N --role counter|leader|technician | staff set-pin|deactivate|activate --staff ID',
  '  files attachments --dossier CODE | files erase --sha256 HASH --reason TEXT   (tệp gắn nhầm đã thu hồi / a withdrawn file\'s bytes; [--files DIR|s3://…])',
  'Với cổng đang chạy (gateway serve, npm start), lệnh đi qua cổng đó / with a running gateway, commands go through it. docs/SYNC-PROTOCOL.md §10.',
].join('\n');

function parseCommandLine() {
  try {
    return parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, 'database-url': { type: 'string' },
    memory: { type: 'boolean' }, seed: { type: 'string' }, 'log-level': { type: 'string' }, agency: { type: 'string' },
    counter: { type: 'string' }, 'ttl-minutes': { type: 'string' }, dossiers: { type: 'string' },
    'rate-limit': { type: 'string' }, 'enroll-rate-limit': { type: 'string' }, 'feed-cache-mb': { type: 'string' }, 'file-gc-days': { type: 'string' }, kind: { type: 'string' }, label: { type: 'string' },
    staff: { type: 'string' }, pin: { type: 'string' }, name: { type: 'string' }, title: { type: 'string' }, role: { type: 'string' },
    id: { type: 'string' }, 'revoke-keys': { type: 'boolean' }, files: { type: 'string' }, username: { type: 'string' },
    's3-endpoint': { type: 'string' }, dossier: { type: 'string' }, sha256: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'trust-proxy': { type: 'string' },
  },
    });
  } catch (err) {
    // An unknown or malformed option: what was wrong and how to call it, not a stack trace.
    return die(`${(err as Error).message}\n${USAGE}`);
  }
}
const { positionals, values } = parseCommandLine();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const command = positionals[0];
const dataDir = values.data ?? DEFAULT_DATA;

function storage(): StorageOptions {
  if (values['database-url']) return { kind: 'pg', url: values['database-url'] };
  if (values.memory) return { kind: 'pglite' };
  return { kind: 'pglite', dataDir: pgliteDir(dataDir) };
}

async function viaServer<T>(holder: LockInfo, path: string, body: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  if (!holder.url || !holder.adminToken) die(`Thư mục dữ liệu đang được tiến trình ${holder.pid} dùng / data directory busy (pid ${holder.pid})`, 3);
  const res = await fetch(holder.url + path, {
    method,
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      authorization: `Bearer ${holder.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    },
    body: method === 'POST' ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T;
  if (!res.ok) {
    // The gateway's refusal in both languages, as a refusal on the storage directly is shown.
    const e = ErrorBody.safeParse(json);
    if (e.success) {
      const { code, message, details } = e.data.error;
      die(`gateway: ${res.status} ${code}: ${message.vi} / ${message.en}${details === undefined ? '' : ` ${JSON.stringify(details)}`}`, 1);
    }
    die(`gateway: ${res.status} ${JSON.stringify(json)}`, 1);
  }
  return json;
}

/** Runs `fn` on the storage directly, or returns null when a live `serve` holds the data directory. */
async function direct<T>(fn: (db: Db) => Promise<T>): Promise<{ value: T } | { holder: LockInfo }> {
  const s = storage();
  let release = (): void => undefined;
  if (s.kind === 'pglite' && s.dataDir) {
    for (let i = 0; ; i++) {
      const lock = acquire(dataDir, { role: 'cli' });
      if (lock.ok) {
        release = lock.release;
        break;
      }
      if (lock.holder.role === 'serve') return { holder: lock.holder };
      if (i > 100) die(`data directory busy (pid ${lock.holder.pid})`, 3);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const db = await openStorage(s);
    try {
      await ensureMeta(db);
      return { value: await fn(db) };
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/**
 * `npm run` starts `sh -c "tsx …"`, and dash neither execs nor forwards signals: a SIGTERM sent
 * to npm kills the shell and leaves tsx and this server running. So the server also stops
 * (gracefully) when the process that launched its parent goes away. Linux /proc only.
 */
function watchLauncher(onGone: () => void): void {
  const ppidOf = (pid: number): number | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  };
  const parent = process.ppid;
  const launcher = ppidOf(parent);
  if (launcher === null || launcher <= 1) return;
  setInterval(() => {
    if (process.ppid !== parent || ppidOf(parent) !== launcher) onGone();
  }, 500).unref();
}

/** `--files`: a folder, or `s3://bucket/prefix` (object storage); undefined: the default. */
async function fileStore(): Promise<FileStore | undefined> {
  const spec = values.files;
  if (spec === undefined) {
    if (values['s3-endpoint'] !== undefined) die('--s3-endpoint URL goes with --files s3://BUCKET[/PREFIX]');
    return undefined;
  }
  if (!spec.startsWith('s3:')) return new DirectoryFileStore(spec);
  // The S3 client is loaded only when asked for.
  const { S3FileStore, s3OptionsFromUrl } = await import('../gateway/files/s3');
  const s3 = s3OptionsFromUrl(spec, values['s3-endpoint']);
  if (!s3) die('--files s3://BUCKET[/PREFIX]');
  if (s3.endpoint !== undefined && !URL.canParse(s3.endpoint)) die('--s3-endpoint URL (KIOSK_S3_ENDPOINT): not a URL');
  if (s3.endpoint !== undefined && (new URL(s3.endpoint).username || new URL(s3.endpoint).password)) {
    die('--s3-endpoint URL: credentials go in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, not in the URL');
  }
  return new S3FileStore(s3);
}

async function serve(): Promise<void> {
  const port = Number(values.port ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) die('--port N');
  const s = storage();
  const files = await fileStore();
  const held = s.kind === 'pglite' && s.dataDir !== undefined;
  let release = (): void => undefined;
  if (held) {
    const lock = acquire(dataDir, { role: 'serve' });
    if (!lock.ok) die(`Thư mục dữ liệu đang được dùng / data directory in use by pid ${lock.holder.pid}`, 3);
    release = lock.release;
  }
  const adminEnv = process.env.KIOSK_GATEWAY_ADMIN_TOKEN;
  const gcDays = values['file-gc-days'] ?? process.env.KIOSK_FILE_GC_DAYS;
  if (gcDays !== undefined && !(Number.isFinite(Number(gcDays)) && Number(gcDays) >= 0 && gcDays.trim() !== '')) {
    release();
    die('--file-gc-days N (KIOSK_FILE_GC_DAYS): a number of days, 0 or more');
  }
  // HTTPS: the gateway terminates TLS itself, or believes the proxy at these addresses that does.
  let tls: { key: Buffer; cert: Buffer } | undefined;
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    release();
    die('--tls-cert FILE và --tls-key FILE đi cùng nhau / --tls-cert FILE and --tls-key FILE go together');
  }
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
    try {
      tls = { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) };
      createSecureContext(tls);
    } catch (err) {
      release();
      die(`Không đọc được chứng chỉ hoặc khóa TLS / cannot use the TLS certificate or key: ${(err as Error).message}`, 1);
    }
  }
  const trustProxy = values['trust-proxy'];
  if (trustProxy !== undefined && !trustProxy.split(',').every((a) => isIP(a.trim().split('/')[0] ?? '') !== 0)) {
    release();
    die('--trust-proxy ADDRS: địa chỉ IP hoặc CIDR, cách nhau bởi dấu phẩy / IP addresses or CIDRs, comma-separated');
  }
  let portal: PortalConfig | null = null;
  try {
    portal = portalConfigFromEnv(process.env);
  } catch (err) {
    release();
    die(`Cấu hình cổng dịch vụ công / national portal settings: ${(err as Error).message}`);
  }
  const gw = await createGateway({
    adapters: portal ? [nationalPortalAdapter(portal)] : [],
    storage: s,
    // Attached files' bytes: `--files DIR`, else `<data dir>/files` with PGlite in a folder, else
    // (PostgreSQL without --files, --memory) a temporary folder removed at exit.
    ...(files ? { files } : {}),
    logger: { level: values['log-level'] ?? 'info', stream: process.stderr },
    adminTokens: adminEnv ? [adminEnv] : [],
    demoAdmin: s.kind === 'pglite',
    ...(tls ? { tls } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    rateLimitPerMinute: values['rate-limit'] ? Number(values['rate-limit']) : undefined,
    strictRateLimitPerMinute: values['enroll-rate-limit'] ? Number(values['enroll-rate-limit']) : undefined,
    // Built feed pages held by this process (store/feed-cache.ts); 0 turns the cache off.
    ...(values['feed-cache-mb'] !== undefined ? { feedCache: { maxBytes: Math.max(0, Number(values['feed-cache-mb']) || 0) * 1024 * 1024 } } : {}),
    // Abandoned uploads: removed after this many days untouched (0: never).
    ...(gcDays !== undefined ? { fileCollection: { maxAgeDays: Number(gcDays) } } : {}),
  }).catch((err: unknown) => {
    release();
    die(`gateway: ${(err as Error).message}`, 1);
  });
  // Object storage that does not answer yet: the gateway serves anyway (sync goes on, chunks are
  // answered 503 storage-unavailable and sent again); the operator sees why, without credentials.
  await files?.check?.().catch((err: unknown) => {
    process.stderr.write(`${bilingual('gateway', 'storage-unavailable')}: ${JSON.stringify((err as { cause?: unknown }).cause ?? (err as Error).message)}\n`);
  });
  if (values.seed === 'demo') await seedDemo(gw.db);
  else if (values.seed !== undefined) die('--seed demo');
  const { token: sessionToken } = await createAdminToken(gw.db, `serve-${newId()}`);
  const url = await gw.listen(port, values.host ?? '127.0.0.1');
  if (held) updateLock(dataDir, { role: 'serve', url, adminToken: sessionToken });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await gw.db.query('delete from admin_tokens where token_hash = encode(sha256(convert_to($1, \'UTF8\')), \'hex\')', [sessionToken]).catch(() => undefined);
      await gw.close();
      release();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  watchLauncher(stop);
  out({ listening: url });
}

/** The PIN from --pin, else the first line of stdin. */
async function readPin(): Promise<string> {
  if (values.pin !== undefined) return values.pin;
  return (await firstLine()).trim();
}

async function firstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

const ADMIN_USAGE = 'admin create --username U --role province|agency [--agency CODE] | admin disable|enable|reset-password --username U   (mật khẩu / password: stdin)';

/**
 * `admin disable|enable|reset-password`: one account by its username, acted on as `cli` in the
 * audit log (through the running server's loopback admin token when it holds the data directory).
 */
async function adminAccountCommand(sub: 'disable' | 'enable' | 'reset-password'): Promise<void> {
  const username = values.username;
  if (!username) die(ADMIN_USAGE);
  const password = sub === 'reset-password' ? await firstLine() : null;
  if (password !== null) {
    try {
      checkPasswordPolicy(password);
    } catch (err) {
      if (err instanceof GatewayError) die(`admin reset-password: password: ${err.localized.vi} / ${err.localized.en}`);
      throw err;
    }
  }
  const unknown = (): never => die(`admin ${sub}: không có tài khoản / no account "${username}"`, 1);
  const r = await direct(async (db) => {
    const id = await adminAccountIdByUsername(db, username);
    if (id === null) return null;
    if (sub === 'disable') return disableAdminAccount(db, id, 'cli', null);
    if (sub === 'enable') return enableAdminAccount(db, id, 'cli');
    return resetAdminPassword(db, id, password!, 'cli', null);
  });
  if ('value' in r) {
    out(r.value ?? unknown());
    return;
  }
  const { accounts } = await viaServer<{ accounts: AdminAccountSummary[] }>(r.holder, PATHS.adminAccounts, undefined, 'GET');
  const id = accounts.find((a) => a.username === username)?.id ?? unknown();
  out(await viaServer(r.holder, adminAccountPath(id, sub === 'reset-password' ? 'password' : sub), sub === 'reset-password' ? { password } : {}));
}

/** `admin create`: the first console account (or another); the password from stdin only. */
async function adminCommand(): Promise<void> {
  const sub = positionals[1];
  if (sub === 'disable' || sub === 'enable' || sub === 'reset-password') return adminAccountCommand(sub);
  if (sub !== 'create') die(ADMIN_USAGE);
  const password = await firstLine();
  // The password policy's own words in both languages (as reset-password shows them), not the schema's.
  try {
    checkPasswordPolicy(password);
  } catch (err) {
    if (err instanceof GatewayError) die(`admin create: password: ${err.localized.vi} / ${err.localized.en}`);
    throw err;
  }
  const parsed = AdminAccountCreate.safeParse({ username: values.username, role: values.role, agency: values.agency ?? null, password });
  if (!parsed.success) die(`admin create: ${inputProblems(parsed.error.issues)}`);
  const req = parsed.data;
  // As the console's route: an agency admin of an agency the province has (an enrollment code brings one in).
  const r = await direct(async (db) => {
    if (req.agency) await requireAgency(db, req.agency, { newIfWellFormed: false });
    return createAdminAccount(db, req, 'cli');
  });
  out('value' in r ? r.value : await viaServer(r.holder, PATHS.adminAccounts, req));
}

async function staffCommand(): Promise<void> {
  const sub = positionals[1];
  if (sub === 'list') {
    const agency = values.agency;
    const r = await direct((db) => listStaff(db, agency));
    out('value' in r ? { staff: r.value } : { staff: (await viaServer<{ staff: unknown[] }>(r.holder, `${PATHS.adminStaff}${agency ? `?agency=${encodeURIComponent(agency)}` : ''}`, undefined, 'GET')).staff });
    return;
  }
  if (sub === 'add') {
    const role = StaffRole.safeParse(values.role);
    if (!values.agency || !values.name || !role.success) die('staff add --agency CODE --name N --role counter|leader|technician [--title T] [--id ID] [--pin N]');
    const parsed = StaffCreateRequest.safeParse({ id: values.id, agency: values.agency, name: values.name, title: values.title ?? '', role: role.data, pin: await readPin() });
    if (!parsed.success) die(`staff add: ${inputProblems(parsed.error.issues)}`);
    const req = parsed.data;
    const r = await direct(async (db) => {
      await requireAgency(db, req.agency, { newIfWellFormed: false });
      return createStaff(db, req, 'cli');
    });
    out('value' in r ? r.value : await viaServer(r.holder, PATHS.adminStaff, req));
    return;
  }
  const id = values.staff;
  if (!id || !['set-pin', 'deactivate', 'activate'].includes(sub ?? '')) die('staff list|add|set-pin|deactivate|activate --staff ID …');
  if (sub === 'set-pin') {
    const pin = await readPin();
    const revokeKeys = values['revoke-keys'] === true;
    const r = await direct((db) => setStaffPin(db, id, pin, { revokeKeys }, 'cli'));
    out('value' in r ? r.value : await viaServer(r.holder, adminStaffPath(id, 'pin'), { pin, revokeKeys }));
    return;
  }
  const active = sub === 'activate';
  const r = await direct((db) => setStaffActive(db, id, active, 'cli'));
  out('value' in r ? r.value : await viaServer(r.holder, adminStaffPath(id, active ? 'activate' : 'deactivate'), {}));
}

const FILES_USAGE = 'files attachments --dossier CODE | files erase --sha256 HASH --reason TEXT [--files DIR|s3://BUCKET/PREFIX]';

/**
 * `files attachments`: a dossier's attachments as the record holds them (withdrawn and erased
 * ones too). `files erase`: the bytes of a file every attachment of which an officer withdrew
 * (store/files.ts eraseFile), as `cli` in the audit log; on the stopped gateway's storage it
 * needs the same file store `serve` uses (`--files`, else `<data>/files`).
 */
async function filesCommand(): Promise<void> {
  const sub = positionals[1];
  if (sub === 'attachments') {
    const code = values.dossier;
    if (!code) die(FILES_USAGE);
    const r = await direct(async (db) => (await adminAttachments(db, code))?.attachments ?? null);
    const list = 'value' in r ? r.value : (await viaServer<{ attachments: unknown[] }>(r.holder, adminAttachmentsPath(code), undefined, 'GET')).attachments;
    if (list === null) die(`files attachments: không có hồ sơ / no dossier "${code}"`, 1);
    out({ dossier: code, attachments: list });
    return;
  }
  if (sub !== 'erase') die(FILES_USAGE);
  const sha = Sha256Hex.safeParse(values.sha256 ?? '');
  const req = FileEraseRequest.safeParse({ reason: values.reason ?? '' });
  if (!sha.success || !req.success) die(`files erase: --sha256 (64 hex) --reason TEXT (1–500)\n${FILES_USAGE}`);
  const s = storage();
  const files = await fileStore() ?? (s.kind === 'pglite' && s.dataDir ? new DirectoryFileStore(join(s.dataDir, 'files')) : null);
  const r = await direct(async (db) => {
    if (!files) die('files erase: --files DIR|s3://BUCKET/PREFIX (where this gateway keeps files)');
    try {
      return await eraseFile(db, files, sha.data, 'cli', req.data.reason);
    } finally {
      await files.close();
    }
  });
  out('value' in r ? r.value : await viaServer(r.holder, fileErasePath(sha.data), req.data));
}

async function main(): Promise<void> {
  switch (command) {
    case 'serve':
      return serve();
    case 'enroll-code': {
      if (!values.agency) die('--agency CODE');
      const kind = DeviceKind.safeParse(values.kind ?? 'counter');
      if (!kind.success) die('--kind counter|kiosk');
      const req = { agency: values.agency, kind: kind.data, counter: values.counter, ttlMinutes: values['ttl-minutes'] ? Number(values['ttl-minutes']) : undefined };
      // As the console's route: a well-formed new agency code brings the agency in; a typo is refused.
      const r = await direct(async (db) => {
        await requireAgency(db, req.agency, { newIfWellFormed: true });
        return createEnrollCode(db, req, 'cli');
      });
      out('value' in r ? r.value : await viaServer(r.holder, PATHS.adminEnrollCodes, req));
      return;
    }
    case 'staff':
      return staffCommand();
    case 'files':
      return filesCommand();
    case 'admin':
      return adminCommand();
    case 'seed': {
      const n = Number(values.dossiers ?? 'NaN');
      if (!values.agency || !Number.isInteger(n) || n < 0) die('--agency CODE --dossiers N');
      const agency = values.agency;
      const seed = values.seed ? Number(values.seed) : undefined;
      const r = await direct(async (db) => {
        await seedCatalog(db);
        await seedStaff(db, agency);
        return { agency, dossiers: await seedDossiers(db, agency, n, { seed }) };
      });
      out('value' in r ? r.value : await viaServer(r.holder, '/v1/admin/seed', { agency, dossiers: n, seed }));
      return;
    }
    case 'admin-token': {
      const label = values.label ?? `cli-${new Date().toISOString()}`;
      if (label.length > 200) die('--label: at most 200 characters');
      const r = await direct((db) => createAdminToken(db, label));
      if (!('value' in r)) die('Hãy dừng cổng đang chạy trước, hoặc dùng mã trong tệp gateway.lock của nó / stop the server first, or use the token in its gateway.lock', 3);
      out(r.value);
      return;
    }
    case 'reset-epoch': {
      const r = await direct(async (db) => {
        const epoch = newId();
        await db.query(`update meta set value = $1 where key = 'epoch'`, [epoch]);
        return { epoch };
      });
      if (!('value' in r)) die('Hãy dừng cổng đang chạy trước / stop the server first', 3);
      out(r.value);
      return;
    }
    default:
      die(USAGE);
  }
}

// A refusal of the gateway's store (a PIN the policy refuses, an unknown officer) is shown in
// both languages, after the storage was closed and the data directory released.
main().catch((err: unknown) => die(err instanceof GatewayError
  ? `gateway: ${err.code}: ${err.localized.vi} / ${err.localized.en}${err.details === undefined ? '' : ` ${JSON.stringify(err.details)}`}`
  : `gateway: ${(err as Error).message}`, 1));
