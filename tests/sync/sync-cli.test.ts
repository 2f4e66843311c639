import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

/** `npm run --silent sync -- …` as a technician types it; every refusal here happens before any network. */
function sync(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('npm', ['run', '--silent', 'sync', '--', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('sync command line: refusals in Vietnamese first, then English, exit 2, nothing started', () => {
  it('--help prints the usage on stdout', () => {
    const r = sync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Cách dùng \/ usage: sync soak/);
  });

  it('no command, an unknown fault, an unknown link profile, a bad file size, an unknown option', () => {
    const cases: [string[], RegExp][] = [
      [[], /Cách dùng \/ usage/],
      [['soak', '--gateway', 'http://127.0.0.1:9', '--enroll', 'X', '--mutations', '1', '--faults', 'drop,meteor'], /Lỗi giả lập không rõ \/ unknown fault\(s\): meteor/],
      [['soak', '--gateway', 'http://127.0.0.1:9', '--enroll', 'X', '--mutations', '1', '--link', 'dialup'], /Kiểu đường truyền không rõ \/ unknown link profile: dialup/],
      [['soak', '--gateway', 'http://127.0.0.1:9', '--enroll', 'X', '--mutations', '1', '--files', '2', '--file-size', '9-3'], /--file-size: từ 0 đến/],
      [['soak', '--colour', 'red'], /Tham số không hợp lệ \/ invalid arguments/],
      [['soak', '--gateway', 'http://127.0.0.1:9', '--enroll', 'X', '--mutations', '1', '--file-size', '4'], /--file-size chỉ đi cùng --files N \/ --file-size goes with --files N/],
    ];
    for (const [args, message] of cases) {
      const r = sync(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  }, 60_000);
});
