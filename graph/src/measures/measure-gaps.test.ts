import { describe, expect, it } from 'vitest';
import { rioGrandeBundle, rioGrandeExpected } from '../../test/fixtures.ts';
import type { Gap } from '../gaps/gap-types.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import {
  DEFAULT_FLOORS,
  leakyTransitionGaps,
  lowOutcomeGaps,
  MEASURE_GAP_KINDS,
  type MeasureGap,
  measureGaps,
  parseFloors,
} from './measure-gaps.ts';

interface GapCase {
  filter: { regionId: string; household: string; kinds?: string[]; floors?: Record<string, number> };
  expected: [string, string][];
}
const cases = rioGrandeExpected().gaps as GapCase[];
const index = new GraphIndex(bundleSchema.parse(rioGrandeBundle()));
const mine = new Set<string>(MEASURE_GAP_KINDS);

// The records must fit the gap engine's, so that they can be registered there as descriptors.
const _fits = (gap: MeasureGap): Omit<Gap, 'kind'> => gap;

describe('LOW_OUTCOME and LEAKY_TRANSITION of the worked example (rio-grande)', () => {
  it('has both filters, the default floors and given ones', () => {
    expect(cases).toHaveLength(2);
    expect(cases.some((c) => c.filter.floors !== undefined)).toBe(true);
  });

  it.each(cases.map((c) => [JSON.stringify(c.filter), c] as const))('gaps(%s)', (_, gapCase) => {
    const floors = parseFloors(gapCase.filter.floors);
    const got = measureGaps(index, gapCase.filter.regionId, floors).map((g) => [g.kind, g.subjectId]);
    const want = gapCase.expected.filter(([kind]) => mine.has(kind));
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it('explains each gap: figures against floors, the to program as evidence, the region', () => {
    const gaps = measureGaps(index, 'tx-cameron');
    const ma = gaps.find((g) => g.kind === 'LOW_OUTCOME' && g.subjectId === 'p-ma');
    expect(ma).toMatchObject({ severity: 'high', subjectKind: 'Program', regionIds: ['tx-cameron'] });
    expect(ma?.relatedIds[0]).toBe('tsc');
    expect(ma?.message).toContain('completion rate 17.5% (floor 20%)');
    expect(ma?.message).toContain('employment in the 2nd quarter after exit 40% (floor 50%)');
    expect(ma?.message).toContain('in Cameron County, TX');
    const iet = gaps.find((g) => g.kind === 'LOW_OUTCOME' && g.subjectId === 'p-hse-iet');
    expect(iet?.severity).toBe('medium');
    const cna = gaps.find((g) => g.kind === 'LEAKY_TRANSITION' && g.subjectId === 'p-cna');
    expect(cna).toMatchObject({ relatedIds: ['p-lvn'], severity: 'medium' });
    expect(cna?.message).toContain('14.6% of its 96 completers of 2023 started');
    const hse = gaps.find((g) => g.kind === 'LEAKY_TRANSITION' && g.subjectId === 'p-hse-iet');
    expect(hse).toMatchObject({ relatedIds: ['p-lvn'], severity: 'high' });
  });

  it('a transition above the floor, or whose to program does not require what the from program awards, is no gap', () => {
    // p-lvn → p-lvn-rn: 42.9%, above 25%; with the floor at 0.5 it leaks (p-lvn-rn requires lvn).
    expect(leakyTransitionGaps(index, 'tx-cameron', DEFAULT_FLOORS).map((g) => g.subjectId)).not.toContain('p-lvn');
    const strict = leakyTransitionGaps(index, 'tx-cameron', { ...DEFAULT_FLOORS, transitionRate: 0.5 });
    expect(strict.map((g) => g.subjectId)).toEqual(['p-cna', 'p-hse-iet', 'p-lvn']);
    const unlinked = new GraphIndex(
      bundleSchema.parse({
        ...rioGrandeBundle(),
        programs: rioGrandeBundle().programs?.map((p) => (p.id === 'p-lvn' ? { ...p, requires: [['hse']] } : p)),
      }),
    );
    // p-lvn no longer requires cna: the cna → lvn leak is no gap; p-hse-iet awards hse, so it still is.
    expect(leakyTransitionGaps(unlinked, 'tx-cameron', DEFAULT_FLOORS).map((g) => g.subjectId)).toEqual(['p-hse-iet']);
  });

  it('a missing figure never triggers LOW_OUTCOME; a floor of 0 triggers nothing', () => {
    expect(
      lowOutcomeGaps(index, 'tx-cameron', {
        ...DEFAULT_FLOORS,
        completionRate: 0,
        employmentRateQ2: 0,
        medianEarningsQ2: 0,
      }),
    ).toEqual([]);
    // p-adn has no row at all: whatever the floors, it is never low.
    const all = lowOutcomeGaps(index, 'tx-cameron', {
      ...DEFAULT_FLOORS,
      completionRate: 1,
      employmentRateQ2: 1,
      medianEarningsQ2: 1e7,
    });
    expect(all.map((g) => g.subjectId)).not.toContain('p-adn');
    expect(all.map((g) => g.subjectId)).toContain('p-lvn-rn');
  });
});

describe('floors', () => {
  it('defaults to the contract values, field by field', () => {
    expect(parseFloors(undefined)).toEqual(DEFAULT_FLOORS);
    expect(parseFloors(null)).toEqual(DEFAULT_FLOORS);
    expect(parseFloors({ transitionRate: 0.12 })).toEqual({ ...DEFAULT_FLOORS, transitionRate: 0.12 });
  });

  it('names the field and the reason', () => {
    expect(() => parseFloors({ completionRate: 2 })).toThrow(
      'filter.floors.completionRate: must be a rate from 0 to 1',
    );
    expect(() => parseFloors({ medianEarningsQ2: -1 })).toThrow(
      'filter.floors.medianEarningsQ2: must be quarterly dollars',
    );
    expect(() => parseFloors({ transitionRate: 'low' })).toThrow('filter.floors.transitionRate: must be a number');
    expect(() => parseFloors({ other: 1 })).toThrow(/filter\.floors/);
  });

  it('an unknown region is NOT_FOUND', () => {
    expect(() => measureGaps(index, 'nowhere')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
