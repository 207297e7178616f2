/**
 * The exact k-best route engine of CONTRACT.md section 2: pure TypeScript over a GraphIndex, used
 * by GraphQL, the CLI and the benchmarks alike.
 *
 * WHAT IS SEARCHED. A route is a sequence of distinct available programs, each startable when it
 * begins, ending at the first step after which the held set H qualifies for a target occupation,
 * in which every step contributes. Call a program FINAL when it awards a credential that qualifies
 * for a target occupation. H never qualifies before the last step, so a route is: non-final
 * steps, then exactly one final step. Removing a step i can only change what later steps see
 * through the credentials LOST(i) that i alone brought into H (not in the start set, awarded by
 * no other earlier step). So step i contributes exactly when some later step j is not entered by
 * the entry point and has a requirement group whose held members all lie in LOST(i), or is granted
 * fewer (capped) credits without LOST(i). (The destination clause adds nothing for i before the
 * last step: the qualifying credential comes from the last step, which still starts.) Whether j
 * settles i depends only on the SET of steps before j, so the future of a partial route depends
 * only on (set of programs taken, set of steps still unsettled = PENDING), and of two orders with
 * the same (set, pending) the one with smaller (primary, secondary) totals dominates: every
 * completion of the other is the same program set in a worse order. A set is reported once, in
 * its best order, so states are merged on that key without losing a reportable route.
 *
 * HOW. Per query, linear passes first:
 *  1. the target occupations and the credentials qualifying for them;
 *  2. a forward closure from H over the programs left by availability and filters (counting
 *     unsatisfied requirement groups, as in Horn-clause propagation), not propagating through
 *     final programs (nothing follows them): REACHABLE programs, and those startable at once;
 *  3. a backward Dijkstra from the reachable final programs, once per metric (months, cost), over
 *     "contributes to" links (P awards a credential in a requirement group of Q not already met
 *     by H, or one with a credit edge into Q): REM(P) = least cost of P (at the most credit it
 *     could ever get) plus AFTER(P), the least REM of a program P could contribute to (0 for a
 *     final program). Programs with infinite REM can never be on a route and are dropped.
 * Then a best-first (A*) search over partial routes, keyed lexicographically by (primary metric,
 * secondary metric) lower bounds: g (the exact totals so far) plus h = the largest AFTER over the
 * pending steps. h is admissible: a pending step must be settled by a later step Q it links to,
 * and Q starts a chain of distinct later steps, each contributing to the next, that ends at the
 * final step, costing at least REM(Q) >= AFTER(step). The search is partial-expansion A*: the
 * startable candidates of a state are kept sorted by REM (one shared list for programs startable
 * from the start, a small per-state list for those its credentials opened), a child through
 * candidate j costs at least g + REM(j), and a popped state generates only children whose bound
 * is no worse than the next state in the queue before going back in with the next candidate's
 * bound. So a wide graph with thousands of open programs costs only the candidates near the
 * optimum. A child is dropped when it gains no credential, when a pending step can no longer be
 * settled (its lost credentials all re-awarded), when a limit (maxMonths, maxCost) is exceeded by
 * its lower bounds, or when its bound is worse than the k-th best route found. A final candidate
 * completes a route when it settles every pending step.
 *
 * WHY EXACT. Every route is a path of this search (its prefixes are states; merging keeps a state
 * with the same future and no worse totals), the bounds never exceed the totals of any completion,
 * and the search stops only when the best bound left in the queue is lexicographically worse than
 * the k-th best distinct program set found: no unseen route can then beat or tie it (ties on both
 * totals keep the search going, so fewer steps and the id order break them deterministically).
 * Lower bounds and totals are compared as integers of 1e-6 units (bounds rounded slightly down) so
 * that float noise never turns a tie into an order.
 */
import { NotFoundError } from '../errors.ts';
import type { Support } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { type RouteGraph, routeGraphOf } from './route-graph.ts';
import { Heap, PairHeap } from './route-heap.ts';
import {
  type ExitPoint,
  type ParsedRouteInput,
  parseRouteInput,
  type Route,
  type RouteInput,
  type RouteStep,
} from './route-input.ts';

export type { ExitPoint, ParsedRouteInput, Route, RouteInput, RouteStep } from './route-input.ts';
export { parseRouteInput, routeInputSchema } from './route-input.ts';

/** How many programs the first round settles; each later round settles four times as many. */
const FIRST_ROUND = 1024;
/** Totals within this of a limit still meet it. */
const LIMIT_SLACK = 1e-7;
/** Metric values are compared as integers of this many units per month or dollar. */
const KEY_SCALE = 1e6;

function exactKey(x: number): number {
  return Math.round(x * KEY_SCALE);
}
/** A key for a lower bound: rounded slightly down, so that float noise never puts it above the total it bounds. */
function boundKey(x: number): number {
  return Math.round(x * KEY_SCALE - 0.01);
}

/** Everything a query derives before searching. */
interface Query {
  g: RouteGraph;
  index: GraphIndex;
  input: ParsedRouteInput;
  regionId: string;
  /** programs available in the region are those regionless or marked with this stamp in g.programMark */
  stamp: number;
  /** any of modality, schedules, languages or requireSupports given */
  filtered: boolean;
  threshold: number | null;
  targets: Set<string>;
  /** credential → qualifies for a target occupation */
  qualifying: Uint8Array;
  qualifyingList: number[];
  /** credential → in the start set H0 */
  h0: Uint8Array;
  h0List: number[];
  /** program → the entry point enters it */
  entered: Uint8Array;
  enteredList: number[];
  regionSupports: Support[];
  wageCache: Map<string, number | null>;
}

type Metric = 'months' | 'cost';

/** Per-query facts about programs, filled on demand. */
interface Field {
  /** program → 0 not yet known, 1 allowed (available in the region and matching the filters), 2 not */
  allowed: Uint8Array;
  /** program → allowed and awards a credential that qualifies for a target occupation */
  final: Uint8Array;
  finals: number[];
  /** program → 0 not yet known, 1 startable with H0 alone (open, entered, or every group met by H0), 2 not */
  start0: Uint8Array;
}

/** A partial route in the search. */
interface SearchNode {
  parent: SearchNode | null;
  /** the last program taken (-1 at the root) */
  prog: number;
  /** programs taken, in order */
  used: number[];
  /** credentials gained so far (not in H0) and by the last step */
  held: number[];
  gained: number[];
  /** steps not yet settled by a later step */
  pending: number[];
  g1: number;
  g2: number;
  h1: number;
  h2: number;
  /** candidates its own credentials made startable, sorted by REM; built when first expanded */
  dyn: number[] | null;
  dynMin2: number[];
  p0: number;
  pd: number;
  dead: boolean;
  k1: number;
  k2: number;
  seq: number;
}

interface Found {
  order: number[];
  setKey: string;
  k1: number;
  k2: number;
  ids: string;
}

function beforeFound(a: Found, b: Found): boolean {
  if (a.k1 !== b.k1) return a.k1 < b.k1;
  if (a.k2 !== b.k2) return a.k2 < b.k2;
  if (a.order.length !== b.order.length) return a.order.length < b.order.length;
  return a.ids < b.ids;
}

/**
 * The k best routes for a participant (CONTRACT.md section 2), best first. Bad input throws a
 * BadInputError naming the argument; an unknown id (or no wage threshold when the default target
 * needs one) a NotFoundError with its path. No route is an empty list.
 */
export function findRoutes(index: GraphIndex, raw: RouteInput): Route[] {
  const input = parseRouteInput(raw);
  const query = prepareQuery(index, input);
  if (query.h0List.some((c) => query.qualifying[c] === 1)) return [buildRoute(query, [], 1)];
  const field = findFinals(query);
  if (field.finals.length === 0) return [];

  // Rounds: settle the primary bound on the programs of least REM only, search the routes made of
  // them (exact for every route of primary total up to the last REM settled), and widen until the
  // k best are certain. Most queries end in the first round, having touched a small part of the graph.
  const time = input.objective === 'TIME';
  const primary = new Backward(query, field, time ? 'months' : 'cost');
  const cap = time ? input.maxMonths : input.maxCost;
  for (let quota = FIRST_ROUND; ; quota *= 4) {
    while (primary.order.length < quota && primary.settleNext()) {}
    const last = primary.rem[primary.order[primary.order.length - 1] as number] as number;
    while (primary.frontier() <= last) primary.settleNext();
    const frontier = primary.frontier();
    const finalRound = frontier === Number.POSITIVE_INFINITY || (cap !== undefined && frontier > cap + LIMIT_SLACK);
    const secondary = new Backward(query, field, time ? 'cost' : 'months', primary.settled);
    secondary.settleAll();
    const result = search(query, field, primary, secondary, finalRound ? Number.POSITIVE_INFINITY : last);
    if (result.done || finalRound) return result.found.map((f, i) => buildRoute(query, f.order, i + 1));
  }
}

function prepareQuery(index: GraphIndex, input: ParsedRouteInput): Query {
  const g = routeGraphOf(index);
  const { regionId } = input;
  if (!index.regions.has(regionId)) throw new NotFoundError('input.regionId', `no region "${regionId}"`);

  const h0 = g.scratch.bytes('h0', 'credential');
  const h0List: number[] = [];
  const hold = (id: string) => {
    const c = g.credentialIndex.get(id);
    if (c !== undefined && h0[c] === 0) {
      h0[c] = 1;
      h0List.push(c);
    }
  };
  (input.heldCredentialIds ?? []).forEach((id, i) => {
    if (!index.credentials.has(id)) throw new NotFoundError(`input.heldCredentialIds[${i}]`, `no credential "${id}"`);
    hold(id);
  });
  const entered = g.scratch.bytes('entered', 'program');
  const enteredList: number[] = [];
  if (input.entryPointId !== undefined) {
    const entryPoint = index.entryPoints.get(input.entryPointId);
    if (!entryPoint) throw new NotFoundError('input.entryPointId', `no entry point "${input.entryPointId}"`);
    for (const id of entryPoint.holds ?? []) hold(id);
    for (const id of entryPoint.enters ?? []) {
      const p = g.programIndex.get(id);
      if (p !== undefined && entered[p] === 0) {
        entered[p] = 1;
        enteredList.push(p);
      }
    }
  }

  // Availability: mark the programs listing the region, an ancestor or a descendant.
  g.stamp = g.stamp === 0x7fffffff ? 1 : g.stamp + 1;
  if (g.stamp === 1) g.programMark.fill(0);
  for (const id of index.relatedRegions(regionId)) {
    for (const p of g.programsListing.get(id) ?? []) g.programMark[p] = g.stamp;
  }
  const chain = index.chain(regionId);

  const wageCache = new Map<string, number | null>();
  const threshold = index.thresholdIn(regionId, input.household)?.annual ?? null;
  const query: Query = {
    g,
    index,
    input,
    regionId,
    stamp: g.stamp,
    filtered:
      input.modality !== undefined ||
      (input.schedules?.length ?? 0) > 0 ||
      (input.languages?.length ?? 0) > 0 ||
      (input.requireSupports === true && (input.needs?.length ?? 0) > 0),
    threshold,
    targets: new Set(),
    qualifying: g.scratch.bytes('qualifying', 'credential'),
    qualifyingList: [],
    h0,
    h0List,
    entered,
    enteredList,
    regionSupports: regionSupportsOf(index, chain),
    wageCache,
  };

  const { occupationId, sectorId } = input.target ?? {};
  if (sectorId !== undefined && !index.sectors.has(sectorId)) {
    throw new NotFoundError('input.target.sectorId', `no sector "${sectorId}"`);
  }
  if (occupationId !== undefined) {
    if (!index.occupations.has(occupationId)) {
      throw new NotFoundError('input.target.occupationId', `no occupation "${occupationId}"`);
    }
    query.targets.add(occupationId);
  } else {
    if (threshold === null) {
      throw new NotFoundError(
        'input.household',
        `no wage threshold for household ${input.household} in region "${regionId}" or any region above it`,
      );
    }
    for (const occupation of index.occupations.values()) {
      if (sectorId !== undefined && !(occupation.sectorIds ?? []).includes(sectorId)) continue;
      const rows = index.wages.get(occupation.id);
      if (!rows) continue;
      for (const id of chain) {
        const row = rows.get(id);
        if (!row) continue;
        if (row.medianAnnual >= threshold) query.targets.add(occupation.id);
        break;
      }
    }
  }
  for (const occupation of query.targets) {
    for (const id of index.qualifiedBy.get(occupation) ?? []) {
      const c = g.credentialIndex.get(id);
      if (c !== undefined && query.qualifying[c] === 0) {
        query.qualifying[c] = 1;
        query.qualifyingList.push(c);
      }
    }
  }
  return query;
}

function regionSupportsOf(index: GraphIndex, chain: string[]): Support[] {
  const out = new Map<string, Support>();
  for (const id of chain) {
    for (const s of index.supportsByRegion.get(id) ?? []) out.set(s.id, s);
  }
  return [...out.values()];
}

/** The occupation's median annual wage in the query's region (nearest up the chain), or null. */
function medianOf(query: Query, occupationId: string): number | null {
  let wage = query.wageCache.get(occupationId);
  if (wage === undefined) {
    wage = query.index.wageIn(occupationId, query.regionId)?.medianAnnual ?? null;
    query.wageCache.set(occupationId, wage);
  }
  return wage;
}

function isFamilySupporting(query: Query, wage: number | null): boolean {
  return wage !== null && query.threshold !== null && wage >= query.threshold;
}

/** Supports at a program in the query's region: those listing it, and those listing the region or one above. */
function supportsAt(query: Query, p: number): Support[] {
  const own = query.index.supportsByProgram.get(query.g.programIds[p] as string) ?? [];
  if (own.length === 0) return query.regionSupports;
  const out = new Map<string, Support>();
  for (const s of own) out.set(s.id, s);
  for (const s of query.regionSupports) out.set(s.id, s);
  return [...out.values()];
}

function missingSupports(query: Query, supports: Support[]): string[] {
  const needs = query.input.needs;
  if (!needs || needs.length === 0) return [];
  return needs.filter((kind) => !supports.some((s) => s.kind === kind));
}

/** Availability in the region, the modality/schedules/languages filters, and requireSupports. */
function isAllowed(query: Query, p: number): boolean {
  const { g } = query;
  if (g.regionless[p] === 0 && g.programMark[p] !== query.stamp) return false;
  if (!query.filtered) return true;
  const program = g.programs[p];
  if (!program) return false;
  const { modality, schedules, languages, requireSupports } = query.input;
  if (modality !== undefined && program.modality !== undefined && program.modality !== modality) return false;
  if (schedules && schedules.length > 0 && program.schedules && program.schedules.length > 0) {
    if (!program.schedules.some((s) => schedules.includes(s))) return false;
  }
  if (languages && languages.length > 0 && program.languages && program.languages.length > 0) {
    const wanted = languages.map((l) => l.toLowerCase());
    if (!program.languages.some((l) => wanted.includes(l.toLowerCase()))) return false;
  }
  if (requireSupports && missingSupports(query, supportsAt(query, p)).length > 0) return false;
  return true;
}

function allowedAt(query: Query, field: Field, p: number): boolean {
  let state = field.allowed[p] as number;
  if (state === 0) {
    state = isAllowed(query, p) ? 1 : 2;
    field.allowed[p] = state;
  }
  return state === 1;
}

function startableAtStart(query: Query, field: Field, p: number): boolean {
  let state = field.start0[p] as number;
  if (state === 0) {
    const { h0 } = query;
    const open =
      query.entered[p] === 1 || (query.g.requires[p] as number[][]).every((group) => group.some((c) => h0[c] === 1));
    state = open ? 1 : 2;
    field.start0[p] = state;
  }
  return state === 1;
}

/** The final programs: allowed, and awarding a credential that qualifies for a target occupation. */
function findFinals(query: Query): Field {
  const { g } = query;
  const field: Field = {
    allowed: g.scratch.bytes('allowed', 'program'),
    final: g.scratch.bytes('final', 'program'),
    finals: [],
    start0: g.scratch.bytes('start0', 'program'),
  };
  for (const c of query.qualifyingList) {
    for (const p of g.awardedBy[c] as number[]) {
      if (field.final[p] === 0 && allowedAt(query, field, p)) {
        field.final[p] = 1;
        field.finals.push(p);
      }
    }
  }
  return field;
}

/**
 * REM and AFTER for one metric: Dijkstra backward from the final programs over "contributes to"
 * links, settled on demand in REM order. With `within`, only the programs it marks are used.
 */
class Backward {
  readonly rem: Float64Array;
  readonly after: Float64Array;
  readonly settled: Uint8Array;
  /** settled programs, in REM order */
  readonly order: number[] = [];
  private readonly heap = new PairHeap();
  private readonly credentialDone: Uint8Array;
  private readonly base: Float64Array;
  private readonly top: [number, number] = [0, 0];

  constructor(
    private readonly query: Query,
    private readonly field: Field,
    metric: Metric,
    private readonly within?: Uint8Array,
  ) {
    const { g } = query;
    const name = `${metric}${within ? '-within' : ''}`;
    this.rem = g.scratch.floats(`rem-${name}`, Number.POSITIVE_INFINITY);
    this.after = g.scratch.floats(`after-${name}`, Number.POSITIVE_INFINITY);
    this.settled = g.scratch.bytes(`settled-${name}`, 'program');
    this.credentialDone = g.scratch.bytes(`done-${name}`, 'credential');
    this.base = metric === 'months' ? g.months : g.cost;
    for (const f of field.finals) {
      if (within && within[f] !== 1) continue;
      const least = this.least(f);
      this.rem[f] = least;
      this.after[f] = 0;
      this.heap.push(least, f);
    }
  }

  /** The least cost of a program, at the most credit it could ever get. */
  private least(p: number): number {
    return (this.base[p] as number) * (this.query.g.minShare[p] as number);
  }

  /** The least REM not settled yet; Infinity when nothing more can be settled. */
  frontier(): number {
    const { heap } = this;
    while (heap.size > 0) {
      const p = heap.topValue();
      const v = heap.topPriority();
      if (this.settled[p] === 1 || v > (this.rem[p] as number)) heap.pop(this.top);
      else return v;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Settles the program with the least REM; false when none is left. */
  settleNext(): boolean {
    if (this.frontier() === Number.POSITIVE_INFINITY) return false;
    this.heap.pop(this.top);
    const v = this.top[0];
    const q = this.top[1];
    this.settled[q] = 1;
    this.order.push(q);
    const { g, h0, entered } = this.query;
    if (entered[q] === 0) {
      for (const group of g.requires[q] as number[][]) {
        let met = false;
        for (const c of group) if (h0[c] === 1) met = true;
        if (met) continue; // H0 meets it: no step can be what starts q through this group
        for (const c of group) this.visit(c, v);
      }
    }
    if ((g.credits[q] as number) > 0) for (const c of g.creditFrom[q] as number[]) this.visit(c, v);
    return true;
  }

  settleAll(): void {
    while (this.settleNext()) {}
  }

  /** A credential some settled program needs or gets credit for: the programs awarding it get an AFTER. */
  private visit(c: number, v: number): void {
    if (this.credentialDone[c] === 1 || this.query.h0[c] === 1) return;
    this.credentialDone[c] = 1; // first visit has the least v: programs settle in REM order
    for (const p of this.query.g.awardedBy[c] as number[]) {
      if (this.field.final[p] === 1) continue; // the route ends at a final program: none is a step before another
      if (this.within ? this.within[p] !== 1 : !allowedAt(this.query, this.field, p)) continue;
      const candidate = this.least(p) + v;
      if (candidate < (this.rem[p] as number)) {
        this.rem[p] = candidate;
        this.after[p] = v;
        this.heap.push(candidate, p);
      }
    }
  }
}

/** Credits granted toward a program by the credentials `has` accepts, capped at the program's credits. */
function grantedBy(g: RouteGraph, p: number, has: (c: number) => boolean): number {
  const credits = g.credits[p] as number;
  if (!(credits > 0)) return 0;
  const from = g.creditFrom[p] as number[];
  const amount = g.creditAmount[p] as number[];
  let sum = 0;
  for (let k = 0; k < from.length; k++) if (has(from[k] as number)) sum += amount[k] as number;
  return Math.min(sum, credits);
}

/** The share of months and cost left after `granted` credits. */
function shareAfter(g: RouteGraph, p: number, granted: number): number {
  const credits = g.credits[p] as number;
  return credits > 0 ? 1 - granted / credits : 1;
}

/**
 * The best-first search over the programs `b1` has settled (REM up to `bound`); returns the best
 * `limit` distinct program sets found, in their best orders, and whether they are certainly the
 * best of all: routes of primary total above `bound` may use programs not settled yet.
 */
function search(
  query: Query,
  field: Field,
  b1: Backward,
  b2: Backward,
  bound: number,
): { found: Found[]; done: boolean } {
  const { g, h0, input } = query;
  const limit = input.limit;
  const time = input.objective === 'TIME';
  const rem1 = b1.rem;
  const rem2 = b2.rem;
  const inRound = b1.settled;
  const boundKey1 = bound === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : exactKey(bound);
  const maxMonths = input.maxMonths;
  const maxCost = input.maxCost;
  const cap1 = time ? maxMonths : maxCost;

  const order = (a: number, b: number) =>
    (rem1[a] as number) - (rem1[b] as number) || (rem2[a] as number) - (rem2[b] as number) || a - b;
  const suffixMin = (list: number[]) => {
    const out = new Array<number>(list.length + 1);
    out[list.length] = Number.POSITIVE_INFINITY;
    for (let i = list.length - 1; i >= 0; i--)
      out[i] = Math.min(out[i + 1] as number, rem2[list[i] as number] as number);
    return out;
  };

  // Candidates startable with H0 alone, shared by every state.
  const start = b1.order.filter((p) => startableAtStart(query, field, p) && Number.isFinite(rem2[p] as number));
  start.sort(order);
  const startMin2 = suffixMin(start);

  const idsOf = (programs: number[]) => programs.map((p) => g.programIds[p]).join('\u0000');
  const found = new Map<string, Found>();
  const best: Found[] = [];
  const kth = () => (best.length >= limit ? (best[limit - 1] as Found) : null);
  const seen = new Map<string, SearchNode>();
  let seq = 0;
  const heap = new Heap<SearchNode>(
    (a, b) => a.k1 < b.k1 || (a.k1 === b.k1 && (a.k2 < b.k2 || (a.k2 === b.k2 && a.seq < b.seq))),
  );

  const record = (node: SearchNode, j: number, m: number, c: number) => {
    if (maxMonths !== undefined && m > maxMonths + LIMIT_SLACK) return;
    if (maxCost !== undefined && c > maxCost + LIMIT_SLACK) return;
    const routeOrder = [...node.used, j];
    const setKey = [...routeOrder].sort((x, y) => x - y).join(',');
    const entry: Found = {
      order: routeOrder,
      setKey,
      k1: exactKey(time ? m : c),
      k2: exactKey(time ? c : m),
      ids: idsOf(routeOrder),
    };
    const old = found.get(setKey);
    if (old && !beforeFound(entry, old)) return;
    found.set(setKey, entry);
    const at = old ? best.indexOf(old) : -1;
    if (at >= 0) best[at] = entry;
    else {
      const last = kth();
      if (last && !beforeFound(entry, last)) return;
      best.push(entry);
    }
    best.sort((x, y) => (beforeFound(x, y) ? -1 : beforeFound(y, x) ? 1 : 0));
    if (best.length > limit) best.length = limit;
  };

  /** The next candidate of a node (advancing past programs already taken), and which list it is in. */
  let fromStart = true;
  const peek = (node: SearchNode): number => {
    const dyn = node.dyn as number[];
    for (;;) {
      const a = node.p0 < start.length ? (start[node.p0] as number) : -1;
      const b = node.pd < dyn.length ? (dyn[node.pd] as number) : -1;
      if (a < 0 && b < 0) return -1;
      fromStart = a >= 0 && (b < 0 || order(a, b) <= 0);
      const j = fromStart ? a : b;
      if (!node.used.includes(j)) return j;
      if (fromStart) node.p0++;
      else node.pd++;
    }
  };
  const advance = (node: SearchNode) => {
    if (fromStart) node.p0++;
    else node.pd++;
  };
  /** The bound of the remaining children: each costs at least g + REM of its candidate, and settles or keeps every pending step. */
  const rekey = (node: SearchNode, next: number) => {
    node.k1 = boundKey(node.g1 + Math.max(node.h1, rem1[next] as number));
    const min2 = Math.min(startMin2[node.p0] as number, node.dynMin2[node.pd] as number);
    node.k2 = boundKey(node.g2 + Math.max(node.h2, min2));
    node.seq = seq++;
  };

  const buildDyn = (node: SearchNode) => {
    const parentDyn = node.parent?.dyn ?? [];
    const has = (c: number) => h0[c] === 1 || node.held.includes(c);
    const fresh = new Set<number>();
    for (const c of node.gained) {
      for (const q of g.requiredBy[c] as number[]) {
        if (inRound[q] === 0 || startableAtStart(query, field, q) || !Number.isFinite(rem2[q] as number)) continue;
        if (fresh.has(q) || node.used.includes(q)) continue;
        if ((g.requires[q] as number[][]).every((group) => group.some(has))) fresh.add(q);
      }
    }
    let dyn = parentDyn;
    if (fresh.size > 0) {
      const add = [...fresh].filter((q) => !parentDyn.includes(q)).sort(order);
      dyn = [];
      let i = 0;
      let k = 0;
      while (i < parentDyn.length || k < add.length) {
        if (k >= add.length || (i < parentDyn.length && order(parentDyn[i] as number, add[k] as number) <= 0)) {
          dyn.push(parentDyn[i++] as number);
        } else dyn.push(add[k++] as number);
      }
    }
    node.dyn = dyn;
    node.dynMin2 = dyn === parentDyn && node.parent ? node.parent.dynMin2 : suffixMin(dyn);
  };

  /** The credentials only step i brought into H among the steps `used`. */
  const lostOf = (i: number, used: number[]) =>
    (g.awards[i] as number[]).filter(
      (c) => h0[c] === 0 && !used.some((k) => k !== i && (g.awards[k] as number[]).includes(c)),
    );

  const generate = (node: SearchNode, j: number) => {
    const has = (c: number) => h0[c] === 1 || node.held.includes(c);
    const awards = g.awards[j] as number[];
    const gained = awards.filter((c) => !has(c));
    if (gained.length === 0) return;
    const granted = grantedBy(g, j, has);
    const share = shareAfter(g, j, granted);
    const stepMonths = (g.months[j] as number) * share;
    const stepCost = (g.cost[j] as number) * share;
    const groups = g.requires[j] as number[][];
    const byEntry = query.entered[j] === 1;

    const pending: number[] = [];
    for (const i of node.pending) {
      const lost = lostOf(i, node.used);
      const without = (c: number) => has(c) && !lost.includes(c);
      const settled = (!byEntry && groups.some((group) => !group.some(without))) || grantedBy(g, j, without) < granted;
      if (settled) continue;
      if (lost.every((c) => awards.includes(c))) return; // nothing left that only i brings: it can never contribute
      pending.push(i);
    }
    const m = (time ? node.g1 : node.g2) + stepMonths;
    const c = (time ? node.g2 : node.g1) + stepCost;
    if (field.final[j] === 1) {
      if (pending.length === 0) record(node, j, m, c);
      return;
    }
    pending.push(j);
    let h1 = 0;
    let h2 = 0;
    for (const i of pending) {
      h1 = Math.max(h1, b1.after[i] as number);
      h2 = Math.max(h2, b2.after[i] as number);
    }
    const hm = time ? h1 : h2;
    const hc = time ? h2 : h1;
    if (maxMonths !== undefined && m + hm > maxMonths + LIMIT_SLACK) return;
    if (maxCost !== undefined && c + hc > maxCost + LIMIT_SLACK) return;
    const g1 = time ? m : c;
    const g2 = time ? c : m;
    const k1 = boundKey(g1 + h1);
    const k2 = boundKey(g2 + h2);
    if (k1 > boundKey1) return; // beyond this round: a later round, with more programs settled, finds it
    const last = kth();
    if (last && (k1 > last.k1 || (k1 === last.k1 && k2 > last.k2))) return;

    const used = [...node.used, j];
    const key = `${[...used].sort((x, y) => x - y).join(',')}|${[...pending].sort((x, y) => x - y).join(',')}`;
    const other = seen.get(key);
    if (other && !other.dead) {
      const o1 = exactKey(other.g1);
      const n1 = exactKey(g1);
      const o2 = exactKey(other.g2);
      const n2 = exactKey(g2);
      if (o1 < n1 || (o1 === n1 && o2 < n2)) return;
      // Equal totals: keep the order whose program ids come first, so that the answer does not depend on search order.
      if (o1 === n1 && o2 === n2 && idsOf(other.used) <= idsOf(used)) return;
      other.dead = true;
    }
    const child: SearchNode = {
      parent: node,
      prog: j,
      used,
      held: [...node.held, ...gained],
      gained,
      pending,
      g1,
      g2,
      h1,
      h2,
      dyn: null,
      dynMin2: [],
      p0: 0,
      pd: 0,
      dead: false,
      k1,
      k2,
      seq: seq++,
    };
    seen.set(key, child);
    heap.push(child);
  };

  const root: SearchNode = {
    parent: null,
    prog: -1,
    used: [],
    held: [],
    gained: [],
    pending: [],
    g1: 0,
    g2: 0,
    h1: 0,
    h2: 0,
    dyn: [],
    dynMin2: [Number.POSITIVE_INFINITY],
    p0: 0,
    pd: 0,
    dead: false,
    k1: 0,
    k2: 0,
    seq: seq++,
  };
  const first = peek(root);
  if (first >= 0) {
    rekey(root, first);
    heap.push(root);
  }

  while (heap.size > 0) {
    const top = heap.peek() as SearchNode;
    if (top.k1 > boundKey1) break; // routes beyond the bound may use programs this round has not settled
    const last = kth();
    if (last && (top.k1 > last.k1 || (top.k1 === last.k1 && top.k2 > last.k2))) return { found: best, done: true };
    heap.pop();
    if (top.dead) continue;
    const node = top;
    if (node.dyn === null) {
      buildDyn(node);
      const next = peek(node);
      if (next < 0) continue;
      const k1 = node.k1;
      const k2 = node.k2;
      rekey(node, next);
      if (node.k1 > k1 || (node.k1 === k1 && node.k2 > k2)) {
        heap.push(node);
        continue;
      }
    }

    // Partial expansion: children no worse than the next queued state, then back in the queue.
    const bound = heap.peek();
    let generated = 0;
    let exhausted = false;
    for (;;) {
      const j = peek(node);
      if (j < 0) {
        exhausted = true;
        break;
      }
      const c1 = boundKey(node.g1 + Math.max(node.h1, rem1[j] as number));
      const c2 = boundKey(node.g2 + Math.max(node.h2, rem2[j] as number));
      const limitNow = kth();
      if (limitNow && c1 > limitNow.k1) {
        exhausted = true; // candidates come in REM order: the rest are worse too
        break;
      }
      if ((cap1 !== undefined && c1 > exactKey(cap1 + LIMIT_SLACK)) || c1 > boundKey1) {
        exhausted = true; // over the primary limit or beyond this round: the rest are too
        break;
      }
      if (limitNow && c1 === limitNow.k1 && c2 > limitNow.k2) {
        advance(node);
        continue;
      }
      if (generated > 0 && (!bound || c1 > bound.k1 || (c1 === bound.k1 && c2 > bound.k2))) break;
      advance(node);
      generate(node, j);
      generated++;
    }
    if (!exhausted) {
      const next = peek(node);
      if (next >= 0) {
        rekey(node, next);
        heap.push(node);
      }
    }
  }
  // Every route of primary total up to the bound has been seen: the k-th best is certain when it is within it.
  const last = kth();
  return { found: best, done: bound === Number.POSITIVE_INFINITY || (last !== null && last.k1 <= boundKey1) };
}

/** A route's report: steps with months and cost after credit, totals, destination and exit points. */
function buildRoute(query: Query, order: number[], rank: number): Route {
  const { g } = query;
  const held = new Set<number>(query.h0List);
  const has = (c: number) => held.has(c);
  const steps: RouteStep[] = [];
  const exitPoints: ExitPoint[] = [];
  let totalMonths = 0;
  let totalCost = 0;
  let totalCredits = 0;
  for (const p of order) {
    const program = g.programs[p];
    if (!program) continue;
    const granted = grantedBy(g, p, has);
    const share = shareAfter(g, p, granted);
    const months = (g.months[p] as number) * share;
    const cost = (g.cost[p] as number) * share;
    const supports = supportsAt(query, p);
    steps.push({
      programId: program.id,
      providerId: program.providerId,
      months: roundTo(months, 4),
      cost: roundTo(cost, 2),
      creditsGranted: roundTo(granted, 4),
      awards: [...program.awards],
      supportIds: supports.map((s) => s.id),
      missingSupports: missingSupports(query, supports),
    });
    totalMonths += months;
    totalCost += cost;
    totalCredits += granted;
    for (const c of g.awards[p] as number[]) {
      if (held.has(c)) continue;
      held.add(c);
      for (const occupationId of g.qualifiesFor[c] as string[]) {
        const wage = medianOf(query, occupationId);
        exitPoints.push({
          credentialId: g.credentialIds[c] as string,
          occupationId,
          medianAnnual: wage,
          familySupporting: isFamilySupporting(query, wage),
        });
      }
    }
  }

  // The destination: among target occupations H now qualifies for, the highest regional median (ties: smallest id).
  let destinationId = '';
  let destinationWage: number | null = null;
  for (const c of held) {
    if (query.qualifying[c] !== 1) continue;
    for (const occupationId of g.qualifiesFor[c] as string[]) {
      if (!query.targets.has(occupationId)) continue;
      const wage = medianOf(query, occupationId);
      const better =
        destinationId === '' ||
        (wage ?? Number.NEGATIVE_INFINITY) > (destinationWage ?? Number.NEGATIVE_INFINITY) ||
        (wage === destinationWage && occupationId < destinationId);
      if (better) {
        destinationId = occupationId;
        destinationWage = wage;
      }
    }
  }
  if (destinationId === '') throw new Error(`route engine: route ${order.join(',')} reaches no destination`);
  return {
    rank,
    programIds: order.map((p) => g.programIds[p] as string),
    steps,
    totalMonths: roundTo(totalMonths, 4),
    totalCost: roundTo(totalCost, 2),
    creditsGranted: roundTo(totalCredits, 4),
    destinationId,
    destinationWage,
    familySupporting: isFamilySupporting(query, destinationWage),
    exitPoints,
  };
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}
