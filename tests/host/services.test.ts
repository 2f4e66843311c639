import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHostServices } from '../../src/main/services';
import { createDispatcher } from '../../src/main/bridge/dispatcher';

async function host() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-svc-'));
  const services = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir });
  return { dataDir, services, dispatcher: createDispatcher(services.handlers, { authorise: services.authorise }) };
}

describe('host services', () => {
  it('saves a receipt PDF in the receipts folder when the host can print the calling window', async () => {
    const { dataDir, services, dispatcher } = await host();
    const r = await dispatcher.dispatch('print.receiptPdf', { code: '000.00.01.H08-261126-0001' }, { printToPdf: async () => new TextEncoder().encode('%PDF-1.7 x') });
    expect(r).toEqual({ ok: true, value: { path: path.join(dataDir, 'receipts', '000.00.01.H08-261126-0001.pdf') } });
    expect(readFileSync(path.join(dataDir, 'receipts', '000.00.01.H08-261126-0001.pdf'), 'utf8')).toBe('%PDF-1.7 x');
    await services.close();
  });

  it('answers unsupported for a PDF in the browser host, and refuses a code that could leave the folder', async () => {
    const { services, dispatcher } = await host();
    expect(await dispatcher.dispatch('print.receiptPdf', { code: '000.00.01.H08-261126-0001' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await dispatcher.dispatch('print.receiptPdf', { code: '../../etc/passwd' }, { printToPdf: async () => new Uint8Array() })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await services.close();
  });

  it('needs an unlocked technician console to enroll, re-configure scanners or forget the gateway', async () => {
    const { services, dispatcher } = await host();
    expect(await dispatcher.dispatch('gateway.enroll', { url: 'http://127.0.0.1:9', code: 'AAAAA-BBBBB' })).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    expect(await dispatcher.dispatch('scanner.setConfig', { scanners: [] })).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    expect(await dispatcher.dispatch('gateway.forget', {})).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    await services.close();
  });

  it('never hands the device token to the page', async () => {
    const { services, dispatcher } = await host();
    const status = await dispatcher.dispatch('gateway.status', {});
    expect(JSON.stringify(status)).not.toMatch(/token/i);
    await services.close();
  });
});
