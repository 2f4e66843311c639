// @vitest-environment happy-dom
/**
 * The officer's signing key in the counter's session (real form, real host bridge: keys.seal /
 * keys.open): made at the first sign-in, used for every action, kept while the same officer's
 * session is locked, a new one after the gateway refused it — asked for in "needs attention".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { createPublicKey, verify } from 'node:crypto';
import { signedText } from '../../src/shared/protocol';
import { localized } from '../../src/shared/messages';
import type { KioskDb, OutboxRow } from '../../src/renderer/db/database';
import { IDENTITY, PIN, dossierRow, enterPin, signInAs, startCounter, until, type Counter } from './harness';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const CODE = `${IDENTITY.agency.code}-260305-0009`;

async function signedBy(db: KioskDb, row: OutboxRow): Promise<string | null> {
  const key = (await db.staffKeys.toArray()).find((k) => k.keyId === row.sig?.keyId);
  if (!key || !row.sig) return null;
  const text = signedText(IDENTITY.deviceId, { id: row.id, type: row.type, at: row.at, staffId: row.staffId, payload: row.payload });
  const ok = verify('sha256', Buffer.from(text), { key: createPublicKey({ key: key.publicJwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(row.sig.value, 'base64url'));
  return ok ? key.staffId : null;
}

async function handBack(): Promise<void> {
  c!.scan(CODE);
  await until(() => screen.queryByTestId('action-handBack') !== null);
  fireEvent.click(screen.getByTestId('action-handBack'));
  fireEvent.click(screen.getByTestId('confirm-yes'));
  await until(() => screen.queryByTestId('action-done') !== null);
}

describe('the officer\'s key in the counter session', () => {
  it('signs the officer\'s actions from the first sign-in, offline, with a key the host sealed; the same key after the lock', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)], props: { idleLockMs: 60_000 } });
    await signInAs('c1', PIN);
    const key = (await c.db.staffKeys.get('c1'))!;
    expect(key).toMatchObject({ deviceId: IDENTITY.deviceId, registeredAt: null, sealed: expect.stringMatching(/^v1\./) });
    await handBack();
    const [m] = await c.db.outbox.toArray();
    expect(m).toMatchObject({ type: 'dossier.transition', staffId: 'c1', sig: { keyId: key.keyId } });
    expect(await signedBy(c.db, m!)).toBe('c1');
    // Locked and resumed by the same officer: the same key, opened again, signs.
    fireEvent.click(screen.getByTestId('lock'));
    await enterPin('c1', PIN);
    await until(() => !screen.getByTestId('workspace').hidden);
    expect(await c.db.staffKeys.count()).toBe(1);
    fireEvent.click(screen.getByTestId('pay-f1'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('fee')?.getAttribute('data-paid') === 'true');
    const paid = (await c.db.outbox.toArray()).find((r) => r.type === 'dossier.payFee')!;
    expect(paid.sig?.keyId).toBe(key.keyId);
    expect(await signedBy(c.db, paid)).toBe('c1');
    // Another officer gets their own key, and their actions are theirs.
    fireEvent.click(screen.getByTestId('sign-out'));
    await signInAs('c2', PIN);
    expect((await c.db.staffKeys.get('c2'))!.keyId).not.toBe(key.keyId);
  });

  it('shows a key the gateway refused in "needs attention" with the reason and what waits, and signing in again makes a new one', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)] });
    await signInAs('c1', PIN);
    await handBack();
    const old = (await c.db.staffKeys.get('c1'))!;
    // What the sync engine records when the gateway answers the registration 403 bad-proof.
    await c.db.staffKeys.update('c1', { failure: { code: 'forbidden', reason: 'bad-proof', message: localized('forbidden', 'bad-proof'), at: Date.now() } });
    fireEvent.click(screen.getByTestId('sync-attention'));
    await until(() => screen.queryByTestId('attention-key') !== null);
    const item = screen.getByTestId('attention-key');
    expect(item.textContent).toContain(localized('forbidden', 'bad-proof').vi);
    expect(item.textContent).toContain('Nguyễn Thị Lan');
    expect(item.textContent).toContain('1 thao tác');
    expect(item.textContent).toContain('đăng nhập lại');
    fireEvent.click(within(item).getByTestId('attention-sign-in-again'));
    await until(() => screen.queryByTestId('workspace') === null);
    // Nothing queued is lost meanwhile.
    expect(await c.db.outbox.where('state').equals('pending').count()).toBe(1);
    await signInAs('c1', PIN);
    const renewed = (await c.db.staffKeys.get('c1'))!;
    expect(renewed.keyId).not.toBe(old.keyId);
    expect(renewed).toMatchObject({ failure: null, registeredAt: null, proof: expect.any(String) });
    fireEvent.click(screen.getByTestId('sync-attention'));
    await until(() => screen.queryByTestId('attention-empty') !== null);
  });

  it('in English too', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)] });
    await c.i18n.changeLanguage('en');
    await signInAs('c1', PIN);
    await c.db.staffKeys.update('c1', { failure: { code: 'forbidden', reason: 'bad-proof', message: localized('forbidden', 'bad-proof'), at: Date.now() } });
    fireEvent.click(screen.getByTestId('sync-attention'));
    await until(() => screen.queryByTestId('attention-key') !== null);
    expect(screen.getByTestId('attention-key').textContent).toContain('sign out and sign in again');
    expect(screen.getByTestId('attention-key').textContent).toContain(localized('forbidden', 'bad-proof').en);
  });
});
