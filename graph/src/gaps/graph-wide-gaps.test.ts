import { describe, expect, it } from 'vitest';
import { findGaps } from './gap-finder.ts';
import { credential, gapKeys, program, qualifies, world } from './gap-fixtures.ts';

describe('ORPHAN', () => {
  const kinds = ['ORPHAN' as const];

  it('reports a credential no program awards, and a support listing neither programs nor regions', () => {
    const index = world({
      credentials: [credential('lonely')],
      programs: [program('p', { awards: ['good', 'poor'], requires: [['lonely']] })],
      supports: [
        { id: 'floating', name: 'Floating childcare', kind: 'Childcare', providerId: 'college' },
        { id: 'empty-lists', name: 'Empty lists', kind: 'Food', programIds: [], regionIds: [] },
      ],
    });
    const gaps = findGaps(index, { kinds });
    expect(gaps.map((g) => `${g.subjectKind}:${g.subjectId}`)).toEqual([
      'Support:empty-lists',
      'Support:floating',
      'Credential:lonely',
    ]);
    const lonely = gaps.find((g) => g.subjectId === 'lonely');
    expect(lonely?.severity).toBe('medium');
    expect(lonely?.message).toContain('1 program requires it (Program p (p))');
    expect(lonely?.relatedIds).toEqual(['p']);
    expect(gaps.find((g) => g.subjectId === 'floating')?.relatedIds).toEqual(['college']);
  });

  it('does not report awarded credentials or supports that list only regions or only programs', () => {
    const index = world({
      programs: [program('p', { awards: ['good', 'poor'] })],
      supports: [
        { id: 'regional', name: 'Regional transit', kind: 'Transportation', regionIds: ['king'] },
        { id: 'attached', name: 'Advising', kind: 'Advising', programIds: ['p'] },
      ],
    });
    expect(gapKeys(index, { kinds })).toEqual([]);
  });

  it('rates an orphan held at an entry point low: people bring it from outside', () => {
    const index = world({
      credentials: [credential('diploma')],
      programs: [program('p', { awards: ['good', 'poor'], requires: [['diploma']] })],
      entryPoints: [{ id: 'grad', name: 'Graduate', holds: ['diploma'] }],
    });
    expect(findGaps(index, { kinds })).toMatchObject([{ subjectId: 'diploma', severity: 'low' }]);
  });
});

describe('SECTOR_WITHOUT_EMPLOYER', () => {
  const kinds = ['SECTOR_WITHOUT_EMPLOYER' as const];
  const sectorWorld = (extra: Parameters<typeof world>[0] = {}) =>
    world({
      sectors: [
        { id: 'health', name: 'Healthcare', inDemand: true },
        { id: 'retail', name: 'Retail' },
      ],
      occupations: [
        { id: 'rn', title: 'Registered Nurses', sectorIds: ['health'] },
        { id: 'cna', title: 'Nursing Assistants', sectorIds: ['health'] },
        { id: 'cashier', title: 'Cashiers', sectorIds: ['retail'] },
      ],
      credentials: [credential('cna-cert')],
      programs: [program('cna-training', { awards: ['cna-cert'] })],
      ...extra,
      edges: [qualifies('cna-cert', 'cna'), ...(extra.edges ?? [])],
    });

  it('reports a sector with an occupation some program leads to but no engaged employer', () => {
    const gaps = findGaps(sectorWorld(), { kinds });
    expect(gaps).toMatchObject([{ subjectId: 'health', subjectKind: 'Sector', severity: 'high' }]);
    expect(gaps[0]?.relatedIds).toEqual(['cna']);
    expect(gaps[0]?.message).toContain('Healthcare (health), an in-demand sector,');
  });

  it('does not report a sector no program leads to (retail) ', () => {
    expect(gapKeys(sectorWorld(), { kinds })).not.toContain('SECTOR_WITHOUT_EMPLOYER:retail');
  });

  it('counts a HIRES edge to any occupation of the sector, even one no program leads to', () => {
    const index = sectorWorld({
      partners: [{ id: 'hospital', name: 'Hospital', kind: 'Employer' }],
      edges: [{ kind: 'HIRES', from: 'hospital', to: 'rn' }],
    });
    expect(gapKeys(index, { kinds })).toEqual([]);
  });

  it('counts an Employer role in a pathway of the sector, but not other roles', () => {
    const pathway = (role: 'Employer' | 'Lead') => ({
      pathways: [{ id: 'pw', name: 'Nursing', sectorId: 'health', partnerRoles: [{ partnerId: 'college', role }] }],
    });
    expect(gapKeys(sectorWorld(pathway('Employer')), { kinds })).toEqual([]);
    expect(gapKeys(sectorWorld(pathway('Lead')), { kinds })).toEqual(['SECTOR_WITHOUT_EMPLOYER:health']);
  });
});

describe('NO_EXIT_POINT', () => {
  const kinds = ['NO_EXIT_POINT' as const];
  const chainWorld = (firstMonths: number, secondMonths: number, secondAwards = 'b') =>
    world({
      credentials: [credential('a'), credential('b')],
      programs: [
        program('first', { awards: ['a'], months: firstMonths }),
        program('second', { awards: [secondAwards], months: secondMonths, requires: [['a']] }),
      ],
      pathways: [{ id: 'pw', name: 'Long haul', programIds: ['first', 'second'] }],
    });

  it('reports a chain of 12 months whose programs award nothing that qualifies for an occupation', () => {
    const gaps = findGaps(chainWorld(6, 6), { kinds });
    expect(gaps).toMatchObject([{ subjectId: 'pw', subjectKind: 'Pathway', severity: 'medium' }]);
    expect(gaps[0]?.relatedIds).toEqual(['first', 'second', 'a', 'b']);
    expect(gaps[0]?.message).toContain('Program first (first) → Program second (second) takes 12 months');
  });

  it('does not report 11.9 months', () => {
    expect(gapKeys(chainWorld(6, 5.9), { kinds })).toEqual([]);
  });

  it('sums decimals without rounding trouble (4.1 + 7.9 = 12)', () => {
    expect(gapKeys(chainWorld(4.1, 7.9), { kinds })).toEqual(['NO_EXIT_POINT:pw']);
  });

  it('does not count a program with an exit in the chain', () => {
    expect(gapKeys(chainWorld(6, 6, 'poor'), { kinds })).toEqual([]);
  });

  it('reports one long program alone, high from 24 months', () => {
    const index = world({
      credentials: [credential('a')],
      programs: [program('long', { awards: ['a'], months: 24 })],
      pathways: [{ id: 'pw', name: 'Long', programIds: ['long'] }],
    });
    expect(findGaps(index, { kinds })).toMatchObject([{ subjectId: 'pw', severity: 'high' }]);
  });

  it('does not chain programs that do not require what the one before awards', () => {
    const index = world({
      credentials: [credential('a'), credential('b')],
      programs: [program('x', { awards: ['a'], months: 6 }), program('y', { awards: ['b'], months: 6 })],
      pathways: [{ id: 'pw', name: 'Side by side', programIds: ['x', 'y'] }],
    });
    expect(gapKeys(index, { kinds })).toEqual([]);
  });

  it('only chains programs of the pathway itself', () => {
    const index = world({
      credentials: [credential('a'), credential('b')],
      programs: [
        program('first', { awards: ['a'], months: 6 }),
        program('second', { awards: ['b'], months: 6, requires: [['a']] }),
      ],
      pathways: [{ id: 'pw', name: 'Half', programIds: ['second'] }],
    });
    expect(gapKeys(index, { kinds })).toEqual([]);
  });

  it('handles a requirement cycle without looping', () => {
    const index = world({
      credentials: [credential('a'), credential('b'), credential('c')],
      programs: [
        program('x', { awards: ['a'], months: 5, requires: [['c']] }),
        program('y', { awards: ['b'], months: 5, requires: [['a']] }),
        program('z', { awards: ['c'], months: 5, requires: [['b']] }),
      ],
      pathways: [{ id: 'pw', name: 'Circle', programIds: ['x', 'y', 'z'] }],
    });
    const gaps = findGaps(index, { kinds });
    expect(gaps).toMatchObject([{ subjectId: 'pw' }]);
    expect(gaps[0]?.message).toContain('15 months');
  });
});
