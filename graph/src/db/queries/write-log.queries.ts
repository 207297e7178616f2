/** `(:WriteLog)`: one node per accepted write, with the key that made it and what it changed. */

import neo4j from 'neo4j-driver';
import type { WriteChanges } from '../../model/change-log.ts';
import type { GraphDb, Tx } from '../graph-db.ts';
import { run, statement, toNumber } from './query.ts';

export interface WriteLogEntry {
  keyName: string;
  scope: string;
  replace: boolean;
  /** JSON text of the per-kind counts. */
  counts: string;
  /** JSON text of the keys created, changed and deleted (graph/src/model/change-log.ts). */
  changes: string;
  graphVersion: number;
}

export interface WriteLogRow {
  id: string;
  at: string;
  keyName: string;
  scope: string;
  replace: boolean;
  counts: unknown;
  /** `{created, changed, deleted, truncated}`; null for writes logged before keys were. */
  changes: unknown;
  graphVersion: number;
}

export const createWriteLogQuery = (entry: WriteLogEntry) =>
  statement(
    `CREATE (:WriteLog {id: randomUUID(), at: datetime(), keyName: $keyName, scope: $scope,
             replace: $replace, counts: $counts, changes: $changes, graphVersion: $graphVersion})`,
    { ...entry },
  );

/** The latest 200 writes, newest first; with a scope, only that scope's. */
export const listWritesQuery = (scope: string | null) =>
  statement(
    `MATCH (w:WriteLog) WHERE $scope IS NULL OR w.scope = $scope
     RETURN w.id AS id, toString(w.at) AS at, w.keyName AS keyName, w.scope AS scope, w.replace AS replace,
            w.counts AS counts, w.changes AS changes, w.graphVersion AS graphVersion
     ORDER BY w.at DESC LIMIT 200`,
    { scope },
  );

/**
 * The writes after a graph version, oldest first (what a service needs to bring its index from
 * that version to the current one), with the current version read in the same transaction.
 */
export const writesSinceQuery = (version: number, limit: number) =>
  statement(
    `OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
     OPTIONAL CALL (m) {
       MATCH (w:WriteLog) WHERE w.graphVersion > $version AND w.graphVersion <= coalesce(m.version, 0)
       RETURN w ORDER BY w.graphVersion LIMIT $limit
     }
     RETURN coalesce(m.version, 0) AS current, coalesce(m.epoch, '') AS epoch,
            w.graphVersion AS graphVersion, w.replace AS replace, w.changes AS changes`,
    { version: neo4j.int(version), limit: neo4j.int(limit) },
  );

export async function createWriteLog(tx: Tx, entry: WriteLogEntry): Promise<void> {
  await run(tx, createWriteLogQuery(entry));
}

export async function listWrites(db: GraphDb, scope: string | null): Promise<WriteLogRow[]> {
  return db.read('writes.list', async (tx) => {
    const result = await run(tx, listWritesQuery(scope));
    return result.records.map((r) => ({
      id: r.get('id') as string,
      at: r.get('at') as string,
      keyName: r.get('keyName') as string,
      scope: r.get('scope') as string,
      replace: r.get('replace') as boolean,
      counts: JSON.parse(r.get('counts') as string),
      changes: typeof r.get('changes') === 'string' ? JSON.parse(r.get('changes') as string) : null,
      graphVersion: toNumber(r.get('graphVersion')),
    }));
  });
}

export interface LoggedWrite {
  graphVersion: number;
  replace: boolean;
  /** Parsed `changes`, or null for a write logged without them. */
  changes: WriteChanges | null;
}

/** The graph's current version and epoch, and the logged writes after `version` up to it (at most `limit`). */
export async function writesSince(
  tx: Tx,
  version: number,
  limit: number,
): Promise<{ current: number; epoch: string; writes: LoggedWrite[] }> {
  const result = await run(tx, writesSinceQuery(version, limit));
  const first = result.records[0];
  const current = first ? toNumber(first.get('current')) : 0;
  const epoch = first ? (first.get('epoch') as string) : '';
  const writes: LoggedWrite[] = [];
  for (const r of result.records) {
    if (r.get('graphVersion') === null) continue;
    const changes = r.get('changes');
    writes.push({
      graphVersion: toNumber(r.get('graphVersion')),
      replace: r.get('replace') === true,
      changes: typeof changes === 'string' ? (JSON.parse(changes) as WriteChanges) : null,
    });
  }
  return { current, epoch, writes };
}
