/**
 * Sustained mixed reads against the real app over HTTP (autocannon): routes from random
 * counties and entry points, the gaps of one region, the region's map and search, cycled over
 * C connections for S seconds on the seeded synthetic graph. Reports requests per second,
 * transport errors, non-2xx answers, answers carrying GraphQL errors, and p50 / p99 latency.
 */
import type { GraphDb } from '@pathway/graph/db/graph-db';
import autocannon from 'autocannon';
import { wipe } from '../../../graph/bench/bench-db.ts';
import type { Measurement } from '../../../graph/bench/report.ts';
import { rng, syntheticBundle } from '../../../graph/bench/synthetic.ts';
import { listenApp, loadInChunks, type RoutesBenchOptions } from './routes.bench.ts';

export interface LoadBenchOptions {
  nodes: number;
  seconds: number;
  connections: number;
  connection: RoutesBenchOptions['connection'];
}

const ROUTES = `query($input: RouteInput!) { routes(input: $input) { routes { rank totalMonths totalCost
  destination { id title } steps { program { id name } months cost } } } }`;
const GAPS = 'query($regionId: ID) { gaps(filter: { regionId: $regionId }) { kind subjectId severity } }';
const MAP =
  'query($regionId: ID) { map(filter: { regionId: $regionId }) { nodes { key kind label } edges { id kind } } }';
const SEARCH = 'query($text: String!) { search(text: $text, first: 20) { kind score node { id label } } }';

export async function loadBench(db: GraphDb, options: LoadBenchOptions): Promise<Measurement[]> {
  const size = `${Math.round(options.nodes / 1000)}k`;
  const { bundle, counties } = syntheticBundle({ nodes: options.nodes });
  await wipe(db);
  await loadInChunks(db, bundle);

  const random = rng(options.nodes + 1);
  const county = () => counties[Math.floor(random() * counties.length)] as string;
  const gapsRegion = counties[0] as string;
  const words = ['nurse', 'certificate', 'program', 'welding', 'associate', 'state 1', 'co-1'];
  const bodies: string[] = [];
  for (let i = 0; i < 200; i += 1) {
    const c = county();
    const mix = i % 10;
    if (mix < 6) {
      const input = { regionId: c, entryPointId: `ep-${c}-${random() < 0.5 ? 'grad' : 'esl'}`, limit: 5 };
      bodies.push(JSON.stringify({ query: ROUTES, variables: { input } }));
    } else if (mix === 6) bodies.push(JSON.stringify({ query: GAPS, variables: { regionId: gapsRegion } }));
    else if (mix === 7) bodies.push(JSON.stringify({ query: MAP, variables: { regionId: c } }));
    else bodies.push(JSON.stringify({ query: SEARCH, variables: { text: words[i % words.length] } }));
  }

  const { fastify, url } = await listenApp(options.connection);
  let graphqlErrors = 0;
  try {
    // Warm-up: the server's snapshot and JIT-compiled queries, outside the measurement.
    for (const body of bodies.slice(0, 20)) {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    }
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.seconds,
      requests: bodies.map((body) => ({
        method: 'POST' as const,
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body,
        onResponse: (_status: number, text: string) => {
          if (text.includes('"errors"')) graphqlErrors += 1;
        },
      })),
    });
    const detail = {
      nodes: options.nodes,
      seconds: options.seconds,
      connections: options.connections,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      graphqlErrors,
      mix: '60% routes, 10% gaps (one region), 10% map, 20% search',
    };
    return [
      {
        bench: 'load',
        case: `${size}: mixed reads, requests/s`,
        value: Math.round(result.requests.average),
        unit: 'req/s',
        detail,
      },
      {
        bench: 'load',
        case: `${size}: errors + non-2xx + GraphQL errors`,
        value: result.errors + result.timeouts + result.non2xx + graphqlErrors,
        unit: 'answers',
        goal: '0',
      },
      { bench: 'load', case: `${size}: latency p50`, value: result.latency.p50, unit: 'ms' },
      { bench: 'load', case: `${size}: latency p99`, value: result.latency.p99, unit: 'ms', goal: '≤ 200 ms' },
    ];
  } finally {
    await fastify.close();
  }
}
