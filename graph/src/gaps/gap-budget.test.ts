import { describe, expect, it } from 'vitest';
import { WorkLimitError } from '../errors.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps } from './gap-finder.ts';
import { kingCounty, randomBundle } from './gap-fixtures.ts';

function limitOf(run: () => unknown): WorkLimitError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof WorkLimitError) return error;
    throw error;
  }
}

describe('the gaps work budget', () => {
  it('fails with WORK_LIMIT, naming the limit and the regionId filter, when the merge holds too many records', () => {
    const error = limitOf(() => findGaps(kingCounty(), {}, { budget: { maxGapRecords: 1 } }));
    expect(error?.code).toBe('WORK_LIMIT');
    expect(error?.limit).toBe('gaps.maxGapRecords');
    expect(error?.message).toMatch(/^gaps\.maxGapRecords: .*more than 1 regional gap records.*filter\.regionId/);
  });

  it('fails with WORK_LIMIT when results for too many region classes are held', () => {
    const error = limitOf(() => findGaps(kingCounty(), {}, { budget: { maxRegionClasses: 1 } }));
    expect(error?.limit).toBe('gaps.maxRegionClasses');
    expect(error?.message).toContain('filter.regionId');
  });

  it('answers a one-region request within a budget the all-regions request exceeds', () => {
    const index = kingCounty();
    const budget = { maxRegionClasses: 1 };
    expect(limitOf(() => findGaps(index, {}, { budget }))).toBeDefined();
    expect(findGaps(index, { regionId: 'wa-king' }, { budget })).toEqual(findGaps(index, { regionId: 'wa-king' }));
  });

  it('either refuses or gives the whole, unchanged answer: never a partial one', () => {
    const indexes = [kingCounty(), ...Array.from({ length: 40 }, (_, i) => new GraphIndex(randomBundle(i + 1)))];
    for (const index of indexes) {
      const full = findGaps(index, {});
      let refused = 0;
      for (let n = 1; n <= 64; n *= 2) {
        for (const budget of [{ maxGapRecords: n }, { maxRegionClasses: n }]) {
          const error = limitOf(() => {
            expect(findGaps(index, {}, { budget })).toEqual(full);
          });
          if (error) refused++;
        }
      }
      if (full.some((g) => g.regionIds.length > 0)) expect(refused).toBeGreaterThan(0);
    }
  });
});
