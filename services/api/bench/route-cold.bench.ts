/**
 * `node --max-old-space-size=10240 --import tsx services/api/bench/route-cold.bench.ts
 *   [--nodes 100000] [--queries 1000] [--between tight,sleep,thrash] [--rounds 1] [--hash]`:
 * the route engine alone (findRoutes on the synthetic index, the inputs of routes.bench.ts) with
 * its CPU caches warm or cold. Inside the service a search follows a wait on a socket while the
 * client and other processes run, so it starts with colder caches than in a loop of back-to-back
 * searches; this says how much of its time is cache misses. Before each search:
 * - `tight`: nothing (the loop of routes.bench.ts's in-process figure);
 * - `sleep`: a 1 ms timer (the process idles, the machine's other work runs);
 * - `thrash`: a pass over 64 MB of other memory (every cache level evicted).
 * Prints one JSON line per mode and round: wall p50 / p95 / mean of the search alone, its CPU
 * time per query (process.cpuUsage over the searches only), and the load average. The modes are
 * taken in turn, `rounds` times, so that a change in the machine's load falls on all of them.
 * `--hash` also prints the SHA-256 of every answer's JSON in order, for those inputs and for
 * variants of a quarter of them through the engine's other paths (old and new engines must agree).
 * `--against DIR` also loads GraphIndex and findRoutes from another checkout's `graph/src` (DIR),
 * an older engine say, and the two take turns query by query (each after its own pause or
 * thrash), so that the machine's load falls on both alike; each prints its own lines (`engine`).
 * Then `tight` is not tight: each search follows one of the other engine (run without
 * --against for that figure).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RouteInput } from '@pathway/graph/routing/route-search';
import { syntheticBundle } from '../../../graph/bench/synthetic.ts';
import { percentile, routeInputs } from './routes.bench.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    between: { type: 'string', default: 'tight,sleep,thrash' },
    rounds: { type: 'string', default: '1' },
    hash: { type: 'boolean', default: false },
    against: { type: 'string' },
  },
});
const nodes = Number(values.nodes);
const queries = Number(values.queries);
const rounds = Number(values.rounds);
const modes = String(values.between).split(',');
for (const mode of modes) {
  if (mode !== 'tight' && mode !== 'sleep' && mode !== 'thrash') throw new Error(`--between: unknown mode "${mode}"`);
}

interface Engine {
  name: string;
  GraphIndex: typeof import('@pathway/graph/model/graph-index').GraphIndex;
  warmViews: typeof import('@pathway/graph/model/derived-view').warmViews;
  findRoutes: typeof import('@pathway/graph/routing/route-search').findRoutes;
}
async function engineFrom(name: string, dir: string | undefined): Promise<Engine> {
  const from = (module: string) =>
    dir ? pathToFileURL(resolve(dir, `${module}.ts`)).href : `@pathway/graph/${module}`;
  const { warmViews } = (await import(from('model/derived-view'))) as Engine;
  const { GraphIndex } = (await import(from('model/graph-index'))) as Engine;
  const { findRoutes } = (await import(from('routing/route-search'))) as Engine;
  return { name, GraphIndex, warmViews, findRoutes };
}
const engines = [await engineFrom('this', undefined)];
if (values.against) engines.push(await engineFrom('against', values.against));

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
process.stderr.write(`route-cold: building a ${nodes}-node synthetic index\n`);
const { bundle, counties } = syntheticBundle({ nodes });
const indexes = engines.map((engine) => {
  const index = new engine.GraphIndex(bundle);
  for (const view of engine.warmViews()) index.derived(view);
  return index;
});
const inputs = routeInputs(counties, nodes, queries);

for (const [e, engine] of engines.entries()) {
  if (!values.hash) break;
  const index = indexes[e] as InstanceType<Engine['GraphIndex']>;
  const { findRoutes } = engine;
  // The benchmark's inputs, then variants of them through the other paths of the engine: the
  // other objectives, work steps, a sector target, filters, a state instead of a county.
  const variants: [string, (input: RouteInput, i: number) => RouteInput][] = [
    ['inputs', (input) => input],
    ['cost', (input) => ({ ...input, objective: 'COST' })],
    ['income-advancement', (input) => ({ ...input, objective: 'INCOME', advancement: true })],
    ['sector', (input, i) => ({ ...input, target: { sectorId: sectorIds[i % sectorIds.length] as string } })],
    ['filters', (input) => ({ ...input, modality: 'in-person', schedules: ['evening', 'day'], maxMonths: 60 })],
    ['occupation', (input, i) => ({ ...input, target: { occupationId: occupationIds[i % occupationIds.length] } })],
    [
      'state',
      (input, i) => ({
        ...input,
        regionId: index.regions.get(input.regionId)?.parentId ?? input.regionId,
        target: { occupationId: occupationIds[i % occupationIds.length] },
      }),
    ],
  ];
  const sectorIds = [...index.sectors.keys()];
  const occupationIds = [...index.occupations.keys()];
  const answer = (input: RouteInput) => {
    try {
      return JSON.stringify(findRoutes(index, input));
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };
  const all = createHash('sha256');
  for (const [name, variant] of variants) {
    const hash = createHash('sha256');
    const some = name === 'inputs' ? inputs : inputs.slice(0, Math.max(1, inputs.length >> 2));
    some.forEach((input, i) => {
      const line = `${answer(variant(input, i))}\n`;
      hash.update(line);
      all.update(line);
    });
    process.stdout.write(
      `${JSON.stringify({ bench: 'route-cold', engine: engine.name, case: `answers: ${name}`, queries: some.length, sha256: hash.digest('hex') })}\n`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ bench: 'route-cold', engine: engine.name, case: 'answers: all', sha256: all.digest('hex') })}\n`,
  );
}
// Warm-up: the per-graph tables the first queries build, and the JIT.
for (let r = 0; r < 2; r++) {
  for (const input of inputs)
    for (const [e, engine] of engines.entries()) engine.findRoutes(indexes[e] as never, input);
}

const junk = new Float64Array(8 << 20); // 64 MB: more than every cache level
const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
const thrash = () => {
  for (let k = 0; k < junk.length; k += 8) junk[k] = (junk[k] as number) + 1;
};

async function measure(mode: string): Promise<void> {
  const wall = engines.map((): number[] => []);
  const cpu = engines.map(() => 0);
  for (const input of inputs) {
    for (const [e, engine] of engines.entries()) {
      if (mode === 'sleep') await sleep();
      else if (mode === 'thrash') thrash();
      const c = process.cpuUsage();
      const started = performance.now();
      engine.findRoutes(indexes[e] as never, input);
      (wall[e] as number[]).push(performance.now() - started);
      const used = process.cpuUsage(c);
      cpu[e] = (cpu[e] as number) + (used.user + used.system) / 1000;
    }
  }
  for (const [e, engine] of engines.entries()) {
    const times = wall[e] as number[];
    process.stdout.write(
      `${JSON.stringify({
        bench: 'route-cold',
        engine: engine.name,
        nodes,
        between: mode,
        queries,
        p50: round(percentile(times, 50)),
        p95: round(percentile(times, 95)),
        mean: round(times.reduce((a, b) => a + b, 0) / times.length),
        cpuMeanMs: round((cpu[e] as number) / times.length),
        loadAverage: loadavg().map((x) => round(x, 2)),
      })}\n`,
    );
  }
}

for (let r = 0; r < rounds; r++) for (const mode of modes) await measure(mode);
