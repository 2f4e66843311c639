// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
/**
 * Codes not in the kiosk's cache are looked up at the provincial gateway (a real one on loopback,
 * demo data), through the host's gateway client; without a link the citizen gets a clear message.
 * happy-dom replaces the global fetch that the host's client uses, with a browser's same-origin
 * policy: switched off here, since in the app that client runs in Node, not in the page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import type { HostServices } from '../../src/main/services';
import { createTestHost } from '../helpers/render-screen';
import { DEMO_AGENCIES, startGateway, type TestGateway } from '../helpers/gateway';
import { dossierRow, startKiosk, t, until, type Kiosk } from './harness';

let gw: TestGateway;
let host: HostServices;
/** Dossiers of another commune than the kiosk's (lookup covers the whole province). */
let byStatus: Map<number, { code: string; name: string; agencyName: string }>;
let kiosk: Kiosk | null = null;

const [OWN, OTHER] = DEMO_AGENCIES as [typeof DEMO_AGENCIES[number], typeof DEMO_AGENCIES[number]];

beforeAll(async () => {
  gw = await startGateway({ seed: 'demo', dossiersPerAgency: 10 });
  host = await createTestHost();
  const { code } = await gw.createEnrollCode(OWN.code, undefined, 'kiosk');
  await host.admin!.enroll(gw.url, code, 'kiosk', 'citizen test');
  const rows = await gw.db.query<{ code: string; status: number; data: { applicant: { name: string } } }>(
    'select code, status, data from dossiers where agency_code = $1', [OTHER.code]);
  byStatus = new Map(rows.map((r) => [r.status, { code: r.code, name: r.data.applicant.name, agencyName: OTHER.name }]));
}, 120_000);

afterAll(async () => {
  await host?.close();
  await gw?.close();
});

afterEach(async () => {
  cleanup();
  await kiosk?.close();
  kiosk = null;
});

describe('online lookup', () => {
  it('shows a dossier the kiosk has not cached, from the gateway, with the applicant masked', async () => {
    const d = byStatus.get(5)!;
    kiosk = await startKiosk({ host });
    kiosk.scan(d.code);
    await until(() => screen.queryByTestId('status') !== null, 15_000);
    expect(screen.getByTestId('status-sentence').textContent).toBe(t('status.sentence.5'));
    expect(screen.getByTestId('details').textContent).toContain(d.agencyName);
    expect(screen.getByTestId('supplements').textContent).not.toBe('');
    const html = kiosk.view.container.innerHTML;
    expect(html).not.toContain(d.name);
    expect(screen.getByTestId('applicant').textContent).toMatch(/(?:\p{Lu}\.\s?)+$/u);
    expect(screen.queryByTestId('id-masked')).toBeNull();
  });

  it('opens a dossier from a receipt printed with an agency code the 2025 merger closed', async () => {
    const d = byStatus.get(5)!;
    // The demo province's aliases: 000.00.NN.H02 (before the merger) → 000.00.NN.H08.
    const old = d.code.replace('.H08-', '.H02-');
    kiosk = await startKiosk({ host });
    kiosk.scan(old);
    await until(() => screen.queryByTestId('status') !== null, 15_000);
    expect(screen.getByTestId('status-sentence').textContent).toBe(t('status.sentence.5'));
    expect(screen.getByTestId('details').textContent).toContain(d.agencyName);
  });

  it('explains that a dossier found online cannot be rated here', async () => {
    const d = byStatus.get(10)!;
    kiosk = await startKiosk({ host });
    kiosk.scan(d.code);
    await until(() => screen.queryByTestId('status') !== null, 15_000);
    expect(screen.getByTestId('rating-not-here').textContent).toBe(t('rating.notHere'));
  });

  it('says when the gateway has no such dossier', async () => {
    kiosk = await startKiosk({ host });
    const code = `${OTHER.code}-200101-9999`;
    kiosk.scan(code);
    await until(() => screen.queryByTestId('message') !== null, 15_000);
    expect(screen.getByTestId('message').dataset.message).toBe('notFound');
    expect(screen.getByTestId('message').textContent).toContain(t('notice.notFound', { code }));
    // The code in the sentence is one element kept on a line (citizen.css: .dossier-code), as written.
    const inSentence = screen.getByTestId('message').querySelector('[data-testid="dossier-code"]');
    expect(inSentence?.className).toBe('dossier-code');
    expect(inSentence?.textContent).toBe(code);
  });
});

describe('offline', () => {
  it('says the province cannot be reached when the kiosk is not enrolled', async () => {
    kiosk = await startKiosk();
    const code = byStatus.get(4)!.code;
    kiosk.scan(code);
    await until(() => screen.queryByTestId('message') !== null, 15_000);
    expect(screen.getByTestId('message').dataset.message).toBe('offline');
    expect(screen.getByTestId('message').textContent).toContain(t('notice.offline', { code }));
  });

  it('says the province cannot be reached when the gateway is down, and still shows cached dossiers', async () => {
    const lone = await startGateway({ seed: 'catalog' });
    const offlineHost = await createTestHost();
    try {
      const { code: enrollCode } = await lone.createEnrollCode(OWN.code, undefined, 'kiosk');
      await offlineHost.admin!.enroll(lone.url, enrollCode, 'kiosk', 'citizen test');
      await lone.close();
      const cached = `${OWN.code}-260305-0001`;
      kiosk = await startKiosk({ host: offlineHost, rows: [dossierRow(cached, 9)] });
      kiosk.scan(byStatus.get(4)!.code);
      await until(() => screen.queryByTestId('message') !== null, 15_000);
      expect(screen.getByTestId('message').dataset.message).toBe('offline');
      kiosk.scan(cached);
      await until(() => screen.queryByTestId('status') !== null, 15_000);
      expect(screen.getByTestId('status-sentence').textContent).toBe(t('status.sentence.9'));
    } finally {
      await offlineHost.close();
    }
  });
});
