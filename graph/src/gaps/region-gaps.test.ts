import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps, findGapsReport } from './gap-finder.ts';
import { credential, gapKeys, program, qualifies, randomBundle, world } from './gap-fixtures.ts';
import { gapGraphOf, regionContext } from './gap-graph.ts';
import { unsupportedProgram } from './region-gaps.ts';

describe('DEAD_END_CREDENTIAL', () => {
  const kinds = ['DEAD_END_CREDENTIAL' as const];
  const filter = { kinds, regionId: 'king' };

  it('reports a credential that qualifies only below the threshold and has no onward step', () => {
    const index = world({ programs: [program('p', { awards: ['poor'] })] });
    const gaps = findGaps(index, filter);
    expect(gaps.map((g) => g.subjectId)).toEqual(['poor']);
    expect(gaps[0]).toMatchObject({ subjectKind: 'Credential', severity: 'medium', regionIds: ['king'] });
    expect(gaps[0]?.message).toMatch(
      /^Poor credential \(poor\) leads to no family-supporting occupation in King County \(1A1C threshold \$50,000\): it qualifies only for Poor job \(job-poor\) at \$40,000/,
    );
  });

  it('is not a dead end when it stacks into a qualifying credential', () => {
    const index = world({
      programs: [program('p', { awards: ['poor'] }), program('q', { awards: ['good'] })],
      edges: [{ kind: 'STACKS_INTO', from: 'poor', to: 'good' }],
    });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('is not a dead end when an available program requiring it (in any group) leads on', () => {
    const index = world({
      credentials: [credential('mid')],
      programs: [
        program('p', { awards: ['poor'] }),
        program('q', { awards: ['mid'], requires: [['good', 'poor']] }),
        program('r', { awards: ['good'], requires: [['mid']] }),
      ],
    });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('is not a dead end when an available program grants credit for it (ARTICULATES_TO)', () => {
    const index = world({
      programs: [program('p', { awards: ['poor'] }), program('q', { awards: ['good'], credits: 30 })],
      edges: [{ kind: 'ARTICULATES_TO', from: 'poor', to: 'q', credits: 10 }],
    });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('follows availability: a sibling-region program is no onward step; ancestor and descendant ones are', () => {
    const onward = (regionIds: string[]) =>
      world({
        programs: [
          program('p', { awards: ['poor'] }),
          program('q', { awards: ['good'], requires: [['poor']], regionIds }),
        ],
      });
    expect(gapKeys(onward(['pierce']), filter)).toEqual(['DEAD_END_CREDENTIAL:poor']);
    expect(gapKeys(onward(['wa']), filter)).toEqual([]);
    expect(gapKeys(onward(['us']), filter)).toEqual([]);
    expect(gapKeys(onward(['king']), { kinds, regionId: 'wa' })).toEqual([]);
  });

  it('finds wages and thresholds up the region chain', () => {
    // A King County wage row overrides the national one: the poor job pays 55,000 there.
    const index = world({
      programs: [program('p', { awards: ['poor'] })],
      occupationWages: [{ occupationId: 'job-poor', regionId: 'king', medianAnnual: 55_000 }],
    });
    expect(gapKeys(index, filter)).toEqual([]);
    expect(gapKeys(index, { kinds, regionId: 'pierce' })).toEqual(['DEAD_END_CREDENTIAL:poor']);
  });

  it('reports nothing for a region with no threshold up its chain, and says so', () => {
    const index = world({ programs: [program('p', { awards: ['poor'] })] });
    const report = findGapsReport(index, { kinds, regionId: 'us' });
    expect(report.gaps).toEqual([]);
    expect(report.undecided).toEqual([{ regionId: 'us', kinds: ['DEAD_END_CREDENTIAL'] }]);
  });

  it('rates: qualifies for nothing high, below the threshold medium, earned by nobody here low', () => {
    const index = world({
      credentials: [credential('nothing'), credential('elsewhere')],
      programs: [
        program('p', { awards: ['nothing'] }),
        program('q', { awards: ['elsewhere'], regionIds: ['pierce'] }),
        program('r', { awards: ['good', 'poor'] }),
      ],
    });
    expect(findGaps(index, filter).map((g) => `${g.subjectId}:${g.severity}`)).toEqual([
      'elsewhere:low',
      'nothing:high',
      'poor:medium',
    ]);
  });
});

describe('CREDIT_LOSS', () => {
  const kinds = ['CREDIT_LOSS' as const];
  const filter = { kinds, regionId: 'king' };
  const lossWorld = (extra: Parameters<typeof world>[0] = {}, first: Parameters<typeof program>[1] = {}) =>
    world({
      credentials: [credential('aas')],
      programs: [
        program('aas-program', { awards: ['aas'], credits: 90, ...first }),
        program('bachelor', { awards: ['good'], credits: 90, providerId: 'union', requires: [['aas']] }),
        ...(extra.programs ?? []),
      ],
      edges: extra.edges ?? [],
    });

  it('reports a program requiring a credential another provider awards for credit, granting no credit', () => {
    const gaps = findGaps(lossWorld(), filter);
    expect(gaps).toMatchObject([{ subjectId: 'bachelor', subjectKind: 'Program', severity: 'high' }]);
    expect(gaps[0]?.relatedIds).toEqual(['aas', 'aas-program']);
  });

  it('is not reported when an ARTICULATES_TO edge grants credit', () => {
    const index = lossWorld({ edges: [{ kind: 'ARTICULATES_TO', from: 'aas', to: 'bachelor', credits: 45 }] });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('is not reported when a STACKS_INTO edge into what the program awards applies credits; 0 credits still loses', () => {
    const stack = (creditsApplied: number) =>
      lossWorld({ edges: [{ kind: 'STACKS_INTO', from: 'aas', to: 'good', creditsApplied }] });
    expect(gapKeys(stack(60), filter)).toEqual([]);
    expect(gapKeys(stack(0), filter)).toEqual(['CREDIT_LOSS:bachelor']);
  });

  it('is not reported when the awarding program is of the same provider, or not credit-bearing', () => {
    expect(gapKeys(lossWorld({}, { providerId: 'union' }), filter)).toEqual([]);
    expect(gapKeys(lossWorld({}, { credits: undefined }), filter)).toEqual([]);
    expect(gapKeys(lossWorld({}, { credits: 0 }), filter)).toEqual([]);
  });

  it('is reported only where the requiring program is available', () => {
    const index = world({
      credentials: [credential('aas')],
      programs: [
        program('aas-program', { awards: ['aas'], credits: 90 }),
        program('bachelor', { awards: ['good'], providerId: 'union', requires: [['aas']], regionIds: ['pierce'] }),
      ],
    });
    expect(gapKeys(index, filter)).toEqual([]);
    expect(findGaps(index, { kinds, regionId: 'pierce' })).toMatchObject([
      { subjectId: 'bachelor', severity: 'medium' },
    ]);
  });
});

describe('ENTRY_WITHOUT_ROUTE', () => {
  const kinds = ['ENTRY_WITHOUT_ROUTE' as const];
  const filter = { kinds, regionId: 'king' };

  it('reports an entry point whose closure reaches only occupations below the threshold', () => {
    const index = world({
      programs: [program('poor-program', { awards: ['poor'], requires: [['poor']] })],
      entryPoints: [{ id: 'ep', name: 'Out-of-school youth', enters: ['poor-program'], regionIds: ['king'] }],
    });
    const gaps = findGaps(index, filter);
    expect(gaps).toMatchObject([{ subjectId: 'ep', subjectKind: 'EntryPoint', severity: 'medium' }]);
    expect(gaps[0]?.message).toContain('the best it reaches is Poor job (job-poor) at $40,000');
    expect(gaps[0]?.relatedIds).toEqual(['poor-program', 'job-poor']);
  });

  it('finds a route through a chain of programs: entered, open to everyone, then both groups met', () => {
    const index = world({
      credentials: [credential('step'), credential('locked')],
      programs: [
        program('first', { awards: ['step'], requires: [['locked']] }),
        program('open', { awards: ['poor'] }),
        program('last', { awards: ['good'], requires: [['step'], ['poor']] }),
      ],
      entryPoints: [
        { id: 'ep', name: 'Entry', enters: ['first'] },
        { id: 'ep-stuck', name: 'Stuck' },
      ],
    });
    expect(gapKeys(index, filter)).toEqual(['ENTRY_WITHOUT_ROUTE:ep-stuck']);
  });

  it('needs every requirement group: one group met is not enough', () => {
    const index = world({
      credentials: [credential('a'), credential('b')],
      programs: [program('last', { awards: ['good'], requires: [['a'], ['b']] })],
      entryPoints: [
        { id: 'ep-a', name: 'Holds a', holds: ['a'] },
        { id: 'ep-ab', name: 'Holds a and b', holds: ['a', 'b'] },
      ],
    });
    expect(gapKeys(index, filter)).toEqual(['ENTRY_WITHOUT_ROUTE:ep-a']);
  });

  it('opens programs without requires to everyone', () => {
    const index = world({
      programs: [program('open', { awards: ['good'] })],
      entryPoints: [{ id: 'ep', name: 'Anyone' }],
    });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('uses only available programs, even when the entry point enters them', () => {
    const index = world({
      programs: [program('far', { awards: ['good'], requires: [['poor']], regionIds: ['pierce'] })],
      entryPoints: [{ id: 'ep', name: 'Entry', enters: ['far'] }],
    });
    const gaps = findGaps(index, filter);
    expect(gaps).toMatchObject([{ subjectId: 'ep', severity: 'high' }]);
    expect(gaps[0]?.message).toContain('it can start no program available there');
    expect(gapKeys(index, { kinds, regionId: 'pierce' })).toEqual([]);
  });

  it('has a route with no steps when it already holds a qualifying credential', () => {
    const index = world({ entryPoints: [{ id: 'ep', name: 'Nurse', holds: ['good'] }] });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('evaluates entry points that list R or no region, not those listing another region', () => {
    const index = world({
      entryPoints: [
        { id: 'ep-king', name: 'King', regionIds: ['king'] },
        { id: 'ep-none', name: 'Anywhere' },
        { id: 'ep-pierce', name: 'Pierce', regionIds: ['pierce'] },
      ],
    });
    expect(gapKeys(index, filter)).toEqual(['ENTRY_WITHOUT_ROUTE:ep-king', 'ENTRY_WITHOUT_ROUTE:ep-none']);
  });
});

describe('OCCUPATION_WITHOUT_ROUTE', () => {
  const kinds = ['OCCUPATION_WITHOUT_ROUTE' as const];
  const filter = { kinds, regionId: 'king' };
  const occupationWorld = (extra: Parameters<typeof world>[0] = {}) =>
    world({
      sectors: [
        { id: 'health', name: 'Healthcare', inDemand: true },
        { id: 'retail', name: 'Retail' },
      ],
      occupations: [
        { id: 'rn', title: 'Registered Nurses', sectorIds: ['health'] },
        { id: 'cashier', title: 'Cashiers', sectorIds: ['retail'] },
      ],
      credentials: [credential('rn-license')],
      ...extra,
      edges: [qualifies('rn-license', 'rn'), ...(extra.edges ?? [])],
    });

  it('reports an occupation of an in-demand sector that no available program leads to', () => {
    const gaps = findGaps(occupationWorld(), filter);
    expect(gaps).toMatchObject([{ subjectId: 'rn', subjectKind: 'Occupation', severity: 'medium' }]);
    expect(gaps[0]?.message).toContain('in-demand sector Healthcare (health)');
    expect(gaps[0]?.relatedIds).toEqual(['rn-license', 'health']);
  });

  it('is not reported when an available program leads to it; is when the program is elsewhere', () => {
    const at = (regionIds: string[]) =>
      occupationWorld({ programs: [program('bsn', { awards: ['rn-license'], regionIds })] });
    expect(gapKeys(at(['wa']), filter)).toEqual([]);
    expect(gapKeys(at(['pierce']), filter)).toEqual(['OCCUPATION_WITHOUT_ROUTE:rn']);
  });

  it('counts annualOpenings only in the wage row for R itself', () => {
    const openings = (regionId: string, annualOpenings: number) =>
      occupationWorld({
        occupationWages: [{ occupationId: 'cashier', regionId, medianAnnual: 60_000, annualOpenings }],
      });
    const king = findGaps(openings('king', 300), filter).find((g) => g.subjectId === 'cashier');
    expect(king).toMatchObject({ severity: 'high' });
    expect(king?.message).toContain('300 annual openings in King County');
    expect(gapKeys(openings('wa', 300), filter)).not.toContain('OCCUPATION_WITHOUT_ROUTE:cashier');
    expect(gapKeys(openings('king', 0), filter)).not.toContain('OCCUPATION_WITHOUT_ROUTE:cashier');
  });
});

describe('UNSUPPORTED_PROGRAM', () => {
  const kinds = ['UNSUPPORTED_PROGRAM' as const];
  const filter = { kinds, regionId: 'king' };
  const supported = (supports: NonNullable<Parameters<typeof world>[0]>['supports']) =>
    world({ programs: [program('p')], supports });

  it('reports an available program with only other kinds of support, or none', () => {
    const gaps = findGaps(supported([{ id: 'kids', name: 'Childcare', kind: 'Childcare', programIds: ['p'] }]), filter);
    expect(gaps).toMatchObject([{ subjectId: 'p', subjectKind: 'Program', severity: 'medium' }]);
    expect(gaps[0]?.relatedIds).toEqual(['college', 'kids']);
    expect(findGaps(supported([]), filter)).toMatchObject([{ subjectId: 'p', severity: 'high' }]);
  });

  it.each(['Advising', 'CareerNavigation', 'CaseManagement'] as const)(
    'is not reported with %s at the program',
    (kind) => {
      expect(gapKeys(supported([{ id: 's', name: 'Guidance', kind, programIds: ['p'] }]), filter)).toEqual([]);
    },
  );

  it('counts supports listing R or an ancestor, not a descendant or a sibling', () => {
    const regional = (regionId: string) =>
      supported([{ id: 's', name: 'Navigator', kind: 'CareerNavigation', regionIds: [regionId] }]);
    expect(gapKeys(regional('king'), filter)).toEqual([]);
    expect(gapKeys(regional('us'), filter)).toEqual([]);
    expect(gapKeys(regional('pierce'), filter)).toEqual(['UNSUPPORTED_PROGRAM:p']);
    expect(gapKeys(regional('king'), { kinds, regionId: 'wa' })).toEqual(['UNSUPPORTED_PROGRAM:p']);
  });

  it('skips programs not available in R', () => {
    const index = world({ programs: [program('p', { regionIds: ['pierce'] })] });
    expect(gapKeys(index, filter)).toEqual([]);
  });

  it('finds the same region-free programs, as severe, in regions with the same variant key (random graphs)', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const index = new GraphIndex(randomBundle(seed));
        const graph = gapGraphOf(index);
        const byKey = new Map<string, { subjects: number[]; ranks: number[] }>();
        for (const regionId of index.regions.keys()) {
          const ctx = regionContext(graph, regionId, '1A1C');
          const key = unsupportedProgram.regionFreeVariant?.(ctx) as string;
          const result = unsupportedProgram.run(graph, ctx, undefined, 'region-free');
          const found = { subjects: [...(result?.subjects ?? [])], ranks: Array.from(result?.ranks ?? []) };
          const seen = byKey.get(key);
          if (seen) {
            compared++;
            expect(found, `seed ${seed} ${regionId}`).toEqual(seen);
          } else byKey.set(key, found);
        }
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(0);
  });
});
