/**
 * Random write sequences over a bundle, for the property tests of incremental updates
 * (index-delta.property.test.ts, the derived views' updates): a model of the graph as keyed
 * records, random changes to it (upserts of every kind, deletes, references moved to other ids),
 * and the IndexDelta a write's changes make — what the snapshot reads back after a write.
 */
import fc from 'fast-check';
import type { Bundle } from '../src/model/bundle.ts';
import { GraphIndex } from '../src/model/graph-index.ts';
import { DELTA_KINDS, type DeltaKind, deltaKey, type IndexDelta, indexBundle } from '../src/model/index-delta.ts';

type Rec = Record<string, unknown>;

/** The graph as keyed records per kind (the model the writes change). */
export function recordsOf(bundle: Bundle): Map<DeltaKind, Map<string, Rec>> {
  const out = new Map<DeltaKind, Map<string, Rec>>();
  for (const kind of DELTA_KINDS) {
    out.set(kind, new Map(((bundle[kind] ?? []) as Rec[]).map((r) => [deltaKey(kind, r), r])));
  }
  return out;
}

export function bundleOf(records: Map<DeltaKind, Map<string, Rec>>): Bundle {
  const bundle: Rec = { format: 'pathway-bundle', version: 1 };
  for (const [kind, rows] of records) if (rows.size > 0) bundle[kind] = [...rows.values()];
  // Sorted like an export, so list order in a full build is the export's.
  return indexBundle(new GraphIndex(bundle as Bundle));
}

/** A change that needs an id of a kind the writes so far have emptied: skipped (a bundle could not name one either). */
export class NoneLeft extends Error {}
const pick = <T>(items: readonly T[], n: number): T => {
  if (items.length === 0) throw new NoneLeft();
  return items[n % items.length] as T;
};

/** One random change: a record of `kind` upserted (from a template, references re-pointed) or deleted. */
export const changeArb = fc.record({
  kind: fc.constantFrom(...DELTA_KINDS),
  template: fc.nat(),
  fresh: fc.boolean(),
  remove: fc.boolean(),
  seeds: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
});
export type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

export function applyChange(model: Map<DeltaKind, Map<string, Rec>>, change: Change, n: number): string | undefined {
  const rows = model.get(change.kind) as Map<string, Rec>;
  const templates = [...rows.values()];
  if (templates.length === 0) return undefined;
  const template = pick(templates, change.template);
  if (change.remove) {
    const key = deltaKey(change.kind, template);
    rows.delete(key);
    return key;
  }
  const ids = (kind: DeltaKind) => [...(model.get(kind) as Map<string, Rec>).keys()];
  const s = change.seeds;
  const some = (kind: DeltaKind, seed: number) => {
    const pool = ids(kind);
    return pool.length === 0 ? [] : [...new Set([pick(pool, seed), pick(pool, seed * 7 + 3)])].slice(0, (seed % 2) + 1);
  };
  const record: Rec = structuredClone(template);
  const id = change.fresh ? `new-${change.kind}-${n}` : (template.id as string | undefined);
  if (id !== undefined) record.id = id;
  switch (change.kind) {
    case 'regions':
      record.parentId = pick(ids('regions'), s[0] as number);
      if (record.parentId === record.id) delete record.parentId;
      break;
    case 'occupations':
      record.sectorIds = some('sectors', s[0] as number);
      break;
    case 'credentials':
      record.issuerId = pick(ids('partners'), s[0] as number);
      break;
    case 'programs':
      record.providerId = pick(ids('partners'), s[0] as number);
      record.awards = some('credentials', s[1] as number);
      record.requires = [some('credentials', s[2] as number), some('credentials', s[3] as number)];
      record.months = ((s[4] as number) % 30) + 1;
      break;
    case 'entryPoints':
      record.holds = some('credentials', s[0] as number);
      record.enters = some('programs', s[1] as number);
      break;
    case 'supports':
      record.programIds = some('programs', s[0] as number);
      record.regionIds = some('regions', s[1] as number);
      break;
    case 'pathways':
      record.programIds = some('programs', s[0] as number);
      record.sectorId = pick(ids('sectors'), s[1] as number);
      break;
    case 'wageThresholds':
      record.regionId = pick(ids('regions'), s[0] as number);
      record.annual = 20_000 + ((s[1] as number) % 50_000);
      break;
    case 'occupationWages':
      record.occupationId = pick(ids('occupations'), s[0] as number);
      record.regionId = pick(ids('regions'), s[1] as number);
      record.medianAnnual = 20_000 + ((s[2] as number) % 80_000);
      break;
    case 'outcomes':
      record.programId = pick(ids('programs'), s[0] as number);
      record.cohortYear = 2015 + ((s[1] as number) % 8);
      break;
    case 'transitions':
      record.fromProgramId = pick(ids('programs'), s[0] as number);
      record.toProgramId = pick(ids('programs'), s[1] as number);
      record.cohortYear = 2015 + ((s[2] as number) % 8);
      break;
    case 'edges': {
      const kinds = ['STACKS_INTO', 'ARTICULATES_TO', 'QUALIFIES_FOR', 'ADVANCES_TO', 'HIRES'] as const;
      const kind = pick(kinds, s[0] as number);
      const ends = {
        STACKS_INTO: ['credentials', 'credentials'],
        ARTICULATES_TO: ['credentials', 'programs'],
        QUALIFIES_FOR: ['credentials', 'occupations'],
        ADVANCES_TO: ['occupations', 'occupations'],
        HIRES: ['partners', 'occupations'],
      } as const;
      const [from, to] = ends[kind];
      Object.assign(
        record,
        { kind, from: pick(ids(from), s[1] as number), to: pick(ids(to), s[2] as number) },
        kind === 'ARTICULATES_TO' ? { credits: (s[3] as number) % 30 } : {},
      );
      for (const field of ['creditsApplied', 'credits', 'agreement', 'years', 'annualOpenings']) {
        if (!(kind === 'ARTICULATES_TO' && field === 'credits')) delete record[field];
      }
      if (kind === 'STACKS_INTO' && (s[4] as number) % 2 === 0) record.creditsApplied = (s[4] as number) % 20;
      if (kind === 'ADVANCES_TO' && (s[4] as number) % 2 === 0) record.years = (s[4] as number) % 5;
      break;
    }
  }
  const key = deltaKey(change.kind, record);
  rows.set(key, record);
  return key;
}

/** Applies one write's changes to the model and gives its delta (`counter` numbers fresh ids across writes). */
export function writeDelta(
  model: Map<DeltaKind, Map<string, Rec>>,
  write: Change[],
  counter: { n: number },
): IndexDelta {
  const touched: Partial<Record<DeltaKind, string[]>> = {};
  for (const change of write) {
    let key: string | undefined;
    try {
      key = applyChange(model, change, counter.n++);
    } catch (error) {
      if (!(error instanceof NoneLeft)) throw error;
    }
    if (key !== undefined) touched[change.kind] = [...(touched[change.kind] ?? []), key];
  }
  const records: Rec = {};
  for (const [kind, keys] of Object.entries(touched) as [DeltaKind, string[]][]) {
    const rows = model.get(kind) as Map<string, Rec>;
    records[kind] = [...new Set(keys)].flatMap((k) => (rows.has(k) ? [rows.get(k)] : []));
  }
  return { touched, records: records as Bundle };
}
