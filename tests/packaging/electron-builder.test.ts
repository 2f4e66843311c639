import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { load as loadYaml } from 'js-yaml';

const require = createRequire(import.meta.url);
// electron-builder's own validator (the schema in app-builder-lib/scheme.json, checked with ajv).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: object, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const logger = { isEnabled: false, add() {} };

const config = loadYaml(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('would fail validation for an unknown option (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, notAnOption: true }, logger)).rejects.toThrow(/notAnOption/);
  });

  it('builds NSIS x64 per machine for Windows and AppImage + deb for Linux', () => {
    const win = config.win as { target: { target: string; arch: string[] }[] };
    expect(win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect((config.nsis as { perMachine: boolean }).perMachine).toBe(true);
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
  });

  it('keeps serialport\'s native binding outside the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/@serialport/bindings-cpp/**']));
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true,
    });
  });
});
