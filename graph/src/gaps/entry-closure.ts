/**
 * What a participant can reach in a region, ignoring order, time and the no-detour rule: start
 * any startable available program, add its awards to H, repeat until nothing changes. A route to
 * a target exists exactly when this closure holds a credential that qualifies for it: every
 * route's programs are in the closure, and a minimal subsequence of the closure's start order
 * that still ends holding such a credential is a route with no detours.
 *
 * The closure of "nobody in particular" (programs open to everyone and what they lead to) is
 * computed once per region; each entry point adds only its own difference to it, so entry
 * points cost what they reach beyond the common part.
 */
import { defineGapView, type GapGraph, type RegionContext } from './gap-graph.ts';

/**
 * A credential's requirement groups by program, for the few credentials (a diploma) listed in
 * more groups than a class has programs: holding one then visits the groups of the programs
 * listing no region (kept apart, available everywhere) and those of the class's listed
 * programs, not every group of the graph (tens of thousands at 1,000,000 nodes) in every class.
 */
const hubGroups = defineGapView('hub-groups', (graph: GapGraph) => {
  const programs = graph.programs.size;
  const limit = Math.max(64, programs >> 6);
  const hubs = new Map<number, { start: Int32Array; groups: Int32Array; regionFree: Int32Array }>();
  const { credentialGroups } = graph;
  for (let c = 0; c < credentialGroups.size; c++) {
    if (credentialGroups.count(c) <= limit) continue;
    const list = credentialGroups.of(c);
    const start = new Int32Array(programs + 1);
    for (const g of list) {
      const p = graph.groupProgram[g] as number;
      start[p + 1] = (start[p + 1] as number) + 1;
    }
    for (let p = 0; p < programs; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
    const regionFree = list.filter((g) => graph.regionFree[graph.groupProgram[g] as number] === 1);
    hubs.set(c, { start, groups: list.slice(), regionFree });
  }
  return hubs;
});

/**
 * Calls `visit` for each requirement group listing `c` whose program is available, until it
 * returns true (then returns true).
 */
function forAvailableGroups(
  graph: GapGraph,
  ctx: RegionContext,
  c: number,
  visit: (g: number, q: number) => boolean,
): boolean {
  const { start: groupsStart, list: groupsList } = graph.credentialGroups;
  const from = groupsStart[c] as number;
  const to = groupsStart[c + 1] as number;
  const hub = to - from > 64 ? hubGroups(graph).get(c) : undefined;
  if (hub && ctx.listedAvailable.length < to - from) {
    const { start, groups, regionFree } = hub;
    for (const g of regionFree) if (visit(g, graph.groupProgram[g] as number)) return true;
    for (const q of ctx.listedAvailable) {
      for (let k = start[q] as number; k < (start[q + 1] as number); k++)
        if (visit(groups[k] as number, q)) return true;
    }
    return false;
  }
  for (let k = from; k < to; k++) {
    const g = groupsList[k] as number;
    const q = graph.groupProgram[g] as number;
    if (ctx.isAvailable(q) && visit(g, q)) return true;
  }
  return false;
}

/** The programs listing no region that require nothing: where everyone's closure starts, in every region. */
const startablePrograms = defineGapView('region-free-startable', (graph: GapGraph) => {
  const list: number[] = [];
  graph.regionFree.forEach((free, p) => {
    if (free === 1 && graph.groupCount[p] === 0) list.push(p);
  });
  return Int32Array.from(list);
});

export class BaseClosure {
  // Sets and a map, not arrays the size of the graph: this is built for every region class of an
  // all-regions request and reaches only what is available there. Requirement groups of
  // programs not available in the region are passed over first: a diploma is in the groups of
  // programs everywhere, and only the region's own can start.
  readonly held = new Set<number>();
  readonly groupSatisfied = new Set<number>();
  /** Requirement groups still unmet, for the available programs where some are met (others: all of theirs). */
  readonly remaining = new Map<number, number>();
  readonly started = new Set<number>();
  readonly programs: number[] = [];
  readonly credentials: number[] = [];
  /**
   * Whether everyone in the region already reaches a qualifying credential. The walk stops at
   * the first one (then every entry point has a route, and nothing else is read), so the lists
   * above are complete only when this is false.
   */
  readonly qualifies: boolean;

  constructor(
    readonly graph: GapGraph,
    readonly ctx: RegionContext,
  ) {
    const queue: number[] = [];
    // A program that can start and awards a qualifying credential settles it: holding a diploma
    // unlocks thousands of programs at once, and the first such one is usually among the first.
    const { start: awardsStart, list: awardsList } = graph.awards;
    const awardsQualifying = (q: number) => {
      for (let k = awardsStart[q] as number, end = awardsStart[q + 1] as number; k < end; k++)
        if (ctx.qualifies(awardsList[k] as number)) return true;
      return false;
    };
    const satisfy = (g: number, q: number): boolean => {
      if (this.groupSatisfied.has(g)) return false;
      this.groupSatisfied.add(g);
      const left = this.remainingOf(q) - 1;
      this.remaining.set(q, left);
      if (left === 0 && !this.started.has(q)) {
        this.started.add(q);
        queue.push(q);
        return awardsQualifying(q);
      }
      return false;
    };
    const startable = startablePrograms(graph);
    for (const list of [startable, ctx.listedAvailable]) {
      for (const p of list) {
        if (graph.groupCount[p] === 0) {
          this.started.add(p);
          queue.push(p);
        }
      }
    }
    let qualifies = false;
    while (queue.length > 0 && !qualifies) {
      const p = queue.pop() as number;
      this.programs.push(p);
      for (let k = awardsStart[p] as number, end = awardsStart[p + 1] as number; k < end; k++) {
        const c = awardsList[k] as number;
        if (this.held.has(c)) continue;
        this.held.add(c);
        this.credentials.push(c);
        if (ctx.qualifies(c) || forAvailableGroups(graph, ctx, c, satisfy)) {
          qualifies = true;
          break;
        }
      }
    }
    this.qualifies = qualifies;
  }

  /** How many of a program's requirement groups the base closure leaves unmet (counted for available programs only). */
  remainingOf(program: number): number {
    return this.remaining.get(program) ?? (this.graph.groupCount[program] as number);
  }
}

export interface EntryClosure {
  qualifies: boolean;
  /** Programs and credentials reached beyond the base closure (complete only when `qualifies` is false). */
  programs: number[];
  credentials: number[];
}

/**
 * The closure from `holds` and `enters` (entered programs start whatever their requires, if
 * available). Stops early once a qualifying credential is held, since then a route exists.
 */
export function entryClosure(base: BaseClosure, holds: number[], enters: number[]): EntryClosure {
  const { graph, ctx } = base;
  const held = new Set<number>();
  const satisfied = new Set<number>();
  const remaining = new Map<number, number>();
  const started = new Set<number>();
  const queue: number[] = [];
  let qualifies = base.qualifies;

  const start = (p: number) => {
    if (base.started.has(p) || started.has(p)) return;
    started.add(p);
    queue.push(p);
  };
  const hold = (c: number) => {
    if (base.held.has(c) || held.has(c)) return;
    held.add(c);
    if (ctx.qualifies(c)) qualifies = true;
    forAvailableGroups(graph, ctx, c, satisfy);
  };
  const satisfy = (g: number, q: number): boolean => {
    if (base.groupSatisfied.has(g) || satisfied.has(g)) return false;
    satisfied.add(g);
    const left = (remaining.get(q) ?? base.remainingOf(q)) - 1;
    remaining.set(q, left);
    if (left === 0) start(q);
    return false;
  };

  for (const c of holds) hold(c);
  for (const p of enters) if (ctx.isAvailable(p)) start(p);
  while (queue.length > 0 && !qualifies) {
    const p = queue.pop() as number;
    for (let k = graph.awards.start[p] as number, end = graph.awards.start[p + 1] as number; k < end; k++)
      hold(graph.awards.list[k] as number);
  }
  return { qualifies, programs: [...started], credentials: [...held] };
}
