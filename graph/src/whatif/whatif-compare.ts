/**
 * What both what-if engines share: the answer's shape and how one side of it is asked (the best
 * route of every entry point of R, the gaps of R) and how the two sides are compared
 * (CONTRACT.md section 7). The engines differ only in how they get the graph after the change
 * and which work they keep between calls.
 */
import { findGaps } from '../gaps/gap-finder.ts';
import type { GapKind } from '../gaps/gap-input.ts';
import type { Household } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { type Objective, parseRouteInput, type Route } from '../routing/route-input.ts';
import { searchRoutes } from '../routing/route-search.ts';

export type RouteChange = 'GAINED' | 'LOST' | 'BETTER' | 'WORSE' | 'SAME';

export interface EntryPointChange {
  entryPointId: string;
  change: RouteChange;
  /** before − after; null unless both sides have a route */
  monthsSaved: number | null;
  costSaved: number | null;
  before: Route | null;
  after: Route | null;
}

export interface GapKey {
  kind: GapKind;
  subjectId: string;
}

export interface WhatIfAnswer {
  regionId: string;
  household: Household;
  objective: Objective;
  entryPoints: EntryPointChange[];
  gapsClosed: GapKey[];
  gapsOpened: GapKey[];
  /** The graph before (the snapshot's) and after the change: what the answer's ids resolve in. */
  before: GraphIndex;
  after: GraphIndex;
}

/** One side of a what-if: each entry point's best route (null: none), and the gaps of R. */
export interface Side {
  routes: Map<string, Route | null>;
  gaps: Map<string, GapKey>;
}

export interface SideQuestion {
  regionId: string;
  household: Household;
  objective: Objective;
}

/** The entry points of section 7: those that list R or no region (read literally, as the gaps do). */
export function entryPointIdsIn(index: GraphIndex, regionId: string): string[] {
  const out: string[] = [];
  for (const ep of index.entryPoints.values()) {
    const regions = ep.regionIds ?? [];
    if (regions.length === 0 || regions.includes(regionId)) out.push(ep.id);
  }
  return out.sort(compareIds);
}

/** The best route (limit 1, the objective, the household, no other input) for one entry point. */
export function bestRoute(index: GraphIndex, q: SideQuestion, entryPointId: string): Route | null {
  const input = parseRouteInput({
    regionId: q.regionId,
    household: q.household,
    objective: q.objective,
    entryPointId,
    limit: 1,
  });
  return searchRoutes(index, input).routes[0] ?? null;
}

export const gapKeyText = (g: GapKey) => `${g.kind}\u0000${g.subjectId}`;

/** The (kind, subjectId) gaps of sections 3 and 6 for R and the household, default floors. */
export function gapKeys(index: GraphIndex, q: SideQuestion): Map<string, GapKey> {
  const out = new Map<string, GapKey>();
  for (const gap of findGaps(index, { regionId: q.regionId, household: q.household })) {
    const key = { kind: gap.kind, subjectId: gap.subjectId };
    out.set(gapKeyText(key), key);
  }
  return out;
}

/** The routes side of one graph. */
export function routesSide(index: GraphIndex, q: SideQuestion): Map<string, Route | null> {
  const out = new Map<string, Route | null>();
  for (const id of entryPointIdsIn(index, q.regionId)) out.set(id, bestRoute(index, q, id));
  return out;
}

function roundTo(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale + 0;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Equal keys within rounding of sums of decimals (the route engine's own tie tolerance is finer). */
const TIE = 1e-9;

/** The objective's key of a route, smaller is better. */
function keyOf(route: Route, objective: Objective): number {
  if (objective === 'COST') return route.totalCost;
  if (objective === 'INCOME') return -route.netIncome;
  return route.totalMonths;
}

export function classify(before: Route | null, after: Route | null, objective: Objective): RouteChange {
  if (!before) return after ? 'GAINED' : 'SAME';
  if (!after) return 'LOST';
  const b = keyOf(before, objective);
  const a = keyOf(after, objective);
  if (Math.abs(a - b) <= TIE * Math.max(1, Math.abs(a), Math.abs(b))) return 'SAME';
  return a < b ? 'BETTER' : 'WORSE';
}

function gapDiff(from: Map<string, GapKey>, to: Map<string, GapKey>): GapKey[] {
  return [...from]
    .filter(([key]) => !to.has(key))
    .map(([, g]) => g)
    .sort((x, y) => compareIds(x.kind, y.kind) || compareIds(x.subjectId, y.subjectId));
}

/** The answer from both sides, entry points in id order (those of either side). */
export function compareSides(
  q: SideQuestion,
  before: { index: GraphIndex; side: Side },
  after: { index: GraphIndex; side: Side },
): WhatIfAnswer {
  const ids = [...new Set([...before.side.routes.keys(), ...after.side.routes.keys()])].sort(compareIds);
  const entryPoints = ids.map((entryPointId): EntryPointChange => {
    const b = before.side.routes.get(entryPointId) ?? null;
    const a = after.side.routes.get(entryPointId) ?? null;
    const both = b !== null && a !== null;
    return {
      entryPointId,
      change: classify(b, a, q.objective),
      // Differences of the figures the two routes report (months to 4 places, dollars to cents).
      monthsSaved: both ? roundTo(b.totalMonths - a.totalMonths, 4) : null,
      costSaved: both ? roundTo(b.totalCost - a.totalCost, 2) : null,
      before: b,
      after: a,
    };
  });
  return {
    regionId: q.regionId,
    household: q.household,
    objective: q.objective,
    entryPoints,
    gapsClosed: gapDiff(before.side.gaps, after.side.gaps),
    gapsOpened: gapDiff(after.side.gaps, before.side.gaps),
    before: before.index,
    after: after.index,
  };
}
