/**
 * The map's overview level: the entities of a region's map view (the same ones `buildMap` with
 * that regionId shows) counted into groups, at most MAX_OVERVIEW_ELEMENTS groups and links in
 * all, so a national graph is a picture a browser can draw. A group is a sector × an area:
 * the area is the child of the region an entity's region lies under (a state of the nation, a
 * county of a state), the region itself for things listed at the region or above it, and
 * "everywhere" (no area) for things with no place (online programs, occupations). `mapGroup`
 * lists one group's members a page at a time, for drill-down.
 *
 * Where an entity falls:
 * - sector: a sector itself; an occupation's first sector; a credential's first qualifying
 *   occupation's; a program's first awarded credential's (else its first pathway's); a
 *   pathway's own; an entry point's first entered program's; a support's first program's;
 *   partners and regions have none.
 * - area: a region itself; programs, entry points, partners and supports by their first
 *   region in the view; a credential by its first awarding (else requiring) program in the
 *   view; a pathway by its first program in the view; sectors and occupations: everywhere.
 * Links count the AWARDS, REQUIRES, QUALIFIES_FOR, ENTERS, SUPPORTS and INCLUDES edges between
 * two different groups; the heaviest are kept when there are more than the budget allows.
 */
import { z } from 'zod';
import { BadInputError } from '../errors.ts';
import { ID_PATTERN } from '../model/bundle.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';
import { defineAnswerCache } from '../snapshot/answer-cache.ts';
import { labelOf, type MapNode } from './map.ts';
import { decodeCursor, encodeCursor } from './map-cursor.ts';
import {
  NATIONAL_PAIR,
  type NationalCounts,
  nationalCounts,
  nationalCountsWithDelta,
} from './map-overview-national.ts';
import { type FastGroups, fastGroups, type Lists } from './map-overview-table.ts';

export const MAX_OVERVIEW_ELEMENTS = 5000;
export const MAP_GROUP_BY = ['SECTOR_AREA', 'SECTOR', 'AREA'] as const;
export type MapGroupBy = (typeof MAP_GROUP_BY)[number];
export const MAX_GROUP_PAGE = 500;
/** What a group id says for "no sector" or "everywhere". */
export const NONE = '*';

export interface OverviewGroup {
  /** `sector|area`, each an id or `*`: the argument `mapGroup` takes. */
  id: string;
  sectorId: string | null;
  sectorLabel: string | null;
  areaId: string | null;
  areaLabel: string | null;
  count: number;
  /** Members per kind, in ENTITY_LABELS order, kinds with none left out. */
  counts: { kind: EntityLabel; count: number }[];
}
export interface OverviewLink {
  id: string;
  source: string;
  target: string;
  /** How many edges between members of the two groups, either way. */
  count: number;
}
export interface MapOverview {
  groups: OverviewGroup[];
  links: OverviewLink[];
  /** Entities counted (the region's map view has exactly this many nodes). */
  total: number;
  /** groups + links: at most MAX_OVERVIEW_ELEMENTS. */
  elements: number;
  /** Links left out to keep within the budget (the lightest). */
  droppedLinks: number;
  /** Groups folded into the last one to keep within the budget (the smallest). */
  foldedGroups: number;
}

const idArg = z.string().regex(ID_PATTERN, 'must be an id').nullish();

function parseRegion(regionId: unknown, index: GraphIndex): string | undefined {
  const parsed = idArg.safeParse(regionId);
  if (!parsed.success) throw new BadInputError('regionId', 'must be an id');
  const id = parsed.data ?? undefined;
  if (id !== undefined) index.requireRegion(id, 'regionId');
  return id;
}

/** The members of a region's map view (the rules of map.ts `select` with only a regionId). */
export function viewMembers(index: GraphIndex, regionId: string | undefined): Map<EntityLabel, Set<string>> {
  const all = <T>(m: Map<string, T>) => new Set(m.keys());
  if (regionId === undefined) {
    return new Map<EntityLabel, Set<string>>([
      ['Region', all(index.regions)],
      ['Sector', all(index.sectors)],
      ['Occupation', all(index.occupations)],
      ['Partner', all(index.partners)],
      ['Credential', all(index.credentials)],
      ['Program', all(index.programs)],
      ['EntryPoint', all(index.entryPoints)],
      ['Support', all(index.supports)],
      ['Pathway', all(index.pathways)],
    ]);
  }
  const related = index.relatedRegions(regionId);
  const chain = new Set(index.chain(regionId));
  const programs = new Set<string>();
  for (const p of index.programs.values()) if (index.isAvailable(p, related)) programs.add(p.id);
  const entryPoints = new Set<string>();
  for (const e of index.entryPoints.values()) if (index.isAvailable(e, related)) entryPoints.add(e.id);
  const partners = new Set<string>();
  for (const p of index.partners.values()) if (index.isAvailable(p, related)) partners.add(p.id);
  const credentials = new Set<string>();
  for (const id of programs) {
    const program = index.programs.get(id);
    partners.add(program?.providerId ?? '');
    for (const c of program?.awards ?? []) credentials.add(c);
    for (const group of program?.requires ?? []) for (const c of group) credentials.add(c);
  }
  partners.delete('');
  for (const id of entryPoints) for (const c of index.entryPoints.get(id)?.holds ?? []) credentials.add(c);
  for (const c of [...credentials]) if (!index.credentials.has(c)) credentials.delete(c);
  const occupations = new Set<string>();
  for (const c of credentials) for (const o of index.qualifiesFor.get(c) ?? []) occupations.add(o);
  for (const o of [...occupations]) if (!index.occupations.has(o)) occupations.delete(o);
  const supports = new Set<string>();
  for (const s of index.supports.values()) {
    if ((s.programIds ?? []).some((p) => programs.has(p)) || (s.regionIds ?? []).some((r) => chain.has(r)))
      supports.add(s.id);
  }
  const pathways = new Set<string>();
  for (const w of index.pathways.values()) if ((w.programIds ?? []).some((p) => programs.has(p))) pathways.add(w.id);
  const regions = new Set([...related].filter((r) => index.regions.has(r)));
  return new Map<EntityLabel, Set<string>>([
    ['Region', regions],
    ['Sector', all(index.sectors)],
    ['Occupation', occupations],
    ['Partner', partners],
    ['Credential', credentials],
    ['Program', programs],
    ['EntryPoint', entryPoints],
    ['Support', supports],
    ['Pathway', pathways],
  ]);
}

/** Region id → its area in the view of `regionId` (undefined: of the whole graph). */
function areasUnder(index: GraphIndex, regionId: string | undefined, regions: Set<string>): Map<string, string> {
  const roots = [...index.regions.values()].filter((r) => !r.parentId || !index.regions.has(r.parentId));
  // The whole graph of one nation is seen as that nation's view.
  const top = regionId ?? (roots.length === 1 ? roots[0]?.id : undefined);
  const out = new Map<string, string>();
  for (const id of regions) {
    const chain = index.chain(id);
    if (top === undefined) {
      out.set(id, chain[chain.length - 1] as string);
      continue;
    }
    const at = chain.indexOf(top);
    // Below the top: the chain's element just under it; the top or above it: the top itself.
    out.set(id, at > 0 ? (chain[at - 1] as string) : top);
  }
  return out;
}

interface Assignment {
  /** kind → id → group key */
  groupOf: Map<EntityLabel, Map<string, string>>;
  members: Map<EntityLabel, Set<string>>;
}

function groupKey(groupBy: MapGroupBy, sector: string | undefined, area: string | undefined): string {
  const s = groupBy === 'AREA' ? NONE : (sector ?? NONE);
  const a = groupBy === 'SECTOR' ? NONE : (area ?? NONE);
  return `${s}|${a}`;
}

function assign(index: GraphIndex, regionId: string | undefined, groupBy: MapGroupBy): Assignment {
  const members = viewMembers(index, regionId);
  const m = (kind: EntityLabel) => members.get(kind) as Set<string>;
  const areaOfRegion = areasUnder(index, regionId, m('Region'));
  const firstArea = (regionIds: string[] | undefined) => {
    for (const r of regionIds ?? []) {
      const area = areaOfRegion.get(r);
      if (area !== undefined) return area;
    }
    return undefined;
  };
  const occupationSector = (o: string | undefined) =>
    o === undefined ? undefined : index.occupations.get(o)?.sectorIds?.[0];
  const credentialSector = (c: string) => {
    for (const o of index.qualifiesFor.get(c) ?? []) {
      const s = occupationSector(o);
      if (s !== undefined) return s;
    }
    return undefined;
  };
  const programSector = (p: string) => {
    for (const c of index.programs.get(p)?.awards ?? []) {
      const s = credentialSector(c);
      if (s !== undefined) return s;
    }
    return index.pathwaysByProgram.get(p)?.[0]?.sectorId;
  };
  const programArea = new Map<string, string | undefined>();
  for (const p of m('Program')) programArea.set(p, firstArea(index.programs.get(p)?.regionIds));
  const firstProgramArea = (ids: Iterable<string>) => {
    for (const p of ids) if (programArea.has(p)) return { area: programArea.get(p) };
    return undefined;
  };

  const groupOf = new Map<EntityLabel, Map<string, string>>(ENTITY_LABELS.map((k) => [k, new Map()]));
  const put = (kind: EntityLabel, id: string, sector: string | undefined, area: string | undefined) =>
    groupOf.get(kind)?.set(id, groupKey(groupBy, sector, area));
  for (const id of m('Region')) put('Region', id, undefined, areaOfRegion.get(id));
  for (const id of m('Sector')) put('Sector', id, id, undefined);
  for (const id of m('Occupation')) put('Occupation', id, occupationSector(id), undefined);
  for (const id of m('Partner')) put('Partner', id, undefined, firstArea(index.partners.get(id)?.regionIds));
  for (const id of m('Program')) put('Program', id, programSector(id), programArea.get(id));
  for (const id of m('Credential')) {
    const via = firstProgramArea(index.awardedBy.get(id) ?? []) ?? firstProgramArea(index.requiredBy.get(id) ?? []);
    put('Credential', id, credentialSector(id), via?.area);
  }
  for (const id of m('EntryPoint')) {
    const entry = index.entryPoints.get(id);
    const first = entry?.enters?.[0];
    put('EntryPoint', id, first === undefined ? undefined : programSector(first), firstArea(entry?.regionIds));
  }
  for (const id of m('Support')) {
    const support = index.supports.get(id);
    const first = support?.programIds?.[0];
    const area = firstArea(support?.regionIds) ?? firstProgramArea(support?.programIds ?? [])?.area;
    put('Support', id, first === undefined ? undefined : programSector(first), area);
  }
  for (const id of m('Pathway')) {
    const pathway = index.pathways.get(id);
    put('Pathway', id, pathway?.sectorId, firstProgramArea(pathway?.programIds ?? [])?.area);
  }
  return { groupOf, members };
}

function parseGroupBy(value: unknown): MapGroupBy {
  if (value === undefined || value === null) return 'SECTOR_AREA';
  if (typeof value === 'string' && (MAP_GROUP_BY as readonly string[]).includes(value)) return value as MapGroupBy;
  throw new BadInputError('groupBy', `must be one of ${MAP_GROUP_BY.join(', ')}`);
}

/** A view's grouping with its members listed group by group, for drill-down pages. */
interface Grouping extends FastGroups {
  /** Built on the first drill-down: members of group g are at memberStart[g]..memberStart[g + 1]. */
  members?: { start: Int32Array; list: Int32Array; kindBase: number[]; sorted: Uint8Array };
}

/**
 * The groupings of the last few views asked for, kept beside the index: an overview and the
 * drill-downs that follow it (page after page) share one pass over the graph.
 */
const groupings = defineAnswerCache('map-groupings', { entries: 8, maxItems: 1, sizeOf: () => 1 });

function groupingOf(index: GraphIndex, regionId: string | undefined, groupBy: MapGroupBy): Grouping {
  return groupings(index).get({ regionId, groupBy }, (): Grouping => fastGroups(index, regionId, groupBy));
}

/** Pair counts fit one array up to this many groups (16 MiB); beyond, a Map. */
const DENSE_PAIRS = 2048;

/** The overview of a region's view (undefined: the whole graph), from the fast path. */
export function mapOverview(
  index: GraphIndex,
  args: { regionId?: unknown; groupBy?: unknown },
  budget = MAX_OVERVIEW_ELEMENTS,
): MapOverview {
  const regionId = parseRegion(args.regionId, index);
  const groupBy = parseGroupBy(args.groupBy);
  if (regionId === undefined && groupBy === 'SECTOR_AREA' && budget === MAX_OVERVIEW_ELEMENTS)
    return index.derived(NATIONAL).overview;
  return computeOverview(index, regionId, groupBy, budget);
}

/**
 * The whole graph's overview, the map's first picture, built with the snapshot (a few tenths of a
 * second at a million nodes), so the first visitor after a change does not wait for it. Kept with
 * its counts, which a write's delta edits (map-overview-national.ts) instead of counting the whole
 * graph again.
 */
const NATIONAL = defineView(
  'map-overview-national',
  (index: GraphIndex) => {
    const counts = nationalCounts(index, groupingOf(index, undefined, 'SECTOR_AREA'));
    return { counts, overview: nationalOverview(index, counts) };
  },
  {
    warm: true,
    update: (
      previousValue: { counts: NationalCounts; overview: MapOverview },
      previous: GraphIndex,
      next: GraphIndex,
    ) => {
      const counts = nationalCountsWithDelta(previousValue.counts, previous, next);
      return counts && { counts, overview: nationalOverview(next, counts) };
    },
  },
);

/** The whole graph's counts the index's national overview was made from (for tests). */
export function nationalCountsOf(index: GraphIndex): NationalCounts {
  return index.derived(NATIONAL).counts;
}

/** The overview from the whole graph's counts (as computeOverview makes it from a grouping). */
function nationalOverview(index: GraphIndex, counts: NationalCounts): MapOverview {
  const rows = new Map<string, number[]>();
  counts.counts.forEach((row, g) => {
    if (row.some((x) => x > 0)) rows.set(counts.keys[g] as string, Array.from(row));
  });
  const links = new Map<string, number>();
  for (const [key, count] of counts.pairs) {
    const x = counts.keys[Math.floor(key / NATIONAL_PAIR)] as string;
    const y = counts.keys[key % NATIONAL_PAIR] as string;
    links.set(x < y ? `${x}>${y}` : `${y}>${x}`, count);
  }
  return finish(index, rows, links, MAX_OVERVIEW_ELEMENTS);
}

function computeOverview(
  index: GraphIndex,
  regionId: string | undefined,
  groupBy: MapGroupBy,
  budget: number,
): MapOverview {
  const { groupOf, groupCount, keyOf, table } = groupingOf(index, regionId, groupBy);
  const kinds = ENTITY_LABELS.length;
  const counts = new Int32Array(groupCount * kinds);
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    const groups = groupOf[kind];
    for (let i = 0; i < groups.length; i += 1) {
      const g = groups[i] as number;
      if (g >= 0) counts[g * kinds + k] = (counts[g * kinds + k] as number) + 1;
    }
  }
  // Unordered pairs of group numbers (a < b) as a * groupCount + b.
  const dense = groupCount <= DENSE_PAIRS ? new Int32Array(groupCount * groupCount) : undefined;
  const sparse = new Map<number, number>();
  const pair = (from: Int32Array, i: number, to: Int32Array, lists: Lists) => {
    const a = from[i] as number;
    if (a < 0) return;
    for (let j = lists.offsets[i] as number; j < (lists.offsets[i + 1] as number); j += 1) {
      const b = to[lists.values[j] as number] as number;
      if (b < 0 || a === b) continue;
      const key = a < b ? a * groupCount + b : b * groupCount + a;
      if (dense) dense[key] = (dense[key] as number) + 1;
      else sparse.set(key, (sparse.get(key) ?? 0) + 1);
    }
  };
  const g = groupOf;
  for (let p = 0; p < g.Program.length; p += 1) {
    pair(g.Program, p, g.Credential, table.programAwards);
    pair(g.Program, p, g.Credential, table.programRequires);
  }
  for (let c = 0; c < g.Credential.length; c += 1) pair(g.Credential, c, g.Occupation, table.credentialQualifies);
  for (let e = 0; e < g.EntryPoint.length; e += 1) pair(g.EntryPoint, e, g.Program, table.entryEnters);
  for (let s = 0; s < g.Support.length; s += 1) pair(g.Support, s, g.Program, table.supportPrograms);
  for (let w = 0; w < g.Pathway.length; w += 1) pair(g.Pathway, w, g.Program, table.pathwayPrograms);
  const keys = Array.from({ length: groupCount }, (_, i) => keyOf(i));
  const linkCounts = new Map<string, number>();
  const addLink = (key: number, count: number) => {
    const x = keys[Math.floor(key / groupCount)] as string;
    const y = keys[key % groupCount] as string;
    linkCounts.set(x < y ? `${x}>${y}` : `${y}>${x}`, count);
  };
  if (dense) {
    for (let key = 0; key < dense.length; key += 1) if ((dense[key] as number) > 0) addLink(key, dense[key] as number);
  } else for (const [key, count] of sparse) addLink(key, count);
  const rows = new Map<string, number[]>();
  for (let i = 0; i < groupCount; i += 1)
    rows.set(keys[i] as string, Array.from(counts.subarray(i * kinds, (i + 1) * kinds)));
  return finish(index, rows, linkCounts, budget);
}

/** The same overview from the rules written out plainly (map-overview.test.ts holds the two equal). */
export function mapOverviewReference(
  index: GraphIndex,
  args: { regionId?: unknown; groupBy?: unknown },
  budget = MAX_OVERVIEW_ELEMENTS,
): MapOverview {
  const regionId = parseRegion(args.regionId, index);
  const groupBy = parseGroupBy(args.groupBy);
  const { groupOf } = assign(index, regionId, groupBy);
  const counts = new Map<string, number[]>();
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    for (const key of (groupOf.get(kind) as Map<string, string>).values()) {
      let row = counts.get(key);
      if (!row) {
        row = ENTITY_LABELS.map(() => 0);
        counts.set(key, row);
      }
      row[k] = (row[k] as number) + 1;
    }
  }
  const linkCounts = new Map<string, number>();
  const link = (fromKind: EntityLabel, from: string, toKind: EntityLabel, to: string) => {
    const a = groupOf.get(fromKind)?.get(from);
    const b = groupOf.get(toKind)?.get(to);
    if (a === undefined || b === undefined || a === b) return;
    const id = a < b ? `${a}>${b}` : `${b}>${a}`;
    linkCounts.set(id, (linkCounts.get(id) ?? 0) + 1);
  };
  for (const p of groupOf.get('Program')?.keys() ?? []) {
    const program = index.programs.get(p);
    for (const c of program?.awards ?? []) link('Program', p, 'Credential', c);
    for (const c of new Set((program?.requires ?? []).flat())) link('Program', p, 'Credential', c);
  }
  for (const c of groupOf.get('Credential')?.keys() ?? [])
    for (const o of index.qualifiesFor.get(c) ?? []) link('Credential', c, 'Occupation', o);
  for (const e of groupOf.get('EntryPoint')?.keys() ?? [])
    for (const p of index.entryPoints.get(e)?.enters ?? []) link('EntryPoint', e, 'Program', p);
  for (const s of groupOf.get('Support')?.keys() ?? [])
    for (const p of index.supports.get(s)?.programIds ?? []) link('Support', s, 'Program', p);
  for (const w of groupOf.get('Pathway')?.keys() ?? [])
    for (const p of index.pathways.get(w)?.programIds ?? []) link('Pathway', w, 'Program', p);
  return finish(index, counts, linkCounts, budget);
}

/** Groups and links from counts per group key and per unordered pair of keys, within the budget. */
function finish(
  index: GraphIndex,
  counts: Map<string, number[]>,
  pairCounts: Map<string, number>,
  budget: number,
): MapOverview {
  const sum = (row: number[]) => row.reduce((a, b) => a + b, 0);
  let total = 0;
  const sizes = new Map<string, number>();
  for (const [key, row] of counts) {
    const size = sum(row);
    sizes.set(key, size);
    total += size;
  }
  // Largest first (ties by id), so the smallest are the ones folded when groups alone are too many.
  let keys = [...counts.keys()].sort((a, b) => (sizes.get(b) as number) - (sizes.get(a) as number) || cmp(a, b));
  let foldedGroups = 0;
  const rename = new Map<string, string>();
  if (keys.length > budget) {
    const last = keys[budget - 1] as string;
    const target = [...(counts.get(last) as number[])];
    counts.set(last, target);
    for (const key of keys.slice(budget)) {
      const row = counts.get(key) as number[];
      for (let k = 0; k < row.length; k += 1) target[k] = (target[k] as number) + (row[k] as number);
      rename.set(key, last);
      foldedGroups += 1;
    }
    keys = keys.slice(0, budget);
  }
  const groups = keys.map((key) => {
    const [sectorId, areaId] = key.split('|') as [string, string];
    const row = counts.get(key) as number[];
    return {
      id: key,
      sectorId: sectorId === NONE ? null : sectorId,
      sectorLabel: sectorId === NONE ? null : (index.sectors.get(sectorId)?.name ?? sectorId),
      areaId: areaId === NONE ? null : areaId,
      areaLabel: areaId === NONE ? null : (index.regions.get(areaId)?.name ?? areaId),
      count: sum(row),
      counts: ENTITY_LABELS.flatMap((kind, k) => ((row[k] as number) > 0 ? [{ kind, count: row[k] as number }] : [])),
    };
  });
  groups.sort((a, b) => cmp(a.id, b.id));

  // Nothing folded: the pairs are the links (the common case; a fold renames their ends).
  const linkCounts = rename.size === 0 ? pairCounts : new Map<string, number>();
  for (const [id, count] of rename.size === 0 ? [] : pairCounts) {
    const [x, y] = id.split('>') as [string, string];
    const a = rename.get(x) ?? x;
    const b = rename.get(y) ?? y;
    if (a === b) continue;
    const key = a < b ? `${a}>${b}` : `${b}>${a}`;
    linkCounts.set(key, (linkCounts.get(key) ?? 0) + count);
  }
  const room = Math.max(0, budget - groups.length);
  const heaviest = [...linkCounts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const links = heaviest
    .slice(0, room)
    .map(([id, count]) => {
      const [source, target] = id.split('>') as [string, string];
      return { id, source, target, count };
    })
    .sort((a, b) => cmp(a.id, b.id));
  return {
    groups,
    links,
    total,
    elements: groups.length + links.length,
    droppedLinks: heaviest.length - links.length,
    foldedGroups,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseGroupId(value: unknown): string {
  const parts = typeof value === 'string' ? value.split('|') : [];
  if (parts.length !== 2 || parts.some((p) => p !== NONE && !ID_PATTERN.test(p)))
    throw new BadInputError('groupId', 'must be a group id from mapOverview (sector|area, * for none)');
  return value as string;
}

export interface GroupPage {
  nodes: MapNode[];
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One group's members ordered by kind, then id; `after` is the last key of the page before. */
export function mapGroup(
  index: GraphIndex,
  args: { regionId?: unknown; groupId: unknown; groupBy?: unknown; first?: unknown; after?: unknown },
): GroupPage {
  const regionId = parseRegion(args.regionId, index);
  const groupBy = parseGroupBy(args.groupBy);
  const groupId = parseGroupId(args.groupId);
  const first = args.first ?? 100;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_GROUP_PAGE)
    throw new BadInputError('first', `must be a whole number from 1 to ${MAX_GROUP_PAGE}`);
  const after = args.after === undefined || args.after === null ? undefined : decodeCursor(args.after, 'after');
  const grouping = groupingOf(index, regionId, groupBy);
  // A well-formed id of a group this view does not have is an empty page, not an error.
  const group = grouping.groupOfKey(groupId);
  const { list, from, to, kindBase } =
    group < 0 ? { list: new Int32Array(0), from: 0, to: 0, kindBase: [] } : groupMembers(grouping, group);
  const ids = grouping.table.ids;
  const keyAt = (j: number) => {
    const member = list[j] as number;
    const k = kindIndex(kindBase, member);
    const kind = ENTITY_LABELS[k] as EntityLabel;
    return { kind, k, id: ids[kind][member - (kindBase[k] as number)] as string };
  };
  let start = from;
  if (after) {
    // The first member after the cursor: members are ordered by kind, then id.
    let hi = to;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      const item = keyAt(mid);
      if (item.k < after.k || (item.k === after.k && item.id <= after.id)) start = mid + 1;
      else hi = mid;
    }
  }
  const end = Math.min(to, start + first);
  const slice = Array.from({ length: end - start }, (_, j) => keyAt(start + j));
  const last = slice[slice.length - 1];
  return {
    nodes: slice.map(({ kind, id }) => ({ id, key: `${kind}:${id}`, kind, label: labelOf(index, kind, id) })),
    total: to - from,
    endCursor: last ? encodeCursor(last.kind, last.id) : null,
    hasNextPage: end < to,
  };
}

/**
 * Group g's members, as positions in kind order (kindBase[k] + ordinal), sorted by kind, then id.
 * The lists are made on the grouping's first drill-down (one pass), and each group's list is
 * sorted on its own first page, so a page costs a binary search and its own nodes.
 */
function groupMembers(grouping: Grouping, group: number) {
  if (!grouping.members) {
    const { groupOf, groupCount } = grouping;
    const kindBase: number[] = [0];
    for (const kind of ENTITY_LABELS) kindBase.push((kindBase[kindBase.length - 1] as number) + groupOf[kind].length);
    const start = new Int32Array(groupCount + 1);
    for (const kind of ENTITY_LABELS)
      for (const g of groupOf[kind]) if (g >= 0) start[g + 1] = (start[g + 1] as number) + 1;
    for (let g = 0; g < groupCount; g += 1) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
    const next = start.slice(0, groupCount);
    const list = new Int32Array(start[groupCount] as number);
    for (const [k, kind] of ENTITY_LABELS.entries()) {
      const groups = groupOf[kind];
      for (let i = 0; i < groups.length; i += 1) {
        const g = groups[i] as number;
        if (g < 0) continue;
        list[next[g] as number] = (kindBase[k] as number) + i;
        next[g] = (next[g] as number) + 1;
      }
    }
    grouping.members = { start, list, kindBase, sorted: new Uint8Array(groupCount) };
  }
  const { start, list, kindBase, sorted } = grouping.members;
  const from = start[group] as number;
  const to = start[group + 1] as number;
  if (!sorted[group]) {
    // Kind by kind (the kinds' positions are ranges), ids within a kind by code unit.
    const ids = grouping.table.ids;
    const run = Array.from(list.subarray(from, to), (member) => {
      const k = kindIndex(kindBase, member);
      return { member, k, id: ids[ENTITY_LABELS[k] as EntityLabel][member - (kindBase[k] as number)] as string };
    });
    run.sort((a, b) => a.k - b.k || cmp(a.id, b.id));
    for (const [j, r] of run.entries()) list[from + j] = r.member;
    sorted[group] = 1;
  }
  return { list, from, to, kindBase };
}

function kindIndex(kindBase: number[], member: number): number {
  let k = 0;
  while (member >= (kindBase[k + 1] as number)) k += 1;
  return k;
}
