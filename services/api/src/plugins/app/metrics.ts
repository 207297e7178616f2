/**
 * Prometheus metrics at GET /metrics (prom-client): the process's defaults, HTTP request
 * duration by route and status, GraphQL operation duration by operation name and type, the
 * snapshot build and update durations and the bundle import duration. Each app instance has its own
 * registry, so tests can build several. With METRICS_TOKEN set, only a request bearing it is answered.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type DocumentNode, getOperationAST } from 'graphql';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { UnauthorizedError } from '../../errors/api-errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: {
      registry: Registry;
      /** Seconds one snapshot build took (SnapshotCache's onBuild). */
      snapshotBuild: Histogram;
      /** Seconds one snapshot update by a write's delta took (SnapshotCache's onUpdate). */
      snapshotUpdate: Histogram;
      /** Time a GraphQL operation from when it was parsed and validated. */
      graphqlStarted(request: FastifyRequest, document: DocumentNode): void;
      /** POST /graphql requests answered by the fast path (plugins/app/graphql-fast-path.ts). */
      graphqlFastPath: Counter;
    };
  }
}

/** Client-chosen operation names become labels only while they are few and plain. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const digest = (value: string) => createHash('sha256').update(value).digest();

const started = new WeakMap<FastifyRequest, { at: number; name: string; type: string }>();
const unnamed = new WeakMap<DocumentNode, { name: string; type: string }>();

export default fp(
  async (fastify) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: SECONDS,
      registers: [registry],
    });
    const graphql = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operation duration (validated to answered) by operation name and type',
      labelNames: ['operation_name', 'operation_type'],
      buckets: SECONDS,
      registers: [registry],
    });
    const snapshotBuild = new Histogram({
      name: 'pathway_snapshot_build_seconds',
      help: 'Duration of one in-memory graph snapshot build (export, index, route tables)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    const snapshotUpdate = new Histogram({
      name: 'pathway_snapshot_update_seconds',
      help: 'Duration of one in-memory snapshot update by logged writes (read the log and records, apply the delta, route tables)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const importDuration = new Histogram({
      name: 'pathway_import_duration_seconds',
      help: 'Duration of POST /api/bundles by outcome status',
      labelNames: ['status_code'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    });

    const graphqlFastPath = new Counter({
      name: 'pathway_graphql_fast_path_total',
      help: 'POST /graphql requests answered from a compiled query without Mercurius (the rest Mercurius answered)',
      registers: [registry],
    });

    const names = new Set<string>();
    const operationLabel = (name: string | undefined) => {
      if (!name) return '(anonymous)';
      if (!OPERATION_NAME.test(name)) return '(other)';
      if (names.has(name)) return name;
      if (names.size >= MAX_OPERATION_NAMES) return '(other)';
      names.add(name);
      return name;
    };

    fastify.decorate('metrics', {
      registry,
      snapshotBuild,
      snapshotUpdate,
      graphqlFastPath,
      graphqlStarted(request: FastifyRequest, document: DocumentNode) {
        const at = performance.now();
        const body = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown };
        const requested = typeof body?.operationName === 'string' ? body.operationName : undefined;
        // Mercurius keeps one parsed document per query text: without an operationName (the
        // client's free choice, so not a cache key) its labels are worked out once.
        let labels = requested === undefined ? unnamed.get(document) : undefined;
        if (!labels) {
          const operation = getOperationAST(document, requested);
          labels = { name: operationLabel(operation?.name?.value), type: operation?.operation ?? 'unknown' };
          if (requested === undefined) unnamed.set(document, labels);
        }
        started.set(request, { at, name: labels.name, type: labels.type });
      },
    });

    // Callback hooks here and in request-limits.ts: an async hook costs a promise and a
    // microtask turn on every request for work that never waits.
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? '(unmatched)';
      const seconds = reply.elapsedTime / 1000;
      http.observe({ method: request.method, route, status_code: String(reply.statusCode) }, seconds);
      if (route === '/api/bundles' && request.method === 'POST') {
        importDuration.observe({ status_code: String(reply.statusCode) }, seconds);
      }
      const operation = started.get(request);
      if (operation) {
        graphql.observe(
          { operation_name: operation.name, operation_type: operation.type },
          (performance.now() - operation.at) / 1000,
        );
      }
      done();
    });

    const token = fastify.config.METRICS_TOKEN;
    const expected = token === undefined ? undefined : digest(token);
    fastify.get('/metrics', async (request, reply) => {
      if (expected) {
        const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
        if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
          throw new UnauthorizedError(
            match ? 'unknown metrics token' : 'metrics need "Authorization: Bearer <METRICS_TOKEN>"',
          );
        }
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
