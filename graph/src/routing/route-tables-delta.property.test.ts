/**
 * The route engine's per-graph tables updated by a write's delta (RouteTable.update: the final
 * tables, the program rows, the training wages, the two splits by region) against their twin: the
 * same table built in full on the same updated route graph. On random write sequences over the
 * worked examples (upserts of every kind, deletes that make the route graph build in full, edges,
 * references moved), each write is applied as the snapshot applies it (withDelta, then the warm
 * views); the graph before it has its tables (queries ran on it), or, at random, not (then the
 * next graph's tables follow the deltas added up since the last graph that had them). Each
 * table made by the delta must equal the full build (occupations compared by id, as the update
 * keeps their numbers), the caches it carries over (medians, seed orders and their rows) must
 * hold what they would be made with on the new graph, and findRoutes must answer as on an index
 * built in full.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { bundleOf, type Change, changeArb, recordsOf, writeDelta } from '../../test/random-writes.ts';
import type { Bundle, Program } from '../model/bundle.ts';
import { warmViews } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';
import {
  inGroupTable,
  keptTable,
  OPEN_SPLIT,
  type RouteGraph,
  type RouteTable,
  routeGraphDeltaOf,
  routeGraphOf,
  routeTable,
} from './route-graph.ts';
import { type FinalTables, findRoutes, type ProgramRows, ROUTE_SEARCH_TABLES, routeTuning } from './route-search.ts';

const { finalTables: FINAL, programRows: ROWS, trainingWages: WAGES } = ROUTE_SEARCH_TABLES;
/** Split lengths: every list split, short lists split (so lists cross the length as writes go), the default. */
const LONGS = [1, 3, 256];
const TABLES: RouteTable<unknown>[] = [FINAL, ROWS, WAGES, OPEN_SPLIT, ...LONGS.map(inGroupTable)];

/** Maps as their entries sorted by key, typed arrays as arrays (a map's order is never read). */
function plain(value: unknown): unknown {
  if (value instanceof Map)
    return [...value.entries()]
      .map(([k, v]) => [k, plain(v)] as const)
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  if (ArrayBuffer.isView(value)) return Array.from(value as Int32Array);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Each program's occupations by id, in order. */
function occupationLists(g: RouteGraph, t: FinalTables): string[][] {
  return g.programIds.map((_, p) =>
    Array.from(
      t.occupationOf.subarray(t.occupationStart[p] as number, t.occupationStart[p + 1] as number),
      (k) => t.occupationIds[k] as string,
    ),
  );
}

/** The program rows with their occupation numbers as ids (the row layout of ProgramRows). */
function rowsById(g: RouteGraph, rows: ProgramRows, t: FinalTables) {
  const out: unknown[] = [];
  for (let p = 0; p < g.programIds.length; p++) {
    const row = Array.from(rows.rows.subarray(rows.start[p] as number, rows.start[p + 1] as number)) as (
      | number
      | string
    )[];
    const occupationsAt = 3 + (row[2] as number);
    const count = row[occupationsAt] as number;
    for (let k = occupationsAt + 1; k <= occupationsAt + count; k++)
      row[k] = t.occupationIds[row[k] as number] as string;
    out.push(row);
  }
  return { start: Array.from(rows.start), rows: out, least: Array.from(rows.least) };
}

/** The median of an occupation in a wage chain, by its definition: the first region of the chain with a row for it. */
function medianIn(index: GraphIndex, occupationId: string, chain: string): number {
  for (const id of chain === '' ? [] : chain.split('\u0000')) {
    const row = index.wages.get(occupationId)?.get(id);
    if (row) return row.medianAnnual;
  }
  return Number.NaN;
}

/** What the final tables' caches must hold on `g`, made as a query makes them. */
function expectCachesHold(g: RouteGraph, t: FinalTables): void {
  for (const [chain, medians] of t.medians) {
    expect(Array.from(medians)).toEqual(t.occupationIds.map((o) => medianIn(g.index, o, chain)));
  }
  const least = (base: Float64Array) => (p: number) => (base[p] as number) * (g.minShare[p] as number);
  for (const [name, orders] of t.orders) {
    const list = name === '' ? g.regionlessList : (g.programsListing.get(name.slice(2)) ?? []);
    const sorted = (key: (p: number) => number) => [...list].sort((a, b) => key(a) - key(b) || a - b);
    expect(Array.from(orders.byMonths)).toEqual(sorted(least(g.months)));
    expect(Array.from(orders.byCost)).toEqual(sorted(least(g.cost)));
    for (const metric of ['months', 'cost'] as const) {
      const order = metric === 'months' ? orders.byMonths : orders.byCost;
      for (const [chain, rows] of orders.rows[metric]) {
        const expected = Array.from(order).flatMap((p) => {
          const medians = occupationLists(g, t)[p]?.map((o) => medianIn(g.index, o, chain)) ?? [];
          const paid = medians.filter((m) => !Number.isNaN(m));
          return [least(metric === 'months' ? g.months : g.cost)(p), paid.length > 0 ? Math.max(...paid) : Number.NaN];
        });
        expect(Array.from(rows)).toEqual(expected);
      }
    }
  }
}

/** A table made by the delta against the same table built in full on the same graph. */
function expectSame(g: RouteGraph, table: RouteTable<unknown>, updated: unknown): void {
  const built = table.build(g);
  if (table === FINAL) {
    const [u, b] = [updated as FinalTables, built as FinalTables];
    expect(occupationLists(g, u)).toEqual(occupationLists(g, b));
    expect(u.occupationIds.map((o) => u.occupationNumbers.get(o))).toEqual(u.occupationIds.map((_, k) => k));
    expectCachesHold(g, u);
  } else if (table === ROWS) {
    // Both read the final tables of `g` (those the update made, whose occupation numbers extend the old ones).
    const tables = keptTable(g, FINAL) as FinalTables;
    expect(rowsById(g, updated as ProgramRows, tables)).toEqual(rowsById(g, built as ProgramRows, tables));
    expect(plain(updated)).toEqual(plain(built));
  } else expect(plain(updated)).toEqual(plain(built));
}

/** Queries that build every table (and fill the final tables' caches): default targets, each objective, a few regions. */
function answers(index: GraphIndex) {
  const regions = [...index.regions.keys()].sort().slice(0, 8);
  const outcome = <T>(run: () => T): { ok: T } | { error: string } => {
    try {
      return { ok: run() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return regions.flatMap((regionId) =>
    (['TIME', 'COST', 'INCOME'] as const).map((objective) =>
      outcome(() => findRoutes(index, { regionId, objective, limit: 4 })),
    ),
  );
}

/** Every table of the route graph made, through the path a query takes. */
function makeTables(index: GraphIndex): void {
  const { splitInGroup } = routeTuning;
  try {
    for (const long of LONGS) {
      routeTuning.splitInGroup = long;
      answers(index);
    }
  } finally {
    routeTuning.splitInGroup = splitInGroup;
  }
}

/** Deltas checked, those adding up several writes, tables updated (per table). */
const stats = { followed: 0, added: 0, updated: new Map<RouteTable<unknown>, number>() };

function check(start: Bundle, writes: { changes: Change[]; query: boolean }[]): void {
  const model = recordsOf(bundleOf(recordsOf(start)));
  let index = new GraphIndex(bundleOf(model));
  for (const view of warmViews()) index.derived(view);
  makeTables(index);
  const counter = { n: 0 };
  for (const { changes, query } of writes) {
    const next = index.withDelta(writeDelta(model, changes, counter));
    for (const view of warmViews()) next.derived(view);
    const g = routeGraphOf(next);
    const delta = routeGraphDeltaOf(g);
    // Without queries on this graph nothing is made of it (the checks below would make its final
    // tables): the next write's graph then follows both writes' changes from the last one with tables.
    if (delta && query) {
      stats.followed++;
      if (delta.from.programIds !== routeGraphOf(index).programIds) stats.added++;
      for (const table of TABLES) {
        const previous = delta.tables.get(table);
        if (previous === undefined || !table.update) continue;
        const updated = table.update(previous, g, delta);
        if (updated === undefined) continue;
        stats.updated.set(table, (stats.updated.get(table) ?? 0) + 1);
        expectSame(g, table, updated);
      }
    }
    // Through the path queries take, the answers are an index built in full's.
    if (query) {
      makeTables(next);
      expect(answers(next)).toEqual(answers(new GraphIndex(bundleOf(model))));
    }
    index = next;
  }
  makeTables(index);
  expect(answers(index)).toEqual(answers(new GraphIndex(bundleOf(model))));
}

describe('the route tables updated by a delta', () => {
  const { relevantFinals } = routeTuning;
  afterEach(() => {
    routeTuning.relevantFinals = relevantFinals;
  });
  const writes = fc.array(
    fc.record({ changes: fc.array(changeArb, { minLength: 1, maxLength: 6 }), query: fc.boolean() }),
    { minLength: 1, maxLength: 5 },
  );
  // Mostly programs, credentials and edges, what a partner writes; deletes now and then (a full build).
  const partnerWrites = fc.array(
    fc.record({
      changes: fc.array(
        changeArb.map((c) => ({
          ...c,
          remove: c.remove && (c.seeds[0] ?? 0) % 4 === 0,
          kind: ([c.kind, 'programs', 'programs', 'edges', 'credentials'] as const)[(c.seeds[1] ?? 0) % 5] ?? c.kind,
        })),
        { minLength: 1, maxLength: 8 },
      ),
      query: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  );

  // A small national graph too: many programs per county, long requirement-group lists (diplomas), seed orders per county.
  const synthetic = syntheticBundle({ nodes: 1500, seed: 11 }).bundle;
  for (const [name, bundle, runs] of [
    ['King County', kingCountyBundle, 20],
    ['Rio Grande', rioGrandeBundle, 20],
    ['synthetic', () => synthetic, 6],
  ] as const) {
    it(`equal the tables built in full, and answer the same (${name}, writes of every kind)`, () => {
      fc.assert(
        fc.property(writes, (w) => check(bundle(), w)),
        { numRuns: runs },
      );
    }, 120_000);

    it(`equal the tables built in full, and answer the same (${name}, partner writes, seeds merged)`, () => {
      // Every default target's finals merged from the seed orders, so their rows by chain are made too.
      routeTuning.relevantFinals = -1;
      fc.assert(
        fc.property(partnerWrites, (w) => check(bundle(), w)),
        { numRuns: 2 * runs },
      );
    }, 120_000);
  }

  it('were made by the delta, not only built in full', () => {
    // The runs above must have followed deltas and updated tables, or they checked nothing.
    expect(stats.followed).toBeGreaterThan(20);
    expect(stats.added).toBeGreaterThan(3);
    for (const table of TABLES) expect(stats.updated.get(table) ?? 0).toBeGreaterThan(10);
  });

  it('follow a change of the highest training wage up, and build in full when it falls (the next highest is not kept)', () => {
    const index = new GraphIndex(rioGrandeBundle());
    const g0 = routeGraphOf(index);
    const wages0 = routeTable(g0, WAGES);
    const top = [...index.programs.values()]
      .filter((p) => p.trainingWage !== undefined)
      .sort((a, b) => (b.trainingWage as number) - (a.trainingWage as number))[0] as Program;
    expect(top.trainingWage).toBe(wages0.any);
    const write = (trainingWage: number) => {
      const next = index.withDelta({
        touched: { programs: [top.id] },
        records: { format: 'pathway-bundle', version: 1, programs: [{ ...top, trainingWage }] },
      });
      const g = routeGraphOf(next);
      const delta = routeGraphDeltaOf(g);
      if (!delta) throw new Error('the write was not followed by a delta');
      return { g, updated: WAGES.update?.(wages0, g, delta) };
    };
    const up = write(wages0.any + 1000);
    expect(up.updated).toEqual(WAGES.build(up.g));
    expect(up.updated?.any).toBe(wages0.any + 1000);
    const down = write(1);
    expect(down.updated).toBeUndefined();
    expect(routeTable(down.g, WAGES)).toEqual(WAGES.build(down.g));
    expect(routeTable(down.g, WAGES).any).toBeLessThan(wages0.any);
  });

  it('are made from the previous graph for a write of new programs, sharing what it did not touch', () => {
    const index = new GraphIndex(kingCountyBundle());
    makeTables(index);
    const before = routeGraphOf(index);
    const program = [...index.programs.values()].find((p) => (p.regionIds ?? []).length > 0) as Program;
    const next = index.withDelta({
      touched: { programs: ['new-program'] },
      records: { format: 'pathway-bundle', version: 1, programs: [{ ...program, id: 'new-program' }] },
    });
    const g = routeGraphOf(next);
    expect(routeGraphDeltaOf(g)?.from.programIds).toBe(before.programIds);
    const old = keptTable(before, FINAL) as FinalTables;
    makeTables(next);
    const made = keptTable(g, FINAL) as FinalTables;
    // The new program's occupations are in the tables; the seed orders of lists it is not in are shared.
    expect(occupationLists(g, made)[g.programIndex.get('new-program') as number]).toEqual(
      occupationLists(before, old)[before.programIndex.get(program.id) as number],
    );
    const untouched = [...old.orders.keys()].find(
      (name) => name !== '' && !(program.regionIds ?? []).includes(name.slice(2)),
    );
    if (untouched) expect(made.orders.get(untouched)).toBe(old.orders.get(untouched));
    // Every table made, the link to the previous graph is dropped.
    expect(routeGraphDeltaOf(g)).toBeUndefined();
  });
});
