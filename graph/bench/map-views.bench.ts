/**
 * The map's entry points in this process, without Neo4j: the first whole-graph overview after
 * an index is built (and its warm views), a state's overview, a group's drill-down pages, map
 * pages (from the positions table), and typeahead keystrokes, on the seeded synthetic graph.
 *
 *   node --expose-gc --max-old-space-size=10240 --import tsx graph/bench/map-views.bench.ts [--nodes 100000]
 *
 * Prints JSON lines (graph/bench/report.ts) with wall and CPU milliseconds and the load average;
 * with --expose-gc, also the memory each derived view keeps (`*_retained`: heap and array buffers).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { warmViews } from '../src/model/derived-view.ts';
import { GraphIndex } from '../src/model/graph-index.ts';
import { mapGroup, mapOverview } from '../src/views/map-overview.ts';
import { MAP_EDGE_TABLE, pagedMap } from '../src/views/map-pages.ts';
import { searchIndexed } from '../src/views/search-index.ts';
import { emit } from './report.ts';
import { syntheticBundle } from './synthetic.ts';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100000' } } });
const nodes = Number(values.nodes);
const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;

function timed<T>(name: string, run: () => T, detail: (value: T) => Record<string, unknown> = () => ({})): T {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  emit({
    bench: 'map-views',
    case: `${name}@${size}`,
    value: Math.round(ms * 10) / 10,
    unit: 'ms',
    detail: { cpuMs: Math.round((used.user + used.system) / 100) / 10, load: loadavg()[0], ...detail(value) },
  });
  return value;
}

const { bundle } = timed('synthetic', () => syntheticBundle({ nodes }));
const index = timed('graph_index', () => new GraphIndex(bundle));
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return Math.round((heapUsed + arrayBuffers) / 1e5) / 10;
};
/** A derived view's build, and the heap it keeps (after a full collection, when exposed). */
function built<T>(name: string, build: () => T, detail: (value: T) => Record<string, unknown> = () => ({})): T {
  const before = heapMb();
  const value = timed(name, build, detail);
  if (gc)
    emit({
      bench: 'map-views',
      case: `${name}_retained@${size}`,
      value: Math.round((heapMb() - before) * 10) / 10,
      unit: 'MB',
    });
  return value;
}
for (const view of warmViews()) built(`warm_${view.name}`, () => index.derived(view));
const regions = [...index.regions.keys()].sort();
// The code compiled on a small view first, as a running service would have it.
timed('overview_small_region', () => mapOverview(index, { regionId: regions[regions.length - 1] }));
timed(
  'overview_whole_first',
  () => mapOverview(index, {}),
  (o) => ({ elements: o.elements, total: o.total, groups: o.groups.length }),
);
timed('overview_whole_again', () => mapOverview(index, {}));
timed('overview_whole_sector', () => mapOverview(index, { groupBy: 'SECTOR' }));
timed(
  'overview_state',
  () => mapOverview(index, { regionId: 'st-0' }),
  (o) => ({ elements: o.elements }),
);
const overview = mapOverview(index, {});
const biggest = [...overview.groups].sort((a, b) => b.count - a.count)[0];
const page1 = timed(
  'group_first_page',
  () => mapGroup(index, { groupId: biggest?.id, first: 100 }),
  (p) => ({ group: biggest?.id, total: p.total }),
);
timed('group_next_page', () => mapGroup(index, { groupId: biggest?.id, first: 100, after: page1.endCursor }));
timed('group_small', () => mapGroup(index, { groupId: overview.groups[0]?.id, first: 100 }));
// The map's pages: the positions table once per snapshot (lazy), a view's positions once per
// filter, then each page.
timed(
  'map_edge_table',
  () => index.derived(MAP_EDGE_TABLE),
  (t) => ({ edges: t.owned.length }),
);
const first = timed(
  'map_first_page',
  () => pagedMap(index, {}, 500, null),
  (p) => ({ total: p.total, totalEdges: p.totalEdges, edges: p.edges.length }),
);
const next = timed('map_next_page', () => pagedMap(index, {}, 500, first.endCursor));
timed('map_third_page', () => pagedMap(index, {}, 500, next.endCursor));
timed(
  'map_state_first_page',
  () => pagedMap(index, { regionId: 'st-0' }, 500, null),
  (p) => ({ total: p.total }),
);
timed('search_first', () => searchIndexed(index, 'nurs', { first: 10 }));
timed('search_again', () => searchIndexed(index, 'weld cert', { first: 10 }));
