/**
 * The console's Accounts tab for real: the gateway on loopback over PostgreSQL serving the built
 * console, two Chromium contexts at 1366×768. The province admin creates an agency account; the
 * new admin signs in in the second context (and sees its own agency's accounts only); the province
 * disables it and the second context's next action lands on the signed-out screen, its sign-in
 * refused in words; enabled again and its password reset, it signs in with the new password only
 * and must first choose a password of its own (the given one again is refused in words), as it
 * had to after its creation.
 * The province admin then changes its own password from the header. axe on each screen;
 * screenshots go to test-output/screenshots/console-accounts-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { launchChromium } from '../helpers/browser';
import { ensureBuilt } from '../helpers/build';
import { expectNoAxeViolations } from '../helpers/axe';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { createAdminAccount } from '../../src/gateway/store/console';
import { ensureAgency } from '../../src/gateway/store/devices';
import text from '../../src/renderer/i18n/province';
import { vi as catalogVi } from '../../src/shared/messages/catalog';

const vi = text.vi;
const SHOTS = path.join(process.cwd(), 'test-output', 'screenshots');
const tid = (id: string) => `[data-testid="${id}"]`;
const A = DEMO_AGENCIES[0]!.code;
const B = DEMO_AGENCIES[1]!.code;
const PROVINCE_PASSWORD = 'mat-khau-quan-tri-tinh-2026';
const FIRST_PASSWORD = 'mat-khau-dau-tien-cua-xa';
const CHOSEN_PASSWORD = 'mat-khau-xa-tu-chon-2026';
const RESET_PASSWORD = 'mat-khau-dat-lai-cua-xa-2026';
const OWN_PASSWORD = 'mat-khau-rieng-cua-xa-moi-2026';

let gw: TestGateway;
let browser: Browser;
let province: Page;
let agency: Page;

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: path.join(SHOTS, `console-accounts-${name}.png`) });
}

async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.locator(tid('pc-username')).waitFor({ timeout: 30_000 });
  await p.fill(tid('pc-username'), username);
  await p.fill(tid('pc-password'), password);
  await p.click(tid('pc-login'));
}

/** Fills the password dialog (current, new twice) and saves. */
async function changePassword(p: Page, current: string, next: string): Promise<void> {
  await p.fill(tid('pc-password-current'), current);
  await p.fill(tid('pc-password-new'), next);
  await p.fill(tid('pc-password-repeat'), next);
  await p.click(tid('pc-password-save'));
}

const row = (p: Page, username: string) => p.locator(tid('pc-account-row'), { hasText: username });

describe('province console accounts in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SHOTS, { recursive: true });
    gw = await startGateway({ storage: { databaseUrl: TEST_PG_URL }, seed: 'catalog' });
    await createAdminAccount(gw.db, { username: 'tinh.admin', password: PROVINCE_PASSWORD, role: 'province', agency: null }, 'test');
    await createAdminAccount(gw.db, { username: 'xa.khac', password: PROVINCE_PASSWORD, role: 'agency', agency: B }, 'test');
    // Agency A is in the province (as an enrollment code brings an agency in): its admin can be made.
    await ensureAgency(gw.db, A);
    browser = await launchChromium();
    province = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    agency = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('creates an agency account from the Accounts tab, refusing a short password in words', async () => {
    await province.goto(`${gw.url}/console/`);
    await signIn(province, 'tinh.admin', PROVINCE_PASSWORD);
    await province.locator(tid('pc-fleet')).waitFor({ timeout: 20_000 });
    await province.getByRole('tab', { name: vi.tabs.accounts }).click();
    await expect.poll(() => province.locator(tid('pc-account-row')).count(), { timeout: 20_000 }).toBe(2);
    await province.click(tid('pc-account-add'));
    await province.fill(tid('pc-account-add-username'), 'xa.moi');
    await province.selectOption(tid('pc-account-add-role'), 'agency');
    await province.fill(tid('pc-account-add-agency'), A);
    await province.fill(tid('pc-account-add-password'), 'ngan-qua');
    await province.fill(tid('pc-account-add-repeat'), 'ngan-qua');
    await province.click(tid('pc-account-add-save'));
    await expect.poll(() => province.locator(`${tid('pc-account-add-dialog')} .ui-error`).first().textContent(), { timeout: 10_000 })
      .toBe(vi.accounts.passwordRequired);
    await province.fill(tid('pc-account-add-password'), FIRST_PASSWORD);
    await province.fill(tid('pc-account-add-repeat'), FIRST_PASSWORD);
    // A well-formed agency code the province does not have: refused, said at the field.
    await province.fill(tid('pc-account-add-agency'), '000.00.77.H08');
    await province.click(tid('pc-account-add-save'));
    await expect.poll(() => province.locator(tid('pc-account-add-agency-error')).textContent(), { timeout: 10_000 })
      .toContain(vi.enroll.agencyNotInProvince.replace('{{code}}', '000.00.77.H08'));
    expect(await gw.db.query("select 1 from admin_accounts where username = 'xa.moi'")).toHaveLength(0);
    await province.fill(tid('pc-account-add-agency'), A);
    await shot(province, 'create');
    await expectNoAxeViolations(province);
    await province.click(tid('pc-account-add-save'));
    await province.locator(tid('pc-account-add-dialog')).waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => province.locator(tid('pc-account-row')).count(), { timeout: 20_000 }).toBe(3);
    expect(await row(province, 'xa.moi').locator('[data-state]').getAttribute('data-state')).toBe('active');
    // The password was chosen by the province admin: the account's user chooses their own first.
    expect(await row(province, 'xa.moi').locator(tid('pc-account-must-change')).count()).toBe(1);
    const audit = await gw.db.query<{ actor: string }>("select actor from admin_audit where action = 'admin-account.create' and target = 'xa.moi'");
    expect(audit.map((a) => a.actor)).toEqual(['account:tinh.admin']);
  });

  it('signs in as the new account in a second browser, which sees its own agency\'s accounts only', async () => {
    await agency.goto(`${gw.url}/console/`);
    await signIn(agency, 'xa.moi', FIRST_PASSWORD);
    // First its own password (the one it was given is the province admin's choice).
    await agency.locator(tid('pc-password-dialog')).waitFor({ timeout: 20_000 });
    await changePassword(agency, FIRST_PASSWORD, CHOSEN_PASSWORD);
    await agency.locator(tid('pc-fleet')).waitFor({ timeout: 20_000 });
    await agency.getByRole('tab', { name: vi.tabs.accounts }).click();
    await expect.poll(() => agency.locator(tid('pc-account-row')).count(), { timeout: 20_000 }).toBe(1);
    expect(await agency.locator(tid('pc-accounts-table')).textContent()).not.toContain('xa.khac');
    expect(await agency.locator(tid('pc-account-add')).count()).toBe(0);
    // Its own row: no disable or reset of itself.
    expect(await row(agency, 'xa.moi').locator(tid('pc-account-disable')).count()).toBe(0);
    expect(await agency.locator('#pc-accounts-title').textContent()).toBe(vi.accounts.headingAgency.replace('{{agency}}', A));
    await shot(agency, 'agency');
    await expectNoAxeViolations(agency);
    await agency.getByRole('tab', { name: vi.tabs.fleet, exact: true }).click();
  });

  it('disables it from the first browser: the second one\'s next action lands on the signed-out screen', async () => {
    await row(province, 'xa.moi').locator(tid('pc-account-disable')).click();
    await province.locator(tid('pc-account-toggle-dialog')).waitFor({ timeout: 10_000 });
    await shot(province, 'disable');
    await expectNoAxeViolations(province);
    await province.click(tid('pc-account-toggle-confirm'));
    await province.locator(tid('pc-account-toggle-dialog')).waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => row(province, 'xa.moi').locator('[data-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('disabled');
    expect(await row(province, 'xa.moi').textContent()).toContain(vi.accounts.disabled);
    await shot(province, 'list');
    await expectNoAxeViolations(province);

    // The second browser's next request is refused: the page shows the signed-out screen.
    await agency.getByRole('tab', { name: vi.tabs.staff }).click();
    await agency.locator(tid('pc-ended')).waitFor({ timeout: 20_000 });
    expect(await agency.locator(tid('pc-tabs')).count()).toBe(0);
    await signIn(agency, 'xa.moi', CHOSEN_PASSWORD);
    await expect.poll(() => agency.locator(tid('pc-login-error')).textContent(), { timeout: 20_000 }).toBe(catalogVi.gateway['account-disabled']);
    await shot(agency, 'disabled-sign-in');
  });

  it('enables it again and resets its password: only the new password signs in', async () => {
    await row(province, 'xa.moi').locator(tid('pc-account-enable')).click();
    await province.click(tid('pc-account-toggle-confirm'));
    await expect.poll(() => row(province, 'xa.moi').locator('[data-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('active');

    await row(province, 'xa.moi').locator(tid('pc-account-reset')).click();
    await province.fill(tid('pc-account-reset-password'), 'van-ngan');
    await province.fill(tid('pc-account-reset-repeat'), 'van-ngan');
    await province.click(tid('pc-account-reset-save'));
    await expect.poll(() => province.locator(`${tid('pc-account-reset-dialog')} .ui-error`).first().textContent(), { timeout: 10_000 })
      .toBe(vi.accounts.passwordRequired);
    await province.fill(tid('pc-account-reset-password'), RESET_PASSWORD);
    await province.fill(tid('pc-account-reset-repeat'), RESET_PASSWORD);
    await shot(province, 'reset');
    await expectNoAxeViolations(province);
    await province.click(tid('pc-account-reset-save'));
    await province.locator(tid('pc-account-reset-dialog')).waitFor({ state: 'detached', timeout: 20_000 });

    await signIn(agency, 'xa.moi', CHOSEN_PASSWORD);
    await expect.poll(() => agency.locator(tid('pc-login-error')).textContent(), { timeout: 20_000 }).toBe(catalogVi.gateway['login-failed']);
    await signIn(agency, 'xa.moi', RESET_PASSWORD);
    const audit = await gw.db.query<{ action: string; actor: string }>(
      "select action, actor from admin_audit where target = 'xa.moi' and action like 'admin-account.%' order by id");
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['admin-account.create', 'account:tinh.admin'], ['admin-account.password-change', 'account:xa.moi'], ['admin-account.disable', 'account:tinh.admin'],
      ['admin-account.enable', 'account:tinh.admin'], ['admin-account.password-reset', 'account:tinh.admin'],
    ]);
  });

  it('makes the reset account choose its own password before the console opens; the list says it is waiting', async () => {
    // The province's list marks the account until its user has changed the password.
    await province.getByRole('tab', { name: vi.tabs.fleet, exact: true }).click();
    await province.getByRole('tab', { name: vi.tabs.accounts }).click();
    await row(province, 'xa.moi').locator(tid('pc-account-must-change')).waitFor({ timeout: 20_000 });
    expect(await row(province, 'xa.moi').locator(tid('pc-account-must-change')).textContent()).toBe(vi.accounts.mustChange);

    // The second browser signed in with the reset password: only the change, or signing out.
    const dialog = agency.locator(tid('pc-password-dialog'));
    await dialog.waitFor({ timeout: 20_000 });
    expect(await agency.locator(tid('pc-tabs')).count()).toBe(0);
    expect(await dialog.textContent()).toContain(vi.accounts.requiredTitle);
    expect(await agency.locator(tid('pc-password-signout')).count()).toBe(1);
    await agency.keyboard.press('Escape');
    expect(await dialog.count()).toBe(1);
    await changePassword(agency, RESET_PASSWORD, RESET_PASSWORD);
    await expect.poll(() => agency.locator(`${tid('pc-password-dialog')} .ui-error`).first().textContent(), { timeout: 20_000 })
      .toBe(catalogVi.forbidden['same-password']);
    await agency.fill(tid('pc-password-new'), OWN_PASSWORD);
    await agency.fill(tid('pc-password-repeat'), OWN_PASSWORD);
    await shot(agency, 'required-change');
    await expectNoAxeViolations(agency);
    await agency.click(tid('pc-password-save'));
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await agency.locator(tid('pc-fleet')).waitFor({ timeout: 20_000 });

    await province.getByRole('tab', { name: vi.tabs.fleet, exact: true }).click();
    await province.getByRole('tab', { name: vi.tabs.accounts }).click();
    await expect.poll(() => row(province, 'xa.moi').locator('[data-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('active');
    expect(await row(province, 'xa.moi').locator(tid('pc-account-must-change')).count()).toBe(0);
    const changed = await gw.db.query<{ actor: string; details: { required?: boolean } }>(
      "select actor, details from admin_audit where target = 'xa.moi' and action = 'admin-account.password-change' order by id");
    // After its creation, and after the reset.
    expect(changed).toEqual([0, 1].map(() => ({ actor: 'account:xa.moi', details: expect.objectContaining({ required: true }) })));
  });

  it('unlocks a locked account', async () => {
    await gw.db.query("update admin_accounts set locked_until = now() + interval '15 minutes' where username = 'xa.khac'");
    await province.getByRole('tab', { name: vi.tabs.fleet, exact: true }).click();
    await province.getByRole('tab', { name: vi.tabs.accounts }).click();
    await expect.poll(() => row(province, 'xa.khac').locator('[data-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('locked');
    await row(province, 'xa.khac').locator(tid('pc-account-unlock')).click();
    await expect.poll(() => row(province, 'xa.khac').locator('[data-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('active');
  });

  it('changes the signed-in admin\'s own password from the header', async () => {
    await province.click(tid('pc-change-password'));
    await changePassword(province, 'khong-phai-mat-khau', RESET_PASSWORD);
    await expect.poll(() => province.locator(`${tid('pc-password-dialog')} .ui-error`).first().textContent(), { timeout: 20_000 })
      .toBe(catalogVi.forbidden['current-password']);
    await province.fill(tid('pc-password-current'), PROVINCE_PASSWORD);
    await shot(province, 'change-password');
    await expectNoAxeViolations(province);
    await province.click(tid('pc-password-save'));
    await province.locator(tid('pc-password-dialog')).waitFor({ state: 'detached', timeout: 20_000 });
    // This session goes on.
    await province.getByRole('tab', { name: vi.tabs.fleet, exact: true }).click();
    await province.locator(tid('pc-fleet')).waitFor({ timeout: 20_000 });
    expect(await province.locator(tid('pc-ended')).count()).toBe(0);
    const audit = await gw.db.query<{ actor: string }>("select actor from admin_audit where action = 'admin-account.password-change' and target = 'tinh.admin'");
    expect(audit.map((a) => a.actor)).toEqual(['account:tinh.admin']);
  });
});
