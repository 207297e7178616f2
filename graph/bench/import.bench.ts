/**
 * Import throughput on a synthetic bundle: the real loader (one transaction, batched UNWIND)
 * against the obvious baseline (one transaction per record, same statements, same data, same
 * order). The baseline is slow enough that it runs under a time budget: it loads the bundle's
 * records in order until the budget is spent (or all of them with --full), and the ratio
 * compares throughputs measured in the same run.
 */

import type { GraphDb } from '../src/db/graph-db.ts';
import { loadBundle } from '../src/import/load.ts';
import type { Bundle } from '../src/model/bundle.ts';
import { ENTITY_MAPPINGS } from '../src/model/mapping.ts';
import { wipe } from './bench-db.ts';
import type { Measurement } from './report.ts';
import { syntheticBundle } from './synthetic.ts';

function records(bundle: Bundle): { key: string; record: unknown }[] {
  const keys = [
    ...ENTITY_MAPPINGS.map((m) => m.key),
    'wageThresholds',
    'occupationWages',
    'outcomes',
    'edges',
  ] as const;
  return keys.flatMap((key) => ((bundle[key] ?? []) as unknown[]).map((record) => ({ key, record })));
}

export async function importBench(
  db: GraphDb,
  options: { nodes: number; budgetMs: number; full: boolean },
): Promise<Measurement[]> {
  const { bundle, nodeCount } = syntheticBundle({ nodes: options.nodes });
  const items = records(bundle);

  await wipe(db);
  // Warm the query plans on a small slice so neither side pays compilation in its figure.
  await loadBundle(db, syntheticBundle({ nodes: 2_000, seed: 7 }).bundle);
  await wipe(db);

  const t0 = performance.now();
  await loadBundle(db, bundle);
  const batchedMs = performance.now() - t0;
  const batchedRate = items.length / (batchedMs / 1000);

  await wipe(db);
  const t1 = performance.now();
  let done = 0;
  for (const { key, record } of items) {
    await loadBundle(db, { format: 'pathway-bundle', version: 1, [key]: [record] } as Bundle);
    done += 1;
    if (!options.full && performance.now() - t1 > options.budgetMs) break;
  }
  const perRowMs = performance.now() - t1;
  const perRowRate = done / (perRowMs / 1000);
  await wipe(db);

  const size = `${Math.round(nodeCount / 1000)}k nodes`;
  return [
    {
      bench: 'import',
      case: `batched, one transaction (${size}, ${items.length} records)`,
      value: Math.round(batchedRate),
      unit: 'records/s',
      detail: { ms: Math.round(batchedMs), nodes: nodeCount, records: items.length },
    },
    {
      bench: 'import',
      case: `one record per transaction (${done === items.length ? 'all' : `first ${done}`} of the same records)`,
      value: Math.round(perRowRate),
      unit: 'records/s',
      detail: { ms: Math.round(perRowMs), records: done },
    },
    {
      bench: 'import',
      case: 'batched vs one-per-transaction',
      value: Math.round((batchedRate / perRowRate) * 10) / 10,
      unit: '×',
    },
  ];
}
