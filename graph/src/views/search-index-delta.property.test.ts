/**
 * The search index made by deltas (a base, the touched entities masked in it, and a small index of
 * them as they are now) against the index built fresh and against the naive twin. On random write
 * sequences (upserts of every kind, some renamed, deletes, fresh ids; graph/test/random-writes.ts),
 * each write's delta is applied as the snapshot applies it (withDelta, then the warm views, made
 * from the previous index's), and after each write searches with texts cut from the names, titles,
 * ids and codes there are now, random kinds, regions and page sizes must answer as a full build of
 * the graph does, and as naiveSearch; with a small visit bound too, as a fresh index's walk does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { bundleOf, changeArb, recordsOf, writeDelta } from '../../test/random-writes.ts';
import type { Bundle } from '../model/bundle.ts';
import { warmViews } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_DELTA_KINDS } from '../model/index-delta.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';
import { randomBundle } from './random-bundle.ts';
import {
  buildSearchIndex,
  foldSearchIndex,
  naiveSearch,
  SEARCH_INDEX,
  type SearchIndex,
  searchIndexed,
} from './search-index.ts';

const NAMES = ['Nurse aide', 'nursing', 'Enfermería', 'weld', 'welder care', 'data', 'día 2', 'cna b2'];

/** A write: its changes, and new names (or titles, or SOC codes) for the records it writes. */
const writeArb = fc.record({
  changes: fc.array(changeArb, { minLength: 1, maxLength: 6 }),
  renames: fc.array(fc.option(fc.nat()), { maxLength: 6 }),
  /** New occupations whose SOC code is another entity's id or code (exact matches across kinds). */
  twins: fc.array(fc.nat(), { maxLength: 2 }),
});

/** A search, resolved against the graph after the write: `source` picks the text it is cut from. */
const queryArb = fc.record({
  /** Cut from what the write wrote rather than from the whole graph. */
  hot: fc.boolean(),
  source: fc.nat(),
  cut: fc.nat(),
  second: fc.option(fc.record({ source: fc.nat(), cut: fc.nat() })),
  kinds: fc.option(fc.subarray([...ENTITY_LABELS], { minLength: 1 })),
  region: fc.option(fc.nat()),
  first: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(100)),
  maxVisits: fc.integer({ min: 1, max: 40 }),
});
type Query = typeof queryArb extends fc.Arbitrary<infer T> ? T : never;

type Rec = Record<string, unknown>;

const outcome = <T>(run: () => T): { ok: T } | { error: string } => {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

/** The texts a typist could be typing now: every name, title, id and code in the graph. */
function textsOf(records: Iterable<unknown>, fields = ['id', 'name', 'title', 'soc', 'onetSoc']): string[] {
  const out: string[] = [];
  for (const e of records) {
    const r = e as Rec;
    for (const field of fields) if (typeof r[field] === 'string') out.push(r[field] as string);
  }
  return out.length ? out : ['a'];
}

const entitiesIn = (index: GraphIndex) => ENTITY_LABELS.flatMap((label) => [...index.entitiesOf(label).values()]);

function textOf(texts: string[], source: number, cut: number): string {
  const whole = texts[source % texts.length] as string;
  // The whole text a third of the time (an id or code typed out: the exact matches).
  return cut % 3 === 0 ? whole : whole.slice(0, (cut % whole.length) + 1);
}

function searches(index: GraphIndex, rebuilt: GraphIndex, queries: Query[], written: string[]) {
  const all = textsOf(entitiesIn(index));
  const regions = [...index.regions.keys()].sort();
  for (const q of queries) {
    const texts = q.hot ? written : all;
    const first = textOf(texts, q.source, q.cut);
    const text = q.second ? `${first} ${textOf(all, q.second.source, q.second.cut)}` : first;
    const regionId = q.region === null || regions.length === 0 ? undefined : regions[q.region % (regions.length + 1)];
    const options = { kinds: (q.kinds ?? undefined) as EntityLabel[] | undefined, regionId, first: q.first };
    const updated = outcome(() => searchIndexed(index, text, options));
    expect(updated, text).toEqual(outcome(() => searchIndexed(rebuilt, text, options)));
    expect(updated, text).toEqual(outcome(() => naiveSearch(index, text, options)));
    // At a small visit bound the walk stops where a fresh index's walk stops.
    expect(
      outcome(() => searchIndexed(index, text, options, q.maxVisits)),
      text,
    ).toEqual(outcome(() => searchIndexed(rebuilt, text, options, q.maxVisits)));
  }
}

/** A search index as plain data (the exact lists by code, sorted: a map's order is not part of it). */
const asData = (s: SearchIndex) => ({
  ...s,
  postings: Array.from(s.postings),
  starts: Array.from(s.starts),
  kindOf: Array.from(s.kindOf),
  exact: [...s.exact].sort(([a], [b]) => (a < b ? -1 : 1)),
});

function check(start: Bundle, writes: typeof writeArb extends fc.Arbitrary<infer T> ? T[] : never, queries: Query[]) {
  const model = recordsOf(bundleOf(recordsOf(start)));
  let index = new GraphIndex(bundleOf(model));
  for (const view of warmViews()) index.derived(view);
  const base = index.derived(SEARCH_INDEX).base;
  const counter = { n: 0 };
  for (const write of writes) {
    const changed = writeDelta(model, write.changes, counter);
    // Renames: the written records are fresh copies (random-writes clones its templates), held by
    // the model and the delta alone. A new name is a word list or another entity's name; a new SOC
    // code is another entity's id or code, so that the exact matches of a text mix kinds and mix
    // entities of the base with rewritten ones.
    const texts = textsOf(entitiesIn(index));
    const codes = textsOf(entitiesIn(index), ['id', 'soc']);
    let r = 0;
    for (const kind of ENTITY_DELTA_KINDS)
      for (const record of (changed.records[kind] ?? []) as Rec[]) {
        const rename = write.renames[r++];
        if (rename === undefined || rename === null) continue;
        const name =
          rename % 2 === 0 ? (texts[rename % texts.length] as string) : (NAMES[rename % NAMES.length] as string);
        if (typeof record.soc === 'string' && rename % 3 === 0) record.soc = codes[rename % codes.length];
        else if (typeof record.title === 'string') record.title = name;
        else record.name = name;
      }
    const twins = write.twins.map((t) => {
      // Ids that sort before and after the graph's own occupations ('10-…' and up).
      const id = `${t % 2 ? '00' : 'zz'}-twin-${counter.n++}`;
      return { id, title: NAMES[t % NAMES.length] as string, soc: codes[t % codes.length] as string };
    });
    const occupations = model.get('occupations') as Map<string, Rec>;
    for (const twin of twins) occupations.set(twin.id, twin);
    const delta = {
      touched: { ...changed.touched, occupations: [...(changed.touched.occupations ?? []), ...twins.map((t) => t.id)] },
      records: { ...changed.records, occupations: [...(changed.records.occupations ?? []), ...twins] },
    };
    const next = index.withDelta(delta);
    for (const view of warmViews()) next.derived(view);
    // Made from the previous view by the delta: the base is the first index's still.
    const view = next.derived(SEARCH_INDEX);
    expect(view.base).toBe(base);
    // Folding base and patch gives the index a full build gives.
    expect(asData(foldSearchIndex(view.base, view.masked, view.extra))).toEqual(asData(buildSearchIndex(next)));
    const written = textsOf(ENTITY_DELTA_KINDS.flatMap((kind): unknown[] => delta.records[kind] ?? []));
    // Against a full build of the graph after the writes: an index that shares nothing with `next`.
    searches(next, new GraphIndex(bundleOf(model)), queries, written);
    index = next;
  }
}

describe('the search index updated by deltas', () => {
  const writes = fc.array(writeArb, { minLength: 1, maxLength: 6 });
  const queries = fc.array(queryArb, { minLength: 1, maxLength: 8 });

  it('answers as a full build and the naive twin (King County)', () => {
    fc.assert(
      fc.property(writes, queries, (w, q) => check(kingCountyBundle(), w, q)),
      { numRuns: 40 },
    );
  }, 120_000);

  it('answers as a full build and the naive twin (Rio Grande)', () => {
    fc.assert(
      fc.property(writes, queries, (w, q) => check(rioGrandeBundle(), w, q)),
      { numRuns: 40 },
    );
  }, 120_000);

  it('answers as a full build and the naive twin (random graphs whose names collide)', () => {
    fc.assert(
      fc.property(randomBundle(), writes, queries, (b, w, q) => check(b, w, q)),
      { numRuns: 80 },
    );
  }, 120_000);

  it('keeps the view for a delta that touches no entity, and folds the patch into the base past its limit', () => {
    const index = new GraphIndex(kingCountyBundle());
    const view = index.derived(SEARCH_INDEX);
    const edgesOnly = index.withDelta({ touched: { edges: [] }, records: { format: 'pathway-bundle', version: 1 } });
    expect(edgesOnly.derived(SEARCH_INDEX)).toBe(view);
    const program = [...index.programs.values()][0] as NonNullable<ReturnType<typeof index.programs.get>>;
    const programs = Array.from({ length: 4097 }, (_, i) => ({ ...program, id: `bulk-${i}`, name: `Bulk ${i}` }));
    const bulk = index.withDelta({
      touched: { programs: programs.map((p) => p.id) },
      records: { format: 'pathway-bundle', version: 1, programs },
    });
    const rebuilt = bulk.derived(SEARCH_INDEX);
    expect(rebuilt.base).not.toBe(view.base);
    expect(rebuilt.extra.ids).toEqual([]);
    expect(asData(rebuilt.base)).toEqual(asData(buildSearchIndex(bulk)));
    expect(searchIndexed(bulk, 'bulk 4096', { first: 3 })).toEqual([{ kind: 'Program', id: 'bulk-4096', score: 1 }]);
  });
});
