/**
 * Derived views updated by deltas (DerivedView.update: the route graph, the map overview table)
 * against their slow, obviously right twin: the same view built fresh on the updated index. On
 * random write sequences (upserts of every kind, deletes, edges, references moved), each write's
 * delta is applied as the snapshot applies it (withDelta, then the warm views, made from the
 * previous index's); then the updated views and fresh ones must hold the same tables (by id,
 * whatever the numbering) and the engines must answer the same: routes, the map overview.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { bundleOf, type Change, changeArb, recordsOf, writeDelta } from '../../test/random-writes.ts';
import type { Bundle } from '../model/bundle.ts';
import { ViewMemo, warmViews } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { type RouteGraph, routeGraphOf, workRouteGraphOf } from '../routing/route-graph.ts';
import { findRoutes } from '../routing/route-search.ts';
import { mapOverview, mapOverviewReference, nationalCountsOf } from '../views/map-overview.ts';
import type { NationalCounts } from '../views/map-overview-national.ts';
import { OVERVIEW_TABLE, tableChanges } from '../views/map-overview-table.ts';

/** The same index with an empty memo: every view built fresh on it. */
function fresh(index: GraphIndex): GraphIndex {
  const copy = Object.create(Object.getPrototypeOf(index)) as GraphIndex;
  for (const key of Object.keys(index)) (copy as unknown as Record<string, unknown>)[key] = (index as never)[key];
  (copy as unknown as { views: ViewMemo }).views = new ViewMemo();
  const order = Object.getOwnPropertyDescriptor(index, 'compareProgramOrder');
  if (order) Object.defineProperty(copy, 'compareProgramOrder', order);
  return copy;
}

/** A route graph as data by id (numbers replaced by the ids they stand for; sets sorted). */
function routeTables(g: RouteGraph) {
  const p = (n: number) => g.programIds[n] as string;
  const c = (n: number) => g.credentialIds[n] as string;
  const sorted = (ids: string[]) => [...ids].sort();
  const programs = g.programIds.map((id, n) => ({
    id,
    months: g.months[n],
    cost: g.cost[n],
    credits: g.credits[n],
    awards: (g.awards[n] ?? []).map(c),
    requires: (g.requires[n] ?? []).map((group) => group.map(c)),
    groups: g.groupCount[n],
    credit: sorted((g.creditFrom[n] ?? []).map((f, i) => `${c(f)}:${g.creditAmount[n]?.[i]}`)),
    minShare: g.minShare[n],
    inputs: sorted((g.inputs[n] ?? []).map(c)),
    regionless: g.regionless[n],
    program: g.programs[n],
  }));
  const credentials = g.credentialIds.map((id, n) => ({
    id,
    awardedBy: (g.awardedBy[n] ?? []).map(p),
    inGroups: (g.inGroupProgram[n] ?? []).map((q, i) => `${p(q)}#${g.inGroupIndex[n]?.[i]}`),
    qualifiesFor: g.qualifiesFor[n],
    awardMonths: g.awardMonths[n],
    awardCost: g.awardCost[n],
    stacksInto: sorted((g.stacksInto.get(n) ?? []).map((e) => `${c(e.from)}:${e.credits}`)),
  }));
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    programs: g.programIds,
    programCount: g.programCount,
    programTables: programs,
    credentials: byId(credentials),
    credentialIds: sorted(g.credentialIds),
    open: g.openPrograms.map(p),
    openByMonths: [...g.openByMonths].map(p),
    openByCost: [...g.openByCost].map(p),
    regionlessList: g.regionlessList.map(p),
    listing: [...g.programsListing].map(([r, list]) => [r, list.map(p)]).sort(),
    wageRegions: sorted([...g.wageRegions]),
    qualifiedBy: [...g.qualifiedBy].map(([o, list]) => [o, sorted(list.map(c))]).sort(),
    groupTotal: g.groupTotal,
    groupOffsets: g.programIds.map((_, n) => g.groupOffset[n]),
  };
}

/** Maps as their entries in order and typed arrays as arrays (an updated table's maps are LayeredMaps). */
function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, plain(v)]);
  if (ArrayBuffer.isView(value)) return Array.from(value as Int32Array);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const outcome = <T>(run: () => T): { ok: T } | { error: string } => {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

/** The engines' answers that read the updated views. */
function answers(index: GraphIndex) {
  const regions = [...index.regions.keys()].sort().slice(0, 6);
  const held = [...index.credentials.keys()].sort().slice(0, 2);
  const entries = [...index.entryPoints.keys()].sort().slice(0, 2);
  const routes = regions.flatMap((regionId) => [
    outcome(() => findRoutes(index, { regionId, limit: 5 })),
    outcome(() => findRoutes(index, { regionId, heldCredentialIds: held, objective: 'COST', limit: 5 })),
    ...entries.map((entryPointId) => outcome(() => findRoutes(index, { regionId, entryPointId, limit: 3 }))),
    outcome(() => findRoutes(index, { regionId, advancement: true, limit: 3 } as never)),
  ]);
  const overview = [undefined, ...regions].flatMap((regionId) =>
    (['SECTOR_AREA', 'SECTOR', 'AREA'] as const).map((groupBy) =>
      outcome(() => mapOverview(index, { regionId, groupBy })),
    ),
  );
  return { routes, overview };
}

/** The national overview's counts by key: each entity's group, each group's members, each pair's edges. */
function nationalTables(index: GraphIndex, c: NationalCounts) {
  const table = index.derived(OVERVIEW_TABLE);
  const groups = Object.fromEntries(
    Object.entries(c.group).map(([kind, groups]) => [
      kind,
      Array.from(groups, (g, i) => `${table.ids[kind as keyof typeof table.ids][i]}:${c.keys[g]}`).sort(),
    ]),
  );
  const counts = c.keys
    .map((key, g) => [key, Array.from(c.counts[g] ?? [])] as const)
    .filter(([, row]) => row.some((x) => x > 0))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const pairs = [...c.pairs]
    .map(([key, n]) => {
      const [x, y] = [c.keys[Math.floor(key / 2 ** 21)] as string, c.keys[key % 2 ** 21] as string].sort();
      return `${x}>${y}:${n}`;
    })
    .sort();
  return { groups, counts, pairs };
}

function check(start: Bundle, writes: Change[][], expectDelta = false): void {
  const model = recordsOf(bundleOf(recordsOf(start)));
  let index = new GraphIndex(bundleOf(model));
  for (const view of warmViews()) index.derived(view);
  workRouteGraphOf(index);
  const counter = { n: 0 };
  for (const write of writes) {
    const delta = writeDelta(model, write, counter);
    const next = index.withDelta(delta);
    for (const view of warmViews()) next.derived(view);
    workRouteGraphOf(next);
    const twin = fresh(next);
    expect(routeTables(routeGraphOf(next))).toEqual(routeTables(routeGraphOf(twin)));
    expect(plain(next.derived(OVERVIEW_TABLE))).toEqual(plain(twin.derived(OVERVIEW_TABLE)));
    // The national overview's counts, edited by the delta, against those counted afresh.
    expect(nationalTables(next, nationalCountsOf(next))).toEqual(nationalTables(twin, nationalCountsOf(twin)));
    if (expectDelta) {
      expect(tableChanges(next.derived(OVERVIEW_TABLE))).toBeDefined();
      // Without deletes no reference dangles (a deleted region's children would name it): the plain twin agrees.
      expect(mapOverview(next, {})).toEqual(mapOverviewReference(twin, {}));
    }
    expect(answers(next)).toEqual(answers(twin));
    // And the same answers as an index built in full from the graph after the writes.
    expect(answers(next)).toEqual(answers(new GraphIndex(bundleOf(model))));
    index = next;
  }
}

describe('derived views updated by a delta', () => {
  const writes = fc.array(fc.array(changeArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 });

  it('equal the views built fresh on the updated index, and answer the same (King County)', () => {
    fc.assert(
      fc.property(writes, (w) => check(kingCountyBundle(), w)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('equal the views built fresh on the updated index, and answer the same (Rio Grande)', () => {
    fc.assert(
      fc.property(writes, (w) => check(rioGrandeBundle(), w)),
      { numRuns: 25 },
    );
  }, 120_000);

  // Writes that delete nothing and leave regions alone: the table and the national overview are made by the delta.
  const upserts = fc.array(
    fc.array(
      changeArb.map((c) => ({ ...c, remove: false, kind: c.kind === 'regions' ? ('programs' as const) : c.kind })),
      { minLength: 1, maxLength: 8 },
    ),
    { minLength: 1, maxLength: 6 },
  );

  it('made by the delta for writes without deletes, equal the views built fresh (King County)', () => {
    fc.assert(
      fc.property(upserts, (w) => check(kingCountyBundle(), w, true)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('made by the delta for writes without deletes, equal the views built fresh (Rio Grande)', () => {
    fc.assert(
      fc.property(upserts, (w) => check(rioGrandeBundle(), w, true)),
      { numRuns: 25 },
    );
  }, 120_000);

  it("are made from the previous index's views, not built whole, for a write of new programs", () => {
    const index = new GraphIndex(kingCountyBundle());
    const before = routeGraphOf(index);
    const program = [...index.programs.values()][0] as NonNullable<ReturnType<typeof index.programs.get>>;
    const next = index.withDelta({
      touched: { programs: ['new-program'] },
      records: { format: 'pathway-bundle', version: 1, programs: [{ ...program, id: 'new-program' }] },
    });
    const after = routeGraphOf(next);
    // The lists of programs the write did not touch are shared with the previous graph.
    expect(after.requires[1]).toBe(before.requires[1]);
    expect(after.programIndex.get('new-program')).toBe(before.programCount);
  });
});
