/** What the app fetched once per page load, shared by the views (the graph changes rarely). */
import {
  type Catalog,
  fetchCatalog,
  fetchDelivery,
  fetchMap,
  fetchWages,
  type GraphMap,
  type MapFilter,
  type ProgramDelivery,
} from '../api/queries.ts';

const memo = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    memo.set(key, p);
    // A failed load is tried again next time.
    p.catch(() => memo.delete(key));
  }
  return p;
}

export const catalog = (): Promise<Catalog> => once('catalog', () => fetchCatalog());
export const graphMap = (filter: MapFilter): Promise<GraphMap> =>
  once(`map:${filter.regionId ?? ''}:${filter.sectorId ?? ''}:${filter.pathwayId ?? ''}`, () => fetchMap(filter));
export const wages = (regionId: string): Promise<Map<string, number>> =>
  once(`wages:${regionId}`, () => fetchWages(regionId));
export const delivery = (): Promise<Map<string, ProgramDelivery>> =>
  once('delivery', async () => new Map((await fetchDelivery()).map((p) => [p.id, p])));

/** The region a view starts with: a county-level one (no children), else the first. */
export async function defaultRegion(): Promise<string | undefined> {
  const { regions } = await catalog();
  return (regions.find((r) => r.children.length === 0) ?? regions[0])?.id;
}
