/**
 * The overview's fast path. Once per snapshot (a derived view) every entity gets an ordinal
 * within its kind and every relationship the overview reads becomes lists of ordinals in flat
 * typed arrays (offsets + values); a request then decides membership, sector and area with
 * integer arrays only, no string keys or maps per entity. map-overview.ts holds the rules in
 * plain code (the reference twin), and the property tests hold the two equal.
 */
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { DELTA_KIND_OF_LABEL, type IndexDelta } from '../model/index-delta.ts';
import { LayeredMap } from '../model/layered-map.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';

/** Lists of ordinals: those of item i are values[offsets[i]..offsets[i + 1]]. */
export interface Lists {
  offsets: Int32Array;
  values: Int32Array;
}

function lists(count: number, fill: (i: number, add: (ordinal: number | undefined) => void) => void): Lists {
  const offsets = new Int32Array(count + 1);
  let values = new Int32Array(Math.max(16, count * 2));
  let size = 0;
  const add = (ordinal: number | undefined) => {
    if (ordinal === undefined) return;
    if (size === values.length) {
      const grown = new Int32Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    values[size] = ordinal;
    size += 1;
  };
  for (let i = 0; i < count; i += 1) {
    offsets[i] = size;
    fill(i, add);
  }
  offsets[count] = size;
  return { offsets, values: values.slice(0, size) };
}

export interface OverviewTable {
  ids: Record<EntityLabel, string[]>;
  /** id → ordinal, per kind (`regionOrd` is that of regions). */
  ords: Record<EntityLabel, Map<string, number>>;
  regionOrd: Map<string, number>;
  sectorOrd: Map<string, number>;
  regionParent: Int32Array;
  /** Sector ordinal per entity (-1: none), for the kinds that have one. */
  sector: Record<'Occupation' | 'Credential' | 'Program' | 'EntryPoint' | 'Support' | 'Pathway', Int32Array>;
  regionsOf: Record<'Program' | 'EntryPoint' | 'Partner' | 'Support', Lists>;
  programAwards: Lists;
  /** Each required credential once per program. */
  programRequires: Lists;
  programProvider: Int32Array;
  entryHolds: Lists;
  entryEnters: Lists;
  credentialQualifies: Lists;
  credentialAwardedBy: Lists;
  credentialRequiredBy: Lists;
  supportPrograms: Lists;
  pathwayPrograms: Lists;
}

function buildTable(index: GraphIndex): OverviewTable {
  const maps = {
    Region: index.regions,
    Sector: index.sectors,
    Occupation: index.occupations,
    Partner: index.partners,
    Credential: index.credentials,
    Program: index.programs,
    EntryPoint: index.entryPoints,
    Support: index.supports,
    Pathway: index.pathways,
  } as const;
  const ids = Object.fromEntries(ENTITY_LABELS.map((k) => [k, [...maps[k].keys()]])) as Record<EntityLabel, string[]>;
  const ord = Object.fromEntries(ENTITY_LABELS.map((k) => [k, new Map(ids[k].map((id, i) => [id, i]))])) as Record<
    EntityLabel,
    Map<string, number>
  >;
  const values = <K extends EntityLabel>(kind: K) => [...maps[kind].values()] as ReturnType<(typeof maps)[K]['get']>[];
  const regions = values('Region');
  const occupations = values('Occupation');
  const credentials = values('Credential');
  const programs = values('Program');
  const entryPoints = values('EntryPoint');
  const supports = values('Support');
  const pathways = values('Pathway');
  const partners = values('Partner');
  const sectorOrd = (id: string | undefined) => (id === undefined ? -1 : (ord.Sector.get(id) ?? -1));

  const occupationSector = Int32Array.from(occupations, (o) => sectorOrd(o?.sectorIds?.[0]));
  const credentialQualifies = lists(credentials.length, (i, add) => {
    for (const o of index.qualifiesFor.get(credentials[i]?.id ?? '') ?? []) add(ord.Occupation.get(o));
  });
  const firstSector = (l: Lists, i: number, sectors: Int32Array) => {
    for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) {
      const s = sectors[l.values[j] as number] as number;
      if (s >= 0) return s;
    }
    return -1;
  };
  const credentialSector = Int32Array.from(credentials, (_, i) =>
    firstSector(credentialQualifies, i, occupationSector),
  );
  const programAwards = lists(programs.length, (i, add) => {
    for (const c of programs[i]?.awards ?? []) add(ord.Credential.get(c));
  });
  const programRequires = lists(programs.length, (i, add) => {
    for (const c of new Set((programs[i]?.requires ?? []).flat())) add(ord.Credential.get(c));
  });
  const programSector = Int32Array.from(programs, (p, i) => {
    const s = firstSector(programAwards, i, credentialSector);
    return s >= 0 ? s : sectorOrd(index.pathwaysByProgram.get(p?.id ?? '')?.[0]?.sectorId);
  });
  const entryEnters = lists(entryPoints.length, (i, add) => {
    for (const p of entryPoints[i]?.enters ?? []) add(ord.Program.get(p));
  });
  const supportPrograms = lists(supports.length, (i, add) => {
    for (const p of supports[i]?.programIds ?? []) add(ord.Program.get(p));
  });
  const pathwayPrograms = lists(pathways.length, (i, add) => {
    for (const p of pathways[i]?.programIds ?? []) add(ord.Program.get(p));
  });
  // Sector of the first listed program only (not the first with a sector): the rule of the reference.
  const viaFirstProgram = (ids: (string[] | undefined)[]) =>
    Int32Array.from(ids, (list) => {
      const first = list?.[0];
      const p = first === undefined ? undefined : ord.Program.get(first);
      return p === undefined ? -1 : (programSector[p] as number);
    });
  const regionLists = (items: ({ regionIds?: string[] } | undefined)[]) =>
    lists(items.length, (i, add) => {
      for (const r of items[i]?.regionIds ?? []) add(ord.Region.get(r));
    });
  return {
    ids,
    ords: ord,
    regionOrd: ord.Region,
    sectorOrd: ord.Sector,
    regionParent: Int32Array.from(regions, (r) =>
      r?.parentId === undefined ? -1 : (ord.Region.get(r.parentId) ?? -1),
    ),
    sector: {
      Occupation: occupationSector,
      Credential: credentialSector,
      Program: programSector,
      EntryPoint: viaFirstProgram(entryPoints.map((e) => e?.enters)),
      Support: viaFirstProgram(supports.map((s) => s?.programIds)),
      Pathway: Int32Array.from(pathways, (w) => sectorOrd(w?.sectorId)),
    },
    regionsOf: {
      Program: regionLists(programs),
      EntryPoint: regionLists(entryPoints),
      Partner: regionLists(partners),
      Support: regionLists(supports),
    },
    programAwards,
    programRequires,
    programProvider: Int32Array.from(programs, (p) => ord.Partner.get(p?.providerId ?? '') ?? -1),
    entryHolds: lists(entryPoints.length, (i, add) => {
      for (const c of entryPoints[i]?.holds ?? []) add(ord.Credential.get(c));
    }),
    entryEnters,
    credentialQualifies,
    credentialAwardedBy: lists(credentials.length, (i, add) => {
      for (const p of index.awardedBy.get(credentials[i]?.id ?? '') ?? []) add(ord.Program.get(p));
    }),
    credentialRequiredBy: lists(credentials.length, (i, add) => {
      for (const p of index.requiredBy.get(credentials[i]?.id ?? '') ?? []) add(ord.Program.get(p));
    }),
    supportPrograms,
    pathwayPrograms,
  };
}

/**
 * What tableWithDelta changed, for views made from the table by the same delta (the national
 * overview, map-overview.ts): the rows it filled again, by sector array and by list (ordinals
 * of the new table; rows from `counts[kind]` on are new too), and the table it was made from.
 * Kept beside the table, not in it, and naming the previous table by a serial number only, so a
 * table never keeps an older one alive.
 */
export interface TableChanges {
  from: number;
  /** Each kind's entity count in the table it was made from. */
  counts: Record<EntityLabel, number>;
  sector: Record<keyof OverviewTable['sector'], ReadonlySet<number>>;
  regionsOf: Record<keyof OverviewTable['regionsOf'], ReadonlySet<number>>;
  lists: Record<
    | 'programAwards'
    | 'programRequires'
    | 'entryEnters'
    | 'credentialQualifies'
    | 'credentialAwardedBy'
    | 'credentialRequiredBy'
    | 'supportPrograms'
    | 'pathwayPrograms',
    ReadonlySet<number>
  >;
}

const serials = new WeakMap<OverviewTable, number>();
const changesOf = new WeakMap<OverviewTable, TableChanges>();
let nextSerial = 0;

/** A number naming this table (for TableChanges.from). */
export function tableSerial(table: OverviewTable): number {
  let serial = serials.get(table);
  if (serial === undefined) {
    serial = nextSerial++;
    serials.set(table, serial);
  }
  return serial;
}

/** What the delta that made `table` from another table changed; undefined for a table built whole. */
export function tableChanges(table: OverviewTable): TableChanges | undefined {
  return changesOf.get(table);
}

// Built with the snapshot (about a tenth of a second per 100,000 nodes), like the route graph, so
// the first overview after a change does not wait for it.
export const OVERVIEW_TABLE = defineView('map-overview-table', buildTable, {
  warm: true,
  update: (table: OverviewTable, old: GraphIndex, next: GraphIndex, delta: IndexDelta) =>
    tableWithDelta(table, old, next, delta),
});

/** The lists with the rows `dirty` (and every row from the old count on) filled again; clean rows are copied as they are. */
function relist(
  old: Lists,
  count: number,
  dirty: ReadonlySet<number>,
  fill: (i: number, add: (ordinal: number | undefined) => void) => void,
): Lists {
  const oldCount = old.offsets.length - 1;
  const rows = [...dirty].filter((i) => i < oldCount).sort((a, b) => a - b);
  for (let i = oldCount; i < count; i += 1) rows.push(i);
  if (rows.length === 0) return old;
  const fresh = rows.map((i) => {
    const out: number[] = [];
    fill(i, (o) => {
      if (o !== undefined) out.push(o);
    });
    return out;
  });
  let size = old.values.length;
  rows.forEach((i, k) => {
    size += (fresh[k] as number[]).length;
    if (i < oldCount) size -= (old.offsets[i + 1] as number) - (old.offsets[i] as number);
  });
  const offsets = new Int32Array(count + 1);
  const values = new Int32Array(size);
  let from = 0;
  let at = 0;
  const copy = (end: number) => {
    if (end <= from) return;
    const start = old.offsets[from] as number;
    const stop = old.offsets[end] as number;
    values.set(old.values.subarray(start, stop), at);
    const shift = at - start;
    // Before the first row whose length changed the offsets are the old ones: a memory copy.
    if (shift === 0) offsets.set(old.offsets.subarray(from, end), from);
    else for (let j = from; j < end; j += 1) offsets[j] = (old.offsets[j] as number) + shift;
    at += stop - start;
  };
  rows.forEach((i, k) => {
    copy(Math.min(i, oldCount));
    offsets[i] = at;
    values.set(fresh[k] as number[], at);
    at += (fresh[k] as number[]).length;
    from = i + 1;
  });
  copy(oldCount);
  offsets[count] = at;
  return { offsets, values };
}

/** The array grown to `count`, with the entries `dirty` (and the new ones) set by `value`. */
function reset(old: Int32Array, count: number, dirty: ReadonlySet<number>, value: (i: number) => number): Int32Array {
  if (dirty.size === 0 && count === old.length) return old;
  const out = new Int32Array(count);
  out.set(old);
  for (const i of dirty) out[i] = value(i);
  for (let i = old.length; i < count; i += 1) out[i] = value(i);
  return out;
}

/**
 * The table of `next` made from that of `old` (next = old.withDelta(delta)), in time proportional
 * to the delta plus a memory copy of the lists it changes: entities the delta adds get the next
 * ordinals (as a build over `next`, whose maps give added entries last, numbers them), and only
 * the rows that can change are filled again — those of the touched entities and of every entity
 * whose row reads them (a credential's sector from its occupations', a program's from its
 * credentials' and pathways', an entry point's or support's from its first program's). Undefined
 * (build in full) for a deleted entity (ordinals would move) or any region change.
 */
function tableWithDelta(
  t: OverviewTable,
  old: GraphIndex,
  next: GraphIndex,
  delta: IndexDelta,
): OverviewTable | undefined {
  const { touched } = delta;
  if ((touched.regions ?? []).length > 0) return undefined;
  const ids = { ...t.ids };
  const ords = { ...t.ords };
  const added = {} as Record<EntityLabel, string[]>;
  const changed = {} as Record<EntityLabel, number[]>;
  for (const label of ENTITY_LABELS) {
    const kind = DELTA_KIND_OF_LABEL[label];
    const map = next.entitiesOf(label);
    added[label] = [];
    changed[label] = [];
    const fresh = new Map<string, number>();
    for (const id of new Set(touched[kind] ?? [])) {
      const ordinal = t.ords[label].get(id);
      if (!map.has(id)) {
        if (ordinal !== undefined || old.entitiesOf(label).has(id)) return undefined;
        continue;
      }
      if (ordinal !== undefined) changed[label].push(ordinal);
      else {
        fresh.set(id, t.ids[label].length + added[label].length);
        added[label].push(id);
      }
    }
    if (added[label].length > 0) {
      ids[label] = t.ids[label].concat(added[label]);
      ords[label] = LayeredMap.with(t.ords[label], fresh);
    }
  }
  const n = (label: EntityLabel) => ids[label].length;
  const ord = (label: EntityLabel, id: string | undefined) => (id === undefined ? undefined : ords[label].get(id));
  const at = <L extends EntityLabel>(label: L, i: number) =>
    next.entitiesOf(label).get(ids[label][i] as string) as ReturnType<ReturnType<GraphIndex['entitiesOf']>['get']> &
      Record<string, unknown>;
  const mark = (set: Set<number>, label: EntityLabel, list: Iterable<string> | undefined) => {
    for (const id of list ?? []) {
      const i = ords[label].get(id);
      if (i !== undefined) set.add(i);
    }
  };
  const idsOf = <T extends { id: string }>(list: readonly T[] | undefined) => (list ?? []).map((x) => x.id);
  const oldRecord = (label: EntityLabel, i: number) =>
    old.entitiesOf(label).get(ids[label][i] as string) as Record<string, unknown> | undefined;
  const edges = [...new Set(touched.edges ?? [])].map((key) => key.split('|') as [string, string, string]);
  const sectorOrd = (id: string | undefined) => ord('Sector', id) ?? -1;

  // Occupations: their sector (the first listed; a sector added may be one an occupation names).
  const occupations = new Set(changed.Occupation);
  for (const sectorId of added.Sector) mark(occupations, 'Occupation', idsOf(next.occupationsBySector.get(sectorId)));
  const occupationSector = reset(t.sector.Occupation, n('Occupation'), occupations, (i) =>
    sectorOrd((at('Occupation', i) as { sectorIds?: string[] }).sectorIds?.[0]),
  );
  // Credentials: what they qualify for, and the sector that gives them.
  const qualifies = new Set(changed.Credential);
  for (const [kind, from] of edges) if (kind === 'QUALIFIES_FOR') mark(qualifies, 'Credential', [from]);
  for (const o of added.Occupation) mark(qualifies, 'Credential', next.qualifiedBy.get(o));
  const credentialQualifies = relist(t.credentialQualifies, n('Credential'), qualifies, (i, add) => {
    for (const o of next.qualifiesFor.get(ids.Credential[i] as string) ?? []) add(ord('Occupation', o));
  });
  const firstSector = (l: Lists, i: number, sectors: Int32Array) => {
    for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) {
      const s = sectors[l.values[j] as number] as number;
      if (s >= 0) return s;
    }
    return -1;
  };
  const credentialSectors = new Set(qualifies);
  for (const o of occupations) mark(credentialSectors, 'Credential', next.qualifiedBy.get(ids.Occupation[o] as string));
  const credentialSector = reset(t.sector.Credential, n('Credential'), credentialSectors, (i) =>
    firstSector(credentialQualifies, i, occupationSector),
  );
  // Programs: their awards and requirements, then their sector.
  const programRows = new Set(changed.Program);
  for (const c of added.Credential) {
    mark(programRows, 'Program', next.awardedBy.get(c));
    mark(programRows, 'Program', next.requiredBy.get(c));
  }
  const programAwards = relist(t.programAwards, n('Program'), programRows, (i, add) => {
    for (const c of (at('Program', i) as { awards: string[] }).awards) add(ord('Credential', c));
  });
  const programRequires = relist(t.programRequires, n('Program'), programRows, (i, add) => {
    for (const c of new Set(((at('Program', i) as { requires?: string[][] }).requires ?? []).flat()))
      add(ord('Credential', c));
  });
  const programSectors = new Set(programRows);
  for (const c of credentialSectors) mark(programSectors, 'Program', next.awardedBy.get(ids.Credential[c] as string));
  for (const w of changed.Pathway) {
    mark(programSectors, 'Program', (oldRecord('Pathway', w) as { programIds?: string[] } | undefined)?.programIds);
    mark(programSectors, 'Program', (at('Pathway', w) as { programIds?: string[] }).programIds);
  }
  for (const w of added.Pathway) mark(programSectors, 'Program', next.pathways.get(w)?.programIds);
  for (const s of added.Sector)
    for (const w of next.pathwaysBySector.get(s) ?? []) mark(programSectors, 'Program', w.programIds);
  const programSector = reset(t.sector.Program, n('Program'), programSectors, (i) => {
    const s = firstSector(programAwards, i, credentialSector);
    return s >= 0 ? s : sectorOrd(next.pathwaysByProgram.get(ids.Program[i] as string)?.[0]?.sectorId);
  });
  const providers = new Set(changed.Program);
  for (const partner of added.Partner) mark(providers, 'Program', idsOf(next.programsByProvider.get(partner)));
  const programProvider = reset(
    t.programProvider,
    n('Program'),
    providers,
    (i) => ord('Partner', (at('Program', i) as { providerId: string }).providerId) ?? -1,
  );
  // Credentials: the programs that award and require them.
  const byPrograms = new Set(changed.Credential);
  for (const p of changed.Program) {
    for (const record of [oldRecord('Program', p), at('Program', p)] as (
      | { awards?: string[]; requires?: string[][] }
      | undefined
    )[]) {
      mark(byPrograms, 'Credential', record?.awards);
      mark(byPrograms, 'Credential', (record?.requires ?? []).flat());
    }
  }
  for (const id of added.Program) {
    const program = next.programs.get(id);
    mark(byPrograms, 'Credential', program?.awards);
    mark(byPrograms, 'Credential', (program?.requires ?? []).flat());
  }
  // Entry points, supports and pathways: the programs (and credentials) they list, and the sector of the first program.
  const entryRows = new Set(changed.EntryPoint);
  const supportRows = new Set(changed.Support);
  const pathwayRows = new Set(changed.Pathway);
  for (const id of added.Program) {
    mark(entryRows, 'EntryPoint', idsOf(next.entryPointsByProgram.get(id)));
    mark(supportRows, 'Support', idsOf(next.supportsByProgram.get(id)));
    mark(pathwayRows, 'Pathway', idsOf(next.pathwaysByProgram.get(id)));
  }
  const holdRows = new Set(changed.EntryPoint);
  for (const c of added.Credential) mark(holdRows, 'EntryPoint', idsOf(next.entryPointsByHeld.get(c)));
  const entrySectors = new Set(entryRows);
  const supportSectors = new Set(supportRows);
  for (const p of programSectors) {
    const id = ids.Program[p] as string;
    mark(entrySectors, 'EntryPoint', idsOf(next.entryPointsByProgram.get(id)));
    mark(supportSectors, 'Support', idsOf(next.supportsByProgram.get(id)));
  }
  const pathwaySectors = new Set(changed.Pathway);
  for (const s of added.Sector) mark(pathwaySectors, 'Pathway', idsOf(next.pathwaysBySector.get(s)));
  const viaFirstProgram = (label: 'EntryPoint' | 'Support', field: 'enters' | 'programIds') => (i: number) => {
    const first = (at(label, i)[field] as string[] | undefined)?.[0];
    const p = ord('Program', first);
    return p === undefined ? -1 : (programSector[p] as number);
  };
  const listed =
    (label: EntityLabel, field: string, target: EntityLabel) => (i: number, add: (o: number | undefined) => void) => {
      for (const id of (at(label, i)[field] as string[] | undefined) ?? []) add(ord(target, id));
    };
  const regionRows = (label: 'Program' | 'EntryPoint' | 'Partner' | 'Support') =>
    relist(t.regionsOf[label], n(label), new Set(changed[label]), listed(label, 'regionIds', 'Region'));
  const regionsChanged = (label: 'Program' | 'EntryPoint' | 'Partner' | 'Support') => new Set(changed[label]);
  const table: OverviewTable = {
    ids,
    ords,
    regionOrd: ords.Region,
    sectorOrd: ords.Sector,
    regionParent: t.regionParent,
    sector: {
      Occupation: occupationSector,
      Credential: credentialSector,
      Program: programSector,
      EntryPoint: reset(t.sector.EntryPoint, n('EntryPoint'), entrySectors, viaFirstProgram('EntryPoint', 'enters')),
      Support: reset(t.sector.Support, n('Support'), supportSectors, viaFirstProgram('Support', 'programIds')),
      Pathway: reset(t.sector.Pathway, n('Pathway'), pathwaySectors, (i) =>
        sectorOrd((at('Pathway', i) as { sectorId?: string }).sectorId),
      ),
    },
    regionsOf: {
      Program: regionRows('Program'),
      EntryPoint: regionRows('EntryPoint'),
      Partner: regionRows('Partner'),
      Support: regionRows('Support'),
    },
    programAwards,
    programRequires,
    programProvider,
    entryHolds: relist(t.entryHolds, n('EntryPoint'), holdRows, listed('EntryPoint', 'holds', 'Credential')),
    entryEnters: relist(t.entryEnters, n('EntryPoint'), entryRows, listed('EntryPoint', 'enters', 'Program')),
    credentialQualifies,
    credentialAwardedBy: relist(t.credentialAwardedBy, n('Credential'), byPrograms, (i, add) => {
      for (const p of next.awardedBy.get(ids.Credential[i] as string) ?? []) add(ord('Program', p));
    }),
    credentialRequiredBy: relist(t.credentialRequiredBy, n('Credential'), byPrograms, (i, add) => {
      for (const p of next.requiredBy.get(ids.Credential[i] as string) ?? []) add(ord('Program', p));
    }),
    supportPrograms: relist(t.supportPrograms, n('Support'), supportRows, listed('Support', 'programIds', 'Program')),
    pathwayPrograms: relist(t.pathwayPrograms, n('Pathway'), pathwayRows, listed('Pathway', 'programIds', 'Program')),
  };
  changesOf.set(table, {
    from: tableSerial(t),
    counts: Object.fromEntries(ENTITY_LABELS.map((k) => [k, t.ids[k].length])) as Record<EntityLabel, number>,
    sector: {
      Occupation: occupations,
      Credential: credentialSectors,
      Program: programSectors,
      EntryPoint: entrySectors,
      Support: supportSectors,
      Pathway: pathwaySectors,
    },
    regionsOf: {
      Program: regionsChanged('Program'),
      EntryPoint: regionsChanged('EntryPoint'),
      Partner: regionsChanged('Partner'),
      Support: regionsChanged('Support'),
    },
    lists: {
      programAwards: programRows,
      programRequires: programRows,
      entryEnters: entryRows,
      credentialQualifies: qualifies,
      credentialAwardedBy: byPrograms,
      credentialRequiredBy: byPrograms,
      supportPrograms: supportRows,
      pathwayPrograms: pathwayRows,
    },
  });
  return table;
}

export type GroupBy = 'SECTOR_AREA' | 'SECTOR' | 'AREA';

export interface FastGroups {
  /** Per kind, the group number of each entity (by ordinal), -1 for those not in the view. */
  groupOf: Record<EntityLabel, Int32Array>;
  /** Groups are numbered 0..groupCount - 1, each with at least one member. */
  groupCount: number;
  /** Group number → `sector|area` key. */
  keyOf: (group: number) => string;
  /** `sector|area` key → group number, -1 when the view has no such group. */
  groupOfKey: (key: string) => number;
  table: OverviewTable;
}

/** Above this many possible (sector, area) pairs, raw numbers are renumbered through a Map, not an array. */
const DENSE_RAW_GROUPS = 1 << 22;

/** Which group each entity of the region's view falls in (the rules of map-overview.ts). */
export function fastGroups(index: GraphIndex, regionId: string | undefined, groupBy: GroupBy): FastGroups {
  const table = index.derived(OVERVIEW_TABLE);
  const { ids } = table;
  const n = (kind: EntityLabel) => ids[kind].length;
  const regionCount = n('Region');
  const regionOrd = (id: string) => table.regionOrd.get(id) ?? -1;

  // Regions in the view and, for supports, the region's chain.
  const inView = new Uint8Array(regionCount);
  const inChain = new Uint8Array(regionCount);
  let top = -1;
  if (regionId === undefined) {
    inView.fill(1);
    const roots: number[] = [];
    for (let r = 0; r < regionCount; r += 1) if ((table.regionParent[r] as number) < 0) roots.push(r);
    if (roots.length === 1) top = roots[0] as number;
  } else {
    for (const id of index.relatedRegions(regionId)) {
      const r = regionOrd(id);
      if (r >= 0) inView[r] = 1;
    }
    for (const id of index.chain(regionId)) {
      const r = regionOrd(id);
      if (r >= 0) inChain[r] = 1;
    }
    top = regionOrd(regionId);
  }
  // Area of every region in the view: the one just below the top on its chain, else the top
  // (or the chain's root, when the whole graph has several roots).
  const area = new Int32Array(regionCount).fill(-1);
  for (let r = 0; r < regionCount; r += 1) {
    if (!inView[r]) continue;
    const chain = index.chain(ids.Region[r] as string).map(regionOrd);
    if (top < 0) area[r] = chain[chain.length - 1] as number;
    else {
      const at = chain.indexOf(top);
      area[r] = at > 0 ? (chain[at - 1] as number) : top;
    }
  }
  const firstArea = (l: Lists, i: number) => {
    for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) {
      const a = area[l.values[j] as number] as number;
      if (a >= 0) return a;
    }
    return -1;
  };
  const available = (l: Lists, i: number) => {
    const from = l.offsets[i] as number;
    const to = l.offsets[i + 1] as number;
    if (from === to) return true;
    for (let j = from; j < to; j += 1) if (inView[l.values[j] as number]) return true;
    return false;
  };

  // Membership, as map.ts decides it for a region.
  const all = regionId === undefined;
  const member = Object.fromEntries(
    ENTITY_LABELS.map((k) => [k, new Uint8Array(n(k)).fill(all || k === 'Sector' ? 1 : 0)]),
  ) as Record<EntityLabel, Uint8Array>;
  if (!all) {
    member.Region.set(inView);
    const { Program, EntryPoint, Partner, Credential, Occupation, Support, Pathway } = member;
    for (let p = 0; p < Program.length; p += 1) if (available(table.regionsOf.Program, p)) Program[p] = 1;
    for (let e = 0; e < EntryPoint.length; e += 1) if (available(table.regionsOf.EntryPoint, e)) EntryPoint[e] = 1;
    for (let p = 0; p < Partner.length; p += 1) if (available(table.regionsOf.Partner, p)) Partner[p] = 1;
    const mark = (l: Lists, i: number, flags: Uint8Array) => {
      for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) flags[l.values[j] as number] = 1;
    };
    for (let p = 0; p < Program.length; p += 1) {
      if (!Program[p]) continue;
      const provider = table.programProvider[p] as number;
      if (provider >= 0) Partner[provider] = 1;
      mark(table.programAwards, p, Credential);
      mark(table.programRequires, p, Credential);
    }
    for (let e = 0; e < EntryPoint.length; e += 1) if (EntryPoint[e]) mark(table.entryHolds, e, Credential);
    for (let c = 0; c < Credential.length; c += 1) if (Credential[c]) mark(table.credentialQualifies, c, Occupation);
    const anyMember = (l: Lists, i: number, flags: Uint8Array) => {
      for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1)
        if (flags[l.values[j] as number]) return true;
      return false;
    };
    for (let s = 0; s < Support.length; s += 1)
      if (anyMember(table.supportPrograms, s, Program) || anyMember(table.regionsOf.Support, s, inChain))
        Support[s] = 1;
    for (let w = 0; w < Pathway.length; w += 1) if (anyMember(table.pathwayPrograms, w, Program)) Pathway[w] = 1;
  }

  // The view's areas get slots 1..A (slot 0: everywhere), so the raw number of a (sector, area)
  // pair, sector slot × (A + 1) + area slot, stays small: a nation's states, a state's counties.
  const areaSlot = new Int32Array(regionCount).fill(-1);
  const areaOfSlot: number[] = [-1];
  for (let r = 0; r < regionCount; r += 1) {
    const a = area[r] as number;
    if (a >= 0 && (areaSlot[a] as number) < 0) {
      areaSlot[a] = areaOfSlot.length;
      areaOfSlot.push(a);
    }
  }
  const areaSlots = groupBy === 'SECTOR' ? 1 : areaOfSlot.length;
  const rawCount = (groupBy === 'AREA' ? 1 : n('Sector') + 1) * areaSlots;
  const raw = (sector: number, areaOrd: number) =>
    (groupBy === 'AREA' ? 0 : sector + 1) * areaSlots +
    (groupBy === 'SECTOR' || areaOrd < 0 ? 0 : (areaSlot[areaOrd] as number));
  // Raw numbers renumbered 0.. in the order groups are first met.
  const rawOf: number[] = [];
  const dense = rawCount <= DENSE_RAW_GROUPS ? new Int32Array(rawCount).fill(-1) : undefined;
  const sparse = new Map<number, number>();
  const number = (r: number) => {
    let g = dense ? (dense[r] as number) : (sparse.get(r) ?? -1);
    if (g < 0) {
      g = rawOf.length;
      rawOf.push(r);
      if (dense) dense[r] = g;
      else sparse.set(r, g);
    }
    return g;
  };

  const programArea = new Int32Array(n('Program')).fill(-1);
  for (let p = 0; p < programArea.length; p += 1)
    if (member.Program[p]) programArea[p] = firstArea(table.regionsOf.Program, p);
  // The area of the first program of the list that is in the view; null when none is.
  const firstProgramArea = (l: Lists, i: number): number | null => {
    for (let j = l.offsets[i] as number; j < (l.offsets[i + 1] as number); j += 1) {
      const p = l.values[j] as number;
      if (member.Program[p]) return programArea[p] as number;
    }
    return null;
  };
  const groupOf = Object.fromEntries(ENTITY_LABELS.map((k) => [k, new Int32Array(n(k)).fill(-1)])) as Record<
    EntityLabel,
    Int32Array
  >;
  const each = (kind: EntityLabel, place: (i: number) => number) => {
    const flags = member[kind];
    const out = groupOf[kind];
    for (let i = 0; i < out.length; i += 1) if (flags[i]) out[i] = number(place(i));
  };
  each('Region', (r) => raw(-1, area[r] as number));
  each('Sector', (s) => raw(s, -1));
  each('Occupation', (o) => raw(table.sector.Occupation[o] as number, -1));
  each('Partner', (p) => raw(-1, firstArea(table.regionsOf.Partner, p)));
  each('Program', (p) => raw(table.sector.Program[p] as number, programArea[p] as number));
  each('Credential', (c) =>
    raw(
      table.sector.Credential[c] as number,
      firstProgramArea(table.credentialAwardedBy, c) ?? firstProgramArea(table.credentialRequiredBy, c) ?? -1,
    ),
  );
  each('EntryPoint', (e) => raw(table.sector.EntryPoint[e] as number, firstArea(table.regionsOf.EntryPoint, e)));
  each('Support', (s) => {
    const own = firstArea(table.regionsOf.Support, s);
    return raw(table.sector.Support[s] as number, own >= 0 ? own : (firstProgramArea(table.supportPrograms, s) ?? -1));
  });
  each('Pathway', (w) => raw(table.sector.Pathway[w] as number, firstProgramArea(table.pathwayPrograms, w) ?? -1));

  const keyOf = (g: number) => {
    const r = rawOf[g] as number;
    const sector = Math.floor(r / areaSlots) - 1;
    const areaOrd = areaOfSlot[r % areaSlots] as number;
    return `${sector < 0 ? '*' : ids.Sector[sector]}|${areaOrd < 0 ? '*' : ids.Region[areaOrd]}`;
  };
  const groupOfKey = (key: string) => {
    const [sectorId, areaId] = key.split('|') as [string, string];
    const sector = sectorId === '*' ? -1 : (table.sectorOrd.get(sectorId) ?? -2);
    const areaOrd = areaId === '*' ? -1 : (table.regionOrd.get(areaId) ?? -2);
    if (sector === -2 || areaOrd === -2) return -1;
    // A grouping that leaves sectors (areas) out has no group naming one.
    if ((groupBy === 'AREA' && sector !== -1) || (groupBy === 'SECTOR' && areaOrd !== -1)) return -1;
    if (areaOrd >= 0 && (areaSlot[areaOrd] as number) < 0) return -1;
    const r = raw(sector, areaOrd);
    return dense ? (dense[r] ?? -1) : (sparse.get(r) ?? -1);
  };
  return { groupOf, groupCount: rawOf.length, keyOf, groupOfKey, table };
}
