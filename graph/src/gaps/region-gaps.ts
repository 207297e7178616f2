/**
 * The gap kinds evaluated per region R: DEAD_END_CREDENTIAL, CREDIT_LOSS, ENTRY_WITHOUT_ROUTE,
 * OCCUPATION_WITHOUT_ROUTE, UNSUPPORTED_PROGRAM. Each is a few linear passes over the gap graph
 * and yields only numbers (which subjects, how severe); what a gap says (message, evidence) is
 * worked out later, and only for the gaps reported. That keeps the all-regions answer cheap.
 *
 * Without a household threshold anywhere up R's chain, "family-supporting" cannot be decided:
 * DEAD_END_CREDENTIAL and ENTRY_WITHOUT_ROUTE (`needsThreshold` in gap-kinds.ts) then report
 * nothing for R (findGapsReport lists those regions as undecided), rather than calling every
 * credential a dead end.
 */
import type { Support, SupportKind } from '../model/bundle.ts';
import { BaseClosure, entryClosure } from './entry-closure.ts';
import { byName, evidence, Names, RELATED_LIMIT } from './gap-evidence.ts';
import { defineGapView, type GapGraph, type RegionContext } from './gap-graph.ts';
import type { GapKind } from './gap-input.ts';
import type { SectorMembership } from './gap-sector.ts';
import { inPlace, listOf, money, plural } from './gap-text.ts';
import { type Finding, SEVERITY_RANK, type Severity, type SubjectKind } from './gap-types.ts';
import { creditLosses } from './graph-wide-gaps.ts';

/** What one kind found in one region: subject numbers with their severity rank (3 high, 2 medium, 1 low). */
export interface RegionResult {
  subjects: ArrayLike<number> & Iterable<number>;
  ranks: ArrayLike<number>;
  /** The gap for one of `subjects`, message and evidence built on demand. */
  explain(subject: number): Finding;
}

export interface RegionRule {
  kind: GapKind;
  subjectKind: SubjectKind;
  /** How many subjects the kind numbers, and the id of each. */
  subjectIds(graph: GapGraph): readonly string[];
  /**
   * Evaluates one region. The sector filter is passed only to the kinds whose membership
   * depends on the region (entry points); the others are filtered after merging.
   */
  run(
    graph: GapGraph,
    ctx: RegionContext,
    sector: SectorMembership | undefined,
    programs?: ProgramScope,
  ): RegionResult | undefined;
  /**
   * Set for program kinds whose findings for programs listing no region (available in every
   * class) repeat across classes, so that an all-regions request holds them once
   * (gap-finder.ts KindMerge) rather than once per class: `run(…, 'region-free')` and
   * `run(…, 'listed')` split the programs. `same`: a program's finding depends on the region
   * only through its availability, so the region-free findings are the same in every class
   * (evaluated once). `variants`: which are found and how severe takes few forms over the
   * classes (each class evaluated, each form held once), while the message reads the class.
   */
  regionFree?: 'same' | 'variants';
  /**
   * For a `variants` rule: a key such that two regions with the same key find the same
   * region-free subjects with the same severities (what a region explains may still differ), so
   * that an all-regions request evaluates the region-free programs once per key, not per class.
   */
  regionFreeVariant?(ctx: RegionContext): string;
}

/** Which programs a `regionFree` rule looks at: all (undefined), only those listing a region, or only those listing none. */
export type ProgramScope = 'listed' | 'region-free';

/** Whether program `p` is in `scope` (undefined: every program). */
export function inScope(graph: GapGraph, p: number, scope: ProgramScope | undefined): boolean {
  return scope === undefined || (graph.regionFree[p] === 1) === (scope === 'region-free');
}

/** The available programs in `scope`, ascending. */
export function scopedPrograms(ctx: RegionContext, scope: ProgramScope | undefined): Int32Array {
  if (scope === 'listed') return ctx.listedAvailable;
  if (scope === 'region-free') return ctx.regionFreePrograms;
  return ctx.availableList;
}

/**
 * Collects a region's findings in typed arrays: an all-regions answer holds every region's
 * until the merge is done (millions of records on a national graph), and typed arrays hold
 * them in 5 bytes each, outside the garbage-collected heap.
 */
class ResultBuilder {
  private subjects = new Int32Array(64);
  private ranks = new Int8Array(64);
  private size = 0;

  add(subject: number, severity: Severity): void {
    if (this.size === this.subjects.length) {
      const subjects = new Int32Array(this.size * 2);
      subjects.set(this.subjects);
      this.subjects = subjects;
      const ranks = new Int8Array(this.size * 2);
      ranks.set(this.ranks);
      this.ranks = ranks;
    }
    this.subjects[this.size] = subject;
    this.ranks[this.size] = SEVERITY_RANK[severity];
    this.size++;
  }

  build(explain: (subject: number) => Finding): RegionResult | undefined {
    if (this.size === 0) return undefined;
    return { subjects: this.subjects.slice(0, this.size), ranks: this.ranks.slice(0, this.size), explain };
  }
}

function thresholdText(ctx: RegionContext): string {
  return `${ctx.household} threshold ${money(ctx.threshold ?? 0)}`;
}

/** Occupation ids sorted by regional median, highest first (no figure last), then id. */
function byWage(ctx: RegionContext, graph: GapGraph, occupations: Iterable<number>): number[] {
  const wage = (o: number) => (Number.isNaN(ctx.median[o]) ? -1 : (ctx.median[o] as number));
  return [...new Set(occupations)].sort((a, b) => {
    const d = wage(b) - wage(a);
    if (d !== 0) return d;
    const x = graph.occupations.ids[a] as string;
    const y = graph.occupations.ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Declared subjects come first in each numbering; these are their ids. */
const declaredCredentials = (graph: GapGraph) => graph.credentials.ids.slice(0, graph.index.credentials.size);
const declaredPrograms = (graph: GapGraph) => graph.programs.ids.slice(0, graph.index.programs.size);
const declaredOccupations = (graph: GapGraph) => graph.occupations.ids.slice(0, graph.index.occupations.size);

/**
 * DEAD_END_CREDENTIAL: one backward closure per region from the credentials that qualify for a
 * family-supporting occupation, over onward steps read backwards (a STACKS_INTO edge; an
 * available program's requirements and articulated credentials to each credential it awards).
 * Every declared credential left outside is a dead end.
 *
 * Severity: `high` when a program available in R awards it (or an entry point evaluated in R
 * holds it) and it qualifies for no occupation at all; `medium` when earned or held there but
 * its occupations pay less than the threshold; `low` when nobody earns or holds it in R.
 */
export const deadEnd: RegionRule = {
  kind: 'DEAD_END_CREDENTIAL',
  subjectKind: 'Credential',
  subjectIds: declaredCredentials,
  run(graph, ctx) {
    const reaches = new Uint8Array(graph.credentials.size);
    const programSeen = new Uint8Array(graph.programs.size);
    const queue: number[] = [];
    const mark = (c: number) => {
      if (reaches[c] === 1) return;
      reaches[c] = 1;
      queue.push(c);
    };
    ctx.familySupporting.forEach((yes, o) => {
      if (yes === 1) for (const c of graph.qualifiedBy.of(o)) mark(c);
    });
    while (queue.length > 0) {
      const d = queue.pop() as number;
      for (const c of graph.stackedFrom.of(d)) mark(c);
      for (const p of graph.awardedBy.of(d)) {
        if (programSeen[p] === 1 || !ctx.isAvailable(p)) continue;
        programSeen[p] = 1;
        for (const c of graph.onwardInputs.of(p)) mark(c);
      }
    }

    // Earned or held in R: one pass over the available programs, not a search per credential.
    const earned = new Uint8Array(graph.credentials.size);
    for (const e of ctx.entryPoints) {
      for (const id of graph.entryPoints[e]?.holds ?? []) earned[graph.credentials.of(id)] = 1;
    }
    for (const p of ctx.availableList) for (const c of graph.awards.of(p)) earned[c] = 1;
    const found = new ResultBuilder();
    const declared = graph.index.credentials.size;
    for (let c = 0; c < declared; c++) {
      if (reaches[c] === 1) continue;
      const qualifiesForAny = graph.qualifiesFor.count(c) > 0;
      found.add(c, earned[c] === 0 ? 'low' : qualifiesForAny ? 'medium' : 'high');
    }
    return found.build((c) => explainDeadEnd(graph, ctx, c, earned[c] === 1));
  },
};

export function explainDeadEnd(graph: GapGraph, ctx: RegionContext, c: number, earnedHere: boolean): Finding {
  return new DeadEndFinding(graph, ctx, c, earnedHere);
}

/**
 * A dead end's explanation in one region. A class, not an object of closures: one is built for
 * every dead end an all-regions answer words (and a few more for its evidence).
 */
class DeadEndFinding implements Finding {
  readonly kind = 'DEAD_END_CREDENTIAL';
  readonly subjectKind = 'Credential';
  readonly subjectId: string;
  readonly severity: Severity;
  /** Occupation numbers, by regional wage. */
  private readonly occupations: number[];
  private readonly onward: string[];

  constructor(
    private readonly graph: GapGraph,
    private readonly ctx: RegionContext,
    c: number,
    private readonly earnedHere: boolean,
  ) {
    this.subjectId = graph.credentials.ids[c] as string;
    this.occupations = byWage(ctx, graph, graph.qualifiesFor.of(c));
    this.onward = onwardSteps(graph, ctx, this.subjectId);
    this.severity = !earnedHere ? 'low' : this.occupations.length > 0 ? 'medium' : 'high';
  }

  message(where: string | undefined): string {
    const { graph, ctx, occupations, onward } = this;
    const { index } = graph;
    const names = new Names(index);
    // Only the names a list shows are worked out (listOf counts the rest).
    const shownOccupations: string[] = [];
    for (const o of occupations.slice(0, LISTED)) {
      shownOccupations.push(names.occupationWithWage(graph.occupations.ids[o] as string, ctx.median[o] as number));
    }
    const occupationText =
      occupations.length > 0
        ? `it qualifies only for ${listOf(shownOccupations, LISTED, occupations.length)}`
        : 'it qualifies for no occupation';
    const shownOnward: string[] = [];
    for (const id of onward.slice(0, LISTED)) {
      shownOnward.push(index.programs.has(id) ? names.program(id) : names.credential(id));
    }
    const onwardText =
      onward.length === 0
        ? 'it has no onward step (nothing it stacks into, and no program available there requires it or grants credit for it)'
        : `none of its onward steps (${listOf(shownOnward, LISTED, onward.length)}) leads to one that does`;
    const earnedText = this.earnedHere ? '' : '; no program available there awards it';
    return `${names.credential(this.subjectId)} leads to no family-supporting occupation${inPlace(where)} (${thresholdText(ctx)}): ${occupationText}, and ${onwardText}${earnedText}`;
  }

  relatedIds(): string[] {
    const ids = this.graph.occupations.ids;
    const occupations: string[] = [];
    for (const o of this.occupations.slice(0, RELATED_LIMIT)) occupations.push(ids[o] as string);
    return evidence(occupations, this.onward);
  }
}

/** How many items a message names before counting the rest (listOf's default). */
const LISTED = 3;

/** Appends `id` unless present: a scan while the list is short, a Set beside it once it is long. */
function pushUnique(out: string[], seen: { set: Set<string> | undefined }, id: string): void {
  if (seen.set) {
    if (seen.set.has(id)) return;
    seen.set.add(id);
  } else {
    if (out.includes(id)) return;
    if (out.length >= 16) seen.set = new Set([...out, id]);
  }
  out.push(id);
}

/**
 * Onward steps from a credential in R: available programs requiring it or granting credit for
 * it, credentials it stacks into (in that order, each once). `limit`: only the first ones.
 */
export function onwardSteps(
  graph: GapGraph,
  ctx: RegionContext,
  credentialId: string,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const { index } = graph;
  const out: string[] = [];
  const seen: { set: Set<string> | undefined } = { set: undefined };
  for (const id of index.requiredBy.get(credentialId) ?? []) {
    if (out.length >= limit) return out;
    if (ctx.isAvailable(graph.programs.of(id))) pushUnique(out, seen, id);
  }
  for (const a of index.articulatesFrom.get(credentialId) ?? []) {
    if (out.length >= limit) return out;
    if (ctx.isAvailable(graph.programs.of(a.programId))) pushUnique(out, seen, a.programId);
  }
  for (const edge of index.stacksFrom.get(credentialId) ?? []) {
    if (out.length >= limit) return out;
    pushUnique(out, seen, edge.to);
  }
  return out;
}

/**
 * ENTRY_WITHOUT_ROUTE: for each entry point that lists R (or no region), the forward closure of
 * its holds and (available) entered programs; no qualifying credential in it means no route.
 * Severity: `high` when the entry point reaches no occupation at all, `medium` when it reaches
 * only occupations below the threshold.
 */
export const entryWithoutRoute: RegionRule = {
  kind: 'ENTRY_WITHOUT_ROUTE',
  subjectKind: 'EntryPoint',
  subjectIds: (graph) => graph.entryPoints.map((entry) => entry.id),
  run(graph, ctx, sector) {
    const entries = ctx.entryPoints;
    if (entries.length === 0) return undefined;
    const base = new BaseClosure(graph, ctx);
    if (base.qualifies) return undefined;
    const baseReachesOccupation = base.credentials.some((c) => graph.qualifiesFor.count(c) > 0);
    // One object for all entry points, so the sector filter judges the common part once.
    const baseReach = { programs: base.programs, credentials: base.credentials };
    const closureOf = (e: number) => {
      const entry = graph.entryPoints[e];
      const holds = (entry?.holds ?? []).map((id) => graph.credentials.of(id));
      const entered = (entry?.enters ?? []).map((id) => graph.programs.of(id));
      return entryClosure(base, holds, entered);
    };
    const found = new ResultBuilder();
    for (const e of entries) {
      const closure = closureOf(e);
      if (closure.qualifies) continue;
      const reach = { base: baseReach, programs: closure.programs, credentials: closure.credentials };
      if (sector && !sector.reaches(reach)) continue;
      const reachesOccupation =
        baseReachesOccupation || closure.credentials.some((c) => graph.qualifiesFor.count(c) > 0);
      found.add(e, reachesOccupation ? 'medium' : 'high');
    }
    return found.build((e) => explainEntry(graph, ctx, base, e, closureOf(e)));
  },
};

function explainEntry(
  graph: GapGraph,
  ctx: RegionContext,
  base: BaseClosure,
  e: number,
  closure: ReturnType<typeof entryClosure>,
): Finding {
  const names = new Names(graph.index);
  const entry = graph.entryPoints[e];
  const entryId = entry?.id ?? '';
  const occupationSet = new Set<number>();
  for (const c of [...base.credentials, ...closure.credentials]) {
    for (const o of graph.qualifiesFor.of(c)) occupationSet.add(o);
  }
  const occupations = byWage(ctx, graph, occupationSet);
  const enteredHere = (entry?.enters ?? []).filter((id) => ctx.isAvailable(graph.programs.of(id)));
  const held = entry?.holds ?? [];
  return {
    kind: 'ENTRY_WITHOUT_ROUTE',
    subjectKind: 'EntryPoint',
    subjectId: entryId,
    severity: occupations.length > 0 ? 'medium' : 'high',
    message: (where) => {
      const from: string[] = [];
      if (held.length > 0) from.push(`holding ${listOf(held.map((id) => names.credential(id)))}`);
      if (enteredHere.length > 0) from.push(`entering ${listOf(enteredHere.map((id) => names.program(id)))}`);
      const start = from.length > 0 ? ` from ${from.join(' and ')}` : '';
      const startable = base.programs.length + closure.programs.length;
      const best = occupations[0];
      let reach: string;
      if (best !== undefined) {
        reach = `the best it reaches is ${names.occupationWithWage(graph.occupations.ids[best] as string, ctx.median[best] as number)}`;
      } else if (startable === 0) {
        reach = 'it can start no program available there';
      } else {
        reach = `the ${plural(startable, 'program')} it can reach qualify for no occupation`;
      }
      return `${names.entryPoint(entryId)} has no route${start} to a family-supporting occupation${inPlace(where)} (${thresholdText(ctx)}): ${reach}`;
    },
    relatedIds: () =>
      evidence(
        held,
        enteredHere,
        occupations.slice(0, 10).map((o) => graph.occupations.ids[o] as string),
      ),
  };
}

/** CREDIT_LOSS in R: the graph-wide credit losses whose program is available in R. */
export const creditLoss: RegionRule = {
  kind: 'CREDIT_LOSS',
  subjectKind: 'Program',
  subjectIds: declaredPrograms,
  regionFree: 'same',
  run(graph, ctx, _sector, scope) {
    const losses = creditLosses(graph);
    const found = new ResultBuilder();
    if (losses.size > 0) {
      for (const p of scopedPrograms(ctx, scope)) {
        const loss = losses.get(p);
        if (loss) found.add(p, loss.finding.severity);
      }
    }
    return found.build((p) => (losses.get(p) as { finding: Finding }).finding);
  },
};

/**
 * OCCUPATION_WITHOUT_ROUTE: occupations with `annualOpenings` > 0 in their wage row for R itself,
 * or in an in-demand sector, that no program available in R leads to. `high` when the occupation
 * is family-supporting in R, `medium` otherwise (or when no threshold is known).
 */
export const occupationWithoutRoute: RegionRule = {
  kind: 'OCCUPATION_WITHOUT_ROUTE',
  subjectKind: 'Occupation',
  subjectIds: declaredOccupations,
  run(graph, ctx) {
    const { index } = graph;
    // What the programs listing no region lead to is read once per graph; a region adds its own.
    const reached = reachedEverywhere(graph).slice();
    // What the listed programs lead to, region by region (a county's classes share its state's
    // and the nation's thousands of programs): a few marks per region, not a pass over the programs.
    const byRegion = reachedByRegion(graph);
    for (const r of ctx.listedRegions) {
      const marks = byRegion.get(r) as Uint8Array;
      for (let o = 0; o < marks.length; o++) if (marks[o] === 1) reached[o] = 1;
    }
    const found = new ResultBuilder();
    const declared = index.occupations.size;
    const inDemand = inDemandOccupations(graph);
    for (let o = 0; o < declared; o++) {
      if (reached[o] === 1) continue;
      const id = graph.occupations.ids[o] as string;
      if (inDemand[o] === 0 && ctx.openings(id) === undefined) continue;
      found.add(o, ctx.familySupporting[o] === 1 ? 'high' : 'medium');
    }
    return found.build((o) => explainOccupation(graph, ctx, o));
  },
};

/** occupation → 1 when a program listing no region (available everywhere) leads to it: the same in every region. */
const reachedEverywhere = defineGapView('reached-everywhere', (graph: GapGraph) => {
  const reached = new Uint8Array(graph.occupations.size);
  graph.regionFree.forEach((free, p) => {
    if (free === 1) for (const o of graph.leadsTo.of(p)) reached[o] = 1;
  });
  return reached;
});

/** region id → occupation → 1 when a program listing that region leads to it. */
const reachedByRegion = defineGapView('reached-by-region', (graph: GapGraph) => {
  const out = new Map<string, Uint8Array>();
  for (const [r, programs] of graph.programsByRegion) {
    const reached = new Uint8Array(graph.occupations.size);
    for (const p of programs) for (const o of graph.leadsTo.of(p)) reached[o] = 1;
    out.set(r, reached);
  }
  return out;
});

function inDemandSectors(graph: GapGraph, occupationId: string): string[] {
  const sectorIds = graph.index.occupations.get(occupationId)?.sectorIds ?? [];
  return sectorIds.filter((id) => graph.index.sectors.get(id)?.inDemand === true);
}

/** occupation → 1 when it is in an in-demand sector: the same in every region, so read once per graph. */
const inDemandOccupations = defineGapView('in-demand-occupations', (graph: GapGraph) =>
  Uint8Array.from(graph.occupations.ids, (id) => (inDemandSectors(graph, id).length > 0 ? 1 : 0)),
);

function explainOccupation(graph: GapGraph, ctx: RegionContext, o: number): Finding {
  const { index } = graph;
  const names = new Names(index);
  const occupationId = graph.occupations.ids[o] as string;
  const openings = ctx.openings(occupationId);
  const inDemand = inDemandSectors(graph, occupationId);
  const credentials = index.qualifiedBy.get(occupationId) ?? [];
  const elsewhere = [...new Set(credentials.flatMap((id) => index.awardedBy.get(id) ?? []))];
  return {
    kind: 'OCCUPATION_WITHOUT_ROUTE',
    subjectKind: 'Occupation',
    subjectId: occupationId,
    severity: ctx.familySupporting[o] === 1 ? 'high' : 'medium',
    message: (where) => {
      const why: string[] = [];
      if (openings !== undefined) why.push(`with ${openings} annual openings${inPlace(where)}`);
      if (inDemand.length > 0) why.push(`in the in-demand sector ${listOf(inDemand.map((id) => names.sector(id)))}`);
      const median = ctx.median[o] as number;
      if (!Number.isNaN(median)) why.push(`paying a median ${money(median)}`);
      const qualifying = listOf(credentials.map((id) => names.credential(id)));
      let tail: string;
      if (credentials.length === 0) tail = 'no credential in the graph qualifies for it';
      else if (elsewhere.length === 0) tail = `no program awards the credentials that qualify (${qualifying})`;
      else {
        tail = `the credentials that qualify (${qualifying}) are awarded only by programs not available there (${listOf(elsewhere.map((id) => names.program(id)))})`;
      }
      return `${names.occupation(occupationId)}, ${why.join(', ')}, has no program available${inPlace(where)} that leads to it: ${tail}`;
    },
    relatedIds: () => evidence(credentials, elsewhere, inDemand),
  };
}

const GUIDANCE_KINDS: ReadonlySet<SupportKind> = new Set(['Advising', 'CareerNavigation', 'CaseManagement']);

/**
 * UNSUPPORTED_PROGRAM: programs available in R with no Advising, CareerNavigation or
 * CaseManagement support among those listing the program or R or an ancestor of R. `high` when
 * the program has no support of any kind there, `medium` when it has only other kinds.
 */
export const unsupportedProgram: RegionRule = {
  kind: 'UNSUPPORTED_PROGRAM',
  subjectKind: 'Program',
  subjectIds: declaredPrograms,
  // Found where no regional support guides, high or medium by whether any support is there at all.
  regionFree: 'variants',
  regionFreeVariant(ctx) {
    const regional = ctx.regionalSupports;
    if (regional.some((s) => GUIDANCE_KINDS.has(s.kind))) return 'guided';
    return regional.length === 0 ? 'unsupported' : 'supported';
  },
  run(graph, ctx, _sector, scope) {
    const { index } = graph;
    const regional = ctx.regionalSupports as Support[];
    if (regional.some((s) => GUIDANCE_KINDS.has(s.kind))) return undefined;
    const { guided, supportCount } = programSupports(graph);
    const found = new ResultBuilder();
    const declared = index.programs.size;
    for (const p of scopedPrograms(ctx, scope)) {
      if (p >= declared || guided[p] === 1) continue;
      found.add(p, (supportCount[p] as number) + regional.length === 0 ? 'high' : 'medium');
    }
    return found.build((p) => explainUnsupported(graph, p, regional));
  },
};

/** Per program, from the supports that list it: whether one gives guidance, and how many there are. */
const programSupports = defineGapView('program-supports', (graph: GapGraph) => {
  const guided = new Uint8Array(graph.programs.size);
  const supportCount = new Int32Array(graph.programs.size);
  for (const [programId, supports] of graph.index.supportsByProgram) {
    const p = graph.programs.index.get(programId);
    if (p === undefined) continue;
    supportCount[p] = supports.length;
    if (supports.some((s) => GUIDANCE_KINDS.has(s.kind))) guided[p] = 1;
  }
  return { guided, supportCount };
});

function explainUnsupported(graph: GapGraph, p: number, regional: Support[]): Finding {
  return new UnsupportedFinding(graph, p, regional);
}

/** An unsupported program's explanation in one region (a class: one is built per gap worded, and per region of its evidence). */
class UnsupportedFinding implements Finding {
  readonly kind = 'UNSUPPORTED_PROGRAM';
  readonly subjectKind = 'Program';
  readonly subjectId: string;
  readonly severity: Severity;
  private readonly providerId: string;
  private readonly own: Support[];
  private supports: Support[] | undefined;

  constructor(
    private readonly graph: GapGraph,
    p: number,
    private readonly regional: Support[],
  ) {
    const { index } = graph;
    this.subjectId = graph.programs.ids[p] as string;
    this.providerId = index.programs.get(this.subjectId)?.providerId ?? '';
    this.own = index.supportsByProgram.get(this.subjectId) ?? [];
    this.severity = this.own.length + regional.length === 0 ? 'high' : 'medium';
  }

  /** Its own supports and the region's, each once, by id. */
  private all(): Support[] {
    if (!this.supports) {
      const { own, regional } = this;
      if (own.length + regional.length <= 1) this.supports = [...own, ...regional];
      else this.supports = byName([...new Map([...own, ...regional].map((s) => [s.id, s])).values()], (s) => s.id);
    }
    return this.supports;
  }

  message(where: string | undefined): string {
    const names = new Names(this.graph.index);
    const supports = this.all();
    const shown: string[] = [];
    for (const s of supports.slice(0, LISTED)) shown.push(`${names.support(s.id)}, ${s.kind}`);
    const others =
      supports.length === 0
        ? 'it has no support of any kind'
        : `its only ${supports.length === 1 ? 'support is' : 'supports are'} ${listOf(shown, LISTED, supports.length)}`;
    return `${names.program(this.subjectId)}, offered by ${names.partner(this.providerId)}, has no advising, career navigation or case management support${inPlace(where)}: ${others}`;
  }

  relatedIds(): string[] {
    const ids: string[] = [];
    for (const s of this.all().slice(0, RELATED_LIMIT)) ids.push(s.id);
    return evidence([this.providerId], ids);
  }
}
