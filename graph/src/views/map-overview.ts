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
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';
import { labelOf, type MapNode } from './map.ts';
import { decodeCursor, encodeCursor, lowerBoundAfter } from './map-cursor.ts';
import { fastGroups, type Lists } from './map-overview-table.ts';

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

/** The overview of a region's view (undefined: the whole graph), from the fast path. */
export function mapOverview(
  index: GraphIndex,
  args: { regionId?: unknown; groupBy?: unknown },
  budget = MAX_OVERVIEW_ELEMENTS,
): MapOverview {
  const regionId = parseRegion(args.regionId, index);
  const groupBy = parseGroupBy(args.groupBy);
  const { groupOf, keyOf, table } = fastGroups(index, regionId, groupBy);
  const counts = new Map<number, number[]>();
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    for (const g of groupOf[kind]) {
      if (g < 0) continue;
      let row = counts.get(g);
      if (!row) {
        row = ENTITY_LABELS.map(() => 0);
        counts.set(g, row);
      }
      row[k] = (row[k] as number) + 1;
    }
  }
  const pairs = new Map<number, number>();
  let span = 2;
  for (const group of counts.keys()) if (group + 1 > span) span = group + 1;
  const pair = (from: Int32Array, i: number, to: Int32Array, lists: Lists) => {
    const a = from[i] as number;
    if (a < 0) return;
    for (let j = lists.offsets[i] as number; j < (lists.offsets[i + 1] as number); j += 1) {
      const b = to[lists.values[j] as number] as number;
      if (b < 0 || a === b) continue;
      const key = a < b ? a * span + b : b * span + a;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
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
  const linkCounts = new Map<string, number>();
  for (const [key, count] of pairs) {
    const a = keyOf(Math.floor(key / span));
    const b = keyOf(key % span);
    linkCounts.set(a < b ? `${a}>${b}` : `${b}>${a}`, count);
  }
  return finish(index, new Map([...counts].map(([group, row]) => [keyOf(group), row])), linkCounts, budget);
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
  for (const row of counts.values()) total += sum(row);
  // Largest first (ties by id), so the smallest are the ones folded when groups alone are too many.
  let keys = [...counts.keys()].sort((a, b) => sum(counts.get(b) ?? []) - sum(counts.get(a) ?? []) || cmp(a, b));
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

  const linkCounts = new Map<string, number>();
  for (const [id, count] of pairCounts) {
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
  // A well-formed id of a group this view does not have is an empty page, not an error.
  const { groupOf, keyOf, table } = fastGroups(index, regionId, groupBy);
  const keys: { kind: EntityLabel; k: number; id: string }[] = [];
  const names = new Map<number, string>();
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    const groups = groupOf[kind];
    for (let i = 0; i < groups.length; i += 1) {
      const g = groups[i] as number;
      if (g < 0) continue;
      let key = names.get(g);
      if (key === undefined) {
        key = keyOf(g);
        names.set(g, key);
      }
      if (key === groupId) keys.push({ kind, k, id: table.ids[kind][i] as string });
    }
  }
  keys.sort((a, b) => a.k - b.k || cmp(a.id, b.id));
  let start = 0;
  if (after) start = lowerBoundAfter(keys, after);
  const slice = keys.slice(start, start + first);
  const last = slice[slice.length - 1];
  return {
    nodes: slice.map(({ kind, id }) => ({ id, key: `${kind}:${id}`, kind, label: labelOf(index, kind, id) })),
    total: keys.length,
    endCursor: last ? encodeCursor(last.kind, last.id) : null,
    hasNextPage: start + first < keys.length,
  };
}
