/**
 * Regions that every region-dependent gap kind sees alike, grouped so that the all-regions
 * answer evaluates each group once. Two regions are alike when they agree on everything the
 * kinds read about a region:
 *
 * - which programs are available: the regions programs list that are related to R (R, an
 *   ancestor or a descendant);
 * - the household's threshold: the first region up the chain that has one;
 * - regional medians: the regions up the chain that have wage rows;
 * - entry points evaluated there: those listing R itself (so R counts only if one lists it);
 * - regional supports: the regions up the chain that supports list;
 * - annual openings: wage rows with openings for R itself.
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

export function regionClasses(index: GraphIndex, household: string, regionIds: string[]): RegionClass[] {
  const programRegions = new Set<string>();
  for (const program of index.programs.values()) for (const id of program.regionIds ?? []) programRegions.add(id);
  const entryRegions = new Set<string>();
  for (const entry of index.entryPoints.values()) for (const id of entry.regionIds ?? []) entryRegions.add(id);
  const wageRegions = new Set<string>();
  const openingRegions = new Set<string>();
  for (const rows of index.wages.values()) {
    for (const [regionId, row] of rows) {
      wageRegions.add(regionId);
      if ((row.annualOpenings ?? 0) > 0) openingRegions.add(regionId);
    }
  }
  const thresholdRegions = new Set<string>();
  for (const [regionId, rows] of index.thresholds) if (rows.has(household)) thresholdRegions.add(regionId);
  const supportRegions = new Set(index.supportsByRegion.keys());

  const classes = new Map<string, string[]>();
  for (const regionId of regionIds) {
    const chain = index.chain(regionId);
    const listed = [...index.relatedRegions(regionId)].filter((id) => programRegions.has(id)).sort(compareText);
    const key = [
      listed.join(','),
      chain.find((id) => thresholdRegions.has(id)) ?? '',
      chain.filter((id) => wageRegions.has(id)).join(','),
      entryRegions.has(regionId) ? regionId : '',
      chain.filter((id) => supportRegions.has(id)).join(','),
      openingRegions.has(regionId) ? regionId : '',
    ].join('|');
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
