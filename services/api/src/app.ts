/**
 * The application as a plain Fastify plugin: server.ts listens, tests register it on a
 * fresh instance and use `app.inject`.
 */
import type { Neo4jConnection } from '@pathway/graph/db/connection';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from './config.ts';
import { replyWithError, sendError } from './errors/error-table.ts';
import authPlugin from './plugins/app/auth.ts';
import graphqlPlugin from './plugins/app/graphql.ts';
import metrics from './plugins/app/metrics.ts';
import requestLimits from './plugins/app/request-limits.ts';
import securityHeaders from './plugins/app/security-headers.ts';
import neo4jPlugin from './plugins/external/neo4j.ts';
import bundles from './routes/bundles.ts';
import explorer from './routes/explorer.ts';
import health from './routes/health.ts';
import routePathway from './routes/route-pathway.ts';
import web from './routes/web.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppOptions {
  config: Config;
  connection: Neo4jConnection;
}

const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  fastify.decorate('config', options.config);

  // One error table (errors/error-table.ts) for every route: client errors keep their status
  // and message, server errors never leak internals.
  fastify.setErrorHandler(replyWithError);
  fastify.setNotFoundHandler((_request, reply) =>
    sendError(reply, { status: 404, code: 'NOT_FOUND', message: 'no such route' }),
  );

  await fastify.register(neo4jPlugin, { connection: options.connection });
  await fastify.register(metrics);
  await fastify.register(requestLimits);
  await fastify.register(securityHeaders);
  await fastify.register(web);
  await fastify.register(authPlugin);
  await fastify.register(health);
  await fastify.register(bundles);
  await fastify.register(graphqlPlugin);
  // After graphqlPlugin: it serves the same snapshots (fastify.snapshots).
  await fastify.register(routePathway);
  await fastify.register(explorer);
};

export default app;
