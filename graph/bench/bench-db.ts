/**
 * The database a benchmark may wipe: a dedicated local Neo4j (own store under
 * .data/neo4j-bench, port 7689) unless NEO4J_URI is set together with BENCH_ALLOW_RESET=1.
 */
import { join } from 'node:path';
import { GraphDb } from '../src/db/graph-db.ts';
import { migrate, readMigrations } from '../src/db/migrations.ts';
import { startLocalNeo4j } from '../src/neo4j-local.ts';
import { dataDir, migrationsDir } from '../src/paths.ts';

export interface BenchConnection {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export async function benchConnection(): Promise<BenchConnection> {
  const env = process.env;
  if (env.NEO4J_URI) {
    if (env.BENCH_ALLOW_RESET !== '1') {
      throw new Error('benchmarks wipe the database: set BENCH_ALLOW_RESET=1 to use NEO4J_URI, or unset it');
    }
    return {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER ?? 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE,
    };
  }
  const local = await startLocalNeo4j({
    dataDir: join(dataDir, 'neo4j-bench'),
    port: Number(env.NEO4J_BENCH_PORT ?? 7689),
    heap: env.NEO4J_LOCAL_HEAP ?? '4g',
    pageCache: env.NEO4J_LOCAL_PAGECACHE ?? '2g',
  });
  return { uri: local.uri, user: local.user, password: local.password };
}

export async function benchDb(connection?: BenchConnection): Promise<GraphDb> {
  const db = GraphDb.connect(connection ?? (await benchConnection()));
  await migrate(db, readMigrations(migrationsDir));
  return db;
}

export async function wipe(db: GraphDb): Promise<void> {
  await db.autoCommit(
    'bench.wipe',
    'MATCH (n) WHERE NOT n:__Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS',
  );
}
