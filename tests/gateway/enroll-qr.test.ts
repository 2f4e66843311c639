/** The enrollment QR code's text (src/shared/protocol/enroll.ts): what the province console draws and the technician console reads. */
import { describe, expect, it } from 'vitest';
import { enrollQrText, parseEnrollQr } from '../../src/shared/protocol';

describe('enrollment QR text', () => {
  it('round-trips the gateway address, the code and the kind', () => {
    const q = { gatewayUrl: 'https://motcua.tinh.example:8443/cong', code: '7K3QD-M9X2P', kind: 'kiosk' as const };
    const text = enrollQrText(q);
    expect(text).toBe('MCK-ENROLL:1?gw=https%3A%2F%2Fmotcua.tinh.example%3A8443%2Fcong&code=7K3QD-M9X2P&kind=kiosk');
    expect(parseEnrollQr(text)).toEqual(q);
    expect(parseEnrollQr(` ${text}\n`)).toEqual(q);
  });

  it('normalises a code as typed (case, I/L/O) and refuses anything that is not an enrollment', () => {
    expect(parseEnrollQr('MCK-ENROLL:1?gw=http%3A%2F%2F127.0.0.1%3A8787&code=7k3qd-m9x2p&kind=counter')?.code).toBe('7K3QD-M9X2P');
    for (const bad of [
      '', '000.00.01.H08-250101-0001', 'MCK-ENROLL:2?gw=x&code=7K3QD-M9X2P&kind=kiosk',
      'MCK-ENROLL:1?gw=ftp%3A%2F%2Fx&code=7K3QD-M9X2P&kind=kiosk', 'MCK-ENROLL:1?gw=https%3A%2F%2Fa.b&code=SHORT&kind=kiosk',
      'MCK-ENROLL:1?gw=https%3A%2F%2Fa.b&code=7K3QD-M9X2P&kind=printer', 'MCK-ENROLL:1?gw=%E0%A4%A&code=7K3QD-M9X2P&kind=kiosk',
    ]) expect(parseEnrollQr(bad), bad).toBeNull();
  });
});
