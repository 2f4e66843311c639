/**
 * The province console's admin API (docs/SECURITY.md §8) over HTTP, on PGlite and PostgreSQL:
 * accounts, the session cookie, CSRF, lockout, session expiry, and the agency boundary on every
 * admin route; the service-index figures checked against SQL counts over the dossiers' json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { STORAGES } from './storages';
import { ROUTES } from '../../src/gateway/http/routes';
import { createAdminAccount } from '../../src/gateway/store/console';
import { adminAttachmentsPath, CSRF_HEADER, fileErasePath, LOGIN_MAX_FAILURES, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE } from '../../src/shared/protocol';
import { demoStaffIds } from '../../src/gateway/demo/seed';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';

const A = DEMO_AGENCIES[0]!.code;
const B = DEMO_AGENCIES[1]!.code;
const PASSWORD = 'mat-khau-thu-nghiem-1';

interface Session { cookie: string; csrf: string; setCookie: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
type Loose = any;
async function signIn(url: string, username: string, password = PASSWORD): Promise<{ status: number; body: Loose; session: Session | null }> {
  const res = await fetch(`${url}/v1/admin/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json() as Loose;
  const setCookie = res.headers.get('set-cookie') ?? '';
  const m = new RegExp(`${SESSION_COOKIE}=([A-Za-z0-9_-]+)`).exec(setCookie);
  return { status: res.status, body, session: res.ok && m ? { cookie: `${SESSION_COOKIE}=${m[1]}`, csrf: body.csrfToken, setCookie } : null };
}

/** A client that carries a session cookie, and its CSRF token unless told not to. */
function sessionApi(url: string, s: Session, csrf: string | null = s.csrf) {
  const api = apiClient(url);
  return (method: string, path: string, body?: unknown) =>
    api(method, path, body, { cookie: s.cookie, ...(csrf !== null && method !== 'GET' ? { [CSRF_HEADER]: csrf } : {}) });
}

describe.each(STORAGES)('province console API on %s', (_name, storage) => {
  let gw: TestGateway;
  let province: Session;
  let agencyA: Session;
  let deviceB: string;
  let outboxB: number;
  let accountB: string;
  let accountProvince: string;
  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'demo', dossiersPerAgency: 40 });
    await createAdminAccount(gw.db, { username: 'tinh', password: PASSWORD, role: 'province', agency: null }, 'test');
    await createAdminAccount(gw.db, { username: 'xa-a', password: PASSWORD, role: 'agency', agency: A }, 'test');
    await createAdminAccount(gw.db, { username: 'khoa', password: PASSWORD, role: 'agency', agency: A }, 'test');
    await createAdminAccount(gw.db, { username: 'het-han', password: PASSWORD, role: 'agency', agency: A }, 'test');
    accountB = (await createAdminAccount(gw.db, { username: 'xa-b', password: PASSWORD, role: 'agency', agency: B }, 'test')).id;
    accountProvince = (await gw.db.query<{ id: string }>("select id from admin_accounts where username = 'tinh'"))[0]!.id;
    province = (await signIn(gw.url, 'tinh')).session!;
    agencyA = (await signIn(gw.url, 'xa-a')).session!;
    deviceB = (await gw.enroll(B, { name: 'Quầy B' })).deviceId;
    const ref = (await gw.db.query<{ code: string }>('select code from dossiers where agency_code = $1 limit 1', [B]))[0]!.code;
    outboxB = Number((await gw.db.query<{ id: number }>(
      `insert into outbox (adapter, ref, payload, attempts, refused_at, last_error_code) values ('national-portal', $1, '{}', 1, now(), 'portal-refused') returning id`, [ref]))[0]!.id);
  }, 120_000);
  afterAll(async () => gw?.close());

  it('signs in with a session cookie that is HttpOnly and SameSite=Strict, never Secure over plain http', async () => {
    const r = await signIn(gw.url, 'tinh');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: 'tinh', role: 'province', agency: null });
    expect(r.session!.setCookie).toMatch(/HttpOnly/);
    expect(r.session!.setCookie).toMatch(/SameSite=Strict/);
    expect(r.session!.setCookie).toMatch(/Path=\//);
    expect(r.session!.setCookie).not.toMatch(/Secure/);
    // The cookie is stored hashed, the password as scrypt.
    const rows = await gw.db.query<{ token_hash: string }>('select token_hash from admin_sessions');
    expect(rows.every((x) => /^[0-9a-f]{64}$/.test(x.token_hash) && !r.session!.cookie.includes(x.token_hash))).toBe(true);
    const acc = await gw.db.query<{ password_hash: string }>("select password_hash from admin_accounts where username = 'tinh'");
    expect(acc[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(acc[0]!.password_hash).not.toContain(PASSWORD);
  });

  it('answers 401 without a cookie, and with an unknown one, on every admin route', async () => {
    const anon = apiClient(gw.url);
    for (const r of ROUTES.filter((x) => x.auth === 'admin')) {
      const path = r.path.replace(':id', '1');
      const a = await anon(r.method, path, r.method === 'POST' ? {} : undefined);
      expect(a.status, `${r.method} ${path}`).toBe(401);
      const b = await anon(r.method, path, r.method === 'POST' ? {} : undefined, { cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` });
      expect(b.status, `${r.method} ${path} (unknown cookie)`).toBe(401);
    }
  });

  it('says whether a browser is signed in without a 401: signed out with no cookie, an unknown or an ended one', async () => {
    const anon = apiClient(gw.url);
    for (const headers of [{}, { cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` }] as Record<string, string>[]) {
      const r = await anon('GET', '/v1/admin/session/state', undefined, headers);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ signedIn: false, session: null });
    }
    const s = (await signIn(gw.url, 'khoa')).session!;
    const live = await sessionApi(gw.url, s)('GET', '/v1/admin/session/state');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ signedIn: true, session: { username: 'khoa', role: 'agency', agency: A, csrfToken: s.csrf } });
    // The same as GET /v1/admin/session (but expiresAt, which each call moves on: the idle time).
    const { expiresAt: _a, ...same } = live.body.session;
    const { expiresAt: _b, ...asSession } = (await sessionApi(gw.url, s)('GET', '/v1/admin/session')).body;
    expect(same).toEqual(asSession);
    await sessionApi(gw.url, s)('POST', '/v1/admin/session/logout');
    expect((await sessionApi(gw.url, s)('GET', '/v1/admin/session/state')).body).toEqual({ signedIn: false, session: null });
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await signIn(gw.url, 'tinh', 'not-the-password');
    const unknown = await signIn(gw.url, 'no-such-user', 'not-the-password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.code).toBe('login-failed');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.message.vi).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('refuses a state-changing call without the CSRF token (403), or with another session\'s', async () => {
    const body = { agency: A, kind: 'kiosk' };
    const missing = await sessionApi(gw.url, province, null)('POST', '/v1/admin/enroll-codes', body);
    expect(missing.status).toBe(403);
    expect(missing.body.error.details.reason).toBe('csrf');
    expect((await sessionApi(gw.url, province, agencyA.csrf)('POST', '/v1/admin/enroll-codes', body)).status).toBe(403);
    const ok = await sessionApi(gw.url, province)('POST', '/v1/admin/enroll-codes', body);
    expect(ok.status).toBe(200);
    expect(ok.body.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // No code for an agency the province does not have (a typo in the console): 404, nothing created.
    const typo = await sessionApi(gw.url, province)('POST', '/v1/admin/enroll-codes', { agency: 'GARBAGE', kind: 'counter' });
    expect(typo.status).toBe(404);
    expect(typo.body.error.code).toBe('not-found');
    expect(await gw.db.query('select 1 from agencies where code = $1', ['GARBAGE'])).toHaveLength(0);
    // A well-formed agency code (QCVN 102:2016) the province does not have yet is how it brings one in.
    expect((await sessionApi(gw.url, province)('POST', '/v1/admin/enroll-codes', { agency: '000.00.99.H08', kind: 'counter' })).status).toBe(200);
    expect(await gw.db.query('select 1 from agencies where code = $1', ['000.00.99.H08'])).toHaveLength(1);
    // Reads need no CSRF token; the audit log names the account.
    const audit = await sessionApi(gw.url, province)('GET', '/v1/admin/audit?action=enroll-code.create');
    expect(audit.body.entries[0].actor).toBe('account:tinh');
  });

  it('refuses an officer or a console account in an agency the province does not have (404 naming it), creating nothing', async () => {
    const api = sessionApi(gw.url, province);
    const missing = '000.00.77.H08';
    for (const agency of [missing, 'GARBAGE']) {
      const staff = await api('POST', '/v1/admin/staff', { agency, name: 'Cán bộ Lạc', role: 'counter', pin: '290417' });
      expect(staff.status).toBe(404);
      expect(staff.body.error).toMatchObject({ code: 'not-found', details: { agency } });
      const account = await api('POST', '/v1/admin/accounts', { username: `xa-lac-${agency.length}`, role: 'agency', agency, password: PASSWORD });
      expect(account.status).toBe(404);
      expect(account.body.error).toMatchObject({ code: 'not-found', details: { agency } });
      expect(await gw.db.query('select 1 from agencies where code = $1', [agency])).toHaveLength(0);
      expect(await gw.db.query('select 1 from staff where agency_code = $1', [agency])).toHaveLength(0);
      expect(await gw.db.query('select 1 from admin_accounts where agency_code = $1', [agency])).toHaveLength(0);
    }
    // An agency the province has: both are made, as before.
    const staff = await api('POST', '/v1/admin/staff', { agency: A, name: 'Cán bộ Có', role: 'counter', pin: '290417' });
    expect(staff.status).toBe(200);
    expect(staff.body.agencyCode).toBe(A);
    const account = await api('POST', '/v1/admin/accounts', { username: 'xa-a-moi', role: 'agency', agency: A, password: PASSWORD });
    expect(account.status).toBe(200);
    // Once an enrollment code brought the agency in, its officers can be made.
    expect((await api('POST', '/v1/admin/enroll-codes', { agency: missing, kind: 'counter' })).status).toBe(200);
    expect((await api('POST', '/v1/admin/staff', { agency: missing, name: 'Cán bộ Lạc', role: 'counter', pin: '290417' })).status).toBe(200);
  });

  it('says that no provincial system is set up when the gateway has no adapter', async () => {
    const r = await sessionApi(gw.url, province)('GET', '/v1/admin/outbox');
    expect(r.status).toBe(200);
    expect(r.body.adapters).toEqual([]);
    // What was queued before is still counted (the outbox row of B made above).
    expect(r.body.refused).toBeGreaterThanOrEqual(1);
  });

  it('keeps an agency admin to its own agency on every admin route', async () => {
    const staffB = demoStaffIds(B).counter[0];
    const staffA = demoStaffIds(A).counter[1];
    const api = sessionApi(gw.url, agencyA);
    const codes = await gw.db.query<{ code: string; agency_code: string }>('select code, agency_code from dossiers where agency_code = any($1)', [[A, B]]);
    const dossierOf = (agency: string): string => codes.find((d) => d.agency_code === agency)!.code;
    type Case = { method: string; path: string; body?: unknown; expect: 'forbidden' | 'own' | 'ok' };
    // Every admin route must have a case here: a route added later without one fails this test.
    const cases: Record<string, Case[]> = {
      'POST /v1/admin/enroll-codes': [{ method: 'POST', path: '/v1/admin/enroll-codes', body: { agency: B, kind: 'counter' }, expect: 'forbidden' }],
      'GET /v1/admin/kiosks': [{ method: 'GET', path: `/v1/admin/kiosks?agency=${B}`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/kiosks', expect: 'own' }],
      'POST /v1/admin/devices/:id/revoke': [{ method: 'POST', path: `/v1/admin/devices/${deviceB}/revoke`, expect: 'forbidden' }],
      'GET /v1/admin/devices/:id/heartbeats': [{ method: 'GET', path: `/v1/admin/devices/${deviceB}/heartbeats`, expect: 'forbidden' }],
      'GET /v1/admin/outbox': [{ method: 'GET', path: `/v1/admin/outbox?agency=${B}`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/outbox', expect: 'own' }],
      'GET /v1/admin/outbox/items': [{ method: 'GET', path: `/v1/admin/outbox/items?agency=${B}`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/outbox/items', expect: 'own' }],
      'POST /v1/admin/outbox/items/:id/requeue': [{ method: 'POST', path: `/v1/admin/outbox/items/${outboxB}/requeue`, expect: 'forbidden' }],
      'GET /v1/admin/staff': [{ method: 'GET', path: `/v1/admin/staff?agency=${B}`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/staff', expect: 'own' }],
      'POST /v1/admin/staff': [{ method: 'POST', path: '/v1/admin/staff', body: { agency: B, name: 'Cán bộ B', role: 'counter', pin: '290417' }, expect: 'forbidden' }],
      'POST /v1/admin/staff/:id/pin': [{ method: 'POST', path: `/v1/admin/staff/${staffB}/pin`, body: { pin: '290417' }, expect: 'forbidden' }],
      'POST /v1/admin/staff/:id/deactivate': [{ method: 'POST', path: `/v1/admin/staff/${staffB}/deactivate`, expect: 'forbidden' }],
      'POST /v1/admin/staff/:id/activate': [{ method: 'POST', path: `/v1/admin/staff/${staffB}/activate`, expect: 'forbidden' }],
      'GET /v1/admin/tokens': [{ method: 'GET', path: '/v1/admin/tokens', expect: 'forbidden' }],
      'POST /v1/admin/tokens/:id/revoke': [{ method: 'POST', path: `/v1/admin/tokens/${gw.adminTokenId}/revoke`, expect: 'forbidden' }],
      'GET /v1/admin/audit': [{ method: 'GET', path: '/v1/admin/audit', expect: 'forbidden' }],
      'GET /v1/admin/province-settings': [{ method: 'GET', path: '/v1/admin/province-settings', expect: 'forbidden' }],
      'POST /v1/admin/province-settings': [{ method: 'POST', path: '/v1/admin/province-settings', body: { dossierCodePatterns: [] }, expect: 'forbidden' }],
      'GET /v1/admin/accounts': [{ method: 'GET', path: `/v1/admin/accounts?agency=${B}`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/accounts', expect: 'own' }],
      'POST /v1/admin/accounts': [{ method: 'POST', path: '/v1/admin/accounts', body: { username: 'xa-b2', password: PASSWORD, role: 'agency', agency: B }, expect: 'forbidden' }],
      'POST /v1/admin/accounts/:id/disable': [{ method: 'POST', path: `/v1/admin/accounts/${accountB}/disable`, expect: 'forbidden' }, { method: 'POST', path: `/v1/admin/accounts/${accountProvince}/disable`, expect: 'forbidden' }],
      'POST /v1/admin/accounts/:id/enable': [{ method: 'POST', path: `/v1/admin/accounts/${accountB}/enable`, expect: 'forbidden' }],
      'POST /v1/admin/accounts/:id/password': [{ method: 'POST', path: `/v1/admin/accounts/${accountB}/password`, body: { password: 'mat-khau-moi-cua-b' }, expect: 'forbidden' }, { method: 'POST', path: `/v1/admin/accounts/${accountProvince}/password`, body: { password: 'mat-khau-moi-cua-tinh' }, expect: 'forbidden' }],
      'POST /v1/admin/accounts/:id/unlock': [{ method: 'POST', path: `/v1/admin/accounts/${accountB}/unlock`, expect: 'forbidden' }],
      'GET /v1/admin/figures': [{ method: 'GET', path: `/v1/admin/figures?agency=${B}&from=2020-01-01&to=2030-12-31`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/figures?from=2020-01-01&to=2030-12-31', expect: 'own' }],
      'GET /v1/admin/figures.csv': [{ method: 'GET', path: `/v1/admin/figures.csv?agency=${B}&from=2020-01-01&to=2030-12-31`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/figures.csv?from=2020-01-01&to=2030-12-31', expect: 'own' }],
      // Counts of the whole province's uploads: province admins only.
      'GET /v1/admin/files/collection': [{ method: 'GET', path: '/v1/admin/files/collection', expect: 'forbidden' }],
      // A dossier's pages: its own agency's; erasing a file: province admins only.
      'GET /v1/admin/dossiers/:code/attachments': [
        { method: 'GET', path: adminAttachmentsPath(dossierOf(B)), expect: 'forbidden' }, { method: 'GET', path: adminAttachmentsPath(dossierOf(A)), expect: 'own' },
      ],
      'POST /v1/admin/files/:sha256/erase': [{ method: 'POST', path: fileErasePath('0'.repeat(64)), body: { reason: 'Gắn nhầm' }, expect: 'forbidden' }],
      'GET /v1/admin/scorecard/digitisation': [{ method: 'GET', path: `/v1/admin/scorecard/digitisation?agency=${B}&from=2020-01-01&to=2030-12-31`, expect: 'forbidden' }, { method: 'GET', path: '/v1/admin/scorecard/digitisation?from=2020-01-01&to=2030-12-31', expect: 'own' }],
      'GET /v1/admin/queue/stats': [{ method: 'GET', path: `/v1/admin/queue/stats?agency=${B}&from=2026-12-01&to=2026-12-05`, expect: 'forbidden' }, { method: 'GET', path: `/v1/admin/queue/stats?agency=${A}&from=2026-12-01&to=2026-12-05`, expect: 'own' }],
      'POST /v1/admin/queue/key/rotate': [{ method: 'POST', path: '/v1/admin/queue/key/rotate', body: { agency: B }, expect: 'forbidden' }, { method: 'POST', path: '/v1/admin/queue/key/rotate', body: { agency: A }, expect: 'own' }],
      'POST /v1/admin/seed': [{ method: 'POST', path: '/v1/admin/seed', body: { agency: B, dossiers: 1 }, expect: 'forbidden' }],
      // Its own session: no other agency's data in it.
      'GET /v1/admin/session': [{ method: 'GET', path: '/v1/admin/session', expect: 'ok' }],
      'POST /v1/admin/session/logout': [],
      // Its own password only (tests/gateway/console-accounts.test.ts).
      'POST /v1/admin/session/password': [],
    };
    const adminRoutes = ROUTES.filter((r) => r.auth === 'admin').map((r) => `${r.method} ${r.path}`);
    expect(adminRoutes.filter((k) => !(k in cases))).toEqual([]);
    for (const [key, list] of Object.entries(cases)) {
      for (const c of list) {
        const r = await api(c.method, c.path, c.body);
        const what = `${key}: ${c.method} ${c.path}`;
        if (c.expect === 'forbidden') {
          expect(r.status, what).toBe(403);
          expect(['agency', 'role'], what).toContain(r.body.error.details.reason);
        } else {
          expect(r.status, what).toBe(200);
          const text = JSON.stringify(r.body);
          expect(text, what).not.toContain(B);
        }
      }
    }
    // Nothing of B changed, and its own agency works.
    expect((await gw.db.query('select 1 from devices where id = $1 and revoked_at is null', [deviceB])).length).toBe(1);
    expect((await gw.db.query('select 1 from outbox where id = $1 and refused_at is not null', [outboxB])).length).toBe(1);
    expect((await signIn(gw.url, 'xa-b')).status).toBe(200);
    expect((await signIn(gw.url, 'tinh')).status).toBe(200);
    expect((await api('POST', `/v1/admin/staff/${staffA}/pin`, { pin: '290417' })).status).toBe(200);
    const own = await api('GET', '/v1/admin/staff');
    expect(own.body.staff.map((s: { agencyCode: string }) => s.agencyCode)).toEqual(expect.arrayContaining([A]));
    expect(own.body.staff.every((s: { agencyCode: string }) => s.agencyCode === A)).toBe(true);
  });

  it(`locks an account after ${LOGIN_MAX_FAILURES} wrong passwords in a row, even against the right one`, async () => {
    for (let i = 1; i < LOGIN_MAX_FAILURES; i++) {
      expect((await signIn(gw.url, 'khoa', `sai-mat-khau-${i}`)).body.error.code).toBe('login-failed');
    }
    const last = await signIn(gw.url, 'khoa', 'sai-mat-khau-20');
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('account-locked');
    const right = await signIn(gw.url, 'khoa');
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('account-locked');
    expect(right.session).toBeNull();
    // After the lock ends the right password works again.
    await gw.db.query("update admin_accounts set locked_until = now() - interval '1 second' where username = 'khoa'");
    expect((await signIn(gw.url, 'khoa')).status).toBe(200);
  });

  it('ends a session after its idle time, after its absolute lifetime, and at sign-out', async () => {
    const s1 = (await signIn(gw.url, 'het-han')).session!;
    expect((await sessionApi(gw.url, s1)('GET', '/v1/admin/session')).status).toBe(200);
    await gw.db.query("update admin_sessions set idle_until = now() - interval '1 second' where account_id = (select id from admin_accounts where username = 'het-han')");
    expect((await sessionApi(gw.url, s1)('GET', '/v1/admin/session')).status).toBe(401);
    const s2 = (await signIn(gw.url, 'het-han')).session!;
    await gw.db.query("update admin_sessions set expires_at = now() - interval '1 second' where account_id = (select id from admin_accounts where username = 'het-han')");
    expect((await sessionApi(gw.url, s2)('GET', '/v1/admin/kiosks')).status).toBe(401);
    const s3 = (await signIn(gw.url, 'het-han')).session!;
    expect((await sessionApi(gw.url, s3, null)('POST', '/v1/admin/session/logout')).status).toBe(403);
    const out = await sessionApi(gw.url, s3)('POST', '/v1/admin/session/logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await sessionApi(gw.url, s3)('GET', '/v1/admin/session')).status).toBe(401);
  });

  it('counts the on-time rate of an agency as a SQL count over the dossiers does', async () => {
    const from = '2020-01-01';
    const to = '2035-12-31';
    const f = await sessionApi(gw.url, province)('GET', `/v1/admin/figures?agency=${A}&from=${from}&to=${to}`);
    expect(f.status).toBe(200);
    const sql = (await gw.db.query<{ received: number; on_time: number; late: number; ratings: number; rating_sum: number; online: number }>(
      `select count(*) filter (where status <> 3) as received,
         count(*) filter (where status in (9, 10) and coalesce(data->>'finishedAt', data->>'returnedAt')::timestamptz <= (data->>'appointmentAt')::timestamptz) as on_time,
         count(*) filter (where status in (9, 10) and coalesce(data->>'finishedAt', data->>'returnedAt')::timestamptz > (data->>'appointmentAt')::timestamptz) as late,
         count(*) filter (where status <> 3 and data->'rating' is not null and json_typeof(data->'rating') = 'object') as ratings,
         sum(((data->'rating'->>'score')::int)) filter (where status <> 3) as rating_sum,
         count(*) filter (where status <> 3 and (data->>'channel')::int = 2) as online
       from dossiers where agency_code = $1`, [A]))[0]!;
    const a = f.body.agencies[0];
    expect(f.body.agencies).toHaveLength(1);
    expect(a.agency).toBe(A);
    expect(a.received).toBe(Number(sql.received));
    expect(a.onTime).toBe(Number(sql.on_time));
    expect(a.late).toBe(Number(sql.late));
    expect(a.onTime + a.late).toBeGreaterThan(0);
    expect(a.onTimeRate).toBeCloseTo(Number(sql.on_time) / (Number(sql.on_time) + Number(sql.late)), 10);
    expect(a.byChannel.online).toBe(Number(sql.online));
    expect(a.ratings).toBe(Number(sql.ratings));
    if (a.ratings > 0) expect(a.ratingAverage).toBeCloseTo(Number(sql.rating_sum) / Number(sql.ratings), 10);
    // The overdue list: open dossiers past their appointment, no applicant data.
    for (const o of f.body.overdue) {
      expect(o.agency).toBe(A);
      expect(Date.parse(o.appointmentAt)).toBeLessThan(Date.now());
      expect(JSON.stringify(o)).not.toMatch(/applicant|idHash|citizen/i);
      // The officer who last acted: the demo dossiers' timelines name one of the agency's officers.
      expect(demoStaffIds(A).counter).toContain(o.staffId);
      const [named] = await gw.db.query<{ name: string }>(`select data->>'name' as name from staff where id = $1`, [o.staffId]);
      expect(o.staffName).toBe(named!.name);
    }
    expect(f.body.overdue.length).toBeGreaterThan(0);
    expect(f.body.overdue.length).toBe(a.overdueOpen > 200 ? 200 : a.overdueOpen);
    // The province sees every agency; the total adds them up.
    const all = await sessionApi(gw.url, province)('GET', `/v1/admin/figures?from=${from}&to=${to}`);
    expect(all.body.agencies.length).toBe(DEMO_AGENCIES.length);
    expect(all.body.total.received).toBe(all.body.agencies.reduce((s: number, x: { received: number }) => s + x.received, 0));
    // A period in the future: nothing.
    const none = await sessionApi(gw.url, province)('GET', '/v1/admin/figures?from=2036-01-01&to=2036-01-31');
    expect(none.body.agencies).toEqual([]);
    expect(none.body.total.onTimeRate).toBeNull();
    const bad = await sessionApi(gw.url, province)('GET', '/v1/admin/figures?from=2026-02-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
  });

  it('keeps the per-day pre-aggregate equal to a recount through inserts, updates and deletes', async () => {
    const recount = `select agency_code, to_char((received_at::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD') as day,
        count(*)::int as received, (count(*) filter (where channel = 2))::int as online,
        (count(*) filter (where status in (9, 10) and finished_at is not null and finished_at <= appointment_at))::int as on_time,
        (count(*) filter (where status in (9, 10) and finished_at is not null and finished_at > appointment_at))::int as late,
        count(rating_score)::int as ratings, coalesce(sum(rating_score), 0)::int as rating_sum
      from dossiers where status <> 3 group by 1, 2 order by 1, 2`;
    const kept = `select agency_code, day, received, online, on_time, late, ratings, rating_sum from dossier_day_figures
      where received <> 0 or ratings <> 0 order by 1, 2`;
    expect(await gw.db.query(kept)).toEqual(await gw.db.query(recount));
    // An open dossier finished late and rated; another refused at intake; a third deleted; a fourth moved to online.
    const codes = (await gw.db.query<{ code: string }>("select code from dossiers where agency_code = $1 and status = 4 order by code limit 3", [B])).map((r) => r.code);
    await gw.db.query(`update dossiers set status = 10, data = (data::jsonb || jsonb_build_object('status', 10, 'finishedAt', '2099-01-01T00:00:00.000Z',
      'returnedAt', '2099-01-02T00:00:00.000Z', 'rating', jsonb_build_object('score', 4, 'at', '2099-01-02T00:00:00.000Z')))::json where code = $1`, [codes[0]]);
    await gw.db.query(`update dossiers set status = 3, data = (data::jsonb || '{"status":3}')::json where code = $1`, [codes[1]]);
    await gw.db.query('delete from dossiers where code = $1', [codes[2]]);
    await gw.db.query(`update dossiers set data = (data::jsonb || '{"channel":2}')::json where agency_code = $1 and status = 10 and (data->>'channel')::int = 1`, [B]);
    expect(await gw.db.query(kept)).toEqual(await gw.db.query(recount));
  });

  it('exports the figures as CSV with a UTF-8 byte-order mark and a Vietnamese header', async () => {
    const res = await fetch(`${gw.url}/v1/admin/figures.csv?from=2020-01-01&to=2035-12-31`, {
      headers: { cookie: province.cookie, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Mã cơ quan,Tên cơ quan,Tiếp nhận/);
    expect(lines).toHaveLength(DEMO_AGENCIES.length + 1);
    expect(lines[1]).toContain(DEMO_AGENCIES[0]!.name);
    // Each agency's digitisation, as the scorecard counts it.
    expect(lines[0]).toMatch(/,Số hóa đủ thành phần,Tỷ lệ số hóa \(%\)$/);
    const card = await sessionApi(gw.url, province)('GET', '/v1/admin/scorecard/digitisation?from=2020-01-01&to=2035-12-31');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const row = card.body.agencies.find((r: { agency: string }) => r.agency === cells[0]);
      expect(cells.slice(-2)).toEqual([String(row?.digitised ?? 0), row && row.dossiers > 0 ? (100 * row.digitised / row.dossiers).toFixed(1) : '']);
    }
  });

  it('keeps each heartbeat for the fleet chart', async () => {
    const dev = await gw.enroll(A, { name: 'Quầy nhịp' });
    const kiosk = apiClient(gw.url, dev.token);
    for (const pending of [0, 3, 1]) {
      const r = await kiosk('POST', '/v1/heartbeat', { pending, oldestPendingMs: pending ? 60_000 : null, appVersion: '1.0.0', clientTime: new Date().toISOString(), scanners: [{ id: 'cam', state: 'error', lastError: 'camera-denied' }] });
      expect(r.status).toBe(200);
    }
    const h = await sessionApi(gw.url, agencyA)('GET', `/v1/admin/devices/${dev.deviceId}/heartbeats`);
    expect(h.status).toBe(200);
    expect(h.body.points.map((p: { pending: number }) => p.pending)).toEqual([0, 3, 1]);
    expect(h.body.points.every((p: { scannerError: boolean }) => p.scannerError)).toBe(true);
  });
});
