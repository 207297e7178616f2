/**
 * The bulk load's mark on the graph (graph/src/import/bulk-load.ts): `GraphMeta.loading` is set
 * by the load's first transaction and cleared by its last, so a graph left half-loaded says so.
 * Data labels come from the mapping table (model/mapping.ts).
 */
import neo4j from 'neo4j-driver';
import { ENTITY_MAPPINGS, ROW_MAPPINGS } from '../../model/mapping.ts';
import type { Tx } from '../graph-db.ts';
import { run, statement } from './query.ts';

/** Every label that holds bundle data (entities, requirement groups, row nodes). */
const DATA_LABELS = [
  ...new Set([
    ...ENTITY_MAPPINGS.map((m) => m.label),
    ...ENTITY_MAPPINGS.flatMap((m) => m.nested.flatMap((n) => (n.shape === 'groups' ? [n.groupLabel] : []))),
    ...ROW_MAPPINGS.flatMap((m) => (m.shape === 'node' ? [m.label] : [])),
  ]),
];

const isData = (variable: string) => DATA_LABELS.map((label) => `${variable}:${label}`).join(' OR ');

export const bulkLoadPendingQuery = () =>
  statement("MATCH (m:GraphMeta {id: 'graph'}) WHERE m.loading IS NOT NULL RETURN m.loading AS loading");

export const holdsDataQuery = () => statement(`MATCH (n) WHERE ${isData('n')} RETURN 1 AS found LIMIT 1`);

export const beginBulkLoadQuery = () =>
  statement(
    `MERGE (m:GraphMeta {id: 'graph'})
     ON CREATE SET m.version = 0
     SET m.loading = toString(datetime())`,
  );

export const endBulkLoadQuery = () => statement("MATCH (m:GraphMeta {id: 'graph'}) REMOVE m.loading");

/** Deletes up to `$limit` data nodes (with their relationships); returns how many. */
export const deleteDataBatchQuery = (limit: number) =>
  statement(`MATCH (n) WHERE ${isData('n')} WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted`, {
    limit: neo4j.int(limit),
  });

/** The graph is marked as half-loaded by a bulk load: it is neither served nor written by ordinary imports. */
export class BulkLoadPendingError extends Error {
  override readonly name = 'BulkLoadPendingError';
  constructor() {
    super(
      'the graph holds a bulk load that has not finished (or died half-way); it is not served until the bulk load is run again to the end',
    );
  }
}

/** Whether a bulk load began and did not finish. */
export async function bulkLoadPending(tx: Tx): Promise<boolean> {
  const result = await run(tx, bulkLoadPendingQuery());
  return result.records.length > 0;
}

export async function holdsData(tx: Tx): Promise<boolean> {
  const result = await run(tx, holdsDataQuery());
  return result.records.length > 0;
}

export async function beginBulkLoad(tx: Tx): Promise<void> {
  await run(tx, beginBulkLoadQuery());
}

export async function endBulkLoad(tx: Tx): Promise<void> {
  await run(tx, endBulkLoadQuery());
}
