/** `(:__Migration {version})`: one node per applied migration (graph/src/db/migrations.ts). */
import type { Record as Neo4jRecord } from 'neo4j-driver';
import { statement, toNumber } from './query.ts';

export interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

export const appliedMigrationsQuery = () =>
  statement(
    'MATCH (m:__Migration) RETURN m.version AS version, m.name AS name, m.checksum AS checksum ORDER BY version',
  );

/** MERGE, so that two instances migrating at once both end with one record. */
export const recordMigrationQuery = (params: {
  version: number;
  name: string;
  description: string;
  checksum: string;
  durationMs: number;
}) =>
  statement(
    `MERGE (m:__Migration {version: $version})
     ON CREATE SET m.name = $name, m.description = $description, m.checksum = $checksum,
                   m.appliedAt = datetime(), m.durationMs = $durationMs
     RETURN m.version AS version, m.name AS name, m.checksum AS checksum`,
    params,
  );

export function appliedRow(r: Neo4jRecord): AppliedRow {
  return { version: toNumber(r.get('version')), name: String(r.get('name')), checksum: String(r.get('checksum')) };
}
