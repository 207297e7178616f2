/**
 * No one request, and no one client, takes the service down for everyone:
 * - body limits: GRAPHQL_BODY_LIMIT for /graphql, BUNDLE_BODY_LIMIT for POST /api/bundles
 *   (413 before the body is read when Content-Length says so; Fastify's bodyLimit otherwise);
 * - load shedding (@fastify/under-pressure): 503 + Retry-After while the heap is fuller than
 *   SHED_HEAP_RATIO of its limit or the event loop lags more than SHED_EVENT_LOOP_MS;
 * - expensive GraphQL requests (cost ≥ RATE_LIMIT_COST by the cost table) are rate-limited per
 *   client IP (@fastify/rate-limit, 429 + Retry-After) and refused with WORK_LIMIT (503) while
 *   the heap is fuller than WORK_HEAP_RATIO, instead of starting to allocate.
 * Refusals have the body `{ error: { code, message } }`.
 */
import { getHeapStatistics } from 'node:v8';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { parse } from 'graphql';
import { requestCost } from '../../graphql/cost.rules.ts';
import { MAX_TOKENS } from './graphql.ts';

const RETRY_AFTER_S = 5;
/** Costs of recently seen documents, so a repeated query is parsed once here. */
const COST_CACHE = 256;
/** Operation names whose costs are kept per document (a document holds at most MAX_OPERATIONS). */
const NAMES_PER_QUERY = 16;

const refuse = (reply: FastifyReply, status: number, code: string, message: string, retryAfter?: number) => {
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply.code(status).send({ error: { code, message } });
};

const heapRatio = () => {
  const heap = getHeapStatistics();
  return heap.used_heap_size / heap.heap_size_limit;
};

export default fp(
  async (fastify) => {
    const config = fastify.config;
    const heapLimit = getHeapStatistics().heap_size_limit;

    fastify.addHook('onRoute', (route) => {
      // Mercurius adds the route; POST /api/bundles sets BUNDLE_BODY_LIMIT itself.
      if (route.url === '/graphql') route.bodyLimit = config.GRAPHQL_BODY_LIMIT;
    });
    // Refuse a declared-too-large body before reading any of it.
    fastify.addHook('onRequest', (request, reply, done) => {
      const length = request.headers['content-length'];
      if (length === undefined) return done();
      const declared = Number(length);
      const limit = request.routeOptions.bodyLimit;
      if (Number.isFinite(declared) && limit !== undefined && declared > limit) {
        reply.header('connection', 'close');
        refuse(reply, 413, 'PAYLOAD_TOO_LARGE', `the request body is ${declared} bytes; the limit is ${limit}`);
        return;
      }
      done();
    });

    await fastify.register(underPressure, {
      maxHeapUsedBytes: Math.floor(heapLimit * config.SHED_HEAP_RATIO),
      maxEventLoopDelay: config.SHED_EVENT_LOOP_MS,
      // A loop held for a whole sample records no delay at all, which the plugin reads as an
      // infinite lag: sampling no more often than the limit keeps one slow request from shedding
      // everyone after it unless the lag really exceeds the limit.
      sampleInterval: Math.max(500, config.SHED_EVENT_LOOP_MS),
      retryAfter: RETRY_AFTER_S,
      // A value returned here is sent as the body (the plugin's typings say void).
      pressureHandler: ((_request: FastifyRequest, reply: FastifyReply, type: string) => {
        reply.code(503).header('retry-after', String(RETRY_AFTER_S));
        return {
          error: {
            code: 'OVERLOADED',
            message: `the service is overloaded (${type}); try again in ${RETRY_AFTER_S} s`,
          },
        };
      }) as unknown as () => void,
    });

    await fastify.register(rateLimit, { global: false });
    const limiter = fastify.rateLimit({
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_MS,
      hook: 'preHandler',
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many expensive requests; at most ${context.max} per ${context.after}`), {
          statusCode: context.statusCode,
          after: context.after,
        }),
    });

    // Costs of recently seen documents by query text, then operation name ('' for none).
    const costs = new Map<string, Map<string, number>>();
    const costOf = (request: FastifyRequest): number | undefined => {
      const body = (request.method === 'GET' ? request.query : request.body) as
        | { query?: unknown; operationName?: unknown }
        | undefined;
      if (!body || typeof body.query !== 'string') return undefined;
      const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
      let byName = costs.get(body.query);
      const known = byName?.get(operationName ?? '');
      if (known !== undefined) return known;
      let cost: number;
      try {
        cost = requestCost(fastify.graphql.schema, parse(body.query, { maxTokens: MAX_TOKENS }), operationName);
      } catch {
        return undefined; // Mercurius answers the syntax error.
      }
      if (!byName) {
        if (costs.size >= COST_CACHE) costs.delete(costs.keys().next().value as string);
        byName = new Map();
        costs.set(body.query, byName);
      }
      if (byName.size < NAMES_PER_QUERY) byName.set(operationName ?? '', cost);
      return cost;
    };

    // A callback hook: most requests never wait here, and an async hook costs each a promise.
    fastify.addHook('preHandler', (request, reply, done) => {
      if (request.method === 'OPTIONS' || request.routeOptions.url !== '/graphql') return done();
      const cost = costOf(request);
      if (cost === undefined || cost < config.RATE_LIMIT_COST) return done();
      limiter.call(fastify, request, reply).then(
        () => {
          if (reply.sent) return;
          const ratio = heapRatio();
          if (ratio <= config.WORK_HEAP_RATIO) return done();
          request.log.warn({ heapRatio: ratio, cost }, 'refused an expensive request: heap too full');
          refuse(
            reply,
            503,
            'WORK_LIMIT',
            `the service is short of memory for a request costing ${cost}; try again in ${RETRY_AFTER_S} s`,
            RETRY_AFTER_S,
          );
        },
        (error) => {
          const after = (error as { after?: string }).after;
          refuse(reply, 429, 'RATE_LIMITED', (error as Error).message, after ? undefined : RETRY_AFTER_S);
        },
      );
    });
  },
  // Registered before the routes, so its onRoute hook sees them.
  { name: 'request-limits', dependencies: ['neo4j'] },
);
