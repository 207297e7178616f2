/**
 * The exact k-best route engine of CONTRACT.md section 2: pure TypeScript over a GraphIndex, used
 * by GraphQL, the CLI and the benchmarks alike.
 *
 * WHAT IS SEARCHED. A route is a sequence of distinct available programs, each startable when it
 * begins, that ends at the first step after which the held set H qualifies for a target
 * occupation, and in which every step contributes. Call a program FINAL when it awards a
 * credential qualifying for a target occupation: H never qualifies before the last step (or the
 * route would have ended there), so a route is non-final steps followed by one final step.
 * Removing a step i changes what a later step u sees only through LOST(i, u): the credentials i
 * awards that neither the start set H0 nor any other step before u provides. So i contributes
 * exactly when some later u (not entered by the entry point) has a requirement group met before u
 * by LOST(i, u) alone, or is granted fewer (capped) credits without LOST(i, u). The destination
 * clause adds nothing for i before the last step: the qualifying credential comes from the last
 * step, which still starts without i.
 *
 * HOW: A GOAL-DIRECTED (BACKWARD) BEST-FIRST SEARCH. A search state is a route SUFFIX, built from
 * its final step towards its first: a final program, then programs put in front one at a time.
 * Its OPEN groups are the requirement groups of its steps met neither by H0 nor by an earlier step
 * of the suffix; a suffix with none is a complete route (its first step starts with H0), recorded
 * with its exact totals and still extended (a program in front may yet pay for itself in credit).
 * A program may be put in front only if it awards a member of an open group or a credential with a
 * credit edge into a step, and the new suffix must still have every non-final step contributing.
 * Testing that early is exact: steps put in front only add to what later steps hold, which can
 * make a step stop contributing but never start to, so a failing suffix has no valid completion,
 * while every suffix of a valid route passes. Of two adjacent steps neither of which awards what
 * the other requires or gets credit for, both orders give the same totals, so only the order with
 * the smaller program number in front is built (one order per class of equivalent routes remains).
 *
 * States are taken in order of a lower bound, lexicographic over (primary, secondary) metric: the
 * steps at the most credit each could ever get, plus the dearest open group's cheapest member to
 * obtain from H0. For the primary metric that is a forward Dijkstra from H0 over the allowed
 * non-final programs (a program costs its least plus, over its groups, the dearest cheapest member:
 * the classical h_max relaxation), settled lazily, only as far as popped states need, and over the
 * programs that can lead to a final one when a narrow target makes those few; an unsettled
 * credential is bounded by the frontier and by the least cost of a program awarding it. A popped
 * state is re-evaluated after the frontier moves and goes back if its bound rose. For the
 * secondary metric, which only breaks ties, the bound looks one program ahead. Final programs join
 * the queue in order of their least cost when the search reaches it; under the default target in
 * a region with many programs they are not even listed first, but merged in that order from the
 * region's lists of programs kept sorted per graph (DefaultFinals), each tested as it comes up
 * against the occupations' medians in the region's wage chain. So what a query costs grows
 * mostly with the part of the graph cheaper than its answer, not with the graph: beyond resetting
 * reused arrays, a query on a large graph touches what lies within reach of its k-th best route
 * (the per-graph tables of route-graph.ts and of DefaultFinals are made once, on first use, and
 * cached; after a write, from the previous graph's by the write's delta: routeTable).
 *
 * WHY EXACT. Every route is reached (each of its suffixes, in the canonical order of independent
 * neighbours, passes the tests), the bounds never exceed the totals of any completion, and the
 * search stops only when the best bound left is lexicographically worse than the k-th best
 * distinct program set found: no route not yet seen can beat or tie it (ties on both totals keep
 * the search going, so fewer steps and then program ids break them deterministically). A program
 * set found in several orders keeps its best. Totals and bounds are compared as integers of 1e-6
 * units (bounds rounded slightly down) so that float noise never turns a tie into an order. The
 * brute-force twin in route-search.property.test.ts checks all of this on random graphs.
 *
 * WORK AND PAY (section 5). With `advancement` the search runs on the work graph of
 * route-graph.ts (workRouteGraphOf), where "can hold O" is a token credential and a work step
 * O → O2 is a pseudo-program requiring the token of O and awarding the token of O2 (12 × years
 * months, no cost, no credits); a program awards the tokens of the occupations its credentials
 * qualify for, and H0 holds those of H0's. Then "can hold O" is exactly "the token of O is held",
 * so startability, LOST, "every step contributes" (a work step contributes only by letting a
 * later work step start, as the contract says) and FINAL (a work step to a target, or a program
 * awarding a qualifying credential) read as above, and everything said so far holds unchanged.
 * Without `advancement` the plain graph is used and nothing of this costs anything.
 *
 * ORDER. Months, cost and credits depend only on which credentials each step sees, but pay also
 * depends on when a step starts and on the best job held then, so two orders of one set differ
 * even when their steps are independent. The search therefore finds SETS: a set is complete the
 * first time any of its orders is, and is then evaluated once, in every order that is a route (each
 * step startable, the final one last, each non-final one contributing, tested as above), keeping
 * the best order within the hard limits (maxMonths, maxCost, and maxMonthsWithoutPay, which is
 * order-dependent) by the objective's key. So the canonical-order pruning of independent
 * neighbours still only decides how a set is found, never how it is reported.
 *
 * KEYS. TIME ranks by (months, cost, steps, -netIncome), COST by (cost, months, steps,
 * -netIncome): the search stops on (k1, k2) only when the best bound left is strictly worse, so
 * every set tied with the k-th on both totals is found and the rest of the key is decided exactly
 * among them. A set's best order has the least (k1, k2) of its orders; each of its orders is
 * built in some canonical form with the same totals, whose suffixes have bounds at or below them,
 * so no set is missed whatever order ranks it.
 *
 * INCOME ranks by (-netIncome, months, cost, steps) and queues states by an upper bound U on the
 * netIncome of any route completing them (then by the months bound). Proof that U bounds it: let
 * a route end with final step f, take T months and cost C, and let W = min(T, H) for the horizon
 * H. The destination's monthly pay d is the best target f's credentials give (or, for a work step,
 * its O2): no earlier step awards a qualifying credential and H0 holds none. Before its last step a
 * route holds no target occupation (else it would have ended), so a step's monthly rate is at most
 * r = max(the highest pay of a non-target occupation, the highest trainingWage) / 12. Sharper, the
 * PAY LADDER R(t), a bound on the rate of a non-final step running at month t: the highest of the
 * pay of an occupation qualified by a credential the forward bounds (below) settle at or before t
 * (a step paid by a job starts after the step awarding it ends, which is no earlier than that
 * credential's forward bound; a work step O → O2 holds O's token when it starts, so its pay is
 * one of these), the trainingWage of a program they make startable at or before t, that of any
 * program without requirements (startable at 0, made ready lazily), and r from the frontier on
 * (below it every credential and program is settled or ready). The forward bounds use only
 * allowed non-final programs, and the relevant ones when they are marked, which every non-final
 * step of a route is. The final step may also be paid its own trainingWage w_f, so every month t
 * of the route earns at most R_f(t) = max(R(t), w_f), which never falls with t. Let A be the months
 * of the steps that earn nothing in any order (a program with neither a paying trainingWage nor
 * work compatibility, a work step from an occupation without pay), at least the least months `a`
 * of such steps of the state. If T ≤ H, at most T − A months of [0, T] are paid, at most the top
 * ones of R_f, so netIncome ≤ ∫_a^T R_f + d·(H − T) − C =: Φ(T) − C; Φ' = R_f − d never falls,
 * so Φ is convex and its maximum over T in [lb1, H] is Φ(lb1) or Φ(H) ≤ ∫_0^H R_f. If T > H,
 * netIncome ≤ ∫_0^H R_f − C. Hence U = max(∫_0^H R_f, Φ(lb1) when lb1 ≤ H) − lb2 (with R ≡ r,
 * the earlier bound d·H − min((d − r)·lb1 + r·a, (d − r)·H) − lb2). U depends only on f, lower
 * bounds that hold for every completion in every order of its steps (R_f bounds each month
 * whatever the order), and the query and its forward bounds, so it bounds every order of every
 * completion; it falls as lb1 (a maximum over a shorter interval), lb2 or a rise, and as the
 * frontier moves (R only falls), so a final's seed, ranked by U at the final's own least months
 * and cost, bounds every state grown from it, and a queued key is never below the state's present
 * bound (re-evaluated when popped). The forward bounds are settled up to the horizon, or until R
 * reaches r, before the finals are ranked, so that U is tight from the start. The search stops
 * when the best U left is below the k-th netIncome (equal: when the months bound is also beyond
 * the k-th months), so every set that could rank or tie is evaluated. Keys of U are rounded up.
 */
import { NotFoundError } from '../errors.ts';
import type { Program, Support } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { LayeredMap } from '../model/layered-map.ts';
import {
  csrWithDelta,
  type InGroupSplit,
  inGroupSplitOf,
  openSplitOf,
  type RouteGraph,
  type RouteGraphBefore,
  type RouteGraphDelta,
  type RouteTable,
  routeGraphOf,
  routeTable,
  type ScratchArray,
  workRouteGraphOf,
} from './route-graph.ts';
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
/** A key for an upper bound (on netIncome): rounded up by half a unit, for the same reason. */
function upperKey(x: number): number {
  return Math.round(x * KEY_SCALE + 0.5);
}

/** programState bits: allowed known / yes (available in the region, matching the filters) */
const P_ALLOWED_KNOWN = 1;
const P_ALLOWED = 2;
/** final known / yes (allowed and awarding a qualifying credential: isFinal) */
const P_FINAL_KNOWN = 4;
const P_FINAL = 8;
/** the entry point enters it */
const P_ENTERED = 16;
/** it lists a region related to the query's (with the regionless ones: available) */
const P_LISTED = 32;
/** it can lead to a final program (relevantTo) */
const P_RELEVANT = 64;
/** MergedSeeds has seeded it; DefaultFinals.all has listed it */
const P_SEEDED = 128;
const P_ALL_LISTED = 256;
/**
 * For a program of at most routeTuning.groupsInState (≤ 8) requirement groups, group k met by
 * the forward bounds is this bit shifted left by k (more groups: the group-met and met-count
 * arrays of Forward).
 */
const P_GROUP_MET = 512;

/** credentialState bits: in the start set H0; qualifying known / yes; settled by the forward bounds; seen by relevantTo */
const C_H0 = 1;
const C_QUALIFYING_KNOWN = 2;
const C_QUALIFYING = 4;
const C_SETTLED = 8;
const C_RELEVANT_SEEN = 16;

function setProgram(query: Query, p: number, bits: number): void {
  query.programState.set(p, (query.ps[p] as number) | bits);
}
function setCredential(query: Query, c: number, bits: number): void {
  query.credentialState.set(c, (query.cs[c] as number) | bits);
}
function inH0(query: Query, c: number): boolean {
  return ((query.cs[c] as number) & C_H0) !== 0;
}
function isEntered(query: Query, p: number): boolean {
  return ((query.ps[p] as number) & P_ENTERED) !== 0;
}

/** Everything a query derives before searching. */
interface Query {
  g: RouteGraph;
  index: GraphIndex;
  input: ParsedRouteInput;
  regionId: string;
  /** any of modality, schedules, languages or requireSupports given */
  filtered: boolean;
  threshold: number | null;
  /**
   * The target occupations when given or narrowed to a sector (then also the credentials
   * qualifying for them); null for the default target, decided per occupation on demand.
   */
  targets: Set<string> | null;
  qualifyingList: number[] | null;
  /**
   * What the query knows of each program, one word each (P_* bits, and which of its groups the
   * forward bounds have met): what one step reads together sits in one place, and the word is
   * reset only where the last query wrote it.
   */
  programState: ScratchArray<Int32Array>;
  /** programState's values, for reading */
  ps: Int32Array;
  /** the same per credential (C_* bits) */
  credentialState: ScratchArray<Uint8Array>;
  cs: Uint8Array;
  h0List: number[];
  enteredList: number[];
  regionSupports: Support[];
  wageCache: Map<string, number | null>;
  /** the programs listing a related region (with the regionless ones: every available program) */
  listed: number[][];
  /** the related regions those lists are of, in the same order */
  listedIds: string[];
  /** the region and those above it, nearest first (GraphIndex.chain) */
  chain: string[];
  /** the regions of the chain with wage rows, joined: the query's medians depend on nothing else */
  wageChain: string;
  /** the per-graph program rows (programRowsOf) */
  rows: ProgramRows;
  /** the default target's finals (searchRoutes), which tell a final program faster than `qualifies` */
  defaults: DefaultFinals | null;
}

/** A set of steps in its best order, with that order's figures and its ranking key. */
interface Found {
  order: number[];
  setKey: string;
  /**
   * The objective's key, compared lexicographically, least first (figures as exactKey integers):
   * TIME (months, cost, steps, -netIncome); COST (cost, months, steps, -netIncome);
   * INCOME (-netIncome, months, cost, steps). Step ids in order break what ties remain.
   */
  key: number[];
  ids: string;
  figures: Figures;
}

function beforeFound(a: Found, b: Found): boolean {
  for (let i = 0; i < a.key.length; i++) {
    if (a.key[i] !== b.key[i]) return (a.key[i] as number) < (b.key[i] as number);
  }
  return a.ids < b.ids;
}

function keyOf(query: Query, f: Figures, steps: number): number[] {
  const months = exactKey(f.totalMonths);
  const cost = exactKey(f.totalCost);
  const income = -exactKey(f.netIncome);
  if (query.input.objective === 'INCOME') return [income, months, cost, steps];
  if (query.input.objective === 'COST') return [cost, months, steps, income];
  return [months, cost, steps, income];
}

/**
 * The k best routes for a participant (CONTRACT.md section 2), best first. Bad input throws a
 * BadInputError naming the argument; an unknown id (or no wage threshold when the default target
 * needs one) a NotFoundError with its path. No route is an empty list.
 */
export function findRoutes(index: GraphIndex, raw: RouteInput): Route[] {
  return searchRoutes(index, parseRouteInput(raw)).routes;
}

/**
 * findRoutes on an input already validated (parseRouteInput), with the family-supporting
 * threshold the search applied: what a caller needs when it reports the threshold even for no route.
 */
export function searchRoutes(
  index: GraphIndex,
  input: ParsedRouteInput,
): { routes: Route[]; threshold: number | null } {
  const query = prepareQuery(index, input);
  const { threshold } = query;
  if (query.h0List.some((c) => qualifies(query, c))) {
    return { routes: [buildRoute(query, [], figuresOf(query, []), 1)], threshold };
  }
  let finals: number[] | null = null;
  let merged: DefaultFinals | null = null;
  if (query.targets === null) {
    // The default target: the finals are listed when the search needs them all (INCOME ranks
    // them by their pay bounds) or when the region has few programs; else merged as reached.
    const defaults = new DefaultFinals(query);
    query.defaults = defaults;
    if (input.objective === 'INCOME' || defaults.available <= routeTuning.relevantFinals) finals = defaults.all();
    else merged = defaults;
  } else finals = findFinals(query);
  if (finals !== null && finals.length === 0) return { routes: [], threshold };
  return {
    routes: search(query, finals, merged).map((f, i) => buildRoute(query, f.order, f.figures, i + 1)),
    threshold,
  };
}

function prepareQuery(index: GraphIndex, input: ParsedRouteInput): Query {
  const g = input.advancement ? workRouteGraphOf(index) : routeGraphOf(index);
  const { regionId } = input;
  if (!index.regions.has(regionId)) throw new NotFoundError('input.regionId', `no region "${regionId}"`);

  const credentialState = g.scratch.bytes('credential-state', 'credential');
  const cs = credentialState.values;
  const programState = g.scratch.ints('program-state');
  const ps = programState.values;
  const h0List: number[] = [];
  const hold = (id: string) => {
    const c = g.credentialIndex.get(id);
    if (c !== undefined && ((cs[c] as number) & C_H0) === 0) {
      credentialState.set(c, (cs[c] as number) | C_H0);
      h0List.push(c);
    }
  };
  (input.heldCredentialIds ?? []).forEach((id, i) => {
    if (!index.credentials.has(id)) throw new NotFoundError(`input.heldCredentialIds[${i}]`, `no credential "${id}"`);
    hold(id);
  });
  const enteredList: number[] = [];
  if (input.entryPointId !== undefined) {
    const entryPoint = index.entryPoints.get(input.entryPointId);
    if (!entryPoint) throw new NotFoundError('input.entryPointId', `no entry point "${input.entryPointId}"`);
    for (const id of entryPoint.holds ?? []) hold(id);
    for (const id of entryPoint.enters ?? []) {
      const p = g.programIndex.get(id);
      if (p !== undefined && ((ps[p] as number) & P_ENTERED) === 0) {
        programState.set(p, (ps[p] as number) | P_ENTERED);
        enteredList.push(p);
      }
    }
  }

  // "Can hold O" for the occupations H0 qualifies for (work graph only: tokens start work steps).
  if (g.tokenOf.size > 0) {
    for (const c of [...h0List]) {
      for (const o of g.qualifiesFor[c] as string[]) {
        const t = g.tokenOf.get(o);
        if (t !== undefined && ((cs[t] as number) & C_H0) === 0) {
          credentialState.set(t, (cs[t] as number) | C_H0);
          h0List.push(t);
        }
      }
    }
  }

  // Availability: mark the programs listing the region, an ancestor or a descendant.
  const listed: number[][] = [];
  const listedIds: string[] = [];
  for (const id of index.relatedRegions(regionId)) {
    const listing = g.programsListing.get(id);
    if (!listing) continue;
    listed.push(listing);
    listedIds.push(id);
    for (const p of listing) programState.set(p, (ps[p] as number) | P_LISTED);
  }
  const chain = index.chain(regionId);

  const wageCache = new Map<string, number | null>();
  const threshold = index.thresholdIn(regionId, input.household)?.annual ?? null;
  const query: Query = {
    g,
    index,
    input,
    regionId,
    filtered:
      input.modality !== undefined ||
      (input.schedules?.length ?? 0) > 0 ||
      (input.languages?.length ?? 0) > 0 ||
      (input.requireSupports === true && (input.needs?.length ?? 0) > 0),
    threshold,
    targets: null,
    qualifyingList: null,
    programState,
    ps,
    credentialState,
    cs,
    h0List,
    enteredList,
    regionSupports: regionSupportsOf(index, chain),
    wageCache,
    listed,
    listedIds,
    chain,
    wageChain: chain.filter((id) => g.wageRegions.has(id)).join('\u0000'),
    rows: programRowsOf(g),
    defaults: null,
  };

  const { occupationId, sectorId } = input.target ?? {};
  if (sectorId !== undefined && !index.sectors.has(sectorId)) {
    throw new NotFoundError('input.target.sectorId', `no sector "${sectorId}"`);
  }
  if (occupationId !== undefined) {
    if (!index.occupations.has(occupationId)) {
      throw new NotFoundError('input.target.occupationId', `no occupation "${occupationId}"`);
    }
    query.targets = new Set([occupationId]);
  } else {
    if (threshold === null) {
      throw new NotFoundError(
        'input.household',
        `no wage threshold for household ${input.household} in region "${regionId}" or any region above it`,
      );
    }
    if (sectorId !== undefined) {
      const targets = new Set<string>();
      const ranked = rankedOccupations(index, g, chain, sectorId);
      for (let i = 0; i < ranked.ids.length && (ranked.medians[i] as number) >= threshold; i++) {
        targets.add(ranked.ids[i] as string);
      }
      query.targets = targets;
    }
  }
  if (query.targets) {
    const list: number[] = [];
    for (const occupation of query.targets) {
      for (const c of g.qualifiedBy.get(occupation) ?? []) {
        if (((query.cs[c] as number) & C_QUALIFYING) !== 0) continue;
        setCredential(query, c, C_QUALIFYING_KNOWN | C_QUALIFYING);
        list.push(c);
      }
    }
    query.qualifyingList = list;
  }
  return query;
}

/** Whether an occupation is a target: the given one, or one paying at least the threshold in the region. */
function isTarget(query: Query, occupationId: string): boolean {
  if (query.targets) return query.targets.has(occupationId);
  const wage = medianOf(query, occupationId);
  return wage !== null && query.threshold !== null && wage >= query.threshold;
}

/** Whether a credential qualifies for a target occupation (decided once per query). */
function qualifies(query: Query, c: number): boolean {
  const state = query.cs[c] as number;
  if ((state & C_QUALIFYING_KNOWN) !== 0) return (state & C_QUALIFYING) !== 0;
  // With a given or sector target every qualifying credential is already marked.
  const yes = !query.targets && (query.g.qualifiesFor[c] as string[]).some((o) => isTarget(query, o));
  setCredential(query, c, yes ? C_QUALIFYING_KNOWN | C_QUALIFYING : C_QUALIFYING_KNOWN);
  return yes;
}

/**
 * The occupations of a sector with a median up the chain, highest median first: the sector's
 * targets are the prefix at or above the threshold. Cached per chain of wage regions and sector.
 */
function rankedOccupations(
  index: GraphIndex,
  g: RouteGraph,
  chain: string[],
  sectorId: string | undefined,
): { ids: string[]; medians: Float64Array } {
  const wageChain = chain.filter((id) => g.wageRegions.has(id));
  const key = `${wageChain.join('\u0000')}|${sectorId ?? ''}`;
  let ranked = g.rankedOccupations.get(key);
  if (!ranked) {
    const rows: { id: string; median: number }[] = [];
    for (const occupation of index.occupations.values()) {
      if (sectorId !== undefined && !(occupation.sectorIds ?? []).includes(sectorId)) continue;
      const wages = index.wages.get(occupation.id);
      if (!wages) continue;
      for (const id of wageChain) {
        const row = wages.get(id);
        if (!row) continue;
        rows.push({ id: occupation.id, median: row.medianAnnual });
        break;
      }
    }
    rows.sort((a, b) => b.median - a.median);
    ranked = { ids: rows.map((r) => r.id), medians: Float64Array.from(rows.map((r) => r.median)) };
    if (g.rankedOccupations.size >= 256) g.rankedOccupations.clear();
    g.rankedOccupations.set(key, ranked);
  }
  return ranked;
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
    // GraphIndex.wageIn, up the chain the query has already walked.
    wage = null;
    const rows = query.index.wages.get(occupationId);
    if (rows) {
      for (const id of query.chain) {
        const row = rows.get(id);
        if (row) {
          wage = row.medianAnnual;
          break;
        }
      }
    }
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
  if (p >= g.programCount) return true; // a work step: the filters are for programs only
  if (g.regionless[p] === 0 && ((query.ps[p] as number) & P_LISTED) === 0) return false;
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

function allowedAt(query: Query, p: number): boolean {
  const state = query.ps[p] as number;
  if ((state & P_ALLOWED_KNOWN) !== 0) return (state & P_ALLOWED) !== 0;
  const yes = isAllowed(query, p);
  setProgram(query, p, yes ? P_ALLOWED_KNOWN | P_ALLOWED : P_ALLOWED_KNOWN);
  return yes;
}

/** Whether a program is final: allowed, and awarding a credential that qualifies for a target (decided once per query). */
function isFinal(query: Query, p: number): boolean {
  const known = query.ps[p] as number;
  if ((known & P_FINAL_KNOWN) !== 0) return (known & P_FINAL) !== 0;
  let yes = false;
  if (query.defaults) {
    yes = query.defaults.reaches(p) && allowedAt(query, p);
  } else if (allowedAt(query, p)) {
    for (const c of query.g.awards[p] as number[]) {
      if (qualifies(query, c)) {
        yes = true;
        break;
      }
    }
  }
  setProgram(query, p, yes ? P_FINAL_KNOWN | P_FINAL : P_FINAL_KNOWN);
  return yes;
}

/**
 * `relevantFinals`: under the default target, when the region has at most this many available
 * programs, its finals are listed and what can lead to them marked (relevantTo); more, and the
 * search merges them from the available programs in seed order as it reaches them, with every
 * program in the forward bounds (on a large graph the backward pass from thousands of finals
 * costs more than it saves). Both are exact; the property tests run each way.
 */
export const routeTuning = {
  relevantFinals: 256,
  /**
   * A credential listed in at least this many requirement groups has its list split by region
   * (inGroupSplitOf); a program of at most `groupsInState` (≤ 8) groups keeps which are met in
   * its state word. Both only change where things are kept; the property tests also run with
   * every list split and every program's groups in the arrays.
   */
  splitInGroup: 256,
  groupsInState: 8,
};

/**
 * What the default target's finals are found with, per route graph (nothing of a query): each
 * program's occupations (those its credentials qualify for) as occupation numbers, the medians
 * of every occupation per chain of wage regions, and per list of available programs (the
 * regionless ones, one region's listing, the work steps) its programs in seed order.
 */
export interface FinalTables {
  occupationIds: string[];
  /** occupation id → its number (index in occupationIds) */
  occupationNumbers: ReadonlyMap<string, number>;
  /** program p's occupations: occupationOf[occupationStart[p] .. occupationStart[p + 1]) */
  occupationStart: Int32Array;
  occupationOf: Int32Array;
  /** wage chain → occupation → median (NaN: none up the chain) */
  medians: Map<string, Float64Array>;
  /** list name → its programs by least months, and by least cost (then program number) */
  orders: Map<string, SeedOrders>;
}

/** One list of available programs in seed order, per metric, with the rows MergedSeeds walks. */
export interface SeedOrders {
  byMonths: Int32Array;
  byCost: Int32Array;
  /**
   * per metric, then wage chain: for the i-th program of the order, [2i] its least months (or
   * cost) and [2i + 1] the highest median of its occupations in the chain (NaN: none). Walking
   * them in order skips the programs that cannot be final on one sequential array, not on a few
   * arrays over all programs at scattered places.
   */
  rows: { months: Map<string, Float64Array>; cost: Map<string, Float64Array> };
}

/** At most this many wage chains' medians are kept per route graph. */
const MEDIANS_KEPT = 256;

const FINAL_TABLES: RouteTable<FinalTables> = { build: buildFinalTables, update: finalTablesWithDelta };
/**
 * Final tables → those finalTablesWithDelta made from them (whose occupation numbers extend
 * theirs). Keyed by the older, so that no table holds its predecessors alive.
 */
const finalTablesInto = new WeakMap<FinalTables, FinalTables>();

function finalTablesOf(g: RouteGraph): FinalTables {
  return routeTable(g, FINAL_TABLES);
}

/** Program p's occupations (FinalTables' numbers, by `number`), each once, in the order its awards give them. */
function occupationsOf(g: RouteGraph, p: number, number: (o: string) => number, into: number[]): void {
  const from = into.length;
  for (const c of g.awards[p] as number[]) {
    for (const o of g.qualifiesFor[c] as string[]) {
      const k = number(o);
      if (!into.includes(k, from)) into.push(k);
    }
  }
}

function buildFinalTables(g: RouteGraph): FinalTables {
  const numbers = new Map<string, number>();
  const occupationIds: string[] = [];
  const number = (o: string) => {
    let k = numbers.get(o);
    if (k === undefined) {
      k = occupationIds.length;
      numbers.set(o, k);
      occupationIds.push(o);
    }
    return k;
  };
  const n = g.programIds.length;
  const occupationStart = new Int32Array(n + 1);
  const of: number[] = [];
  for (let p = 0; p < n; p++) {
    occupationStart[p] = of.length;
    occupationsOf(g, p, number, of);
  }
  occupationStart[n] = of.length;
  return {
    occupationIds,
    occupationNumbers: numbers,
    occupationStart,
    occupationOf: Int32Array.from(of),
    medians: new Map(),
    orders: new Map(),
  };
}

/** The programs of `from` (delta.from) whose occupations may differ in `g`: the changed ones, and the awarders of a credential whose qualifiesFor changed. */
function occupationsChanged(g: RouteGraph, delta: RouteGraphDelta): Set<number> {
  const n0 = delta.from.programIds.length;
  const out = new Set<number>();
  for (const p of delta.changed) if (p < n0) out.add(p);
  for (const c of delta.qualifies) for (const p of g.awardedBy[c] ?? []) if (p < n0) out.add(p);
  return out;
}

/** The median of an occupation in a wage chain (FinalTables.medians' key: the chain's regions with wage rows), as medianOf finds it. */
function medianInChain(index: GraphIndex, occupationId: string, wageChain: string): number {
  const rows = index.wages.get(occupationId);
  if (rows && wageChain !== '') {
    for (const id of wageChain.split('\u0000')) {
      const row = rows.get(id);
      if (row) return row.medianAnnual;
    }
  }
  return Number.NaN;
}

/**
 * The final tables of `g` from those of `delta.from`: occupations keep their numbers (new ones
 * are numbered after them, so the numbers differ from a build's, which numbers them in the order
 * programs first name them: the tables are the same by occupation id, which is all a query reads
 * of them); the occupation lists of changed programs, of the awarders of a credential whose
 * QUALIFIES_FOR edges changed and of the added programs are written anew, the rest copied
 * (csrWithDelta); the medians by wage chain are kept (grown by the new occupations' medians)
 * unless wage rows changed; a seed order is kept unless a program of its list was added,
 * changed or given other credit, and then made from the old one, those programs taken out and
 * put back at their place; its rows by chain are kept unless wages or its programs' occupations
 * changed. Undefined (build in full) for a work graph.
 */
function finalTablesWithDelta(previous: FinalTables, g: RouteGraph, delta: RouteGraphDelta): FinalTables | undefined {
  const { from } = delta;
  const n0 = from.programIds.length;
  const n = g.programIds.length;
  if (from.programCount !== n0 || g.programCount !== n) return undefined;
  const redo = occupationsChanged(g, delta);
  const order = [...redo].sort((a, b) => a - b);
  const occupationIds = previous.occupationIds.slice();
  const added = new Map<string, number>();
  const number = (o: string) => {
    let k = previous.occupationNumbers.get(o) ?? added.get(o);
    if (k === undefined) {
      k = occupationIds.length;
      added.set(o, k);
      occupationIds.push(o);
    }
    return k;
  };
  // The programs written anew: those redone, then the added ones (numbered in that order, as before).
  const lists = new Map<number, number[]>();
  for (const p of [...order, ...Array.from({ length: n - n0 }, (_, k) => n0 + k)]) {
    const list: number[] = [];
    occupationsOf(g, p, number, list);
    lists.set(p, list);
  }
  const { start: occupationStart, values: occupationOf } = csrWithDelta(
    previous.occupationStart,
    previous.occupationOf,
    n,
    order,
    (p) => (lists.get(p) as number[]).length,
    (p, values, at) => values.set(lists.get(p) as number[], at),
  );

  const medians = new Map<string, Float64Array>();
  if (!delta.wages) {
    for (const [chain, values] of previous.medians) {
      if (added.size === 0) {
        medians.set(chain, values);
        continue;
      }
      const grown = new Float64Array(occupationIds.length);
      grown.set(values);
      for (let k = values.length; k < grown.length; k++)
        grown[k] = medianInChain(g.index, occupationIds[k] as string, chain);
      medians.set(chain, grown);
    }
  }

  // The seed orders' lists a program is in (DefaultFinals' names): '' when regionless, else each region it lists.
  const listsOf = (graph: RouteGraphBefore, p: number): string[] =>
    graph.regionless[p] !== 0
      ? ['']
      : [...new Set((graph.programs[p] as Program).regionIds ?? [])].map((r) => `r:${r}`);
  const moved = new Set<number>();
  for (const p of delta.credit) if (p < n0) moved.add(p);
  for (const p of delta.changed) if (p < n0) moved.add(p);
  for (let p = n0; p < n; p++) moved.add(p);
  const reorder = new Set<string>();
  for (const p of moved) {
    if (p < n0) for (const name of listsOf(from, p)) reorder.add(name);
    for (const name of listsOf(g, p)) reorder.add(name);
  }
  const rerow = new Set<string>();
  for (const p of redo) {
    for (const name of listsOf(from, p)) rerow.add(name);
    for (const name of listsOf(g, p)) rerow.add(name);
  }
  const leastMonths = (p: number) => (g.months[p] as number) * (g.minShare[p] as number);
  const leastCost = (p: number) => (g.cost[p] as number) * (g.minShare[p] as number);
  const orders = new Map<string, SeedOrders>();
  for (const [name, kept] of previous.orders) {
    if (reorder.has(name)) {
      // The list's moved programs, as often as the list holds them (a region listed twice: twice).
      const put: number[] = [];
      for (const p of moved) {
        if (name === '') {
          if (g.regionless[p] !== 0) put.push(p);
        } else for (const r of (g.programs[p] as Program).regionIds ?? []) if (`r:${r}` === name) put.push(p);
      }
      const merged = (old: Int32Array, least: (p: number) => number) => {
        const before = (a: number, b: number) => least(a) - least(b) || a - b;
        const sorted = put.slice().sort(before);
        const out = new Int32Array(old.length + sorted.length);
        let o = 0;
        let j = 0;
        for (const p of old) {
          if (moved.has(p)) continue;
          while (j < sorted.length && before(sorted[j] as number, p) < 0) out[o++] = sorted[j++] as number;
          out[o++] = p;
        }
        while (j < sorted.length) out[o++] = sorted[j++] as number;
        return o === out.length ? out : out.slice(0, o);
      };
      orders.set(name, {
        byMonths: merged(kept.byMonths, leastMonths),
        byCost: merged(kept.byCost, leastCost),
        rows: { months: new Map(), cost: new Map() },
      });
    } else if (delta.wages || rerow.has(name)) {
      orders.set(name, { byMonths: kept.byMonths, byCost: kept.byCost, rows: { months: new Map(), cost: new Map() } });
    } else {
      // Nothing of it changed: shared with the previous graph, rows and all (a chain's rows are the same for both).
      orders.set(name, kept);
    }
  }
  const made: FinalTables = {
    occupationIds,
    occupationNumbers: LayeredMap.with(previous.occupationNumbers, added),
    occupationStart,
    occupationOf,
    medians,
    orders,
  };
  finalTablesInto.set(previous, made);
  return made;
}

/**
 * What the forward bounds read of a program as its groups are met and it becomes ready, in one
 * place per program instead of a few arrays and lists over all programs: from `start[p]` in
 * `rows`, its groupOffset and groupCount, the number of credentials it awards and those, the
 * number of its occupations (FinalTables' numbers) and those, then the number of its inputs
 * (RouteGraph.inputs) and those; `least[2p]` and `least[2p + 1]` its
 * least months and least cost (at the most credit it could get). Built per route graph on first use.
 */
export interface ProgramRows {
  start: Int32Array;
  rows: Int32Array;
  least: Float64Array;
}

const PROGRAM_ROWS: RouteTable<ProgramRows> = { build: buildProgramRows, update: programRowsWithDelta };

function programRowsOf(g: RouteGraph): ProgramRows {
  return routeTable(g, PROGRAM_ROWS);
}

function rowSize(g: RouteGraph, tables: FinalTables, p: number): number {
  const { occupationStart } = tables;
  return (
    5 +
    (g.awards[p] as number[]).length +
    ((occupationStart[p + 1] as number) - (occupationStart[p] as number)) +
    (g.inputs[p] as number[]).length
  );
}

function writeRow(g: RouteGraph, tables: FinalTables, p: number, rows: Int32Array, at: number): void {
  const { occupationStart, occupationOf } = tables;
  let r = at;
  rows[r++] = g.groupOffset[p] as number;
  rows[r++] = g.groupCount[p] as number;
  const awards = g.awards[p] as number[];
  rows[r++] = awards.length;
  for (const c of awards) rows[r++] = c;
  const from = occupationStart[p] as number;
  const to = occupationStart[p + 1] as number;
  rows[r++] = to - from;
  for (let k = from; k < to; k++) rows[r++] = occupationOf[k] as number;
  const inputs = g.inputs[p] as number[];
  rows[r++] = inputs.length;
  for (const c of inputs) rows[r++] = c;
}

function writeLeast(g: RouteGraph, p: number, least: Float64Array): void {
  least[2 * p] = (g.months[p] as number) * (g.minShare[p] as number);
  least[2 * p + 1] = (g.cost[p] as number) * (g.minShare[p] as number);
}

function buildProgramRows(g: RouteGraph): ProgramRows {
  const tables = finalTablesOf(g);
  const n = g.programIds.length;
  const start = new Int32Array(n + 1);
  let size = 0;
  for (let p = 0; p < n; p++) {
    start[p] = size;
    size += rowSize(g, tables, p);
  }
  start[n] = size;
  const rows = new Int32Array(size);
  const least = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) {
    writeRow(g, tables, p, rows, start[p] as number);
    writeLeast(g, p, least);
  }
  return { start, rows, least };
}

/**
 * The program rows of `g` from those of `delta.from`, when `g`'s final tables were made from
 * the ones those rows read (so occupation numbers agree): the rows of the changed programs, of
 * those given other credit (inputs, least months and cost), of those whose occupations changed
 * and of the added ones written anew, the rest copied (csrWithDelta); `least` copied and those
 * written anew. Undefined (build in full) when the final tables were built in full.
 */
function programRowsWithDelta(previous: ProgramRows, g: RouteGraph, delta: RouteGraphDelta): ProgramRows | undefined {
  const { from } = delta;
  const before = delta.tables.get(FINAL_TABLES as RouteTable<unknown>) as FinalTables | undefined;
  const tables = finalTablesOf(g);
  if (!before || finalTablesInto.get(before) !== tables) return undefined;
  const n0 = from.programIds.length;
  const n = g.programIds.length;
  const redo = occupationsChanged(g, delta);
  for (const p of delta.credit) if (p < n0) redo.add(p);
  const order = [...redo].sort((a, b) => a - b);
  const { start, values: rows } = csrWithDelta(
    previous.start,
    previous.rows,
    n,
    order,
    (p) => rowSize(g, tables, p),
    (p, values, at) => writeRow(g, tables, p, values, at),
  );
  const least = new Float64Array(2 * n);
  least.set(previous.least);
  for (const p of order) writeLeast(g, p, least);
  for (let p = n0; p < n; p++) writeLeast(g, p, least);
  return { start, rows, least };
}

/** The medians of every occupation of the final tables in the query's region (NaN for none). */
function mediansOf(query: Query, tables: FinalTables): Float64Array {
  let medians = tables.medians.get(query.wageChain);
  if (!medians) {
    medians = Float64Array.from(tables.occupationIds, (o) => medianOf(query, o) ?? Number.NaN);
    if (tables.medians.size >= MEDIANS_KEPT) tables.medians.clear();
    tables.medians.set(query.wageChain, medians);
  }
  return medians;
}

/** The default target's final programs of a query, from the available programs in seed order. */
class DefaultFinals {
  readonly lists: SeedOrders[] = [];
  readonly available: number;
  private readonly tables: FinalTables;
  private readonly rows: ProgramRows;
  private readonly medians: Float64Array;
  private readonly threshold: number;

  constructor(private readonly query: Query) {
    const { g } = query;
    this.tables = finalTablesOf(g);
    this.rows = programRowsOf(g);
    this.medians = mediansOf(query, this.tables);
    this.threshold = query.threshold as number;
    this.add('', g.regionlessList);
    query.listed.forEach((listing, i) => {
      this.add(`r:${query.listedIds[i]}`, listing);
    });
    if (g.programIds.length > g.programCount) {
      this.add('work', () => {
        const work: number[] = [];
        for (let p = g.programCount; p < g.programIds.length; p++) work.push(p);
        return work;
      });
    }
    let available = 0;
    for (const list of this.lists) available += list.byMonths.length;
    this.available = available;
  }

  private add(name: string, programs: number[] | (() => number[])): void {
    const { g } = this.query;
    let orders = this.tables.orders.get(name);
    if (!orders) {
      const list = typeof programs === 'function' ? programs() : programs;
      const leastMonths = (p: number) => (g.months[p] as number) * (g.minShare[p] as number);
      const leastCost = (p: number) => (g.cost[p] as number) * (g.minShare[p] as number);
      // The seed order of search(): least cost, then program number.
      orders = {
        byMonths: Int32Array.from(list).sort((a, b) => leastMonths(a) - leastMonths(b) || a - b),
        byCost: Int32Array.from(list).sort((a, b) => leastCost(a) - leastCost(b) || a - b),
        rows: { months: new Map(), cost: new Map() },
      };
      this.tables.orders.set(name, orders);
    }
    this.lists.push(orders);
  }

  /** Whether p awards a credential qualifying for an occupation paid at least the threshold here (and so is final when allowed). */
  reaches(p: number): boolean {
    const { start, rows } = this.rows;
    let r = (start[p] as number) + 2;
    r += (rows[r] as number) + 1; // past the awards
    const end = r + 1 + (rows[r] as number);
    for (let k = r + 1; k < end; k++) {
      if ((this.medians[rows[k] as number] as number) >= this.threshold) return true;
    }
    return false;
  }

  /** The rows of `orders` for a metric in the query's wage chain (SeedOrders.rows), made on first use. */
  rowsOf(orders: SeedOrders, metric: 'months' | 'cost'): Float64Array {
    const kept = orders.rows[metric];
    let rows = kept.get(this.query.wageChain);
    if (!rows) {
      const { g } = this.query;
      const { occupationStart, occupationOf } = this.tables;
      const order = metric === 'months' ? orders.byMonths : orders.byCost;
      const base = metric === 'months' ? g.months : g.cost;
      rows = new Float64Array(2 * order.length);
      for (let i = 0; i < order.length; i++) {
        const p = order[i] as number;
        let best = Number.NaN;
        const end = occupationStart[p + 1] as number;
        for (let k = occupationStart[p] as number; k < end; k++) {
          const median = this.medians[occupationOf[k] as number] as number;
          if (median > best || Number.isNaN(best)) best = median;
        }
        rows[2 * i] = (base[p] as number) * (g.minShare[p] as number);
        rows[2 * i + 1] = best;
      }
      if (kept.size >= MEDIANS_KEPT) kept.clear();
      kept.set(this.query.wageChain, rows);
    }
    return rows;
  }

  /** Every final program, each once. */
  all(): number[] {
    const finals: number[] = [];
    const { query } = this;
    for (const { byMonths } of this.lists) {
      for (const p of byMonths) {
        if (((query.ps[p] as number) & P_ALL_LISTED) !== 0) continue; // a program listing two related regions
        setProgram(query, p, P_ALL_LISTED);
        if (isFinal(query, p)) finals.push(p);
      }
    }
    return finals;
  }
}

/** The final programs in the order they join the search's queue, produced as it reaches them. */
interface Seeds {
  /** The next final program, or -1 when none is left. */
  peek(): number;
  skip(): void;
}

class ListedSeeds implements Seeds {
  private at = 0;
  constructor(private readonly order: ArrayLike<number>) {}
  peek(): number {
    return this.at < this.order.length ? (this.order[this.at] as number) : -1;
  }
  skip(): void {
    this.at++;
  }
}

/**
 * The default target's finals in (least cost, program number) order without listing them all:
 * a merge of the lists of available programs, each already in that order, skipping those not final.
 */
class MergedSeeds implements Seeds {
  private readonly orders: Int32Array[];
  private readonly rows: Float64Array[];
  private readonly at: Int32Array;
  private readonly threshold: number;
  private head = -2;

  constructor(
    private readonly query: Query,
    finals: DefaultFinals,
    metric: 'months' | 'cost',
  ) {
    this.orders = finals.lists.map((l) => (metric === 'months' ? l.byMonths : l.byCost));
    this.rows = finals.lists.map((l) => finals.rowsOf(l, metric));
    this.at = new Int32Array(this.orders.length);
    this.threshold = query.threshold as number;
  }

  peek(): number {
    if (this.head !== -2) return this.head;
    const { query, orders, rows, at, threshold } = this;
    const { ps } = query;
    let best = -1;
    let bestLeast = 0;
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k] as Int32Array;
      const row = rows[k] as Float64Array;
      let i = at[k] as number;
      while (i < order.length) {
        // Below the threshold (or without a median): DefaultFinals.reaches is false, so not final.
        if ((row[2 * i + 1] as number) >= threshold) {
          const p = order[i] as number;
          if (((ps[p] as number) & P_SEEDED) === 0 && isFinal(query, p)) break;
        }
        i++;
      }
      at[k] = i;
      if (i >= order.length) continue;
      const p = order[i] as number;
      const least = row[2 * i] as number;
      if (best === -1 || least < bestLeast || (least === bestLeast && p < best)) {
        best = p;
        bestLeast = least;
      }
    }
    this.head = best;
    return best;
  }

  skip(): void {
    const p = this.peek();
    if (p >= 0) setProgram(this.query, p, P_SEEDED);
    this.head = -2;
  }
}

/**
 * Marks the allowed programs awarding a qualifying credential (the final ones) and returns them,
 * walking whichever is shorter: the programs awarding a qualifying credential, or the programs
 * available in the region.
 */
function findFinals(query: Query): number[] {
  const { g } = query;
  const finals: number[] = [];
  const mark = (p: number) => {
    if (((query.ps[p] as number) & P_FINAL) !== 0 || !allowedAt(query, p)) return;
    setProgram(query, p, P_FINAL_KNOWN | P_FINAL);
    finals.push(p);
  };
  // A program left at 0 is not final: isFinal finds so when asked.
  let available = g.regionlessList.length;
  for (const listing of query.listed) available += listing.length;
  let awarding = Number.POSITIVE_INFINITY; // the default target: qualifying credentials are not listed
  if (query.qualifyingList) {
    awarding = 0;
    for (const c of query.qualifyingList) awarding += (g.awardedBy[c] as number[]).length;
  }
  if (query.qualifyingList && awarding <= available) {
    for (const c of query.qualifyingList) for (const p of g.awardedBy[c] as number[]) mark(p);
  } else {
    const check = (p: number) => {
      for (const c of g.awards[p] as number[]) {
        if (qualifies(query, c)) {
          mark(p);
          return;
        }
      }
    };
    for (const p of g.regionlessList) check(p);
    for (const listing of query.listed) for (const p of listing) check(p);
    for (let p = g.programCount; p < g.programIds.length; p++) check(p);
  }
  return finals;
}

/** A list split by region (the '' part: programs listing no region): the parts a query's regions read, in that order. */
function partsFor(split: ReadonlyMap<string, Int32Array>, listedIds: readonly string[]): Int32Array[] {
  const parts: Int32Array[] = [];
  const regionless = split.get('');
  if (regionless) parts.push(regionless);
  for (const id of listedIds) {
    const part = split.get(id);
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * The open programs of a query's region in least-cost order (the others are never ready): the
 * parts of its related regions merged by position in the graph's list (openSplitOf), or the
 * whole list when the query has too many related regions for a merge.
 */
function availableOpen(query: Query, metric: 'months' | 'cost'): Int32Array {
  const { g } = query;
  const all = metric === 'months' ? g.openByMonths : g.openByCost;
  if (query.listedIds.length > SPLIT_REGIONS) return all;
  const parts = partsFor(openSplitOf(g)[metric], query.listedIds);
  const positions: number[] = [];
  for (const part of parts) for (const at of part) positions.push(at);
  positions.sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < positions.length; i++) {
    // A program listing two related regions comes twice.
    if (i > 0 && positions[i] === positions[i - 1]) continue;
    out.push(all[positions[i] as number] as number);
  }
  return Int32Array.from(out);
}

/** A query over more related regions with listings than this walks the split lists whole. */
const SPLIT_REGIONS = 8;

/**
 * Lower bounds on the cost of obtaining each credential from H0, in one metric: Dijkstra forward
 * from H0 over allowed non-final programs, where a program costs its least (at the most credit it
 * could ever get) plus, for its requirement groups, the largest of each group's cheapest member
 * (h_max). Settled on demand: a credential not settled yet costs at least the frontier.
 */
class Forward {
  private readonly cost: Float64Array;
  private readonly costs: ScratchArray<Float64Array>;
  /** for programs of more than groupsInState groups: which are met, and how many per program */
  private readonly groupMet: Uint8Array;
  private readonly groupMets: ScratchArray<Uint8Array>;
  private readonly metCounts: ScratchArray<Int32Array>;
  private readonly groupsInState: number;
  private readonly heap = new PairHeap();
  private readonly top: [number, number] = [0, 0];

  /** open programs in least-cost order, readied only when the frontier reaches them */
  private readonly open: Int32Array;
  private openAt = 0;
  private readonly award: Float64Array;

  constructor(
    private readonly query: Query,
    metric: 'months' | 'cost',
    /** when given, only these programs (the ones that can lead to a final program) are used */
    private readonly relevant: boolean,
    private readonly listener: ForwardListener | null = null,
  ) {
    const { g } = query;
    this.rows = programRowsOf(g);
    this.leastAt = metric === 'months' ? 0 : 1;
    this.open = availableOpen(query, metric);
    this.award = metric === 'months' ? g.awardMonths : g.awardCost;
    this.costs = g.scratch.floats(`forward-cost-${metric}`, 'credential', Number.POSITIVE_INFINITY);
    this.cost = this.costs.values;
    this.groupMets = g.scratch.bytes(`forward-group-met-${metric}`, 'group');
    this.groupMet = this.groupMets.values;
    this.metCounts = g.scratch.ints(`forward-met-count-${metric}`);
    this.split = inGroupSplitOf(g, routeTuning.splitInGroup);
    this.groupsInState = Math.min(8, routeTuning.groupsInState);
    for (const c of query.h0List) this.offer(c, 0);
    for (const p of query.enteredList) this.ready(p, 0);
  }

  private readonly rows: ProgramRows;
  /** 0 for months, 1 for cost: where a program's least is in rows.least */
  private readonly leastAt: number;

  private least(p: number): number {
    return this.rows.least[2 * p + this.leastAt] as number;
  }

  private offer(c: number, v: number): void {
    if (v < (this.cost[c] as number)) {
      this.costs.set(c, v);
      this.heap.push(v, c);
    }
  }

  /** A program whose every group is met, at `need`: what it awards can be had for its least cost more. */
  private ready(p: number, need: number): void {
    const { query } = this;
    if (isFinal(query, p) || !allowedAt(query, p)) return;
    if (this.relevant && ((query.ps[p] as number) & P_RELEVANT) === 0) return;
    this.listener?.ready(p, need);
    const v = this.least(p) + need;
    const { start, rows } = this.rows;
    const r = (start[p] as number) + 2;
    const end = r + 1 + (rows[r] as number);
    for (let k = r + 1; k < end; k++) this.offer(rows[k] as number, v);
  }

  /** The least cost not settled yet; Infinity when every obtainable credential is settled. */
  frontier(): number {
    const { heap, open, query } = this;
    for (;;) {
      let top = Number.POSITIVE_INFINITY;
      while (heap.size > 0) {
        const c = heap.topValue();
        if (((query.cs[c] as number) & C_SETTLED) !== 0 || heap.topPriority() > (this.cost[c] as number))
          heap.pop(this.top);
        else {
          top = heap.topPriority();
          break;
        }
      }
      // The next open program, if no dearer than the heap's best, puts what it awards in the heap first.
      while (this.openAt < open.length) {
        const p = open[this.openAt] as number;
        if (
          isFinal(query, p) ||
          !allowedAt(query, p) ||
          (this.relevant && ((query.ps[p] as number) & P_RELEVANT) === 0)
        )
          this.openAt++;
        else break;
      }
      if (this.openAt >= open.length) return top;
      const p = open[this.openAt] as number;
      if (this.least(p) > top) return top;
      this.openAt++;
      this.ready(p, 0);
    }
  }

  isSettled(c: number): boolean {
    return ((this.query.cs[c] as number) & C_SETTLED) !== 0;
  }

  /** Settles the cheapest credential not settled yet, if any. */
  settleNext(): void {
    if (this.frontier() === Number.POSITIVE_INFINITY) return;
    const { g } = this.query;
    this.heap.pop(this.top);
    const v = this.top[0];
    const c = this.top[1];
    setCredential(this.query, c, C_SETTLED);
    this.listener?.settled(c, v);
    const parts = this.splitParts(c);
    if (parts !== null) {
      // The available pairs only, in the list's (program, group) order: a merge of the parts of
      // the query's regions (a program listing two of them comes twice; its group is met once).
      const at = this.splitAt;
      at.length = 0;
      for (let i = 0; i < parts.length; i++) at.push(0);
      for (;;) {
        let best = -1;
        let bestP = 0;
        let bestGroup = 0;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i] as Int32Array;
          const j = at[i] as number;
          if (j >= part.length) continue;
          const p = part[j] as number;
          const group = part[j + 1] as number;
          if (best < 0 || p < bestP || (p === bestP && group < bestGroup)) {
            best = i;
            bestP = p;
            bestGroup = group;
          }
        }
        if (best < 0) break;
        at[best] = (at[best] as number) + 2;
        this.meet(bestP, bestGroup, v);
      }
      return;
    }
    const { start, pairs } = this.split;
    const { programCount, regionless } = g;
    const { ps } = this.query;
    const end = 2 * (start[c + 1] as number);
    for (let k = 2 * (start[c] as number); k < end; k += 2) {
      const p = pairs[k] as number;
      // A program not available in the region is never ready (ready() refuses it): its groups
      // need no count. Tested first, without the filters: a credential such as a diploma is
      // required by programs all over the country.
      if (p < programCount && regionless[p] === 0 && ((ps[p] as number) & P_LISTED) === 0) continue;
      this.meet(p, pairs[k + 1] as number, v);
    }
  }

  /** Group `group` of program p met by a credential settled at v. */
  private meet(p: number, group: number, v: number): void {
    const { query } = this;
    const { start, rows } = this.rows;
    const r = start[p] as number;
    const groups = rows[r + 1] as number;
    let state = query.ps[p] as number;
    let all: boolean;
    if (groups <= this.groupsInState) {
      const bit = P_GROUP_MET << group;
      if ((state & bit) !== 0) return;
      state |= bit;
      query.programState.set(p, state);
      all = (state & (P_GROUP_MET * ((1 << groups) - 1))) === P_GROUP_MET * ((1 << groups) - 1);
    } else {
      const slot = (rows[r] as number) + group;
      if (this.groupMet[slot] === 1) return;
      this.groupMets.set(slot, 1);
      const met = (this.metCounts.values[p] as number) + 1;
      this.metCounts.set(p, met);
      all = met === groups;
    }
    // Credentials settle in cost order, so the group met last is the dearest: the program's need.
    if (all && (state & P_ENTERED) === 0) this.ready(p, v);
  }

  private readonly splitAt: number[] = [];
  /** the requirement-group lists, flat and split by region (inGroupSplitOf) */
  private readonly split: InGroupSplit;

  /**
   * For a credential whose requirement-group list is split by region (inGroupSplitOf), the parts
   * the query's programs are available in; null to walk the whole list (a short one, or a query
   * over so many regions, a state's or the nation's, that the merge would cost more).
   */
  private splitParts(c: number): Int32Array[] | null {
    const { query } = this;
    if (query.listedIds.length > SPLIT_REGIONS) return null;
    const split = this.split.parts.get(c);
    return split === undefined ? null : partsFor(split, query.listedIds);
  }

  /**
   * A lower bound on the cost of obtaining a credential: exact once settled; else the frontier,
   * or the least cost of a program awarding it if that is more.
   */
  bound(c: number): number {
    if (((this.query.cs[c] as number) & (C_SETTLED | C_H0)) !== 0) return this.cost[c] as number;
    const frontier = this.frontier();
    return frontier === Number.POSITIVE_INFINITY ? frontier : Math.max(frontier, this.award[c] as number);
  }
}

/**
 * The allowed programs that can lead to a final one (each awarding what a later one requires or
 * gets credit for), found backward from the finals; null when they are too many to be worth
 * marking (a broad target), and then every program is used.
 */
function relevantTo(query: Query, finals: number[]): boolean {
  const { g, ps, cs } = query;
  const budget = Math.max(2000, g.programIds.length >> 3);
  const queue = [...finals];
  for (const f of finals) setProgram(query, f, P_RELEVANT);
  let visited = finals.length;
  while (queue.length > 0) {
    const q = queue.pop() as number;
    for (const c of g.inputs[q] as number[]) {
      if (((cs[c] as number) & (C_H0 | C_RELEVANT_SEEN)) !== 0) continue;
      setCredential(query, c, C_RELEVANT_SEEN);
      for (const p of g.awardedBy[c] as number[]) {
        if (((ps[p] as number) & P_RELEVANT) !== 0 || isFinal(query, p) || !allowedAt(query, p)) continue;
        setProgram(query, p, P_RELEVANT);
        queue.push(p);
        if (++visited > budget) return false;
      }
    }
  }
  return true;
}

/** A route suffix in the search: its steps first to last (the last is final) and what it still needs. */
interface SearchNode {
  steps: number[];
  /** requirement groups of its steps met neither by H0 nor by an earlier step of the suffix */
  open: number[][];
  /** the steps' least costs (at the most credit each could get), per metric */
  least1: number;
  least2: number;
  /** INCOME: the least months of its steps whose pay rate is 0 in any order */
  unpaid: number;
  /** the lower bounds, per metric, and their keys in the queue */
  lb1: number;
  lb2: number;
  k1: number;
  k2: number;
  /** the queue's keys: (k1, k2), or under INCOME (minus the netIncome bound's key, k1) */
  p1: number;
  p2: number;
  seq: number;
}

/** Whether a credential is in H0 or awarded by one of the first `before` steps. */
function heldBefore(query: Query, steps: number[], c: number, before: number): boolean {
  if (inH0(query, c)) return true;
  for (let k = 0; k < before; k++) if ((query.g.awards[steps[k] as number] as number[]).includes(c)) return true;
  return false;
}

/**
 * Whether step i of a suffix contributes to a later one: some later step u has a requirement group
 * met before u by what only i brought (LOST), or is granted fewer credits without it.
 */
function contributes(query: Query, steps: number[], i: number, lost: number[]): boolean {
  const { g } = query;
  const own = g.awards[steps[i] as number] as number[];
  for (let u = i + 1; u < steps.length; u++) {
    const later = steps[u] as number;
    lost.length = 0;
    for (const c of own) {
      if (inH0(query, c)) continue;
      let other = false;
      for (let k = 0; k < u && !other; k++) {
        if (k !== i && (g.awards[steps[k] as number] as number[]).includes(c)) other = true;
      }
      if (!other) lost.push(c);
    }
    if (lost.length === 0) continue;
    if (!isEntered(query, later)) {
      for (const group of g.requires[later] as number[][]) {
        let met = false;
        let metWithout = false;
        for (const c of group) {
          if (!heldBefore(query, steps, c, u)) continue;
          met = true;
          if (!lost.includes(c)) {
            metWithout = true;
            break;
          }
        }
        if (met && !metWithout) return true;
      }
    }
    const credits = g.credits[later] as number;
    if (credits > 0) {
      const from = g.creditFrom[later] as number[];
      const amount = g.creditAmount[later] as number[];
      let withAll = 0;
      let without = 0;
      for (let k = 0; k < from.length; k++) {
        const c = from[k] as number;
        if (!heldBefore(query, steps, c, u)) continue;
        withAll += amount[k] as number;
        if (!lost.includes(c)) without += amount[k] as number;
      }
      if (Math.min(without, credits) < Math.min(withAll, credits)) return true;
    }
  }
  return false;
}

/**
 * The open requirement groups of `p` put in front of a suffix (the suffix's open groups that p
 * does not meet, and p's own that H0 does not), or null when a non-final step of the new suffix
 * does not contribute to a later one: then no completion of it is a route.
 */
function extend(query: Query, p: number, parent: SearchNode | null): { steps: number[]; open: number[][] } | null {
  const { g } = query;
  const steps = parent ? [p, ...parent.steps] : [p];
  // p's awards from its row (programRowsOf), where the independence test has just read them.
  const { start, rows } = query.rows;
  const awardsAt = (start[p] as number) + 2;
  const awardsEnd = awardsAt + 1 + (rows[awardsAt] as number);
  const open: number[][] = [];
  for (const group of parent?.open ?? []) {
    let met = false;
    for (const c of group) for (let k = awardsAt + 1; k < awardsEnd; k++) if (rows[k] === c) met = true;
    if (!met) open.push(group);
  }
  if (!isEntered(query, p)) {
    for (const group of g.requires[p] as number[][]) {
      let met = false;
      for (const c of group) if (inH0(query, c)) met = true;
      if (!met) open.push(group);
    }
  }
  const lost: number[] = [];
  for (let i = 0; i < steps.length - 1; i++) if (!contributes(query, steps, i, lost)) return null;
  return { steps, open };
}

/** Two programs either order of which gives the same route: neither awards what the other requires or gets credit for. */
function independent(rows: ProgramRows, a: number, b: number): boolean {
  return !feeds(rows, a, b) && !feeds(rows, b, a);
}

/** Whether program a awards an input of program b (both read from their rows). */
function feeds({ start, rows }: ProgramRows, a: number, b: number): boolean {
  const awardsAt = (start[a] as number) + 2;
  const awardsEnd = awardsAt + 1 + (rows[awardsAt] as number);
  let inputsAt = (start[b] as number) + 2;
  inputsAt += 1 + (rows[inputsAt] as number); // past the awards
  inputsAt += 1 + (rows[inputsAt] as number); // past the occupations
  const inputsEnd = inputsAt + 1 + (rows[inputsAt] as number);
  for (let k = awardsAt + 1; k < awardsEnd; k++) {
    const c = rows[k] as number;
    for (let j = inputsAt + 1; j < inputsEnd; j++) if (rows[j] === c) return true;
  }
  return false;
}

/** The figures of one order of steps (CONTRACT.md sections 2 and 5), unrounded. */
interface Figures {
  months: number[];
  cost: number[];
  granted: number[];
  start: number[];
  rate: number[];
  workingAs: (string | null)[];
  /** per step: its end month (for exit points) */
  totalMonths: number;
  totalCost: number;
  totalCredits: number;
  earnings: number;
  monthsWithoutPay: number;
  firstPaycheckMonth: number;
  netIncome: number;
  destinationId: string;
  destinationWage: number | null;
}

/** A program whose schedules or modality leave room for a job (section 5). */
function compatibleWithWork(query: Query, p: number): boolean {
  const program = query.g.programs[p];
  if (!program) return false;
  if (program.modality === 'online') return true;
  for (const s of program.schedules ?? []) if (s === 'evening' || s === 'weekend' || s === 'self-paced') return true;
  return false;
}

/**
 * Every figure of an order of steps, computed forward from H0 as section 5 says: each step's
 * months and cost after credit, its start month and pay rate (a work step O → O2 earns O's pay; a
 * program with trainingWage earns it; a compatible one the best job held when it starts; any other
 * nothing), and the route's totals, destination and netIncome over the input's horizon.
 */
function figuresOf(query: Query, order: number[]): Figures {
  const { g } = query;
  const horizon = query.input.horizonMonths;
  const held = new Set<number>();
  let bestPay = Number.NEGATIVE_INFINITY;
  let bestId: string | null = null;
  const take = (c: number) => {
    if (held.has(c)) return;
    held.add(c);
    for (const o of g.qualifiesFor[c] as string[]) {
      const w = medianOf(query, o);
      if (w !== null && (w > bestPay || (w === bestPay && bestId !== null && o < bestId))) {
        bestPay = w;
        bestId = o;
      }
    }
  };
  for (const c of query.h0List) take(c);
  const has = (c: number) => held.has(c);
  const f: Figures = {
    months: [],
    cost: [],
    granted: [],
    start: [],
    rate: [],
    workingAs: [],
    totalMonths: 0,
    totalCost: 0,
    totalCredits: 0,
    earnings: 0,
    monthsWithoutPay: 0,
    firstPaycheckMonth: -1,
    netIncome: 0,
    destinationId: '',
    destinationWage: null,
  };
  let month = 0;
  for (const p of order) {
    const granted = grantedBy(g, p, has);
    const share = shareAfter(g, p, granted);
    const months = (g.months[p] as number) * share;
    const cost = (g.cost[p] as number) * share;
    let rate = 0;
    let workingAs: string | null = null;
    if (p >= g.programCount) {
      workingAs = (g.work[p - g.programCount] as { from: string }).from;
      rate = (medianOf(query, workingAs) ?? 0) / 12;
    } else {
      const trainingWage = g.programs[p]?.trainingWage;
      if (trainingWage !== undefined) rate = trainingWage / 12;
      else if (compatibleWithWork(query, p) && bestId !== null) {
        workingAs = bestId;
        rate = bestPay / 12;
      }
    }
    f.months.push(months);
    f.cost.push(cost);
    f.granted.push(granted);
    f.start.push(month);
    f.rate.push(rate);
    f.workingAs.push(workingAs);
    f.earnings += rate * months;
    if (rate > 0) {
      if (f.firstPaycheckMonth < 0) f.firstPaycheckMonth = month;
    } else f.monthsWithoutPay += months;
    f.netIncome += rate * Math.max(0, Math.min(month + months, horizon) - month);
    month += months;
    f.totalCost += cost;
    f.totalCredits += granted;
    for (const c of g.awards[p] as number[]) take(c);
  }
  f.totalMonths = month;
  if (f.firstPaycheckMonth < 0) f.firstPaycheckMonth = month;

  // The destination: among target occupations now held, the highest regional median (ties: smallest id).
  for (const c of held) {
    if (!qualifies(query, c)) continue;
    for (const occupationId of g.qualifiesFor[c] as string[]) {
      if (!isTarget(query, occupationId)) continue;
      const wage = medianOf(query, occupationId);
      const better =
        f.destinationId === '' ||
        (wage ?? Number.NEGATIVE_INFINITY) > (f.destinationWage ?? Number.NEGATIVE_INFINITY) ||
        (wage === f.destinationWage && occupationId < f.destinationId);
      if (better) {
        f.destinationId = occupationId;
        f.destinationWage = wage;
      }
    }
  }
  if (f.destinationId === '') throw new Error(`route engine: route ${order.join(',')} reaches no destination`);
  f.netIncome += ((f.destinationWage ?? 0) / 12) * Math.max(0, horizon - month) - f.totalCost;
  return f;
}

/**
 * A set of steps (the non-final ones and the final one) in its best order within the hard limits,
 * or null when no order is a route within them. Every order is tried that starts each step when
 * it can, puts the final step last, and has each step bring something not yet held; those whose
 * every non-final step contributes are routes (the test of `contributes`). Sets are small.
 */
function bestOrder(query: Query, set: number[], final: number): Found | null {
  const { g, input } = query;
  const { maxMonths, maxCost, maxMonthsWithoutPay } = input;
  const rest = set.filter((p) => p !== final);
  const order: number[] = [];
  const used = new Uint8Array(rest.length);
  const lost: number[] = [];
  const has = (c: number) => {
    if (inH0(query, c)) return true;
    for (const q of order) if ((g.awards[q] as number[]).includes(c)) return true;
    return false;
  };
  const startable = (p: number) =>
    isEntered(query, p) || (g.requires[p] as number[][]).every((group) => group.some((c) => has(c)));
  const setKey = [...set].sort((x, y) => x - y).join(',');
  let best: Found | null = null;
  const visit = () => {
    if (order.length === rest.length) {
      if (!startable(final)) return;
      const steps = [...order, final];
      for (let i = 0; i < steps.length - 1; i++) if (!contributes(query, steps, i, lost)) return;
      const f = figuresOf(query, steps);
      if (maxMonths !== undefined && f.totalMonths > maxMonths + LIMIT_SLACK) return;
      if (maxCost !== undefined && f.totalCost > maxCost + LIMIT_SLACK) return;
      if (maxMonthsWithoutPay !== undefined && f.monthsWithoutPay > maxMonthsWithoutPay + LIMIT_SLACK) return;
      const entry: Found = {
        order: steps,
        setKey,
        key: keyOf(query, f, steps.length),
        ids: steps.map((p) => g.programIds[p]).join('\u0000'),
        figures: f,
      };
      if (!best || beforeFound(entry, best)) best = entry;
      return;
    }
    for (let k = 0; k < rest.length; k++) {
      if (used[k] === 1) continue;
      const p = rest[k] as number;
      if (!startable(p) || (g.awards[p] as number[]).every((c) => has(c))) continue;
      used[k] = 1;
      order.push(p);
      visit();
      order.pop();
      used[k] = 0;
    }
  };
  visit();
  return best;
}

/** Per route graph: the highest trainingWage of any program, and of any program without requirements. */
export interface TrainingWages {
  any: number;
  open: number;
}

const TRAINING_WAGES: RouteTable<TrainingWages> = { build: buildTrainingWages, update: trainingWagesWithDelta };

/** The per-graph tables of this file, for the property test of their updates by a delta. */
export const ROUTE_SEARCH_TABLES = {
  finalTables: FINAL_TABLES,
  programRows: PROGRAM_ROWS,
  trainingWages: TRAINING_WAGES,
} as const;

function trainingWagesOf(g: RouteGraph): TrainingWages {
  return routeTable(g, TRAINING_WAGES);
}

function buildTrainingWages(g: RouteGraph): TrainingWages {
  const wages = { any: 0, open: 0 };
  for (const program of g.programs) {
    if (program.trainingWage !== undefined && program.trainingWage > wages.any) wages.any = program.trainingWage;
  }
  for (const p of g.openPrograms) {
    const w = g.programs[p]?.trainingWage;
    if (w !== undefined && w > wages.open) wages.open = w;
  }
  return wages;
}

/**
 * The highest training wages of `g` from those of `delta.from`: the highest of the old ones and
 * the changed and added programs' (a changed program keeps its number of groups, so whether it is
 * open). Undefined (build in full) when a changed program had the highest and now has less: the
 * next highest is not known.
 */
function trainingWagesWithDelta(
  previous: TrainingWages,
  g: RouteGraph,
  delta: RouteGraphDelta,
): TrainingWages | undefined {
  const { from } = delta;
  const n0 = from.programCount;
  let { any, open } = previous;
  const take = (p: number, w: number | undefined) => {
    if (w === undefined) return;
    if (w > any) any = w;
    if ((g.groupCount[p] as number) === 0 && w > open) open = w;
  };
  for (const p of delta.changed) {
    if (p >= n0) continue;
    const was = (from.programs[p] as Program).trainingWage;
    const now = (g.programs[p] as Program).trainingWage;
    const fell = was !== undefined && !(now !== undefined && now >= was);
    if (fell && was > 0 && (was === previous.any || ((from.groupCount[p] as number) === 0 && was === previous.open)))
      return undefined;
    take(p, now);
  }
  for (let p = n0; p < g.programCount; p++) take(p, (g.programs[p] as Program).trainingWage);
  return { any, open };
}

/** What the forward bounds tell a listener: when a credential can first be held, when a program can first start. */
interface ForwardListener {
  settled(c: number, at: number): void;
  ready(p: number, at: number): void;
}

/**
 * The pay bounds of an INCOME query (see the proof at the top of the file): the highest monthly
 * rate r any step of any route can have; the pay ladder R(t), the highest rate any step can have
 * at month t, learnt from the forward bounds as they settle (r from the frontier on); and per
 * final step the destination's monthly pay.
 */
class IncomeBound implements ForwardListener {
  readonly maxRate: number;
  private readonly destinationPay = new Map<number, number>();
  /** the ladder below the frontier: from month at[i] on, R ≥ rate[i]; both increasing */
  private readonly at: number[] = [0];
  private readonly rate: number[];
  private frontier: () => number = () => 0;

  constructor(private readonly query: Query) {
    const { g, index } = query;
    // Before the last step no target can be held, so a job held during a route is not a target.
    let best = 0;
    for (const occupationId of index.wages.keys()) {
      if (isTarget(query, occupationId)) continue;
      const w = medianOf(query, occupationId);
      if (w !== null && w > best) best = w;
    }
    const wages = trainingWagesOf(g);
    this.maxRate = Math.max(best, wages.any) / 12;
    // A program without requirements may start at month 0 (the forward bounds ready it later).
    this.rate = [wages.open / 12];
  }

  /** Reads the frontier of the forward bounds: below it the ladder is complete. */
  follow(frontier: () => number): void {
    this.frontier = frontier;
  }

  /** Whether the ladder is still below r (settling further may lower it). */
  belowMax(): boolean {
    return (this.rate[this.rate.length - 1] as number) < this.maxRate;
  }

  /** R(t) ≥ rate from month `at` on. Events come in month order but for programs ready at 0. */
  private raise(at: number, rate: number): void {
    const times = this.at;
    const rates = this.rate;
    let i = times.length - 1;
    while (i > 0 && (times[i] as number) > at) i--;
    if ((rates[i] as number) >= rate) return; // the ladder is already as high from here on
    if ((times[i] as number) < at) {
      i++;
      times.splice(i, 0, at);
      rates.splice(i, 0, rate);
    }
    for (let k = i; k < rates.length && (rates[k] as number) < rate; k++) rates[k] = rate;
  }

  /** A credential held from month `at` on: the jobs it qualifies for can pay a step from then. */
  settled(c: number, at: number): void {
    const { query } = this;
    let best = 0;
    for (const o of query.g.qualifiesFor[c] as string[]) best = Math.max(best, medianOf(query, o) ?? 0);
    if (best > 0) this.raise(at, best / 12);
  }

  /** A program startable from month `at` on: its trainingWage can pay from then. */
  ready(p: number, at: number): void {
    const w = this.query.g.programs[p]?.trainingWage;
    if (w !== undefined && w > 0) this.raise(at, w / 12);
  }

  /** ∫ from 0 to x of max(R(t), floor). */
  private earned(x: number, floor: number, frontier: number): number {
    const { at, rate } = this;
    let sum = 0;
    for (let i = 0; i < at.length; i++) {
      const from = at[i] as number;
      if (from >= x || from >= frontier) break;
      const to = Math.min(i + 1 < at.length ? (at[i + 1] as number) : Number.POSITIVE_INFINITY, x, frontier);
      sum += Math.max(rate[i] as number, floor) * (to - from);
    }
    if (x > frontier) sum += Math.max(this.maxRate, floor) * (x - frontier);
    return sum;
  }

  /** The monthly pay of the destination of every route whose last step is `f`. */
  payAfter(f: number): number {
    let pay = this.destinationPay.get(f);
    if (pay === undefined) {
      const { query } = this;
      let best = Number.NEGATIVE_INFINITY;
      for (const c of query.g.awards[f] as number[]) {
        if (!qualifies(query, c)) continue;
        for (const o of query.g.qualifiesFor[c] as string[]) {
          if (!isTarget(query, o)) continue;
          best = Math.max(best, medianOf(query, o) ?? 0);
        }
      }
      pay = best === Number.NEGATIVE_INFINITY ? 0 : best / 12;
      this.destinationPay.set(f, pay);
    }
    return pay;
  }

  /** Whether a step's rate is 0 whenever it is taken: a program neither paid nor compatible with work, a work step from an occupation without pay. */
  unpaid(p: number): boolean {
    const { query } = this;
    if (p >= query.g.programCount) {
      return !((medianOf(query, (query.g.work[p - query.g.programCount] as { from: string }).from) ?? 0) > 0);
    }
    const trainingWage = query.g.programs[p]?.trainingWage;
    return trainingWage !== undefined ? !(trainingWage > 0) : !compatibleWithWork(query, p);
  }

  /**
   * An upper bound on netIncome of every route ending with `f` of at least `months` in all and
   * `cost`, of which at least `unpaidMonths` in steps that are always unpaid.
   */
  bound(f: number, months: number, cost: number, unpaidMonths: number): number {
    const horizon = this.query.input.horizonMonths;
    const destination = this.payAfter(f);
    // The final step is the one step no forward bound covers: its own trainingWage may pay it at any month.
    const w = f < this.query.g.programCount ? this.query.g.programs[f]?.trainingWage : undefined;
    const floor = w !== undefined && w > 0 ? w / 12 : 0;
    const frontier = this.frontier();
    let best = this.earned(horizon, floor, frontier);
    if (months <= horizon) {
      const within =
        this.earned(months, floor, frontier) -
        this.earned(Math.min(unpaidMonths, months), floor, frontier) +
        destination * (horizon - months);
      if (within > best) best = within;
    }
    return best - cost;
  }
}

/**
 * The best-first search; returns the best `limit` distinct step sets in their best orders. The
 * finals are given as a list, or (default target, not INCOME) to be merged as reached.
 */
function search(query: Query, finals: number[] | null, merged: DefaultFinals | null): Found[] {
  const { g, input } = query;
  const { limit, maxMonths, maxCost } = input;
  const income = input.objective === 'INCOME';
  // INCOME searches over months (its bound needs them) with cost second, and queues by its bound.
  const time = input.objective !== 'COST';
  // A step's least months and cost (base × minShare), side by side per program.
  const programRows = query.rows;
  const { least } = programRows;
  const at1 = time ? 0 : 1;
  const least1 = (p: number) => least[2 * p + at1] as number;
  const least2 = (p: number) => least[2 * p + 1 - at1] as number;
  const pay = income ? new IncomeBound(query) : null;
  const forward = new Forward(query, time ? 'months' : 'cost', finals !== null && relevantTo(query, finals), pay);
  const award2 = time ? g.awardCost : g.awardMonths;
  if (pay) {
    pay.follow(() => forward.frontier());
    // The pay ladder up to the horizon before anything is ranked by it (the bounds are sound at
    // any point of the settling; they are only tighter after it).
    while (pay.belowMax() && forward.frontier() < input.horizonMonths) forward.settleNext();
  }
  let seq = 0;
  const heap = new Heap<SearchNode>(
    (a, b) => a.p1 < b.p1 || (a.p1 === b.p1 && (a.p2 < b.p2 || (a.p2 === b.p2 && a.seq < b.seq))),
  );

  const found = new Map<string, Found | null>();
  const best: Found[] = [];
  const kth = () => (best.length >= limit ? (best[limit - 1] as Found) : null);
  const worseThanKth = (p1: number, p2: number) => {
    const last = kth();
    if (last === null) return false;
    const q1 = last.key[0] as number;
    return p1 > q1 || (p1 === q1 && p2 > (last.key[1] as number));
  };

  /** A complete route found: its set is evaluated once, in every order, and ranked in its best. */
  const record = (steps: number[]) => {
    const setKey = [...steps].sort((x, y) => x - y).join(',');
    if (found.has(setKey)) return;
    const entry = bestOrder(query, steps, steps[steps.length - 1] as number);
    found.set(setKey, entry);
    if (entry === null) return;
    const last = kth();
    if (last && !beforeFound(entry, last)) return;
    best.push(entry);
    best.sort((x, y) => (beforeFound(x, y) ? -1 : beforeFound(y, x) ? 1 : 0));
    if (best.length > limit) best.length = limit;
  };

  /** The lower bounds: the steps' least costs, plus the dearest open group's cheapest member to obtain. */
  const evaluate = (node: SearchNode): void => {
    let h1 = 0;
    let h2 = 0;
    for (const group of node.open) {
      let cheapest1 = Number.POSITIVE_INFINITY;
      let cheapest2 = Number.POSITIVE_INFINITY;
      for (const c of group) {
        cheapest1 = Math.min(cheapest1, forward.bound(c));
        // Secondary: one step of lookahead only (the cheapest program awarding it), as it only breaks ties.
        cheapest2 = Math.min(cheapest2, award2[c] as number);
      }
      h1 = Math.max(h1, cheapest1);
      h2 = Math.max(h2, cheapest2);
    }
    node.lb1 = node.least1 + h1;
    node.k1 = boundKey(node.lb1);
    node.lb2 = node.least2 + h2;
    node.k2 = boundKey(node.lb2);
    if (pay) {
      const f = node.steps[node.steps.length - 1] as number;
      node.p1 = -upperKey(pay.bound(f, node.lb1, node.lb2, node.unpaid));
      node.p2 = node.k1;
    } else {
      node.p1 = node.k1;
      node.p2 = node.k2;
    }
  };

  const consider = (first: number, parent: SearchNode | null) => {
    const extended = extend(query, first, parent);
    if (extended === null) return;
    const { steps, open } = extended;
    const node: SearchNode = {
      steps,
      open,
      least1: (parent?.least1 ?? 0) + least1(first),
      least2: (parent?.least2 ?? 0) + least2(first),
      unpaid: (parent?.unpaid ?? 0) + (pay?.unpaid(first) ? least1(first) : 0),
      lb1: 0,
      lb2: 0,
      k1: 0,
      k2: 0,
      p1: 0,
      p2: 0,
      seq: seq++,
    };
    evaluate(node);
    if (node.lb1 === Number.POSITIVE_INFINITY) return; // an open group nothing can meet
    const lbMonths = time ? node.lb1 : node.lb2;
    const lbCost = time ? node.lb2 : node.lb1;
    if (maxMonths !== undefined && lbMonths > maxMonths + LIMIT_SLACK) return;
    if (maxCost !== undefined && lbCost > maxCost + LIMIT_SLACK) return;
    if (open.length === 0) record(steps);
    if (worseThanKth(node.p1, node.p2)) return;
    heap.push(node);
  };

  // The programs that may be put in front for a credential: the allowed non-final ones awarding
  // it, filtered once per query (a credential awarded in every county, such as a high school
  // equivalency, would otherwise be scanned nationwide at every expansion).
  const fronts = new Map<number, number[]>();
  const frontFor = (c: number): number[] => {
    let list = fronts.get(c);
    if (list === undefined) {
      list = [];
      for (const p of g.awardedBy[c] as number[]) if (!isFinal(query, p) && allowedAt(query, p)) list.push(p);
      fronts.set(c, list);
    }
    return list;
  };
  const candidateMark = g.scratch.markArray('candidates');
  const candidates: number[] = [];
  let expansion = 0;

  // Final programs enter the queue in order of their least cost (INCOME: of their greatest
  // bound), when the search reaches it.
  let seeds: Seeds;
  let seedPriority: (f: number) => number;
  if (finals) {
    const seedKey = g.scratch.unset('seed-key');
    for (const f of finals) {
      seedKey[f] = pay ? -pay.bound(f, least1(f), least2(f), pay.unpaid(f) ? least1(f) : 0) : least1(f);
    }
    seeds = new ListedSeeds(
      Int32Array.from(finals).sort((a, b) => (seedKey[a] as number) - (seedKey[b] as number) || a - b),
    );
    seedPriority = (f) => (pay ? -upperKey(-(seedKey[f] as number)) : boundKey(seedKey[f] as number));
  } else {
    if (pay || !merged) throw new Error('route engine: INCOME needs its finals listed');
    seeds = new MergedSeeds(query, merged, time ? 'months' : 'cost');
    seedPriority = (f) => boundKey(least1(f));
  }
  const hasOpenUnsettled = (node: SearchNode) => node.open.some((group) => !group.some((c) => forward.isSettled(c)));
  let seedsLeft = true;
  for (;;) {
    while (seedsLeft) {
      const next = seeds.peek();
      if (next < 0) break;
      const key = seedPriority(next);
      const waiting = heap.peek();
      if (waiting && key > waiting.p1) break;
      const last = kth();
      if (last && key > (last.key[0] as number)) {
        seedsLeft = false; // every final left is worse than the k-th best route
        break;
      }
      seeds.skip();
      consider(next, null);
    }
    const top = heap.peek();
    if (!top || worseThanKth(top.p1, top.p2)) break;
    heap.pop();
    // Settle the forward bounds until each open group has a member settled (its exact cheapest),
    // or up to a quarter past this level: a state whose groups cost more then goes back at least
    // that far instead of climbing the queue a little at a time. If its bound rose, it waits its turn.
    const ceiling = 1.25 * top.lb1 + 0.5;
    while (hasOpenUnsettled(top) && forward.frontier() <= ceiling) forward.settleNext();
    const p1 = top.p1;
    evaluate(top);
    if (top.lb1 === Number.POSITIVE_INFINITY) continue;
    if (top.p1 > p1) {
      top.seq = seq++;
      heap.push(top);
      continue;
    }

    // Put in front any program that meets an open group or gets credit into a step.
    const { steps } = top;
    expansion = g.scratch.nextMark();
    candidates.length = 0;
    const add = (c: number) => {
      for (const p of frontFor(c)) {
        if (candidateMark[p] === expansion) continue;
        candidateMark[p] = expansion;
        candidates.push(p);
      }
    };
    for (const group of top.open) for (const c of group) add(c);
    for (const step of steps) {
      if (!((g.credits[step] as number) > 0)) continue;
      for (const c of g.creditFrom[step] as number[]) if (!inH0(query, c)) add(c);
    }
    const front = steps[0] as number;
    for (const p of candidates) {
      if (steps.includes(p)) continue;
      if (p > front && independent(programRows, p, front)) continue; // the other order is built instead
      consider(p, top);
    }
  }
  return best;
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

/** A route's report: steps with months, cost, pay after credit, totals, destination and exit points. */
function buildRoute(query: Query, order: number[], f: Figures, rank: number): Route {
  const { g } = query;
  const held = new Set<number>(query.h0List);
  const steps: RouteStep[] = [];
  const exitPoints: ExitPoint[] = [];
  order.forEach((p, i) => {
    const months = f.months[i] as number;
    const common = {
      startMonth: roundTo(f.start[i] as number, 4),
      months: roundTo(months, 4),
      cost: roundTo(f.cost[i] as number, 2),
      creditsGranted: roundTo(f.granted[i] as number, 4),
      workingAsId: f.workingAs[i] as string | null,
      earnings: roundTo((f.rate[i] as number) * months, 2),
    };
    const program = g.programs[p];
    if (!program) {
      const work = g.work[p - g.programCount] as { from: string; to: string; years: number };
      steps.push({
        kind: 'WORK',
        programId: '',
        providerId: '',
        edge: { from: work.from, to: work.to, years: work.years },
        ...common,
        awards: [],
        supportIds: [],
        missingSupports: [],
      });
      return;
    }
    const supports = supportsAt(query, p);
    steps.push({
      kind: 'PROGRAM',
      programId: program.id,
      providerId: program.providerId,
      ...common,
      awards: [...program.awards],
      supportIds: supports.map((s) => s.id),
      missingSupports: missingSupports(query, supports),
    });
    const end = roundTo((f.start[i] as number) + months, 4);
    for (const c of g.awards[p] as number[]) {
      if (held.has(c) || c >= g.credentialCount) continue;
      held.add(c);
      for (const occupationId of g.qualifiesFor[c] as string[]) {
        const wage = medianOf(query, occupationId);
        exitPoints.push({
          credentialId: g.credentialIds[c] as string,
          occupationId,
          medianAnnual: wage,
          familySupporting: isFamilySupporting(query, wage),
          month: end,
        });
      }
    }
  });
  return {
    rank,
    programIds: order.map((p) => g.programIds[p] as string),
    steps,
    totalMonths: roundTo(f.totalMonths, 4),
    totalCost: roundTo(f.totalCost, 2),
    creditsGranted: roundTo(f.totalCredits, 4),
    destinationId: f.destinationId,
    destinationWage: f.destinationWage,
    familySupporting: isFamilySupporting(query, f.destinationWage),
    exitPoints,
    earningsDuringRoute: roundTo(f.earnings, 2),
    monthsWithoutPay: roundTo(f.monthsWithoutPay, 4),
    firstPaycheckMonth: roundTo(f.firstPaycheckMonth, 4),
    netIncome: roundTo(f.netIncome, 2),
    threshold: query.threshold,
  };
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}
