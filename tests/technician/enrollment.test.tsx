// @vitest-environment happy-dom
/**
 * Enrollment from the console against the real gateway on loopback: a fresh code enrolls the
 * device and shows its identity; used, expired and unknown codes, a malformed code and an
 * unreachable gateway each get their own message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { startGateway, DEMO_AGENCIES, type TestGateway } from '../helpers/gateway';
import { openConsole, until, type Console } from './harness';

const AGENCY = DEMO_AGENCIES[0]!;
let gw: TestGateway;
let c: Console | null = null;

beforeAll(async () => {
  // The host's gateway client runs in this DOM test process: happy-dom's fetch would apply the
  // page's same-origin policy to what is, in the app, a request from the host (Node or Electron).
  (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
  gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
});
afterAll(async () => {
  await gw?.close();
});
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

async function enrollWith(url: string, code: string): Promise<void> {
  type('enroll-url', url);
  type('enroll-code', code);
  fireEvent.click(screen.getByTestId('enroll-submit'));
}

async function errorShown(): Promise<string> {
  await until(() => screen.queryByTestId('enroll-error') !== null, 10_000);
  return screen.getByTestId('enroll-error').textContent ?? '';
}

describe('enrollment in the console', () => {
  it('enrolls with a fresh code, shows the identity and asks for a reload when no sync engine runs yet', async () => {
    c = await openConsole();
    expect(screen.getByTestId('enroll-none').textContent).toBe(c.t('enroll.notEnrolled'));
    const { code } = await gw.createEnrollCode(AGENCY.code, 'Quầy 2');
    // Typed the way people do: lower case, no dash.
    await enrollWith(gw.url, code.replace('-', '').toLowerCase());
    await until(() => screen.queryByTestId('enroll-done') !== null, 10_000);
    expect(screen.getByTestId('enroll-done').textContent).toContain(c.t('enroll.doneReload'));
    const identity = screen.getByTestId('enroll-identity').textContent ?? '';
    expect(identity).toContain(AGENCY.code);
    expect(identity).toContain('Quầy 2');
    expect(await c.bridge.call('gateway.status', {})).toMatchObject({ enrolled: true });
    // The address is kept in the settings file as well.
    expect((await c.bridge.call('settings.get', {})).gatewayUrl).toBe(gw.url);
  });

  it('says a used code was already used', async () => {
    c = await openConsole();
    const { code } = await gw.createEnrollCode(AGENCY.code);
    await c.host.admin!.enroll(gw.url, code, 'counter', 'another kiosk');
    await enrollWith(gw.url, code);
    expect(await errorShown()).toBe(c.t('codes:enroll.enroll-code-used'));
  });

  it('says an expired code has expired', async () => {
    c = await openConsole();
    const { code } = await gw.createEnrollCode(AGENCY.code);
    await gw.db.query("update enroll_codes set expires_at = now() - interval '1 minute' where used_at is null");
    await enrollWith(gw.url, code);
    expect(await errorShown()).toBe(c.t('codes:enroll.enroll-code-expired'));
  });

  it('says the gateway does not know a made-up code', async () => {
    c = await openConsole();
    await enrollWith(gw.url, 'ABCDE-FGHJK');
    expect(await errorShown()).toBe(c.t('codes:enroll.enroll-code-invalid'));
  });

  it('catches a malformed code before asking the gateway', async () => {
    c = await openConsole();
    await enrollWith(gw.url, 'hello');
    expect(await errorShown()).toBe(c.t('enroll.badCode'));
    expect(c.calls).not.toContain('gateway.enroll');
  });

  it('says the gateway cannot be reached', async () => {
    c = await openConsole();
    await enrollWith('http://127.0.0.1:9', 'ABCDE-FGHJK');
    expect(await errorShown()).toBe(c.t('codes:enroll.network'));
  });
});
