/**
 * The graph as the gap engine walks it: credentials, programs and occupations numbered once,
 * with the adjacency every gap kind needs as integer lists packed in typed arrays (`Rows`,
 * packed-rows.ts), so that each region costs a few linear passes instead of a query per entity.
 * Built once per GraphIndex and cached.
 *
 * Ids referenced but not declared (a partial extraction) are numbered too, so that walks never
 * meet an unknown id; the gap kinds that list subjects iterate declared entities only.
 */

import { DEFAULT_FLOORS, type Floors } from '../measures/measure-gaps.ts';
import type { EntryPoint, OccupationWage, Support } from '../model/bundle.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { Numbering } from '../model/numbering.ts';
import { PairWriter, type Rows, RowWriter } from './packed-rows.ts';
import type { RegionalInput } from './region-classes.ts';

export interface GapGraph {
  index: GraphIndex;
  credentials: Numbering;
  programs: Numbering;
  occupations: Numbering;

  /** program → credentials it awards */
  awards: Rows;
  /**
   * program → its requirement groups: global group numbers `groupStart[p]` … `groupStart[p + 1] - 1`
   * (numbered in program order, so a program's groups are consecutive)
   */
  groupStart: Int32Array;
  /** global group number → its credentials (duplicates removed) */
  groupMembers: Rows;
  /** program → credentials in any requirement group or with an ARTICULATES_TO edge to it (its onward-step inputs) */
  onwardInputs: Rows;
  /** global group number → program */
  groupProgram: Int32Array;
  /** credential → global group numbers it belongs to */
  credentialGroups: Rows;
  /** credential → programs awarding it */
  awardedBy: Rows;
  /** credential → credentials that STACKS_INTO it */
  stackedFrom: Rows;
  /** credential → occupations it QUALIFIES_FOR */
  qualifiesFor: Rows;
  /** region id → declared programs listing it */
  programsByRegion: Map<string, number[]>;
  /** program → 1 for declared programs listing no region (available everywhere) */
  regionFree: Uint8Array;
  /** program → number of requirement groups */
  groupCount: Int32Array;
  /** occupation → credentials that QUALIFY_FOR it */
  qualifiedBy: Rows;
  /** program → occupations it leads to (awards a credential that qualifies for them) */
  leadsTo: Rows;
  /** Declared entry points, numbered by position. */
  entryPoints: EntryPoint[];
}

const GAP_GRAPH = defineView('gap-graph', (index: GraphIndex) => buildGapGraph(index));

/** The gap graph of an index, built on first use and kept by the index (indexes are not changed once built). */
export function gapGraphOf(index: GraphIndex): GapGraph {
  return index.derived(GAP_GRAPH);
}

/** A view derived from the gap graph, owned (like the gap graph) by its index. */
export function defineGapView<T>(name: string, build: (graph: GapGraph) => T) {
  const view = defineView(name, (index: GraphIndex) => build(gapGraphOf(index)));
  return (graph: GapGraph): T => graph.index.derived(view);
}

const NO_GROUPS: readonly (readonly string[])[] = [];
const NO_IDS: readonly string[] = [];

function buildGapGraph(index: GraphIndex): GapGraph {
  const credentials = new Numbering();
  const programs = new Numbering();
  const occupations = new Numbering();
  // Rows keyed by program are written in program order; those keyed by credential as pairs
  // (the credentials are all numbered only at the end), each in the order the lists were pushed.
  const awards = new RowWriter();
  const groupMembers = new RowWriter();
  const onwardInputs = new RowWriter();
  const groupStart: number[] = [0];
  const awardedBy = new PairWriter();
  const credentialGroups = new PairWriter();
  const stackedFrom = new PairWriter();
  const qualifiesFor = new PairWriter();
  const groupProgram: number[] = [];
  const programsByRegion = new Map<string, number[]>();
  const regionFreeList: number[] = [];
  const credential = (id: string): number => credentials.add(id);
  const program = (id: string): number => programs.add(id);
  // Declared ids are numbered first, in the index's order (so the k-th declared program is
  // program k: declaredNumber), each once: a Map keeps its keys unique. Maps are read with
  // forEach and lists by position: this runs once per index, mostly before it is optimized,
  // where each step of a for…of allocates an iterator result (millions on a national graph).
  index.credentials.forEach((_, id) => {
    credentials.index.set(id, credentials.ids.length);
    credentials.ids.push(id);
  });
  index.programs.forEach((_, id) => {
    programs.index.set(id, programs.ids.length);
    programs.ids.push(id);
  });
  index.occupations.forEach((_, id) => {
    occupations.add(id);
  });

  let position = -1;
  index.programs.forEach((declared) => {
    const p = ++position;
    awards.open(p);
    const awardFrom = awards.length;
    const awarded = declared.awards;
    for (let k = 0; k < awarded.length; k++) awards.add(credential(awarded[k] as string));
    for (let k = awardFrom; k < awards.length; k++) awardedBy.add(awards.at(k), p);
    onwardInputs.open(p);
    const requires = declared.requires ?? NO_GROUPS;
    for (let r = 0; r < requires.length; r++) {
      const group = requires[r] as string[];
      const g = groupProgram.length;
      groupProgram.push(p);
      groupMembers.open(g);
      const from = groupMembers.length;
      for (let k = 0; k < group.length; k++) groupMembers.add(credential(group[k] as string));
      for (let k = from; k < groupMembers.length; k++) {
        const c = groupMembers.at(k);
        credentialGroups.add(c, g);
        onwardInputs.add(c);
      }
    }
    groupStart.push(groupProgram.length);
    const articulations = index.articulatesTo.get(declared.id);
    if (articulations !== undefined)
      for (let k = 0; k < articulations.length; k++)
        onwardInputs.add(credential((articulations[k] as { from: string }).from));
    const regionIds = declared.regionIds ?? NO_IDS;
    if (regionIds.length === 0) regionFreeList.push(p);
    for (let k = 0; k < regionIds.length; k++) {
      const id = regionIds[k] as string;
      const list = programsByRegion.get(id);
      if (list) list.push(p);
      else programsByRegion.set(id, [p]);
    }
  });
  index.stacksFrom.forEach((edges, from) => {
    const c = credential(from);
    for (let k = 0; k < edges.length; k++) stackedFrom.add(credential((edges[k] as { to: string }).to), c);
  });
  index.qualifiesFor.forEach((targets, from) => {
    const c = credential(from);
    for (let k = 0; k < targets.length; k++) qualifiesFor.add(c, occupations.add(targets[k] as string));
  });
  // Ids only referenced (a partial extraction) are numbered too: undeclared programs stay
  // available nowhere and award nothing.
  index.articulatesTo.forEach((edges, programId) => {
    if (index.programs.has(programId)) return; // numbered with its inputs above
    program(programId);
    for (const edge of edges) credential(edge.from);
  });
  index.entryPoints.forEach((entry) => {
    for (const id of entry.holds ?? []) credential(id);
    for (const id of entry.enters ?? []) program(id);
  });
  index.pathways.forEach((pathway) => {
    for (const id of pathway.programIds ?? []) program(id);
  });

  const programCount = programs.size;
  const credentialCount = credentials.size;
  // Undeclared programs have no groups.
  while (groupStart.length <= programCount) groupStart.push(groupProgram.length);
  const awardRows = awards.build(programCount);
  const qualifiesRows = qualifiesFor.build(credentialCount);
  const leadsTo = new RowWriter();
  const groupCount = new Int32Array(programCount);
  for (let p = 0; p < programCount; p++) {
    leadsTo.open(p);
    for (let k = awardRows.start[p] as number, end = awardRows.start[p + 1] as number; k < end; k++) {
      const c = awardRows.list[k] as number;
      for (let j = qualifiesRows.start[c] as number, to = qualifiesRows.start[c + 1] as number; j < to; j++)
        leadsTo.add(qualifiesRows.list[j] as number);
    }
    groupCount[p] = (groupStart[p + 1] as number) - (groupStart[p] as number);
  }
  const regionFree = new Uint8Array(programCount);
  for (const p of regionFreeList) regionFree[p] = 1;
  // Credentials come in ascending order, so a repeat is the last one added: an occupation is
  // qualified for by thousands of credentials on a national graph, too many to search.
  const qualifiedBy = new PairWriter();
  const lastAdded = new Int32Array(occupations.size).fill(-1);
  for (let c = 0; c < credentialCount; c++) {
    for (let j = qualifiesRows.start[c] as number, to = qualifiesRows.start[c + 1] as number; j < to; j++) {
      const o = qualifiesRows.list[j] as number;
      if (lastAdded[o] === c) continue;
      lastAdded[o] = c;
      qualifiedBy.add(o, c);
    }
  }

  return {
    index,
    credentials,
    programs,
    occupations,
    awards: awardRows,
    groupStart: Int32Array.from(groupStart),
    groupMembers: groupMembers.build(groupProgram.length),
    onwardInputs: onwardInputs.build(programCount),
    groupProgram: Int32Array.from(groupProgram),
    credentialGroups: credentialGroups.build(credentialCount),
    awardedBy: awardedBy.build(credentialCount),
    stackedFrom: stackedFrom.build(credentialCount),
    qualifiesFor: qualifiesRows,
    programsByRegion,
    regionFree,
    groupCount,
    qualifiedBy: qualifiedBy.build(occupations.size),
    leadsTo: leadsTo.build(programCount),
    entryPoints: [...index.entryPoints.values()],
  };
}

/**
 * The number of the `position`-th declared entity of `numbering` (the index's credentials,
 * programs or occupations, in their order), whose id is `id`: `position` itself, as buildGapGraph
 * numbers declared ids first in that order; looked up by id only if that ever fails to hold.
 */
export function declaredNumber(numbering: Numbering, position: number, id: string): number {
  return numbering.ids[position] === id ? position : numbering.of(id);
}

/** The credentials of program `p`'s requirement groups, once each, in the order its groups list them. */
export function groupCredentials(graph: GapGraph, p: number): Set<number> {
  const out = new Set<number>();
  for (let g = graph.groupStart[p] as number, end = graph.groupStart[p + 1] as number; g < end; g++)
    for (const c of graph.groupMembers.of(g)) out.add(c);
  return out;
}

/** Per-graph tables that let a region's context be built from what lists it, not by scanning everything. */
const regionTables = defineGapView('region-tables', (graph: GapGraph) => {
  const regionFreeList: number[] = [];
  graph.regionFree.forEach((free, p) => {
    if (free === 1) regionFreeList.push(p);
  });
  const entryPointsByRegion = new Map<string, number[]>();
  const regionFreeEntryPoints: number[] = [];
  graph.entryPoints.forEach((entry, e) => {
    const regions = entry.regionIds ?? [];
    if (regions.length === 0) regionFreeEntryPoints.push(e);
    for (const id of new Set(regions)) {
      const list = entryPointsByRegion.get(id);
      if (list) list.push(e);
      else entryPointsByRegion.set(id, [e]);
    }
  });
  return { regionFreeList: Int32Array.from(regionFreeList), entryPointsByRegion, regionFreeEntryPoints };
});

/** region id → the numbered occupations with a wage row there, and those rows. */
const wagesByRegion = defineGapView('wages-by-region', (graph: GapGraph) => {
  const out = new Map<string, { occupations: number[]; wages: OccupationWage[] }>();
  graph.occupations.ids.forEach((id, o) => {
    for (const [r, wage] of graph.index.wages.get(id) ?? []) {
      let rows = out.get(r);
      if (!rows) {
        rows = { occupations: [], wages: [] };
        out.set(r, rows);
      }
      rows.occupations.push(o);
      rows.wages.push(wage);
    }
  });
  return out;
});

/**
 * Everything a region-dependent gap kind may know about one region. Rules read a region only
 * through this (never `index.wages`, `index.chain`… directly), and each field says which
 * regional inputs (region-classes.ts) it depends on, so a kind's declared inputs can be checked.
 */
export interface RegionContext {
  household: string;
  /** Whether program `p` is available in the region (lists no region, or a region related to R). */
  isAvailable(p: number): boolean;
  /**
   * The available programs that list a region, ascending: what is particular to the region. An
   * all-regions request evaluates thousands of classes, so a kind reads these (and the
   * region-free programs once per graph) rather than every available program in every class.
   */
  listedAvailable: Int32Array;
  /**
   * The regions related to R that some program lists: `listedAvailable` is the union of their
   * programs (`programsByRegion`), so a kind may read per-region tables built once per graph.
   */
  listedRegions: readonly string[];
  /** The declared programs listing no region (available everywhere), ascending: the same in every region. */
  regionFreePrograms: Int32Array;
  /** Every available program, ascending (listed on first read: most kinds read the two lists above). */
  readonly availableList: Int32Array;
  /** The household's annual threshold found up the chain; undefined when there is none. */
  threshold: number | undefined;
  /** occupation → regional median up the chain (NaN: no figure) */
  median: Float64Array;
  /** occupation → 1 when family-supporting (always 0 without a threshold) */
  familySupporting: Uint8Array;
  /** Whether credential `c` qualifies for a family-supporting occupation. */
  qualifies(c: number): boolean;
  /** Entry points evaluated in R: those listing R itself, or no region (CONTRACT.md section 3, read literally). */
  entryPoints: readonly number[];
  /** Supports listing R or an ancestor of R. */
  regionalSupports: readonly Support[];
  /** An occupation's annual openings in its wage row for R itself, when more than 0. */
  openings(occupationId: string): number | undefined;
  /** The filter's outcome floors (the same in every region of a request). */
  floors: Floors;
}

/** The regional inputs (see region-classes.ts) each field of RegionContext depends on. */
export const CONTEXT_INPUTS = {
  household: [],
  isAvailable: ['programRegions'],
  listedAvailable: ['programRegions'],
  listedRegions: ['programRegions'],
  regionFreePrograms: [],
  availableList: ['programRegions'],
  threshold: ['threshold'],
  median: ['wages'],
  familySupporting: ['threshold', 'wages'],
  qualifies: ['threshold', 'wages'],
  entryPoints: ['entryPoints'],
  regionalSupports: ['supports'],
  openings: ['openings'],
  floors: [],
} as const satisfies Record<keyof RegionContext, readonly RegionalInput[]>;

/**
 * The programs listing one of `regions`, ascending, once each. A county's few regions (itself,
 * its state, the nation) have their ascending lists (as buildGapGraph makes them) merged, not a
 * set sorted per class; a region with many descendants (a state, the nation) has them all
 * gathered and sorted once.
 */
function listedPrograms(graph: GapGraph, regions: Iterable<string>): Int32Array {
  const lists: number[][] = [];
  let total = 0;
  for (const id of regions) {
    const list = graph.programsByRegion.get(id);
    if (list === undefined || list.length === 0) continue;
    lists.push(list);
    total += list.length;
  }
  const out = new Int32Array(total);
  let k = 0;
  if (lists.length > 4) {
    for (const list of lists) for (const p of list) out[k++] = p;
    out.sort();
  } else {
    // k-way merge of a few ascending lists
    const at = new Array<number>(lists.length).fill(0);
    for (;;) {
      let best = -1;
      let value = Number.POSITIVE_INFINITY;
      lists.forEach((list, l) => {
        const v = list[at[l] as number];
        if (v !== undefined && v < value) {
          value = v;
          best = l;
        }
      });
      if (best === -1) break;
      at[best] = (at[best] as number) + 1;
      out[k++] = value;
    }
  }
  // A program may list a region twice, or two of the regions.
  let n = 0;
  for (let i = 0; i < k; i++) if (n === 0 || out[n - 1] !== out[i]) out[n++] = out[i] as number;
  return out.slice(0, n);
}

/** Two ascending lists with nothing in common, merged. */
function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = (a[i] as number) < (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

/** Whether ascending `list` holds `value` (binary search). */
export function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * A region's context. Built for every region class of an all-regions request (thousands on a
 * national graph), so it holds only what is particular to the region — the programs listing a
 * related region, the occupations' medians — never an array the size of the graph: programs
 * listing no region are read from the gap graph, shared by every region.
 */
export function regionContext(
  graph: GapGraph,
  regionId: string | undefined,
  household: string,
  floors: Floors = { ...DEFAULT_FLOORS },
): RegionContext {
  const { index } = graph;
  const related = regionId === undefined ? new Set<string>() : index.relatedRegions(regionId);
  const chain = regionId === undefined ? [] : index.chain(regionId);

  const { regionFreeList, entryPointsByRegion, regionFreeEntryPoints } = regionTables(graph);
  const listedRegions: string[] = [];
  for (const id of related) if ((graph.programsByRegion.get(id)?.length ?? 0) > 0) listedRegions.push(id);
  const listedAvailable = listedPrograms(graph, listedRegions);
  const { regionFree } = graph;
  const isAvailable = (p: number) => regionFree[p] === 1 || sortedHas(listedAvailable, p);
  let availableList: Int32Array | undefined;

  const thresholdRow = regionId === undefined ? undefined : index.thresholdIn(regionId, household);
  const threshold = thresholdRow?.annual;

  // An occupation's median is its row for the first region up the chain that has one: the
  // chain's few wage rows are read (a region has a few), not every occupation's rows per region.
  const median = new Float64Array(graph.occupations.size).fill(Number.NaN);
  const familySupporting = new Uint8Array(graph.occupations.size);
  const found = new Uint8Array(graph.occupations.size);
  const wages = wagesByRegion(graph);
  for (const r of chain) {
    const rows = wages.get(r);
    if (rows === undefined) continue;
    for (let k = 0; k < rows.occupations.length; k++) {
      const o = rows.occupations[k] as number;
      if (found[o] === 1) continue;
      found[o] = 1;
      const wage = rows.wages[k] as OccupationWage;
      median[o] = wage.medianAnnual;
      if (threshold !== undefined && wage.medianAnnual >= threshold) familySupporting[o] = 1;
    }
  }
  // A credential qualifies for an occupation or two: read them rather than keep a mark per credential.
  const { start: qualifiesStart, list: qualifiesList } = graph.qualifiesFor;
  const qualifies = (c: number) => {
    for (let k = qualifiesStart[c] as number, end = qualifiesStart[c + 1] as number; k < end; k++)
      if (familySupporting[qualifiesList[k] as number] === 1) return true;
    return false;
  };

  // Those listing no region, then those listing R, in entry point order (as a scan of all would give).
  const listing = regionId === undefined ? undefined : entryPointsByRegion.get(regionId);
  const entryPoints = listing ? [...regionFreeEntryPoints, ...listing].sort((a, b) => a - b) : regionFreeEntryPoints;
  const regionalSupports = chain.flatMap((id) => index.supportsByRegion.get(id) ?? []);
  const openings = (occupationId: string) => {
    if (regionId === undefined) return undefined;
    const n = index.wages.get(occupationId)?.get(regionId)?.annualOpenings;
    return n !== undefined && n > 0 ? n : undefined;
  };

  return {
    household,
    isAvailable,
    listedAvailable,
    listedRegions,
    regionFreePrograms: regionFreeList,
    get availableList(): Int32Array {
      availableList ??= mergeSorted(regionFreeList, listedAvailable);
      return availableList;
    },
    threshold,
    median,
    familySupporting,
    qualifies,
    entryPoints,
    regionalSupports,
    openings,
    floors,
  };
}

/**
 * The gap graph of `index` where `index` differs from `base.index` only in STACKS_INTO and
 * ARTICULATES_TO edges between ids `base` already numbers (a what-if adding credit edges): the
 * onward inputs of `programs` (those the changed articulations lead to) and, when stacking
 * changed, the stacked-from lists recomputed as buildGapGraph computes them; every other table
 * is shared with `base`, which is not changed.
 */
export function gapGraphWithCredit(
  base: GapGraph,
  index: GraphIndex,
  programs: ReadonlySet<number>,
  stackingChanged: boolean,
): GapGraph {
  const onwardInputs = new RowWriter();
  for (let p = 0; p < base.programs.size; p++) {
    onwardInputs.open(p);
    if (!programs.has(p)) {
      for (let k = base.onwardInputs.start[p] as number, end = base.onwardInputs.start[p + 1] as number; k < end; k++)
        onwardInputs.push(base.onwardInputs.list[k] as number);
      continue;
    }
    for (let g = base.groupStart[p] as number; g < (base.groupStart[p + 1] as number); g++)
      for (const c of base.groupMembers.of(g)) onwardInputs.add(c);
    const programId = base.programs.ids[p] as string;
    for (const a of index.articulatesTo.get(programId) ?? []) onwardInputs.add(base.credentials.of(a.from));
  }
  let stackedFrom = base.stackedFrom;
  if (stackingChanged) {
    const pairs = new PairWriter();
    for (const [from, edges] of index.stacksFrom) {
      const c = base.credentials.of(from);
      for (const edge of edges) pairs.add(base.credentials.of(edge.to), c);
    }
    stackedFrom = pairs.build(base.credentials.size);
  }
  return { ...base, index, onwardInputs: onwardInputs.build(base.programs.size), stackedFrom };
}
