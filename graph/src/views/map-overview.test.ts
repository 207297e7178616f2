/**
 * The overview against the map it summarises: on random graphs its groups partition exactly the
 * nodes `buildMap` shows for the same region (counts per kind add up, drill-down pages list each
 * node once), it never exceeds its element budget, and on a large synthetic nation it stays
 * within 5,000 elements. The map's pages put together are the whole map, in a stable order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import { BadInputError } from '../errors.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { DELTA_KIND_OF_LABEL } from '../model/index-delta.ts';
import { ENTITY_LABELS } from '../model/vocabulary.ts';
import { buildMap, type GraphMap, MAP_MAX_PAGE, mapPage } from './map.ts';
import { MAP_GROUP_BY, MAX_OVERVIEW_ELEMENTS, mapGroup, mapOverview, mapOverviewReference } from './map-overview.ts';
import { randomBundle } from './random-bundle.ts';

const RUNS = Number(process.env.MAP_PROPERTY_RUNS ?? 200);

const region = (bundle: { regions?: unknown[] }, pick: number | null) =>
  pick === null ? undefined : `r${pick % (bundle.regions?.length ?? 1)}`;

/** Every member of a group, page after page. */
function allMembers(index: GraphIndex, args: { regionId?: string; groupBy: string; groupId: string }, first: number) {
  const keys: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = mapGroup(index, { ...args, first, after });
    keys.push(...page.nodes.map((n) => n.key));
    if (!page.hasNextPage) return { keys, total: page.total };
    after = page.endCursor;
  }
  throw new Error('drill-down never ended');
}

describe('mapOverview', () => {
  it('equals its plainly written twin on random graphs, regions, groupings and budgets', () => {
    fc.assert(
      fc.property(
        randomBundle(),
        fc.option(fc.nat(6)),
        fc.constantFrom(...MAP_GROUP_BY),
        fc.integer({ min: 1, max: 40 }),
        (bundle, pick, groupBy, budget) => {
          const index = new GraphIndex(bundle);
          const args = { regionId: region(bundle, pick), groupBy };
          expect(mapOverview(index, args, budget)).toEqual(mapOverviewReference(index, args, budget));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('partitions the nodes of the same view of the map into groups, by every grouping', () => {
    fc.assert(
      fc.property(
        randomBundle(),
        fc.option(fc.nat(6)),
        fc.constantFrom(...MAP_GROUP_BY),
        fc.integer({ min: 1, max: 4 }),
        (bundle, pick, groupBy, first) => {
          const index = new GraphIndex(bundle);
          const regionId = region(bundle, pick);
          const map = buildMap(index, regionId ? { regionId } : {});
          const overview = mapOverview(index, { regionId, groupBy });
          expect(overview.total).toBe(map.nodes.length);
          expect(overview.groups.reduce((n, g) => n + g.count, 0)).toBe(map.nodes.length);
          for (const kind of ENTITY_LABELS) {
            const counted = overview.groups.reduce(
              (n, g) => n + (g.counts.find((c) => c.kind === kind)?.count ?? 0),
              0,
            );
            expect(counted).toBe(map.nodes.filter((n) => n.kind === kind).length);
          }
          const drilled: string[] = [];
          for (const group of overview.groups) {
            const { keys, total } = allMembers(index, { regionId, groupBy, groupId: group.id }, first);
            expect(keys.length).toBe(group.count);
            expect(total).toBe(group.count);
            drilled.push(...keys);
          }
          expect(drilled.sort()).toEqual(map.nodes.map((n) => n.key).sort());
          // Links join two different groups that are both shown.
          const ids = new Set(overview.groups.map((g) => g.id));
          for (const link of overview.links) {
            expect(ids.has(link.source) && ids.has(link.target) && link.source !== link.target).toBe(true);
            expect(link.count).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('drills into a group only under the grouping that has it: any other id is an empty page', () => {
    fc.assert(
      fc.property(randomBundle(), fc.option(fc.nat(6)), (bundle, pick) => {
        const index = new GraphIndex(bundle);
        const regionId = region(bundle, pick);
        const overviews = MAP_GROUP_BY.map((groupBy) => mapOverview(index, { regionId, groupBy }));
        const ids = new Set(overviews.flatMap((o) => o.groups.map((g) => g.id)));
        for (const [i, groupBy] of MAP_GROUP_BY.entries()) {
          const counts = new Map(overviews[i]?.groups.map((g) => [g.id, g.count]));
          for (const groupId of [...ids, 'nope|*', '*|nope']) {
            const page = mapGroup(index, { regionId, groupBy, groupId, first: 1 });
            expect(page.total).toBe(counts.get(groupId) ?? 0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps within a small budget by dropping the lightest links and folding the smallest groups', () => {
    fc.assert(
      fc.property(randomBundle(), fc.integer({ min: 1, max: 6 }), (bundle, budget) => {
        const index = new GraphIndex(bundle);
        const whole = mapOverview(index, {});
        const small = mapOverview(index, {}, budget);
        expect(small.elements).toBeLessThanOrEqual(budget);
        expect(small.elements).toBe(small.groups.length + small.links.length);
        expect(small.groups.reduce((n, g) => n + g.count, 0)).toBe(whole.total);
        expect(small.groups.length + small.foldedGroups).toBe(whole.groups.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('summarises a synthetic nation of about 100,000 nodes in at most 5,000 elements', () => {
    const { bundle } = syntheticBundle({ nodes: 100_000 });
    const index = new GraphIndex(bundle);
    const overview = mapOverview(index, {});
    expect(overview).toEqual(mapOverviewReference(index, {}));
    const entities = ENTITY_LABELS.reduce((n, kind) => n + (bundle[DELTA_KIND_OF_LABEL[kind]]?.length ?? 0), 0);
    expect(overview.elements).toBeLessThanOrEqual(MAX_OVERVIEW_ELEMENTS);
    expect(overview.total).toBe(entities);
    expect(overview.groups.reduce((n, g) => n + g.count, 0)).toBe(entities);
    // A group per sector and state, and a few more: a readable picture, not one blob.
    expect(overview.groups.length).toBeGreaterThan(50);
    // One state's view groups by its counties.
    const state = mapOverview(index, { regionId: 'st-0' });
    expect(state).toEqual(mapOverviewReference(index, { regionId: 'st-0' }));
    expect(state.groups.some((g) => g.areaId?.startsWith('co-'))).toBe(true);
    expect(state.elements).toBeLessThanOrEqual(MAX_OVERVIEW_ELEMENTS);
  });

  it('refuses a bad grouping, region, group id, page size or cursor, naming the field', () => {
    const { bundle } = syntheticBundle({ nodes: 500 });
    const index = new GraphIndex(bundle);
    expect(() => mapOverview(index, { groupBy: 'COLOUR' })).toThrow(/^groupBy: must be one of/);
    expect(() => mapOverview(index, { regionId: 'x y' })).toThrow(/^regionId: must be an id/);
    expect(() => mapOverview(index, { regionId: 'mars' })).toThrow(/regionId: no region "mars"/);
    expect(() => mapGroup(index, { groupId: 'sec-0' })).toThrow(/^groupId:/);
    expect(() => mapGroup(index, { groupId: '*|*', first: 0 })).toThrow(/^first:/);
    expect(() => mapGroup(index, { groupId: '*|*', after: '%%' })).toThrow(/^after:/);
    expect(mapGroup(index, { groupId: 'sec-99|*' }).total).toBe(0);
  });
});

function allPages(map: GraphMap, first: number): GraphMap {
  const out: GraphMap = { nodes: [], edges: [] };
  let after: string | null = null;
  for (;;) {
    const page = mapPage(map, first, after);
    out.nodes.push(...page.nodes);
    out.edges.push(...page.edges);
    expect(page.total).toBe(map.nodes.length);
    if (!page.hasNextPage) return out;
    after = page.endCursor;
  }
}

describe('mapPage', () => {
  it('pages concatenate to the whole map: every node in order, every edge once', () => {
    fc.assert(
      fc.property(randomBundle(), fc.option(fc.nat(6)), fc.integer({ min: 1, max: 7 }), (bundle, pick, first) => {
        const index = new GraphIndex(bundle);
        const regionId = region(bundle, pick);
        const map = buildMap(index, regionId ? { regionId } : {});
        const paged = allPages(map, first);
        expect(paged.nodes).toEqual(map.nodes);
        expect(paged.edges.map((e) => e.id).sort()).toEqual(map.edges.map((e) => e.id).sort());
        // Each page's edges join nodes of that page or of pages before it.
        let after: string | null = null;
        const seen = new Set<string>();
        for (;;) {
          const page = mapPage(map, first, after);
          for (const n of page.nodes) seen.add(n.key);
          for (const e of page.edges) expect(seen.has(e.sourceKey) && seen.has(e.targetKey)).toBe(true);
          if (!page.hasNextPage) break;
          after = page.endCursor;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a cursor of a node that has gone still starts the next page where that node was', () => {
    const { bundle } = syntheticBundle({ nodes: 2000 });
    const map = buildMap(new GraphIndex(bundle), {});
    const first = mapPage(map, 10, null);
    const without = { nodes: map.nodes.filter((n) => n.key !== first.nodes[9]?.key), edges: map.edges };
    expect(mapPage(without, 5, first.endCursor).nodes).toEqual(map.nodes.slice(10, 15));
  });

  it('answers a small map whole and refuses bad page sizes and cursors, naming the field', () => {
    const { bundle } = syntheticBundle({ nodes: 500 });
    const map = buildMap(new GraphIndex(bundle), {});
    const whole = mapPage(map, null, null);
    expect(whole.nodes).toBe(map.nodes);
    expect(whole).toMatchObject({ total: map.nodes.length, hasNextPage: false, endCursor: null });
    expect(() => mapPage(map, 0, null)).toThrow(BadInputError);
    expect(() => mapPage(map, MAP_MAX_PAGE + 1, null)).toThrow(/^first: must be a whole number from 1 to 5000/);
    expect(() => mapPage(map, 10, 'bm90IGEgY3Vyc29y')).toThrow(/^after: must be a cursor/);
  });

  it('refuses to answer a very large view whole', () => {
    const { bundle } = syntheticBundle({ nodes: 100_000 });
    const map = buildMap(new GraphIndex(bundle), {});
    expect(() => mapPage(map, null, null)).toThrow(/^first: the view has \d+ nodes/);
    expect(mapPage(map, MAP_MAX_PAGE, null).nodes).toHaveLength(MAP_MAX_PAGE);
  });
});
