/**
 * The map's overview at scale: `measureMapOverview(target)` times GraphQL `mapOverview` for the
 * whole graph (the national picture), for `npm run bench:scale` (map_overview_ms@1M,
 * map_overview_elements@1M) and for this file run on its own:
 *
 *   tsx services/api/bench/map-overview.bench.ts [--nodes 100000]
 *
 * which builds the seeded synthetic graph, loads it into the bench Neo4j (.data/neo4j-bench,
 * NEO4J_BENCH_PORT), serves the app and prints JSON lines.
 *
 * `ms` is the first whole-graph overview request of a running service after its snapshot was
 * built (the overview's ordinal tables are built with the snapshot; the process has answered
 * one small region's overview before, so the code is compiled): what the first visitor after a
 * change waits for. `warmP50Ms` is the median of later requests the answer cache cannot answer
 * (each area's view, the other groupings).
 */
import type { FastifyInstance } from 'fastify';

const OVERVIEW = `query($region: ID, $groupBy: MapGroupBy) { mapOverview(regionId: $region, groupBy: $groupBy) {
  total elements droppedLinks foldedGroups
  groups { id sectorId sectorLabel areaId areaLabel count counts { kind count } } links { id source target count } } }`;

export interface MapOverviewMeasure {
  /** The first whole-graph overview request (ms, over HTTP or inject). */
  ms: number;
  /** Its groups + links (the goal: at most 5,000). */
  elements: number;
  /** Entities it counted. */
  total: number;
  /** Median of the later, uncached requests (other regions and groupings). */
  warmP50Ms: number;
  warmRequests: number;
}

type Target = FastifyInstance | string;

async function post(target: Target, query: string, variables: Record<string, unknown>) {
  if (typeof target === 'string') {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  }
  const response = await target.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json() as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

async function timed(target: Target, query: string, variables: Record<string, unknown>) {
  const started = performance.now();
  const body = await post(target, query, variables);
  const ms = performance.now() - started;
  if (body.errors?.length || !body.data) throw new Error(`mapOverview failed: ${JSON.stringify(body.errors?.[0])}`);
  return { ms, data: body.data };
}

/**
 * Measures the overview on a running service: `target` is the app (Fastify, requests by
 * inject) or the URL of its /graphql endpoint (keep-alive fetch). The service must already
 * hold the graph to measure; its snapshot is loaded first (not timed).
 */
export async function measureMapOverview(
  target: Target,
  options: { warmRequests?: number } = {},
): Promise<MapOverviewMeasure> {
  // Loads the snapshot, and runs the overview code once on a small view (the last region by id).
  const regions = await timed(target, '{ regions(first: 500) { edges { node { id } } } }', {});
  const edges = (regions.data.regions as { edges: { node: { id: string } }[] }).edges;
  const small = edges[edges.length - 1]?.node.id;
  if (small) await timed(target, OVERVIEW, { region: small, groupBy: 'SECTOR_AREA' });
  const first = await timed(target, OVERVIEW, { region: null, groupBy: 'SECTOR_AREA' });
  const overview = first.data.mapOverview as { elements: number; total: number; groups: { areaId: string | null }[] };
  const areas = [...new Set(overview.groups.map((g) => g.areaId).filter((a): a is string => a !== null))];
  const variants: Record<string, unknown>[] = [
    { region: null, groupBy: 'SECTOR' },
    { region: null, groupBy: 'AREA' },
    ...areas.map((region) => ({ region, groupBy: 'SECTOR_AREA' })),
  ].slice(0, options.warmRequests ?? 20);
  const warm: number[] = [];
  for (const variables of variants) warm.push((await timed(target, OVERVIEW, variables)).ms);
  warm.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    ms: round(first.ms),
    elements: overview.elements,
    total: overview.total,
    warmP50Ms: round(warm[Math.floor(warm.length / 2)] ?? Number.NaN),
    warmRequests: warm.length,
  };
}

// Run on its own: build, load, serve, measure.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { benchConnection, benchDb, wipe } = await import('../../../graph/bench/bench-db.ts');
  const { syntheticBundle } = await import('../../../graph/bench/synthetic.ts');
  const { emit } = await import('../../../graph/bench/report.ts');
  const { listenApp, loadInChunks } = await import('./routes.bench.ts');
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100000' } } });
  const nodes = Number(values.nodes);
  const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
  const connection = await benchConnection();
  const db = await benchDb(connection);
  try {
    const { bundle, nodeCount } = syntheticBundle({ nodes });
    await wipe(db);
    const loadStarted = performance.now();
    await loadInChunks(db, bundle);
    process.stderr.write(`loaded ${nodeCount} nodes in ${Math.round(performance.now() - loadStarted)} ms\n`);
    const { fastify, url } = await listenApp(connection);
    try {
      const m = await measureMapOverview(url);
      emit({
        bench: 'map',
        case: `map_overview_ms@${size}`,
        value: m.ms,
        unit: 'ms',
        goal: '≤ 500 ms',
        detail: { ...m },
      });
      emit({
        bench: 'map',
        case: `map_overview_elements@${size}`,
        value: m.elements,
        unit: 'elements',
        goal: '≤ 5000',
      });
      emit({ bench: 'map', case: `map_overview_warm_p50_ms@${size}`, value: m.warmP50Ms, unit: 'ms' });
    } finally {
      await fastify.close();
    }
  } finally {
    await db.close();
  }
}
