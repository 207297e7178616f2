/** GET /healthz: 200 only when Neo4j answers a query now; 503 with Retry-After otherwise. */
import type { FastifyPluginAsync } from 'fastify';

const PING_TIMEOUT_MS = 2_500;

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/healthz', async (_request, reply) => {
    try {
      await Promise.race([
        fastify.graph.ping(PING_TIMEOUT_MS),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), PING_TIMEOUT_MS).unref()),
      ]);
      return { status: 'ok' };
    } catch (error) {
      fastify.log.warn({ err: (error as Error).message }, 'health check: graph unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ status: 'unavailable', reason: 'graph database unreachable' });
    }
  });
};

export default health;
