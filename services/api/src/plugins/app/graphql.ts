/** Mercurius at /graphql, with the snapshot cache the engines read from. */
import { GraphUnavailableError } from '@pathway/graph/db/errors';
import { SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import fp from 'fastify-plugin';
import { GraphQLError as GqlError, type GraphQLError, Kind, type ValidationRule } from 'graphql';
import mercurius from 'mercurius';
import { ZodError } from 'zod';
import { costLimitRule, documentLimitErrors } from '../../graphql/cost.rules.ts';
import { resolvers } from '../../graphql/resolvers.ts';
import { typeDefs } from '../../graphql/schema.ts';

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

/**
 * Every error leaves with an `extensions.code`: BadInputError → BAD_USER_INPUT and
 * NotFoundError → NOT_FOUND (both name the argument), zod errors → BAD_USER_INPUT with the
 * path, an unreachable graph → SERVICE_UNAVAILABLE, anything else an opaque
 * INTERNAL_SERVER_ERROR (logged).
 */
function classify(error: GraphQLError): { message: string; code: string } | undefined {
  const original = error.originalError as (Error & { code?: string; extensions?: { code?: string } }) | undefined;
  if (!original) return { message: error.message, code: 'GRAPHQL_VALIDATION_FAILED' };
  if (original.extensions?.code) return undefined;
  if (original.code === 'BAD_USER_INPUT' || original.code === 'NOT_FOUND') {
    return { message: original.message, code: original.code };
  }
  const status = (original as { statusCode?: number }).statusCode;
  if (status !== undefined && status < 500) return { message: error.message, code: 'BAD_REQUEST' };
  if (original instanceof ZodError) {
    const message = original.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
      .join('; ');
    return { message, code: 'BAD_USER_INPUT' };
  }
  if (original instanceof GraphUnavailableError) {
    return { message: 'the graph database is unavailable; try again shortly', code: 'SERVICE_UNAVAILABLE' };
  }
  return { message: 'internal error', code: 'INTERNAL_SERVER_ERROR' };
}

export default fp(
  async (fastify) => {
    const snapshots = new SnapshotCache(fastify.graph, (s) => fastify.metrics.snapshotBuild.observe(s.buildMs / 1000));
    fastify.decorate('snapshots', snapshots);
    await fastify.register(mercurius, {
      schema: typeDefs,
      resolvers,
      path: '/graphql',
      graphiql: false,
      queryDepth: 12,
      // Compile a query to JavaScript after its first use (graphql-jit): repeated route queries skip the interpreter.
      jit: 1,
      validationRules: [fieldBudget, costLimitRule(fastify.config.GRAPHQL_COST_BUDGET)],
      graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
      cache: GRAPHQL_DOCUMENT_CACHE,
      allowBatchedQueries: false,
      context: () => {
        let pending: ReturnType<SnapshotCache['get']> | undefined;
        return {
          snapshot: () => {
            pending ??= snapshots.get();
            return pending;
          },
        };
      },
      errorFormatter: (execution, context) => {
        const formatted = mercurius.defaultErrorFormatter(execution, context);
        // Mercurius answers 200 when a document has several validation errors; it is still a 400.
        const invalid = Array.isArray((execution.errors?.[0]?.originalError as { errors?: unknown })?.errors);
        if (formatted.statusCode === 400 || invalid) {
          // Syntax and validation errors: the formatter expands them one per problem.
          const errors = formatted.response.errors?.map((error) => ({
            ...error,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...(error.extensions ?? {}) },
          }));
          return { statusCode: 400, response: { ...formatted.response, errors } };
        }
        const source = execution.errors ?? [];
        const errors = formatted.response.errors?.map((error, i) => {
          const original = source[i];
          const verdict = original ? classify(original) : undefined;
          if (!verdict) return error;
          if (verdict.code === 'INTERNAL_SERVER_ERROR') {
            context.reply?.log.error({ err: original?.originalError }, 'GraphQL resolver failed');
          }
          return {
            ...error,
            message: verdict.message,
            extensions: { ...(error.extensions ?? {}), code: verdict.code },
          };
        });
        return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
      },
    });
    fastify.graphql.addHook('preExecution', async (_schema, document, context) => {
      if (context.reply) fastify.metrics.graphqlStarted(context.reply.request, document);
    });
    // Shape caps before the standard rules, some of which are quadratic in repeated fields.
    fastify.graphql.addHook('preValidation', async (_schema, document) => {
      const problems = documentLimitErrors(document);
      if (problems.length > 0) {
        throw Object.assign(new Error('Graphql validation error'), { statusCode: 400, errors: problems });
      }
    });
  },
  { name: 'graphql', dependencies: ['neo4j', 'metrics'] },
);
