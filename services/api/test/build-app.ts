/** Builds the real app on a fresh Fastify instance for `inject` tests. */
import type { Neo4jConnection } from '@pathway/graph/db/connection';
import type { GraphDb } from '@pathway/graph/db/graph-db';
import { graphVersion } from '@pathway/graph/snapshot/snapshot';
import Fastify, { type FastifyInstance } from 'fastify';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export async function buildApp(connection: Neo4jConnection, env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  await fastify.register(app, { config: loadConfig({ LOG_LEVEL: 'silent', ...env }), connection });
  await fastify.ready();
  return fastify;
}

/**
 * Waits (up to `timeoutMs`) until the app's in-memory index holds the graph's current version:
 * for tests that write straight to the database, behind the app's back (the snapshot poll brings
 * such writes in within one interval; a write through the app is there when it answers).
 */
export async function caughtUp(app: FastifyInstance, db: GraphDb, timeoutMs = 10_000): Promise<void> {
  const version = await graphVersion(db);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ about { graphVersion } }' },
    });
    const served = response.json().data?.about?.graphVersion;
    if (typeof served === 'number' && served >= version) return;
    if (Date.now() > deadline) throw new Error(`the app still serves graph version ${served}, not ${version}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
