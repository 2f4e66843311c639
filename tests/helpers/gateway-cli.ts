/**
 * The gateway's command line (`src/cli/gateway.ts`) run as a technician runs it, for the tests
 * that check it from outside: synchronously (it works on the storage itself), or asynchronously
 * (beside a gateway this process serves, which must keep answering meanwhile). Children still
 * running at the end of a file are killed by `killCliChildren`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const TSX = 'node_modules/.bin/tsx';
export const GATEWAY_CLI = 'src/cli/gateway.ts';
const children: ChildProcess[] = [];

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function gatewayCli(args: string[], input = ''): CliResult {
  const r = spawnSync(TSX, [GATEWAY_CLI, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function gatewayCliAsync(args: string[], input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [GATEWAY_CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin!.end(input);
  });
}

/** Spawns `gateway` with other stdio (a `serve` whose first line is read); killed by `killCliChildren`. */
export function spawnGatewayCli(args: string[], stdio: Parameters<typeof spawn>[2]['stdio']): ChildProcess {
  const child = spawn(TSX, [GATEWAY_CLI, ...args], { stdio });
  children.push(child);
  return child;
}

export function killCliChildren(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}
