/**
 * The bulk load's mark on the graph (graph/src/import/bulk-load.ts): `GraphMeta.loading` is set
 * by the load's first transaction and cleared by its last, so a graph left half-loaded says so.
 * Data labels come from the mapping table (model/mapping.ts).
 */
import neo4j from 'neo4j-driver';
import { ENTITY_MAPPINGS, type EntityMapping, ROW_MAPPINGS, type RowMapping } from '../../model/mapping.ts';
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
  statement(
    `MATCH (m:GraphMeta {id: 'graph'}) WHERE m.loading IS NOT NULL
     RETURN m.loading AS loading, coalesce(m.loadingIndexNames, []) AS names,
       coalesce(m.loadingIndexStatements, []) AS statements`,
  );

export const holdsDataQuery = () => statement(`MATCH (n) WHERE ${isData('n')} RETURN 1 AS found LIMIT 1`);

/** `indexes`: the secondary indexes the load suspends, recorded so that whoever finishes the load restores them. */
export const beginBulkLoadQuery = (indexes: readonly SuspendedIndex[] = []) =>
  statement(
    `MERGE (m:GraphMeta {id: 'graph'})
     ON CREATE SET m.version = 0
     SET m.loading = toString(datetime()), m.loadingIndexNames = $names, m.loadingIndexStatements = $statements`,
    { names: indexes.map((i) => i.name), statements: indexes.map((i) => i.createStatement) },
  );

export const endBulkLoadQuery = () =>
  statement("MATCH (m:GraphMeta {id: 'graph'}) REMOVE m.loading, m.loadingIndexNames, m.loadingIndexStatements");

/**
 * The indexes a bulk load suspends: every index of the data that is neither a constraint's (the
 * load finds its nodes by their unique ids) nor a token lookup, nor on the bookkeeping labels.
 * Neo4j updates them, above all the full-text index, at every commit; built once over the loaded
 * store they cost a fraction of that.
 */
export const secondaryIndexesQuery = () =>
  statement(
    `SHOW INDEXES YIELD name, type, owningConstraint, labelsOrTypes, createStatement
     WHERE owningConstraint IS NULL AND type <> 'LOOKUP' AND none(l IN labelsOrTypes WHERE l IN $kept)
     RETURN name, createStatement ORDER BY name`,
    { kept: ['GraphMeta', 'WriteLog', '__Migration'] },
  );

export const indexNamesQuery = () => statement('SHOW INDEXES YIELD name RETURN name');

/** Schema statements run on their own (auto-commit), never inside a transaction with data. */
export const dropIndexQuery = (name: string) => statement('DROP INDEX $name IF EXISTS', { name });

/** Waits until every index is online (populated), failing after `seconds`. */
export const awaitIndexesQuery = (seconds: number) =>
  statement('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(seconds) });

/**
 * The bulk load's writes: CREATE where the ordinary loader MERGEs (bundle.queries.ts LOAD), since
 * on an empty graph every record is new and the bundle's keys are distinct (bulk-load.ts checks),
 * so both write the same nodes, relationships and properties.
 */
export const BULK = {
  /** `$rows`: `{id, props}`. */
  createEntities: (m: EntityMapping) => `UNWIND $rows AS row CREATE (n:${m.label}) SET n = row.props`,
  /** `$rows`: `{key, props}` for a node row, `{from, to, key, props}` for a relationship row. */
  createRows(mapping: RowMapping): string {
    if (mapping.shape === 'node') {
      const { link } = mapping;
      return `UNWIND $rows AS row
       CREATE (n:${mapping.label}) SET n = row.props
       WITH n, row MATCH (e:${link.label} {id: row.props.${link.field}})
       CREATE ${link.direction === 'out' ? `(n)-[:${link.rel}]->(e)` : `(e)-[:${link.rel}]->(n)`}`;
    }
    return `UNWIND $rows AS row
       MATCH (a:${mapping.from.label} {id: row.from}) MATCH (b:${mapping.to.label} {id: row.to})
       CREATE (a)-[n:${mapping.rel}]->(b) SET n = row.props`;
  },
} as const;

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

/** A suspended index: its name and the statement that creates it again (as Neo4j gives it). */
export interface SuspendedIndex {
  name: string;
  createStatement: string;
}

/** Whether a bulk load began and did not finish. */
export async function bulkLoadPending(tx: Tx): Promise<boolean> {
  return (await pendingBulkLoad(tx)) !== undefined;
}

/** The unfinished bulk load, if any, with the indexes it suspended. */
export async function pendingBulkLoad(tx: Tx): Promise<{ suspended: SuspendedIndex[] } | undefined> {
  const record = (await run(tx, bulkLoadPendingQuery())).records[0];
  if (!record) return undefined;
  const names = record.get('names') as string[];
  const statements = record.get('statements') as string[];
  return { suspended: names.map((name, i) => ({ name, createStatement: statements[i] as string })) };
}

export async function secondaryIndexes(tx: Tx): Promise<SuspendedIndex[]> {
  const result = await run(tx, secondaryIndexesQuery());
  return result.records.map((r) => ({
    name: r.get('name') as string,
    createStatement: r.get('createStatement') as string,
  }));
}

export async function indexNames(tx: Tx): Promise<Set<string>> {
  const result = await run(tx, indexNamesQuery());
  return new Set(result.records.map((r) => r.get('name') as string));
}

export async function holdsData(tx: Tx): Promise<boolean> {
  const result = await run(tx, holdsDataQuery());
  return result.records.length > 0;
}

export async function beginBulkLoad(tx: Tx, suspended: readonly SuspendedIndex[] = []): Promise<void> {
  await run(tx, beginBulkLoadQuery(suspended));
}

export async function endBulkLoad(tx: Tx): Promise<void> {
  await run(tx, endBulkLoadQuery());
}
