/**
 * What every resolver file shares: the per-request snapshot index, tagging entities with their
 * kind (for `Node.resolveType`), id checks, and cursor pages of one kind of entity.
 */
import { BadInputError } from '@pathway/graph/errors';
import { ID_PATTERN } from '@pathway/graph/model/bundle';
import { defineView } from '@pathway/graph/model/derived-view';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import type { EntityLabel } from '@pathway/graph/model/vocabulary';
import type { Snapshot } from '@pathway/graph/snapshot/snapshot';
import type { MercuriusContext } from 'mercurius';
import type { EntityParent, Tagged } from './resolver-parents.ts';

declare module 'mercurius' {
  interface MercuriusContext {
    /** The graph snapshot for this request (loaded once per request). */
    snapshot: () => Promise<Snapshot>;
  }
}

export const idx = async (ctx: MercuriusContext): Promise<GraphIndex> => (await ctx.snapshot()).index;

export function tag<T extends { id: string }, K extends EntityLabel>(
  kind: K,
  item: T | undefined,
): Tagged<T, K> | null {
  return item ? ({ ...item, __kind: kind } as Tagged<T, K>) : null;
}

export function tagAll<T extends { id: string }, K extends EntityLabel>(
  kind: K,
  items: readonly (T | undefined)[],
): Tagged<T, K>[] {
  const out: Tagged<T, K>[] = [];
  for (const item of items) if (item !== undefined) out.push({ ...item, __kind: kind } as Tagged<T, K>);
  return out;
}

/**
 * The entity a non-null field points at. Import validation makes every reference resolve, so a
 * miss is a broken snapshot: an internal error (logged), not a null GraphQL would reject anyway.
 */
export function tagRef<T extends { id: string }, K extends EntityLabel>(
  kind: K,
  map: ReadonlyMap<string, T>,
  id: string,
): Tagged<T, K> {
  return { ...ref(kind, map, id), __kind: kind } as Tagged<T, K>;
}

/** tagRef's lookup without the tagged copy, for a field of a concrete type (no `Node.resolveType` reads it). */
export function ref<T extends { id: string }>(kind: EntityLabel, map: ReadonlyMap<string, T>, id: string): T {
  const item = map.get(id);
  if (!item) throw new Error(`the snapshot has no ${kind} "${id}" though something refers to it`);
  return item;
}

/** tagIds' lookups without the tagged copies: the entities of these ids, dropping ids the map does not know. */
export function refs<T extends { id: string }>(map: ReadonlyMap<string, T>, ids: readonly string[] | undefined): T[] {
  const out: T[] = [];
  for (const id of ids ?? []) {
    const item = map.get(id);
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** Looks ids up in one of the index's maps and tags what it finds, dropping ids it does not know. */
export function tagIds<T extends { id: string }, K extends EntityLabel>(
  kind: K,
  map: ReadonlyMap<string, T>,
  ids: readonly string[] | undefined,
): Tagged<T, K>[] {
  return tagAll(
    kind,
    (ids ?? []).map((id) => map.get(id)),
  );
}

/** Any entity of this kind, tagged, for the `Node` interface. */
export function tagEntity(index: GraphIndex, kind: EntityLabel, id: string): EntityParent | null {
  return tag(kind, index.entitiesOf(kind).get(id)) as EntityParent | null;
}

export function labelOf(entity: { id: string; name?: string; title?: string }): string {
  return String(entity.title ?? entity.name ?? entity.id);
}

export function requireId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new BadInputError(path, 'must be an id');
  return value;
}

// Pages of entities ordered by id; the sorted id lists are kept by the snapshot's index.
const SORTED_IDS = defineView('sorted-ids', () => new Map<EntityLabel, string[]>());

export function page(
  index: GraphIndex,
  kind: EntityLabel,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 500)
    throw new BadInputError('first', 'must be a whole number from 1 to 500');
  const perIndex = index.derived(SORTED_IDS);
  const ids = perIndex.get(kind) ?? [...index.entitiesOf(kind).keys()].sort();
  perIndex.set(kind, ids);
  let start = 0;
  if (after) {
    let afterId: string;
    try {
      afterId = Buffer.from(after, 'base64url').toString('utf8');
    } catch {
      throw new BadInputError('after', 'is not a cursor from this API');
    }
    if (!ID_PATTERN.test(afterId)) throw new BadInputError('after', 'is not a cursor from this API');
    // First id greater than the cursor's (binary search).
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ids[mid] as string) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = ids.slice(start, start + size);
  return {
    totalCount: ids.length,
    edges: slice.map((id) => ({
      cursor: Buffer.from(id).toString('base64url'),
      node: tagEntity(index, kind, id) as EntityParent,
    })),
    pageInfo: {
      hasNextPage: start + size < ids.length,
      endCursor: slice.length > 0 ? Buffer.from(slice[slice.length - 1] as string).toString('base64url') : null,
    },
  };
}
