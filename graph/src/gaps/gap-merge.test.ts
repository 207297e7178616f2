/**
 * The all-regions answer (region classes evaluated once, results merged through shared integer
 * tables) against the one-region answers, region by region, put together by hand: the same
 * gaps, each found in exactly the regions whose own answer has it, as severe as the most severe
 * of them, speaking with one of those regions' own message and evidence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps, type Gap } from './gap-finder.ts';
import { randomBundleWithUnlistedRegions } from './gap-fixtures.ts';
import { GAP_KINDS } from './gap-input.ts';
import { REGION_INDEPENDENT_KINDS } from './gap-kinds.ts';
import { SEVERITY_RANK } from './gap-types.ts';

const keyOf = (g: Gap) => `${g.kind}|${g.subjectKind}|${g.subjectId}`;
const ALSO = / \(also in (.*)\)$/;

/** How many regions an ` (also in a, b and 3 more)` suffix stands for. */
function alsoCount(list: string): number {
  const more = / and (\d+) more$/.exec(list);
  if (more) return list.slice(0, more.index).split(', ').length + Number(more[1]);
  return list.split(/, | and /).length;
}

describe('the all-regions gaps answer', () => {
  it('is the one-region answers of every region merged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom('1A0C', '1A1C', '2A2W1C'),
        fc.subarray([...GAP_KINDS], { minLength: 1 }),
        fc.integer({ min: 0, max: 9 }),
        (seed, household, kinds, extra) => {
          // Up to nine more regions that nothing lists (shared classes, more regions to name than shown).
          const bundle = randomBundleWithUnlistedRegions(seed, extra);
          const index = new GraphIndex(bundle);
          const all = findGaps(index, { household, kinds });
          const perRegion = new Map<string, { regionId: string; gap: Gap }[]>();
          for (const regionId of [...index.regions.keys()].sort()) {
            for (const gap of findGaps(index, { household, kinds, regionId })) {
              if (REGION_INDEPENDENT_KINDS.has(gap.kind)) continue;
              const list = perRegion.get(keyOf(gap)) ?? [];
              list.push({ regionId, gap });
              perRegion.set(keyOf(gap), list);
            }
          }

          const regional = all.filter((g) => !REGION_INDEPENDENT_KINDS.has(g.kind));
          expect(regional.map(keyOf).sort()).toEqual([...perRegion.keys()].sort());
          for (const gap of regional) {
            const found = perRegion.get(keyOf(gap)) ?? [];
            expect(gap.regionIds).toEqual(found.map((f) => f.regionId));
            const worst = Math.max(...found.map((f) => SEVERITY_RANK[f.gap.severity]));
            expect(SEVERITY_RANK[gap.severity]).toBe(worst);
            // It speaks as one of its most severe regions does there, and counts the others.
            const own = gap.message.replace(ALSO, '');
            const speaker = found.find((f) => f.gap.message === own && SEVERITY_RANK[f.gap.severity] === worst);
            expect(speaker, gap.message).toBeDefined();
            const also = ALSO.exec(gap.message);
            expect(also ? alsoCount(also[1] as string) : 0).toBe(found.length - 1);
            const evidence = new Set(found.flatMap((f) => f.gap.relatedIds));
            for (const id of speaker?.gap.relatedIds ?? []) expect(gap.relatedIds).toContain(id);
            for (const id of gap.relatedIds) expect(evidence.has(id)).toBe(true);
          }

          // Region-independent kinds are the same in every answer.
          const independent = all.filter((g) => REGION_INDEPENDENT_KINDS.has(g.kind));
          const first = [...index.regions.keys()][0];
          if (first !== undefined) {
            expect(independent).toEqual(
              findGaps(index, { household, kinds, regionId: first }).filter((g) =>
                REGION_INDEPENDENT_KINDS.has(g.kind),
              ),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
