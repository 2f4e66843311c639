// The contract imports the settings calls, and the settings schema imports the contract
// (SerialScannerConfig): this file loads the contract FIRST (its own module graph), where the
// other settings tests load the settings first; both orders must give working schemas.
import { describe, expect, it } from 'vitest';

describe('contract ↔ settings import cycle', () => {
  it('works when the contract is loaded first', async () => {
    const contract = await import('../../src/shared/bridge/contract');
    const settings = await import('../../src/shared/settings');
    const pub = settings.publicSettings(settings.defaultSettings());
    expect(contract.bridgeCalls['settings.get'].output.parse(pub)).toMatchObject({ role: 'counter' });
    expect(contract.bridgeCalls['settings.update'].input.safeParse({ idleTimeoutSeconds: 10 }).success).toBe(false);
    const s = settings.Settings.parse({ schemaVersion: settings.SETTINGS_VERSION, serialScanners: [{ id: 'desk', path: 'COM3' }] });
    expect(s.serialScanners[0]).toMatchObject({ baudRate: 9600, terminator: 'auto' });
  });
});
