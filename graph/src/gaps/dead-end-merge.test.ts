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
import { signaturesOf } from './dead-end-merge.ts';
import { findGaps } from './gap-finder.ts';
import { kingCounty, randomBundle, randomBundleWithUnlistedRegions } from './gap-fixtures.ts';
import { gapGraphOf } from './gap-graph.ts';

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

/**
 * The slow twin of a credential's signature: every credential it reaches forward, one step at a
 * time, over STACKS_INTO and the programs listing no region (from a credential they require or
 * grant credit for to each they award), and the occupations those qualify for.
 */
function signatureByWalk(index: GraphIndex, credentialId: string): string[] {
  const regionFree = [...index.programs.values()].filter((p) => (p.regionIds ?? []).length === 0);
  const seen = new Set([credentialId]);
  const queue = [credentialId];
  while (queue.length > 0) {
    const c = queue.shift() as string;
    const onward = (index.stacksFrom.get(c) ?? []).map((edge) => edge.to);
    for (const program of regionFree) {
      const inputs = [
        ...(program.requires ?? []).flat(),
        ...(index.articulatesTo.get(program.id) ?? []).map((a) => a.from),
      ];
      if (inputs.includes(c)) onward.push(...program.awards);
    }
    for (const d of onward) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
    }
  }
  return [...new Set([...seen].flatMap((c) => index.qualifiesFor.get(c) ?? []))].sort();
}

describe('dead-end signatures', () => {
  it('are what a walk over stacking and region-free programs qualifies for, on random graphs', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const index = new GraphIndex(randomBundle(seed));
        const graph = gapGraphOf(index);
        const { of, occupations } = signaturesOf(graph);
        graph.credentials.ids.forEach((id, c) => {
          const got = Array.from(
            occupations[of[c] as number] as Int32Array,
            (o) => graph.occupations.ids[o] as string,
          ).sort();
          expect(got, `seed ${seed} ${id}`).toEqual(signatureByWalk(index, id));
          if (got.length > 0) nonEmpty++;
        });
        // Credentials with the same signature share one.
        const keys = occupations.map((list) => list.join(','));
        expect(new Set(keys).size, `seed ${seed}`).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
    expect(nonEmpty).toBeGreaterThan(0);
  });
});

describe('dead ends shared across region classes', () => {
  it('are the per-class answer on random graphs (stacking cycles, undeclared ids, nested regions)', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom<Household>('1A0C', '1A1C', '2A2W1C'),
        fc.integer({ min: 0, max: 6 }),
        (seed, household, extra) => {
          const bundle = randomBundleWithUnlistedRegions(seed, extra);
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
