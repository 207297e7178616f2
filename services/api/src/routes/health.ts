/**
 * GET /healthz (readiness): 200 only when Neo4j answers a query now and the snapshot poll keeps
 * the in-memory index current; 503 with Retry-After otherwise. (While Neo4j is down, GraphQL
 * reads are still answered from the index in memory: see graph/src/snapshot/snapshot.ts.)
 */
import { GraphUnavailableError } from '@pathway/graph/db/errors';
import type { FastifyPluginAsync } from 'fastify';

const PING_TIMEOUT_MS = 2_500;

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/healthz', async () => {
    try {
      await Promise.race([
        fastify.graph.ping(PING_TIMEOUT_MS),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), PING_TIMEOUT_MS).unref()),
      ]);
      const poll = fastify.snapshots?.health();
      if (poll && !poll.ok) throw new Error(`snapshot poll: ${poll.lastError ?? 'no sync for too long'}`);
      return { status: 'ok' };
    } catch (error) {
      // Whatever the ping died of (refused, timed out, auth), the graph is not there: the error
      // table answers 503 with Retry-After and the common error body.
      throw new GraphUnavailableError(`health check: ${(error as Error).message}`, { cause: error });
    }
  });
};

export default health;
