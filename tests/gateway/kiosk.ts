/**
 * Builds protocol requests the way a kiosk would, for gateway tests and the benchmark. With an
 * officer (a registered signing key, tests/helpers/staff-keys.ts), every staff mutation it builds
 * names the officer and is signed, as a counter's are; ratings never are.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { idHashInput, type EnrollResponse, type Lease, type MutationInput, type MutationSignature } from '../../src/shared/protocol';
import { apiClient, type TestGateway } from '../helpers/gateway';
import { registerDemoOfficer, signAttach, signMutation, type OfficerKey } from '../helpers/staff-keys';

export const now = (): string => new Date().toISOString();
export const codeOf = (lease: Lease, n: number): string =>
  `${lease.agencyCode}-${lease.day.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;

export function fakeKiosk(url: string, dev: EnrollResponse, officer: OfficerKey | null = null) {
  const api = apiClient(url, dev.token);
  let lease: Lease | null = null;
  let nextNumber = 0;
  const k = {
    api,
    dev,
    /** The signed-in officer whose key signs the staff mutations built from now on (null: unsigned, no staffId). */
    officer,
    /** `m` named and signed by the current officer, or unchanged without one. */
    sign<T extends { id: string; type: string; at: string; payload: unknown }>(m: T): MutationInput {
      return (k.officer ? signMutation(k.officer, m) : m) as MutationInput;
    },
    async lease(count = 100): Promise<Lease> {
      const r = await api<Lease>('POST', '/v1/leases', { count });
      if (r.status !== 200) throw new Error(`lease ${r.status} ${JSON.stringify(r.body)}`);
      lease = r.body;
      nextNumber = lease.first;
      return lease;
    },
    nextCode(): string {
      if (!lease || nextNumber > lease.last) throw new Error('no lease');
      return codeOf(lease, nextNumber++);
    },
    create(code: string, over: Record<string, unknown> = {}, citizenId = '008090001234'): MutationInput {
      const idHash = createHash('sha256').update(idHashInput(dev.idSalt, citizenId)).digest('hex');
      const t = now();
      return k.sign({
        id: uuidv7(), type: 'dossier.create', at: t,
        payload: {
          code, procedureCode: '2.000815',
          applicant: { name: 'Nguyễn Văn An', idHash, idMasked: null, citizenId, birthDate: '1990-01-02', sex: 'male', address: 'Thôn Nà Mạ, Xã Hùng Lợi, tỉnh Tuyên Quang', phone: '0912345678', email: null },
          receivedAt: t, appointmentAt: new Date(Date.now() + 86_400_000).toISOString(),
          fees: [{ id: 'P1', name: 'Phí chứng thực', amount: 10_000, paid: false, paidAt: null, method: null, reference: null }],
          ...over,
        },
      });
    },
    transition(code: string, from: number, to: number, extra: Record<string, unknown> = {}): MutationInput {
      return k.sign({ id: uuidv7(), type: 'dossier.transition', at: now(), payload: { code, from, to, ...extra } });
    },
    payFee(code: string, feeId = 'P1', amount = 10_000): MutationInput {
      return k.sign({ id: uuidv7(), type: 'dossier.payFee', at: now(), payload: { code, feeId, amount, method: 'cash' } });
    },
    extend(code: string, appointmentAt = new Date(Date.now() + 10 * 86_400_000).toISOString(), reason = 'Chờ xác minh của cơ quan khác'): MutationInput {
      return k.sign({ id: uuidv7(), type: 'dossier.extend', at: now(), payload: { code, appointmentAt, reason } });
    },
    voidCode(code: string, reason = 'in hỏng'): MutationInput {
      return k.sign({ id: uuidv7(), type: 'code.void', at: now(), payload: { code, reason } });
    },
    /** An attachment request named and signed by the current officer (unsigned, staffId null, without one). */
    attachment<T extends { id: string; dossierCode: string; component: string; sha256: string; name: string; position: number }>(a: T):
    T & { staffId: string | null; at?: string; sig?: MutationSignature } {
      return k.officer ? signAttach(k.officer, a) : { ...a, staffId: null };
    },
    rate(code: string, score: number): MutationInput {
      return { id: uuidv7(), type: 'dossier.rate', at: now(), payload: { code, score } } as MutationInput;
    },
    push(mutations: unknown[]) {
      return api('POST', '/v1/mutations', { mutations });
    },
    async pullAll(cursor?: string, limit = 500) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read items loosely
      const items: { type: string; data: any }[] = [];
      let c = cursor;
      for (;;) {
        const r = await api('GET', `/v1/changes?limit=${limit}${c ? `&cursor=${c}` : ''}`);
        if (r.status !== 200) return { status: r.status, body: r.body, items, cursor: c };
        items.push(...r.body.items);
        c = r.body.cursor;
        if (!r.body.hasMore) return { status: 200, body: r.body, items, cursor: c };
      }
    },
  };
  return k;
}

/**
 * A counter of `agency` enrolled on `gw`, signed in as one of the agency's demo counter officers
 * (the gateway must hold the agency's demo staff: seed 'demo', or seedStaff).
 */
export async function staffedCounter(gw: TestGateway, agency: string, which: 0 | 1 = 0) {
  const dev = await gw.enroll(agency);
  return fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, which));
}
