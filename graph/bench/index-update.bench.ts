/**
 * The in-memory half of a snapshot update, without Neo4j: a GraphIndex of the seeded synthetic
 * graph with its warm views built, then `runs` partner writes of `records` new programs (one
 * partner's, awarding a credential it already awards, as snapshot-update.bench.ts writes them)
 * applied as the snapshot applies a delta — `withDelta`, then every warm view — timed step by
 * step, wall clock and CPU (`process.cpuUsage`, less distorted by other jobs on the machine).
 * Warm views include the search index (views/search-index.ts) once it is imported, as here: the
 * service imports it. Optionally the lazy views too (the gap graph, built by the first query
 * after an update) and a search's time on the updated index, to show what they cost.
 * `--route`: also the first route query after each write (`route-first`: a default-target query
 * in a county, which reads the route engine's per-graph tables: the final tables, the program
 * rows, the two splits by region) and the same query again (`route-again`: its cost once the
 * tables are there), then an INCOME query, which also reads the training wages (`income-first`,
 * `income-again`); the same queries run on the index before the first write, so that the
 * previous graph has its tables.
 *
 *   node --max-old-space-size=10240 --import tsx graph/bench/index-update.bench.ts --nodes 1000000
 *   node --max-old-space-size=10240 --import tsx graph/bench/index-update.bench.ts --nodes 1000000 --runs 3 --route
 *
 * Prints one JSON line per figure (medians over the runs) and the load average.
 */
import { readFileSync } from 'node:fs';
import { gapGraphOf } from '../src/gaps/gap-graph.ts';
import type { Bundle } from '../src/model/bundle.ts';
import { type DerivedView, warmViews } from '../src/model/derived-view.ts';
import { GraphIndex } from '../src/model/graph-index.ts';
import type { IndexDelta } from '../src/model/index-delta.ts';
import { routeGraphOf } from '../src/routing/route-graph.ts';
import { findRoutes } from '../src/routing/route-search.ts';
import { OVERVIEW_TABLE } from '../src/views/map-overview-table.ts';
// The service imports the map's views too: the whole graph's overview is a warm view.
import '../src/views/map-overview.ts';
import { searchIndexed } from '../src/views/search-index.ts';
import { syntheticBundle } from './synthetic.ts';

export interface IndexUpdateOptions {
  nodes: number;
  seed?: number;
  records?: number;
  runs?: number;
  /** Also time the lazy views (gap graph) and a search after each update. */
  lazy?: boolean;
  /** Also time the first route queries after each update, and the same again (see --route). */
  route?: boolean;
  log?: (message: string) => void;
}

export interface StepTimes {
  wallMs: number;
  cpuMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

function timed<T>(run: () => T): { value: T } & StepTimes {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** A partner write of `records` new programs, as the delta the snapshot would read back for it. */
export function partnerWriteDelta(index: GraphIndex, records: number, tag: string): IndexDelta {
  const sample = index.programs.values().next().value;
  if (!sample) throw new Error('index-update: the graph has no program');
  const programs = Array.from({ length: records }, (_, i) => ({
    id: `bench-delta-${tag}-${i}`,
    name: `Bench ${tag} ${i}`,
    providerId: sample.providerId,
    awards: [sample.awards[0] as string],
    months: 3,
  }));
  const bundle: Bundle = { format: 'pathway-bundle', version: 1, programs };
  return { touched: { programs: programs.map((p) => p.id) }, records: bundle };
}

export function measureIndexUpdate(options: IndexUpdateOptions) {
  const log = options.log ?? (() => {});
  const records = options.records ?? 10;
  const runs = options.runs ?? 5;
  const synthetic = syntheticBundle({ nodes: options.nodes, seed: options.seed });
  const county = synthetic.counties[Math.floor(synthetic.counties.length / 2)] as string;
  const built = timed(() => new GraphIndex(synthetic.bundle));
  let index = built.value;
  log(`index-update: index of ${options.nodes} nodes built in ${Math.round(built.wallMs)} ms`);
  const views = warmViews();
  const warm = timed(() => {
    for (const view of views) index.derived(view);
  });
  log(`index-update: warm views built in ${Math.round(warm.wallMs)} ms`);
  const lazy: [string, (i: GraphIndex) => unknown][] = options.lazy
    ? [
        ['gap-graph', (i) => gapGraphOf(i)],
        ['search-query', (i) => searchIndexed(i, 'bench', { first: 5 })],
      ]
    : [];
  if (options.route) {
    const route = (i: GraphIndex) => findRoutes(i, { regionId: county, household: '1A1C', limit: 5 });
    const income = (i: GraphIndex) =>
      findRoutes(i, { regionId: county, household: '1A1C', objective: 'INCOME', limit: 5 });
    lazy.push(['route-first', route], ['route-again', route], ['income-first', income], ['income-again', income]);
  }
  for (const [, build] of lazy) build(index);
  const steps = new Map<string, StepTimes[]>();
  const record = (name: string, t: StepTimes) => {
    const list = steps.get(name) ?? [];
    list.push(t);
    steps.set(name, list);
  };
  for (let run = 0; run < runs; run++) {
    const delta = partnerWriteDelta(index, records, `${run}`);
    const total = timed(() => {
      const next = timed(() => index.withDelta(delta));
      record('withDelta', next);
      for (const view of views as DerivedView<unknown>[])
        record(
          view.name,
          timed(() => next.value.derived(view)),
        );
      return next.value;
    });
    record('update', total);
    index = total.value;
    for (const [name, build] of lazy)
      record(
        name,
        timed(() => build(index)),
      );
    if (!routeGraphOf(index).programIndex.has(`bench-delta-${run}-0`)) throw new Error('index-update: write missing');
    const found = searchIndexed(index, `bench-delta-${run}-0`, { first: 1 });
    if (found[0]?.id !== `bench-delta-${run}-0`) throw new Error('index-update: write missing from the search index');
    void index.derived(OVERVIEW_TABLE);
    log(`index-update: run ${run + 1}: ${round(total.wallMs)} ms (cpu ${round(total.cpuMs)} ms)`);
  }
  const out: Record<string, { wallMs: number; cpuMs: number; runsMs: number[] }> = {};
  for (const [name, list] of steps)
    out[name] = {
      wallMs: round(median(list.map((t) => t.wallMs))),
      cpuMs: round(median(list.map((t) => t.cpuMs))),
      runsMs: list.map((t) => round(t.wallMs)),
    };
  return { nodes: options.nodes, records, runs, steps: out };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const arg = (name: string, fallback: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? (process.argv[at + 1] as string) : fallback;
  };
  const result = measureIndexUpdate({
    nodes: Number(arg('nodes', '100000')),
    runs: Number(arg('runs', '5')),
    records: Number(arg('records', '10')),
    lazy: process.argv.includes('--lazy'),
    route: process.argv.includes('--route'),
    log: (m) => console.error(m),
  });
  const loadavg = readFileSync('/proc/loadavg', 'utf8').trim();
  for (const [step, figures] of Object.entries(result.steps))
    console.log(JSON.stringify({ bench: 'index-update', nodes: result.nodes, step, ...figures, loadavg }));
}
