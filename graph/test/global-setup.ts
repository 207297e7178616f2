/**
 * Finds a real Neo4j for the integration tests, in this order: NEO4J_URI when set;
 * Testcontainers' Neo4j module when a Docker engine answers; else the project's own local
 * Neo4j, as a separate test instance (its own store and port, so tests never touch the
 * store `npm start` uses). No Neo4j at all is a failure, never a skip.
 */

import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Neo4jConnection } from '../src/db/connection.ts';
import { startLocalNeo4j, stopLocalNeo4j } from '../src/neo4j-local.ts';
import { repoRoot } from '../src/paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection & { source: 'env' | 'testcontainers' | 'local' };
  }
}

const log = (message: string) => process.stderr.write(`[neo4j for tests] ${message}\n`);

export const TEST_NEO4J_DATA = join(repoRoot, '.data', 'neo4j-test');
export const TEST_NEO4J_PORT = Number(process.env.NEO4J_TEST_PORT ?? 7688);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  if (env.NEO4J_URI) {
    log(`using NEO4J_URI ${env.NEO4J_URI}`);
    project.provide('neo4j', {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER ?? 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE,
      source: 'env',
    });
    return async () => {};
  }

  try {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('test-only-password').start();
    log('using a Testcontainers Neo4j');
    project.provide('neo4j', {
      uri: container.getBoltUri(),
      user: container.getUsername(),
      password: container.getPassword(),
      source: 'testcontainers',
    });
    return async () => {
      await container.stop();
    };
  } catch (error) {
    log(`no container runtime (${(error as Error).message.split('\n')[0]}); using the local Neo4j`);
  }

  const local = await startLocalNeo4j({
    dataDir: TEST_NEO4J_DATA,
    port: TEST_NEO4J_PORT,
    heap: env.NEO4J_LOCAL_HEAP ?? '2g',
    log,
  });
  log(`${local.started ? 'started' : 'reusing'} the local test Neo4j on ${local.uri}`);
  project.provide('neo4j', {
    uri: local.uri,
    user: local.user,
    password: local.password,
    source: 'local',
  });
  return async () => {
    // Leave a Neo4j that was already running (a developer's) as it was.
    if (local.started) await stopLocalNeo4j({ dataDir: TEST_NEO4J_DATA, port: TEST_NEO4J_PORT, log });
  };
}
