/**
 * The gap engine of CONTRACT.md section 3 (`gaps(filter)`): pure functions over a GraphIndex,
 * no database and no HTTP. Whole-graph passes, never a query per entity: a gap graph numbered
 * once per index, then a handful of linear passes per region.
 *
 * With a `regionId`, the region-dependent kinds are evaluated for that region; without one, for
 * every region of the graph (regions that every kind sees alike are evaluated once, see
 * region-classes.ts; a graph with no regions at all is evaluated once for "no region", where only
 * things listing no region are available), and the answers merged: one gap per kind and
 * subject, with the regions where it was found in `regionIds` and named in the message.
 * ORPHAN, SECTOR_WITHOUT_EMPLOYER and NO_EXIT_POINT do not depend on the region and are
 * evaluated once per graph.
 */
import { NotFoundError, WorkLimitError } from '../errors.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { DeadEndMerge, type MergeRequest } from './dead-end-merge.ts';
import { RELATED_LIMIT } from './gap-evidence.ts';
import { defineGapView, type GapGraph, gapGraphOf, type RegionContext, regionContext } from './gap-graph.ts';
import { GAP_KINDS, type GapFilter, type GapFilterInput, type GapKind, parseGapFilter } from './gap-input.ts';
import {
  GAP_DESCRIPTORS,
  type GraphWideKind,
  READ_INPUTS,
  REGIONAL_KINDS,
  type RegionalKind,
  runRegional,
  THRESHOLD_KINDS,
} from './gap-kinds.ts';
import { SectorMembership } from './gap-sector.ts';
import { listOf } from './gap-text.ts';
import { type Finding, type Gap, type GapHead, type GapParts, SEVERITY_OF_RANK, type Severity } from './gap-types.ts';
import { type RegionClass, regionClasses, regionDepth } from './region-classes.ts';
import type { RegionResult } from './region-gaps.ts';

export { GAP_KINDS, type GapFilter, type GapFilterInput, type GapKind, gapFilterSchema } from './gap-input.ts';
export type { Gap, Severity, SubjectKind } from './gap-types.ts';

/** Regional findings whose evidence is merged into a gap's relatedIds: the primary one and a few more. */
const EVIDENCE_REGIONS = 4;

export interface GapReport {
  gaps: Gap[];
  /** The validated filter, with its defaults. */
  filter: GapFilter;
  /**
   * Regions where DEAD_END_CREDENTIAL and ENTRY_WITHOUT_ROUTE could not be decided because no
   * threshold for the household exists up their chain (those kinds report nothing there).
   */
  undecided: { regionId: string; kinds: GapKind[] }[];
}

/**
 * How much one gaps request may hold while it merges regions: the regional findings kept for
 * the merge (subject × region class), and the region classes whose results are kept (each
 * holds its region's tables until the answer is built). Checked as the classes are evaluated,
 * one at a time; over either, the request fails with a WorkLimitError instead of exhausting
 * the heap.
 */
export interface GapBudget {
  maxGapRecords: number;
  maxRegionClasses: number;
}

export const DEFAULT_GAP_BUDGET: Readonly<GapBudget> = { maxGapRecords: 5_000_000, maxRegionClasses: 5_000 };

export interface GapOptions {
  budget?: Partial<GapBudget>;
  /**
   * Merge DEAD_END_CREDENTIAL region class by region class, as every other kind is, instead of
   * sharing its work across classes (dead-end-merge.ts): the slow twin its property test
   * compares with. The answer is the same.
   */
  deadEndsPerClass?: boolean;
  /**
   * Word every gap (message, evidence, regions) as it is merged, with its severity read from
   * its explanation, instead of when first read: the slow twin of the lazy gaps (lazy-gap.test.ts).
   */
  eagerText?: boolean;
}

/** The gaps matching a filter, sorted by kind, then subject id (then subject kind). */
export function findGaps(index: GraphIndex, filter: GapFilterInput = {}, options: GapOptions = {}): Gap[] {
  return findGapsReport(index, filter, options).gaps;
}

/** findGaps with what a caller may want to show beside the gaps: the filter as applied, and undecided regions. */
export function findGapsReport(index: GraphIndex, rawFilter: GapFilterInput = {}, options: GapOptions = {}): GapReport {
  const budget = new BudgetMeter({ ...DEFAULT_GAP_BUDGET, ...options.budget });
  const filter = parseGapFilter(rawFilter);
  if (filter.regionId !== undefined && !index.regions.has(filter.regionId)) {
    throw new NotFoundError('filter.regionId', `there is no region "${filter.regionId}"`);
  }
  if (filter.sectorId !== undefined && !index.sectors.has(filter.sectorId)) {
    throw new NotFoundError('filter.sectorId', `there is no sector "${filter.sectorId}"`);
  }
  const graph = gapGraphOf(index);
  const kinds = new Set(filter.kinds ?? GAP_KINDS);
  const sector = filter.sectorId === undefined ? undefined : new SectorMembership(graph, filter.sectorId);
  const regionName = (id: string) => index.regions.get(id)?.name ?? id;
  const gaps: Gap[] = [];
  const toGap = options.eagerText ? eagerGap : lazyGap;

  for (const kind of kinds) {
    const descriptor = GAP_DESCRIPTORS[kind];
    if (descriptor.scope !== 'graph-wide') continue;
    for (const finding of graphWideFindings(graph, descriptor)) {
      if (sector && !sector.has(finding.subjectKind, finding.subjectId)) continue;
      gaps.push(toGap(finding, new GraphWideParts(finding)));
    }
  }

  const undecided: GapReport['undecided'] = [];
  const rules = REGIONAL_KINDS.filter((rule) => kinds.has(rule.kind));
  if (rules.length > 0) {
    const classes = classesToEvaluate(index, filter);
    const merges: Merge[] = rules.map((rule) =>
      rule.kind === 'DEAD_END_CREDENTIAL' && !options.deadEndsPerClass
        ? new SharedDeadEnds(graph)
        : new KindMerge(rule, graph),
    );
    classes.forEach((cls, i) => {
      const ctx = regionContext(graph, cls.representative, filter.household, filter.floors);
      if (cls.representative !== undefined && ctx.threshold === undefined) {
        const skipped = rules.map((rule) => rule.kind).filter((kind) => THRESHOLD_KINDS.has(kind));
        if (skipped.length > 0) for (const regionId of cls.members) undecided.push({ regionId, kinds: skipped });
      }
      let held = false;
      for (const merge of merges) {
        const records = merge.add(i, cls, ctx, sector);
        if (records !== undefined) {
          held = true;
          budget.records(records);
        }
      }
      if (held) budget.regionClass();
    });
    const regionOrder = new RegionOrder(classes);
    const request: MergeRequest = {
      classes,
      depth: classes.map((cls) => (cls.members[0] === undefined ? 0 : regionDepth(index, cls.members[0]))),
      regionRanks: (i) => regionOrder.ranksOf(i),
      regionsOf: (found, limit) => regionOrder.sorted(found, limit),
      regionId: (rank) => regionOrder.idOf(rank),
      regionName,
      sector,
      alsoNamed: ALSO_NAMED,
      evidenceRegions: EVIDENCE_REGIONS,
      toGap,
    };
    // A loop, not push(...list): a whole national graph has more gaps than call arguments fit.
    for (const merge of merges) for (const gap of merge.gaps(request)) gaps.push(gap);
  }
  undecided.sort((a, b) => compareText(a.regionId, b.regionId));
  return { gaps: sortedGaps(gaps), filter, undecided };
}

/**
 * Gaps by kind, then subject id, then subject kind: each kind's gaps (a few lists, each in subject
 * order) sorted apart, so that a comparison reads subject ids only.
 */
function sortedGaps(gaps: Gap[]): Gap[] {
  const byKind = new Map<string, Gap[]>();
  for (const gap of gaps) {
    const list = byKind.get(gap.kind);
    if (list) list.push(gap);
    else byKind.set(gap.kind, [gap]);
  }
  const out: Gap[] = [];
  for (const kind of [...byKind.keys()].sort(compareText)) {
    const list = (byKind.get(kind) as Gap[]).sort(
      (a, b) => compareText(a.subjectId, b.subjectId) || compareText(a.subjectKind, b.subjectKind),
    );
    // A loop, not push(...list): a whole national graph has more gaps than call arguments fit.
    for (const gap of list) out.push(gap);
  }
  return out;
}

/** A region-independent finding, worded once per answer when first read. */
class GraphWideParts implements GapParts {
  constructor(private readonly finding: Finding) {}
  explained(): GapHead {
    return this.finding;
  }
  message(): string {
    return this.finding.message(undefined);
  }
  relatedIds(): string[] {
    return this.finding.relatedIds();
  }
  regionIds(): string[] {
    return [];
  }
  regionCount(): number {
    return 0;
  }
}

type LazyKey = 'message' | 'relatedIds' | 'regionIds';

/** Returns the object it is given: what lets LazyFields stamp its private field on a plain gap. */
class Stamped {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is the point (see LazyFields)
    return target;
  }
}

/** A lazy field's place in the values a gap has worked out. */
const LAZY_SLOT = { message: 0, relatedIds: 1, regionIds: 2 } as const satisfies Record<LazyKey, number>;

/** What a lazy gap has worked out once a field is known: its parts until all three are, and the values. */
class Worked {
  parts: GapParts | undefined;
  readonly values: (string | string[] | undefined)[] = [undefined, undefined, undefined];
  constructor(parts: GapParts) {
    this.parts = parts;
  }
}

/**
 * A lazy gap's parts, then what it has worked out, in one private field stamped on the plain
 * gap object (its prototype stays Object.prototype): invisible to JSON, spreads, equality and
 * symbol listings, and, unlike a property defined per field, nearly free to add. Defining
 * properties is most of what a lazy gap costs to build, and an all-regions answer has 447,000
 * of them: one private field costs half of three defined properties, and the parts live in it
 * rather than in a property of their own (a fourth definition per gap).
 */
class LazyFields extends Stamped {
  #state: GapParts | Worked;

  constructor(target: object, parts: GapParts) {
    super(target);
    this.#state = parts;
  }

  /** Keeps a lazy field's value; once all three are known, the gap lets its parts go. */
  static keep<K extends LazyKey>(gap: Gap, key: K, value: Gap[K]): void {
    const fields = gap as unknown as LazyFields;
    let state = fields.#state;
    if (!(state instanceof Worked)) {
      state = new Worked(state);
      fields.#state = state;
    }
    const { values } = state;
    values[LAZY_SLOT[key]] = value;
    if (values[0] !== undefined && values[1] !== undefined && values[2] !== undefined) state.parts = undefined;
  }

  /** A field's value when known (always, for a gap that is not lazy). */
  static kept<K extends LazyKey>(gap: Gap, key: K): Gap[K] | undefined {
    const fields = gap as unknown as LazyFields;
    if (!(#state in fields)) return gap[key];
    const state = fields.#state;
    return state instanceof Worked ? (state.values[LAZY_SLOT[key]] as Gap[K] | undefined) : undefined;
  }

  /** A lazy gap's parts until all three fields are known; undefined for any other gap. */
  static partsOf(gap: Gap): GapParts | undefined {
    const fields = gap as unknown as LazyFields;
    if (!(#state in fields)) return undefined;
    const state = fields.#state;
    return state instanceof Worked ? state.parts : state;
  }
}

function lazyField<K extends LazyKey>(key: K, read: (parts: GapParts) => Gap[K]): PropertyDescriptor {
  return {
    get(this: Gap): Gap[K] {
      const kept = LazyFields.kept(this, key);
      if (kept !== undefined) return kept;
      const value = read(LazyFields.partsOf(this) as GapParts);
      LazyFields.keep(this, key, value);
      return value;
    },
    set(this: Gap, value: Gap[K]) {
      LazyFields.keep(this, key, value);
    },
    enumerable: true,
    configurable: true,
  };
}

/**
 * One set of accessors for every lazy gap: an object literal with its own getters (closures)
 * is a dictionary-mode object in V8, several times the cost to build and to hold; shared
 * accessors keep every gap on one fast shape. A value read is kept beside the accessor, not
 * put in its place: redefining a property costs more than working out most messages. Each is
 * defined by its own defineProperty: about half the cost of one defineProperties of all three.
 */
const MESSAGE = lazyField('message', (parts) => parts.message());
const RELATED_IDS = lazyField('relatedIds', (parts) => parts.relatedIds());
const REGION_IDS = lazyField('regionIds', (parts) => parts.regionIds());

/**
 * A gap whose `message`, `relatedIds` and `regionIds` are worked out when first read, then kept
 * (the same value at every read, or the one assigned): an all-regions answer has hundreds of
 * thousands of gaps naming hundreds of regions each, and most readers (a page, a count, a
 * GraphQL selection without the field) never look. Each is an own enumerable property (an
 * accessor) like any other to JSON, spreads and equality.
 *
 * What an unread gap keeps alive is its `parts`: the merge it came from (each class's findings
 * and region context, what the budget bounded while merging) and the request's region order.
 * Once all three fields of every gap of an answer are read, or the answer is dropped, that is freed.
 */
function lazyGap(head: GapHead, parts: GapParts): Gap {
  const gap = { kind: head.kind, severity: head.severity, subjectId: head.subjectId, subjectKind: head.subjectKind };
  new LazyFields(gap, parts);
  Object.defineProperty(gap, 'message', MESSAGE);
  Object.defineProperty(gap, 'relatedIds', RELATED_IDS);
  Object.defineProperty(gap, 'regionIds', REGION_IDS);
  return gap as Gap;
}

/** Whether a gap's field is worked out (always, for a gap that was not lazy): what a test of laziness reads. */
export function gapFieldKnown(gap: Gap, key: LazyKey): boolean {
  return LazyFields.partsOf(gap) === undefined || LazyFields.kept(gap, key) !== undefined;
}

/** Whether a lazy gap still keeps what it is worded from (until all three fields are known). */
export function gapHoldsParts(gap: Gap): boolean {
  return LazyFields.partsOf(gap) !== undefined;
}

/** The parts of a lazy gap whose regions are not listed yet. */
function unlisted(gap: Gap): GapParts | undefined {
  const parts = LazyFields.partsOf(gap);
  return parts !== undefined && LazyFields.kept(gap, 'regionIds') === undefined ? parts : undefined;
}

/** The eager twin of lazyGap: every field worded now, the head (severity included) read from the explanation. */
function eagerGap(_head: GapHead, parts: GapParts): Gap {
  const explained = parts.explained();
  return {
    kind: explained.kind,
    severity: explained.severity,
    subjectId: explained.subjectId,
    subjectKind: explained.subjectKind,
    message: parts.message(),
    relatedIds: parts.relatedIds(),
    regionIds: parts.regionIds(),
  };
}

/**
 * How many regions a gap was found in, without listing them when they have not been read
 * (a gap of an all-regions answer names up to every region of the graph).
 */
export function gapRegionCount(gap: Gap): number {
  const parts = unlisted(gap);
  return parts ? parts.regionCount() : gap.regionIds.length;
}

/** The first `limit` of a gap's regionIds, listing no more than those when they have not been read. */
export function gapRegionIds(gap: Gap, limit: number): string[] {
  const parts = unlisted(gap);
  return parts ? parts.regionIds(limit) : gap.regionIds.slice(0, limit);
}

/** Whether two results find the same subjects with the same ranks, in the same order. */
function sameFindings(a: { subjects: ArrayLike<number>; ranks: ArrayLike<number> }, b: RegionResult): boolean {
  if (a.subjects.length !== b.subjects.length) return false;
  for (let k = 0; k < a.subjects.length; k++) {
    if (a.subjects[k] !== b.subjects[k] || a.ranks[k] !== b.ranks[k]) return false;
  }
  return true;
}

/** One kind's results over the evaluated classes, merged into one gap per subject. */
interface Merge {
  /** Evaluates class `i`; how many records it now holds for it (undefined: none, the class is not kept). */
  add(i: number, cls: EvaluatedClass, ctx: RegionContext, sector: SectorMembership | undefined): number | undefined;
  gaps(request: MergeRequest): Gap[];
}

/** DEAD_END_CREDENTIAL with its work shared across classes (dead-end-merge.ts). */
class SharedDeadEnds implements Merge {
  private readonly merge: DeadEndMerge;

  constructor(graph: GapGraph) {
    this.merge = new DeadEndMerge(graph);
  }

  add(i: number, _cls: EvaluatedClass, ctx: RegionContext): number | undefined {
    if (ctx.threshold === undefined) return undefined;
    return this.merge.add(i, ctx);
  }

  gaps(request: MergeRequest): Gap[] {
    return this.merge.gaps(request);
  }
}

/** Region-independent findings are computed once per graph and kept (per kind, as asked for). */
const graphWideByKind = defineGapView('graph-wide-findings', () => new Map<GapKind, Finding[]>());

function graphWideFindings(graph: GapGraph, { kind, run }: GraphWideKind): Finding[] {
  const byKind = graphWideByKind(graph);
  let findings = byKind.get(kind);
  if (!findings) {
    findings = run(graph);
    byKind.set(kind, findings);
  }
  return findings;
}

const narrow = 'ask for one region (filter.regionId), fewer kinds (filter.kinds) or a sector (filter.sectorId)';

/** Counts what a request holds against its budget. */
class BudgetMeter {
  private heldRecords = 0;
  private heldClasses = 0;

  constructor(private readonly budget: GapBudget) {}

  records(n: number): void {
    this.heldRecords += n;
    if (this.heldRecords > this.budget.maxGapRecords) {
      throw new WorkLimitError(
        'gaps.maxGapRecords',
        `this request holds more than ${this.budget.maxGapRecords} regional gap records; ${narrow}`,
      );
    }
  }

  regionClass(): void {
    this.heldClasses += 1;
    if (this.heldClasses > this.budget.maxRegionClasses) {
      throw new WorkLimitError(
        'gaps.maxRegionClasses',
        `this request holds results for more than ${this.budget.maxRegionClasses} region classes; ${narrow}`,
      );
    }
  }
}

/** A class whose representative is `undefined` stands for "no region", in a graph without regions. */
type EvaluatedClass = RegionClass | { representative: undefined; members: string[] };

function classesToEvaluate(index: GraphIndex, filter: GapFilter): EvaluatedClass[] {
  if (filter.regionId !== undefined) return [{ representative: filter.regionId, members: [filter.regionId] }];
  if (index.regions.size === 0) return [{ representative: undefined, members: [] }];
  return regionClasses(index, filter.household, [...index.regions.keys()].sort(compareText), READ_INPUTS);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many other regions a merged message names before counting the rest. */
const ALSO_NAMED = 5;

/**
 * The regions of the evaluated classes numbered in id order once per request, so that a gap's
 * `regionIds` (the members of every class where it was found, in id order) is a sort of
 * integers rather than of strings: an all-regions answer lists millions of region ids.
 */
class RegionOrder {
  private readonly ids: string[];
  private readonly ranks: Int32Array[];

  constructor(classes: EvaluatedClass[]) {
    this.ids = classes.flatMap((cls) => cls.members).sort(compareText);
    const rank = new Map(this.ids.map((id, i) => [id, i]));
    this.ranks = classes.map((cls) => Int32Array.from(cls.members, (id) => rank.get(id) as number));
  }

  ranksOf(cls: number): Int32Array {
    return this.ranks[cls] as Int32Array;
  }

  idOf(rank: number): string {
    return this.ids[rank] as string;
  }

  /** The members of the classes `found`, in id order (the first `limit`). */
  sorted(found: ArrayLike<number> & Iterable<number>, limit = Number.POSITIVE_INFINITY): string[] {
    let n = 0;
    for (const c of found) n += (this.ranks[c] as Int32Array).length;
    const all = new Int32Array(n);
    let at = 0;
    for (const c of found) {
      const ranks = this.ranks[c] as Int32Array;
      all.set(ranks, at);
      at += ranks.length;
    }
    all.sort();
    const shown = Math.min(n, limit);
    const out = new Array<string>(shown);
    for (let k = 0; k < shown; k++) out[k] = this.ids[all[k] as number] as string;
    return out;
  }
}

/**
 * Merges one kind's results over the evaluated region classes with arrays indexed by subject:
 * one gap per subject, spoken for by its most severe class (ties: the most specific region,
 * then the first), with every region where it was found.
 */
class KindMerge implements Merge {
  private readonly rank: Int8Array;
  private readonly primary: Int32Array;
  /** subject → in how many classes it was found (then, for gaps(), where its class list starts). */
  private readonly count: Int32Array;
  private readonly results: (RegionResult | undefined)[] = [];
  private readonly depth: number[] = [];
  /**
   * For a rule with `regionFree` set, the findings of programs listing no region, by variant:
   * the subjects and ranks found, in which classes (null: every class), and per class the
   * explanation (`same`: the first class's, for all).
   */
  private readonly variants: { subjects: ArrayLike<number>; ranks: ArrayLike<number>; classes: number[] | null }[] = [];
  private readonly freeExplain: (() => RegionResult['explain'])[] = [];
  private freeEvaluated = false;
  /** For a rule with `regionFreeVariant`: variant key → the variant found (null: nothing found). */
  private readonly freeByKey = new Map<string, number | null>();

  constructor(
    readonly rule: RegionalKind,
    private readonly graph: GapGraph,
  ) {
    const n = rule.subjectIds(graph).length;
    this.rank = new Int8Array(n);
    this.primary = new Int32Array(n).fill(-1);
    this.count = new Int32Array(n);
  }

  add(i: number, cls: EvaluatedClass, ctx: RegionContext, sector: SectorMembership | undefined): number | undefined {
    const mode = this.rule.regionFree;
    if (mode === undefined) {
      const result = runRegional(this.rule, this.graph, ctx, sector);
      this.record(i, cls, result);
      return result?.subjects.length;
    }
    // Programs listing no region are available in every class and found alike in many: their
    // subjects and ranks are held once per variant, not once per class.
    let held: number | undefined;
    if (mode === 'variants' || !this.freeEvaluated) {
      this.freeEvaluated = true;
      // A class whose variant key was seen finds what that variant found: its explanation is
      // worked out only if a gap asks for it, not by evaluating every region-free program again.
      const key = this.rule.regionFreeVariant?.(ctx);
      const known = key === undefined ? undefined : this.freeByKey.get(key);
      if (known !== undefined) {
        if (known !== null) {
          held = 1;
          ((this.variants[known] as { classes: number[] | null }).classes as number[]).push(i);
          let explain: RegionResult['explain'] | undefined;
          this.freeExplain[i] = () => {
            explain ??= (runRegional(this.rule, this.graph, ctx, sector, 'region-free') as RegionResult).explain;
            return explain;
          };
        }
      } else {
        const free = runRegional(this.rule, this.graph, ctx, sector, 'region-free');
        let found: number | null = null;
        if (free) {
          held = 1;
          this.freeExplain[i] = () => free.explain;
          found = mode === 'variants' ? this.variants.findIndex((v) => sameFindings(v, free)) : -1;
          if (found !== -1) ((this.variants[found] as { classes: number[] | null }).classes as number[]).push(i);
          else {
            found = this.variants.length;
            this.variants.push({ subjects: free.subjects, ranks: free.ranks, classes: mode === 'same' ? null : [i] });
            held += free.subjects.length;
          }
        }
        if (key !== undefined) this.freeByKey.set(key, found);
      }
    }
    const result = runRegional(this.rule, this.graph, ctx, sector, 'listed');
    this.record(i, cls, result);
    return result || held !== undefined ? (held ?? 0) + (result?.subjects.length ?? 0) : undefined;
  }

  private record(i: number, cls: EvaluatedClass, result: RegionResult | undefined): void {
    this.results[i] = result;
    const first = cls.members[0];
    this.depth[i] = first === undefined ? 0 : regionDepth(this.graph.index, first);
    if (!result) return;
    const { subjects, ranks } = result;
    const depth = this.depth[i] as number;
    for (let k = 0; k < subjects.length; k++) {
      const s = subjects[k] as number;
      const r = ranks[k] as number;
      this.count[s] = (this.count[s] as number) + 1;
      const current = this.primary[s] as number;
      if (
        current === -1 ||
        r > (this.rank[s] as number) ||
        (r === this.rank[s] && depth > (this.depth[current] as number))
      ) {
        this.rank[s] = r;
        this.primary[s] = i;
      }
    }
  }

  /**
   * Every subject's classes, in class order, as slices of one integer array (a counting sort
   * of the results): one allocation for all of an answer's records, not a list per subject.
   */
  private classLists(): { start: Int32Array; lists: Int32Array } {
    const n = this.count.length;
    const start = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) start[s + 1] = (start[s] as number) + (this.count[s] as number);
    const lists = new Int32Array(start[n] as number);
    const at = start.slice(0, n);
    this.results.forEach((result, i) => {
      if (!result) return;
      for (const s of result.subjects) {
        lists[at[s] as number] = i;
        at[s] = (at[s] as number) + 1;
      }
    });
    return { start, lists };
  }

  /**
   * The region-free subjects (held apart from the classes' results, see add): found in the
   * classes of their variants, spoken for as record() would choose (most severe, deepest, first).
   */
  private regionFreeGaps(
    classCount: number,
    subjectGap: (
      s: number,
      i: number,
      rank: number,
      found: Int32Array,
      explainIn: (c: number) => RegionResult['explain'],
    ) => void,
  ): void {
    if (this.variants.length === 0) return;
    const first = (this.freeExplain.find((explain) => explain !== undefined) as () => RegionResult['explain'])();
    const explainIn =
      this.rule.regionFree === 'same'
        ? () => first
        : (c: number) => (this.freeExplain[c] as () => RegionResult['explain'])();
    const allClasses = Int32Array.from({ length: classCount }, (_, i) => i);
    // subject → its rank in each variant that finds it
    const bySubject = new Map<number, { v: number; rank: number }[]>();
    this.variants.forEach((variant, v) => {
      for (let k = 0; k < variant.subjects.length; k++) {
        const s = variant.subjects[k] as number;
        const list = bySubject.get(s);
        const entry = { v, rank: variant.ranks[k] as number };
        if (list) list.push(entry);
        else bySubject.set(s, [entry]);
      }
    });
    const rankIn = new Int8Array(classCount);
    // The primary of a subject found in every class (the variant of `same`) is the deepest
    // class, then the first, whatever its rank: worked out once, not per subject over every
    // class. Subjects found by the same variants with the same ranks share their classes and
    // primary: worked out once per such list.
    let everywherePrimary = -1;
    const byEntries = new Map<string, { found: Int32Array; primary: number; rank: number }>();
    bySubject.forEach((entries, s) => {
      const first = entries[0] as { v: number; rank: number };
      if (entries.some((e) => this.variants[e.v]?.classes === null)) {
        if (everywherePrimary === -1) {
          for (let c = 0; c < classCount; c++)
            if (everywherePrimary === -1 || (this.depth[c] as number) > (this.depth[everywherePrimary] as number))
              everywherePrimary = c;
        }
        subjectGap(s, everywherePrimary, first.rank, allClasses, explainIn);
        return;
      }
      const key = entries.map((e) => `${e.v}:${e.rank}`).join(',');
      let shared = byEntries.get(key);
      if (!shared) {
        const members: number[] = [];
        for (const e of entries) {
          for (const c of this.variants[e.v]?.classes ?? []) {
            members.push(c);
            rankIn[c] = e.rank;
          }
        }
        const found = Int32Array.from(members).sort();
        let primary = -1;
        for (const c of found) {
          if (
            primary === -1 ||
            (rankIn[c] as number) > (rankIn[primary] as number) ||
            (rankIn[c] === rankIn[primary] && (this.depth[c] as number) > (this.depth[primary] as number))
          ) {
            primary = c;
          }
        }
        shared = { found, primary, rank: rankIn[primary] as number };
        byEntries.set(key, shared);
      }
      subjectGap(s, shared.primary, shared.rank, shared.found, explainIn);
    });
  }

  gaps(request: MergeRequest): Gap[] {
    const { sector } = request;
    const out: Gap[] = [];
    const subjectIds = this.rule.subjectIds(this.graph);
    const { start, lists } = this.classLists();
    const { kind, subjectKind } = this.rule;
    // A gap's classes are a slice of `lists` (or a list of its own, for region-free subjects),
    // kept as offsets, not a view: every unread gap holds them.
    const subjectGap = (
      s: number,
      i: number,
      rank: number,
      found: Int32Array,
      from: number,
      to: number,
      explainIn: (c: number) => RegionResult['explain'],
    ) => {
      const subjectId = subjectIds[s] as string;
      if (sector && !sector.has(subjectKind, subjectId)) return;
      const head = { kind, severity: SEVERITY_OF_RANK[rank] as Severity, subjectId, subjectKind };
      out.push(request.toGap(head, new KindGapParts(request, s, i, found, from, to, explainIn)));
    };
    const listed = (c: number) => (this.results[c] as RegionResult).explain;
    this.primary.forEach((i, s) => {
      if (i === -1) return;
      subjectGap(s, i, this.rank[s] as number, lists, start[s] as number, start[s + 1] as number, listed);
    });
    this.regionFreeGaps(request.classes.length, (s, i, rank, found, explainIn) =>
      subjectGap(s, i, rank, found, 0, found.length, explainIn),
    );
    return out;
  }
}

/**
 * A merged gap of one kind, worded when read: the explanation of its primary class (most
 * severe, deepest, first) names that region and the first few others, and its evidence is
 * merged with that of up to EVIDENCE_REGIONS classes where it was found.
 */
class KindGapParts implements GapParts {
  private finding: Finding | undefined;

  constructor(
    private readonly request: MergeRequest,
    private readonly s: number,
    private readonly primary: number,
    private readonly lists: Int32Array,
    private readonly from: number,
    private readonly to: number,
    private readonly explainIn: (c: number) => RegionResult['explain'],
  ) {}

  /** The classes where it was found, ascending. */
  private get found(): Int32Array {
    return this.lists.subarray(this.from, this.to);
  }

  explained(): Finding {
    if (!this.finding) this.finding = this.explainIn(this.primary)(this.s);
    return this.finding;
  }

  message(): string {
    const { request, found } = this;
    const classes = request.classes;
    const where = classes[this.primary]?.members[0];
    // The message names the first few other regions and counts the rest: only those are named.
    const named: string[] = [];
    let others = 0;
    for (const c of found) {
      // Classes share no region: `where` (the primary's first member) is in the primary alone.
      const members = (classes[c] as EvaluatedClass).members;
      for (const id of members) {
        if (named.length >= ALSO_NAMED) break;
        if (id !== where) named.push(request.regionName(id));
      }
      others += members.length - (c === this.primary && where !== undefined ? 1 : 0);
    }
    let message = this.explained().message(where === undefined ? undefined : request.regionName(where));
    if (others > 0) message += ` (also in ${listOf(named, ALSO_NAMED, others)})`;
    return message;
  }

  relatedIds(): string[] {
    const { found, s } = this;
    const related = new Set(this.explained().relatedIds());
    let used = 1;
    for (const c of found) {
      if (c === this.primary) continue;
      if (related.size >= RELATED_LIMIT || used >= EVIDENCE_REGIONS) break;
      used++;
      for (const id of this.explainIn(c)(s).relatedIds()) {
        if (related.size >= RELATED_LIMIT) break;
        related.add(id);
      }
    }
    return [...related];
  }

  regionIds(limit?: number): string[] {
    return this.request.regionsOf(this.found, limit);
  }

  regionCount(): number {
    let n = 0;
    for (const c of this.found) n += (this.request.classes[c] as EvaluatedClass).members.length;
    return n;
  }
}
