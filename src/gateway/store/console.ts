/**
 * The province console's accounts and sessions (docs/SECURITY.md §8). Passwords are hashed with
 * scrypt (N=2^15, r=8, p=1, 16-byte salt, 32-byte key); 20 wrong passwords in a row lock the
 * account for 15 minutes; a session is a 256-bit cookie stored as SHA-256 beside its CSRF token,
 * ending after 30 idle minutes or 12 hours. Account creation, every sign-in and every change to an
 * account (disable, enable, password reset or change, unlock) are audited (never a password or a
 * cookie). Disabling an account or resetting its password ends its sessions at once.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db, Queryable } from '../db/types';
import {
  LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS,
  AdminPassword, type AdminAccountCreate, type AdminAccountSummary, type AdminRole, type SessionInfo,
} from '../../shared/protocol';
import { newId, newToken, sha256hex } from '../crypto';
import { forbidden, GatewayError } from '../errors';
import { ensureAgency } from './devices';
import { audit, type Actor } from './audit';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const scrypt = (password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, 32, o, (err, key) => (err ? reject(err) : resolve(key))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return got.length === want.length && timingSafeEqual(got, want);
}
/** Compared against when the username is unknown, so both answers take as long. */
let dummyHash: Promise<string> | null = null;

/** Who is acting on an admin route: an account's session or a bearer token (always `province`). */
export interface AdminPrincipal {
  /** For the audit log: `account:<username>`, an admin token's id, or `env`. */
  actor: Actor;
  role: AdminRole;
  /** The agency of an `agency` admin; null for `province`. */
  agency: string | null;
  /** Set for a cookie session: state-changing calls must carry this CSRF token. */
  csrfToken?: string;
  /** A cookie session's details (who, until when, its CSRF token). */
  session?: SessionInfo;
}

interface AccountRow {
  id: string; username: string; password_hash: string; role: AdminRole; agency_code: string | null;
  created_at: Date; last_login_at: Date | null; failed_logins: number; locked_until: Date | null; disabled_at: Date | null;
  must_change_password: boolean;
}

const summary = (r: AccountRow): AdminAccountSummary => ({
  id: r.id, username: r.username, role: r.role, agency: r.agency_code, createdAt: r.created_at.toISOString(),
  lastLoginAt: r.last_login_at?.toISOString() ?? null, lockedUntil: r.locked_until?.toISOString() ?? null,
  disabledAt: r.disabled_at?.toISOString() ?? null, mustChangePassword: r.must_change_password,
});

/**
 * A new account. `mustChangePassword`: the password was chosen by the admin creating it in the
 * console, so its user chooses their own at the first sign-in (as after a reset); an operator's
 * command line or automation token decides for itself (the first admin creates its own account).
 */
export async function createAdminAccount(db: Db, req: AdminAccountCreate, actor: Actor, mustChangePassword = false): Promise<AdminAccountSummary> {
  const hash = await hashPassword(req.password);
  const id = newId();
  return db.transaction(async (tx) => {
    if ((await tx.query('select 1 from admin_accounts where username = $1', [req.username])).length > 0) {
      throw new GatewayError('validation', { fieldErrors: { username: ['taken'] }, formErrors: [], message: 'username taken' });
    }
    if (req.agency) await ensureAgency(tx, req.agency);
    const rows = await tx.query<AccountRow>(
      `insert into admin_accounts (id, username, password_hash, role, agency_code, must_change_password) values ($1, $2, $3, $4, $5, $6) returning *`,
      [id, req.username, hash, req.role, req.agency, mustChangePassword]);
    await audit(tx, actor, 'admin-account.create', req.username, { role: req.role, agency: req.agency, mustChangePassword });
    return summary(rows[0]!);
  });
}

export async function listAdminAccounts(q: Queryable, agency: string | null): Promise<AdminAccountSummary[]> {
  const rows = await q.query<AccountRow>(
    'select * from admin_accounts where ($1::text is null or agency_code = $1) order by username', [agency]);
  return rows.map(summary);
}

export interface NewSession { token: string; info: SessionInfo }

/**
 * Checks a username and password. A wrong password counts towards the lockout (20 in a row lock
 * the account for 15 minutes, and while locked even the right password is refused); the right
 * one resets the count and opens a session.
 */
export async function login(db: Db, username: string, password: string, now = new Date()): Promise<NewSession> {
  const rows = await db.query<AccountRow>('select * from admin_accounts where username = $1', [username]);
  const a = rows[0];
  if (!a) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await dummyHash);
    throw new GatewayError('login-failed');
  }
  if (a.disabled_at) {
    // Only the right password learns that the account is disabled; a wrong one is any wrong password.
    if (await verifyPassword(password, a.password_hash)) throw new GatewayError('account-disabled');
    throw new GatewayError('login-failed');
  }
  if (a.locked_until && a.locked_until.getTime() > now.getTime()) {
    throw new GatewayError('account-locked', { until: a.locked_until.toISOString() });
  }
  if (!(await verifyPassword(password, a.password_hash))) {
    const upd = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      `update admin_accounts set failed_logins = failed_logins + 1,
         locked_until = case when failed_logins + 1 >= $2 then $3::timestamptz else locked_until end
       where id = $1 returning failed_logins, locked_until`,
      [a.id, LOGIN_MAX_FAILURES, new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000)]);
    const u = upd[0];
    if (u && u.failed_logins >= LOGIN_MAX_FAILURES) {
      // The count starts again after the lock, so a further 20 wrong passwords lock it again.
      await db.transaction(async (tx) => {
        await tx.query('update admin_accounts set failed_logins = 0 where id = $1', [a.id]);
        await audit(tx, `account:${a.username}`, 'admin-account.locked', a.username, { until: u.locked_until?.toISOString() ?? null });
      });
      throw new GatewayError('account-locked', { until: u.locked_until?.toISOString() ?? null });
    }
    throw new GatewayError('login-failed');
  }
  const token = newToken();
  const csrf = newToken();
  const expires = new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000);
  const idle = new Date(now.getTime() + SESSION_IDLE_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx.query('update admin_accounts set failed_logins = 0, locked_until = null, last_login_at = $2 where id = $1', [a.id, now]);
    await tx.query('insert into admin_sessions (token_hash, account_id, csrf_token, expires_at, idle_until) values ($1, $2, $3, $4, $5)',
      [sha256hex(token), a.id, csrf, expires, idle]);
    // Sessions that ended are dropped as new ones begin.
    await tx.query('delete from admin_sessions where account_id = $1 and (expires_at <= $2 or idle_until <= $2)', [a.id, now]);
    await audit(tx, `account:${a.username}`, 'admin-session.create', a.username);
  });
  return {
    token,
    info: { username: a.username, role: a.role, agency: a.agency_code, csrfToken: csrf, expiresAt: idle.toISOString(), mustChangePassword: a.must_change_password },
  };
}

/** The principal of a session cookie, or null (unknown, ended, or its account disabled). Slides the idle expiry. */
export async function authenticateSession(db: Db, token: string, now = new Date()): Promise<AdminPrincipal | null> {
  const idle = new Date(Math.min(now.getTime() + SESSION_IDLE_MINUTES * 60_000, Number.MAX_SAFE_INTEGER));
  const rows = await db.query<{ username: string; role: AdminRole; agency_code: string | null; csrf_token: string; expires_at: Date; idle_until: Date; must_change_password: boolean }>(
    `update admin_sessions s set idle_until = least($3::timestamptz, s.expires_at)
     from admin_accounts a
     where s.token_hash = $1 and a.id = s.account_id and a.disabled_at is null and s.expires_at > $2 and s.idle_until > $2
     returning a.username, a.role, a.agency_code, s.csrf_token, s.expires_at, s.idle_until, a.must_change_password`,
    [sha256hex(token), now, idle]);
  const r = rows[0];
  if (!r) return null;
  return {
    actor: `account:${r.username}`, role: r.role, agency: r.agency_code, csrfToken: r.csrf_token,
    session: {
      username: r.username, role: r.role, agency: r.agency_code, csrfToken: r.csrf_token, expiresAt: r.idle_until.toISOString(),
      mustChangePassword: r.must_change_password,
    },
  };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('delete from admin_sessions where token_hash = $1', [sha256hex(token)]);
}

/** The console password policy (AdminPassword: 12 to 256 characters), as `password-policy`. */
export function checkPasswordPolicy(password: string): void {
  if (!AdminPassword.safeParse(password).success) throw new GatewayError('password-policy', { min: 12, max: 256 });
}

/** An account's id, username, role and agency (for the route's agency check), or null. */
export async function adminAccountRef(q: Queryable, id: string): Promise<{ id: string; username: string; role: AdminRole; agency: string | null } | null> {
  const r = (await q.query<AccountRow>('select * from admin_accounts where id = $1', [id]))[0];
  return r ? { id: r.id, username: r.username, role: r.role, agency: r.agency_code } : null;
}

export async function adminAccountIdByUsername(q: Queryable, username: string): Promise<string | null> {
  return (await q.query<{ id: string }>('select id from admin_accounts where username = $1', [username]))[0]?.id ?? null;
}

/** Locks the account's row for the transaction; not found is 404. */
async function lockedAccount(tx: Queryable, id: string): Promise<AccountRow> {
  const r = (await tx.query<AccountRow>('select * from admin_accounts where id = $1 for update', [id]))[0];
  if (!r) throw new GatewayError('not-found');
  return r;
}

async function endSessions(tx: Queryable, accountId: string, keepTokenHash: string | null = null): Promise<number> {
  const rows = await tx.query('delete from admin_sessions where account_id = $1 and ($2::text is null or token_hash <> $2) returning 1', [accountId, keepTokenHash]);
  return rows.length;
}

/**
 * Disables an account: it cannot sign in (`account-disabled`) and its sessions end at once. The
 * acting account cannot disable itself (`self`), and the last active `province` account cannot be
 * disabled (`last-province`): the province rows are locked so two admins disabling the last two at
 * once cannot both succeed.
 */
export async function disableAdminAccount(db: Db, id: string, actor: Actor, actingUsername: string | null, now = new Date()): Promise<AdminAccountSummary> {
  return db.transaction(async (tx) => {
    const a = await lockedAccount(tx, id);
    if (actingUsername !== null && a.username === actingUsername) throw forbidden('self');
    if (a.disabled_at) return summary(a);
    if (a.role === 'province') {
      const active = await tx.query<{ id: string }>("select id from admin_accounts where role = 'province' and disabled_at is null order by id for update");
      if (active.filter((x) => x.id !== a.id).length === 0) throw forbidden('last-province');
    }
    const rows = await tx.query<AccountRow>('update admin_accounts set disabled_at = $2 where id = $1 returning *', [id, now]);
    const ended = await endSessions(tx, id);
    await audit(tx, actor, 'admin-account.disable', a.username, { role: a.role, agency: a.agency_code, sessionsEnded: ended });
    return summary(rows[0]!);
  });
}

/** Enables a disabled account again (the count of wrong passwords starts again). */
export async function enableAdminAccount(db: Db, id: string, actor: Actor): Promise<AdminAccountSummary> {
  return db.transaction(async (tx) => {
    const a = await lockedAccount(tx, id);
    if (!a.disabled_at) return summary(a);
    const rows = await tx.query<AccountRow>('update admin_accounts set disabled_at = null, failed_logins = 0 where id = $1 returning *', [id]);
    await audit(tx, actor, 'admin-account.enable', a.username, { role: a.role, agency: a.agency_code });
    return summary(rows[0]!);
  });
}

/**
 * Another admin sets a new password: the account's sessions end, its lockout is cleared, and it
 * must choose its own password at its next sign-in (the one set here is known to the admin who
 * set it) before the console does anything else for it.
 */
export async function resetAdminPassword(db: Db, id: string, password: string, actor: Actor, actingUsername: string | null): Promise<AdminAccountSummary> {
  checkPasswordPolicy(password);
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const a = await lockedAccount(tx, id);
    // One's own password is changed with the current one (changeOwnPassword), never reset.
    if (actingUsername !== null && a.username === actingUsername) throw forbidden('self');
    const rows = await tx.query<AccountRow>(
      'update admin_accounts set password_hash = $2, failed_logins = 0, locked_until = null, must_change_password = true where id = $1 returning *', [id, hash]);
    const ended = await endSessions(tx, id);
    await audit(tx, actor, 'admin-account.password-reset', a.username, { role: a.role, agency: a.agency_code, sessionsEnded: ended });
    return summary(rows[0]!);
  });
}

/** Clears a lockout (and the count of wrong passwords) before its 15 minutes are over. */
export async function unlockAdminAccount(db: Db, id: string, actor: Actor): Promise<AdminAccountSummary> {
  return db.transaction(async (tx) => {
    const a = await lockedAccount(tx, id);
    const rows = await tx.query<AccountRow>('update admin_accounts set failed_logins = 0, locked_until = null where id = $1 returning *', [id]);
    await audit(tx, actor, 'admin-account.unlock', a.username, { role: a.role, agency: a.agency_code, wasLocked: a.locked_until !== null && a.locked_until > new Date() });
    return summary(rows[0]!);
  });
}

/**
 * A signed-in account changes its own password: the current one must be right (a wrong one counts
 * towards the lockout as at sign-in, so a session left open cannot be used to guess it) and the new
 * one must differ from it (403 `same-password`: after a reset, keeping the password the
 * resetting admin chose is no change); the session making the change stays, the account's other
 * sessions end, and a change required by a reset is done.
 */
export async function changeOwnPassword(db: Db, username: string, sessionToken: string, current: string, next: string, now = new Date()): Promise<AdminAccountSummary> {
  checkPasswordPolicy(next);
  const a = (await db.query<AccountRow>('select * from admin_accounts where username = $1 and disabled_at is null', [username]))[0];
  if (!a) throw new GatewayError('unauthorized');
  if (a.locked_until && a.locked_until.getTime() > now.getTime()) throw new GatewayError('account-locked', { until: a.locked_until.toISOString() });
  if (!(await verifyPassword(current, a.password_hash))) {
    const u = (await db.query<{ failed_logins: number }>(
      `update admin_accounts set failed_logins = failed_logins + 1,
         locked_until = case when failed_logins + 1 >= $2 then $3::timestamptz else locked_until end
       where id = $1 returning failed_logins`,
      [a.id, LOGIN_MAX_FAILURES, new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000)]))[0];
    if (u && u.failed_logins >= LOGIN_MAX_FAILURES) {
      await db.transaction(async (tx) => {
        await tx.query('update admin_accounts set failed_logins = 0 where id = $1', [a.id]);
        await audit(tx, `account:${a.username}`, 'admin-account.locked', a.username, { via: 'password-change' });
      });
    }
    throw forbidden('current-password');
  }
  if (next.normalize('NFC') === current.normalize('NFC')) throw forbidden('same-password');
  const hash = await hashPassword(next);
  return db.transaction(async (tx) => {
    const rows = await tx.query<AccountRow>(
      'update admin_accounts set password_hash = $2, failed_logins = 0, must_change_password = false where id = $1 returning *', [a.id, hash]);
    const ended = await endSessions(tx, a.id, sha256hex(sessionToken));
    await audit(tx, `account:${a.username}`, 'admin-account.password-change', a.username, { sessionsEnded: ended, required: a.must_change_password });
    return summary(rows[0]!);
  });
}
