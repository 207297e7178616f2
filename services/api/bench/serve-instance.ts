/**
 * One service instance for the scale benchmark (scale.bench.ts), in a process of its own so
 * that its memory can be read and two instances can be told apart: the real app (app.ts) on a
 * free loopback port, on the Neo4j of NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD, with the rate
 * limit and load shedding opened wide (the benchmark measures latency, not those). Prints
 * `LISTENING <port>` once it serves; stops on SIGTERM.
 *
 * `GET /bench/stats` (this harness only, not the app) answers the process's CPU time so far,
 * its garbage collections' pauses (count, total and longest, by PerformanceObserver) and its
 * last snapshot update's parts, so the benchmark can tell what a write's wall time was made of.
 *
 * `PUT /bench/echo` keeps a body (a route answer the benchmark recorded); `POST /bench/echo`
 * answers it, whatever is posted, with no GraphQL and no engine: through the app's own hooks
 * (registered without encapsulation, they run for these routes too), what the service's HTTP
 * side and the loopback between two processes cost a route answer.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const env = process.env;
if (!env.NEO4J_URI || env.NEO4J_PASSWORD === undefined) throw new Error('NEO4J_URI and NEO4J_PASSWORD are required');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  API_KEYS: env.API_KEYS ?? '',
  LOAD_SAMPLE: 'never',
  RATE_LIMIT_MAX: '1000000',
  SHED_EVENT_LOOP_MS: '60000',
  SHED_HEAP_RATIO: '1',
  WORK_HEAP_RATIO: '1',
  GRAPHQL_COST_BUDGET: env.GRAPHQL_COST_BUDGET ?? '100',
  GRAPHQL_BODY_LIMIT: env.GRAPHQL_BODY_LIMIT,
});
const fastify = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
// Registered without encapsulation, so the stats route below can read the app's snapshot cache.
await fastify.register(fp(app), {
  config,
  connection: { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD },
});
const gc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count += 1;
    gc.totalMs += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });
fastify.get('/bench/stats', async () => {
  const cpu = process.cpuUsage();
  const snapshot = fastify.snapshots?.peek();
  // The last snapshot's parts (snapshot.ts): its read, what ran before it was published, its warm views after.
  const last = snapshot && {
    version: snapshot.version,
    kind: snapshot.kind,
    readMs: snapshot.readMs,
    applySteps: snapshot.applySteps,
    applyCpuMs: snapshot.applyCpuMs,
    warmSteps: snapshot.warmSteps,
    warmCpuMs: snapshot.warmCpuMs,
  };
  return { cpuMs: (cpu.user + cpu.system) / 1000, gc: { ...gc }, snapshot: last };
});
let echo = '{}';
fastify.put('/bench/echo', { bodyLimit: 16 * 1024 * 1024 }, async (request) => {
  echo = JSON.stringify(request.body);
  return { bytes: Buffer.byteLength(echo) };
});
fastify.post('/bench/echo', async (_request, reply) => reply.type('application/json; charset=utf-8').send(echo));
await fastify.listen({ port: 0, host: '127.0.0.1' });
const address = fastify.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
process.once('SIGTERM', () => {
  void fastify.close().then(() => process.exit(0));
});
