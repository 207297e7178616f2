/** Helpers for integration tests: a GraphDb on the test Neo4j, and a reset. */
import { inject } from 'vitest';
import { GraphDb } from '../src/db/graph-db.ts';
import { migrate, readMigrations } from '../src/db/migrations.ts';
import { migrationsDir } from '../src/paths.ts';

export function testConnection() {
  return inject('neo4j');
}

export function testDb(): GraphDb {
  return GraphDb.connect(testConnection());
}

/** Deletes every node and relationship (schema stays), then re-applies the migrations. */
export async function resetGraph(db: GraphDb): Promise<void> {
  await db.autoCommit('test.reset', 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await migrate(db, readMigrations(migrationsDir));
}
