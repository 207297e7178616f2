/** Mercurius at /graphql, with the snapshot cache the engines read from. */
import { SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type DocumentNode, GraphQLError as GqlError, type GraphQLError, Kind, type ValidationRule } from 'graphql';
import mercurius, { type MercuriusOptions } from 'mercurius';
import { describeError, type ErrorVerdict } from '../../errors/error-table.ts';
import { costLimitRule, documentLimitErrors } from '../../graphql/cost.rules.ts';
import { resolvers } from '../../graphql/resolvers.ts';
import { typeDefs } from '../../graphql/schema.ts';
import { GraphqlFastPath } from './graphql-fast-path.ts';

declare module 'fastify' {
  interface FastifyInstance {
    snapshots: SnapshotCache;
  }
}

/** At most this many fields in one operation (after fragments): a cheap cost limit. */
export const MAX_FIELDS = 3000;

/**
 * At most this many tokens in one document: the parser stops there, and the parsed documents
 * Mercurius keeps (GRAPHQL_DOCUMENT_CACHE of them, twice over for valid and refused ones) stay
 * a few hundred MB at the very worst.
 */
export const MAX_TOKENS = 5000;
export const GRAPHQL_DOCUMENT_CACHE = 64;

const fieldBudget: ValidationRule = (context) => {
  let fields = 0;
  return {
    [Kind.FIELD]() {
      fields += 1;
      if (fields === MAX_FIELDS + 1) {
        context.reportError(new GqlError(`the query selects more than ${MAX_FIELDS} fields; ask for less`));
      }
    },
  };
};

/** The parser's token list links back to its start, which no JSON document can (JSON has no cycles). */
function builtByParser(document: DocumentNode | undefined): boolean {
  const start = document?.loc?.startToken;
  return start?.next != null && start.next.prev === start;
}

/**
 * Every error leaves with an `extensions.code`: syntax and validation errors are
 * GRAPHQL_VALIDATION_FAILED, errors that carry their own code keep it, and everything a
 * resolver throws is answered from the one error table (errors/error-table.ts) that the REST
 * routes use too: BAD_USER_INPUT and NOT_FOUND name the argument, an unreachable graph is
 * SERVICE_UNAVAILABLE with a Retry-After header, anything unknown an opaque (logged)
 * INTERNAL_SERVER_ERROR.
 */
function classify(error: GraphQLError): ErrorVerdict | undefined {
  const original = error.originalError as (Error & { extensions?: { code?: string } }) | undefined;
  if (!original) return { status: 400, message: error.message, code: 'GRAPHQL_VALIDATION_FAILED' };
  if (original.extensions?.code) return undefined;
  return describeError(original);
}

/** graphql-js's message for a variable that does not coerce to its type. */
const VARIABLE_VALUE_ERROR = /^Variable "\$\w+" got invalid value/;

/** Mercurius' errorFormatter, exported so a unit test can hold it against the REST handler. */
export const formatErrors: MercuriusOptions['errorFormatter'] = (execution, context) => {
  const formatted = mercurius.defaultErrorFormatter(execution, context);
  // A document that never ran (syntax, validation, depth) arrives as one wrapper per stage
  // holding the real errors; Mercurius answers 200 when it holds more than one. It is a 400.
  const invalid = Array.isArray((execution.errors?.[0]?.originalError as { errors?: unknown })?.errors);
  const rejected =
    !execution.data &&
    (execution.errors ?? []).length > 0 &&
    (execution.errors ?? []).every((e) => (e.originalError as { code?: string })?.code === 'MER_ERR_GQL_VALIDATION');
  if (formatted.statusCode === 400 || invalid || rejected) {
    // Syntax and validation errors: the formatter expands them one per problem; a refusal that
    // carries its own code (COST_LIMIT, DOCUMENT_LIMIT) keeps it.
    const errors = formatted.response.errors?.map((error) => ({
      ...error,
      extensions: {
        // A variable of the wrong value (`objective: "FASTEST"`) is bad input to an argument, as
        // the contract's BAD_USER_INPUT says; the message names the variable and the field.
        code: VARIABLE_VALUE_ERROR.test(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED',
        ...(error.extensions ?? {}),
      },
    }));
    return { statusCode: 400, response: { ...formatted.response, errors } };
  }
  // The formatter expands wrappers into the errors they hold: line the sources up the same way.
  const source = (execution.errors ?? []).flatMap((e) => {
    const inner = (e.originalError as { errors?: unknown })?.errors;
    return Array.isArray(inner) ? (inner as GraphQLError[]) : [e];
  });
  let retryAfter: number | undefined;
  const errors = formatted.response.errors?.map((error, i) => {
    const original = source[i];
    const verdict = original ? classify(original) : undefined;
    if (!verdict) return error;
    if (verdict.log === 'error') {
      context.reply?.log.error({ err: original?.originalError }, 'GraphQL resolver failed');
    }
    if (verdict.retryAfter !== undefined) retryAfter = Math.max(retryAfter ?? 0, verdict.retryAfter);
    return {
      ...error,
      message: verdict.message,
      extensions: {
        ...(error.extensions ?? {}),
        code: verdict.code,
        ...(verdict.details ? { details: verdict.details } : {}),
      },
    };
  });
  if (retryAfter !== undefined) {
    context.reply?.header('retry-after', String(retryAfter));
    // Nothing answered at all: say so in the status too, so a proxy or a client's retry
    // logic sees a 503 rather than a 200.
    if (!formatted.response.data) {
      return { statusCode: 503, response: { ...formatted.response, errors } };
    }
  }
  return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
};

export default fp(
  async (fastify) => {
    const snapshots = new SnapshotCache(fastify.graph, {
      pollMs: fastify.config.SNAPSHOT_POLL_MS,
      onBuild: (s) => fastify.metrics.snapshotBuild.observe(s.buildMs / 1000),
      onUpdate: (s, delta) => {
        fastify.metrics.snapshotUpdate.observe(s.buildMs / 1000);
        fastify.log.debug({ version: s.version, ms: Math.round(s.buildMs), ...delta }, 'snapshot updated');
      },
      onPollError: (error) => fastify.log.warn({ err: error }, 'snapshot poll failing; serving the index in memory'),
      onWarmError: (error) =>
        fastify.log.error(
          { err: error },
          "a write's warm views failed; each is built whole by the first request that needs it",
        ),
    });
    fastify.decorate('snapshots', snapshots);
    if (fastify.config.SNAPSHOT_POLL_MS > 0) fastify.addHook('onReady', async () => snapshots.start());
    fastify.addHook('onClose', async () => snapshots.stop());
    // One snapshot per request, whichever path runs its query (and the fast path's fallback re-runs it).
    const pendingSnapshots = new WeakMap<FastifyRequest, ReturnType<SnapshotCache['get']>>();
    const graphqlContext = (request: FastifyRequest) => ({
      snapshot: () => {
        let pending = pendingSnapshots.get(request);
        if (pending === undefined) {
          pending = snapshots.get();
          pendingSnapshots.set(request, pending);
        }
        return pending;
      },
    });
    const fastPath = new GraphqlFastPath({
      size: GRAPHQL_DOCUMENT_CACHE,
      context: graphqlContext,
      preExecution: (request, document) => fastify.metrics.graphqlStarted(request, document),
      answered: () => fastify.metrics.graphqlFastPath.inc(),
    });
    // Before Mercurius adds its routes: POST /graphql's handler gets the fast path in front.
    fastify.addHook('onRoute', (route) => {
      if (fastify.config.GRAPHQL_FAST_PATH === 'on' && route.url === '/graphql' && route.method === 'POST') {
        route.handler = fastPath.wrap(route.handler, () => fastify.graphql.schema);
      }
    });
    await fastify.register(mercurius, {
      schema: typeDefs,
      resolvers,
      path: '/graphql',
      graphiql: false,
      queryDepth: 12,
      // No `jit`: Mercurius keeps one compiled query per query text, compiled for the operation
      // name of the request that compiled it, and then runs it whatever operation a later request
      // names (a document of two operations answered the first for the second). Repeated POST
      // queries are compiled per operation by the fast path (graphql-fast-path.ts); GET and the
      // requests the fast path hands over are interpreted by graphql-js.
      validationRules: [fieldBudget, costLimitRule(fastify.config.GRAPHQL_COST_BUDGET)],
      graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
      cache: GRAPHQL_DOCUMENT_CACHE,
      allowBatchedQueries: false,
      context: graphqlContext,
      errorFormatter: formatErrors,
    });
    // Mercurius awaits what a hook returns, so a plain function saves a promise per request.
    fastify.graphql.addHook('preExecution', (schema, document, context) => {
      if (context.reply) fastify.metrics.graphqlStarted(context.reply.request, document);
      // The query text Mercurius passes along (routes.js' executeQuery): this document passed it all.
      fastPath.record((context as { __currentQuery?: unknown }).__currentQuery, schema, document);
    });
    // Shape caps before the standard rules, some of which are quadratic in repeated fields.
    fastify.graphql.addHook('preValidation', (_schema, document) => {
      // Mercurius takes a query text that is not GraphQL for a JSON-encoded AST (`"s"`, `null`,
      // `{"kind":"Document"}`), which the validator then trips over. Only documents the GraphQL
      // parser built go on to validation.
      if (!builtByParser(document)) {
        throw new mercurius.ErrorWithProps(
          'the query must be a GraphQL document',
          { code: 'GRAPHQL_VALIDATION_FAILED' },
          400,
        );
      }
      const problems = documentLimitErrors(document);
      if (problems.length > 0) {
        throw Object.assign(new Error('Graphql validation error'), { statusCode: 400, errors: problems });
      }
    });
  },
  { name: 'graphql', dependencies: ['neo4j', 'metrics'] },
);
