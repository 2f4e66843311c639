/**
 * Boundary-free intake rules (src/shared/dossier/competence.ts): choosing the competent agency
 * from the procedure and the applicant's current commune; which agency takes which step; the
 * province of an agency code; old agency codes closed by the 2025 merger (codeCandidates); and the
 * national-portal fields that carry the two agencies.
 */
import { describe, expect, it } from 'vitest';
import {
  agencyProvince, applyMutation, chooseCompetentAgency, competentAgencyOf, sameProvince, stepRefusal, transitionStep,
  type EngineContext,
} from '../../src/shared/dossier';
import { codeCandidates, type DirectoryAgency, type Dossier, type Procedure } from '../../src/shared/protocol';
import { portalRequests } from '../../src/gateway/adapters/national-portal';
import { classifyQuery } from '../../src/renderer/counter/search';
import { offeredActions } from '../../src/renderer/counter/model';
import { compileDossierCodePattern } from '../../src/shared/domain';

const A = '000.00.01.H08';
const B = '000.00.02.H08';
const DEPT = '000.20.00.H08';
const DIRECTORY: DirectoryAgency[] = [
  { code: A, name: 'UBND Phường Minh Xuân', level: 'commune', communeCode: '02215' },
  { code: B, name: 'UBND Xã Yên Hoa', level: 'commune', communeCode: '02248' },
  { code: DEPT, name: 'Sở Tư pháp', level: 'province', communeCode: null },
];
const commune = { level: 'commune' as const, competentAgency: null };

describe('choosing the competent agency', () => {
  it('a commune-level procedure goes to the agency of the applicant\'s current commune', () => {
    expect(chooseCompetentAgency({ procedure: commune, communeCode: '02248', receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: B, reason: 'commune', gap: null });
    // A procedure without a level is commune-level (catalogues written before the field).
    expect(chooseCompetentAgency({ procedure: {}, communeCode: '02248', receivingAgency: A, agencies: DIRECTORY }).agencyCode).toBe(B);
  });

  it('the applicant of the counter\'s own commune: the receiving agency, no gap', () => {
    expect(chooseCompetentAgency({ procedure: commune, communeCode: '02215', receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: A, reason: 'receiving', gap: null });
  });

  it('no commune, or a commune without an agency in the directory (another province): the receiving agency, flagged', () => {
    expect(chooseCompetentAgency({ procedure: commune, communeCode: null, receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: A, reason: 'receiving', gap: 'no-commune' });
    expect(chooseCompetentAgency({ procedure: commune, communeCode: '00004', receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: A, reason: 'receiving', gap: 'no-agency-for-commune' });
    // Two agencies named for one commune is a directory error: not guessed.
    const twice = [...DIRECTORY, { code: '000.00.09.H08', name: 'X', level: 'commune' as const, communeCode: '02248' }];
    expect(chooseCompetentAgency({ procedure: commune, communeCode: '02248', receivingAgency: A, agencies: twice }).gap).toBe('no-agency-for-commune');
  });

  it('a province-level procedure goes to the department it names, whatever the commune', () => {
    const p: Pick<Procedure, 'level' | 'competentAgency'> = { level: 'province', competentAgency: DEPT };
    expect(chooseCompetentAgency({ procedure: p, communeCode: '02248', receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: DEPT, reason: 'department', gap: null });
    expect(chooseCompetentAgency({ procedure: { level: 'province', competentAgency: null }, communeCode: null, receivingAgency: A, agencies: DIRECTORY }))
      .toEqual({ agencyCode: A, reason: 'receiving', gap: 'no-department' });
  });
});

describe('who takes which step', () => {
  const d = { agencyCode: A, competentAgencyCode: B };
  it('processing at the competent agency; intake decisions at the receiving one; hand-back, fees, withdrawal, rating at either', () => {
    expect(transitionStep(2, 4)).toBe('process');
    expect(transitionStep(4, 9)).toBe('process');
    expect(transitionStep(5, 4)).toBe('process');
    expect(transitionStep(9, 10)).toBe('handBack');
    expect(transitionStep(2, 7)).toBe('withdraw');
    expect(transitionStep(1, 2)).toBe('intake');
    expect(stepRefusal(d, A, 'process')).toBe(B);
    expect(stepRefusal(d, B, 'process')).toBeNull();
    expect(stepRefusal(d, A, 'intake')).toBeNull();
    expect(stepRefusal(d, B, 'intake')).toBe(A);
    for (const step of ['handBack', 'fee', 'withdraw', 'rate'] as const) {
      expect(stepRefusal(d, A, step)).toBeNull();
      expect(stepRefusal(d, B, step)).toBeNull();
      expect(stepRefusal(d, '000.00.03.H08', step)).not.toBeNull();
    }
    // The usual dossier: one agency does everything.
    expect(stepRefusal({ agencyCode: A }, A, 'process')).toBeNull();
    expect(competentAgencyOf({ agencyCode: A })).toBe(A);
  });

  it('the engine refuses a processing step at the receiving agency with a message naming the competent one', () => {
    const procedure: Procedure = { code: 'P', name: 'Thủ tục', field: '', processingDays: 1, fees: [], documents: [], active: true, updatedAt: '2026-01-01T00:00:00.000Z' };
    const ctx = (agencyCode: string): EngineContext => ({ deviceId: 'd', agencyCode, now: '2026-03-02T03:00:00.000Z', procedure: () => procedure });
    const created = applyMutation(null, {
      type: 'dossier.create', at: '2026-03-02T03:00:00.000Z', staffId: 's',
      payload: {
        code: `${A}-260302-0001`, procedureCode: 'P', competentAgencyCode: B, channel: 1, status: 2, documents: [], fees: [], note: null,
        applicant: { name: 'Lê Văn Bình', idHash: 'a'.repeat(64), idMasked: null, birthDate: null, sex: 'male', address: '', phone: null, email: null },
        receivedAt: '2026-03-02T03:00:00.000Z', appointmentAt: '2026-03-03T03:00:00.000Z',
      },
    }, ctx(A));
    expect(created.ok && created.dossier.competentAgencyCode).toBe(B);
    const dossier = (created as { dossier: Dossier }).dossier;
    const move = { type: 'dossier.transition' as const, at: '2026-03-02T04:00:00.000Z', staffId: 's', payload: { code: dossier.code, from: 2, to: 4, note: null, supplements: [] } };
    const atA = applyMutation(dossier, move, ctx(A));
    expect(atA).toMatchObject({ ok: false, refusal: { status: 'rejected', reason: 'not-competent', params: { agency: B } } });
    expect(applyMutation(dossier, move, ctx(B)).ok).toBe(true);
    // The counter offers only what its agency may take: at A nothing that processes.
    expect(offeredActions({ ...dossier, status: 4 }, A)).toEqual(['withdraw']);
    expect(offeredActions({ ...dossier, status: 4 }, B)).toEqual(['requestSupplement', 'stop', 'withdraw']);
    expect(offeredActions({ ...dossier, status: 9 }, A)).toEqual(['handBack']);
  });
});

describe('agency provinces', () => {
  it('reads the level-1 code (QCVN 102:2016) of strict and portal-style codes', () => {
    expect(agencyProvince('000.00.01.H08')).toBe('H08');
    expect(agencyProvince('H55.242')).toBe('H55');
    expect(agencyProvince('G09.20')).toBe('G09');
    expect(agencyProvince('ABC.123')).toBeNull();
    expect(sameProvince('000.00.01.H08', '000.20.00.H08')).toBe(true);
    expect(sameProvince('000.00.01.H08', '000.00.01.H26')).toBe(false);
    expect(sameProvince('000.00.01.H08', 'ABC.123')).toBe(true);
  });
});

describe('old agency codes (2025 merger)', () => {
  const aliases = [{ old: '000.00.01.H02', current: A }];
  it('a code with an old agency also looks under the current one, and back', () => {
    expect(codeCandidates('000.00.01.H02-240315-0012', aliases)).toEqual(['000.00.01.H02-240315-0012', `${A}-240315-0012`]);
    expect(codeCandidates(`${A}-240315-0012`, aliases)).toEqual([`${A}-240315-0012`, '000.00.01.H02-240315-0012']);
    // Only a whole agency prefix: 000.00.01.H021 is another agency.
    expect(codeCandidates('000.00.01.H021-240315-0012', aliases)).toEqual(['000.00.01.H021-240315-0012']);
    expect(codeCandidates('000.00.01.H02-240315-0012', [])).toEqual(['000.00.01.H02-240315-0012']);
    // A province's own shape with another separator.
    expect(codeCandidates('000.00.01.H02/20240315/000012', aliases)).toContain(`${A}/20240315/000012`);
  });
});

describe('typed search', () => {
  it('reads a code in the province\'s own shape as a code, as the scan stream does', () => {
    const re = compileDossierCodePattern({ name: 'tỉnh', regex: '(?<agency>H08\\.[0-9]{3})/(?<date>[0-9]{8})/(?<seq>[0-9]{6})' })!;
    expect(classifyQuery('H08.123/20260609/000042').kind).toBe('name');
    expect(classifyQuery('h08.123/20260609/000042', [re])).toEqual({ kind: 'code', value: 'H08.123/20260609/000042' });
    expect(classifyQuery('G09.20-20260609-0092637')).toEqual({ kind: 'code', value: 'G09.20-20260609-0092637' });
    expect(classifyQuery('0912 345 678')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(classifyQuery('000.00.01.H08-2603').kind).toBe('code');
  });
});

describe('national portal: the two agencies', () => {
  it('sends the competent agency as DonViXuLy, the receiving one in ThongTinKhac and the acting unit as PhongBanXuLy', () => {
    const d: Dossier = {
      code: `${A}-260302-0001`, agencyCode: A, competentAgencyCode: B, procedureCode: 'P', procedureName: 'Thủ tục',
      applicant: { name: 'Lê Văn Bình', idHash: 'a'.repeat(64), idMasked: null, birthDate: null, sex: 'male', address: '', phone: null, email: null },
      channel: 1, status: 2, documents: [], receivedAt: '2026-03-02T03:00:00.000Z', appointmentAt: '2026-03-03T03:00:00.000Z',
      finishedAt: null, returnedAt: null, fees: [], supplements: [], rating: null,
      timeline: [{ at: '2026-03-02T03:00:00.000Z', action: 'create', status: 2, deviceId: 'd', staffId: 's', note: null }],
      updatedAt: '2026-03-02T03:00:00.000Z', version: 1,
    };
    const [sync, progress] = portalRequests({
      dossier: d, citizenId: null, officer: { id: 's', name: 'Cán bộ', title: '' }, isNew: true, staffActed: true,
      agencyName: 'UBND Xã Yên Hoa', receivingAgencyName: 'UBND Phường Minh Xuân', actingAgencyName: 'UBND Phường Minh Xuân',
    });
    expect(sync).toMatchObject({ data: [{ DonViXuLy: 'UBND Xã Yên Hoa', ThongTinKhac: 'Tiếp nhận tại: UBND Phường Minh Xuân' }] });
    expect(progress).toMatchObject({ data: [{ PhongBanXuLy: 'UBND Phường Minh Xuân', NoiDungXuLy: 'Tiếp nhận hồ sơ' }] });
    // The usual dossier keeps the fields as before.
    const [plain, plainProgress] = portalRequests({ dossier: { ...d, competentAgencyCode: undefined }, citizenId: null, officer: { id: 's', name: 'Cán bộ', title: '' }, agencyName: 'UBND Phường Minh Xuân', staffActed: true });
    expect(plain).toMatchObject({ data: [{ DonViXuLy: 'UBND Phường Minh Xuân', ThongTinKhac: '' }] });
    expect(plainProgress).toMatchObject({ data: [{ PhongBanXuLy: '' }] });
  });
});
