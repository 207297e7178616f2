/**
 * npm run bench [-- --only import,routes,render,load,whatif,gaps,snapshot,index-update] [--nodes 100000] [--sizes 10000,100000] [--queries 200]
 *               [--naive 20] [--budget-ms 60000] [--full] [--seconds 60] [--connections 16]
 * `load` (only when asked for) runs mixed reads for --seconds at --connections on a --nodes graph.
 * `gaps` (only when asked for) times the all-regions gaps in this process, no database, on each
 * of --sizes (gaps.bench.ts).
 * `snapshot` (only when asked for) loads a --nodes synthetic graph and measures a 10-record
 * partner write until the index has it and until another instance answers with it.
 * `index-update` (only when asked for; no database) times the in-memory half of that update on a
 * --nodes synthetic index: withDelta and each warm view, wall clock and CPU.
 * Prints one JSON line per figure as it is measured, then a table. Uses its own local Neo4j
 * (.data/neo4j-bench, port 7689) so it never touches your data (or NEO4J_URI with
 * BENCH_ALLOW_RESET=1).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchConnection, benchDb, wipe } from '../../../graph/bench/bench-db.ts';
import { importBench } from '../../../graph/bench/import.bench.ts';
import { measureIndexUpdate } from '../../../graph/bench/index-update.bench.ts';
import { emit, type Measurement, table } from '../../../graph/bench/report.ts';
import { syntheticBundle } from '../../../graph/bench/synthetic.ts';
import { gapsBench } from './gaps.bench.ts';
import { loadBench } from './load.bench.ts';
import { loadInChunks, routesBench } from './routes.bench.ts';
import { measureSnapshotUpdate } from './snapshot-update.bench.ts';
import { whatIfBench } from './whatif.bench.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'import,routes,render' },
    nodes: { type: 'string', default: '100000' },
    sizes: { type: 'string', default: '10000,100000' },
    queries: { type: 'string', default: '200' },
    naive: { type: 'string', default: '20' },
    'budget-ms': { type: 'string', default: '60000' },
    full: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
  },
});
const only = new Set((values.only as string).split(','));
const all: Measurement[] = [];
const record = (ms: Measurement[]) => {
  for (const m of ms) {
    emit(m);
    all.push(m);
  }
};

if (only.has('render')) {
  // Headless Chromium only; no database. web/ depends on services/api, so this one is loaded
  // by path rather than through the project graph.
  const renderModule = '../../../web/bench/render.bench.ts';
  const { renderBench } = (await import(renderModule)) as {
    renderBench: (options: { log: (m: string) => void }) => Promise<Measurement[]>;
  };
  record(await renderBench({ log: (m) => process.stderr.write(`${m}\n`) }));
}
if (only.has('whatif')) {
  // In-process on the index a snapshot holds: a what-if reads no database.
  await whatIfBench(
    {
      sizes: (values.sizes as string).split(',').map(Number),
      queries: Math.min(Number(values.queries), 40),
      suggestionRuns: 3,
    },
    (m) => record([m]),
  );
}
if (only.has('gaps')) gapsBench({ sizes: (values.sizes as string).split(',').map(Number) }, (m) => record([m]));
if (only.has('index-update')) {
  const nodes = Number(values.nodes);
  const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
  const result = measureIndexUpdate({ nodes, log: (m) => process.stderr.write(`${m}\n`) });
  const update = result.steps.update;
  record([
    {
      bench: 'index-update',
      case: `index_update_ms@${size}`,
      value: update?.wallMs ?? Number.NaN,
      unit: 'ms',
      detail: { ...result.steps, loadavg: loadavg() },
    },
  ]);
}
const needsDb = only.has('import') || only.has('routes') || only.has('load') || only.has('snapshot');
const connection = needsDb ? await benchConnection() : undefined;
const db = connection ? await benchDb(connection) : undefined;
try {
  if (db && only.has('import')) {
    record(
      await importBench(db, {
        nodes: Number(values.nodes),
        budgetMs: Number(values['budget-ms']),
        full: Boolean(values.full),
      }),
    );
  }
  if (db && connection && only.has('routes')) {
    await routesBench(
      db,
      {
        sizes: (values.sizes as string).split(',').map(Number),
        queries: Number(values.queries),
        naiveQueries: Number(values.naive),
        connection,
      },
      (m) => record([m]),
    );
  }
  if (db && connection && only.has('load')) {
    record(
      await loadBench(db, {
        nodes: Number(values.nodes),
        seconds: Number(values.seconds),
        connections: Number(values.connections),
        connection,
      }),
    );
  }
  if (db && connection && only.has('snapshot')) {
    const nodes = Number(values.nodes);
    const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
    await wipe(db);
    await loadInChunks(db, syntheticBundle({ nodes }).bundle);
    const result = await measureSnapshotUpdate({ db, connection, log: (m) => process.stderr.write(`${m}\n`) });
    const goals =
      nodes >= 1_000_000 ? { update: '≤ 1000 ms', visible: '≤ 2000 ms' } : { update: undefined, visible: undefined };
    record([
      {
        bench: 'snapshot',
        case: `snapshot_update_after_write_ms@${size}`,
        value: result.snapshot_update_after_write_ms,
        unit: 'ms',
        goal: goals.update,
        detail: result.detail,
      },
      {
        bench: 'snapshot',
        case: `write_visible_ms@${size}`,
        value: result.write_visible_ms,
        unit: 'ms',
        goal: goals.visible,
      },
    ]);
  }
} finally {
  await db?.close();
}
process.stderr.write(`\n${table(all)}\n`);
