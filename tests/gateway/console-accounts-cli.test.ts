/**
 * `gateway admin disable|enable|reset-password` (docs/SECURITY.md §8): on PostgreSQL directly, and
 * on a PGlite directory held by a running `serve` (through its loopback admin endpoints). The new
 * password comes from stdin, never argv; a short one is refused with the policy's message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_PG_URL } from '../helpers/gateway';
import { gatewayCli as cli, gatewayCliAsync as cliAsync, killCliChildren, spawnGatewayCli } from '../helpers/gateway-cli';
import { startEmbeddedGateway } from '../../scripts/embedded-gateway';
import { PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';

const PASSWORD = 'mat-khau-dong-lenh-1';
const NEW_PASSWORD = 'mat-khau-dong-lenh-moi-2';
afterAll(killCliChildren);

async function signInStatus(url: string, username: string, password: string): Promise<{ status: number; code: string | null; mustChangePassword?: boolean }> {
  const res = await fetch(`${url}${PATHS.adminSession}`, {
    method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json() as { error?: { code: string }; mustChangePassword?: boolean };
  return { status: res.status, code: body.error?.code ?? null, ...(body.mustChangePassword !== undefined ? { mustChangePassword: body.mustChangePassword } : {}) };
}

/** The command's lifecycle on one storage; `url` is a gateway serving it, to sign in with. */
async function walk(storage: string[], url: string): Promise<void> {
  // An agency the province does not have yet: refused (404 not-found, naming it), as the console's route does.
  const notYet = cli(['admin', 'create', ...storage, '--username', 'xa.cli', '--role', 'agency', '--agency', '000.00.01.H01'], `${PASSWORD}\n`);
  expect(notYet.status).toBe(1);
  expect(notYet.stderr).toMatch(/not-found/);
  expect(notYet.stderr).toContain('000.00.01.H01');
  // An enrollment code brings the agency in; then its admin can be made.
  expect(cli(['enroll-code', ...storage, '--agency', '000.00.01.H01']).status).toBe(0);
  const created = cli(['admin', 'create', ...storage, '--username', 'xa.cli', '--role', 'agency', '--agency', '000.00.01.H01'], `${PASSWORD}\n`);
  expect(created.status, created.stderr).toBe(0);
  expect(JSON.parse(created.stdout.trim())).toMatchObject({ username: 'xa.cli', role: 'agency', disabledAt: null });
  expect((await signInStatus(url, 'xa.cli', PASSWORD)).status).toBe(200);

  const disabled = cli(['admin', 'disable', ...storage, '--username', 'xa.cli']);
  expect(disabled.status, disabled.stderr).toBe(0);
  expect(JSON.parse(disabled.stdout.trim()).disabledAt).not.toBeNull();
  expect(await signInStatus(url, 'xa.cli', PASSWORD)).toEqual({ status: 403, code: 'account-disabled' });

  const enabled = cli(['admin', 'enable', ...storage, '--username', 'xa.cli']);
  expect(enabled.status, enabled.stderr).toBe(0);
  expect(JSON.parse(enabled.stdout.trim()).disabledAt).toBeNull();
  expect((await signInStatus(url, 'xa.cli', PASSWORD)).status).toBe(200);

  const short = cli(['admin', 'reset-password', ...storage, '--username', 'xa.cli'], 'ngan\n');
  expect(short.status).toBe(2);
  expect(short.stderr).toContain('Mật khẩu phải có ít nhất 12 ký tự');
  expect(short.stderr).toContain('at least 12 characters');

  const reset = cli(['admin', 'reset-password', ...storage, '--username', 'xa.cli'], `${NEW_PASSWORD}\n`);
  expect(reset.status, reset.stderr).toBe(0);
  expect(reset.stdout).not.toContain(NEW_PASSWORD);
  expect(reset.stdout).not.toMatch(/scrypt/);
  // The operator knows the password it typed: the account must choose its own at sign-in.
  expect(JSON.parse(reset.stdout).mustChangePassword).toBe(true);
  expect((await signInStatus(url, 'xa.cli', PASSWORD)).code).toBe('login-failed');
  expect(await signInStatus(url, 'xa.cli', NEW_PASSWORD)).toEqual({ status: 200, code: null, mustChangePassword: true });

  const unknown = cli(['admin', 'disable', ...storage, '--username', 'khong.co']);
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toMatch(/no account "khong\.co"/);
}

describe('gateway admin disable|enable|reset-password', () => {
  it('beside npm start (its embedded gateway holds the directory), and answers --help and a wrong option with its usage', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-accounts-embedded-'));
    const embedded = await startEmbeddedGateway(dir, { dossiersPerAgency: 5 });
    try {
      // Asynchronously: the embedded gateway answers from this process's event loop.
      const created = await cliAsync(['admin', 'create', '--data', dir, '--username', 'tinh.cli', '--role', 'province'], `${PASSWORD}\n`);
      expect(created.status, created.stderr).toBe(0);
      expect((await signInStatus(embedded.url, 'tinh.cli', PASSWORD)).status).toBe(200);
    } finally {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('admin create --username U');
    const wrong = cli(['admin', '--bogus']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--bogus'");
    expect(wrong.stderr).toContain('Cách dùng / usage');
    expect(wrong.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('on PostgreSQL, directly', { timeout: 300_000 }, async () => {
    const gw = await startGateway({ storage: { databaseUrl: TEST_PG_URL }, seed: 'catalog' });
    try {
      await walk(['--database-url', gw.databaseUrl!], gw.url);
      const audit = await gw.db.query<{ actor: string; action: string }>(
        "select actor, action from admin_audit where target = 'xa.cli' and action like 'admin-account.%' order by id");
      expect(audit.map((a) => a.action)).toEqual(['admin-account.create', 'admin-account.disable', 'admin-account.enable', 'admin-account.password-reset']);
      expect(audit.every((a) => a.actor === 'cli')).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('on a PGlite directory held by serve, through its loopback admin endpoints', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-accounts-cli-'));
    try {
      const child = spawnGatewayCli(['serve', '--port', '0', '--log-level', 'warn', '--data', dir], ['ignore', 'pipe', 'inherit']);
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { listening: string }).listening));
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      await walk(['--data', dir], url);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
