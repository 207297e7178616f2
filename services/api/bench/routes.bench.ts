/**
 * Route and gap benchmarks on the seeded synthetic graph, loaded into a real Neo4j:
 * - route latency (k = 5) as GraphQL over HTTP on loopback, p50 / p95;
 * - the same inputs through the engine in-process (ratio HTTP / in-process);
 * - the engine against the naive Cypher variable-length enumeration on the same graph and
 *   inputs (ratio, and how many answers agree);
 * - gaps for one region and for the whole graph.
 */
import { Agent, request } from 'node:http';
import type { GraphDb } from '@pathway/graph/db/graph-db';
import { readGraphVersion } from '@pathway/graph/db/queries/graph-meta.queries';
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import { loadBundle } from '@pathway/graph/import/load';
import type { Bundle, Household } from '@pathway/graph/model/bundle';
import { ENTITY_MAPPINGS } from '@pathway/graph/model/mapping';
import { findRoutes } from '@pathway/graph/routing/route-search';
import { SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import Fastify from 'fastify';
import { wipe } from '../../../graph/bench/bench-db.ts';
import { naiveRoutes } from '../../../graph/bench/naive-routes.ts';
import type { Measurement } from '../../../graph/bench/report.ts';
import { rng, syntheticBundle } from '../../../graph/bench/synthetic.ts';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export const ROUTE_QUERY = `query($input: RouteInput!) { routes(input: $input) { routes {
  rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
  steps { program { id name } provider { id name } months cost creditsGranted awards { id name } supports { id kind } missingSupports }
  exitPoints { credential { id } occupation { id title } medianAnnual familySupporting } } } }`;

/** The same answer with the figures of contract 1.1 sections 5 and 6. */
const WORK_AND_PAY_QUERY = `query($input: RouteInput!) { routes(input: $input) { routes {
  rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
  earningsDuringRoute monthsWithoutPay firstPaycheckMonth netIncome completionLikelihood unmeasuredFactors
  steps { kind program { id name } edge { from { id } to { id } years } provider { id name } startMonth months cost
          creditsGranted workingAs { id } earnings awards { id name } supports { id kind } missingSupports }
  exitPoints { credential { id } occupation { id title } medianAnnual familySupporting month } } } }`;

/** Waits out the load shedding's sampling window after warm-up work that held the event loop. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface RoutesBenchOptions {
  sizes: number[];
  queries: number;
  naiveQueries: number;
  connection: { uri: string; user: string; password: string; database?: string };
}

export async function routesBench(
  db: GraphDb,
  options: RoutesBenchOptions,
  onMeasure: (m: Measurement) => void,
): Promise<void> {
  // Each figure is reported as soon as it is measured (a 1M-node run takes a while).
  const out = { push: (...ms: Measurement[]) => ms.forEach(onMeasure) };
  for (const nodes of options.sizes) {
    const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
    const { bundle, counties, nodeCount } = syntheticBundle({ nodes });
    await wipe(db);
    const loadStarted = performance.now();
    await loadInChunks(db, bundle);
    const loadMs = performance.now() - loadStarted;

    const inputs = routeInputs(counties, nodes, options.queries);

    const { fastify, url } = await listenApp(options.connection);
    try {
      const snapshots = new SnapshotCache(db);
      const built = await snapshots.get();
      const index = built.index;
      out.push({
        bench: 'routes',
        case: `${size}: graph loaded, snapshot built`,
        value: Math.round(built.buildMs),
        unit: 'ms snapshot',
        detail: { nodes: nodeCount, loadMs: Math.round(loadMs) },
      });

      // Warm both paths (JIT, the server's own snapshot, query plans).
      for (const input of inputs.slice(0, 10)) {
        findRoutes(index, input);
        await post(url, ROUTE_QUERY, { input });
      }
      await settle();

      const inProcess: number[] = [];
      let found = 0;
      for (const input of inputs) {
        const t = performance.now();
        const routes = findRoutes(index, input);
        inProcess.push(performance.now() - t);
        if (routes.length > 0) found += 1;
      }
      const http: number[] = [];
      for (const input of inputs) {
        const t = performance.now();
        const body = await post(url, ROUTE_QUERY, { input });
        http.push(performance.now() - t);
        if (body.errors || body.error)
          throw new Error(`route query failed: ${JSON.stringify(body.errors?.[0] ?? body.error)}`);
      }
      // The same requests with the snapshot served from memory, without the per-request version
      // read: the GraphQL layer's own cost (resolvers, HTTP, JSON) over the engine's.
      // (The app's cache lives inside its encapsulated plugin: patched on the class for this loop.)
      const readVersion = SnapshotCache.prototype.get;
      SnapshotCache.prototype.get = async () => built;
      const fromMemory: number[] = [];
      try {
        for (const input of inputs) {
          const t = performance.now();
          const body = await post(url, ROUTE_QUERY, { input });
          fromMemory.push(performance.now() - t);
          if (body.errors || body.error) throw new Error(`route query failed: ${JSON.stringify(body.errors?.[0])}`);
        }
      } finally {
        SnapshotCache.prototype.get = readVersion;
      }
      // What each request's graph version check costs (one Bolt read before any field resolves).
      const versionReads: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        await db.read('graph.version', readGraphVersion);
        versionReads.push(performance.now() - t);
      }
      const goal = nodes >= 1_000_000 ? 'p95 ≤ 80 ms' : nodes >= 100_000 ? 'p95 ≤ 30 ms' : undefined;
      out.push(
        {
          bench: 'routes',
          case: `${size}: GraphQL over HTTP, k=5, p50`,
          value: round(percentile(http, 50)),
          unit: 'ms',
          detail: { queries: inputs.length, withRoutes: found },
        },
        {
          bench: 'routes',
          case: `${size}: GraphQL over HTTP, k=5, p95`,
          value: round(percentile(http, 95)),
          unit: 'ms',
          goal,
        },
        {
          bench: 'routes',
          case: `${size}: engine in-process, p50`,
          value: round(percentile(inProcess, 50)),
          unit: 'ms',
        },
        {
          bench: 'routes',
          case: `${size}: engine in-process, p95`,
          value: round(percentile(inProcess, 95)),
          unit: 'ms',
        },
        {
          bench: 'routes',
          case: `${size}: graph version read (each GraphQL request does one), p50`,
          value: round(percentile(versionReads, 50), 3),
          unit: 'ms',
        },
        {
          bench: 'routes',
          case: `${size}: GraphQL over HTTP, snapshot from memory (no version read), k=5, p50`,
          value: round(percentile(fromMemory, 50)),
          unit: 'ms',
        },
        {
          bench: 'routes',
          case: `${size}: HTTP without the version read / in-process (p50)`,
          value: round(percentile(fromMemory, 50) / percentile(inProcess, 50)),
          unit: '×',
          goal: '≤ 1.5× (issue 15)',
        },
        {
          bench: 'routes',
          case: `${size}: HTTP / in-process (p50)`,
          value: round(percentile(http, 50) / percentile(inProcess, 50)),
          unit: '×',
          goal: '≤ 1.3×',
        },
      );

      // Contract 1.1 section 5, in-process and over HTTP: work steps, and the INCOME objective
      // (with and without them). Goals (issue 11): TIME with advancement p95 ≤ 30 ms at 100k and
      // ≤ 80 ms at 1M; INCOME within 2× of those.
      const timeGoal = nodes >= 1_000_000 ? 80 : 30;
      const variants: { label: string; extra: Record<string, unknown>; goal?: string }[] = [
        { label: 'advancement, TIME', extra: { advancement: true }, goal: `p95 ≤ ${timeGoal} ms` },
        { label: 'INCOME', extra: { objective: 'INCOME' }, goal: `p95 ≤ ${2 * timeGoal} ms (2× TIME)` },
        {
          label: 'advancement, INCOME',
          extra: { advancement: true, objective: 'INCOME' },
          goal: `p95 ≤ ${2 * timeGoal} ms (2× TIME)`,
        },
      ];
      for (const variant of variants) {
        const variantInputs = inputs.map((input) => ({ ...input, ...variant.extra }));
        for (const input of variantInputs.slice(0, 10)) findRoutes(index, input);
        const times: number[] = [];
        let withRoutes = 0;
        let withWork = 0;
        for (const input of variantInputs) {
          const t = performance.now();
          const routes = findRoutes(index, input);
          times.push(performance.now() - t);
          if (routes.length > 0) withRoutes += 1;
          if (routes.some((r) => r.steps.some((step) => step.kind === 'WORK'))) withWork += 1;
        }
        out.push(
          {
            bench: 'routes',
            case: `${size}: engine in-process, ${variant.label}, k=5, p50`,
            value: round(percentile(times, 50)),
            unit: 'ms',
            detail: { queries: variantInputs.length, withRoutes, withWork },
          },
          {
            bench: 'routes',
            case: `${size}: engine in-process, ${variant.label}, k=5, p95`,
            value: round(percentile(times, 95)),
            unit: 'ms',
            goal: nodes >= 100_000 ? variant.goal : undefined,
          },
        );
        // The first work-step query builds the work route graph (not warmed with the snapshot) and
        // holds the event loop; the load shedding then refuses requests until its next sample.
        for (const input of variantInputs.slice(0, 10)) await post(url, WORK_AND_PAY_QUERY, { input });
        await settle();
        const overHttp: number[] = [];
        for (const input of variantInputs) {
          const t = performance.now();
          const body = await post(url, WORK_AND_PAY_QUERY, { input });
          overHttp.push(performance.now() - t);
          if (body.errors || body.error)
            throw new Error(`route query failed: ${JSON.stringify(body.errors?.[0] ?? body.error)}`);
        }
        out.push(
          {
            bench: 'routes',
            case: `${size}: GraphQL over HTTP, ${variant.label}, k=5, p50`,
            value: round(percentile(overHttp, 50)),
            unit: 'ms',
          },
          {
            bench: 'routes',
            case: `${size}: GraphQL over HTTP, ${variant.label}, k=5, p95`,
            value: round(percentile(overHttp, 95)),
            unit: 'ms',
            goal: nodes >= 100_000 ? variant.goal : undefined,
          },
        );
      }

      if (options.naiveQueries > 0 && nodes < 1_000_000) {
        const naiveInputs = inputs.slice(0, options.naiveQueries);
        let naiveMs = 0;
        let engineMs = 0;
        let agree = 0;
        for (const input of naiveInputs) {
          let t = performance.now();
          const naive = await naiveRoutes(db, index, input);
          naiveMs += performance.now() - t;
          t = performance.now();
          const engine = findRoutes(index, input);
          engineMs += performance.now() - t;
          const same =
            naive.length === engine.length &&
            naive.every((n, i) => {
              const e = engine[i];
              return (
                e !== undefined &&
                Math.abs(n.totalMonths - e.totalMonths) < 0.01 &&
                Math.abs(n.totalCost - e.totalCost) < 0.01 &&
                [...n.programIds].sort().join() === [...e.programIds].sort().join()
              );
            });
          if (same) agree += 1;
        }
        out.push({
          bench: 'routes',
          case: `${size}: engine vs naive Cypher enumeration (${agree}/${naiveInputs.length} answers identical)`,
          value: round(naiveMs / engineMs, 1),
          unit: '×',
          goal: nodes >= 100_000 ? '≥ 50×' : undefined,
          detail: {
            naiveMeanMs: round(naiveMs / naiveInputs.length),
            engineMeanMs: round(engineMs / naiveInputs.length, 3),
          },
        });
      }

      const regionTimes: number[] = [];
      for (const county of counties.slice(0, 10)) {
        const t = performance.now();
        findGaps(index, { regionId: county });
        regionTimes.push(performance.now() - t);
      }
      const t = performance.now();
      const all = findGaps(index, {});
      const allMs = performance.now() - t;
      out.push(
        {
          bench: 'gaps',
          case: `${size}: all kinds, one region (median of 10)`,
          value: Math.round(percentile(regionTimes, 50)),
          unit: 'ms',
          goal: nodes >= 100_000 ? '≤ 1000 ms' : undefined,
        },
        {
          bench: 'gaps',
          case: `${size}: all kinds, every region merged (${all.length} gaps)`,
          value: Math.round(allMs),
          unit: 'ms',
          goal: nodes >= 100_000 ? '≤ 1000 ms' : undefined,
        },
      );
    } finally {
      await fastify.close();
    }
  }
}

/** The real app on a loopback port, as a client sees it. */
/**
 * The real app on a free port, for benchmarks: they send hundreds of queries from one client
 * on a graph that may be large, and measure latency, not the per-client rate limit or shedding.
 */
export async function listenApp(connection: RoutesBenchOptions['connection']) {
  const fastify = Fastify({ logger: false });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    SHED_EVENT_LOOP_MS: '60000',
    SHED_HEAP_RATIO: '1',
    WORK_HEAP_RATIO: '1',
  });
  await fastify.register(app, { config, connection });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = fastify.server.address();
  return { fastify, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql` };
}

/**
 * Loads a large bundle as a series of smaller ones in dependency order (one transaction each
 * holding a 1M-node graph needs more transaction memory than a benchmark machine gives Neo4j).
 */
export async function loadInChunks(db: GraphDb, bundle: Bundle, size = 50_000): Promise<void> {
  const keys = [
    ...ENTITY_MAPPINGS.map((m) => m.key),
    'wageThresholds',
    'occupationWages',
    'outcomes',
    'edges',
  ] as const;
  for (const key of keys) {
    const records = (bundle[key] ?? []) as unknown[];
    for (let i = 0; i < records.length; i += size) {
      await loadBundle(db, { format: 'pathway-bundle', version: 1, [key]: records.slice(i, i + size) } as Bundle);
    }
  }
}

export interface RouteInput {
  regionId: string;
  entryPointId: string;
  household: Household;
  limit: number;
}

/** `count` k = 5 route questions on the synthetic graph: a random county, entry point and household, seeded by `seed`. */
export function routeInputs(counties: readonly string[], seed: number, count: number): RouteInput[] {
  const random = rng(seed);
  const households = ['1A0C', '1A1C', '2A2W1C'] as const;
  return Array.from({ length: count }, () => {
    const county = counties[Math.floor(random() * counties.length)] as string;
    return {
      regionId: county,
      entryPointId: `ep-${county}-${random() < 0.5 ? 'grad' : 'esl'}`,
      household: households[Math.floor(random() * households.length)] as Household,
      limit: 5,
    };
  });
}

/**
 * One keep-alive connection through node:http: the client's own work stays small, since it shares
 * the machine (and the process) with the service it measures; fetch (undici, web streams) cost
 * about as much CPU per request as the GraphQL layer itself.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Where each URL points, parsed once: node:http would parse the URL string on every request. */
const targets = new Map<string, { hostname: string; port: string; path: string }>();
function targetOf(url: string) {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { hostname: parsed.hostname, port: parsed.port, path: `${parsed.pathname}${parsed.search}` };
    targets.set(url, target);
  }
  return target;
}

/** POSTs a JSON body on that connection and answers the response's text. */
export function postRaw(url: string, body: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const req = request(
      {
        ...targetOf(url),
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve(
            chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
          ),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: unknown[]; error?: unknown }> {
  return JSON.parse(await postRaw(url, JSON.stringify({ query, variables })));
}
