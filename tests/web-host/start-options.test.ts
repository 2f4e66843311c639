import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

/** `npm start -- …` as a technician types it; each of these is refused before anything is built or started. */
function start(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('npm', ['start', '--silent', '--', ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '', KIOSK_GATEWAY_URL: 'http://127.0.0.1:9' },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('npm start: a mistyped option stops at once, in Vietnamese first, then English', () => {
  it('refuses a wrong role, port or serial option before building or starting anything', () => {
    const cases: [string[], RegExp][] = [
      [['--role', 'cashier'], /^\[kiosk\] --role nhận counter hoặc kiosk \/ --role takes counter or kiosk$/m],
      [['--port', '70000'], /số cổng từ 0 đến 65535, không phải "70000" \/ --port N: a port number from 0 to 65535, not "70000"/],
      [['--serial', '/dev/ttyUSB0:fast'], /tốc độ là số, ví dụ 9600\): "\/dev\/ttyUSB0:fast" \/ --serial PATH\[:BAUD\]/],
    ];
    for (const [args, message] of cases) {
      const r = start(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      // Nothing was built, no gateway was asked for.
      expect(r.stdout, args.join(' ')).not.toMatch(/npm run build|máy chủ tỉnh|gateway/);
    }
  }, 120_000);
});
