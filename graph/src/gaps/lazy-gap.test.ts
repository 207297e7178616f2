/**
 * Gaps worded when first read (gap-finder.ts `lazyGap`) against the eager twin
 * (`eagerText`: every message, evidence and region list built as the gap is merged, its severity
 * read from its explanation rather than from the merge's rank): the same gaps, field for field,
 * whichever order the fields are read in and whatever ran on the index in between. A region
 * count or a first page of regions read before the list is its length and its start.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import type { Household } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps, type Gap, gapFieldKnown, gapHoldsParts, gapRegionCount, gapRegionIds } from './gap-finder.ts';
import { kingCounty, randomBundle } from './gap-fixtures.ts';
import type { GapFilterInput } from './gap-input.ts';

const plain = (gaps: Gap[]) => gaps.map((gap) => ({ ...gap }));

/** Reads the lazy answer out of order: counts and first pages, then the fields backwards, last gap first. */
function readScrambled(index: GraphIndex, filter: GapFilterInput, options: { deadEndsPerClass?: boolean }): Gap[] {
  const gaps = findGaps(index, filter, options);
  const counts = gaps.map((gap) => gapRegionCount(gap));
  const firstTwo = gaps.map((gap) => gapRegionIds(gap, 2));
  // Another answer on the same index in between: the lazy gaps must not read state it changes.
  findGaps(index, { ...filter, kinds: undefined }, options);
  for (let k = gaps.length - 1; k >= 0; k--) {
    const gap = gaps[k] as Gap;
    expect(gap.regionIds.length).toBe(counts[k]);
    expect(gap.regionIds.slice(0, 2)).toEqual(firstTwo[k]);
    void gap.relatedIds;
    void gap.message;
  }
  // Once read, the count and a page come from the list itself.
  for (const gap of gaps) {
    expect(gapRegionCount(gap)).toBe(gap.regionIds.length);
    expect(gapRegionIds(gap, 1)).toEqual(gap.regionIds.slice(0, 1));
  }
  return gaps;
}

function expectTwins(index: GraphIndex, filter: GapFilterInput, label: string): number {
  let found = 0;
  for (const deadEndsPerClass of [false, true]) {
    const eager = findGaps(index, filter, { deadEndsPerClass, eagerText: true });
    const lazy = readScrambled(index, filter, { deadEndsPerClass });
    expect(plain(lazy), label).toEqual(plain(eager));
    // JSON reads the accessors too, in the declared field order.
    expect(JSON.stringify(findGaps(index, filter, { deadEndsPerClass })), label).toBe(JSON.stringify(eager));
    found += eager.length;
  }
  return found;
}

describe('gaps worded when first read', () => {
  it('are the eager answer on random graphs, with and without a region', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom<Household>('1A0C', '1A1C', '2A2W1C'),
        (seed, household) => {
          const index = new GraphIndex(randomBundle(seed));
          found += expectTwins(index, { household }, `seed ${seed}`);
          const regionId = [...index.regions.keys()][seed % Math.max(1, index.regions.size)];
          if (regionId !== undefined) expectTwins(index, { household, regionId }, `seed ${seed} ${regionId}`);
        },
      ),
      { numRuns: 150 },
    );
    expect(found).toBeGreaterThan(0);
  });

  it('are the eager answer on the worked example and a small synthetic nation', () => {
    expect(expectTwins(kingCounty(), { household: '1A1C' }, 'king county')).toBeGreaterThan(0);
    const nation = new GraphIndex(syntheticBundle({ nodes: 3000, seed: 7 }).bundle);
    expect(expectTwins(nation, {}, 'nation')).toBeGreaterThan(0);
  });

  it('word a gap only when one of its fields is read, and keep what was read or assigned', () => {
    const gaps = findGaps(kingCounty(), { household: '1A1C' });
    const gap = gaps[0] as Gap;
    const known = (key: 'message' | 'relatedIds' | 'regionIds') => gapFieldKnown(gap, key);
    expect([known('message'), known('relatedIds'), known('regionIds')]).toEqual([false, false, false]);
    const message = gap.message;
    expect([known('message'), known('relatedIds'), known('regionIds')]).toEqual([true, false, false]);
    expect(gap.message).toBe(message);
    expect(gaps.slice(1).some((other) => gapFieldKnown(other, 'message'))).toBe(false);
    gap.relatedIds = ['x'];
    expect(gap.relatedIds).toEqual(['x']);
    expect(Object.keys(gap)).toEqual([
      'kind',
      'severity',
      'subjectId',
      'subjectKind',
      'message',
      'relatedIds',
      'regionIds',
    ]);
    // What it kept to word itself (the merge's tables: an object, not a value it read) is let go
    // once every field is known.
    expect(gapHoldsParts(gap)).toBe(true);
    expect({ ...gap }.relatedIds).toEqual(['x']);
    expect(gapHoldsParts(gap)).toBe(false);
    // Nothing of it shows as a property, not even a symbol.
    expect(Object.getOwnPropertySymbols(gap)).toEqual([]);
    expect(gap.regionIds).toEqual(findGaps(kingCounty(), { household: '1A1C' })[0]?.regionIds);
  });
});
