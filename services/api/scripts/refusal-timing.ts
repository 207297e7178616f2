/**
 * How long the service takes to refuse hostile GraphQL documents (issue 9), through the whole
 * app with `inject`:
 *   NEO4J_URI=… node --expose-gc --import tsx services/api/scripts/refusal-timing.ts [--runs 20] [--flood 3000]
 * Prints one JSON line per document (status, error codes, median and worst milliseconds), then
 * one for a flood of distinct hostile documents (the heap after it, with --expose-gc after a GC).
 * Nothing is written; the refusals happen before any resolver runs.
 */
import { parseArgs } from 'node:util';
import { neo4jEnvSchema } from '@pathway/graph/db/connection';
import Fastify from 'fastify';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, flood: { type: 'string', default: '3000' } },
});
const runs = Number(values.runs);
const flood = Number(values.flood);
const env = neo4jEnvSchema.parse(process.env);
if (!env.NEO4J_URI) throw new Error('set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD)');

const aliased = (n: number) =>
  `query($i:RouteInput!){${Array.from({ length: n }, (_, i) => `r${i}:routes(input:$i){threshold}`).join(' ')}}`;
const documents: Record<string, string> = {
  'routes ×400 (aliases)': aliased(400),
  'routes ×100 (cost)': aliased(100),
  '6000 tokens': `{ about { ${'version '.repeat(6000)}} }`,
  'x: about ×700 (repeats)': `{ ${'x: about { version } '.repeat(700)}}`,
  '100 aliases × 31 fields': `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: about { ${'version '.repeat(20)}${'neo4jVersion '.repeat(10)}}`).join(' ')} }`,
};

const fastify = Fastify({ logger: false });
await fastify.register(app, {
  config: loadConfig({ ...process.env, LOG_LEVEL: 'silent' }),
  connection: { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '' },
});
await fastify.ready();
for (const [name, query] of Object.entries(documents)) {
  const times: number[] = [];
  let status = 0;
  let codes: string[] = [];
  for (let run = 0; run < runs; run++) {
    // A different comment each run, so no cache answers for the document.
    const payload = { query: `${query} # run ${run}`, variables: { i: { regionId: 'tx-hidalgo' } } };
    const started = performance.now();
    const response = await fastify.inject({ method: 'POST', url: '/graphql', payload });
    times.push(performance.now() - started);
    status = response.statusCode;
    codes = (response.json().errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 10) / 10;
  const line = {
    document: name,
    bytes: query.length,
    status,
    codes,
    medianMs: ms(times[Math.floor(runs / 2)] ?? 0),
    maxMs: ms(times.at(-1) ?? 0),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// Distinct documents (nothing is answered from a cache), one kind after another.
const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
};
const kinds = Object.values(documents);
const before = heapMb();
const started = performance.now();
const statuses: Record<number, number> = {};
for (let i = 0; i < flood; i++) {
  const query = `${kinds[i % kinds.length]} # flood ${i}`;
  const response = await fastify.inject({ method: 'POST', url: '/graphql', payload: { query } });
  statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
}
const seconds = (performance.now() - started) / 1000;
const line = { flood, seconds: Math.round(seconds), statuses, heapBeforeMb: before, heapAfterMb: heapMb() };
process.stdout.write(`${JSON.stringify(line)}\n`);
await fastify.close();
