/** NEO4J_URI when given; otherwise the project's own local Neo4j, started if needed. */
import { type LocalNeo4jInfo, startLocalNeo4j } from '../neo4j-local.ts';
import type { Neo4jConnection, Neo4jEnv } from './connection.ts';

export interface ResolvedConnection extends Neo4jConnection {
  /** Set when the local Neo4j is in use. */
  local?: LocalNeo4jInfo;
}

export async function resolveConnection(
  env: Neo4jEnv,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<ResolvedConnection> {
  if (env.NEO4J_URI) {
    if (env.NEO4J_PASSWORD === undefined) {
      throw new Error('NEO4J_PASSWORD: required when NEO4J_URI is set');
    }
    return { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE };
  }
  const local = await startLocalNeo4j({ log: (m) => log(`neo4j-local: ${m}`) });
  return { uri: local.uri, user: local.user, password: local.password, database: env.NEO4J_DATABASE, local };
}
