/**
 * `node --max-old-space-size=10240 --import tsx services/api/bench/route-overhead.bench.ts
 *   [--nodes 100000] [--queries 100] [--rounds 1] [--inject] [--http-only] [--engine-only]
 *   [--fast-path on|off]`:
 * the GraphQL layer's own cost on a route query, without Neo4j's load in the way. The index is
 * built in this process from the synthetic bundle and handed to the real app (its snapshot cache
 * answers with it; the app still needs a Neo4j to boot: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD,
 * an empty one will do; --engine-only needs none). The same inputs (those of routes.bench.ts)
 * then run through the engine in-process and as ROUTE_QUERY over HTTP from one keep-alive
 * client (or `app.inject` with --inject), and it prints one JSON line: p50 / p95 wall time, CPU
 * time per query (process.cpuUsage, client and server alike), their ratios and the load
 * average. For profiles: `node --cpu-prof --import tsx …`. A 1M-node run takes the shared lock.
 * `--fast-path off` serves with GRAPHQL_FAST_PATH=off (Mercurius answers every request), to set
 * the fast path (plugins/app/graphql-fast-path.ts) against Mercurius in runs taken in turn.
 *
 * Two more figures say where the ratio comes from (they do not enter it): `transportFloor`, the
 * same client against a bare Fastify route that answers a recorded route answer with the app's
 * own response headers and does no work (what node:http, loopback TCP and the JSON bytes cost
 * without the GraphQL layer), and `engineAfterRequest`, the engine on the same inputs when each
 * search follows one such round trip, as it does inside the service: after the process has
 * waited on a socket its caches are colder than in a loop of back-to-back searches.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { warmViews } from '@pathway/graph/model/derived-view';
import { GraphIndex } from '@pathway/graph/model/graph-index';
import { findRoutes } from '@pathway/graph/routing/route-search';
import { type Snapshot, SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import Fastify from 'fastify';
import { syntheticBundle } from '../../../graph/bench/synthetic.ts';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { percentile, postRaw, ROUTE_QUERY, routeInputs } from './routes.bench.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '1' },
    inject: { type: 'boolean', default: false },
    'http-only': { type: 'boolean', default: false },
    'engine-only': { type: 'boolean', default: false },
    'fast-path': { type: 'string', default: 'on' },
  },
});
const nodes = Number(values.nodes);
const queries = Number(values.queries);
const rounds = Number(values.rounds);
const engineOnly = values['engine-only'] as boolean;
const env = process.env;
if (!engineOnly && (!env.NEO4J_URI || env.NEO4J_PASSWORD === undefined)) {
  throw new Error('NEO4J_URI and NEO4J_PASSWORD are required (or --engine-only)');
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`route-overhead: ${message}\n`);

log(`building a ${nodes}-node synthetic index`);
const { bundle, counties } = syntheticBundle({ nodes });
const index = new GraphIndex(bundle);
for (const view of warmViews()) index.derived(view);
const snapshot: Snapshot = { version: 1, index, builtAt: Date.now(), buildMs: 0, kind: 'full' };
// The app's cache answers with this index; it never polls (SNAPSHOT_POLL_MS 0).
SnapshotCache.prototype.get = async () => snapshot;
SnapshotCache.prototype.peek = () => snapshot;

const inputs = routeInputs(counties, nodes, queries);

const fastify = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
if (!engineOnly)
  await fastify.register(app, {
    config: loadConfig({
      LOG_LEVEL: 'silent',
      LOAD_SAMPLE: 'never',
      SNAPSHOT_POLL_MS: '0',
      RATE_LIMIT_MAX: '1000000',
      SHED_EVENT_LOOP_MS: '60000',
      SHED_HEAP_RATIO: '1',
      WORK_HEAP_RATIO: '1',
      GRAPHQL_FAST_PATH: values['fast-path'],
    }),
    connection: {
      uri: env.NEO4J_URI as string,
      user: env.NEO4J_USER ?? 'neo4j',
      password: env.NEO4J_PASSWORD as string,
    },
  });
if (!engineOnly) await fastify.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
const address = fastify.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;

const post = (body: string) => postRaw(url, body);
async function viaInject(body: string): Promise<string> {
  const response = await fastify.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: body,
  });
  return response.body;
}
const send = values.inject ? viaInject : post;

interface Samples {
  wall: number[];
  cpu: number[];
}
const samples = (): Samples => ({ wall: [], cpu: [] });

/** One pass over the inputs, each run timed (wall and this process's CPU). */
async function pass(into: Samples, run: (input: (typeof inputs)[number], i: number) => Promise<void> | void) {
  for (const [i, input] of inputs.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    await run(input, i);
    into.wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    into.cpu.push((used.user + used.system) / 1000);
  }
}

function summary({ wall, cpu }: Samples) {
  if (wall.length === 0) return { p50: Number.NaN, p95: Number.NaN, cpuP50: Number.NaN, cpuMean: Number.NaN };
  return {
    p50: round(percentile(wall, 50)),
    p95: round(percentile(wall, 95)),
    cpuP50: round(percentile(cpu, 50)),
    cpuMean: round(cpu.reduce((a, b) => a + b, 0) / cpu.length),
  };
}

/** `rounds` passes of each, taken in turn (engine, HTTP, engine, …) so that a change in the machine's load falls on both. */
async function measure(...runs: ((input: (typeof inputs)[number], i: number) => Promise<void> | void)[]) {
  const taken = runs.map(samples);
  for (let r = 0; r < rounds; r++) {
    for (const [k, run] of runs.entries()) await pass(taken[k] as Samples, run);
  }
  return taken.map(summary);
}

try {
  const bodies = inputs.map((input) => JSON.stringify({ query: ROUTE_QUERY, variables: { input } }));
  // Warm: JIT, the route graph, graphql-jit's compiled query.
  for (const [i, input] of inputs.slice(0, 10).entries()) {
    findRoutes(index, input);
    if (engineOnly) continue;
    const answer = JSON.parse(await send(bodies[i] as string));
    if (answer.errors) throw new Error(`route query failed: ${JSON.stringify(answer.errors[0])}`);
  }
  const none = summary(samples());
  const runEngine = (input: (typeof inputs)[number]) => {
    findRoutes(index, input);
  };
  const runHttp = async (_input: (typeof inputs)[number], i: number) => {
    await send(bodies[i] as string);
  };
  const [engine = none, http = none] = values['http-only']
    ? [none, ...(await measure(runHttp))]
    : engineOnly
      ? [...(await measure(runEngine)), none]
      : await measure(runEngine, runHttp);
  // The diagnostics: a bare route answering the app's bytes, and the engine right after each round trip to it.
  let transportFloor = none;
  let engineAfterRequest = none;
  if (!engineOnly && !values.inject && !values['http-only']) {
    const recorded = await fastify.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: bodies[0],
    });
    const headers = { ...recorded.headers };
    for (const name of ['date', 'content-length', 'connection', 'keep-alive']) delete headers[name];
    const bare = Fastify({ logger: false });
    bare.post('/floor', (_request, reply) => {
      reply.headers(headers).send(recorded.body);
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareAddress = bare.server.address();
    const floorUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}/floor`;
    try {
      [transportFloor = none] = await measure(async (_input, i) => {
        await postRaw(floorUrl, bodies[i] as string);
      });
      const after: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const [i, input] of inputs.entries()) {
          await postRaw(floorUrl, bodies[i] as string);
          const t = performance.now();
          findRoutes(index, input);
          after.push(performance.now() - t);
        }
      }
      engineAfterRequest = { ...none, p50: round(percentile(after, 50)), p95: round(percentile(after, 95)) };
    } finally {
      await bare.close();
    }
  }
  const line = {
    nodes,
    queries: inputs.length * rounds,
    client: values.inject ? 'app.inject' : 'node:http keep-alive',
    fastPath: values['fast-path'],
    engine,
    http,
    ratioP50: round(http.p50 / engine.p50),
    cpuRatioP50: round(http.cpuP50 / engine.cpuP50),
    overheadCpuMs: round(http.cpuMean - engine.cpuMean),
    transportFloor,
    engineAfterRequest: { p50: engineAfterRequest.p50, p95: engineAfterRequest.p95 },
    loadAverage: loadavg().map((x) => round(x, 1)),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await fastify.close();
}
