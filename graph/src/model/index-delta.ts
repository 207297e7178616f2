/**
 * A write's delta to a GraphIndex: the keys it touched, by bundle key, and those records as they
 * are after it (a touched key with no record was deleted). `applyDelta` makes the next index from
 * the old one in time proportional to the delta: each touched record's old contribution to every
 * table is taken out and its new one put in, and the tables share their unchanged entries with
 * the old index (layered-map.ts). The old index is not changed, so requests still reading it are
 * safe.
 *
 * Keys: entity ids; rows by their mapping key (`regionId|household`, `occupationId|regionId`,
 * `programId|cohortYear`, `fromProgramId|toProgramId|cohortYear`); edges `KIND|from|to`.
 * Ids cannot hold `|` (bundle.ts), so keys split back into their parts.
 *
 * Lists in the tables are kept in the order a full build from an export gives them (the export
 * sorts by id and key), so an updated index and a rebuilt one hold the same lists in the same
 * order; only the entity maps differ in iteration order (an added entity comes last).
 *
 * Tables this module does not know (a field added to GraphIndex later) make it fall back to a
 * full build of the updated graph, so an update can be slow but never stale.
 */
import type {
  Bundle,
  Credential,
  Edge,
  EntityKey,
  EntryPoint,
  Occupation,
  OccupationWage,
  Outcome,
  Partner,
  Pathway,
  Program,
  Region,
  Sector,
  Support,
  Transition,
  WageThreshold,
} from './bundle.ts';
import { contractVersionOf } from './bundle.ts';
import { ViewMemo } from './derived-view.ts';
import type { ArticulationEdge, GraphIndex, StackEdge } from './graph-index.ts';
import { LayeredMap } from './layered-map.ts';
import { LOOKUP_TABLES } from './lookup-tables.ts';
import type { EntityLabel } from './vocabulary.ts';

export const ENTITY_DELTA_KINDS = [
  'regions',
  'sectors',
  'occupations',
  'partners',
  'credentials',
  'programs',
  'entryPoints',
  'supports',
  'pathways',
] as const satisfies readonly EntityKey[];
/** The delta kind (bundle key) an entity label's records are touched under. */
export const DELTA_KIND_OF_LABEL: Readonly<Record<EntityLabel, (typeof ENTITY_DELTA_KINDS)[number]>> = {
  Region: 'regions',
  Sector: 'sectors',
  Occupation: 'occupations',
  Partner: 'partners',
  Credential: 'credentials',
  Program: 'programs',
  EntryPoint: 'entryPoints',
  Support: 'supports',
  Pathway: 'pathways',
};
export const ROW_DELTA_KINDS = ['wageThresholds', 'occupationWages', 'outcomes', 'transitions', 'edges'] as const;
export type DeltaKind = (typeof ENTITY_DELTA_KINDS)[number] | (typeof ROW_DELTA_KINDS)[number];
export const DELTA_KINDS: readonly DeltaKind[] = [...ENTITY_DELTA_KINDS, ...ROW_DELTA_KINDS];

export interface IndexDelta {
  /** Keys the write created, changed or deleted, by bundle key. */
  touched: Partial<Record<DeltaKind, readonly string[]>>;
  /** The touched records that exist after the write, as bundle records. */
  records: Bundle;
}

const entityKey = (kind: DeltaKind, record: Record<string, unknown>): string => {
  switch (kind) {
    case 'wageThresholds':
      return `${record.regionId}|${record.household}`;
    case 'occupationWages':
      return `${record.occupationId}|${record.regionId}`;
    case 'outcomes':
      return `${record.programId}|${record.cohortYear}`;
    case 'transitions':
      return `${record.fromProgramId}|${record.toProgramId}|${record.cohortYear}`;
    case 'edges':
      return `${record.kind}|${record.from}|${record.to}`;
    default:
      return record.id as string;
  }
};

/** The key a record of this kind is touched by (see the module comment). */
export const deltaKey = entityKey;

const viewsOf = (index: GraphIndex) => (index as unknown as { views: ViewMemo }).views;

/** What applyDelta maintains; any other own field of a GraphIndex means "fall back to a full build". */
const KNOWN_FIELDS = new Set<string>([
  'bundle',
  'views',
  ...LOOKUP_TABLES,
  ...ENTITY_DELTA_KINDS,
  'stacksFrom',
  'articulatesFrom',
  'articulatesTo',
  'qualifiesFor',
  'qualifiedBy',
  'advancesTo',
  'hiredBy',
  'awardedBy',
  'requiredBy',
  'wages',
  'thresholds',
  'supportsByProgram',
  'supportsByRegion',
  'children',
  'outcomesByProgram',
  'transitionsFrom',
  'transitionsTo',
  'occupationsBySector',
  'pathwaysBySector',
  'programsByProvider',
  'credentialsByIssuer',
  'pathwaysByProgram',
]);

/** Pending changes to one table of the old index. */
class Draft<K, V> {
  readonly changes = new Map<K, V | undefined>();
  constructor(readonly map: ReadonlyMap<K, V>) {}
  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.map.get(key);
  }
  set(key: K, value: V | undefined): void {
    this.changes.set(key, value);
  }
  finish(): Map<K, V> {
    return LayeredMap.with(this.map, this.changes);
  }
}

/** Puts an item in a list sorted by `order`, after the equal ones (where a build appends it). */
function insertSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(list[mid] as T, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** A table of lists, each kept sorted by `order` (a list is copied once, on its first edit). */
class ListDraft<K, T> extends Draft<K, T[]> {
  private readonly copied = new Set<K>();
  constructor(
    map: ReadonlyMap<K, T[]>,
    private readonly order: (a: T, b: T) => number,
  ) {
    super(map);
  }
  private edit(key: K): T[] {
    if (!this.copied.has(key)) {
      this.copied.add(key);
      this.set(key, [...(this.get(key) ?? [])]);
    }
    return this.get(key) as T[];
  }
  /** Takes out every item `gone` matches (the items an old record put in). */
  remove(key: K, gone: (item: T) => boolean): void {
    const current = this.get(key);
    if (!current?.some(gone)) return;
    const list = this.edit(key);
    // An emptied list is dropped in finish() (a later add in the same delta may refill it).
    for (let i = list.length - 1; i >= 0; i--) if (gone(list[i] as T)) list.splice(i, 1);
  }
  /** Puts an item in at its place in the order (after equal ones, as a build appends). */
  add(key: K, item: T): void {
    insertSorted(this.edit(key), item, this.order);
  }
  override finish(): Map<K, T[]> {
    for (const key of this.copied) if ((this.changes.get(key)?.length ?? 0) === 0) this.changes.set(key, undefined);
    return super.finish();
  }
}

/** A list kept sorted by `order`, copied once, on its first edit (programsEverywhere, rootRegions). */
class SortedListDraft<T> {
  private list: T[] | undefined;
  constructor(
    private readonly base: readonly T[],
    private readonly order: (a: T, b: T) => number,
  ) {}
  private edit(): T[] {
    this.list ??= [...this.base];
    return this.list;
  }
  remove(gone: (item: T) => boolean): void {
    if (!(this.list ?? this.base).some(gone)) return;
    const list = this.edit();
    for (let i = list.length - 1; i >= 0; i--) if (gone(list[i] as T)) list.splice(i, 1);
  }
  add(item: T): void {
    insertSorted(this.edit(), item, this.order);
  }
  finish(): T[] {
    return (this.list ?? this.base) as T[];
  }
}

/** A table of maps (occupation → region → wage): an inner map is copied once, on its first edit. */
class NestedDraft<V> extends Draft<string, Map<string, V>> {
  private readonly copied = new Set<string>();
  put(outer: string, inner: string, value: V | undefined): void {
    if (!this.copied.has(outer)) {
      this.copied.add(outer);
      this.set(outer, new Map(this.get(outer) ?? []));
    }
    const rows = this.get(outer) as Map<string, V>;
    if (value === undefined) rows.delete(inner);
    else rows.set(inner, value);
  }
  override finish(): Map<string, Map<string, V>> {
    for (const key of this.copied) if ((this.changes.get(key)?.size ?? 0) === 0) this.changes.set(key, undefined);
    return super.finish();
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);
const transitionKeyOf = (t: Transition) => `${t.fromProgramId}|${t.toProgramId}|${t.cohortYear}`;

type Tables = ReturnType<typeof drafts>;

function drafts(index: GraphIndex) {
  return {
    regions: new Draft<string, Region>(index.regions),
    sectors: new Draft<string, Sector>(index.sectors),
    occupations: new Draft<string, Occupation>(index.occupations),
    partners: new Draft<string, Partner>(index.partners),
    credentials: new Draft<string, Credential>(index.credentials),
    programs: new Draft<string, Program>(index.programs),
    entryPoints: new Draft<string, EntryPoint>(index.entryPoints),
    supports: new Draft<string, Support>(index.supports),
    pathways: new Draft<string, Pathway>(index.pathways),
    stacksFrom: new ListDraft<string, StackEdge>(index.stacksFrom, (a, b) => cmp(a.to, b.to)),
    articulatesFrom: new ListDraft<string, ArticulationEdge>(index.articulatesFrom, (a, b) =>
      cmp(a.programId, b.programId),
    ),
    articulatesTo: new ListDraft<string, ArticulationEdge>(index.articulatesTo, (a, b) => cmp(a.from, b.from)),
    qualifiesFor: new ListDraft<string, string>(index.qualifiesFor, cmp),
    qualifiedBy: new ListDraft<string, string>(index.qualifiedBy, cmp),
    advancesTo: new ListDraft<string, { to: string; years?: number }>(index.advancesTo, (a, b) => cmp(a.to, b.to)),
    hiredBy: new ListDraft<string, { partnerId: string; annualOpenings?: number }>(index.hiredBy, (a, b) =>
      cmp(a.partnerId, b.partnerId),
    ),
    awardedBy: new ListDraft<string, string>(index.awardedBy, cmp),
    requiredBy: new ListDraft<string, string>(index.requiredBy, cmp),
    wages: new NestedDraft<OccupationWage>(index.wages),
    thresholds: new NestedDraft<WageThreshold>(index.thresholds),
    supportsByProgram: new ListDraft<string, Support>(index.supportsByProgram, byId),
    supportsByRegion: new ListDraft<string, Support>(index.supportsByRegion, byId),
    children: new ListDraft<string, string>(index.children, cmp),
    outcomesByProgram: new ListDraft<string, Outcome>(index.outcomesByProgram, (a, b) => a.cohortYear - b.cohortYear),
    transitionsFrom: new ListDraft<string, Transition>(index.transitionsFrom, (a, b) =>
      cmp(transitionKeyOf(a), transitionKeyOf(b)),
    ),
    transitionsTo: new ListDraft<string, Transition>(index.transitionsTo, (a, b) =>
      cmp(transitionKeyOf(a), transitionKeyOf(b)),
    ),
    occupationsBySector: new ListDraft<string, Occupation>(index.occupationsBySector, byId),
    pathwaysBySector: new ListDraft<string, Pathway>(index.pathwaysBySector, byId),
    programsByProvider: new ListDraft<string, Program>(index.programsByProvider, byId),
    credentialsByIssuer: new ListDraft<string, Credential>(index.credentialsByIssuer, byId),
    pathwaysByProgram: new ListDraft<string, Pathway>(index.pathwaysByProgram, byId),
    // The GraphQL lookups (lookup-tables.ts), in id order: the order of an updated index's bundle.
    programsByRegion: new ListDraft<string, Program>(index.programsByRegion, byId),
    programsEverywhere: new SortedListDraft<Program>(index.programsEverywhere, byId),
    entryPointsByProgram: new ListDraft<string, EntryPoint>(index.entryPointsByProgram, byId),
    entryPointsByHeld: new ListDraft<string, EntryPoint>(index.entryPointsByHeld, byId),
    rootRegions: new SortedListDraft<Region>(index.rootRegions, byId),
    // A pathway's roles after those of pathways with smaller ids, in the pathway's own order (add keeps it).
    rolesByPartner: new ListDraft<string, { pathway: Pathway; role: string }>(index.rolesByPartner, (a, b) =>
      cmp(a.pathway.id, b.pathway.id),
    ),
  };
}

/** The record a key names in the old index (drafts read through to it), or undefined. */
function oldRecord(t: Tables, kind: DeltaKind, key: string): Record<string, unknown> | undefined {
  const parts = key.split('|');
  switch (kind) {
    case 'wageThresholds':
      return t.thresholds.get(parts[0] as string)?.get(parts[1] as string);
    case 'occupationWages':
      return t.wages.get(parts[0] as string)?.get(parts[1] as string);
    case 'outcomes':
      return t.outcomesByProgram.get(parts[0] as string)?.find((o) => String(o.cohortYear) === parts[1]);
    case 'transitions':
      return t.transitionsFrom.get(parts[0] as string)?.find((row) => transitionKeyOf(row) === key);
    case 'edges':
      return oldEdge(t, parts[0] as string, parts[1] as string, parts[2] as string);
    default:
      return t[kind].get(key);
  }
}

/** An edge rebuilt from the adjacency lists (they hold every field an edge has). */
function oldEdge(t: Tables, kind: string, from: string, to: string): Edge | undefined {
  switch (kind) {
    case 'STACKS_INTO': {
      const e = t.stacksFrom.get(from)?.find((s) => s.to === to);
      return e && { kind, from, to, creditsApplied: e.creditsApplied };
    }
    case 'ARTICULATES_TO': {
      const e = t.articulatesFrom.get(from)?.find((a) => a.programId === to);
      return (
        e && { kind, from, to, credits: e.credits, ...(e.agreement !== undefined ? { agreement: e.agreement } : {}) }
      );
    }
    case 'QUALIFIES_FOR':
      return t.qualifiesFor.get(from)?.includes(to) ? { kind, from, to } : undefined;
    case 'ADVANCES_TO': {
      const e = t.advancesTo.get(from)?.find((a) => a.to === to);
      return e && { kind, from, to, ...(e.years !== undefined ? { years: e.years } : {}) };
    }
    case 'HIRES': {
      const e = t.hiredBy.get(to)?.find((h) => h.partnerId === from);
      return e && { kind, from, to, ...(e.annualOpenings !== undefined ? { annualOpenings: e.annualOpenings } : {}) };
    }
    default:
      return undefined;
  }
}

/** Takes a record's contribution out of every table (`add` false) or puts it in. */
function contribute(t: Tables, kind: DeltaKind, record: Record<string, unknown>, add: boolean): void {
  const list = <K, T>(draft: ListDraft<K, T>, key: K, item: T, same: (x: T) => boolean) => {
    if (add) draft.add(key, item);
    else draft.remove(key, same);
  };
  switch (kind) {
    case 'regions': {
      const r = record as Region;
      t.regions.set(r.id, add ? r : undefined);
      if (r.parentId) list(t.children, r.parentId, r.id, (x) => x === r.id);
      else if (add) t.rootRegions.add(r);
      else t.rootRegions.remove((x) => x.id === r.id);
      return;
    }
    case 'sectors':
    case 'partners':
      t[kind].set(record.id as string, add ? (record as never) : undefined);
      return;
    case 'entryPoints': {
      const e = record as EntryPoint;
      t.entryPoints.set(e.id, add ? e : undefined);
      for (const programId of new Set(e.enters ?? [])) list(t.entryPointsByProgram, programId, e, (x) => x.id === e.id);
      for (const credentialId of new Set(e.holds ?? []))
        list(t.entryPointsByHeld, credentialId, e, (x) => x.id === e.id);
      return;
    }
    case 'occupations': {
      const o = record as Occupation;
      t.occupations.set(o.id, add ? o : undefined);
      for (const sectorId of new Set(o.sectorIds ?? [])) list(t.occupationsBySector, sectorId, o, (x) => x.id === o.id);
      return;
    }
    case 'credentials': {
      const c = record as Credential;
      t.credentials.set(c.id, add ? c : undefined);
      if (c.issuerId) list(t.credentialsByIssuer, c.issuerId, c, (x) => x.id === c.id);
      return;
    }
    case 'programs': {
      const p = record as Program;
      t.programs.set(p.id, add ? p : undefined);
      const awards = add ? p.awards : [...new Set(p.awards)];
      for (const credentialId of awards) list(t.awardedBy, credentialId, p.id, (x) => x === p.id);
      for (const credentialId of new Set((p.requires ?? []).flat()))
        list(t.requiredBy, credentialId, p.id, (x) => x === p.id);
      list(t.programsByProvider, p.providerId, p, (x) => x.id === p.id);
      const regionIds = new Set(p.regionIds ?? []);
      for (const regionId of regionIds) list(t.programsByRegion, regionId, p, (x) => x.id === p.id);
      if (regionIds.size === 0) {
        if (add) t.programsEverywhere.add(p);
        else t.programsEverywhere.remove((x) => x.id === p.id);
      }
      return;
    }
    case 'supports': {
      const s = record as Support;
      t.supports.set(s.id, add ? s : undefined);
      const programIds = add ? (s.programIds ?? []) : [...new Set(s.programIds ?? [])];
      for (const programId of programIds) list(t.supportsByProgram, programId, s, (x) => x.id === s.id);
      const regionIds = add ? (s.regionIds ?? []) : [...new Set(s.regionIds ?? [])];
      for (const regionId of regionIds) list(t.supportsByRegion, regionId, s, (x) => x.id === s.id);
      return;
    }
    case 'pathways': {
      const w = record as Pathway;
      t.pathways.set(w.id, add ? w : undefined);
      if (w.sectorId) list(t.pathwaysBySector, w.sectorId, w, (x) => x.id === w.id);
      for (const programId of new Set(w.programIds ?? []))
        list(t.pathwaysByProgram, programId, w, (x) => x.id === w.id);
      for (const { partnerId, role } of w.partnerRoles ?? [])
        list(t.rolesByPartner, partnerId, { pathway: w, role }, (x) => x.pathway.id === w.id);
      return;
    }
    case 'wageThresholds': {
      const row = record as WageThreshold;
      t.thresholds.put(row.regionId, row.household, add ? row : undefined);
      return;
    }
    case 'occupationWages': {
      const row = record as OccupationWage;
      t.wages.put(row.occupationId, row.regionId, add ? row : undefined);
      return;
    }
    case 'outcomes': {
      const row = record as Outcome;
      list(t.outcomesByProgram, row.programId, row, (x) => x.cohortYear === row.cohortYear);
      return;
    }
    case 'transitions': {
      const row = record as Transition;
      const key = transitionKeyOf(row);
      list(t.transitionsFrom, row.fromProgramId, row, (x) => transitionKeyOf(x) === key);
      list(t.transitionsTo, row.toProgramId, row, (x) => transitionKeyOf(x) === key);
      return;
    }
    case 'edges': {
      const edge = record as Edge;
      switch (edge.kind) {
        case 'STACKS_INTO':
          list(
            t.stacksFrom,
            edge.from,
            { from: edge.from, to: edge.to, creditsApplied: edge.creditsApplied ?? 0 },
            (x) => x.to === edge.to,
          );
          return;
        case 'ARTICULATES_TO': {
          const a = { from: edge.from, programId: edge.to, credits: edge.credits, agreement: edge.agreement };
          list(t.articulatesFrom, edge.from, a, (x) => x.programId === edge.to);
          list(t.articulatesTo, edge.to, a, (x) => x.from === edge.from);
          return;
        }
        case 'QUALIFIES_FOR':
          list(t.qualifiesFor, edge.from, edge.to, (x) => x === edge.to);
          list(t.qualifiedBy, edge.to, edge.from, (x) => x === edge.from);
          return;
        case 'ADVANCES_TO':
          list(t.advancesTo, edge.from, { to: edge.to, years: edge.years }, (x) => x.to === edge.to);
          return;
        case 'HIRES':
          list(
            t.hiredBy,
            edge.to,
            { partnerId: edge.from, annualOpenings: edge.annualOpenings },
            (x) => x.partnerId === edge.from,
          );
          return;
      }
    }
  }
}

/** Own fields of an index that applyDelta does not maintain (so it must build in full instead). */
export function unknownFields(index: GraphIndex): string[] {
  return Object.keys(index).filter((field) => !KNOWN_FIELDS.has(field));
}

/** The index after `delta` (see the module comment); `index` itself is left as it was. */
export function applyDelta(index: GraphIndex, delta: IndexDelta): GraphIndex {
  const make = index.constructor as new (bundle: Bundle) => GraphIndex;
  if (unknownFields(index).length > 0) return new make(bundleWithDelta(index, delta));

  const t = drafts(index);
  for (const kind of DELTA_KINDS) {
    const keys = delta.touched[kind] ?? [];
    if (keys.length === 0) continue;
    const next = new Map<string, Record<string, unknown>>();
    for (const record of (delta.records[kind] ?? []) as Record<string, unknown>[])
      next.set(entityKey(kind, record), record);
    for (const key of new Set(keys)) {
      const before = oldRecord(t, kind, key);
      if (before) contribute(t, kind, before, false);
      const after = next.get(key);
      if (after) contribute(t, kind, after, true);
    }
  }

  const out = Object.create(Object.getPrototypeOf(index)) as GraphIndex;
  // The new index's views are made from the old index's where a view knows how (derived-view.ts).
  const fields: Record<string, unknown> = { views: ViewMemo.after(viewsOf(index), index, out, delta) };
  for (const [name, draft] of Object.entries(t)) fields[name] = draft.finish();
  Object.assign(out, fields);
  // Programs are in id order here (the order of an updated index's bundle, indexBundle): the
  // position of each is made on first use (few readers need it), and programsAvailableIn
  // compares ids instead, which orders programs the same.
  let position: Map<string, number> | undefined;
  Object.defineProperty(out, 'programPosition', {
    enumerable: true,
    get: () => {
      position ??= new Map([...out.programs.keys()].sort(cmp).map((id, i) => [id, i]));
      return position;
    },
  });
  Object.defineProperty(out, 'compareProgramOrder', { enumerable: false, value: byId });
  let bundle: Bundle | undefined;
  // The bundle of an updated index is made from its tables on first use (few readers need it).
  Object.defineProperty(out, 'bundle', {
    enumerable: true,
    get: () => {
      bundle ??= indexBundle(out);
      return bundle;
    },
  });
  return out;
}

/** The old index's graph with the delta applied, as a bundle (the fallback's input). */
function bundleWithDelta(index: GraphIndex, delta: IndexDelta): Bundle {
  const bundle = indexBundle(index) as Record<string, unknown>;
  for (const kind of DELTA_KINDS) {
    const keys = new Set(delta.touched[kind] ?? []);
    if (keys.size === 0) continue;
    const kept = ((bundle[kind] ?? []) as Record<string, unknown>[]).filter((r) => !keys.has(entityKey(kind, r)));
    bundle[kind] = [...kept, ...((delta.records[kind] ?? []) as Record<string, unknown>[])];
  }
  return bundle as Bundle;
}

/**
 * The graph an index holds, as a bundle read from its tables (records and rows sorted by key,
 * so two indexes of the same graph give the same bundle whatever their history).
 */
export function indexBundle(index: GraphIndex): Bundle {
  const sorted = <T>(kind: DeltaKind, items: Iterable<T>): T[] =>
    [...items].sort((a, b) =>
      cmp(entityKey(kind, a as Record<string, unknown>), entityKey(kind, b as Record<string, unknown>)),
    );
  const out: Record<string, unknown> = { format: 'pathway-bundle', version: 1 };
  for (const kind of ENTITY_DELTA_KINDS)
    out[kind] = sorted<unknown>(kind, (index[kind] as Map<string, unknown>).values());
  out.wageThresholds = sorted(
    'wageThresholds',
    [...index.thresholds.values()].flatMap((rows) => [...rows.values()]),
  );
  out.occupationWages = sorted(
    'occupationWages',
    [...index.wages.values()].flatMap((rows) => [...rows.values()]),
  );
  out.outcomes = sorted('outcomes', [...index.outcomesByProgram.values()].flat());
  out.transitions = sorted('transitions', [...index.transitionsFrom.values()].flat());
  const edges: Edge[] = [];
  for (const list of index.stacksFrom.values())
    for (const e of list) edges.push({ kind: 'STACKS_INTO', from: e.from, to: e.to, creditsApplied: e.creditsApplied });
  for (const list of index.articulatesFrom.values())
    for (const e of list)
      edges.push({
        kind: 'ARTICULATES_TO',
        from: e.from,
        to: e.programId,
        credits: e.credits,
        ...(e.agreement !== undefined ? { agreement: e.agreement } : {}),
      });
  for (const [from, list] of index.qualifiesFor) for (const to of list) edges.push({ kind: 'QUALIFIES_FOR', from, to });
  for (const [from, list] of index.advancesTo)
    for (const e of list)
      edges.push({ kind: 'ADVANCES_TO', from, to: e.to, ...(e.years !== undefined ? { years: e.years } : {}) });
  for (const [to, list] of index.hiredBy)
    for (const e of list)
      edges.push({
        kind: 'HIRES',
        from: e.partnerId,
        to,
        ...(e.annualOpenings !== undefined ? { annualOpenings: e.annualOpenings } : {}),
      });
  out.edges = sorted('edges', edges);
  for (const key of Object.keys(out))
    if (Array.isArray(out[key]) && (out[key] as unknown[]).length === 0) delete out[key];
  const bundle = out as Bundle;
  bundle.version = contractVersionOf(bundle);
  return bundle;
}
