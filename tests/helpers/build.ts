/** End-to-end tests run the built app: build it once if `out/` is missing (npm test builds first). */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function ensureBuilt(): void {
  const root = process.cwd();
  if (existsSync(path.join(root, 'out/renderer/index.html')) && existsSync(path.join(root, 'out/web-host/kiosk-bridge.js'))
    && existsSync(path.join(root, 'out/console/index.html'))) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}
