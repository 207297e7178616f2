/**
 * The graph as the route engine walks it: programs and credentials numbered once per GraphIndex
 * (cached), with the adjacency the search needs as integer lists. Nothing here depends on a
 * query; everything query-specific (region, filters, held credentials) lives in route-search.ts.
 *
 * Ids that are referenced but not declared (a partial extraction) are numbered too, so that the
 * walks never meet an unknown id.
 */
import type { Program } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';

export interface RouteGraph {
  readonly index: GraphIndex;
  readonly programs: Program[];
  readonly programIds: string[];
  readonly programIndex: Map<string, number>;
  readonly credentialIds: string[];
  readonly credentialIndex: Map<string, number>;

  /** program → base months and cost (cost 0 when absent) */
  readonly months: Float64Array;
  readonly cost: Float64Array;
  /** program → its `credits`, or -1 when it has none */
  readonly credits: Float64Array;
  /** program → credentials it awards (duplicates removed) */
  readonly awards: number[][];
  /** program → requirement groups, each a list of credentials (duplicates removed) */
  readonly requires: number[][][];
  /** program → offset of its first group in the flat group numbering */
  readonly groupOffset: Int32Array;
  readonly groupCount: Int32Array;
  readonly groupTotal: number;
  /**
   * program → incoming credit edges as parallel lists: the credential held and the credits it
   * grants. One entry per STACKS_INTO edge into a credential the program awards (an edge into
   * two of its awards counts twice, as the contract sums "every edge") and per ARTICULATES_TO edge.
   */
  readonly creditFrom: number[][];
  readonly creditAmount: number[][];
  /**
   * program → the least share of its months and cost that credit can leave: what is left after
   * every incoming credit edge at once, capped at its credits (1 without credits). A lower bound
   * whatever the participant holds.
   */
  readonly minShare: Float64Array;
  /** programs without requirements: open to everyone */
  readonly openPrograms: number[];
  /** program → lists no region (available everywhere) */
  readonly regionless: Uint8Array;
  /** region id → programs listing it */
  readonly programsListing: Map<string, number[]>;
  /** Scratch marks over programs for one query at a time (findRoutes is synchronous), with the last stamp used. */
  readonly programMark: Int32Array;
  stamp: number;
  readonly scratch: RouteScratch;

  /** credential → programs awarding it */
  readonly awardedBy: number[][];
  /** credential → (program, group) pairs of the requirement groups listing it, as parallel lists */
  readonly inGroupProgram: number[][];
  readonly inGroupIndex: number[][];
  /** credential → programs listing it in some requirement group (each once) */
  readonly requiredBy: number[][];
  /** credential → occupation ids it QUALIFIES_FOR */
  readonly qualifiesFor: string[][];
}

class Numbering {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();

  add(id: string): number {
    let n = this.index.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.index.set(id, n);
    }
    return n;
  }
}

function at<T>(lists: T[][], n: number): T[] {
  let list = lists[n];
  if (!list) {
    list = [];
    lists[n] = list;
  }
  return list;
}

function filled<T>(lists: T[][], size: number): T[][] {
  for (let i = 0; i < size; i++) if (!lists[i]) lists[i] = [];
  return lists;
}

/**
 * Per-query working arrays, allocated once per graph and cleared at the start of each use:
 * findRoutes is synchronous, so one query at a time uses them, and reusing them spares the
 * garbage collector a few megabytes per query on a large graph.
 */
export class RouteScratch {
  private readonly u8 = new Map<string, Uint8Array>();
  private readonly f64 = new Map<string, Float64Array>();

  constructor(
    private readonly programs: number,
    private readonly credentials: number,
    private readonly groups: number,
  ) {}

  private sizeOf(over: 'program' | 'credential' | 'group'): number {
    return over === 'program' ? this.programs : over === 'credential' ? this.credentials : this.groups;
  }

  /** A zeroed byte array over programs, credentials or requirement groups, named by its use. */
  bytes(name: string, over: 'program' | 'credential' | 'group'): Uint8Array {
    let array = this.u8.get(name);
    if (!array) {
      array = new Uint8Array(this.sizeOf(over));
      this.u8.set(name, array);
    } else array.fill(0);
    return array;
  }

  /** A float array over programs filled with `value`, named by its use. */
  floats(name: string, value: number): Float64Array {
    let array = this.f64.get(name);
    if (!array) {
      array = new Float64Array(this.programs);
      this.f64.set(name, array);
    }
    return array.fill(value);
  }

  private counts: Int32Array | undefined;

  /** A copy of `source` (an integer per program), in a reused array. */
  copyOf(source: Int32Array): Int32Array {
    if (!this.counts) this.counts = new Int32Array(source.length);
    this.counts.set(source);
    return this.counts;
  }
}

const cache = new WeakMap<GraphIndex, RouteGraph>();

/** The route graph of an index, built on first use and cached for the index's lifetime. */
export function routeGraphOf(index: GraphIndex): RouteGraph {
  let graph = cache.get(index);
  if (!graph) {
    graph = buildRouteGraph(index);
    cache.set(index, graph);
  }
  return graph;
}

function buildRouteGraph(index: GraphIndex): RouteGraph {
  const programs = new Numbering();
  const credentials = new Numbering();
  for (const id of index.credentials.keys()) credentials.add(id);
  const list = [...index.programs.values()];
  for (const program of list) programs.add(program.id);
  const n = list.length;

  const months = new Float64Array(n);
  const cost = new Float64Array(n);
  const credits = new Float64Array(n);
  const awards: number[][] = [];
  const requires: number[][][] = [];
  const groupOffset = new Int32Array(n);
  const groupCount = new Int32Array(n);
  const openPrograms: number[] = [];
  const awardedBy: number[][] = [];
  const inGroupProgram: number[][] = [];
  const inGroupIndex: number[][] = [];
  const requiredBy: number[][] = [];

  let groups = 0;
  const regionless = new Uint8Array(n);
  const programsListing = new Map<string, number[]>();
  list.forEach((program, p) => {
    const regionIds = program.regionIds ?? [];
    if (regionIds.length === 0) regionless[p] = 1;
    for (const regionId of new Set(regionIds)) {
      let listing = programsListing.get(regionId);
      if (!listing) {
        listing = [];
        programsListing.set(regionId, listing);
      }
      listing.push(p);
    }
    months[p] = program.months;
    cost[p] = program.cost ?? 0;
    credits[p] = program.credits ?? -1;
    awards[p] = [...new Set(program.awards.map((id) => credentials.add(id)))];
    for (const c of awards[p]) at(awardedBy, c).push(p);
    const own = (program.requires ?? []).map((group) => [...new Set(group.map((id) => credentials.add(id)))]);
    requires[p] = own;
    groupOffset[p] = groups;
    groupCount[p] = own.length;
    groups += own.length;
    if (own.length === 0) openPrograms.push(p);
    const listed = new Set<number>();
    own.forEach((group, g) => {
      for (const c of group) {
        at(inGroupProgram, c).push(p);
        at(inGroupIndex, c).push(g);
        listed.add(c);
      }
    });
    for (const c of listed) at(requiredBy, c).push(p);
  });

  // Incoming credit per program: STACKS_INTO into what it awards, ARTICULATES_TO into it.
  const stacksInto = new Map<number, { from: number; credits: number }[]>();
  for (const edges of index.stacksFrom.values()) {
    for (const edge of edges) {
      const to = credentials.add(edge.to);
      let into = stacksInto.get(to);
      if (!into) {
        into = [];
        stacksInto.set(to, into);
      }
      into.push({ from: credentials.add(edge.from), credits: edge.creditsApplied });
    }
  }
  const creditFrom: number[][] = [];
  const creditAmount: number[][] = [];
  const minShare = new Float64Array(n);
  list.forEach((program, p) => {
    const from: number[] = [];
    const amount: number[] = [];
    for (const c of awards[p] ?? []) {
      for (const edge of stacksInto.get(c) ?? []) {
        from.push(edge.from);
        amount.push(edge.credits);
      }
    }
    for (const edge of index.articulatesTo.get(program.id) ?? []) {
      from.push(credentials.add(edge.from));
      amount.push(edge.credits);
    }
    creditFrom[p] = from;
    creditAmount[p] = amount;
    const own = credits[p] as number;
    const most = amount.reduce((sum, x) => sum + x, 0);
    minShare[p] = own > 0 ? 1 - Math.min(most, own) / own : 1;
  });

  const qualifiesFor: string[][] = [];
  for (const [credentialId, occupationIds] of index.qualifiesFor) {
    qualifiesFor[credentials.add(credentialId)] = [...new Set(occupationIds)];
  }

  const nc = credentials.ids.length;
  return {
    index,
    programs: list,
    programIds: programs.ids,
    programIndex: programs.index,
    credentialIds: credentials.ids,
    credentialIndex: credentials.index,
    months,
    cost,
    credits,
    awards,
    requires,
    groupOffset,
    groupCount,
    groupTotal: groups,
    creditFrom,
    creditAmount,
    minShare,
    openPrograms,
    regionless,
    programsListing,
    programMark: new Int32Array(n),
    stamp: 0,
    scratch: new RouteScratch(n, credentials.ids.length, groups),
    awardedBy: filled(awardedBy, nc),
    inGroupProgram: filled(inGroupProgram, nc),
    inGroupIndex: filled(inGroupIndex, nc),
    requiredBy: filled(requiredBy, nc),
    qualifiesFor: filled(qualifiesFor, nc),
  };
}
