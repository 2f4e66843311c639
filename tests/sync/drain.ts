/**
 * The drain workload of the benchmark (bench/sync.bench.ts): a counter that worked offline has
 * `count` mutations queued (half intakes, half status changes on them), all signed by an officer
 * whose key was made at an offline sign-in; the link returns and one "Sync now" must register the
 * key and deliver them all. The gateway runs as its own process (`gateway serve --memory`, PGlite
 * in memory, demo catalog) on loopback, as in production, so kiosk and gateway do not share a
 * thread and the figure is the kiosk's plus the real round trips.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { hashCitizenId, intake, transition, type ActionContext } from '../../src/renderer/db/actions';
import { KioskDb } from '../../src/renderer/db/database';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { EnrollCodeResponse, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, StaffSummary } from '../../src/shared/protocol';
import { AGENCY, OFFICER_PIN, signInOfficer, uniqueName } from './fixtures';

export async function startGatewayProcess(): Promise<{ url: string; adminToken: string; child: ChildProcess }> {
  const adminToken = randomBytes(24).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/gateway.ts', 'serve', '--port', '0', '--memory', '--seed', 'demo', '--log-level', 'error'], {
    env: { ...process.env, KIOSK_GATEWAY_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { listening: string }).listening));
  });
  return { url, adminToken, child };
}

export async function drainBench(count: number): Promise<{ count: number; ms: number; pendingAfter: number }> {
  const gw = await startGatewayProcess();
  const db = new KioskDb(uniqueName('drain'));
  try {
    const res = await fetch(gw.url + PATHS.adminEnrollCodes, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ agency: AGENCY }),
    });
    const { code } = EnrollCodeResponse.parse(await res.json());
    // The officer whose queued work it is, created by the province as a real account is.
    const made = await fetch(gw.url + PATHS.adminStaff, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ agency: AGENCY, name: 'Cán Bộ Đo', role: 'counter', pin: OFFICER_PIN }),
    });
    const officer = StaffSummary.parse(await made.json());
    const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 30_000 });
    const identity = await client.enroll({ url: gw.url, code });
    const intakes = Math.ceil(count / 2);
    const engine = new SyncEngine({ db, transport: client, appVersion: 'bench', retention: false, leases: { target: intakes + 10, lowWater: intakes + 5 } });
    await engine.afterEnrollment(identity);
    await engine.syncNow();
    await engine.stop();
    const procedure = (await db.procedures.toArray()).find((p) => p.active);
    if (!procedure) throw new Error('the gateway sent no procedure catalog');
    // Signed in through the counter's sign-in: the key is made now and registered by the drain's sync.
    const signer = await signInOfficer(db, { staffId: officer.id, pin: OFFICER_PIN });
    const ctx: ActionContext = { db, staffId: officer.id, signer, now: engine.now };
    const idHash = await hashCitizenId(identity.idSalt, '001090000001');
    const codes: string[] = [];
    for (let i = 0; i < intakes; i++) {
      const r = await intake(ctx, {
        procedureCode: procedure.code,
        applicant: { name: `Công Dân ${i}`, idHash, idMasked: null, birthDate: null, sex: 'unknown', address: 'Tuyên Quang', phone: null, email: null },
        appointmentAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      codes.push(r.code);
    }
    for (const c of codes.slice(0, count - intakes)) await transition(ctx, { code: c, to: 4 });
    const drainer = new SyncEngine({ db, transport: client, appVersion: 'bench', retention: false, leases: false });
    const t0 = performance.now();
    const s = await drainer.syncNow();
    const ms = performance.now() - t0;
    await drainer.stop();
    return { count, ms, pendingAfter: s.pending };
  } finally {
    db.close();
    gw.child.kill('SIGTERM');
  }
}
