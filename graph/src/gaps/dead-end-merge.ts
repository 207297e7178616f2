/**
 * DEAD_END_CREDENTIAL over every region class at once, sharing the work that does not depend on
 * the region. Per region the rule (region-gaps.ts `deadEnd`) walks back from the credentials that
 * qualify for a family-supporting occupation; nearly every credential of a national graph is a
 * dead end in nearly every region (it is earned elsewhere, and its occupations pay below the
 * local threshold), so a per-region list is as long as the graph and the merge would hold
 * credentials × regions records (millions at 100,000 nodes, more than a heap at 1,000,000).
 *
 * The walk splits in two. Over the steps that are the same in every region (STACKS_INTO edges
 * and the programs listing no region), a credential reaches a qualifying one exactly when one
 * of the occupations it reaches that way is family-supporting there: credentials with the same
 * such occupations (their "signature") are dead ends, so far, in the same classes, decided once
 * per class and signature. The programs listing a region of the class then add onward steps;
 * those reach only a few credentials beyond that (its own programs' inputs), kept per class as
 * an exception list, with the credentials earned there (which make a dead end `medium` or
 * `high` rather than `low`). A class's work is what its own programs and occupations make it,
 * not the graph's size nor the programs available everywhere.
 *
 * A merged gap is then the signature's classes minus the subject's exceptions: its regionIds
 * are listed when first read (an all-regions answer names hundreds of regions for each of
 * hundreds of thousands of credentials), its message and evidence are built as KindMerge builds
 * them (gap-finder.ts), from the same per-class findings. dead-end-merge.test.ts compares the result
 * field for field with the per-class merge (`deadEndsPerClass`) on random graphs.
 */
import { RELATED_LIMIT } from './gap-evidence.ts';
import { defineGapView, type GapGraph, type RegionContext, sortedHas } from './gap-graph.ts';
import type { SectorMembership } from './gap-sector.ts';
import { listOf } from './gap-text.ts';
import type { Finding, Gap, GapHead, GapParts } from './gap-types.ts';
import { PairWriter } from './packed-rows.ts';
import { explainDeadEnd, onwardSteps } from './region-gaps.ts';

/** What a merge needs of the evaluated classes and of the request (gap-finder.ts provides them). */
export interface MergeRequest {
  classes: readonly { members: readonly string[] }[];
  /** The depth (chain length) of each class's first, most specific member. */
  depth: readonly number[];
  /** The class's regions, by rank in id order. */
  regionRanks(cls: number): Int32Array;
  /** The regions of the classes `found`, in id order (the first `limit`). */
  regionsOf(found: ArrayLike<number> & Iterable<number>, limit?: number): string[];
  regionId(rank: number): string;
  regionName(id: string): string;
  sector: SectorMembership | undefined;
  /** How many other regions a merged message names; how many regions' evidence it merges. */
  alsoNamed: number;
  evidenceRegions: number;
  /** The gap of `head`, worded from `parts` (when first read, or at once: GapOptions.eagerText). */
  toGap(head: GapHead, parts: GapParts): Gap;
}

export interface Signatures {
  /** credential → its signature */
  of: Int32Array;
  /**
   * program → the union of its awards' signatures: alive exactly where one of its awards is,
   * so that a class tells whether a program starts its walk from one verdict.
   */
  ofProgram: Int32Array;
  /** signature → the occupations the stacking closure of its credentials qualifies for */
  occupations: Int32Array[];
}

/**
 * Every credential's signature: the occupations it reaches forward over the steps that are the
 * same in every region — STACKS_INTO edges and the programs listing no region (a credential they
 * require or grant credit for leads to what they award) — itself included. A credential reaches
 * a qualifying one over those steps exactly when its signature holds a family-supporting
 * occupation, so what a class decides per signature covers every region-free program at once;
 * the class's own walk starts only from the programs listing a region.
 *
 * The steps form a graph over credentials and region-free programs; its strongly connected
 * components, found in reverse topological order (Tarjan), get their signature from their own
 * occupations and their successors', unions of two signatures remembered (they are few).
 */
export const signaturesOf = defineGapView('dead-end-signatures', (graph: GapGraph): Signatures => {
  const n = graph.credentials.size;
  // Nodes: credentials 0..n-1, then region-free program p as n + p; edges packed (packed-rows.ts).
  const edges = new PairWriter();
  const { stackedFrom, onwardInputs, awards } = graph;
  for (let d = 0; d < stackedFrom.size; d++)
    for (let k = stackedFrom.start[d] as number, end = stackedFrom.start[d + 1] as number; k < end; k++)
      edges.add(stackedFrom.list[k] as number, d);
  graph.regionFree.forEach((free, p) => {
    if (free !== 1) return;
    for (let k = onwardInputs.start[p] as number, end = onwardInputs.start[p + 1] as number; k < end; k++)
      edges.add(onwardInputs.list[k] as number, n + p);
    for (let k = awards.start[p] as number, end = awards.start[p + 1] as number; k < end; k++)
      edges.add(n + p, awards.list[k] as number);
  });
  const next = edges.build(n + graph.programs.size);
  const occupations: Int32Array[] = [new Int32Array(0)];
  const byKey = new Map<string, number>([['', 0]]);
  const intern = (list: Int32Array): number => {
    const key = list.join(',');
    let s = byKey.get(key);
    if (s === undefined) {
      s = occupations.length;
      occupations.push(list);
      byKey.set(key, s);
    }
    return s;
  };
  const { qualifiesFor } = graph;
  const single = new Int32Array(graph.occupations.size).fill(-1);
  const unions = new Map<number, number>();
  const union = (a: number, b: number): number => {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const key = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let s = unions.get(key);
    if (s === undefined) {
      const x = occupations[a] as Int32Array;
      const y = occupations[b] as Int32Array;
      const merged: number[] = [];
      let i = 0;
      let j = 0;
      while (i < x.length || j < y.length) {
        const u = i < x.length ? (x[i] as number) : Number.POSITIVE_INFINITY;
        const v = j < y.length ? (y[j] as number) : Number.POSITIVE_INFINITY;
        if (u <= v) i++;
        if (v <= u) j++;
        merged.push(Math.min(u, v));
      }
      s = intern(Int32Array.from(merged));
      unions.set(key, s);
    }
    return s;
  };

  // Iterative Tarjan: a component is complete once every component it reaches is.
  const nodes = next.size;
  const order = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const onStack = new Uint8Array(nodes);
  const component = new Int32Array(nodes).fill(-1);
  const componentSig: number[] = [];
  const stack: number[] = [];
  /** node → its place on the stack: a component is the stack from its root's place up, read in place. */
  const stackAt = new Int32Array(nodes);
  const frames: number[] = [];
  const edgeAt: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    frames.push(root);
    edgeAt.push(next.start[root] as number);
    order[root] = low[root] = counter++;
    stackAt[root] = stack.length;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const v = frames[frames.length - 1] as number;
      const k = edgeAt[edgeAt.length - 1] as number;
      if (k < (next.start[v + 1] as number)) {
        edgeAt[edgeAt.length - 1] = k + 1;
        const w = next.list[k] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stackAt[w] = stack.length;
          stack.push(w);
          onStack[w] = 1;
          frames.push(w);
          edgeAt.push(next.start[w] as number);
        } else if (onStack[w] === 1 && (order[w] as number) < (low[v] as number)) {
          low[v] = order[w] as number;
        }
        continue;
      }
      frames.pop();
      edgeAt.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined && (low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      if (low[v] !== order[v]) continue;
      // v roots a component: its members are on the stack down to v, read from the top down.
      const id = componentSig.length;
      const bottom = stackAt[v] as number;
      const top = stack.length - 1;
      for (let j = top; j >= bottom; j--) {
        const w = stack[j] as number;
        onStack[w] = 0;
        component[w] = id;
      }
      // Most components are one credential (or program) qualifying for nothing or one or two
      // occupations: one occupation's signature is kept by occupation, not worked out again.
      let sig: number;
      const alone = top === bottom ? (v < n ? qualifiesFor.count(v) : 0) : -1;
      if (alone === 0) sig = 0;
      else if (alone === 1) {
        const only = qualifiesFor.list[qualifiesFor.start[v] as number] as number;
        sig = single[only] as number;
        if (sig === -1) {
          sig = intern(Int32Array.of(only));
          single[only] = sig;
        }
      } else {
        let own: number[] = [];
        for (let j = top; j >= bottom; j--) {
          const m = stack[j] as number;
          if (m < n && qualifiesFor.count(m) > 0) own = own.concat(Array.from(qualifiesFor.of(m)));
        }
        sig = own.length === 0 ? 0 : intern(Int32Array.from(new Set(own)).sort());
      }
      for (let j = top; j >= bottom; j--) {
        const m = stack[j] as number;
        for (let e = next.start[m] as number, end = next.start[m + 1] as number; e < end; e++) {
          const c = component[next.list[e] as number] as number;
          if (c !== id) sig = union(sig, componentSig[c] as number);
        }
      }
      stack.length = bottom;
      componentSig.push(sig);
    }
  }
  const of = new Int32Array(n);
  for (let c = 0; c < n; c++) of[c] = componentSig[component[c] as number] as number;
  const ofProgram = new Int32Array(awards.size);
  for (let p = 0; p < awards.size; p++) {
    let sig = 0;
    for (let k = awards.start[p] as number, end = awards.start[p + 1] as number; k < end; k++)
      sig = union(sig, of[awards.list[k] as number] as number);
    ofProgram[p] = sig;
  }
  return { of, ofProgram, occupations };
});

/**
 * credential → 1 when earned or held in every class: awarded by a program listing no region, or
 * held by an entry point listing none (both are available, or evaluated, everywhere). Such a
 * dead end is `medium` or `high` wherever it is one, so it is not listed per class.
 */
const earnedEverywhereOf = defineGapView('dead-end-earned-everywhere', (graph: GapGraph) => {
  const earned = new Uint8Array(graph.credentials.size);
  graph.regionFree.forEach((free, p) => {
    if (free === 1) for (const c of graph.awards.of(p)) earned[c] = 1;
  });
  for (const entry of graph.entryPoints) {
    if ((entry.regionIds ?? []).length > 0) continue;
    for (const id of entry.holds ?? []) earned[graph.credentials.of(id)] = 1;
  }
  return earned;
});

/**
 * region id → the credentials awarded by the programs listing it, ascending, once each, with
 * their signatures: declared ones not earned everywhere (what a class may keep as earned there).
 */
const regionAwardsOf = defineGapView('dead-end-region-awards', (graph: GapGraph) => {
  const { of } = signaturesOf(graph);
  const earnedEverywhere = earnedEverywhereOf(graph);
  const declared = graph.index.credentials.size;
  const { awards } = graph;
  const out = new Map<string, { credentials: Int32Array; signatures: Int32Array }>();
  for (const [r, programs] of graph.programsByRegion) {
    const found: number[] = [];
    for (const p of programs) {
      for (let k = awards.start[p] as number, end = awards.start[p + 1] as number; k < end; k++) {
        const c = awards.list[k] as number;
        if (c < declared && earnedEverywhere[c] === 0) found.push(c);
      }
    }
    const sorted = Int32Array.from(found).sort();
    let n = 0;
    for (let k = 0; k < sorted.length; k++)
      if (n === 0 || sorted[n - 1] !== sorted[k]) sorted[n++] = sorted[k] as number;
    const credentials = sorted.slice(0, n);
    out.set(r, { credentials, signatures: Int32Array.from(credentials, (c) => of[c] as number) });
  }
  return out;
});

/** The program → credential rows every class's walk reads: onward inputs, beside their signatures. */
const walkRowsOf = defineGapView('dead-end-walk-rows', (graph: GapGraph) => {
  const { of } = signaturesOf(graph);
  const inputs = graph.onwardInputs;
  return { inputs, inputSignature: Int32Array.from(inputs.list, (c) => of[c] as number) };
});

/** The classes of a credential with no exception of a kind (most): one empty list for all, never written. */
const NO_CLASSES = new Int32Array(0);

/** One class's departures from its signatures' verdicts, sorted by credential. */
interface ClassExceptions {
  /** Credentials reached only through the class's available programs: not dead ends there. */
  reached: Int32Array;
  /**
   * Dead ends earned or held there: `medium` or `high` there (which, depends only on whether the
   * credential qualifies for any occupation, the same everywhere), `low` elsewhere. Not those
   * earned everywhere (earnedEverywhereOf).
   */
  earned: Int32Array;
}

export class DeadEndMerge {
  private readonly signatures: Signatures;
  /**
   * class → its verdicts, one bit per signature: set where the signature's credentials are not
   * dead ends over the region-independent steps alone (alive). Neither the dead nor the alive list is short (at
   * 100,000 nodes about two thirds of the signatures are alive in a class, while nearly every
   * credential is dead), so bits: 32 verdicts in the space of one record.
   */
  private readonly aliveBits: (Uint32Array | undefined)[] = [];
  /** The classes evaluated with a threshold (the others decide nothing), ascending. */
  private readonly decided: number[] = [];
  private readonly exceptions: (ClassExceptions | undefined)[] = [];
  private readonly contexts: (RegionContext | undefined)[] = [];
  // Scratch marks, stamped with the class number + 1 so that they are never cleared.
  private readonly localMark: Int32Array;
  /** Room for a class's earned candidates: every listed program's award and every entry point's holding at most. */
  private readonly scratch: Int32Array;
  private readonly regionAwards: ReturnType<typeof regionAwardsOf>;
  private readonly programMark: Int32Array;
  private readonly earnedEverywhere: Uint8Array;
  private readonly rows: ReturnType<typeof walkRowsOf>;

  constructor(private readonly graph: GapGraph) {
    this.signatures = signaturesOf(graph);
    this.localMark = new Int32Array(graph.credentials.size);
    let holds = 0;
    for (const entry of graph.entryPoints) holds += (entry.holds ?? []).length;
    this.regionAwards = regionAwardsOf(graph);
    let awarded = 0;
    for (const table of this.regionAwards.values()) awarded += table.credentials.length;
    this.scratch = new Int32Array(awarded + holds);
    this.programMark = new Int32Array(graph.programs.size);
    this.earnedEverywhere = earnedEverywhereOf(graph);
    this.rows = walkRowsOf(graph);
  }

  /**
   * Evaluates class `i` (undecided, without a threshold: nothing) and returns how many records
   * it now holds for it.
   */
  add(i: number, ctx: RegionContext): number {
    if (ctx.threshold === undefined) return 0;
    const { graph } = this;
    const { of, occupations } = this.signatures;
    const stamp = i + 1;
    // A signature is alive where one of its occupations is family-supporting. Each signature's
    // list is read up to its first such occupation: most signatures are alive, and stop early.
    const sigCount = occupations.length;
    const dead = new Uint8Array(sigCount);
    const bits = new Uint32Array((sigCount + 31) >>> 5);
    this.aliveBits[i] = bits;
    let held = bits.length;
    this.decided.push(i);
    const { familySupporting } = ctx;
    for (let s = 0; s < sigCount; s++) {
      const list = occupations[s] as Int32Array;
      let alive = false;
      for (let k = 0; k < list.length; k++) {
        if (familySupporting[list[k] as number] === 1) {
          alive = true;
          break;
        }
      }
      if (alive) bits[s >>> 5] = (bits[s >>> 5] as number) | (1 << (s & 31));
      else dead[s] = 1;
    }

    const local = this.localMark;
    const programs = this.programMark;
    const { stackedFrom, awardedBy, regionFree } = graph;
    const queue: number[] = [];
    const reachedHere: number[] = [];
    const { start: stackedStart, list: stackedList } = stackedFrom;
    const markStackedFrom = (d: number) => {
      for (let k = stackedStart[d] as number, end = stackedStart[d + 1] as number; k < end; k++) {
        const c = stackedList[k] as number;
        if (dead[of[c] as number] === 0 || local[c] === stamp) continue;
        local[c] = stamp;
        queue.push(c);
        reachedHere.push(c);
      }
    };
    const { inputs, inputSignature } = this.rows;
    // mark(onwardInputs[p]), read from the packed rows
    const markInputs = (p: number) => {
      for (let k = inputs.start[p] as number, end = inputs.start[p + 1] as number; k < end; k++) {
        const c = inputs.list[k] as number;
        if (dead[inputSignature[k] as number] === 0 || local[c] === stamp) continue;
        local[c] = stamp;
        queue.push(c);
        reachedHere.push(c);
      }
    };
    // A program starts the walk when one of its awards is alive (its union signature), or when
    // the walk reaches one of its awards (then the walk has already taken it, below).
    const { ofProgram } = this.signatures;
    for (const p of ctx.listedAvailable) {
      if (programs[p] === stamp || dead[ofProgram[p] as number] === 1) continue;
      programs[p] = stamp;
      markInputs(p);
      while (queue.length > 0) {
        const d = queue.pop() as number;
        markStackedFrom(d);
        for (let k = awardedBy.start[d] as number, end = awardedBy.start[d + 1] as number; k < end; k++) {
          const q = awardedBy.list[k] as number;
          // Few credentials are reached this way (their awarders are read, not every listed program marked).
          if (programs[q] === stamp || (regionFree[q] === 0 && !sortedHas(ctx.listedAvailable, q))) continue;
          programs[q] = stamp;
          markInputs(q);
        }
      }
    }

    const declared = graph.index.credentials.size;
    let kept = 0;
    for (const c of reachedHere) if (c < declared) kept++;
    const reached = new Int32Array(kept);
    kept = 0;
    for (const c of reachedHere) if (c < declared) reached[kept++] = c;
    reached.sort();
    // Earned there and a dead end there: held by an entry point evaluated there, or awarded by a
    // listed program (read from its regions' sorted lists, once per graph), never earned
    // everywhere, dead here and not reached; gathered, sorted, and matched with `reached` in order.
    const { earnedEverywhere, scratch } = this;
    let n = 0;
    for (const e of ctx.entryPoints) {
      for (const id of graph.entryPoints[e]?.holds ?? []) {
        const c = graph.credentials.of(id);
        if (c < declared && earnedEverywhere[c] === 0 && dead[of[c] as number] === 1) scratch[n++] = c;
      }
    }
    for (const r of ctx.listedRegions) {
      const table = this.regionAwards.get(r);
      if (table === undefined) continue;
      const { credentials, signatures } = table;
      for (let k = 0; k < credentials.length; k++)
        if (dead[signatures[k] as number] === 1) scratch[n++] = credentials[k] as number;
    }
    const candidates = scratch.subarray(0, n).sort();
    const earnedList = new Int32Array(n);
    let m = 0;
    let j = 0;
    for (let k = 0; k < n; k++) {
      const c = candidates[k] as number;
      if (k > 0 && candidates[k - 1] === c) continue;
      while (j < reached.length && (reached[j] as number) < c) j++;
      if (reached[j] === c) continue;
      earnedList[m++] = c;
    }
    const earned = earnedList.slice(0, m);
    // The credentials earned everywhere are held once, with the first decided class.
    if (this.decided.length === 1) for (let c = 0; c < declared; c++) held += earnedEverywhere[c] as number;
    this.exceptions[i] = { reached, earned };
    this.contexts[i] = ctx;
    return held + reached.length + earned.length;
  }

  /** Per credential, the classes (ascending) of one exception kind, as slices of one array. */
  private byCredential(pick: (x: ClassExceptions) => Int32Array): { start: Int32Array; classes: Int32Array } {
    const n = this.graph.index.credentials.size;
    const start = new Int32Array(n + 1);
    for (const x of this.exceptions) if (x) for (const c of pick(x)) start[c + 1] = (start[c + 1] as number) + 1;
    for (let c = 0; c < n; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const classes = new Int32Array(start[n] as number);
    const at = start.slice(0, n);
    this.exceptions.forEach((x, i) => {
      if (!x) return;
      for (const c of pick(x)) {
        classes[at[c] as number] = i;
        at[c] = (at[c] as number) + 1;
      }
    });
    return { start, classes };
  }

  gaps(request: MergeRequest): Gap[] {
    const { graph } = this;
    const { of } = this.signatures;
    const { classes, depth } = request;
    const removed = this.byCredential((x) => x.reached);
    const upgraded = this.byCredential((x) => x.earned);
    const memberCount = (cls: number) => (classes[cls] as { members: readonly string[] }).members.length;
    const { decided } = this;
    // The decided classes in the order a primary is chosen for a `low` dead end (deepest
    // first, then the first), how many regions they hold, and their regions in id order.
    const preferred = [...decided].sort((a, b) => (depth[b] as number) - (depth[a] as number) || a - b);
    const decidedTotal = decided.reduce((n, cls) => n + memberCount(cls), 0);
    let decidedRanks: Int32Array | undefined;
    const allRanks = (): Int32Array => {
      if (!decidedRanks) {
        const lists = decided.map((cls) => request.regionRanks(cls));
        decidedRanks = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
        let at = 0;
        for (const l of lists) {
          decidedRanks.set(l, at);
          at += l.length;
        }
        decidedRanks.sort();
      }
      return decidedRanks;
    };
    // signature → the decided classes where it is alive, ascending (listed on first use)
    const aliveLists: (Int32Array | undefined)[] = new Array(this.signatures.occupations.length).fill(undefined);
    const aliveIn = (s: number): Int32Array => {
      let list = aliveLists[s];
      if (!list) {
        const word = s >>> 5;
        const bit = 1 << (s & 31);
        const found: number[] = [];
        for (const cls of decided)
          if ((((this.aliveBits[cls] as Uint32Array)[word] as number) & bit) !== 0) found.push(cls);
        list = Int32Array.from(found);
        aliveLists[s] = list;
      }
      return list;
    };
    // signature → the decided classes where it is dead, ascending (listed on first use, and only
    // for signatures some credential is a dead end of in few classes)
    const deadLists = new Map<number, Int32Array>();
    const deadBySignature = (s: number): Int32Array => {
      let list = deadLists.get(s);
      if (!list) {
        const alive = aliveIn(s);
        const found: number[] = [];
        let k = 0;
        for (const cls of decided) {
          while (k < alive.length && (alive[k] as number) < cls) k++;
          if (alive[k] !== cls) found.push(cls);
        }
        list = Int32Array.from(found);
        deadLists.set(s, list);
      }
      return list;
    };
    /**
     * The classes where a credential is a dead end, ascending, when they are few (a dead end
     * only in a handful of counties): the loops below then read those rather than test every
     * decided class. Undefined when they are many (the loops stop after the first few).
     */
    const fewDeadClasses = (s: number, alive: Int32Array, gone: Int32Array): Int32Array | undefined => {
      const count = decided.length - alive.length - gone.length;
      if (count * 8 > decided.length) return undefined;
      const bySignature = deadBySignature(s);
      if (gone.length === 0) return bySignature;
      const out: number[] = [];
      let k = 0;
      for (const cls of bySignature) {
        while (k < gone.length && (gone[k] as number) < cls) k++;
        if (gone[k] !== cls) out.push(cls);
      }
      return Int32Array.from(out);
    };
    // signature → how many regions its alive classes hold
    const aliveRegionCount = new Float64Array(this.signatures.occupations.length).fill(-1);
    const aliveRegions = (s: number): number => {
      let n = aliveRegionCount[s] as number;
      if (n === -1) {
        n = 0;
        for (const cls of aliveIn(s)) n += memberCount(cls);
        aliveRegionCount[s] = n;
      }
      return n;
    };
    let skip: Int32Array | undefined;
    const answer: DeadEndAnswer = {
      graph,
      request,
      decided,
      contexts: this.contexts,
      aliveBits: this.aliveBits,
      earnedEverywhere: this.earnedEverywhere,
      allRanks,
      removed,
      upgraded,
      skipMarks() {
        if (!skip) skip = new Int32Array(classes.reduce((n, cls) => n + cls.members.length, 0));
        return skip;
      },
      stamp: 0,
      deadIn: fewDeadClasses,
      isGone(cls, s, gone) {
        return (
          (((this.aliveBits[cls] as Uint32Array)[s >>> 5] as number) & (1 << (s & 31))) !== 0 || gone.includes(cls)
        );
      },
    };
    const out: Gap[] = [];
    const declared = graph.index.credentials.size;
    for (let c = 0; c < declared; c++) {
      const s = of[c] as number;
      const alive = aliveIn(s);
      if (alive.length === decided.length) continue;
      const gone =
        removed.start[c] === removed.start[c + 1]
          ? NO_CLASSES
          : removed.classes.subarray(removed.start[c] as number, removed.start[c + 1] as number);
      let regions = decidedTotal - aliveRegions(s);
      for (const cls of gone) regions -= memberCount(cls);
      if (regions === 0) continue;
      const credentialId = graph.credentials.ids[c] as string;
      if (request.sector && !request.sector.has('Credential', credentialId)) continue;
      const deadIn = answer.deadIn(s, alive, gone);
      const up =
        upgraded.start[c] === upgraded.start[c + 1]
          ? NO_CLASSES
          : upgraded.classes.subarray(upgraded.start[c] as number, upgraded.start[c + 1] as number);
      const earnedHere = this.earnedEverywhere[c] === 1 || up.length > 0;

      // The primary: most severe, then deepest, then first (as KindMerge.add chooses). Every
      // class where it is earned ranks alike, above every other (earned everywhere: all rank
      // alike, as a `low` one's do).
      let primary = -1;
      for (const cls of up) {
        if (primary === -1 || (depth[cls] as number) > (depth[primary] as number)) primary = cls;
      }
      if (primary === -1 && deadIn) {
        for (const cls of deadIn)
          if (primary === -1 || (depth[cls] as number) > (depth[primary] as number)) primary = cls;
      } else if (primary === -1) {
        for (const cls of preferred) {
          if (!answer.isGone(cls, s, gone)) {
            primary = cls;
            break;
          }
        }
      }
      const qualifiesForAny = graph.qualifiesFor.count(c) > 0;
      const severity = !earnedHere ? 'low' : qualifiesForAny ? 'medium' : 'high';
      out.push(
        request.toGap(
          { kind: 'DEAD_END_CREDENTIAL', severity, subjectId: credentialId, subjectKind: 'Credential' },
          new DeadEndParts(answer, c, s, primary, alive, regions),
        ),
      );
    }
    return out;
  }
}

/** What the dead ends of one answer share: the merge's classes and the request (kept while a gap is unread). */
interface DeadEndAnswer {
  graph: GapGraph;
  request: MergeRequest;
  decided: readonly number[];
  contexts: readonly (RegionContext | undefined)[];
  aliveBits: readonly (Uint32Array | undefined)[];
  earnedEverywhere: Uint8Array;
  /** The decided classes' regions, by rank, ascending. */
  allRanks(): Int32Array;
  /** region rank → the stamp of the last regionIds() that left it out */
  skipMarks(): Int32Array;
  stamp: number;
  /** Per credential, the classes where it is reached through local programs, and where it is earned. */
  removed: { start: Int32Array; classes: Int32Array };
  upgraded: { start: Int32Array; classes: Int32Array };
  /**
   * Not a dead end in class `cls`: alive over STACKS_INTO (its signature's bit), or reached
   * through the class's programs (`gone`, a short list).
   */
  isGone(cls: number, s: number, gone: Int32Array): boolean;
  /**
   * The decided classes where signature `s` is dead and the credential not reached (`gone`),
   * ascending, when they are few; undefined when the loops should test every decided class.
   */
  deadIn(s: number, alive: Int32Array, gone: Int32Array): Int32Array | undefined;
}

/**
 * One merged dead end, worded when read, as KindMerge words every other kind (gap-finder.ts):
 * the primary class's explanation naming the first few other regions, evidence merged from up
 * to `evidenceRegions` classes; its regions are the signature's dead classes minus `gone`.
 */
class DeadEndParts implements GapParts {
  private finding: Finding | undefined;

  constructor(
    private readonly answer: DeadEndAnswer,
    private readonly c: number,
    private readonly s: number,
    private readonly primary: number,
    /** the decided classes where its signature is alive, ascending (shared by the signature) */
    private readonly alive: Int32Array,
    private readonly regions: number,
  ) {}

  /** The decided classes where it is reached through local programs, ascending (a slice of the answer's table, not held). */
  private get gone(): Int32Array {
    const { start, classes } = this.answer.removed;
    return classes.subarray(start[this.c] as number, start[this.c + 1] as number);
  }

  /** The classes where it is earned, ascending. */
  private get up(): Int32Array {
    const { start, classes } = this.answer.upgraded;
    return classes.subarray(start[this.c] as number, start[this.c + 1] as number);
  }

  private earnedIn(cls: number): boolean {
    return this.answer.earnedEverywhere[this.c] === 1 || this.up.includes(cls);
  }

  explained(): Finding {
    if (!this.finding) {
      const { graph, contexts } = this.answer;
      this.finding = explainDeadEnd(
        graph,
        contexts[this.primary] as RegionContext,
        this.c,
        this.earnedIn(this.primary),
      );
    }
    return this.finding;
  }

  message(): string {
    const { request, decided } = this.answer;
    const { classes } = request;
    const where = classes[this.primary]?.members[0];
    const named: string[] = [];
    const gone = this.gone;
    for (const cls of this.answer.deadIn(this.s, this.alive, gone) ?? decided) {
      if (named.length >= request.alsoNamed) break;
      if (this.answer.isGone(cls, this.s, gone)) continue;
      for (const id of (classes[cls] as { members: readonly string[] }).members) {
        if (id === where) continue;
        if (named.length >= request.alsoNamed) break;
        named.push(request.regionName(id));
      }
    }
    const others = this.regions - 1;
    let message = this.explained().message(where === undefined ? undefined : request.regionName(where));
    if (others > 0) message += ` (also in ${listOf(named, request.alsoNamed, others)})`;
    return message;
  }

  relatedIds(): string[] {
    const { graph, request, decided, contexts } = this.answer;
    const finding = this.explained();
    const related = new Set(finding.relatedIds());
    const gone = this.gone;
    let used = 1;
    for (const cls of this.answer.deadIn(this.s, this.alive, gone) ?? decided) {
      if (cls === this.primary || this.answer.isGone(cls, this.s, gone)) continue;
      if (related.size >= RELATED_LIMIT || used >= request.evidenceRegions) break;
      used++;
      // A dead end's evidence is its occupations (the same in every region, only ordered by
      // the local medians) and then its onward steps there. Below the limit the primary's
      // evidence holds every occupation already, so another region adds only onward steps,
      // in the order its own evidence lists them.
      // Of its steps, at most `related.size` are there already: the first RELATED_LIMIT more fill it.
      const steps = onwardSteps(graph, contexts[cls] as RegionContext, finding.subjectId, RELATED_LIMIT + related.size);
      for (const id of steps) {
        if (related.size >= RELATED_LIMIT) break;
        related.add(id);
      }
    }
    return [...related];
  }

  regionIds(limit = Number.POSITIVE_INFINITY): string[] {
    const { request } = this.answer;
    const { gone, alive } = this;
    const ranks = this.answer.allRanks();
    const ids: string[] = [];
    if (gone.length === 0 && alive.length === 0) {
      const shown = Math.min(ranks.length, limit);
      for (let k = 0; k < shown; k++) ids.push(request.regionId(ranks[k] as number));
      return ids;
    }
    // The regions to leave out, stamped in a table shared by the answer's gaps (no set per gap).
    const skip = this.answer.skipMarks();
    const stamp = ++this.answer.stamp;
    for (const cls of gone) for (const r of request.regionRanks(cls)) skip[r] = stamp;
    for (const cls of alive) for (const r of request.regionRanks(cls)) skip[r] = stamp;
    for (const r of ranks) {
      if (ids.length >= limit) break;
      if (skip[r] !== stamp) ids.push(request.regionId(r));
    }
    return ids;
  }

  regionCount(): number {
    return this.regions;
  }
}
