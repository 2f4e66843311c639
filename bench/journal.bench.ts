/**
 * What the host journal adds to an intake's confirmation (docs/ARCHITECTURE.md, "Host-side
 * journal"): the renderer's `journalRows` for one intake row, through the real host services and
 * dispatcher (the contract's validation of input and output, AES-256-GCM, one write and
 * `fdatasync` on a real ext4 file), one intake at a time as at a counter. Target p95 ≤ 5 ms.
 * Not included: the bridge hop itself (Electron IPC, or the browser host's page bridge), which
 * every bridge call already pays. Also reported: 8 counters' worth of appends at once (group commit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDispatcher } from '../src/main/bridge/dispatcher';
import { createHostServices } from '../src/main/services';
import { KioskDb, type OutboxRow } from '../src/renderer/db/database';
import { attachJournal, journalRows, type JournalBridge } from '../src/renderer/db/journal';
import { percentile } from './stats';
import type { BenchOptions, Metric } from './types';

const uuid = (i: number) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;

function intakeRow(i: number): OutboxRow {
  const at = new Date(Date.now() + i).toISOString();
  const code = `000.00.01.H08-261205-${String(i % 10000).padStart(4, '0')}`;
  return {
    id: uuid(i), type: 'dossier.create', at, staffId: 'bench-c1', dossierCode: code,
    payload: {
      code, procedureCode: '1.001193',
      applicant: { name: 'Trần Thị Thử', idHash: 'ab'.repeat(32), idMasked: '••••••••2345', citizenId: '001095012345',
        birthDate: '1995-05-17', sex: 'female', address: 'Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang', phone: '0912345678', email: null },
      channel: 1, status: 2, documents: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'], receivedAt: at, appointmentAt: at,
      fees: [{ id: 'f1', name: 'Lệ phí', amount: 8000, paid: false, paidAt: null, method: null, reference: null }], note: null,
    },
    sig: { keyId: 'k'.repeat(43), value: 's'.repeat(86) }, replaySig: { keyId: 'k'.repeat(43), value: 'r'.repeat(86) },
    state: 'pending', createdAt: Date.now(), attempts: 0, lastAttemptAt: null, outcome: null, doneAt: null, schema: 3,
  };
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  // Under the project folder, not /tmp: a tmpfs would make fdatasync free.
  const base = path.join(process.cwd(), '.bench-journal');
  const dataDir = mkdtempSync(`${base}-`);
  const services = await createHostServices({ name: 'bench', version: '0', gatewayUrl: null, scanners: [], dataDir });
  const d = createDispatcher(services.handlers, { authorise: services.authorise });
  const bridge: JournalBridge = {
    async call(name, input) {
      const r = await d.dispatch(name, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as never;
    },
  };
  const db = new KioskDb('bench-journal-unused');
  attachJournal(db, bridge);
  const n = opts.quick ? 200 : 1000;
  const samples: number[] = [];
  try {
    for (let i = 0; i < 20; i++) await journalRows(db, [intakeRow(1_000_000 + i)]);
    for (let i = 0; i < n; i++) {
      const row = intakeRow(i);
      const t0 = performance.now();
      await journalRows(db, [row]);
      samples.push(performance.now() - t0);
    }
    const burst: number[] = [];
    for (let round = 0; round < (opts.quick ? 20 : 100); round++) {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 8 }, (_, j) => journalRows(db, [intakeRow(2_000_000 + round * 8 + j)])));
      burst.push(performance.now() - t0);
    }
    const pending = (await bridge.call('journal.pending', {})).mutations.length;
    if (pending !== n + 20 + burst.length * 8) throw new Error(`journal holds ${pending} mutations`);
    const where = `${os.cpus().length} cores, ${os.platform()} ${os.release()}, Node ${process.version}, ext4 file in the project folder`;
    return [
      { name: 'journal append per intake p95', value: percentile(samples, 95), target: 5, unit: 'ms', better: 'lower', note: `${n} intakes one at a time (validate, encrypt, write, fdatasync); p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms; ${where}` },
      { name: 'journal 8 appends at once p95', value: percentile(burst, 95), target: null, unit: 'ms', better: 'lower', note: `${burst.length} rounds of 8 concurrent appends, group-committed` },
    ];
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
