/**
 * The console's admin accounts over HTTP, on PGlite and PostgreSQL (docs/SECURITY.md §8):
 * disable (its sessions end at once, sign-in refused with `account-disabled`; not oneself, not
 * the last active province account), enable, reset another's password (sessions end, lockout
 * cleared), change one's own (current password needed; this session stays, the others end),
 * unlock; after a reset, the account's own new password before anything else (403
 * password-change-required, a new password equal to the given one refused with same-password);
 * the agency boundary, CSRF, the password policy's translated message, and the audit log
 * (who, whom, what, never a password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { STORAGES } from './storages';
import { createAdminAccount } from '../../src/gateway/store/console';
import { adminAccountPath, CSRF_HEADER, LOGIN_MAX_FAILURES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE } from '../../src/shared/protocol';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';

const A = DEMO_AGENCIES[0]!.code;
const B = DEMO_AGENCIES[1]!.code;
const PASSWORD = 'mat-khau-thu-nghiem-1';
const NEW_PASSWORD = 'mot-cau-mat-khau-moi-2026';
const OWN_PASSWORD = 'mat-khau-cua-rieng-toi-3';

interface Session { cookie: string; csrf: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
type Loose = any;

async function signIn(url: string, username: string, password = PASSWORD): Promise<{ status: number; body: Loose; session: Session | null }> {
  const res = await fetch(`${url}${PATHS.adminSession}`, {
    method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json() as Loose;
  const m = new RegExp(`${SESSION_COOKIE}=([A-Za-z0-9_-]+)`).exec(res.headers.get('set-cookie') ?? '');
  return { status: res.status, body, session: res.ok && m ? { cookie: `${SESSION_COOKIE}=${m[1]}`, csrf: body.csrfToken } : null };
}

function as(url: string, s: Session, csrf: string | null = s.csrf) {
  const api = apiClient(url);
  return (method: string, path: string, body?: unknown) =>
    api(method, path, body, { cookie: s.cookie, ...(csrf !== null && method !== 'GET' ? { [CSRF_HEADER]: csrf } : {}) });
}

describe.each(STORAGES)('console accounts on %s', (_name, storage) => {
  let gw: TestGateway;
  const ids: Record<string, string> = {};
  let tinh: Session;
  let xaA: Session;
  const alive = async (s: Session) => (await as(gw.url, s)('GET', PATHS.adminSession)).status;
  const auditOf = async (action: string) => gw.db.query<{ actor: string; target: string; details: unknown }>(
    'select actor, target, details from admin_audit where action = $1 order by id desc', [action]);

  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'catalog' });
    for (const [username, role, agency] of [
      ['tinh', 'province', null], ['tinh-2', 'province', null], ['xa-a', 'agency', A], ['xa-a2', 'agency', A], ['xa-a3', 'agency', A], ['xa-b', 'agency', B],
    ] as const) {
      ids[username] = (await createAdminAccount(gw.db, { username, password: PASSWORD, role, agency }, 'test')).id;
    }
    tinh = (await signIn(gw.url, 'tinh')).session!;
    xaA = (await signIn(gw.url, 'xa-a')).session!;
  }, 120_000);
  afterAll(async () => gw?.close());

  it('lists every account to the province, and its own agency\'s to an agency admin', async () => {
    const all = await as(gw.url, tinh)('GET', PATHS.adminAccounts);
    expect(all.status).toBe(200);
    expect(all.body.accounts.map((a: Loose) => a.username)).toEqual(['tinh', 'tinh-2', 'xa-a', 'xa-a2', 'xa-a3', 'xa-b']);
    // Never a password or its hash (the one password-named field is the mustChangePassword flag).
    expect(JSON.stringify(all.body)).not.toMatch(/scrypt|"password(_?hash)?"/i);
    expect(JSON.stringify(all.body)).not.toContain(PASSWORD);
    expect(all.body.accounts.every((a: Loose) => Object.keys(a).filter((k) => /password/i.test(k)).join() === 'mustChangePassword')).toBe(true);
    const own = await as(gw.url, xaA)('GET', PATHS.adminAccounts);
    expect(own.body.accounts.map((a: Loose) => a.username)).toEqual(['xa-a', 'xa-a2', 'xa-a3']);
    expect((await as(gw.url, xaA)('GET', `${PATHS.adminAccounts}?agency=${B}`)).status).toBe(403);
    const byAgency = await as(gw.url, tinh)('GET', `${PATHS.adminAccounts}?agency=${B}`);
    expect(byAgency.body.accounts.map((a: Loose) => a.username)).toEqual(['xa-b']);
  });

  it('refuses each new state-changing route without the CSRF token (403 csrf), changing nothing', async () => {
    const noCsrf = as(gw.url, tinh, null);
    for (const [path, body] of [
      [adminAccountPath(ids['xa-a2']!, 'disable'), undefined], [adminAccountPath(ids['xa-a2']!, 'enable'), undefined],
      [adminAccountPath(ids['xa-a2']!, 'password'), { password: NEW_PASSWORD }], [adminAccountPath(ids['xa-a2']!, 'unlock'), undefined],
      [PATHS.adminSessionPassword, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
    ] as const) {
      const r = await noCsrf('POST', path, body ?? {});
      expect(r.status, path).toBe(403);
      expect(r.body.error.details.reason, path).toBe('csrf');
    }
    expect((await signIn(gw.url, 'xa-a2')).status).toBe(200);
    expect((await signIn(gw.url, 'tinh')).status).toBe(200);
  });

  it('disables an account: its session is 401 at once, sign-in is refused with account-disabled; enabling lets it in again', async () => {
    const s1 = (await signIn(gw.url, 'xa-a2')).session!;
    const s2 = (await signIn(gw.url, 'xa-a2')).session!;
    expect(await alive(s1)).toBe(200);
    const live = (await gw.db.query('select 1 from admin_sessions where account_id = $1', [ids['xa-a2']])).length;
    expect(live).toBeGreaterThanOrEqual(2);
    const r = await as(gw.url, tinh)('POST', adminAccountPath(ids['xa-a2']!, 'disable'));
    expect(r.status).toBe(200);
    expect(r.body.disabledAt).not.toBeNull();
    expect(await alive(s1)).toBe(401);
    expect(await alive(s2)).toBe(401);
    expect((await as(gw.url, s1)('GET', '/v1/admin/kiosks')).status).toBe(401);
    expect((await gw.db.query('select 1 from admin_sessions where account_id = $1', [ids['xa-a2']])).length).toBe(0);
    const right = await signIn(gw.url, 'xa-a2');
    expect(right.status).toBe(403);
    expect(right.body.error.code).toBe('account-disabled');
    expect(right.body.error.message.vi).toBe('Tài khoản quản trị này đã bị vô hiệu hóa; hãy liên hệ quản trị cấp tỉnh.');
    expect(right.session).toBeNull();
    // A wrong password learns nothing more than for any account.
    const wrong = await signIn(gw.url, 'xa-a2', 'khong-phai-mat-khau');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('login-failed');
    const [entry] = await auditOf('admin-account.disable');
    expect(entry).toMatchObject({ actor: 'account:tinh', target: 'xa-a2', details: { role: 'agency', agency: A, sessionsEnded: live } });

    const en = await as(gw.url, tinh)('POST', adminAccountPath(ids['xa-a2']!, 'enable'));
    expect(en.status).toBe(200);
    expect(en.body.disabledAt).toBeNull();
    expect((await signIn(gw.url, 'xa-a2')).status).toBe(200);
    expect((await auditOf('admin-account.enable'))[0]).toMatchObject({ actor: 'account:tinh', target: 'xa-a2' });
  });

  it('refuses disabling oneself, and disabling the last active province account', async () => {
    const self = await as(gw.url, tinh)('POST', adminAccountPath(ids.tinh!, 'disable'));
    expect(self.status).toBe(403);
    expect(self.body.error.details.reason).toBe('self');
    expect(self.body.error.message.vi).toMatch(/chính tài khoản đang đăng nhập/);
    expect(await alive(tinh)).toBe(200);
    // tinh disables tinh-2; then a bearer token (no account of its own) may not disable tinh, the last one.
    expect((await as(gw.url, tinh)('POST', adminAccountPath(ids['tinh-2']!, 'disable'))).status).toBe(200);
    const bearer = apiClient(gw.url, gw.adminToken);
    const last = await bearer('POST', adminAccountPath(ids.tinh!, 'disable'), {});
    expect(last.status).toBe(403);
    expect(last.body.error.details.reason).toBe('last-province');
    expect(last.body.error.message.en).toBe('The last active province admin account cannot be disabled.');
    expect(await alive(tinh)).toBe(200);
    expect((await bearer('POST', adminAccountPath(ids['tinh-2']!, 'enable'), {})).status).toBe(200);
    // With two active again, the token may disable one (and enable it back).
    expect((await bearer('POST', adminAccountPath(ids['tinh-2']!, 'disable'), {})).status).toBe(200);
    const [byToken] = await auditOf('admin-account.disable');
    expect(byToken).toMatchObject({ target: 'tinh-2', details: { role: 'province', agency: null } });
    expect(byToken!.actor).not.toMatch(/^account:/);
    expect((await bearer('POST', adminAccountPath(ids['tinh-2']!, 'enable'), {})).status).toBe(200);
    expect((await bearer('POST', adminAccountPath('khong-co', 'disable'), {})).status).toBe(404);
  });

  it('resets another account\'s password: its sessions end, its lockout clears, the old password stops working', async () => {
    const s = (await signIn(gw.url, 'xa-a3')).session!;
    await gw.db.query("update admin_accounts set locked_until = now() + interval '10 minutes', failed_logins = 7 where id = $1", [ids['xa-a3']]);
    expect((await signIn(gw.url, 'xa-a3')).body.error.code).toBe('account-locked');
    const short = await as(gw.url, tinh)('POST', adminAccountPath(ids['xa-a3']!, 'password'), { password: 'ngan-qua' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('password-policy');
    expect(short.body.error.message).toEqual({ vi: 'Mật khẩu phải có ít nhất 12 ký tự (tối đa 256).', en: 'A password must have at least 12 characters (256 at most).' });
    expect(await alive(s)).toBe(200);
    const r = await as(gw.url, tinh)('POST', adminAccountPath(ids['xa-a3']!, 'password'), { password: NEW_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.lockedUntil).toBeNull();
    expect(await alive(s)).toBe(401);
    expect((await signIn(gw.url, 'xa-a3')).body.error.code).toBe('login-failed');
    expect((await signIn(gw.url, 'xa-a3', NEW_PASSWORD)).status).toBe(200);
    const [entry] = await auditOf('admin-account.password-reset');
    expect(entry).toMatchObject({ actor: 'account:tinh', target: 'xa-a3', details: { sessionsEnded: 1 } });
    // One's own password is changed, never reset.
    const self = await as(gw.url, tinh)('POST', adminAccountPath(ids.tinh!, 'password'), { password: NEW_PASSWORD });
    expect(self.status).toBe(403);
    expect(self.body.error.details.reason).toBe('self');
  });

  it('makes a reset account choose its own password before the console does anything else for it', async () => {
    // xa-a3's password was reset by tinh just above.
    const listed = await as(gw.url, tinh)('GET', PATHS.adminAccounts);
    expect(listed.body.accounts.find((a: Loose) => a.username === 'xa-a3').mustChangePassword).toBe(true);
    expect(listed.body.accounts.find((a: Loose) => a.username === 'tinh').mustChangePassword).toBe(false);
    const first = await signIn(gw.url, 'xa-a3', NEW_PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const api = as(gw.url, first.session!);
    for (const [method, path] of [['GET', PATHS.adminKiosks], ['GET', PATHS.adminAccounts], ['POST', adminAccountPath(ids['xa-a2']!, 'unlock')], ['GET', PATHS.adminFigures]] as const) {
      const r = await api(method, path);
      expect(r.status, path).toBe(403);
      expect(r.body.error.details.reason, path).toBe('password-change-required');
      expect(r.body.error.message.vi, path).toContain('đổi mật khẩu');
    }
    // Who it is, signing out and the change itself stay open.
    const who = await api('GET', PATHS.adminSession);
    expect(who.status).toBe(200);
    expect(who.body.mustChangePassword).toBe(true);
    const other = (await signIn(gw.url, 'xa-a3', NEW_PASSWORD)).session!;
    expect((await as(gw.url, other)('POST', PATHS.adminSessionLogout)).status).toBe(200);
    // Keeping the password the other admin chose is no change.
    const same = await api('POST', PATHS.adminSessionPassword, { currentPassword: NEW_PASSWORD, newPassword: NEW_PASSWORD });
    expect(same.status).toBe(403);
    expect(same.body.error.details.reason).toBe('same-password');
    expect(same.body.error.message).toEqual({ vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.', en: 'The new password must differ from the current one.' });
    const ok = await api('POST', PATHS.adminSessionPassword, { currentPassword: NEW_PASSWORD, newPassword: OWN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.mustChangePassword).toBe(false);
    expect((await api('GET', PATHS.adminSession)).body.mustChangePassword).toBe(false);
    expect((await api('GET', PATHS.adminKiosks)).status).toBe(200);
    expect((await signIn(gw.url, 'xa-a3', OWN_PASSWORD)).body.mustChangePassword).toBe(false);
    expect((await auditOf('admin-account.password-change'))[0]).toMatchObject({ actor: 'account:xa-a3', target: 'xa-a3', details: { required: true } });
  });

  it('lets an agency admin act on its own agency\'s accounts only, never a province account', async () => {
    const api = as(gw.url, xaA);
    const ok = await api('POST', adminAccountPath(ids['xa-a3']!, 'password'), { password: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await auditOf('admin-account.password-reset'))[0]).toMatchObject({ actor: 'account:xa-a', target: 'xa-a3' });
    for (const action of ['disable', 'enable', 'unlock', 'password'] as const) {
      const body = action === 'password' ? { password: NEW_PASSWORD } : {};
      const other = await api('POST', adminAccountPath(ids['xa-b']!, action), body);
      expect(other.status, action).toBe(403);
      expect(other.body.error.details.reason, action).toBe('agency');
      const prov = await api('POST', adminAccountPath(ids.tinh!, action), body);
      expect(prov.status, action).toBe(403);
      expect(prov.body.error.details.reason, action).toBe('role');
      expect((await api('POST', adminAccountPath('khong-co', action), body)).status, action).toBe(404);
    }
    expect((await signIn(gw.url, 'xa-b')).status).toBe(200);
    expect(await alive(tinh)).toBe(200);
    // Its own agency: disable and enable again.
    expect((await api('POST', adminAccountPath(ids['xa-a3']!, 'disable'))).status).toBe(200);
    expect((await signIn(gw.url, 'xa-a3')).body.error.code).toBe('account-disabled');
    expect((await api('POST', adminAccountPath(ids['xa-a3']!, 'enable'))).status).toBe(200);
    expect((await signIn(gw.url, 'xa-a3')).status).toBe(200);
  });

  it('unlocks a locked account before its 15 minutes are over', async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await signIn(gw.url, 'xa-a3', `sai-mat-khau-${i}`);
    expect((await signIn(gw.url, 'xa-a3')).body.error.code).toBe('account-locked');
    const list = await as(gw.url, xaA)('GET', PATHS.adminAccounts);
    expect(list.body.accounts.find((a: Loose) => a.username === 'xa-a3').lockedUntil).not.toBeNull();
    const r = await as(gw.url, xaA)('POST', adminAccountPath(ids['xa-a3']!, 'unlock'));
    expect(r.status).toBe(200);
    expect(r.body.lockedUntil).toBeNull();
    expect((await signIn(gw.url, 'xa-a3')).status).toBe(200);
    expect((await auditOf('admin-account.unlock'))[0]).toMatchObject({ actor: 'account:xa-a', target: 'xa-a3', details: { wasLocked: true } });
  });

  it('changes one\'s own password with the current one: this session stays, the others end', async () => {
    const here = (await signIn(gw.url, 'xa-a2')).session!;
    const elsewhere = (await signIn(gw.url, 'xa-a2')).session!;
    const api = as(gw.url, here);
    const wrong = await api('POST', PATHS.adminSessionPassword, { currentPassword: 'khong-dung-dau', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.details.reason).toBe('current-password');
    expect(wrong.body.error.message.vi).toBe('Mật khẩu hiện tại không đúng.');
    const short = await api('POST', PATHS.adminSessionPassword, { currentPassword: PASSWORD, newPassword: 'ngan' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('password-policy');
    expect(await alive(elsewhere)).toBe(200);
    const ok = await api('POST', PATHS.adminSessionPassword, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect(await alive(here)).toBe(200);
    expect(await alive(elsewhere)).toBe(401);
    expect((await signIn(gw.url, 'xa-a2')).body.error.code).toBe('login-failed');
    expect((await signIn(gw.url, 'xa-a2', NEW_PASSWORD)).status).toBe(200);
    expect((await auditOf('admin-account.password-change'))[0]).toMatchObject({ actor: 'account:xa-a2', target: 'xa-a2', details: { sessionsEnded: 2 } });
    // A wrong current password counts towards the lockout, as at sign-in.
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await api('POST', PATHS.adminSessionPassword, { currentPassword: `sai-${i}`, newPassword: NEW_PASSWORD });
    expect((await signIn(gw.url, 'xa-a2', NEW_PASSWORD)).body.error.code).toBe('account-locked');
    // A bearer token has no password of its own.
    expect((await apiClient(gw.url, gw.adminToken)('POST', PATHS.adminSessionPassword, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(404);
  });

  it('makes an account created in the console choose its own password at first sign-in; one made with an admin token not', async () => {
    const viaSession = await as(gw.url, tinh)('POST', PATHS.adminAccounts, { username: 'xa-moi-1', password: PASSWORD, role: 'agency', agency: A });
    expect(viaSession.status).toBe(200);
    expect(viaSession.body.mustChangePassword).toBe(true);
    const first = await signIn(gw.url, 'xa-moi-1');
    expect(first.body.mustChangePassword).toBe(true);
    expect((await as(gw.url, first.session!)('GET', PATHS.adminKiosks)).body.error.details.reason).toBe('password-change-required');
    expect((await auditOf('admin-account.create'))[0]).toMatchObject({ actor: 'account:tinh', target: 'xa-moi-1', details: { mustChangePassword: true } });
    const viaToken = await apiClient(gw.url, gw.adminToken)('POST', PATHS.adminAccounts, { username: 'xa-moi-2', password: PASSWORD, role: 'agency', agency: A });
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.mustChangePassword).toBe(false);
    const second = await signIn(gw.url, 'xa-moi-2');
    expect((await as(gw.url, second.session!)('GET', PATHS.adminKiosks)).status).toBe(200);
  });

  it('never writes a password to the audit log', async () => {
    const rows = await gw.db.query<{ action: string; details: unknown }>("select action, details from admin_audit where action like 'admin-account.%'");
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set([
      'admin-account.create', 'admin-account.disable', 'admin-account.enable', 'admin-account.password-reset',
      'admin-account.unlock', 'admin-account.password-change', 'admin-account.locked',
    ]));
    const text = JSON.stringify(rows);
    for (const p of [PASSWORD, NEW_PASSWORD, OWN_PASSWORD, 'ngan-qua', 'khong-dung-dau']) expect(text).not.toContain(p);
  });
});
