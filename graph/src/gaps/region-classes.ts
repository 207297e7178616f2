/**
 * Regions that every region-dependent gap kind sees alike, grouped so that the all-regions
 * answer evaluates each group once. Two regions are alike when they agree on every regional
 * input the kinds declare (REGIONAL_INPUTS below; gap-kinds.test.ts checks that no kind reads
 * an input it does not declare).
 *
 * In a real graph most counties are listed by nothing and fall into a few groups; in the worst
 * case every region is its own group and the work is what it would have been anyway.
 */
import type { GraphIndex } from '../model/graph-index.ts';

export interface RegionClass {
  /** The region evaluated for the whole class. */
  representative: string;
  /** Every region of the class, most specific first (longest chain), then by id. */
  members: string[];
}

export function regionDepth(index: GraphIndex, regionId: string): number {
  return index.chain(regionId).length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a region-dependent gap kind may read about a region (through RegionContext). Each input
 * says, for a region, a key that is equal for two regions exactly when the input is the same
 * for both; the class key is the keys of every input any kind declares.
 */
export type RegionalInput = 'programRegions' | 'threshold' | 'wages' | 'entryPoints' | 'supports' | 'openings';

type InputKey = (regionId: string, chain: string[]) => string;

const regionsWith = (ids: Iterable<string>) => new Set(ids);

const INPUT_KEYS: Record<RegionalInput, (index: GraphIndex, household: string) => InputKey> = {
  // Which programs are available: the regions programs list that are related to R.
  programRegions(index) {
    const listed = regionsWith([...index.programs.values()].flatMap((p) => p.regionIds ?? []));
    return (regionId) =>
      [...index.relatedRegions(regionId)]
        .filter((id) => listed.has(id))
        .sort(compareText)
        .join(',');
  },
  // The household's threshold: the first region up the chain that has one.
  threshold(index, household) {
    const listed = regionsWith([...index.thresholds].filter(([, rows]) => rows.has(household)).map(([id]) => id));
    return (_, chain) => chain.find((id) => listed.has(id)) ?? '';
  },
  // Regional medians: the regions up the chain that have wage rows.
  wages(index) {
    const listed = regionsWith([...index.wages.values()].flatMap((rows) => [...rows.keys()]));
    return (_, chain) => chain.filter((id) => listed.has(id)).join(',');
  },
  // Entry points evaluated there: those listing R itself (so R counts only if one lists it).
  entryPoints(index) {
    const listed = regionsWith([...index.entryPoints.values()].flatMap((e) => e.regionIds ?? []));
    return (regionId) => (listed.has(regionId) ? regionId : '');
  },
  // Regional supports: the regions up the chain that supports list.
  supports(index) {
    const listed = regionsWith(index.supportsByRegion.keys());
    return (_, chain) => chain.filter((id) => listed.has(id)).join(',');
  },
  // Annual openings: wage rows with openings for R itself.
  openings(index) {
    const listed = regionsWith(
      [...index.wages.values()].flatMap((rows) =>
        [...rows].filter(([, row]) => (row.annualOpenings ?? 0) > 0).map(([id]) => id),
      ),
    );
    return (regionId) => (listed.has(regionId) ? regionId : '');
  },
};

export const REGIONAL_INPUTS = Object.keys(INPUT_KEYS) as RegionalInput[];

/** Groups regions that agree on every one of `inputs` (by default all of them). */
export function regionClasses(
  index: GraphIndex,
  household: string,
  regionIds: string[],
  inputs: readonly RegionalInput[] = REGIONAL_INPUTS,
): RegionClass[] {
  const keys = inputs.map((input) => INPUT_KEYS[input](index, household));
  const classes = new Map<string, string[]>();
  for (const regionId of regionIds) {
    const chain = index.chain(regionId);
    const key = keys.map((keyOf) => keyOf(regionId, chain)).join('|');
    const members = classes.get(key);
    if (members) members.push(regionId);
    else classes.set(key, [regionId]);
  }

  const depth = new Map(regionIds.map((id) => [id, regionDepth(index, id)]));
  const bySpecificity = (a: string, b: string) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0) || compareText(a, b);
  return [...classes.values()].map((members) => {
    const sorted = members.sort(bySpecificity);
    return { representative: sorted[0] as string, members: sorted };
  });
}
