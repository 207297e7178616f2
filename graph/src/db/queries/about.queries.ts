/** What the `about` operation reports about the database: entity counts by label, and the Neo4j version. */
import { ENTITY_LABELS } from '../../model/vocabulary.ts';
import type { GraphDb } from '../graph-db.ts';
import { run, statement, toNumber } from './query.ts';

/** One count-store lookup per label; labels come from the `as const` whitelist, their names back as parameters. */
export const labelCountsQuery = () =>
  statement(
    ENTITY_LABELS.map(
      (label, i) => `MATCH (n:${label}) WITH count(n) AS count RETURN $labels[${i}] AS label, count`,
    ).join('\nUNION ALL\n'),
    { labels: [...ENTITY_LABELS] },
  );

export const neo4jVersionQuery = () =>
  statement(
    'CALL dbms.components() YIELD name, versions, edition WHERE name = "Neo4j Kernel" RETURN versions[0] AS version, edition',
  );

export async function labelCounts(db: GraphDb): Promise<{ label: string; count: number }[]> {
  return db.read('about.counts', async (tx) => {
    const result = await run(tx, labelCountsQuery());
    return result.records.map((r) => ({ label: r.get('label') as string, count: toNumber(r.get('count')) }));
  });
}

export async function neo4jVersion(db: GraphDb): Promise<string> {
  return db.read('about.version', async (tx) => {
    const r = (await run(tx, neo4jVersionQuery())).records[0];
    return r ? `${r.get('version')} ${r.get('edition')}` : 'unknown';
  });
}
