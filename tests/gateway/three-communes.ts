/**
 * The province of the boundary-free tests: three communes of Tuyên Quang (A receives, B decides,
 * C is a third party) in the province directory, each with its demo staff, on a gateway seeded
 * with the catalog. And a synthetic scanned page for the file tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { startGateway, type TestGateway, type TestStorage } from '../helpers/gateway';
import { seedStaff } from '../../src/gateway/demo/seed';
import { writeProvinceSettings } from '../../src/gateway/store/catalog';
import type { AgencyAlias } from '../../src/shared/protocol';

export const A = '000.00.01.H08';
export const B = '000.00.02.H08';
export const C = '000.00.03.H08';

export async function threeCommunes(storage: TestStorage, opts: { aliases?: AgencyAlias[]; strictRateLimitPerMinute?: number } = {}): Promise<TestGateway> {
  const gw = await startGateway({ storage, seed: 'catalog', ...(opts.strictRateLimitPerMinute ? { strictRateLimitPerMinute: opts.strictRateLimitPerMinute } : {}) });
  for (const a of [A, B, C]) await seedStaff(gw.db, a);
  await writeProvinceSettings(gw.db, {
    codePatterns: [],
    agencies: [
      { code: A, name: 'UBND Phường Minh Xuân', level: 'commune', communeCode: '02215' },
      { code: B, name: 'UBND Xã Yên Hoa', level: 'commune', communeCode: '02248' },
      { code: C, name: 'UBND Xã Hùng Lợi', level: 'commune', communeCode: '02455' },
    ],
    agencyAliases: opts.aliases ?? [],
  }, 'test');
  return gw;
}

export const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A synthetic "scan": a JPEG signature, random bytes, the JPEG end marker. */
export function fakeJpeg(size: number): Uint8Array {
  const b = new Uint8Array(randomBytes(size));
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
}
