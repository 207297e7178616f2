/**
 * The map's pages without building the whole map. Once per snapshot (a derived view, made on the
 * first paged request) every entity gets a position in the map's order (kind, then id) and every
 * edge `buildMap` can draw is listed under its later end in that order; once per view (kept for
 * the last few filters) the view's members become a sorted list of positions. A page is then a
 * binary search for the cursor, its nodes, and the edges listed under them whose other end is in
 * the view: what `mapPage(buildMap(index, filter), first, after)` answers (map-pages.test.ts holds
 * the two equal), at the cost of the page, not of the view.
 */

import { BadInputError } from '../errors.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel, MAP_EDGE_KINDS, type MapEdgeKind } from '../model/vocabulary.ts';
import { defineAnswerCache } from '../snapshot/answer-cache.ts';
import {
  buildMap,
  forEachMapEdge,
  type GraphMap,
  labelOf,
  MAP_MAX_PAGE,
  type MapEdge,
  type MapEdgeSink,
  type MapNode,
  type MapPage,
  mapPage,
  parseFilter,
  refuseWhole,
  select,
} from './map.ts';
import { decodeCursor, encodeCursor } from './map-cursor.ts';
import { OVERVIEW_TABLE } from './map-overview-table.ts';

interface EdgeTable {
  /** Per kind, ordinal (as in the overview table) → rank of its id among the kind's ids. */
  rank: Record<EntityLabel, Int32Array>;
  /** Per kind, its ids in order: position kindBase[k] + r is sortedIds[kind][r]. */
  sortedIds: Record<EntityLabel, string[]>;
  kindBase: number[];
  /** Edges in buildMap's order: kind (index into MAP_EDGE_KINDS), ends (positions), TRANSITION rate (NaN: null). */
  kind: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  rate: Float64Array;
  /** The edges whose later end is at position q: owned[ownedStart[q]..ownedStart[q + 1]], in buildMap's order. */
  ownedStart: Int32Array;
  owned: Int32Array;
}

const TRANSITION = MAP_EDGE_KINDS.indexOf('TRANSITION');

function buildEdgeTable(index: GraphIndex): EdgeTable {
  const table = index.derived(OVERVIEW_TABLE);
  const kindBase: number[] = [0];
  const rank = {} as Record<EntityLabel, Int32Array>;
  const sortedIds = {} as Record<EntityLabel, string[]>;
  for (const kind of ENTITY_LABELS) {
    const ids = table.ids[kind];
    const sorted = [...ids].sort();
    const ranks = new Int32Array(ids.length);
    const ord = table.ords[kind];
    for (const [r, id] of sorted.entries()) ranks[ord.get(id) as number] = r;
    rank[kind] = ranks;
    sortedIds[kind] = sorted;
    kindBase.push((kindBase[kindBase.length - 1] as number) + ids.length);
  }
  const base = Object.fromEntries(ENTITY_LABELS.map((k, i) => [k, kindBase[i] as number])) as Record<
    EntityLabel,
    number
  >;
  const at = (kind: EntityLabel, id: string | undefined) => {
    if (id === undefined) return -1;
    const o = table.ords[kind].get(id);
    return o === undefined ? -1 : base[kind] + (rank[kind][o] as number);
  };

  let kinds = new Uint8Array(1 << 16);
  let from = new Int32Array(1 << 16);
  let to = new Int32Array(1 << 16);
  const rates: number[] = [];
  const rateAt: number[] = [];
  let size = 0;
  const edge: MapEdgeSink = (kind, fromKind, a, toKind, b, rate) => {
    const x = at(fromKind, a);
    const y = at(toKind, b);
    if (x < 0 || y < 0) return;
    if (size === kinds.length) {
      const k2 = new Uint8Array(size * 2);
      k2.set(kinds);
      kinds = k2;
      const f2 = new Int32Array(size * 2);
      f2.set(from);
      from = f2;
      const t2 = new Int32Array(size * 2);
      t2.set(to);
      to = t2;
    }
    kinds[size] = MAP_EDGE_KINDS.indexOf(kind);
    from[size] = x;
    to[size] = y;
    if (rate !== undefined) {
      rateAt.push(size);
      rates.push(rate ?? Number.NaN);
    }
    size += 1;
  };
  forEachMapEdge(index, edge);

  const rate = new Float64Array(size).fill(Number.NaN);
  for (const [i, e] of rateAt.entries()) rate[e] = rates[i] as number;
  // Listed under the later end, first occurrence of each (kind, from, to) only: buildMap's ids are unique.
  const positions = kindBase[ENTITY_LABELS.length] as number;
  const ownedStart = new Int32Array(positions + 1);
  for (let e = 0; e < size; e += 1) {
    const q = Math.max(from[e] as number, to[e] as number);
    ownedStart[q + 1] = (ownedStart[q + 1] as number) + 1;
  }
  for (let q = 0; q < positions; q += 1) ownedStart[q + 1] = (ownedStart[q + 1] as number) + (ownedStart[q] as number);
  const next = ownedStart.slice(0, positions);
  const all = new Int32Array(size);
  for (let e = 0; e < size; e += 1) {
    const q = Math.max(from[e] as number, to[e] as number);
    all[next[q] as number] = e;
    next[q] = (next[q] as number) + 1;
  }
  const same = (a: number, b: number) => kinds[a] === kinds[b] && from[a] === from[b] && to[a] === to[b];
  const owned = new Int32Array(size);
  let kept = 0;
  for (let q = 0; q < positions; q += 1) {
    const begin = ownedStart[q] as number;
    const end = ownedStart[q + 1] as number;
    ownedStart[q] = kept;
    const first = kept;
    for (let j = begin; j < end; j += 1) {
      const e = all[j] as number;
      let dup = false;
      for (let i = first; i < kept && !dup; i += 1) dup = same(owned[i] as number, e);
      if (!dup) {
        owned[kept] = e;
        kept += 1;
      }
    }
  }
  ownedStart[positions] = kept;
  return {
    rank,
    sortedIds,
    kindBase,
    kind: kinds.slice(0, size),
    from: from.slice(0, size),
    to: to.slice(0, size),
    rate,
    ownedStart,
    owned: owned.slice(0, kept),
  };
}

export const MAP_EDGE_TABLE = defineView('map-edge-table', buildEdgeTable);

/** One view's members: sorted positions, a flag per position, and how many of the edges are in it. */
interface ViewPositions {
  members: Int32Array;
  inView: Uint8Array;
  totalEdges: number;
}

const viewPositions = defineAnswerCache('map-view-positions', { entries: 8, maxItems: 1, sizeOf: () => 1 });

function positionsOf(index: GraphIndex, filter: unknown): ViewPositions {
  const parsed = parseFilter(filter);
  return viewPositions(index).get(parsed, () => {
    const edges = index.derived(MAP_EDGE_TABLE);
    const table = index.derived(OVERVIEW_TABLE);
    const inView = new Uint8Array(edges.kindBase[ENTITY_LABELS.length] as number);
    let count = 0;
    // No filter: every entity (what select answers then), without a set of every id.
    const unfiltered = Object.values(parsed).every((v) => v === undefined);
    if (unfiltered) {
      inView.fill(1);
      count = inView.length;
    }
    const sel = unfiltered ? new Map<EntityLabel, Set<string>>() : select(index, parsed);
    for (const [k, kind] of ENTITY_LABELS.entries()) {
      const ord = table.ords[kind];
      const base = edges.kindBase[k] as number;
      for (const id of sel.get(kind) ?? []) {
        const o = ord.get(id);
        if (o === undefined) continue;
        inView[base + (edges.rank[kind][o] as number)] = 1;
        count += 1;
      }
    }
    const members = new Int32Array(count);
    let m = 0;
    for (let q = 0; q < inView.length; q += 1) if (inView[q]) members[m++] = q;
    let totalEdges = 0;
    for (let j = 0; j < edges.owned.length; j += 1) {
      const e = edges.owned[j] as number;
      if (inView[edges.from[e] as number] && inView[edges.to[e] as number]) totalEdges += 1;
    }
    return { members, inView, totalEdges };
  });
}

/** `mapPage(buildMap(index, filter), first, after)`, at the cost of the page (see the top of this file). */
export function pagedMap(
  index: GraphIndex,
  filter: unknown,
  first: unknown,
  after: unknown,
  /** How to get the whole (small) view, when no page is asked for: a cache may hold it. */
  whole: () => GraphMap = () => buildMap(index, filter),
): MapPage {
  const unpaged = first === undefined || first === null;
  const view = positionsOf(index, filter);
  if (unpaged && (after === undefined || after === null)) {
    // Small views whole, as before; a big one is refused before anything is built.
    refuseWhole(view.members.length);
    return mapPage(whole(), first, after);
  }
  const size = unpaged ? MAP_MAX_PAGE : first;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAP_MAX_PAGE)
    throw new BadInputError('first', `must be a whole number from 1 to ${MAP_MAX_PAGE}`);
  const edges = index.derived(MAP_EDGE_TABLE);
  const { members, inView } = view;
  let start = 0;
  if (after !== undefined && after !== null) {
    const cursor = decodeCursor(after, 'after');
    const kind = ENTITY_LABELS[cursor.k] as EntityLabel;
    // The position just after the cursor's (kind, id), whether or not that node is still there.
    const ids = edges.sortedIds[kind];
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as string) <= cursor.id) lo = mid + 1;
      else hi = mid;
    }
    const q = (edges.kindBase[cursor.k] as number) + lo;
    hi = members.length;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if ((members[mid] as number) < q) start = mid + 1;
      else hi = mid;
    }
  }
  const end = Math.min(members.length, start + size);
  const kindAt = (q: number) => {
    let k = 0;
    while (q >= (edges.kindBase[k + 1] as number)) k += 1;
    return k;
  };
  const nodeAt = (q: number) => {
    const k = kindAt(q);
    const kind = ENTITY_LABELS[k] as EntityLabel;
    const id = edges.sortedIds[kind][q - (edges.kindBase[k] as number)] as string;
    return { kind, id, key: `${kind}:${id}` };
  };
  const nodes: MapNode[] = [];
  const pageEdges: MapEdge[] = [];
  for (let i = start; i < end; i += 1) {
    const q = members[i] as number;
    const { kind, id, key } = nodeAt(q);
    nodes.push({ id, key, kind, label: labelOf(index, kind, id) });
    for (let j = edges.ownedStart[q] as number; j < (edges.ownedStart[q + 1] as number); j += 1) {
      const e = edges.owned[j] as number;
      const a = edges.from[e] as number;
      const b = edges.to[e] as number;
      if (!inView[a] || !inView[b]) continue;
      const source = nodeAt(a);
      const target = nodeAt(b);
      const edgeKind = MAP_EDGE_KINDS[edges.kind[e] as number] as MapEdgeKind;
      const rate = edges.rate[e] as number;
      pageEdges.push({
        id: `${edgeKind}:${source.key}->${target.key}`,
        source: source.id,
        target: target.id,
        sourceKey: source.key,
        targetKey: target.key,
        kind: edgeKind,
        ...((edges.kind[e] as number) === TRANSITION ? { rate: Number.isNaN(rate) ? null : rate } : {}),
      });
    }
  }
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    edges: pageEdges,
    total: members.length,
    totalEdges: view.totalEdges,
    endCursor: last ? encodeCursor(last.kind, last.id) : null,
    hasNextPage: end < members.length,
  };
}
