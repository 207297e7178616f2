import type { GraphDb } from '@pathway/graph/db/graph-db';
import { ENTITY_LABELS } from '@pathway/graph/model/vocabulary';

// Label names come from the whitelist; one count-store lookup per label.
const COUNTS_QUERY = ENTITY_LABELS.map(
  (label) => `MATCH (n:${label}) WITH count(n) AS count RETURN '${label}' AS label, count`,
).join('\nUNION ALL\n');

export async function labelCounts(db: GraphDb): Promise<{ label: string; count: number }[]> {
  return db.read('about.counts', async (tx) => {
    const result = await tx.run(COUNTS_QUERY);
    return result.records.map((r) => ({ label: r.get('label') as string, count: Number(r.get('count')) }));
  });
}

export async function neo4jVersion(db: GraphDb): Promise<string> {
  return db.read('about.version', async (tx) => {
    const result = await tx.run(
      'CALL dbms.components() YIELD name, versions, edition WHERE name = "Neo4j Kernel" RETURN versions[0] AS version, edition',
    );
    const r = result.records[0];
    return r ? `${r.get('version')} ${r.get('edition')}` : 'unknown';
  });
}
