/**
 * npm run bench [-- --only import,routes,gaps] [--nodes 100000] [--budget-ms 60000] [--full]
 * Prints JSON lines as figures are measured, then a table. Uses its own local Neo4j
 * (.data/neo4j-bench, port 7689) so it never touches your data.
 */
import { parseArgs } from 'node:util';
import { benchDb } from './bench-db.ts';
import { importBench } from './import.bench.ts';
import { emit, type Measurement, table } from './report.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'import' },
    nodes: { type: 'string', default: '100000' },
    'budget-ms': { type: 'string', default: '60000' },
    full: { type: 'boolean', default: false },
  },
});
const only = new Set((values.only as string).split(','));
const nodes = Number(values.nodes);
const all: Measurement[] = [];
const record = (ms: Measurement[]) => {
  for (const m of ms) {
    emit(m);
    all.push(m);
  }
};

const db = await benchDb();
try {
  if (only.has('import')) {
    record(await importBench(db, { nodes, budgetMs: Number(values['budget-ms']), full: Boolean(values.full) }));
  }
} finally {
  await db.close();
}
process.stderr.write(`\n${table(all)}\n`);
