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
import type { GapGraph, RegionContext } from './gap-graph.ts';

export class BaseClosure {
  readonly held: Uint8Array;
  readonly groupSatisfied: Uint8Array;
  readonly remaining: Int32Array;
  readonly started: Uint8Array;
  readonly programs: number[] = [];
  readonly credentials: number[] = [];
  /** Whether everyone in the region already reaches a qualifying credential. */
  readonly qualifies: boolean;

  constructor(
    readonly graph: GapGraph,
    readonly ctx: RegionContext,
  ) {
    const programCount = graph.programs.size;
    this.held = new Uint8Array(graph.credentials.size);
    this.groupSatisfied = new Uint8Array(graph.groupProgram.length);
    this.remaining = new Int32Array(programCount);
    this.started = new Uint8Array(programCount);
    const queue: number[] = [];
    this.remaining.set(graph.groupCount);
    for (const p of ctx.availableList) {
      if (this.remaining[p] === 0) {
        this.started[p] = 1;
        queue.push(p);
      }
    }
    let qualifies = false;
    while (queue.length > 0) {
      const p = queue.pop() as number;
      this.programs.push(p);
      for (const c of graph.awards[p] as number[]) {
        if (this.held[c] === 1) continue;
        this.held[c] = 1;
        this.credentials.push(c);
        if (ctx.qualifying[c] === 1) qualifies = true;
        for (const g of graph.credentialGroups[c] as number[]) {
          if (this.groupSatisfied[g] === 1) continue;
          this.groupSatisfied[g] = 1;
          const q = graph.groupProgram[g] as number;
          this.remaining[q] = (this.remaining[q] as number) - 1;
          if (this.remaining[q] === 0 && ctx.available[q] === 1 && this.started[q] === 0) {
            this.started[q] = 1;
            queue.push(q);
          }
        }
      }
    }
    this.qualifies = qualifies;
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
    if (base.started[p] === 1 || started.has(p)) return;
    started.add(p);
    queue.push(p);
  };
  const hold = (c: number) => {
    if (base.held[c] === 1 || held.has(c)) return;
    held.add(c);
    if (ctx.qualifying[c] === 1) qualifies = true;
    for (const g of graph.credentialGroups[c] as number[]) {
      if (base.groupSatisfied[g] === 1 || satisfied.has(g)) continue;
      satisfied.add(g);
      const q = graph.groupProgram[g] as number;
      const left = (remaining.get(q) ?? (base.remaining[q] as number)) - 1;
      remaining.set(q, left);
      if (left === 0 && ctx.available[q] === 1) start(q);
    }
  };

  for (const c of holds) hold(c);
  for (const p of enters) if (ctx.available[p] === 1) start(p);
  while (queue.length > 0 && !qualifies) {
    const p = queue.pop() as number;
    for (const c of graph.awards[p] as number[]) hold(c);
  }
  return { qualifies, programs: [...started], credentials: [...held] };
}
