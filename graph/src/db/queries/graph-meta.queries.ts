/**
 * `(:GraphMeta {id: 'graph'})`: the graph's version (bumped by every load that changes
 * something, in the same transaction) and the source of the last load.
 */
import type { Tx } from '../graph-db.ts';
import { run, statement, toNumber } from './query.ts';

export const graphVersionQuery = () => statement("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version");

/**
 * The version and the graph's epoch: a random id the meta node gets when it is created, so a
 * graph wiped and loaded again (its version starting over) is not taken for the one before.
 */
export const graphMetaQuery = () =>
  statement("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version, coalesce(m.epoch, '') AS epoch");

export const graphSourceQuery = () => statement("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.source AS source");

/** Creates the meta node at version 0, and bumps the version when the load changed something. */
export const bumpGraphVersionQuery = (changed: boolean, source: string | null) =>
  statement(
    `MERGE (m:GraphMeta {id: 'graph'})
     ON CREATE SET m.version = 0, m.epoch = randomUUID()
     WITH m
     CALL (m) {
       WITH m WHERE $changed
       SET m.version = m.version + 1, m.updatedAt = datetime(), m.source = $source
     }
     RETURN m.version AS version, m.epoch AS epoch`,
    { changed, source },
  );

/** The graph's version; 0 before the first load. */
export async function readGraphVersion(tx: Tx): Promise<number> {
  const result = await run(tx, graphVersionQuery());
  return toNumber(result.records[0]?.get('version') ?? 0);
}

/** The graph's version and epoch (see graphMetaQuery); version 0 and epoch '' before the first load. */
export async function readGraphMeta(tx: Tx): Promise<{ version: number; epoch: string }> {
  const result = await run(tx, graphMetaQuery());
  const row = result.records[0];
  return { version: toNumber(row?.get('version') ?? 0), epoch: (row?.get('epoch') as string | undefined) ?? '' };
}

/** The source (JSON text) of the last load, if it named one. */
export async function readGraphSource(tx: Tx): Promise<string | undefined> {
  const result = await run(tx, graphSourceQuery());
  const source = result.records[0]?.get('source');
  return typeof source === 'string' ? source : undefined;
}

export async function bumpGraphVersion(tx: Tx, changed: boolean, source: string | null): Promise<number> {
  return (await bumpGraphVersionWithEpoch(tx, changed, source)).version;
}

/** The version the load produced, and the graph's epoch it belongs to (a wiped graph's versions start over). */
export async function bumpGraphVersionWithEpoch(
  tx: Tx,
  changed: boolean,
  source: string | null,
): Promise<{ version: number; epoch: string }> {
  const result = await run(tx, bumpGraphVersionQuery(changed, source));
  const row = result.records[0];
  return { version: toNumber(row?.get('version') ?? 0), epoch: (row?.get('epoch') as string | null) ?? '' };
}
