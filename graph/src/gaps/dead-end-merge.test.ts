/**
 * DEAD_END_CREDENTIAL with its work shared across region classes (dead-end-merge.ts) against the
 * per-class twin (every class evaluated by the region rule and merged like any other kind): the
 * same gaps, field for field (severity, message, evidence, regionIds), with and without a region.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import type { Household } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps } from './gap-finder.ts';
import { kingCounty, randomBundle } from './gap-fixtures.ts';

const kinds = ['DEAD_END_CREDENTIAL' as const];
const plain = (gaps: ReturnType<typeof findGaps>) => gaps.map((gap) => ({ ...gap }));

function expectTwins(index: GraphIndex, household: Household, label: string): number {
  const shared = findGaps(index, { household, kinds });
  const twin = findGaps(index, { household, kinds }, { deadEndsPerClass: true });
  expect(plain(shared), label).toEqual(plain(twin));
  for (const regionId of index.regions.keys()) {
    expect(plain(findGaps(index, { household, kinds, regionId })), `${label} ${regionId}`).toEqual(
      plain(findGaps(index, { household, kinds, regionId }, { deadEndsPerClass: true })),
    );
  }
  return shared.length;
}

describe('dead ends shared across region classes', () => {
  it('are the per-class answer on random graphs (stacking cycles, undeclared ids, nested regions)', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom<Household>('1A0C', '1A1C', '2A2W1C'),
        fc.integer({ min: 0, max: 6 }),
        (seed, household, extra) => {
          const bundle = randomBundle(seed);
          const parentId = bundle.regions?.[0]?.id;
          for (let i = 0; i < extra; i++) {
            bundle.regions?.push({
              id: `x${i}`,
              name: `Extra ${i}`,
              kind: 'county',
              ...(parentId ? { parentId } : {}),
            });
          }
          found += expectTwins(new GraphIndex(bundle), household, `seed ${seed}`);
        },
      ),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(0);
  });

  it('are the per-class answer on the worked example and a small synthetic nation', () => {
    expect(expectTwins(kingCounty(), '1A1C', 'king county')).toBeGreaterThan(0);
    const nation = new GraphIndex(syntheticBundle({ nodes: 3000, seed: 7 }).bundle);
    const all = findGaps(nation, { kinds });
    expect(plain(all)).toEqual(plain(findGaps(nation, { kinds }, { deadEndsPerClass: true })));
    // Regions where a credential is reached only through a local program are left out of it.
    expect(all.some((gap) => gap.regionIds.length > 1 && gap.regionIds.length < nation.regions.size - 1)).toBe(true);
  });
});
