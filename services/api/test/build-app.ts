/** Builds the real app on a fresh Fastify instance for `inject` tests. */
import type { Neo4jConnection } from '@pathway/graph/db/connection';
import Fastify, { type FastifyInstance } from 'fastify';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export async function buildApp(connection: Neo4jConnection, env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  await fastify.register(app, { config: loadConfig({ LOG_LEVEL: 'silent', ...env }), connection });
  await fastify.ready();
  return fastify;
}
