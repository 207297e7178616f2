/** `(:WriteLog)`: one node per accepted write, with the key that made it and what it changed. */
import type { GraphDb, Tx } from '../graph-db.ts';
import { run, statement, toNumber } from './query.ts';

export interface WriteLogEntry {
  keyName: string;
  scope: string;
  replace: boolean;
  /** JSON text of the per-kind counts. */
  counts: string;
  graphVersion: number;
}

export interface WriteLogRow {
  id: string;
  at: string;
  keyName: string;
  scope: string;
  replace: boolean;
  counts: unknown;
  graphVersion: number;
}

export const createWriteLogQuery = (entry: WriteLogEntry) =>
  statement(
    `CREATE (:WriteLog {id: randomUUID(), at: datetime(), keyName: $keyName, scope: $scope,
             replace: $replace, counts: $counts, graphVersion: $graphVersion})`,
    { ...entry },
  );

/** The latest 200 writes, newest first; with a scope, only that scope's. */
export const listWritesQuery = (scope: string | null) =>
  statement(
    `MATCH (w:WriteLog) WHERE $scope IS NULL OR w.scope = $scope
     RETURN w.id AS id, toString(w.at) AS at, w.keyName AS keyName, w.scope AS scope, w.replace AS replace,
            w.counts AS counts, w.graphVersion AS graphVersion
     ORDER BY w.at DESC LIMIT 200`,
    { scope },
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
      graphVersion: toNumber(r.get('graphVersion')),
    }));
  });
}
