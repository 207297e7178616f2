import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rioGrandeBundle, rioGrandeExpected } from '../../test/fixtures.ts';
import { DEFAULT_FLOORS, type Floors, MEASURE_GAP_KINDS, measureGaps } from '../measures/measure-gaps.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps, findGapsReport } from './gap-finder.ts';
import type { GapFilterInput } from './gap-input.ts';

interface GapCase {
  filter: GapFilterInput;
  expected: [string, string][];
}

const index = new GraphIndex(bundleSchema.parse(rioGrandeBundle()));
const cases = rioGrandeExpected().gaps as GapCase[];
const kinds = [...MEASURE_GAP_KINDS];

const floorsArb: fc.Arbitrary<Floors> = fc.record({
  completionRate: fc.double({ min: 0, max: 1, noNaN: true }),
  employmentRateQ2: fc.double({ min: 0, max: 1, noNaN: true }),
  medianEarningsQ2: fc.integer({ min: 0, max: 20000 }),
  transitionRate: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('LOW_OUTCOME and LEAKY_TRANSITION in the gap engine', () => {
  it.each(cases.map((c) => [JSON.stringify(c.filter), c] as const))('the worked example: gaps(%s)', (_, gapCase) => {
    const got = findGaps(index, gapCase.filter).map((g) => [g.kind, g.subjectId]);
    expect(got).toEqual(gapCase.expected);
  });

  it('answer exactly what the measures rules answer, region by region, whatever the floors', () => {
    fc.assert(
      fc.property(floorsArb, fc.constantFrom(...index.regions.keys()), (floors, regionId) => {
        const engine = findGaps(index, { regionId, kinds, floors });
        const rules = measureGaps(index, regionId, floors);
        const order = (a: { kind: string; subjectId: string }, b: { kind: string; subjectId: string }) =>
          a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.subjectId < b.subjectId ? -1 : 1;
        expect(engine).toEqual([...rules].sort(order));
      }),
      { numRuns: 60 },
    );
  });

  it('without a region, merge the regions where each gap is found', () => {
    const floors = { ...DEFAULT_FLOORS, transitionRate: 0.5 };
    const merged = findGaps(index, { kinds, floors });
    expect(merged.length).toBeGreaterThan(0);
    for (const gap of merged) {
      const where = [...index.regions.keys()]
        .filter((r) => measureGaps(index, r, floors).some((g) => g.kind === gap.kind && g.subjectId === gap.subjectId))
        .sort();
      expect(gap.regionIds, `${gap.kind} ${gap.subjectId}`).toEqual(where);
    }
  });

  it('take the floors from the filter, defaults field by field, and name a bad one', () => {
    expect(findGapsReport(index, { kinds }).filter.floors).toEqual(DEFAULT_FLOORS);
    expect(findGapsReport(index, { floors: { transitionRate: 0.12 } }).filter.floors).toEqual({
      ...DEFAULT_FLOORS,
      transitionRate: 0.12,
    });
    expect(() => findGaps(index, { floors: { transitionRate: 2 } })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', path: 'filter.floors.transitionRate' }),
    );
    expect(() => findGaps(index, { floors: { medianEarningsQ2: -5 } })).toThrow(
      'filter.floors.medianEarningsQ2: must be quarterly dollars',
    );
    expect(() => findGaps(index, { floors: { other: 1 } as never })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', path: 'filter.floors' }),
    );
  });

  it('honour the sector filter on the program subjects', () => {
    const healthcare = [...index.sectors.keys()].find((s) => s.includes('health')) as string;
    const construction = [...index.sectors.keys()].find((s) => s.includes('construction')) as string;
    expect(findGaps(index, { regionId: 'tx-cameron', kinds, sectorId: healthcare }).length).toBeGreaterThan(0);
    const elsewhere = findGaps(index, { regionId: 'tx-cameron', kinds, sectorId: construction });
    expect(elsewhere.map((g) => g.subjectId)).not.toContain('p-cna');
  });
});
