/** Region hierarchy questions the forms ask of the catalog's regions (parent and children ids). */

export interface RegionLink {
  id: string;
  parent: { id: string } | null;
  children: { id: string }[];
}

/**
 * The region, every region above it and every region below it: what "in this region" means for
 * something attached to a region (a county's entry points are those of its workforce area, its
 * state and the country; a state's are also its areas' and counties'). Cycles in bad data end
 * the walk instead of looping.
 */
export function regionFamily(regions: readonly RegionLink[], regionId: string): Set<string> {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const family = new Set<string>([regionId]);
  for (let r = byId.get(regionId)?.parent?.id; r && !family.has(r); r = byId.get(r)?.parent?.id) family.add(r);
  const below = [...(byId.get(regionId)?.children ?? []).map((c) => c.id)];
  while (below.length) {
    const id = below.pop() as string;
    if (family.has(id)) continue;
    family.add(id);
    for (const c of byId.get(id)?.children ?? []) below.push(c.id);
  }
  return family;
}

/**
 * The items (entry points, …) attached to a region of the family, and those attached to none
 * (they apply anywhere); all of them when no region is chosen.
 */
export function inRegion<T extends { regions: { id: string }[] }>(
  items: readonly T[],
  regions: readonly RegionLink[],
  regionId: string,
): T[] {
  if (!regionId) return [...items];
  const family = regionFamily(regions, regionId);
  return items.filter((item) => item.regions.length === 0 || item.regions.some((r) => family.has(r.id)));
}
