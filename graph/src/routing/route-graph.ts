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
  /** Scratch marks over programs for one query at a time (findRoutes is synchronous), with the last stamp used. */
  readonly programMark: Int32Array;
  stamp: number;
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

/** The values once each, in first-seen order (the lists here are short: a Set would cost more). */
function once(values: number[]): number[] {
  const out: number[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
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

  /** A float array over programs or credentials filled with `value`, named by its use. */
  floats(name: string, over: 'program' | 'credential', value: number): Float64Array {
    let array = this.f64.get(name);
    if (!array) {
      array = new Float64Array(this.sizeOf(over));
      this.f64.set(name, array);
    }
    return array.fill(value);
  }

  private readonly i32 = new Map<string, Int32Array>();

  /** A zeroed integer array over programs, named by its use. */
  ints(name: string): Int32Array {
    let array = this.i32.get(name);
    if (!array) {
      array = new Int32Array(this.programs);
      this.i32.set(name, array);
    } else array.fill(0);
    return array;
  }

  /** A copy of `source` (an integer per program) in a reused array, named by its use. */
  copyOf(name: string, source: Int32Array): Int32Array {
    let array = this.i32.get(name);
    if (!array) {
      array = new Int32Array(source.length);
      this.i32.set(name, array);
    }
    array.set(source);
    return array;
  }
}

/** Warmed with every snapshot, so the first route query does not pay for it. */
const ROUTE_GRAPH = defineView('route-graph', (index: GraphIndex) => buildRouteGraph(index, false), { warm: true });
/**
 * The route graph with work steps (queries with `advancement`), kept apart from the plain one so
 * that queries without advancement pay nothing for work steps; built on first use, not warmed.
 */
const WORK_ROUTE_GRAPH = defineView('work-route-graph', (index: GraphIndex) =>
  // Without an edge that is a work step the work graph would be a copy of the plain one.
  workStepsOf(index).length > 0 ? buildRouteGraph(index, true) : routeGraphOf(index),
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
    programMark: new Int32Array(n),
    stamp: 0,
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
  const n = base.months.length;
  const nc = base.credentialIds.length;
  const credentialOf = (id: string): number => {
    const c = base.credentialIndex.get(id);
    if (c === undefined) throw new Error(`routeGraphWithCredit: "${id}" is not numbered`);
    return c;
  };
  const stacksInto = new Map<number, { from: number; credits: number }[]>();
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
  const creditFrom = base.creditFrom.slice();
  const creditAmount = base.creditAmount.slice();
  const inputs = base.inputs.slice();
  const minShare = base.minShare.slice();
  const touched = new Set<number>();
  for (const p of programs) {
    if (p >= base.programCount) continue;
    const program = base.programs[p] as Program;
    const from: number[] = [];
    const amount: number[] = [];
    for (const c of base.awards[p] ?? []) {
      for (const edge of stacksInto.get(c) ?? []) {
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
    for (const group of base.requires[p] ?? []) for (const c of group) if (!needed.includes(c)) needed.push(c);
    for (const c of from) if (!needed.includes(c)) needed.push(c);
    inputs[p] = needed;
    const own = base.credits[p] as number;
    const most = amount.reduce((sum, x) => sum + x, 0);
    minShare[p] = own > 0 ? 1 - Math.min(most, own) / own : 1;
    for (const c of base.awards[p] ?? []) touched.add(c);
  }
  const cheapest = (source: Float64Array, values: Float64Array) => {
    const out = source.slice();
    for (const c of touched) {
      let least = Number.POSITIVE_INFINITY;
      for (const p of base.awardedBy[c] ?? []) {
        const x = (values[p] as number) * (minShare[p] as number);
        if (x < least) least = x;
      }
      out[c] = least;
    }
    return out;
  };
  const open = base.openPrograms.some((p) => programs.has(p));
  const byLeast = (values: Float64Array) =>
    Int32Array.from(base.openPrograms).sort(
      (a, b) =>
        (values[a] as number) * (minShare[a] as number) - (values[b] as number) * (minShare[b] as number) || a - b,
    );
  return {
    ...base,
    index,
    creditFrom,
    creditAmount,
    inputs,
    minShare,
    awardMonths: cheapest(base.awardMonths, base.months),
    awardCost: cheapest(base.awardCost, base.cost),
    openByMonths: open ? byLeast(base.months) : base.openByMonths,
    openByCost: open ? byLeast(base.cost) : base.openByCost,
    rankedOccupations: new Map(),
    programMark: new Int32Array(n),
    stamp: 0,
    scratch: new RouteScratch(n, nc, base.groupTotal),
  };
}
