/**
 * The layer rule of docs/ARCHITECTURE.md, proved by linting probe files placed (virtually) in each
 * layer: a wrong import must fail `npm run lint`, which the test command runs.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rule', () => {
  it('fails a renderer file that imports from src/main', async () => {
    const ids = await ruleIds('src/renderer/probe.ts', "import { createDispatcher } from '../main/bridge/dispatcher';\nexport const x = createDispatcher;\n");
    expect(ids).toContain('import-x/no-restricted-paths');
  });

  it('fails a src/shared file that imports a Node built-in', async () => {
    expect(await ruleIds('src/shared/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toContain('import-x/no-nodejs-modules');
    expect(await ruleIds('src/shared/probe.ts', "import crypto from 'crypto';\nexport const x = crypto;\n")).toContain('import-x/no-nodejs-modules');
  });

  it('fails a src/shared file that imports another layer', async () => {
    const ids = await ruleIds('src/shared/probe.ts', "import { getKiosk } from '../renderer/kiosk';\nexport const x = getKiosk;\n");
    expect(ids).toContain('import-x/no-restricted-paths');
  });

  it('fails electron imported outside src/main/electron', async () => {
    expect(await ruleIds('src/main/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src/main/electron/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });

  it('fails the gateway importing the renderer', async () => {
    const ids = await ruleIds('src/gateway/probe.ts', "import { getKiosk } from '../renderer/kiosk';\nexport const x = getKiosk;\n");
    expect(ids).toContain('import-x/no-restricted-paths');
  });

  it('accepts imports of src/shared from every layer', async () => {
    for (const layer of ['main', 'renderer', 'gateway']) {
      expect(await ruleIds(`src/${layer}/probe.ts`, "import { RawScan } from '../shared/scan/raw-scan';\nexport const x = RawScan;\n")).toEqual([]);
    }
  });
});
