/**
 * The graph as the route engine walks it: programs and credentials numbered once per GraphIndex
 * (cached), with the adjacency the search needs as integer lists. Nothing here depends on a
 * query; everything query-specific (region, filters, held credentials) lives in route-search.ts.
 *
 * Ids that are referenced but not declared (a partial extraction) are numbered too, so that the
 * walks never meet an unknown id.
 */
import type { Program } from '../model/bundle.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import type { IndexDelta } from '../model/index-delta.ts';
import { LayeredMap } from '../model/layered-map.ts';
import { Numbering } from '../model/numbering.ts';

/** A work step of CONTRACT.md section 5: an ADVANCES_TO edge with years. */
export interface WorkStep {
  readonly from: string;
  readonly to: string;
  readonly years: number;
}

export interface RouteGraph {
  readonly index: GraphIndex;
  /**
   * The programs; in the work graph (workRouteGraphOf) the steps numbered from `programCount` on
   * are work steps (`work[p - programCount]`), modelled as programs that require "can hold O" and
   * award "can hold O2".
   */
  readonly programs: Program[];
  readonly programCount: number;
  readonly work: WorkStep[];
  /**
   * Credentials numbered from `credentialCount` on are occupation tokens (work graph only): "can
   * hold O", for each occupation an edge of a work step starts or ends at. A program awards the
   * token of every such occupation its credentials qualify for; `qualifiesFor[token]` is `[O]`.
   */
  readonly credentialCount: number;
  readonly tokenOf: Map<string, number>;
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
  /** credential → the STACKS_INTO edges into it (the held credential and the credits), for the credit of its awarders */
  readonly stacksInto: ReadonlyMap<number, readonly StackInto[]>;
  /**
   * program → the least share of its months and cost that credit can leave: what is left after
   * every incoming credit edge at once, capped at its credits (1 without credits). A lower bound
   * whatever the participant holds.
   */
  readonly minShare: Float64Array;
  /** program → every credential in its requirement groups or with a credit edge into it (each once) */
  readonly inputs: number[][];
  /** programs without requirements: open to everyone */
  readonly openPrograms: number[];
  /**
   * credential → the least months, and the least cost, of a program awarding it (at the most
   * credit it could get; Infinity when none does): what obtaining it costs at least, beyond H0
   */
  readonly awardMonths: Float64Array;
  readonly awardCost: Float64Array;
  /** the open programs by least months, and by least cost, at the most credit each could get */
  readonly openByMonths: Int32Array;
  readonly openByCost: Int32Array;
  /** program → lists no region (available everywhere) */
  readonly regionless: Uint8Array;
  readonly regionlessList: number[];
  /** regions with at least one occupation wage row */
  readonly wageRegions: Set<string>;
  /**
   * Occupations by regional median, highest first, per chain of wage regions and sector: the
   * default target is a prefix of such a list. Filled by queries, cleared when it grows large.
   */
  readonly rankedOccupations: Map<string, { ids: string[]; medians: Float64Array }>;
  /** region id → programs listing it */
  readonly programsListing: Map<string, number[]>;
  readonly scratch: RouteScratch;

  /** credential → programs awarding it */
  readonly awardedBy: number[][];
  /** credential → (program, group) pairs of the requirement groups listing it, as parallel lists */
  readonly inGroupProgram: number[][];
  readonly inGroupIndex: number[][];
  /** credential → occupation ids it QUALIFIES_FOR */
  readonly qualifiesFor: string[][];
  /** occupation id → credentials qualifying for it */
  readonly qualifiedBy: Map<string, number[]>;
}

export interface StackInto {
  readonly from: number;
  readonly credits: number;
}

/** The values once each, in first-seen order (the lists here are short: a Set would cost more). */
function once(values: number[]): number[] {
  const out: number[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}

/**
 * A per-query working array that is put back to its initial value, on its next use, only where
 * it was written: clearing a whole array over programs or credentials would touch every cache
 * line of it on every query, for the few hundred entries a query writes. Reads go to `values`
 * directly; every write goes through `set`.
 */
export class ScratchArray<A extends Uint8Array | Int32Array | Float64Array> {
  private written = new Int32Array(64);
  private count = 0;

  constructor(
    readonly values: A,
    private readonly initial: number,
  ) {
    if (initial !== 0) values.fill(initial);
  }

  set(i: number, value: number): void {
    if (this.count === this.written.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.written);
      this.written = grown;
    }
    this.written[this.count++] = i;
    this.values[i] = value;
  }

  /** Back to the initial values everywhere (a whole pass when most of it was written). */
  reset(): void {
    const { values, written, count, initial } = this;
    if (count > values.length >> 3) values.fill(initial);
    else for (let k = 0; k < count; k++) values[written[k] as number] = initial;
    this.count = 0;
  }
}

/**
 * Per-query working arrays, allocated once per graph and reset at the start of each use:
 * findRoutes is synchronous, so one query at a time uses them, and reusing them spares the
 * garbage collector a few megabytes per query on a large graph.
 */
export class RouteScratch {
  private readonly arrays = new Map<string, ScratchArray<Uint8Array | Int32Array | Float64Array>>();
  private readonly plain = new Map<string, Float64Array>();
  private readonly i32 = new Map<string, Int32Array>();
  private lastMark = 0;

  constructor(
    private readonly programs: number,
    private readonly credentials: number,
    private readonly groups: number,
  ) {}

  private sizeOf(over: 'program' | 'credential' | 'group'): number {
    return over === 'program' ? this.programs : over === 'credential' ? this.credentials : this.groups;
  }

  private reused<A extends Uint8Array | Int32Array | Float64Array>(name: string, make: () => ScratchArray<A>) {
    let array = this.arrays.get(name) as ScratchArray<A> | undefined;
    if (!array) {
      array = make();
      this.arrays.set(name, array);
    } else array.reset();
    return array;
  }

  /** A zeroed integer array over programs, named by its use. */
  ints(name: string): ScratchArray<Int32Array> {
    return this.reused(name, () => new ScratchArray(new Int32Array(this.programs), 0));
  }

  /** A zeroed byte array over programs, credentials or requirement groups, named by its use. */
  bytes(name: string, over: 'program' | 'credential' | 'group'): ScratchArray<Uint8Array> {
    return this.reused(name, () => new ScratchArray(new Uint8Array(this.sizeOf(over)), 0));
  }

  /** A float array over programs or credentials filled with `value`, named by its use. */
  floats(name: string, over: 'program' | 'credential', value: number): ScratchArray<Float64Array> {
    return this.reused(name, () => new ScratchArray(new Float64Array(this.sizeOf(over)), value));
  }

  /** A float array over programs whose entries are written before they are read: never cleared. */
  unset(name: string): Float64Array {
    let array = this.plain.get(name);
    if (!array) {
      array = new Float64Array(this.programs);
      this.plain.set(name, array);
    }
    return array;
  }

  /** An integer array over programs for marks (`array[p] === mark` marks p with a mark of nextMark()), never cleared. */
  markArray(name: string): Int32Array {
    let array = this.i32.get(name);
    if (!array) {
      array = new Int32Array(this.programs);
      this.i32.set(name, array);
    }
    return array;
  }

  /** A mark number no earlier use of a mark array was given (they are cleared when the numbers wrap). */
  nextMark(): number {
    if (this.lastMark === 0x3fffffff) {
      for (const array of this.i32.values()) array.fill(0);
      this.lastMark = 0;
    }
    return ++this.lastMark;
  }
}

/** Warmed with every snapshot, so the first route query does not pay for it. */
const ROUTE_GRAPH = defineView('route-graph', (index: GraphIndex) => buildRouteGraph(index, false), {
  warm: true,
  update: (previous: RouteGraph, _old: GraphIndex, next: GraphIndex, delta: IndexDelta) =>
    routeGraphWithDelta(previous, _old, next, delta),
});
/**
 * The route graph with work steps (queries with `advancement`), kept apart from the plain one so
 * that queries without advancement pay nothing for work steps; built on first use, not warmed.
 */
const WORK_ROUTE_GRAPH = defineView(
  'work-route-graph',
  (index: GraphIndex) =>
    // Without an edge that is a work step the work graph would be a copy of the plain one.
    workStepsOf(index).length > 0 ? buildRouteGraph(index, true) : routeGraphOf(index),
  {
    // Still the plain graph when it was and the delta touches no ADVANCES_TO edge (work steps are built in full).
    update: (previous: RouteGraph, _old: GraphIndex, next: GraphIndex, delta: IndexDelta) =>
      previous.work.length === 0 && !(delta.touched.edges ?? []).some((key) => key.startsWith('ADVANCES_TO|'))
        ? routeGraphOf(next)
        : undefined,
  },
);

/** The route graph with work steps, kept by the index for its lifetime. */
export function workRouteGraphOf(index: GraphIndex): RouteGraph {
  return index.derived(WORK_ROUTE_GRAPH);
}

/** The route graph of an index, built on first use and kept by the index for its lifetime. */
export function routeGraphOf(index: GraphIndex): RouteGraph {
  return index.derived(ROUTE_GRAPH);
}

/** The work steps of an index: ADVANCES_TO edges with years, one per (from, to), the shortest where listed twice. */
export function workStepsOf(index: GraphIndex): WorkStep[] {
  const out = new Map<string, WorkStep>();
  for (const [from, edges] of index.advancesTo) {
    for (const edge of edges) {
      if (edge.years === undefined) continue;
      const key = `${from}>${edge.to}`;
      const old = out.get(key);
      if (!old || edge.years < old.years) out.set(key, { from, to: edge.to, years: edge.years });
    }
  }
  return [...out.values()];
}

function buildRouteGraph(index: GraphIndex, withWork: boolean): RouteGraph {
  const programs = new Numbering();
  const credentials = new Numbering();
  for (const id of index.credentials.keys()) credentials.add(id);
  const list = [...index.programs.values()];
  for (const program of list) {
    programs.add(program.id);
    for (const id of program.awards) credentials.add(id);
    for (const group of program.requires ?? []) for (const id of group) credentials.add(id);
  }
  for (const edges of index.stacksFrom.values()) {
    for (const edge of edges) {
      credentials.add(edge.from);
      credentials.add(edge.to);
    }
  }
  for (const id of index.articulatesFrom.keys()) credentials.add(id);
  for (const id of index.qualifiesFor.keys()) credentials.add(id);
  const credentialCount = credentials.ids.length;
  const work = withWork ? workStepsOf(index) : [];
  // Tokens are numbered after every credential; '>' cannot begin an id, so they never meet one.
  const tokenOf = new Map<string, number>();
  for (const step of work) {
    for (const o of [step.from, step.to]) if (!tokenOf.has(o)) tokenOf.set(o, credentials.add(`>${o}`));
  }
  for (const step of work) programs.add(`${step.from}>${step.to}`);
  const tokensOf = (c: number): number[] => {
    const out: number[] = [];
    for (const o of index.qualifiesFor.get(credentials.ids[c] as string) ?? []) {
      const t = tokenOf.get(o);
      if (t !== undefined && !out.includes(t)) out.push(t);
    }
    return out;
  };
  const real = list.length;
  const n = real + work.length;
  // Every credential is numbered now: per-credential lists can be made dense up front.
  const nc = credentials.ids.length;
  const perCredential = <T>(): T[][] => Array.from({ length: nc }, () => []);

  const months = new Float64Array(n);
  const cost = new Float64Array(n);
  const credits = new Float64Array(n);
  const awards: number[][] = [];
  const requires: number[][][] = [];
  const groupOffset = new Int32Array(n);
  const groupCount = new Int32Array(n);
  const openPrograms: number[] = [];
  const awardedBy = perCredential<number>();
  const inGroupProgram = perCredential<number>();
  const inGroupIndex = perCredential<number>();

  let groups = 0;
  const regionless = new Uint8Array(n);
  const regionlessList: number[] = [];
  const programsListing = new Map<string, number[]>();
  list.forEach((program, p) => {
    const regionIds = program.regionIds ?? [];
    if (regionIds.length === 0) {
      regionless[p] = 1;
      regionlessList.push(p);
    }
    for (const regionId of regionIds) {
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
    awards[p] = once(program.awards.map((id) => credentials.add(id)));
    if (tokenOf.size > 0) awards[p] = once([...(awards[p] as number[]), ...(awards[p] as number[]).flatMap(tokensOf)]);
    for (const c of awards[p]) (awardedBy[c] as number[]).push(p);
    const own = (program.requires ?? []).map((group) => once(group.map((id) => credentials.add(id))));
    requires[p] = own;
    groupOffset[p] = groups;
    groupCount[p] = own.length;
    groups += own.length;
    if (own.length === 0) openPrograms.push(p);
    own.forEach((group, g) => {
      for (const c of group) {
        (inGroupProgram[c] as number[]).push(p);
        (inGroupIndex[c] as number[]).push(g);
      }
    });
  });

  work.forEach((step, w) => {
    const p = real + w;
    regionless[p] = 1; // a work step is available everywhere, and is not in the lists of programs
    months[p] = 12 * step.years;
    cost[p] = 0;
    credits[p] = -1;
    const to = tokenOf.get(step.to) as number;
    const from = tokenOf.get(step.from) as number;
    awards[p] = [to];
    (awardedBy[to] as number[]).push(p);
    requires[p] = [[from]];
    groupOffset[p] = groups;
    groupCount[p] = 1;
    groups += 1;
    (inGroupProgram[from] as number[]).push(p);
    (inGroupIndex[from] as number[]).push(0);
  });

  // Incoming credit per program: STACKS_INTO into what it awards, ARTICULATES_TO into it.
  const stacksInto = new Map<number, StackInto[]>();
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
  const inputs: number[][] = [];
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
    const needed: number[] = [];
    for (const group of requires[p] ?? []) for (const c of group) if (!needed.includes(c)) needed.push(c);
    for (const c of from) if (!needed.includes(c)) needed.push(c);
    inputs[p] = needed;
    const own = credits[p] as number;
    const most = amount.reduce((sum, x) => sum + x, 0);
    minShare[p] = own > 0 ? 1 - Math.min(most, own) / own : 1;
  });
  work.forEach((step, w) => {
    const p = real + w;
    creditFrom[p] = [];
    creditAmount[p] = [];
    minShare[p] = 1;
    inputs[p] = [tokenOf.get(step.from) as number];
  });

  const qualifiesFor = perCredential<string>();
  for (const [credentialId, occupationIds] of index.qualifiesFor) {
    qualifiesFor[credentials.add(credentialId)] = [...new Set(occupationIds)];
  }
  const qualifiedBy = new Map<string, number[]>();
  for (const [occupationId, credentialIds] of index.qualifiedBy) {
    qualifiedBy.set(occupationId, [...new Set(credentialIds.map((id) => credentials.add(id)))]);
  }
  for (const [occupationId, t] of tokenOf) {
    qualifiesFor[t] = [occupationId];
    qualifiedBy.set(occupationId, [...(qualifiedBy.get(occupationId) ?? []), t]);
  }

  const cheapestAward = (base: Float64Array) => {
    const out = new Float64Array(nc).fill(Number.POSITIVE_INFINITY);
    for (let p = 0; p < n; p++) {
      const least = (base[p] as number) * (minShare[p] as number);
      for (const c of awards[p] ?? []) if (least < (out[c] as number)) out[c] = least;
    }
    return out;
  };
  const byLeast = (base: Float64Array) =>
    Int32Array.from(openPrograms).sort(
      (a, b) => (base[a] as number) * (minShare[a] as number) - (base[b] as number) * (minShare[b] as number) || a - b,
    );
  return {
    index,
    programs: list,
    programCount: real,
    work,
    credentialCount,
    tokenOf,
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
    stacksInto,
    minShare,
    inputs,
    openPrograms,
    awardMonths: cheapestAward(months),
    awardCost: cheapestAward(cost),
    openByMonths: byLeast(months),
    openByCost: byLeast(cost),
    regionless,
    regionlessList,
    wageRegions: new Set([...index.wages.values()].flatMap((rows) => [...rows.keys()])),
    rankedOccupations: new Map(),
    programsListing,
    scratch: new RouteScratch(n, nc, groups),
    awardedBy,
    inGroupProgram,
    inGroupIndex,
    qualifiesFor,
    qualifiedBy,
  };
}

/**
 * The route graph of `index` where `index` differs from `base.index` only in STACKS_INTO and
 * ARTICULATES_TO edges between ids `base` already numbers (a what-if adding credit edges):
 * `base` with the credit tables of `programs` (those the changed edges grant credit toward)
 * recomputed as buildRouteGraph computes them, and the bounds derived from them. Every other
 * table is shared with `base`, which is not changed; the scratch arrays are the new graph's own.
 */
export function routeGraphWithCredit(base: RouteGraph, index: GraphIndex, programs: ReadonlySet<number>): RouteGraph {
  const credentialOf = (id: string): number => {
    const c = base.credentialIndex.get(id);
    if (c === undefined) throw new Error(`routeGraphWithCredit: "${id}" is not numbered`);
    return c;
  };
  const stacksInto = new Map<number, StackInto[]>();
  for (const edges of index.stacksFrom.values()) {
    for (const edge of edges) {
      const to = credentialOf(edge.to);
      let into = stacksInto.get(to);
      if (!into) {
        into = [];
        stacksInto.set(to, into);
      }
      into.push({ from: credentialOf(edge.from), credits: edge.creditsApplied });
    }
  }
  return withCreditOf({ ...base, stacksInto }, index, programs, [], false);
}

/**
 * `g` (whose `stacksInto` and every table but the credit ones are already those of `index`) with
 * the credit tables of `programs` recomputed as buildRouteGraph computes them, and the bounds
 * derived from them: the least award months and cost of the credentials those programs award
 * (and of `credentials`, whose awarders changed), and the open programs' orders, each program
 * of `programs` taken out and put back at its place. Shared by the what-if's credit overlay and
 * the snapshot's delta; `g` is not changed, the scratch arrays are the new graph's own.
 */
function withCreditOf(
  g: RouteGraph,
  index: GraphIndex,
  programs: ReadonlySet<number>,
  credentials: Iterable<number>,
  /** `g`'s credit lists and bounds are already the new graph's own copies: edit them in place. */
  own: boolean,
): RouteGraph {
  const n = g.months.length;
  const nc = g.credentialIds.length;
  const credentialOf = (id: string): number => {
    const c = g.credentialIndex.get(id);
    if (c === undefined) throw new Error(`route graph: "${id}" is not numbered`);
    return c;
  };
  const creditFrom = own ? g.creditFrom : g.creditFrom.slice();
  const creditAmount = own ? g.creditAmount : g.creditAmount.slice();
  const inputs = own ? g.inputs : g.inputs.slice();
  const minShare = own ? g.minShare : g.minShare.slice();
  const touched = new Set<number>(credentials);
  for (const p of programs) {
    if (p >= g.programCount) continue;
    const program = g.programs[p] as Program;
    const from: number[] = [];
    const amount: number[] = [];
    for (const c of g.awards[p] ?? []) {
      for (const edge of g.stacksInto.get(c) ?? []) {
        from.push(edge.from);
        amount.push(edge.credits);
      }
    }
    for (const edge of index.articulatesTo.get(program.id) ?? []) {
      from.push(credentialOf(edge.from));
      amount.push(edge.credits);
    }
    creditFrom[p] = from;
    creditAmount[p] = amount;
    const needed: number[] = [];
    for (const group of g.requires[p] ?? []) for (const c of group) if (!needed.includes(c)) needed.push(c);
    for (const c of from) if (!needed.includes(c)) needed.push(c);
    inputs[p] = needed;
    const own = g.credits[p] as number;
    const most = amount.reduce((sum, x) => sum + x, 0);
    minShare[p] = own > 0 ? 1 - Math.min(most, own) / own : 1;
    for (const c of g.awards[p] ?? []) touched.add(c);
  }
  const cheapest = (source: Float64Array, values: Float64Array) => {
    const out = own ? source : source.slice();
    for (const c of touched) {
      let least = Number.POSITIVE_INFINITY;
      for (const p of g.awardedBy[c] ?? []) {
        const x = (values[p] as number) * (minShare[p] as number);
        if (x < least) least = x;
      }
      out[c] = least;
    }
    return out;
  };
  // The open programs by least months (or cost): those of `programs` taken out and put back at
  // their place (the order is total: ties go by number), so the list is the one a sort gives.
  const byLeast = (previous: Int32Array, values: Float64Array) => {
    const key = (p: number) => (values[p] as number) * (minShare[p] as number);
    const before = (a: number, b: number) => key(a) - key(b) || a - b;
    const kept = previous.filter((p) => !programs.has(p));
    const put = g.openPrograms.filter((p) => programs.has(p)).sort(before);
    if (put.length === 0) return kept.length === previous.length ? previous : kept;
    const out = new Int32Array(kept.length + put.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < kept.length || j < put.length) {
      if (j >= put.length || (i < kept.length && before(kept[i] as number, put[j] as number) < 0))
        out[k++] = kept[i++] as number;
      else out[k++] = put[j++] as number;
    }
    return out;
  };
  return {
    ...g,
    index,
    creditFrom,
    creditAmount,
    inputs,
    minShare,
    awardMonths: cheapest(g.awardMonths, g.months),
    awardCost: cheapest(g.awardCost, g.cost),
    openByMonths: byLeast(g.openByMonths, g.months),
    openByCost: byLeast(g.openByCost, g.cost),
    rankedOccupations: new Map(),
    scratch: new RouteScratch(n, nc, g.groupTotal),
  };
}

/** `list` with `value` put in at its place (the list is ascending). */
function insertSorted(list: number[], value: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, value);
}

/**
 * The plain route graph of `next`, made from `g`, that of `old`, where `next = old.withDelta(delta)`:
 * in time proportional to the delta (plus copies of the per-program and per-credential arrays,
 * a memory copy each, not a walk of the graph). Programs added by the delta are numbered after
 * the others, as a build over `next` (whose maps give added entries last) numbers them; new
 * credential ids are numbered after the others. Only the lists of the programs and credentials
 * the delta touches are copied and edited; every other list is shared with `g`, which is not
 * changed. Undefined (build in full) for what this does not follow: a deleted program or
 * credential, a program whose number of requirement groups changed, a work graph.
 */
export function routeGraphWithDelta(
  g: RouteGraph,
  old: GraphIndex,
  next: GraphIndex,
  delta: IndexDelta,
): RouteGraph | undefined {
  if (g.work.length > 0 || g.tokenOf.size > 0 || g.programCount !== g.programIds.length) return undefined;
  const { touched } = delta;
  for (const id of touched.credentials ?? [])
    if (old.credentials.has(id) && !next.credentials.has(id)) return undefined;
  const changed: number[] = [];
  const added: Program[] = [];
  for (const id of new Set(touched.programs ?? [])) {
    const before = old.programs.get(id);
    const after = next.programs.get(id);
    if (!after) {
      if (before) return undefined;
      continue;
    }
    const p = g.programIndex.get(id);
    if (p === undefined) added.push(after);
    else if ((before?.requires?.length ?? 0) !== (after.requires?.length ?? 0)) return undefined;
    else changed.push(p);
  }

  // Numbering: new program ids and new credential ids after the others.
  const programIds = g.programIds.slice();
  const newPrograms = new Map<string, number>();
  for (const program of added) {
    newPrograms.set(program.id, programIds.length);
    programIds.push(program.id);
  }
  const credentialIds = g.credentialIds.slice();
  const newCredentials = new Map<string, number>();
  const number = (id: string): number => {
    const c = g.credentialIndex.get(id) ?? newCredentials.get(id);
    if (c !== undefined) return c;
    newCredentials.set(id, credentialIds.length);
    credentialIds.push(id);
    return credentialIds.length - 1;
  };
  for (const id of touched.credentials ?? []) if (next.credentials.has(id)) number(id);
  const edgeKeys = [...new Set(touched.edges ?? [])].map((key) => key.split('|') as [string, string, string]);
  for (const [kind, from, to] of edgeKeys) {
    if (kind === 'STACKS_INTO' && next.stacksFrom.get(from)?.some((e) => e.to === to)) {
      number(from);
      number(to);
    } else if (kind === 'ARTICULATES_TO' && next.articulatesFrom.has(from)) number(from);
    else if (kind === 'QUALIFIES_FOR' && next.qualifiesFor.has(from)) number(from);
  }
  for (const p of changed) {
    const program = next.programs.get(programIds[p] as string) as Program;
    for (const id of program.awards) number(id);
    for (const group of program.requires ?? []) for (const id of group) number(id);
  }
  for (const program of added) {
    for (const id of program.awards) number(id);
    for (const group of program.requires ?? []) for (const id of group) number(id);
  }
  const n = programIds.length;
  const nc = credentialIds.length;
  const credentialOf = (id: string) => g.credentialIndex.get(id) ?? (newCredentials.get(id) as number);

  const grow = <A extends Float64Array | Int32Array | Uint8Array>(array: A, size: number, fill = 0): A => {
    if (array.length === size) return array.slice() as A;
    const out = new (array.constructor as new (size: number) => A)(size);
    out.set(array);
    if (fill !== 0) out.fill(fill, array.length);
    return out;
  };
  const months = grow(g.months, n);
  const cost = grow(g.cost, n);
  const credits = grow(g.credits, n);
  const groupOffset = grow(g.groupOffset, n);
  const groupCount = grow(g.groupCount, n);
  const regionless = grow(g.regionless, n);
  const awards = g.awards.slice();
  const requires = g.requires.slice();
  const programs = g.programs.slice();
  const perCredential = <T>(lists: T[][]) => {
    const out = lists.slice();
    while (out.length < nc) out.push([]);
    return out;
  };
  const awardedBy = perCredential(g.awardedBy);
  const inGroupProgram = perCredential(g.inGroupProgram);
  const inGroupIndex = perCredential(g.inGroupIndex);
  const qualifiesFor = perCredential(g.qualifiesFor);
  // Copy-on-write: a shared list is copied once, on its first edit.
  const copied = new Set<unknown[]>();
  const own = <T>(lists: T[][], i: number): T[] => {
    const list = lists[i] as T[];
    if (copied.has(list)) return list;
    const copy = [...list];
    copied.add(copy);
    lists[i] = copy;
    return copy;
  };
  let regionlessList = g.regionlessList;
  const listing = new Map<string, number[] | undefined>();
  const listingOf = (regionId: string): number[] => {
    let list = listing.get(regionId);
    if (!list) {
      list = [...(g.programsListing.get(regionId) ?? [])];
      listing.set(regionId, list);
    }
    return list;
  };
  let openPrograms = g.openPrograms;
  let groups = g.groupTotal;
  const awardsLost: number[] = [];

  for (const p of changed) {
    // Take the program's old lists out.
    for (const c of g.awards[p] ?? []) {
      const list = own(awardedBy, c);
      list.splice(list.indexOf(p), 1);
      awardsLost.push(c);
    }
    for (const group of g.requires[p] ?? []) {
      for (const c of group) {
        const ps = own(inGroupProgram, c);
        const gs = own(inGroupIndex, c);
        for (let i = ps.length - 1; i >= 0; i--)
          if (ps[i] === p) {
            ps.splice(i, 1);
            gs.splice(i, 1);
          }
      }
    }
    if (g.regionless[p]) regionlessList = regionlessList.filter((x) => x !== p);
    for (const regionId of new Set((g.programs[p] as Program).regionIds ?? [])) {
      const list = listingOf(regionId);
      for (let i = list.length - 1; i >= 0; i--) if (list[i] === p) list.splice(i, 1);
    }
  }
  if (regionlessList === g.regionlessList && added.some((program) => (program.regionIds ?? []).length === 0))
    regionlessList = regionlessList.slice();
  if (added.length > 0) openPrograms = openPrograms.slice();
  const place = (p: number, program: Program, appended: boolean) => {
    programs[p] = program;
    const regionIds = program.regionIds ?? [];
    regionless[p] = regionIds.length === 0 ? 1 : 0;
    if (regionIds.length === 0) insertSorted(regionlessList, p);
    for (const regionId of regionIds) insertSorted(listingOf(regionId), p);
    months[p] = program.months;
    cost[p] = program.cost ?? 0;
    credits[p] = program.credits ?? -1;
    awards[p] = once(program.awards.map(credentialOf));
    for (const c of awards[p] as number[]) insertSorted(own(awardedBy, c), p);
    const groupsOf = (program.requires ?? []).map((group) => once(group.map(credentialOf)));
    requires[p] = groupsOf;
    if (appended) {
      groupOffset[p] = groups;
      groupCount[p] = groupsOf.length;
      groups += groupsOf.length;
      if (groupsOf.length === 0) openPrograms.push(p);
    }
    groupsOf.forEach((group, k) => {
      for (const c of group) {
        const ps = own(inGroupProgram, c);
        const gs = own(inGroupIndex, c);
        // Pairs by program, then group: after every pair that comes before (p, k).
        let at = ps.length;
        while (at > 0 && ((ps[at - 1] as number) > p || (ps[at - 1] === p && (gs[at - 1] as number) > k))) at -= 1;
        ps.splice(at, 0, p);
        gs.splice(at, 0, k);
      }
    });
  };
  for (const p of changed) place(p, next.programs.get(programIds[p] as string) as Program, false);
  for (const program of added) place(newPrograms.get(program.id) as number, program, true);

  // Credit edges: the edges into each credential a touched STACKS_INTO edge ends at, and the
  // programs whose credit that changes (the awarders of its end, an articulation's program).
  const credit = new Set<number>([...changed, ...newPrograms.values()]);
  const stacksChanges = new Map<number, StackInto[] | undefined>();
  const qualifiesChanges = new Map<string, number[] | undefined>();
  const qualifying = new Set<number>();
  for (const [kind, from, to] of edgeKeys) {
    if (kind === 'STACKS_INTO') {
      const c = g.credentialIndex.get(to) ?? newCredentials.get(to);
      if (c === undefined) continue; // neither numbered before nor now: the edge is gone and named nothing
      const f = g.credentialIndex.get(from) ?? newCredentials.get(from);
      // A changed edge goes last in its credential's list (a build lists them in stacksFrom order):
      // the list is summed, so its order does not change an answer.
      const list = (stacksChanges.get(c) ?? g.stacksInto.get(c) ?? []).filter((e) => e.from !== f);
      const edge = next.stacksFrom.get(from)?.find((e) => e.to === to);
      if (edge) list.push({ from: credentialOf(from), credits: edge.creditsApplied });
      stacksChanges.set(c, list.length > 0 ? list : undefined);
      for (const p of awardedBy[c] ?? []) credit.add(p);
    } else if (kind === 'ARTICULATES_TO') {
      const p = g.programIndex.get(to) ?? newPrograms.get(to);
      if (p !== undefined) credit.add(p);
    } else if (kind === 'QUALIFIES_FOR') {
      const c = g.credentialIndex.get(from) ?? newCredentials.get(from);
      if (c !== undefined) {
        qualifiesFor[c] = [...new Set(next.qualifiesFor.get(from) ?? [])];
        qualifying.add(c);
      }
      const by = next.qualifiedBy.get(to);
      qualifiesChanges.set(to, by && [...new Set(by.map(credentialOf))]);
    }
  }
  let wageRegions = g.wageRegions;
  const wageKeys = touched.occupationWages ?? [];
  if (wageKeys.length > 0) {
    const gone = wageKeys.some((key) => {
      const [o, r] = key.split('|') as [string, string];
      return !next.wages.get(o)?.has(r);
    });
    wageRegions = gone
      ? new Set([...next.wages.values()].flatMap((rows) => [...rows.keys()]))
      : new Set([...g.wageRegions, ...wageKeys.map((key) => key.split('|')[1] as string)]);
  }

  const programIndex = LayeredMap.with(g.programIndex, newPrograms);
  const credentialIndex = LayeredMap.with(g.credentialIndex, newCredentials);
  const grown: RouteGraph = {
    ...g,
    index: next,
    programs,
    programCount: n,
    credentialCount: nc,
    programIds,
    programIndex,
    credentialIds,
    credentialIndex,
    months,
    cost,
    credits,
    awards,
    requires,
    groupOffset,
    groupCount,
    groupTotal: groups,
    creditFrom: perProgram(g.creditFrom, n),
    creditAmount: perProgram(g.creditAmount, n),
    inputs: perProgram(g.inputs, n),
    minShare: grow(g.minShare, n),
    stacksInto: LayeredMap.with(g.stacksInto, stacksChanges),
    openPrograms,
    awardMonths: grow(g.awardMonths, nc, Number.POSITIVE_INFINITY),
    awardCost: grow(g.awardCost, nc, Number.POSITIVE_INFINITY),
    regionless,
    regionlessList,
    wageRegions,
    programsListing: LayeredMap.with(
      g.programsListing,
      new Map([...listing].map(([r, list]) => [r, list && list.length > 0 ? list : undefined])),
    ),
    awardedBy,
    inGroupProgram,
    inGroupIndex,
    qualifiesFor,
    qualifiedBy: LayeredMap.with(g.qualifiedBy, qualifiesChanges),
  };
  const made = withCreditOf(grown, next, credit, [...awardsLost, ...newCredentials.values()], true);
  linkTables(g, made, { changed: new Set(changed), credit, qualifies: qualifying, wages: wageKeys.length > 0 });
  return made;
}

/**
 * What the tables' updates read of the graph they are made from: not the graph itself, which
 * holds its index (and every view of that) alive; these arrays are mostly shared with the next one.
 */
export type RouteGraphBefore = Pick<
  RouteGraph,
  | 'programCount'
  | 'programIds'
  | 'credentialIds'
  | 'programs'
  | 'requires'
  | 'regionless'
  | 'groupCount'
  | 'openByMonths'
  | 'openByCost'
>;

/**
 * What a route graph made by routeGraphWithDelta changed from `from`, the graph its per-graph
 * tables (`tables`) can be made from: programs numbered from `from.programCount` on and
 * credentials from `from.credentialIds.length` on are added; of `from`'s own programs and
 * credentials, only those named here may differ (every other list, array entry and record is the
 * same). Over several writes with no table made in between, the changes add up to one from the
 * last graph that had tables (so the first query after any number of writes still follows them).
 */
export interface RouteGraphDelta {
  readonly from: RouteGraphBefore;
  /** the tables made of `from` (made on it later too: the graph's own map) */
  readonly tables: ReadonlyMap<RouteTable<unknown>, unknown>;
  /** programs whose record changed (awards, groups, regions, months, cost, credits, wages…) */
  readonly changed: ReadonlySet<number>;
  /** programs whose credit lists, inputs and minShare were recomputed (changed ones among them) */
  readonly credit: ReadonlySet<number>;
  /** credentials whose `qualifiesFor` changed */
  readonly qualifies: ReadonlySet<number>;
  /** wage rows changed: the medians by wage chain are stale */
  readonly wages: boolean;
}

/** A graph made by routeGraphWithDelta → what it changed from the graph its tables are made from. */
const deltas = new WeakMap<RouteGraph, RouteGraphDelta>();
/** Per route graph, the tables made of it (routeTable). */
const tables = new WeakMap<RouteGraph, Map<RouteTable<unknown>, unknown>>();

/**
 * A table the route search keeps per route graph, built on first use: `build` makes it from the
 * graph; `update`, when the graph was made by routeGraphWithDelta from one that has the table,
 * makes it from that one's in time proportional to the delta (plus flat typed-array copies), or
 * returns undefined for a delta it does not follow (then it is built in full).
 */
export interface RouteTable<T> {
  build(g: RouteGraph): T;
  update?(previous: T, g: RouteGraph, delta: RouteGraphDelta): T | undefined;
}

/** The table of `g`, made on first use (from the graph `g` was made from when it can). */
export function routeTable<T>(g: RouteGraph, table: RouteTable<T>): T {
  const made = tables.get(g);
  if (made?.has(table as RouteTable<unknown>)) return made.get(table as RouteTable<unknown>) as T;
  const delta = deltas.get(g);
  let value: T | undefined;
  if (delta && table.update && delta.tables.has(table as RouteTable<unknown>))
    value = table.update(delta.tables.get(table as RouteTable<unknown>) as T, g, delta);
  value ??= table.build(g);
  // Looked up again: making this table may have made others (the program rows read the final tables).
  let kept = tables.get(g);
  if (!kept) {
    kept = new Map();
    tables.set(g, kept);
  }
  kept.set(table as RouteTable<unknown>, value);
  // Once `g` has every table `from` had, the link (which holds `from` alive) has served.
  if (delta && [...delta.tables.keys()].every((t) => kept.has(t))) deltas.delete(g);
  return value;
}

/** What `g` was made from by routeGraphWithDelta, while its tables may still be made from that graph's (for the tests). */
export function routeGraphDeltaOf(g: RouteGraph): RouteGraphDelta | undefined {
  return deltas.get(g);
}

/** The table of `g` if it is made, without making it. */
export function keptTable<T>(g: RouteGraph, table: RouteTable<T>): T | undefined {
  return tables.get(g)?.get(table as RouteTable<unknown>) as T | undefined;
}

/** Records how `next` was made from `from`, for its tables (and drops `from`'s own link: one step back at most). */
function linkTables(from: RouteGraph, next: RouteGraph, change: Omit<RouteGraphDelta, 'from' | 'tables'>): void {
  const before = deltas.get(from);
  deltas.delete(from);
  const made = tables.get(from);
  if (made && made.size > 0) {
    const { programCount, programIds, credentialIds, programs, requires, regionless, groupCount } = from;
    const kept: RouteGraphBefore = {
      programCount,
      programIds,
      credentialIds,
      programs,
      requires,
      regionless,
      groupCount,
      openByMonths: from.openByMonths,
      openByCost: from.openByCost,
    };
    deltas.set(next, { from: kept, tables: made, ...change });
    return;
  }
  if (!before) return;
  // `from` has no table: the changes since the graph before it, added up.
  const base = before.from;
  const own = (set: ReadonlySet<number>, size: number, into: Set<number>) => {
    for (const x of set) if (x < size) into.add(x);
    return into;
  };
  deltas.set(next, {
    from: base,
    tables: before.tables,
    changed: own(change.changed, base.programCount, new Set(before.changed)),
    credit: own(change.credit, base.programCount, new Set(before.credit)),
    qualifies: own(change.qualifies, base.credentialIds.length, new Set(before.qualifies)),
    wages: before.wages || change.wages,
  });
}

/** Per-program lists grown to `n` (the new programs' are filled by withCreditOf). */
function perProgram<T>(lists: T[][], n: number): T[][] {
  const out = lists.slice();
  while (out.length < n) out.push([]);
  return out;
}

/**
 * The requirement groups listing a credential required all over the country (a diploma), split
 * by where their programs are available: `''` for the regionless ones (and work steps), else the
 * region a program lists. Each part keeps the (program, group) pairs of `inGroupProgram` /
 * `inGroupIndex` in their order, interleaved. A query then walks only the parts of its related
 * regions instead of the whole nationwide list (most of which it is not available in), and a
 * merge of those parts by (program, group) gives back the available pairs in the list's order.
 * Only credentials listed at least `long` times are split (fewer: walking the whole list costs
 * less than the merge).
 */
export interface InGroupSplit {
  readonly parts: ReadonlyMap<number, ReadonlyMap<string, Int32Array>>;
  /** every credential's whole list too, flat: its (program, group) pairs at pairs[2 * start[c] ..  2 * start[c + 1]) */
  readonly start: Int32Array;
  readonly pairs: Int32Array;
}

const inGroupSplits = new WeakMap<
  readonly number[][],
  {
    inGroupIndex: readonly number[][];
    programsListing: ReadonlyMap<string, number[]>;
    regionless: Uint8Array;
    long: number;
    split: InGroupSplit;
  }
>();

/** The split as a per-graph table, one per `long` (the tests change it), so that a write's graph makes it from the last one's. */
const inGroupTables = new Map<number, RouteTable<InGroupSplit>>();
export function inGroupTable(long: number): RouteTable<InGroupSplit> {
  let table = inGroupTables.get(long);
  if (!table) {
    table = {
      build: (g) => buildInGroupSplit(g, long),
      update: (previous, g, delta) => inGroupSplitWithDelta(previous, g, delta, long),
    };
    inGroupTables.set(long, table);
  }
  return table;
}

/** The requirement-group lists of `g`, flat, and the long ones split: built on first use and kept per graph. */
export function inGroupSplitOf(g: RouteGraph, long: number): InGroupSplit {
  // Keyed by the lists themselves (a what-if graph shares them), checked against the rest they are made of.
  const kept = inGroupSplits.get(g.inGroupProgram);
  if (
    kept &&
    kept.inGroupIndex === g.inGroupIndex &&
    kept.programsListing === g.programsListing &&
    kept.regionless === g.regionless &&
    kept.long === long
  )
    return kept.split;
  const made = routeTable(g, inGroupTable(long));
  inGroupSplits.set(g.inGroupProgram, {
    inGroupIndex: g.inGroupIndex,
    programsListing: g.programsListing,
    regionless: g.regionless,
    long,
    split: made,
  });
  return made;
}

/** Where program p of `g` is available, as the split's keys: `''` (regionless, a work step), else each region it lists once. */
function splitKeysOf(g: RouteGraphBefore, p: number): string[] {
  if (p >= g.programCount || g.regionless[p] !== 0) return [''];
  // The regions whose listing holds p, each once: those its record lists (programsListing is made of them).
  return [...new Set((g.programs[p] as Program).regionIds ?? [])];
}

function buildInGroupSplit(g: RouteGraph, long: number): InGroupSplit {
  const split: number[] = [];
  g.inGroupProgram.forEach((programs, c) => {
    if (programs.length >= long) split.push(c);
  });
  const parts = new Map<number, Map<string, Int32Array>>();
  if (split.length > 0) {
    const listingsOf: (string[] | undefined)[] = new Array(g.programIds.length).fill(undefined);
    for (const [regionId, listing] of g.programsListing) {
      for (const p of listing) {
        const of = listingsOf[p] ?? [];
        listingsOf[p] = of;
        if (!of.includes(regionId)) of.push(regionId);
      }
    }
    for (const c of split)
      parts.set(
        c,
        splitOne(g, c, (p) => listingsOf[p] ?? []),
      );
  }
  const nc = g.inGroupProgram.length;
  const start = new Int32Array(nc + 1);
  let total = 0;
  for (let c = 0; c < nc; c++) {
    start[c] = total;
    total += (g.inGroupProgram[c] as number[]).length;
  }
  start[nc] = total;
  const pairs = new Int32Array(2 * total);
  for (let c = 0; c < nc; c++) writePairs(g, c, pairs, 2 * (start[c] as number));
  return { parts, start, pairs };
}

/** Credential c's (program, group) pairs written into `pairs` from `at`. */
function writePairs(g: RouteGraph, c: number, pairs: Int32Array, at: number): void {
  const programs = g.inGroupProgram[c] as number[];
  const groups = g.inGroupIndex[c] as number[];
  for (let k = 0; k < programs.length; k++) {
    pairs[at++] = programs[k] as number;
    pairs[at++] = groups[k] as number;
  }
}

/** Credential c's list split by where its programs are available (`regionsOf`: the regions a program of the listings lists). */
function splitOne(g: RouteGraph, c: number, regionsOf: (p: number) => readonly string[]): Map<string, Int32Array> {
  const programs = g.inGroupProgram[c] as number[];
  const groups = g.inGroupIndex[c] as number[];
  const lists = new Map<string, number[]>();
  const put = (key: string, p: number, group: number) => {
    let list = lists.get(key);
    if (!list) {
      list = [];
      lists.set(key, list);
    }
    list.push(p, group);
  };
  for (let k = 0; k < programs.length; k++) {
    const p = programs[k] as number;
    const group = groups[k] as number;
    // Available everywhere, as the search's availability test says; else where it is listed.
    if (p >= g.programCount || g.regionless[p] !== 0) put('', p, group);
    for (const regionId of p < g.programCount ? regionsOf(p) : []) put(regionId, p, group);
  }
  return new Map([...lists].map(([key, list]) => [key, Int32Array.from(list)]));
}

/**
 * A per-row CSR table (`start`, `values`: row r's entries from `start[r]`, each `stride` values)
 * made from the old one by a delta: the rows in `redo` (ascending, of the old numbers) and the
 * added rows (from the old row count to `n`) written by `write` at a value offset (`sizeOf` says
 * how many entries), every other row a run of the old table copied (a memory copy), its offsets
 * moved by one pass over the offsets array.
 */
export function csrWithDelta(
  oldStart: Int32Array,
  oldValues: Int32Array,
  n: number,
  redo: readonly number[],
  sizeOf: (p: number) => number,
  write: (p: number, values: Int32Array, at: number) => void,
  stride = 1,
): { start: Int32Array; values: Int32Array } {
  const n0 = oldStart.length - 1;
  let size = oldValues.length / stride;
  for (const p of redo) size += sizeOf(p) - ((oldStart[p + 1] as number) - (oldStart[p] as number));
  for (let p = n0; p < n; p++) size += sizeOf(p);
  const start = new Int32Array(n + 1);
  const values = new Int32Array(stride * size);
  let next = 0;
  let at = 0;
  const copyTo = (end: number) => {
    if (next < end) {
      const a = oldStart[next] as number;
      const b = oldStart[end] as number;
      values.set(oldValues.subarray(stride * a, stride * b), stride * at);
      const shift = at - a;
      for (let p = next; p < end; p++) start[p] = (oldStart[p] as number) + shift;
      at += b - a;
    }
    next = end;
  };
  const place = (p: number) => {
    start[p] = at;
    write(p, values, stride * at);
    at += sizeOf(p);
  };
  for (const p of redo) {
    copyTo(p);
    place(p);
    next = p + 1;
  }
  copyTo(n0);
  for (let p = n0; p < n; p++) place(p);
  start[n] = at;
  return { start, values };
}

/** The programs a delta added or changed (from's numbers then the added ones), ascending. */
function movedPrograms(g: RouteGraph, delta: RouteGraphDelta): number[] {
  const n0 = delta.from.programCount;
  const moved = [...delta.changed].filter((p) => p < n0).sort((a, b) => a - b);
  for (let p = n0; p < g.programCount; p++) moved.push(p);
  return moved;
}

/**
 * The split of `g` made from `previous`, that of `delta.from`: only the lists of the credentials
 * in the groups of a changed or added program (before and after) are written anew; the flat
 * lists of the others are copied as runs (a memory copy), their offsets moved by one pass over
 * the offsets array; of a long list only the parts of the regions those programs list (before
 * and after, and `''`) are made again, each from its old part without them merged with theirs.
 * A list that grows long is split in full (once); one that falls short is no longer split.
 */
function inGroupSplitWithDelta(
  previous: InGroupSplit,
  g: RouteGraph,
  delta: RouteGraphDelta,
  long: number,
): InGroupSplit | undefined {
  const { from } = delta;
  if (g.programCount !== g.programIds.length || from.programCount !== from.programIds.length) return undefined;
  const moved = movedPrograms(g, delta);
  const movedSet = new Set(moved);
  const touched = new Set<number>();
  for (const p of moved) {
    for (const group of p < from.programCount ? (from.requires[p] ?? []) : []) for (const c of group) touched.add(c);
    for (const group of g.requires[p] ?? []) for (const c of group) touched.add(c);
  }
  const order = [...touched].sort((a, b) => a - b);
  const nc0 = previous.start.length - 1;
  // The touched credentials' (program, group) pairs written anew, the others' copied.
  const { start, values: pairs } = csrWithDelta(
    previous.start,
    previous.pairs,
    g.inGroupProgram.length,
    order.filter((c) => c < nc0),
    (c) => (g.inGroupProgram[c] as number[]).length,
    (c, values, at) => writePairs(g, c, values, at),
    2,
  );

  const parts = new Map(previous.parts);
  for (const c of order) {
    if ((g.inGroupProgram[c] as number[]).length < long) {
      parts.delete(c);
      continue;
    }
    const old = previous.parts.get(c);
    if (!old) {
      parts.set(
        c,
        splitOne(g, c, (p) => splitKeysOf(g, p).filter((key) => key !== '')),
      );
      continue;
    }
    // The moved programs' pairs by key, in (program, group) order; the keys they were or are in.
    const added = new Map<string, number[]>();
    const keys = new Set<string>();
    for (const p of moved) {
      if (p < from.programCount) for (const key of splitKeysOf(from, p)) keys.add(key);
      (g.requires[p] ?? []).forEach((group, k) => {
        if (!group.includes(c)) return;
        for (const key of splitKeysOf(g, p)) {
          keys.add(key);
          let list = added.get(key);
          if (!list) {
            list = [];
            added.set(key, list);
          }
          list.push(p, k);
        }
      });
    }
    const updated = new Map(old);
    for (const key of keys) {
      const before = old.get(key);
      const put = added.get(key) ?? [];
      if (!before && put.length === 0) continue;
      const out = new Int32Array((before?.length ?? 0) + put.length);
      let o = 0;
      let j = 0;
      const take = () => {
        out[o++] = put[j] as number;
        out[o++] = put[j + 1] as number;
        j += 2;
      };
      for (let i = 0; before && i < before.length; i += 2) {
        const p = before[i] as number;
        if (movedSet.has(p)) continue;
        const k = before[i + 1] as number;
        while (j < put.length && ((put[j] as number) < p || (put[j] === p && (put[j + 1] as number) < k))) take();
        out[o++] = p;
        out[o++] = k;
      }
      while (j < put.length) take();
      if (o === 0) updated.delete(key);
      else updated.set(key, o === out.length ? out : out.slice(0, o));
    }
    parts.set(c, updated);
  }
  return { parts, start, pairs };
}

/**
 * The open programs (openByMonths / openByCost) by where they are available, as positions in
 * those lists: `''` for the regionless ones, else the region a program lists. A query merges
 * the parts of its related regions back into list order instead of walking every open program
 * in the country (an adult-education course in each county, say) and skipping the unavailable.
 */
export interface OpenSplit {
  readonly months: ReadonlyMap<string, Int32Array>;
  readonly cost: ReadonlyMap<string, Int32Array>;
}

const openSplits = new WeakMap<
  Int32Array,
  { openByCost: Int32Array; programsListing: ReadonlyMap<string, number[]>; regionless: Uint8Array; split: OpenSplit }
>();

export const OPEN_SPLIT: RouteTable<OpenSplit> = { build: buildOpenSplit, update: openSplitWithDelta };

/** The split of the open programs of `g` by region, built on first use and kept per graph. */
export function openSplitOf(g: RouteGraph): OpenSplit {
  const kept = openSplits.get(g.openByMonths);
  if (
    kept &&
    kept.openByCost === g.openByCost &&
    kept.programsListing === g.programsListing &&
    kept.regionless === g.regionless
  )
    return kept.split;
  const made = routeTable(g, OPEN_SPLIT);
  openSplits.set(g.openByMonths, {
    openByCost: g.openByCost,
    programsListing: g.programsListing,
    regionless: g.regionless,
    split: made,
  });
  return made;
}

function buildOpenSplit(g: RouteGraph): OpenSplit {
  const listingsOf = new Map<number, string[]>();
  const open = new Set(g.openByMonths);
  for (const [regionId, listing] of g.programsListing) {
    for (const p of listing) {
      if (!open.has(p)) continue;
      const of = listingsOf.get(p) ?? [];
      listingsOf.set(p, of);
      if (!of.includes(regionId)) of.push(regionId);
    }
  }
  const split = (order: Int32Array): Map<string, Int32Array> => {
    const lists = new Map<string, number[]>();
    const put = (key: string, at: number) => {
      let list = lists.get(key);
      if (!list) {
        list = [];
        lists.set(key, list);
      }
      list.push(at);
    };
    order.forEach((p, at) => {
      // Available everywhere, as the search's availability test says; else where it is listed.
      if (p >= g.programCount || g.regionless[p] !== 0) put('', at);
      for (const regionId of p < g.programCount ? (listingsOf.get(p) ?? []) : []) put(regionId, at);
    });
    return new Map([...lists].map(([key, list]) => [key, Int32Array.from(list)]));
  };
  return { months: split(g.openByMonths), cost: split(g.openByCost) };
}

/**
 * The open split of `g` made from `previous`, that of `delta.from`. withCreditOf takes the
 * programs whose credit it recomputed (the changed ones among them) out of the open orders and
 * puts them back at their place, with the added ones: every other open program keeps its order,
 * so one pass over the old and new order maps each old position to its new one, every part is
 * mapped through it (flat typed arrays), and the moved programs' new positions are merged into
 * the parts of the regions they list.
 */
function openSplitWithDelta(previous: OpenSplit, g: RouteGraph, delta: RouteGraphDelta): OpenSplit | undefined {
  const { from } = delta;
  if (g.programCount !== g.programIds.length || from.programCount !== from.programIds.length) return undefined;
  const moved = new Set<number>(delta.credit);
  for (const p of delta.changed) moved.add(p);
  for (let p = from.programCount; p < g.programCount; p++) moved.add(p);
  const remap = (
    before: Int32Array,
    after: Int32Array,
    parts: ReadonlyMap<string, Int32Array>,
  ): ReadonlyMap<string, Int32Array> | undefined => {
    if (before === after && ![...moved].some((p) => p < from.programCount && from.groupCount[p] === 0)) return parts;
    const to = new Int32Array(before.length);
    let j = 0;
    for (let i = 0; i < before.length; i++) {
      const p = before[i] as number;
      if (moved.has(p)) {
        to[i] = -1;
        continue;
      }
      while (moved.has(after[j] as number)) j++;
      if (after[j] !== p) return undefined; // never: withCreditOf keeps the rest in order (if not, build in full)
      to[i] = j++;
    }
    // The moved programs' new positions, by key (ascending).
    const put = new Map<string, number[]>();
    after.forEach((p, at) => {
      if (!moved.has(p)) return;
      for (const key of splitKeysOf(g, p)) {
        let list = put.get(key);
        if (!list) {
          list = [];
          put.set(key, list);
        }
        list.push(at);
      }
    });
    const out = new Map<string, Int32Array>();
    const keys = new Set([...parts.keys(), ...put.keys()]);
    for (const key of keys) {
      const part = parts.get(key);
      const extra = put.get(key) ?? [];
      const made = new Int32Array((part?.length ?? 0) + extra.length);
      let o = 0;
      let e = 0;
      for (let i = 0; part && i < part.length; i++) {
        const at = to[part[i] as number] as number;
        if (at < 0) continue;
        while (e < extra.length && (extra[e] as number) < at) made[o++] = extra[e++] as number;
        made[o++] = at;
      }
      while (e < extra.length) made[o++] = extra[e++] as number;
      if (o > 0) out.set(key, o === made.length ? made : made.slice(0, o));
    }
    return out;
  };
  const months = remap(from.openByMonths, g.openByMonths, previous.months);
  const cost = remap(from.openByCost, g.openByCost, previous.cost);
  return months && cost ? { months, cost } : undefined;
}
