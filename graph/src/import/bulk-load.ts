/**
 * The first load of a large bundle into an EMPTY graph (a national graph: a million nodes),
 * faster than `loadBundle` and within a Neo4j heap that one transaction of that size would
 * exhaust. It writes exactly what `loadBundle` writes (the same statements, properties,
 * positions and `_hash`es, so a later ordinary import of the same bundle changes nothing), but
 * in many transactions, several at once, and without the lookups and deletions that an empty
 * graph makes pointless (every record is new: no stored hash to compare, no old relationship
 * to remove).
 *
 * All or nothing, without one transaction: the load may only start on an empty graph, and its
 * first transaction marks the graph as loading (`GraphMeta.loading`); its last transaction
 * clears the mark and bumps the version, together. While the mark is there the graph is not
 * served: the export (what every service snapshot is built from) refuses, and so does every
 * ordinary import (import-bundle.ts). A bulk load that died half-way (the process or Neo4j
 * killed) leaves the mark; the next bulk load sees it and deletes everything the dead one
 * wrote before it starts, which is exact because the graph held no data when that one began.
 * So a reader sees the graph as it was before (empty) or as it is after, never half of it.
 *
 * Ordinary imports (CLI, HTTP, partners) keep the one-transaction loader (load.ts).
 */
import type { GraphDb } from '../db/graph-db.ts';
import {
  beginBulkLoad,
  bulkLoadPending,
  deleteDataBatchQuery,
  endBulkLoad,
  holdsData,
} from '../db/queries/bulk-load.queries.ts';
import { keyedByEnds, LOAD } from '../db/queries/bundle.queries.ts';
import { bumpGraphVersion } from '../db/queries/graph-meta.queries.ts';
import { run, toNumber } from '../db/queries/query.ts';
import type { Bundle } from '../model/bundle.ts';
import { EDGE_MAPPINGS, ENTITY_MAPPINGS, type NestedMapping, ROW_MAPPINGS, type RowMapping } from '../model/mapping.ts';
import { contentHash, type KindCounts, loadKey, pick } from './load.ts';

export interface BulkLoadOptions {
  /** Rows per statement (and per transaction). */
  batchSize?: number;
  /** Transactions in flight at once. */
  concurrency?: number;
  onProgress?: (message: string) => void;
}

export interface BulkLoadSummary {
  counts: Record<string, KindCounts>;
  graphVersion: number;
  durationMs: number;
  /** Whether an earlier bulk load that did not finish was cleared first. */
  recovered: boolean;
}

export class GraphNotEmptyError extends Error {
  override readonly name = 'GraphNotEmptyError';
}

type Job = { query: string; rows: unknown[] };

/** Runs the batches of one phase, `concurrency` transactions at a time, in order of submission. */
async function runPhase(db: GraphDb, jobs: Job[], batchSize: number, concurrency: number): Promise<void> {
  const batches: Job[] = [];
  for (const job of jobs) {
    for (let i = 0; i < job.rows.length; i += batchSize) {
      batches.push({ query: job.query, rows: job.rows.slice(i, i + batchSize) });
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Job;
      await db.write('bundle.bulk-load', (tx) => tx.run(batch.query, { rows: batch.rows }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

export async function bulkLoad(db: GraphDb, bundle: Bundle, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 2;
  const log = options.onProgress ?? (() => {});

  const recovered = await db.read('bundle.bulk-load.check', bulkLoadPending);
  if (recovered) {
    log('an earlier bulk load did not finish: deleting what it wrote');
    // The graph held no data when that load began (checked then), so all data goes.
    let deleted = 0;
    do {
      deleted = await db.write('bundle.bulk-load.recover', async (tx) => {
        const result = await run(tx, deleteDataBatchQuery(10_000));
        return toNumber(result.records[0]?.get('deleted') ?? 0);
      });
    } while (deleted > 0);
  }
  await db.write('bundle.bulk-load.begin', async (tx) => {
    if (await holdsData(tx)) {
      throw new GraphNotEmptyError(
        'the bulk load is only for an empty graph (its all-or-nothing promise rests on that); use an ordinary import',
      );
    }
    await beginBulkLoad(tx);
  });

  const counts: Record<string, KindCounts> = {};
  const created = (kind: string, n: number) => {
    counts[kind] ??= { created: 0, updated: 0, unchanged: 0, deleted: 0 };
    counts[kind].created += n;
  };

  // Phase 1: every entity node (relationships may point anywhere in the bundle).
  const nodes: Job[] = [];
  for (const mapping of ENTITY_MAPPINGS) {
    const records = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    created(mapping.key, records.length);
    nodes.push({
      query: LOAD.upsertEntities(mapping),
      rows: records.map((record) => ({
        id: record.id,
        props: { id: record.id, ...pick(record, mapping.props), _hash: contentHash(record) },
      })),
    });
  }
  log('entities');
  await runPhase(db, nodes, batchSize, concurrency);

  // Phase 2: references, nested relations, rows and edges (each needs only phase 1's nodes).
  const links: Job[] = [];
  for (const mapping of ENTITY_MAPPINGS) {
    const records = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    for (const ref of mapping.refs) {
      const pairs = records.flatMap((record) => {
        const value = record[ref.field];
        const targets = ref.many ? ((value as string[] | undefined) ?? []) : value === undefined ? [] : [value];
        return targets.map((to, position) => ({ from: record.id, to, position }));
      });
      links.push({ query: LOAD.createRefs(mapping, ref), rows: pairs });
    }
    for (const nested of mapping.nested) {
      links.push({ query: LOAD.createNested(mapping.label, nested), rows: nestedRows(nested, records) });
    }
  }
  for (const mapping of ROW_MAPPINGS) {
    const rows = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    created(mapping.key, rows.length);
    links.push({ query: LOAD.upsertRows(mapping), rows: rowRows(mapping, rows) });
  }
  for (const mapping of EDGE_MAPPINGS) {
    const rows = (bundle.edges ?? []).filter((e) => e.kind === mapping.kind) as Record<string, unknown>[];
    created('edges', rows.length);
    links.push({ query: LOAD.upsertRows(mapping), rows: rowRows(mapping, rows) });
  }
  log('relationships and rows');
  await runPhase(db, links, batchSize, concurrency);

  const graphVersion = await db.write('bundle.bulk-load.end', async (tx) => {
    const version = await bumpGraphVersion(tx, true, bundle.source ? JSON.stringify(bundle.source) : null);
    await endBulkLoad(tx);
    return version;
  });
  return { counts, graphVersion, durationMs: Date.now() - started, recovered };
}

/** The rows of LOAD.createNested for every entity (as load.ts's writeNested builds them). */
function nestedRows(nested: NestedMapping, records: Record<string, unknown>[]): unknown[] {
  const items = (record: Record<string, unknown>) => (record[nested.field] as unknown[] | undefined) ?? [];
  if (nested.shape === 'groups') {
    return records.flatMap((record) =>
      (items(record) as string[][]).map((members, position) => ({
        ownerId: record.id,
        key: `${record.id}#${position}`,
        position,
        members: members.map((memberId, i) => ({ id: memberId, position: i })),
      })),
    );
  }
  return records.flatMap((record) =>
    (items(record) as Record<string, unknown>[]).map((item, position) => ({
      ownerId: record.id,
      targetId: item[nested.idField],
      props: { ...pick(item, nested.props), position },
    })),
  );
}

/** The rows of LOAD.upsertRows (as load.ts's writeRows builds them). */
function rowRows(mapping: RowMapping, rows: Record<string, unknown>[]): unknown[] {
  return rows.map((row) => {
    const key = loadKey(mapping, row);
    const props = { ...(keyedByEnds(mapping) ? {} : { key }), ...pick(row, mapping.props), _hash: contentHash(row) };
    return mapping.shape === 'node'
      ? { key, props }
      : { from: row[mapping.from.field], to: row[mapping.to.field], key, props };
  });
}
