/**
 * The whole graph's overview (sector × area groups, map-overview.ts) kept as counts that a write's
 * delta edits, so the snapshot does not count the whole graph again after every write: each
 * entity's group, each group's members per kind, and the edges between each pair of groups.
 *
 * Made from the previous index's counts by the same delta that made the overview table
 * (map-overview-table.ts `tableChanges`: the rows it filled again). An entity can change group
 * only if its sector or area changed, and its area reads only its own regions and, for a
 * credential, support or pathway, the area of its first program; so the entities to look at
 * again are the table's changed rows and the readers of the programs whose area changed. An
 * edge's pair can change only if its list changed or an end changed group: those source rows are
 * taken out with the old lists and groups and put back with the new. Work: the delta and the
 * degree of the entities it moves, plus a memory copy of the per-entity group numbers.
 *
 * Undefined (build in full) when the table was not made from the previous one by a delta (a
 * deleted entity, a region change: its ordinals or the areas moved).
 */
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';
import {
  type FastGroups,
  type Lists,
  OVERVIEW_TABLE,
  type OverviewTable,
  tableChanges,
  tableSerial,
} from './map-overview-table.ts';

/** Group pairs a < b as a * NATIONAL_PAIR + b. */
export const NATIONAL_PAIR = 2 ** 21;
const PAIR = NATIONAL_PAIR;

export interface NationalCounts {
  /** The table these counts were made over (its serial number). */
  table: number;
  /** Group number → `sector|area` key, and back. */
  keys: string[];
  groupOfKey: Map<string, number>;
  /** Per kind, each entity's group number (by ordinal). */
  group: Record<EntityLabel, Int32Array>;
  /** Per group, its members per kind (ENTITY_LABELS order). */
  counts: Int32Array[];
  /** Edges between two different groups, by pair (a < b). */
  pairs: Map<number, number>;
  /** Region → its area (region ordinal) in the whole graph's view; program → its area (-1: none). */
  regionArea: Int32Array;
  programArea: Int32Array;
}

/** The edge lists the overview counts: source kind, target kind, the table's list. */
const EDGE_LISTS = [
  ['Program', 'Credential', 'programAwards'],
  ['Program', 'Credential', 'programRequires'],
  ['Credential', 'Occupation', 'credentialQualifies'],
  ['EntryPoint', 'Program', 'entryEnters'],
  ['Support', 'Program', 'supportPrograms'],
  ['Pathway', 'Program', 'pathwayPrograms'],
] as const satisfies readonly (readonly [EntityLabel, EntityLabel, keyof OverviewTable])[];

const KIND = Object.fromEntries(ENTITY_LABELS.map((k, i) => [k, i])) as Record<EntityLabel, number>;

function pairKey(a: number, b: number): number {
  return a < b ? a * PAIR + b : b * PAIR + a;
}

function addPairs(pairs: Map<number, number>, a: number, list: Lists, row: number, to: Int32Array, sign: 1 | -1): void {
  if (a < 0) return;
  for (let j = list.offsets[row] as number; j < (list.offsets[row + 1] as number); j += 1) {
    const b = to[list.values[j] as number] as number;
    if (b < 0 || a === b) continue;
    const key = pairKey(a, b);
    const count = (pairs.get(key) ?? 0) + sign;
    if (count === 0) pairs.delete(key);
    else pairs.set(key, count);
  }
}

/** Each region's area in the whole graph's view (fastGroups' rule with no region). */
function regionAreas(index: GraphIndex, table: OverviewTable): Int32Array {
  const count = table.ids.Region.length;
  const roots: number[] = [];
  for (let r = 0; r < count; r += 1) if ((table.regionParent[r] as number) < 0) roots.push(r);
  const top = roots.length === 1 ? (roots[0] as number) : -1;
  const area = new Int32Array(count).fill(-1);
  for (let r = 0; r < count; r += 1) {
    const chain = index.chain(table.ids.Region[r] as string).map((id) => table.regionOrd.get(id) ?? -1);
    if (top < 0) area[r] = chain[chain.length - 1] as number;
    else {
      const at = chain.indexOf(top);
      area[r] = at > 0 ? (chain[at - 1] as number) : top;
    }
  }
  return area;
}

const firstArea = (l: Lists, i: number, area: Int32Array) => {
  for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) {
    const a = area[l.values[j] as number] as number;
    if (a >= 0) return a;
  }
  return -1;
};

/** The counts of the whole graph's grouping (fastGroups with no region, SECTOR_AREA). */
export function nationalCounts(index: GraphIndex, grouping: FastGroups): NationalCounts {
  const { table, groupOf, groupCount } = grouping;
  const kinds = ENTITY_LABELS.length;
  const keys = Array.from({ length: groupCount }, (_, g) => grouping.keyOf(g));
  const counts = keys.map(() => new Int32Array(kinds));
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    const groups = groupOf[kind];
    for (let i = 0; i < groups.length; i += 1) {
      const g = groups[i] as number;
      if (g >= 0) (counts[g] as Int32Array)[k] = ((counts[g] as Int32Array)[k] as number) + 1;
    }
  }
  const pairs = new Map<number, number>();
  for (const [from, to, name] of EDGE_LISTS) {
    const list = table[name];
    const source = groupOf[from];
    for (let i = 0; i < source.length; i += 1) addPairs(pairs, source[i] as number, list, i, groupOf[to], 1);
  }
  const regionArea = regionAreas(index, table);
  const programArea = new Int32Array(table.ids.Program.length);
  for (let p = 0; p < programArea.length; p += 1) programArea[p] = firstArea(table.regionsOf.Program, p, regionArea);
  return {
    table: tableSerial(table),
    keys,
    groupOfKey: new Map(keys.map((key, g) => [key, g])),
    group: groupOf,
    counts,
    pairs,
    regionArea,
    programArea,
  };
}

/** The counts of `next` made from `c`, those of the index `next` was made from (see the module comment). */
export function nationalCountsWithDelta(
  c: NationalCounts,
  previous: GraphIndex,
  next: GraphIndex,
): NationalCounts | undefined {
  const oldTable = previous.derived(OVERVIEW_TABLE);
  const table = next.derived(OVERVIEW_TABLE);
  const changes = tableChanges(table);
  if (tableSerial(oldTable) !== c.table || !changes || changes.from !== c.table) return undefined;
  const { ids } = table;
  const old = changes.counts;
  const n = (kind: EntityLabel) => ids[kind].length;
  if (n('Region') !== old.Region) return undefined;

  // Rows to look at again, per kind: new entities, and those whose sector or area inputs changed.
  const look = Object.fromEntries(ENTITY_LABELS.map((k) => [k, new Set<number>()])) as Record<EntityLabel, Set<number>>;
  const addAll = (kind: EntityLabel, rows: Iterable<number>) => {
    for (const i of rows) look[kind].add(i);
  };
  for (const kind of ENTITY_LABELS) for (let i = old[kind]; i < n(kind); i += 1) look[kind].add(i);
  for (const [kind, rows] of Object.entries(changes.sector)) addAll(kind as EntityLabel, rows);
  for (const [kind, rows] of Object.entries(changes.regionsOf)) addAll(kind as EntityLabel, rows);
  addAll('Support', changes.lists.supportPrograms);
  addAll('Pathway', changes.lists.pathwayPrograms);
  addAll('Credential', changes.lists.credentialAwardedBy);
  addAll('Credential', changes.lists.credentialRequiredBy);

  // Programs' areas first: credentials, supports and pathways read them.
  const programArea = grown(c.programArea, n('Program'));
  for (const p of look.Program) {
    const area = firstArea(table.regionsOf.Program, p, c.regionArea);
    if (p < old.Program && area === c.programArea[p]) continue;
    programArea[p] = area;
    if (p >= old.Program) continue;
    const id = ids.Program[p] as string;
    for (const name of ['programAwards', 'programRequires'] as const) {
      const list = table[name];
      for (let j = list.offsets[p] as number; j < (list.offsets[p + 1] as number); j += 1)
        look.Credential.add(list.values[j] as number);
    }
    for (const s of next.supportsByProgram.get(id) ?? []) addOrdinal(look.Support, table, 'Support', s.id);
    for (const w of next.pathwaysByProgram.get(id) ?? []) addOrdinal(look.Pathway, table, 'Pathway', w.id);
  }

  const keys = c.keys.slice();
  const groupOfKey = new Map(c.groupOfKey);
  const counts = c.counts.slice();
  const own = new Set<number>();
  const count = (g: number, k: number, by: number) => {
    if (!own.has(g)) {
      counts[g] = (counts[g] as Int32Array).slice();
      own.add(g);
    }
    const row = counts[g] as Int32Array;
    row[k] = (row[k] as number) + by;
  };
  const numbered = (sector: number, area: number): number => {
    const key = `${sector < 0 ? '*' : ids.Sector[sector]}|${area < 0 ? '*' : ids.Region[area]}`;
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = keys.length;
      keys.push(key);
      groupOfKey.set(key, g);
      counts.push(new Int32Array(ENTITY_LABELS.length));
      own.add(g);
    }
    return g;
  };
  const firstProgramArea = (l: Lists, i: number): number | null =>
    (l.offsets[i] as number) < (l.offsets[i + 1] as number)
      ? (programArea[l.values[l.offsets[i] as number] as number] as number)
      : null;
  const { sector } = table;
  const groupNow: Record<EntityLabel, (i: number) => number> = {
    Region: (r) => numbered(-1, c.regionArea[r] as number),
    Sector: (s) => numbered(s, -1),
    Occupation: (o) => numbered(sector.Occupation[o] as number, -1),
    Partner: (p) => numbered(-1, firstArea(table.regionsOf.Partner, p, c.regionArea)),
    Program: (p) => numbered(sector.Program[p] as number, programArea[p] as number),
    Credential: (i) =>
      numbered(
        sector.Credential[i] as number,
        firstProgramArea(table.credentialAwardedBy, i) ?? firstProgramArea(table.credentialRequiredBy, i) ?? -1,
      ),
    EntryPoint: (e) => numbered(sector.EntryPoint[e] as number, firstArea(table.regionsOf.EntryPoint, e, c.regionArea)),
    Support: (s) => {
      const own = firstArea(table.regionsOf.Support, s, c.regionArea);
      return numbered(sector.Support[s] as number, own >= 0 ? own : (firstProgramArea(table.supportPrograms, s) ?? -1));
    },
    Pathway: (w) => numbered(sector.Pathway[w] as number, firstProgramArea(table.pathwayPrograms, w) ?? -1),
  };
  const group = {} as Record<EntityLabel, Int32Array>;
  /** Entities that changed group (or are new), per kind. */
  const moved = Object.fromEntries(ENTITY_LABELS.map((k) => [k, new Set<number>()])) as Record<
    EntityLabel,
    Set<number>
  >;
  for (const kind of ENTITY_LABELS) {
    const before = c.group[kind];
    const rows = look[kind];
    if (rows.size === 0 && n(kind) === before.length) {
      group[kind] = before;
      continue;
    }
    const after = grown(before, n(kind));
    for (const i of rows) {
      const g = groupNow[kind](i);
      const was = i < before.length ? (before[i] as number) : -1;
      if (g === was) continue;
      after[i] = g;
      moved[kind].add(i);
      if (was >= 0) count(was, KIND[kind], -1);
      count(g, KIND[kind], 1);
    }
    group[kind] = after;
  }

  // Edges: the source rows whose list changed, or whose source or a target moved, taken out
  // with the previous table's lists and groups and put back with the new ones.
  const pairs = new Map(c.pairs);
  const was = c.group;
  for (const [from, to, name] of EDGE_LISTS) {
    const rows = new Set<number>(changes.lists[name]);
    for (let i = old[from]; i < n(from); i += 1) rows.add(i);
    for (const i of moved[from]) rows.add(i);
    for (const t of moved[to]) for (const s of sourcesOf(next, table, name, t)) rows.add(s);
    if (rows.size === 0) continue;
    for (const i of rows) {
      if (i < old[from]) addPairs(pairs, was[from][i] as number, oldTable[name], i, was[to], -1);
      addPairs(pairs, group[from][i] as number, table[name], i, group[to], 1);
    }
  }
  return { table: tableSerial(table), keys, groupOfKey, group, counts, pairs, regionArea: c.regionArea, programArea };
}

/** The rows of `name` that list target `t` (in the new table; a row that stopped listing it changed, and is redone anyway). */
function sourcesOf(next: GraphIndex, table: OverviewTable, name: (typeof EDGE_LISTS)[number][2], t: number): number[] {
  const ords = (label: EntityLabel, list: readonly { id: string }[] | readonly string[] | undefined) => {
    const out: number[] = [];
    for (const x of list ?? []) {
      const o = table.ords[label].get(typeof x === 'string' ? x : x.id);
      if (o !== undefined) out.push(o);
    }
    return out;
  };
  const rows = (l: Lists) => Array.from(l.values.subarray(l.offsets[t] as number, l.offsets[t + 1] as number));
  switch (name) {
    case 'programAwards':
      return rows(table.credentialAwardedBy);
    case 'programRequires':
      return rows(table.credentialRequiredBy);
    case 'credentialQualifies':
      return ords('Credential', next.qualifiedBy.get(table.ids.Occupation[t] as string));
    case 'entryEnters':
      return ords('EntryPoint', next.entryPointsByProgram.get(table.ids.Program[t] as string));
    case 'supportPrograms':
      return ords('Support', next.supportsByProgram.get(table.ids.Program[t] as string));
    case 'pathwayPrograms':
      return ords('Pathway', next.pathwaysByProgram.get(table.ids.Program[t] as string));
  }
}

function addOrdinal(set: Set<number>, table: OverviewTable, label: EntityLabel, id: string): void {
  const o = table.ords[label].get(id);
  if (o !== undefined) set.add(o);
}

function grown(array: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size).fill(-1);
  out.set(array.subarray(0, Math.min(array.length, size)));
  return out;
}
