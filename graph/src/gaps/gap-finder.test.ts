import { describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '../errors.ts';
import { DEFAULT_FLOORS } from '../measures/measure-gaps.ts';
import { findGaps, findGapsReport } from './gap-finder.ts';
import { credential, gapKeys, graphOf, kingCounty, program, world } from './gap-fixtures.ts';
import { GAP_KINDS, type GapFilterInput, gapFilterSchema, parseGapFilter } from './gap-input.ts';

const king = kingCounty();

describe('filter validation', () => {
  it('defaults the household to 1A1C and treats null as not given', () => {
    expect(parseGapFilter({})).toEqual({
      kinds: undefined,
      regionId: undefined,
      sectorId: undefined,
      household: '1A1C',
      floors: DEFAULT_FLOORS,
    });
    expect(parseGapFilter({ kinds: null, regionId: null, sectorId: null, household: null })).toMatchObject({
      household: '1A1C',
    });
    expect(parseGapFilter(undefined).household).toBe('1A1C');
    expect(parseGapFilter({ kinds: ['ORPHAN', 'ORPHAN'] }).kinds).toEqual(['ORPHAN']);
    expect(gapFilterSchema.safeParse({ household: '2A2W3C' }).success).toBe(true);
  });

  it.each([
    [{ household: '3A0C' }, 'filter.household', /must be one of 1A0C/],
    [{ kinds: ['ORPHAN', 'NOT_A_KIND'] }, 'filter.kinds[1]', /must be one of DEAD_END_CREDENTIAL/],
    [{ kinds: 'ORPHAN' }, 'filter.kinds', /array/],
    [{ regionId: 'bad id!' }, 'filter.regionId', /must be an id/],
    [{ sectorId: 42 }, 'filter.sectorId', /string/],
    [{ region: 'wa-king' }, 'filter', /region/],
  ])('rejects %j naming %s', (filter, path, reason) => {
    let error: unknown;
    try {
      findGaps(king, filter as GapFilterInput);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).path).toBe(path);
    expect((error as BadInputError).code).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toMatch(reason);
  });

  it('answers an unknown region or sector with NotFoundError naming the argument', () => {
    expect(() => findGaps(king, { regionId: 'wa-pierce' })).toThrow(NotFoundError);
    expect(() => findGaps(king, { regionId: 'wa-pierce' })).toThrow(
      /^filter\.regionId: there is no region "wa-pierce"/,
    );
    expect(() => findGaps(king, { sectorId: 'health' })).toThrow(/^filter\.sectorId: there is no sector "health"/);
  });
});

describe('filter behaviour', () => {
  it('keeps only the requested kinds; an empty list asks for none', () => {
    expect(gapKeys(king, { regionId: 'wa-king', kinds: ['ORPHAN', 'UNSUPPORTED_PROGRAM'] })).toEqual([
      'ORPHAN:hsd',
      'UNSUPPORTED_PROGRAM:app-elec',
    ]);
    expect(gapKeys(king, { regionId: 'wa-king', kinds: [] })).toEqual([]);
  });

  it('sorts by kind, then subject id', () => {
    const keys = gapKeys(king, { regionId: 'wa-king' });
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual([
      'CREDIT_LOSS:univ-bas-it',
      'DEAD_END_CREDENTIAL:elec-jw',
      'DEAD_END_CREDENTIAL:elec-pre',
      'ORPHAN:hsd',
      'SECTOR_WITHOUT_EMPLOYER:construction',
      'UNSUPPORTED_PROGRAM:app-elec',
    ]);
  });

  it('changes the threshold with the household', () => {
    const deadEnds = (household: GapFilterInput['household']) =>
      gapKeys(king, { regionId: 'wa-king', household, kinds: ['DEAD_END_CREDENTIAL'] });
    // 1A1C needs $79,664: electricians ($62,350) are not family-supporting.
    expect(deadEnds('1A1C')).toEqual(['DEAD_END_CREDENTIAL:elec-jw', 'DEAD_END_CREDENTIAL:elec-pre']);
    // 2A2W2C needs $55,432: the apprenticeship is a way out, so neither is a dead end.
    expect(deadEnds('2A2W2C')).toEqual([]);
    // No threshold for 2A1W3C anywhere: undecided, not a dead end everywhere.
    const report = findGapsReport(king, { regionId: 'wa-king', household: '2A1W3C' });
    expect(report.gaps.some((g) => g.kind === 'DEAD_END_CREDENTIAL' || g.kind === 'ENTRY_WITHOUT_ROUTE')).toBe(false);
    expect(report.undecided).toEqual([{ regionId: 'wa-king', kinds: ['DEAD_END_CREDENTIAL', 'ENTRY_WITHOUT_ROUTE'] }]);
  });

  it('keeps the gaps of a sector: its programs, credentials, occupations and itself', () => {
    expect(gapKeys(king, { regionId: 'wa-king', sectorId: 'construction' })).toEqual([
      'DEAD_END_CREDENTIAL:elec-jw',
      'DEAD_END_CREDENTIAL:elec-pre',
      'ORPHAN:hsd',
      'SECTOR_WITHOUT_EMPLOYER:construction',
      'UNSUPPORTED_PROGRAM:app-elec',
    ]);
    // univ-bas-it leads to Information Security Analysts; hsd is required by programs of the IT pathway.
    expect(gapKeys(king, { regionId: 'wa-king', sectorId: 'it' })).toEqual(['CREDIT_LOSS:univ-bas-it', 'ORPHAN:hsd']);
  });

  it('assigns entry points to a sector by what they reach, pathways by their sectorId', () => {
    const index = world({
      sectors: [
        { id: 'health', name: 'Healthcare' },
        { id: 'it', name: 'IT' },
      ],
      occupations: [{ id: 'cna', title: 'Nursing Assistants', sectorIds: ['health'] }],
      credentials: [credential('cna-cert'), credential('x')],
      programs: [
        program('cna-training', { awards: ['cna-cert'], requires: [['poor']] }),
        program('long', { awards: ['x'], months: 14 }),
      ],
      entryPoints: [
        { id: 'ep-health', name: 'Health entry', holds: ['poor'] },
        { id: 'ep-none', name: 'Nowhere', holds: ['x'] },
      ],
      pathways: [{ id: 'pw-it', name: 'IT pathway', sectorId: 'it', programIds: ['long'] }],
      edges: [{ kind: 'QUALIFIES_FOR', from: 'cna-cert', to: 'cna' }],
    });
    const kinds = ['ENTRY_WITHOUT_ROUTE' as const, 'NO_EXIT_POINT' as const];
    expect(gapKeys(index, { regionId: 'king', kinds })).toEqual([
      'ENTRY_WITHOUT_ROUTE:ep-health',
      'ENTRY_WITHOUT_ROUTE:ep-none',
      'NO_EXIT_POINT:pw-it',
    ]);
    expect(gapKeys(index, { regionId: 'king', kinds, sectorId: 'health' })).toEqual(['ENTRY_WITHOUT_ROUTE:ep-health']);
    // The long program is open to everyone, so every entry point reaches the IT pathway.
    expect(gapKeys(index, { regionId: 'king', kinds, sectorId: 'it' })).toEqual([
      'ENTRY_WITHOUT_ROUTE:ep-health',
      'ENTRY_WITHOUT_ROUTE:ep-none',
      'NO_EXIT_POINT:pw-it',
    ]);
  });
});

describe('without a region', () => {
  it('evaluates every region and merges: one gap per kind and subject, naming the regions', () => {
    const index = world({ programs: [program('p', { awards: ['poor'] })] });
    const gaps = findGaps(index, { kinds: ['DEAD_END_CREDENTIAL', 'UNSUPPORTED_PROGRAM'] });
    expect(gaps.map((g) => `${g.kind}:${g.subjectId}:${g.regionIds.join('+')}`)).toEqual([
      // Found in king, pierce and wa (their threshold is on wa); us has no threshold, so undecided there.
      'DEAD_END_CREDENTIAL:poor:king+pierce+wa',
      'UNSUPPORTED_PROGRAM:p:king+pierce+us+wa',
    ]);
    const poor = gaps.find((g) => g.subjectId === 'poor');
    expect(poor?.message).toMatch(/in King County .*\(also in Pierce County and Washington\)$/);
  });

  it('gives the same gaps for a region as the merged answer restricted to it', () => {
    const merged = findGaps(king, {}).filter((g) => g.regionIds.length === 0 || g.regionIds.includes('wa-king'));
    expect(merged.map((g) => `${g.kind}:${g.subjectId}`)).toEqual(gapKeys(king, { regionId: 'wa-king' }));
  });

  it('merges the evidence and keeps the most severe finding', () => {
    const index = world({
      programs: [program('p', { regionIds: ['king', 'pierce'] })],
      supports: [{ id: 'bus', name: 'Bus pass', kind: 'Transportation', regionIds: ['king'] }],
    });
    const [gap] = findGaps(index, { kinds: ['UNSUPPORTED_PROGRAM'] });
    expect(gap).toMatchObject({ severity: 'high', regionIds: ['king', 'pierce', 'us', 'wa'] });
    expect(gap?.relatedIds).toEqual(['college', 'bus']);
  });

  it('evaluates a graph without regions once, with only region-free things available', () => {
    const index = graphOf({ programs: [program('p'), program('q')], supports: [] });
    const gaps = findGaps(index, { kinds: ['UNSUPPORTED_PROGRAM', 'DEAD_END_CREDENTIAL'] });
    expect(gaps.map((g) => `${g.kind}:${g.subjectId}:${g.regionIds.length}`)).toEqual([
      'UNSUPPORTED_PROGRAM:p:0',
      'UNSUPPORTED_PROGRAM:q:0',
    ]);
    expect(gaps[0]?.message).not.toContain(' in ');
  });

  it('evaluates region-independent kinds once', () => {
    const gaps = findGaps(king, { kinds: ['ORPHAN', 'SECTOR_WITHOUT_EMPLOYER', 'NO_EXIT_POINT'] });
    expect(gaps.map((g) => `${g.kind}:${g.subjectId}:${g.regionIds.length}`)).toEqual([
      'ORPHAN:hsd:0',
      'SECTOR_WITHOUT_EMPLOYER:construction:0',
    ]);
  });

  it('lists every kind once in GAP_KINDS', () => {
    expect(new Set(GAP_KINDS).size).toBe(10);
  });
});
