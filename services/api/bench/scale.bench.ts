/**
 * `npm run bench:scale [-- --sizes 100k,1M] [--queries 200] [--writes 5] [--skip gaps,routes,map] [--only load]`:
 * the national-scale figures of
 * issue 15 on the seeded synthetic graphs (graph/bench/synthetic.ts) of 100,000 and 1,000,000
 * nodes, each bulk-loaded into the benchmark's own local Neo4j (a fresh store under
 * .data/neo4j-bench-scale on NEO4J_BENCH_PORT, sized by NEO4J_LOCAL_HEAP / NEO4J_LOCAL_PAGECACHE,
 * stopped at the end). Prints one JSON line per metric on stdout,
 * `{"metric", "value", "unit", "goal", "met"}`, with exactly the ids of METRICS below; a figure
 * that could not be measured is `"value": null` with its `reason`, never a number made up.
 * Progress goes to stderr.
 *
 * `--skip gaps,routes,map` leaves those parts out (to iterate on the others; their metrics are
 * then null); `--writes N` sets how many partner writes the write figures are the median of (5).
 *
 * `--only load` measures the load and the first whole-graph export (what a service's first
 * snapshot is built from) and nothing else.
 *
 * What each metric measures:
 * - `load_s`: bulk-load.ts of the whole bundle into the empty store, until its last commit
 *   (detail: each phase's seconds, and the CPU seconds Neo4j and this process spent, which
 *   the machine's load distorts less than the wall clock).
 * - `route_http_p95_ms`: k = 5 routes as GraphQL over HTTP from one keep-alive client to a
 *   service instance running in its own process (serve-instance.ts), p95 of `--queries`. The
 *   client is node:http with a keep-alive agent (routes.bench.ts `post`): fetch costs about as
 *   much CPU per request as the service's GraphQL layer, on the same two cores.
 * - `route_http_over_inprocess_p50`: that p50 over the engine's own p50 on the same inputs,
 *   in this process. Its detail has `transportFloorP50`, the same requests answered by the same
 *   instance with a recorded route answer and no GraphQL or engine (transportFloor below), and
 *   that floor over the engine's p50, and `ratioLowerBound`, (floor + engine p50) / engine p50:
 *   the ratio of a service whose GraphQL layer cost nothing and whose engine ran as fast as in
 *   this process's loop.
 * - `gaps_all_regions_ms`: `findGaps(index, {})`, every region, in this process.
 * - `snapshot_update_after_write_ms`, `write_visible_ms`: writeVisibility() below.
 * - `service_rss_mb`: the peak resident memory (VmHWM) of the instance that served the routes,
 *   the write and the map.
 * - `map_overview_ms`, `map_overview_elements`: mapOverview() below (the first whole-graph mapOverview).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { GraphDb } from '@pathway/graph/db/graph-db';
import { migrate, readMigrations } from '@pathway/graph/db/migrations';
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import { bulkLoad } from '@pathway/graph/import/bulk-load';
import { exportBundle } from '@pathway/graph/import/export';
import type { Bundle } from '@pathway/graph/model/bundle';
import { startLocalNeo4j, stopLocalNeo4j } from '@pathway/graph/neo4j-local';
import { dataDir, migrationsDir, repoRoot } from '@pathway/graph/paths';
import { findRoutes } from '@pathway/graph/routing/route-search';
import { SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import { wipe } from '../../../graph/bench/bench-db.ts';
import { gcPauses } from '../../../graph/bench/report.ts';
import { syntheticBundle } from '../../../graph/bench/synthetic.ts';
import { measureMapOverview } from './map-overview.bench.ts';
import { percentile, post, ROUTE_QUERY, routeInputs } from './routes.bench.ts';

/** Every metric the benchmark prints, with its unit and goal (the value must be at most the goal). */
const METRICS = {
  'route_http_p95_ms@100k': { unit: 'ms', goal: 30 },
  'route_http_p95_ms@1M': { unit: 'ms', goal: 80 },
  'route_http_over_inprocess_p50@100k': { unit: '×', goal: 1.5 },
  'gaps_all_regions_ms@100k': { unit: 'ms', goal: 1000 },
  'gaps_all_regions_ms@1M': { unit: 'ms', goal: 5000 },
  'snapshot_update_after_write_ms@1M': { unit: 'ms', goal: 1000 },
  'write_visible_ms@1M': { unit: 'ms', goal: 2000 },
  'service_rss_mb@1M': { unit: 'MB', goal: 4096 },
  'load_s@1M': { unit: 's', goal: 120 },
  'map_overview_ms@1M': { unit: 'ms', goal: 500 },
  'map_overview_elements@1M': { unit: 'elements', goal: 5000 },
} as const;
type MetricId = keyof typeof METRICS;

/** A measured value, or why there is none. */
type Figure = { value: number; detail?: Record<string, unknown> } | { value: null; reason: string };

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`bench:scale: ${message}\n`);
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function emitMetric(id: MetricId, figure: Figure): void {
  const { unit, goal } = METRICS[id];
  const line: Record<string, unknown> = { metric: id, value: figure.value, unit, goal: `≤ ${goal}` };
  line.met = figure.value !== null && figure.value <= goal;
  // The machine's 1-minute load average when the figure was taken: timings on a shared machine say little without it.
  line.loadAverage = round(loadavg()[0] as number, 1);
  if (figure.value === null) line.reason = figure.reason;
  else if (figure.detail) line.detail = figure.detail;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const emitted = new Set<string>();

/** Emits the metric of this size, if the benchmark has one. */
function emitFor(size: string, name: string, figure: Figure): void {
  const id = `${name}@${size}`;
  emitted.add(id);
  if (id in METRICS) emitMetric(id as MetricId, figure);
  else log(`${id} (no goal): ${JSON.stringify(figure)}`);
}

/** After a size's run: every metric of that size not measured, as null with why. */
function emitMissing(size: string, reason: string): void {
  for (const id of Object.keys(METRICS) as MetricId[]) {
    if (id.endsWith(`@${size}`) && !emitted.has(id)) {
      emitted.add(id);
      emitMetric(id, { value: null, reason });
    }
  }
}

async function measured<T>(what: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await what();
  return { ms: performance.now() - t, result };
}

// ---------------------------------------------------------------------------------------------
// Service instances, each its own process.

interface Instance {
  child: ChildProcess;
  base: string;
  graphql: string;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=6144',
      // For profiles of an instance: BENCH_INSTANCE_NODE_ARGS='--cpu-prof --cpu-prof-dir=…'.
      ...(process.env.BENCH_INSTANCE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      join(repoRoot, 'services/api/bench/serve-instance.ts'),
    ],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`service instance exited (${code}) before listening`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return { child, base, graphql: `${base}/graphql` };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
}

/** CPU time a process has used, in ms (Linux /proc: user + system clock ticks, 100 per second). */
function cpuOf(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  // The fields after the command (which may hold spaces), from its closing parenthesis: utime and stime are the 14th and 15th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const cpuSecondsOf = (pid: number | undefined): number | undefined => {
  const ms = cpuOf(pid);
  return ms === undefined ? undefined : ms / 1000;
};

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number | undefined): { peakMb: number; nowMb: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
}

type GraphqlBody = { data?: Record<string, unknown>; errors?: { message: string }[] };

async function graphql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlBody;
}

// ---------------------------------------------------------------------------------------------
// The two measurements other branches will improve, each in one function to swap.

const NODE_QUERY = 'query($id: ID!) { node(id: $id, kind: Program) { id } }';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A Server-Timing header's durations by name (`name;dur=12.3, …`). */
function serverTimings(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*([^;\s]+)\s*;\s*dur=([\d.]+)/.exec(part);
    if (match) out[match[1] as string] = Number(match[2]);
  }
  return out;
}

interface InstanceStats {
  cpuMs: number;
  gc: { count: number; totalMs: number; maxMs: number };
  /** The instance's last snapshot update, in parts (serve-instance.ts). */
  snapshot?: Record<string, unknown>;
}

/** The instance's CPU and garbage collection so far (serve-instance.ts `/bench/stats`). */
async function statsOf(instance: Instance): Promise<InstanceStats | undefined> {
  try {
    return (await (await fetch(`${instance.base}/bench/stats`)).json()) as InstanceStats;
  } catch {
    return undefined;
  }
}

function statsBetween(before: InstanceStats | undefined, after: InstanceStats | undefined) {
  if (!before?.gc || !after?.gc) return undefined;
  return {
    cpuMs: Math.round(after.cpuMs - before.cpuMs),
    gcCount: after.gc.count - before.gc.count,
    gcMs: Math.round(after.gc.totalMs - before.gc.totalMs),
    gcMaxMs: Math.round(after.gc.maxMs),
    snapshot: after.snapshot,
  };
}

/** One write's figures (see writeVisibility). */
interface WriteRun {
  updateMs: number;
  visibleMs: number;
  /** The POST's round trip (the writer answers after its own index has the write). */
  postMs: number;
  /** What the writer says its answer was made of (its Server-Timing header, ms). */
  server: Record<string, number>;
  writer?: ReturnType<typeof statsBetween>;
  other?: ReturnType<typeof statsBetween>;
}

/**
 * `writes` partner writes (default 5) of 10 records each over HTTP (10 new programs of one
 * partner, through POST /api/bundles with a partner key) to instance `writer`, one after the
 * other, `pauseMs` apart; after each, both instances are polled until they answer with the last
 * of them: `snapshotUpdate` from sending the write until `writer` answers with it,
 * `writeVisible` from the write's commit (the `committedAt` the writer answers, the same
 * machine's clock; its answer itself waits for its own index update) until `other` does.
 * Measured from outside; each figure is the median of the writes, every write's figures in the
 * detail with the writer's Server-Timing (the import transaction, its index update's read and
 * in-memory steps) and each instance's CPU and GC pauses over the write (`/bench/stats`).
 */
/** Who writes what: the instances, the partner's key and id, the credential its programs award, a tag for their ids. */
interface WriteTarget {
  writer: Instance;
  other: Instance;
  token: string;
  partnerId: string;
  awards: string;
  tag: string;
}

export async function writeVisibility(
  options: WriteTarget & { writes?: number; pauseMs?: number; timeoutMs?: number },
): Promise<{ snapshotUpdate: Figure; writeVisible: Figure }> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const runs: WriteRun[] = [];
  for (let n = 0; n < (options.writes ?? 5); n += 1) {
    if (n > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 1000));
    const run = await oneWrite({ ...options, tag: `${options.tag}-${n}`, timeoutMs });
    if (typeof run === 'string')
      return { snapshotUpdate: { value: null, reason: run }, writeVisible: { value: null, reason: run } };
    runs.push(run);
    log(
      `write ${n + 1}: update ${Math.round(run.updateMs)} ms, visible elsewhere ${Math.round(run.visibleMs)} ms; ${JSON.stringify({ server: run.server, writer: run.writer, other: run.other })}`,
    );
  }
  const detail = {
    writes: runs.length,
    runs: runs.map((r) => ({
      updateMs: Math.round(r.updateMs),
      visibleMs: Math.round(r.visibleMs),
      postMs: Math.round(r.postMs),
      server: r.server,
      writer: r.writer,
      other: r.other,
    })),
  };
  return {
    snapshotUpdate: { value: Math.round(median(runs.map((r) => r.updateMs))), detail },
    writeVisible: { value: Math.round(median(runs.map((r) => r.visibleMs))), detail: { writes: runs.length } },
  };
}

async function oneWrite(options: WriteTarget & { timeoutMs: number }): Promise<WriteRun | string> {
  const ids = Array.from({ length: 10 }, (_, i) => `bench-write-${options.tag}-${i}`);
  const last = ids[ids.length - 1] as string;
  const bundle = {
    format: 'pathway-bundle',
    version: 1,
    programs: ids.map((id) => ({
      id,
      name: `Benchmark write ${id}`,
      providerId: options.partnerId,
      awards: [options.awards],
      months: 6,
      cost: 1000,
    })),
  };
  const [writerBefore, otherBefore] = await Promise.all([statsOf(options.writer), statsOf(options.other)]);
  const sent = performance.now();
  /** When `instance` first answers with the write (polled every `everyMs`), or undefined after the timeout. */
  const seen = async (instance: Instance, everyMs: number): Promise<number | undefined> => {
    while (performance.now() - sent < options.timeoutMs) {
      const body = await graphql(instance.graphql, NODE_QUERY, { id: last });
      if ((body.data?.node as { id?: string } | null | undefined)?.id === last) return performance.now();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    return undefined;
  };
  // The other instance is watched from the send (it may take the write in before the writer answers).
  const otherSeen = seen(options.other, 10);
  const response = await fetch(`${options.writer.base}/api/bundles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify(bundle),
  });
  const answered = performance.now();
  if (!response.ok) return `the write was refused: HTTP ${response.status} ${await response.text()}`;
  const server = serverTimings(response.headers.get('server-timing'));
  const answer = (await response.json()) as { committedAt?: string };
  const committedAt = Date.parse(answer.committedAt ?? '');
  if (Number.isNaN(committedAt))
    return `the write's answer has no committedAt: ${JSON.stringify(answer).slice(0, 200)}`;
  // performance.now() of the commit: the wall clock is shared with the writer (same machine).
  const committed = performance.now() - (Date.now() - committedAt);
  // The writer answers only after its index has the write: no use asking it before.
  const [writerAt, otherAt] = await Promise.all([seen(options.writer, 5), otherSeen]);
  if (writerAt === undefined || otherAt === undefined)
    return `an instance did not answer with the write within ${options.timeoutMs / 1000} s`;
  const [writerAfter, otherAfter] = await Promise.all([statsOf(options.writer), statsOf(options.other)]);
  return {
    updateMs: writerAt - sent,
    visibleMs: otherAt - committed,
    postMs: answered - sent,
    server,
    writer: statsBetween(writerBefore, writerAfter),
    other: statsBetween(otherBefore, otherAfter),
  };
}

/**
 * The map overview: the first whole-graph `mapOverview` (sector × area groups) over HTTP, after
 * the snapshot is loaded (measureMapOverview in map-overview.bench.ts), and how many elements
 * (groups + links) it answers.
 */
export async function mapOverview(instance: Instance): Promise<{ ms: Figure; elements: Figure }> {
  try {
    const measure = await measureMapOverview(instance.graphql, { warmRequests: 10 });
    const detail = { query: 'mapOverview(groupBy: SECTOR_AREA)', total: measure.total, warmP50Ms: measure.warmP50Ms };
    return { ms: { value: Math.round(measure.ms), detail }, elements: { value: measure.elements, detail } };
  } catch (error) {
    const reason = `the overview query failed: ${errorText(error)}`;
    return { ms: { value: null, reason }, elements: { value: null, reason } };
  }
}

/**
 * What the same requests cost the same client when the instance answers a recorded route
 * answer with no GraphQL and no engine (serve-instance.ts `/bench/echo`): the floor under the
 * HTTP p50, which the engine's in-process p50 is compared with.
 */
async function transportFloor(
  instance: Instance,
  inputs: unknown[],
): Promise<{ transportFloorP50: number; answerBytes: number }> {
  const recorded = await post(instance.graphql, ROUTE_QUERY, { input: inputs[0] });
  const put = await fetch(`${instance.base}/bench/echo`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(recorded),
  });
  const { bytes } = (await put.json()) as { bytes: number };
  const echo = `${instance.base}/bench/echo`;
  for (const input of inputs.slice(0, 10)) await post(echo, ROUTE_QUERY, { input });
  const times: number[] = [];
  for (const input of inputs) times.push((await measured(() => post(echo, ROUTE_QUERY, { input }))).ms);
  return { transportFloorP50: round(percentile(times, 50), 3), answerBytes: bytes };
}

// ---------------------------------------------------------------------------------------------

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1M' },
    queries: { type: 'string', default: '200' },
    only: { type: 'string', default: 'all' },
    // Parts to leave out while iterating on others (`--skip gaps`); the default run measures everything.
    skip: { type: 'string', default: '' },
    writes: { type: 'string', default: '5' },
  },
});
if (values.only !== 'all' && values.only !== 'load') throw new Error(`--only: unknown "${values.only}" (load)`);
const onlyLoad = values.only === 'load';
const SIZE_NODES: Record<string, number> = { '100k': 100_000, '1M': 1_000_000 };
const sizes = (values.sizes as string).split(',');
for (const size of sizes) if (!(size in SIZE_NODES)) throw new Error(`--sizes: unknown size "${size}" (100k or 1M)`);
const queries = Number(values.queries);
const SKIPPABLE = ['gaps', 'routes', 'map'] as const;
const skip = new Set((values.skip as string).split(',').filter(Boolean));
for (const part of skip)
  if (!(SKIPPABLE as readonly string[]).includes(part))
    throw new Error(`--skip: unknown "${part}" (${SKIPPABLE.join(', ')})`);
const writes = Number(values.writes);
if (!Number.isInteger(writes) || writes < 1) throw new Error('--writes: must be a whole number from 1');

const neo4jOptions = {
  dataDir: join(dataDir, 'neo4j-bench-scale'),
  port: Number(process.env.NEO4J_BENCH_PORT ?? 7689),
  heap: process.env.NEO4J_LOCAL_HEAP ?? '6g',
  pageCache: process.env.NEO4J_LOCAL_PAGECACHE ?? '2g',
  log,
};
const benchStarted = performance.now();
// A fresh store every run: the figures never depend on what an earlier run left.
await stopLocalNeo4j(neo4jOptions);
rmSync(join(neo4jOptions.dataDir, 'store'), { recursive: true, force: true });
const local = await startLocalNeo4j(neo4jOptions);
const connection = { uri: local.uri, user: local.user, password: local.password };
const db = GraphDb.connect(connection);
const token = randomBytes(18).toString('base64url');
try {
  await migrate(db, readMigrations(migrationsDir));
  for (const [n, size] of sizes.entries()) {
    let stopped = onlyLoad ? 'not measured (--only load)' : 'the benchmark ended before measuring it';
    try {
      await benchSize(size, SIZE_NODES[size] as number, n > 0);
    } catch (error) {
      stopped = `the ${size} run stopped before measuring it: ${errorText(error)}`;
      log(stopped);
    }
    if (!onlyLoad)
      emitMissing(size, skip.size > 0 ? `${stopped} (or left out by --skip ${[...skip].join(',')})` : stopped);
  }
} finally {
  await db.close();
  await stopLocalNeo4j(neo4jOptions);
  log(`done in ${Math.round((performance.now() - benchStarted) / 1000)} s`);
}

async function benchSize(size: string, nodes: number, wipeFirst: boolean): Promise<void> {
  log(`${size}: generating the synthetic graph`);
  const synthetic: { bundle?: Bundle } & Omit<ReturnType<typeof syntheticBundle>, 'bundle'> = syntheticBundle({
    nodes,
  });
  const { counties, nodeCount } = synthetic;
  if (wipeFirst) await wipe(db);
  log(`${size}: bulk-loading ${nodeCount} nodes`);
  const cpuBefore = { neo4j: cpuSecondsOf(local.pid), self: process.cpuUsage() };
  const load = await measured(() => bulkLoad(db, synthetic.bundle as Bundle, { onProgress: log }));
  const self = process.cpuUsage(cpuBefore.self);
  emitFor(size, 'load_s', {
    value: round(load.ms / 1000, 1),
    detail: {
      nodes: nodeCount,
      phaseS: Object.fromEntries(
        Object.entries(load.result.phaseMs).map(([phase, ms]) => [phase, round(ms / 1000, 1)]),
      ),
      neo4jCpuS: round((cpuSecondsOf(local.pid) ?? Number.NaN) - (cpuBefore.neo4j ?? Number.NaN), 1),
      benchCpuS: round((self.user + self.system) / 1e6, 1),
    },
  });
  // The services read the graph from Neo4j; the bundle's memory goes back before they start.
  synthetic.bundle = undefined;
  if (onlyLoad) {
    log(`${size}: the first whole-graph export (what a service's first snapshot reads)`);
    const cpu = cpuSecondsOf(local.pid);
    const exported = await measured(() => exportBundle(db));
    const detail = { neo4jCpuS: round((cpuSecondsOf(local.pid) ?? Number.NaN) - (cpu ?? Number.NaN), 1) };
    emitFor(size, 'export_s', { value: round(exported.ms / 1000, 1), detail });
    return;
  }

  const inputs = routeInputs(counties, nodes, queries);

  // In this process: the engine's own route times and the all-regions gaps.
  let inProcessP50 = Number.NaN;
  let inProcessCpuMean = Number.NaN;
  if (!skip.has('routes') || !skip.has('gaps')) {
    log(`${size}: building the snapshot in the benchmark's process`);
    const { index } = await new SnapshotCache(db).get();
    if (!skip.has('routes')) {
      for (const input of inputs.slice(0, 10)) findRoutes(index, input);
      const times: number[] = [];
      const cpu: number[] = [];
      for (const input of inputs) {
        const c = process.cpuUsage();
        const t = performance.now();
        findRoutes(index, input);
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
      inProcessP50 = percentile(times, 50);
      inProcessCpuMean = cpu.reduce((sum, x) => sum + x, 0) / cpu.length;
    }
    if (!skip.has('gaps')) {
      log(`${size}: all-regions gaps`);
      try {
        const gc = gcPauses();
        const cpu = process.cpuUsage();
        const { ms, result } = await measured(async () => findGaps(index, {}));
        const used = process.cpuUsage(cpu);
        // Its CPU (GC threads included) and garbage collection pauses: what the wall clock is made of.
        const detail = {
          gaps: result.length,
          cpuMs: Math.round((used.user + used.system) / 1000),
          gc: await gc.done(),
        };
        emitFor(size, 'gaps_all_regions_ms', { value: Math.round(ms), detail });
      } catch (error) {
        emitFor(size, 'gaps_all_regions_ms', { value: null, reason: errorText(error) });
      }
    }
  }

  const partnerId = `cc-${counties[0]}`;
  const env = {
    NEO4J_URI: connection.uri,
    NEO4J_USER: connection.user,
    NEO4J_PASSWORD: connection.password,
    API_KEYS: `bench-partner:partner=${partnerId}:${token}`,
    GRAPHQL_COST_BUDGET: '1000000',
    GRAPHQL_BODY_LIMIT: String(1024 * 1024),
  };
  let a: Instance | undefined;
  let b: Instance | undefined;
  try {
    log(`${size}: starting two service instances`);
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    // Each builds its snapshot on its first request (outside every figure).
    const warm = await Promise.all(
      [a, b].map((i) => measured(() => graphql(i.graphql, ROUTE_QUERY, { input: inputs[0] }))),
    );
    log(`${size}: instances warm (first answers after ${warm.map((w) => Math.round(w.ms)).join(' and ')} ms)`);

    if (!skip.has('routes')) {
      for (const input of inputs.slice(0, 10)) await post(a.graphql, ROUTE_QUERY, { input });
      const http: number[] = [];
      const cpuBefore = cpuOf(a.child.pid);
      for (const input of inputs) {
        const { ms, result } = await measured(() => post((a as Instance).graphql, ROUTE_QUERY, { input }));
        if (result.errors?.length) throw new Error(`route query failed: ${JSON.stringify(result.errors[0])}`);
        http.push(ms);
      }
      const cpuAfter = cpuOf(a.child.pid);
      // The service's CPU per request, on average (the clock ticks are 10 ms: per request they say nothing).
      const serviceCpuMs =
        cpuBefore !== undefined && cpuAfter !== undefined ? round((cpuAfter - cpuBefore) / inputs.length) : null;
      const httpP50 = percentile(http, 50);
      const floor = await transportFloor(a, inputs);
      emitFor(size, 'route_http_p95_ms', {
        value: round(percentile(http, 95)),
        detail: { p50: round(httpP50), queries: inputs.length, serviceCpuMeanMs: serviceCpuMs },
      });
      emitFor(size, 'route_http_over_inprocess_p50', {
        value: round(httpP50 / inProcessP50),
        detail: {
          httpP50: round(httpP50),
          inProcessP50: round(inProcessP50, 3),
          serviceCpuMeanMs: serviceCpuMs,
          inProcessCpuMeanMs: round(inProcessCpuMean, 3),
          ...floor,
          floorOverInProcessP50: round(floor.transportFloorP50 / inProcessP50),
          // The ratio with a GraphQL layer that cost nothing and an engine as fast in the service as in this loop.
          ratioLowerBound: round((floor.transportFloorP50 + inProcessP50) / inProcessP50),
        },
      });
    }

    if (size === '1M' || process.env.BENCH_SCALE_ALL === '1') {
      log(`${size}: a partner write, until both instances answer with it`);
      const visibility = await writeVisibility({
        writer: a,
        other: b,
        token,
        partnerId,
        awards: 'c-p-0',
        tag: size,
        writes,
      });
      emitFor(size, 'snapshot_update_after_write_ms', visibility.snapshotUpdate);
      emitFor(size, 'write_visible_ms', visibility.writeVisible);
      if (!skip.has('map')) {
        log(`${size}: the map overview`);
        const overview = await mapOverview(a);
        emitFor(size, 'map_overview_ms', overview.ms);
        emitFor(size, 'map_overview_elements', overview.elements);
      }
      const memory = memoryOf(a.child.pid);
      emitFor(
        size,
        'service_rss_mb',
        memory
          ? { value: memory.peakMb, detail: { peakMb: memory.peakMb, nowMb: memory.nowMb } }
          : { value: null, reason: 'no /proc status for the instance (not Linux?)' },
      );
    }
  } finally {
    await Promise.all([stopInstance(a), stopInstance(b)]);
  }
}
