/**
 * The first load of a large bundle into an EMPTY graph (a national graph: a million nodes),
 * faster than `loadBundle` and within a Neo4j heap that one transaction of that size would
 * exhaust. It writes exactly what `loadBundle` writes (the same nodes, relationships,
 * properties, positions and `_hash`es, so a later ordinary import of the same bundle changes
 * nothing), but in many transactions, several at once, and without what an empty graph makes
 * pointless: no stored hash to compare, no old relationship to remove, and CREATE where
 * `loadBundle` MERGEs (every record is new, and the bundle's keys are checked to be distinct).
 * Nodes first, then every relationship, each found by its ends' unique ids (constraint-backed
 * index seeks). The secondary indexes (the full-text search index above all, which Neo4j
 * otherwise updates at every commit) are suspended while the nodes are written and then built
 * once over them, in the background while the relationships are written.
 *
 * All or nothing, without one transaction: the load may only start on an empty graph, and its
 * first transaction marks the graph as loading (`GraphMeta.loading`), recording the indexes it
 * is about to suspend (names and the statements that create them); only then are they dropped.
 * It creates them again after its nodes, waits at the end until they are online, and then, in
 * one transaction, clears the mark and bumps the version. While the mark is there the graph is not served: the
 * export (what every service snapshot is built from) refuses, and so does every ordinary import
 * (import-bundle.ts). A bulk load that died half-way (the process or Neo4j killed) leaves the
 * mark; the next bulk load sees it, deletes everything the dead one wrote before it starts
 * (exact, because the graph held no data when that one began), and restores the indexes the
 * dead one recorded along with any it suspends itself. So a reader sees the graph as it was
 * before (empty) or as it is after, with its indexes, never half of it.
 *
 * Ordinary imports (CLI, HTTP, partners) keep the one-transaction loader (load.ts).
 */
import type { GraphDb } from '../db/graph-db.ts';
import {
  awaitIndexesQuery,
  BULK,
  beginBulkLoad,
  deleteDataBatchQuery,
  dropIndexQuery,
  endBulkLoad,
  holdsData,
  indexNames,
  pendingBulkLoad,
  type SuspendedIndex,
  secondaryIndexes,
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
  /** How long to wait for the suspended indexes to be built again at the end, in seconds. */
  indexTimeoutSeconds?: number;
  /** Progress lines, each phase and statement with its time. */
  onProgress?: (message: string) => void;
}

export interface BulkLoadSummary {
  counts: Record<string, KindCounts>;
  graphVersion: number;
  durationMs: number;
  /** Whether an earlier bulk load that did not finish was cleared first. */
  recovered: boolean;
  /** Wall-clock milliseconds of each phase, in order (`recover`, `begin`, `entities`, `links`, `indexes`: the wait for them, `end`). */
  phaseMs: Record<string, number>;
  /** The indexes suspended during the load and built again at its end. */
  suspendedIndexes: string[];
}

export class GraphNotEmptyError extends Error {
  override readonly name = 'GraphNotEmptyError';
}

/** Two records of the bundle with the same key: CREATE would store both where an ordinary import merges them. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
}

/**
 * One statement of a phase over bundle records; `rows` turns a batch of them into the
 * statement's rows when the batch is sent (so Node builds the next batch while Neo4j writes).
 */
type Job = {
  name: string;
  query: string;
  records: Record<string, unknown>[];
  rows: (records: Record<string, unknown>[]) => unknown[];
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs the batches of one phase, `concurrency` transactions at a time, in order of submission,
 * and says how long each statement took (from its first batch's start to its last's end) and
 * how many batches the driver ran again (a transient error, such as a deadlock between two
 * batches linking the same nodes, is retried by executeWrite).
 */
async function runPhase(
  db: GraphDb,
  jobs: Job[],
  batchSize: number,
  concurrency: number,
  log: (message: string) => void,
): Promise<void> {
  const batches: { job: number; from: number }[] = [];
  const spans = jobs.map(() => ({ start: 0, left: 0, retries: 0, rows: 0 }));
  jobs.forEach((job, j) => {
    for (let i = 0; i < job.records.length; i += batchSize) {
      batches.push({ job: j, from: i });
      (spans[j] as { left: number }).left += 1;
    }
  });
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as { job: number; from: number };
      const job = jobs[batch.job] as Job;
      const span = spans[batch.job] as { start: number; left: number; retries: number; rows: number };
      if (span.start === 0) span.start = performance.now();
      const rows = job.rows(job.records.slice(batch.from, batch.from + batchSize));
      span.rows += rows.length;
      let attempts = 0;
      await db.write('bundle.bulk-load', (tx) => {
        attempts += 1;
        return tx.run(job.query, { rows });
      });
      span.retries += attempts - 1;
      span.left -= 1;
      if (span.left === 0) {
        const retried = span.retries > 0 ? `, ${span.retries} batches retried` : '';
        log(`  ${job.name}: ${span.rows} rows in ${seconds(performance.now() - span.start)}${retried}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** Refuses a bundle with two records of one key (validate.ts refuses them too; the bulk load does not rely on it). */
function checkDistinctKeys(bundle: Bundle): void {
  const distinct = (what: string, keys: Iterable<string>) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) throw new DuplicateKeyError(`${what}: "${key}" appears more than once`);
      seen.add(key);
    }
  };
  for (const mapping of ENTITY_MAPPINGS) {
    distinct(
      `${mapping.key}.id`,
      ((bundle[mapping.key] ?? []) as { id: string }[]).map((r) => r.id),
    );
  }
  for (const mapping of ROW_MAPPINGS) {
    const rows = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    distinct(
      mapping.key,
      rows.map((row) => loadKey(mapping, row)),
    );
  }
  for (const mapping of EDGE_MAPPINGS) {
    const rows = (bundle.edges ?? []).filter((e) => e.kind === mapping.kind) as Record<string, unknown>[];
    distinct(
      `edges (${mapping.kind})`,
      rows.map((row) => loadKey(mapping, row)),
    );
  }
}

export async function bulkLoad(db: GraphDb, bundle: Bundle, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 10_000;
  const concurrency = options.concurrency ?? 2;
  const log = options.onProgress ?? (() => {});
  const phaseMs: Record<string, number> = {};
  let phaseStart = performance.now();
  const phaseDone = (phase: string) => {
    const now = performance.now();
    phaseMs[phase] = Math.round(now - phaseStart);
    log(`${phase}: done in ${seconds(now - phaseStart)}`);
    phaseStart = now;
  };

  checkDistinctKeys(bundle);
  const pending = await db.read('bundle.bulk-load.check', pendingBulkLoad);
  if (pending) {
    log('recover: an earlier bulk load did not finish: deleting what it wrote');
    // The graph held no data when that load began (checked then), so all data goes.
    let deleted = 0;
    do {
      deleted = await db.write('bundle.bulk-load.recover', async (tx) => {
        const result = await run(tx, deleteDataBatchQuery(10_000));
        return toNumber(result.records[0]?.get('deleted') ?? 0);
      });
    } while (deleted > 0);
    phaseDone('recover');
  }

  // The indexes to suspend: those there now, and those a dead load suspended (and may have dropped).
  const suspended: SuspendedIndex[] = [...(pending?.suspended ?? [])];
  for (const index of await db.read('bundle.bulk-load.indexes', secondaryIndexes)) {
    if (!suspended.some((s) => s.name === index.name)) suspended.push(index);
  }
  await db.write('bundle.bulk-load.begin', async (tx) => {
    if (await holdsData(tx)) {
      throw new GraphNotEmptyError(
        'the bulk load is only for an empty graph (its all-or-nothing promise rests on that); use an ordinary import',
      );
    }
    await beginBulkLoad(tx, suspended);
  });
  // Dropped only once the mark records how to build them again.
  for (const index of suspended) {
    const drop = dropIndexQuery(index.name);
    await db.autoCommit('bundle.bulk-load.suspend-index', drop.text, drop.params);
  }
  log(`begin: suspended ${suspended.length} indexes (${suspended.map((i) => i.name).join(', ')})`);
  phaseDone('begin');

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
      name: mapping.key,
      query: BULK.createEntities(mapping),
      records,
      rows: (batch) =>
        batch.map((record) => ({
          id: record.id,
          props: { id: record.id, ...pick(record, mapping.props), _hash: contentHash(record) },
        })),
    });
  }
  log(`entities: ${nodes.reduce((n, job) => n + job.records.length, 0)} nodes`);
  await runPhase(db, nodes, batchSize, concurrency, log);
  phaseDone('entities');

  // The suspended indexes again, once every node is there: Neo4j builds them in the background
  // over the stored nodes while the relationships below are written (which add nothing to a
  // node index; a relationship index takes those writes as any index does).
  const existing = await db.read('bundle.bulk-load.indexes', indexNames);
  for (const index of suspended) {
    if (!existing.has(index.name)) await db.autoCommit('bundle.bulk-load.restore-index', index.createStatement);
  }
  log(`indexes: building ${suspended.length} again in the background`);

  // Phase 2: references, nested relations, rows and edges (each needs only phase 1's nodes).
  const links: Job[] = [];
  for (const mapping of ENTITY_MAPPINGS) {
    const records = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    for (const ref of mapping.refs) {
      const pairs = (batch: Record<string, unknown>[]) =>
        batch.flatMap((record) => {
          const value = record[ref.field];
          const targets = ref.many ? ((value as string[] | undefined) ?? []) : value === undefined ? [] : [value];
          return targets.map((to, position) => ({ from: record.id, to, position }));
        });
      links.push({ name: `${mapping.key}.${ref.field}`, query: LOAD.createRefs(mapping, ref), records, rows: pairs });
    }
    for (const nested of mapping.nested) {
      links.push({
        name: `${mapping.key}.${nested.field}`,
        query: LOAD.createNested(mapping.label, nested),
        records,
        rows: (batch) => nestedRows(nested, batch),
      });
    }
  }
  for (const mapping of ROW_MAPPINGS) {
    const rows = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    created(mapping.key, rows.length);
    links.push({
      name: mapping.key,
      query: BULK.createRows(mapping),
      records: rows,
      rows: (batch) => rowRows(mapping, batch),
    });
  }
  for (const mapping of EDGE_MAPPINGS) {
    const rows = (bundle.edges ?? []).filter((e) => e.kind === mapping.kind) as Record<string, unknown>[];
    created('edges', rows.length);
    links.push({
      name: `edges.${mapping.kind}`,
      query: BULK.createRows(mapping),
      records: rows,
      rows: (batch) => rowRows(mapping, batch),
    });
  }
  log(
    `links: the references, groups, rows and edges of ${links.reduce((n, job) => n + job.records.length, 0)} records`,
  );
  await runPhase(db, links, batchSize, concurrency, log);
  phaseDone('links');

  // Until the graph is served (the mark cleared), every index must be online again.
  const wait = awaitIndexesQuery(options.indexTimeoutSeconds ?? 3600);
  await db.autoCommit('bundle.bulk-load.await-indexes', wait.text, wait.params);
  phaseDone('indexes');

  const graphVersion = await db.write('bundle.bulk-load.end', async (tx) => {
    const version = await bumpGraphVersion(tx, true, bundle.source ? JSON.stringify(bundle.source) : null);
    await endBulkLoad(tx);
    return version;
  });
  phaseDone('end');
  return {
    counts,
    graphVersion,
    durationMs: Math.round(performance.now() - started),
    recovered: pending !== undefined,
    phaseMs,
    suspendedIndexes: suspended.map((i) => i.name),
  };
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
