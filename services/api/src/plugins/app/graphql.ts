/** Mercurius at /graphql, with the snapshot cache the engines read from. */
import { GraphUnavailableError } from '@pathway/graph/db/errors';
import { SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import fp from 'fastify-plugin';
import { type DocumentNode, GraphQLError as GqlError, type GraphQLError, Kind, type ValidationRule } from 'graphql';
import mercurius from 'mercurius';
import { ZodError } from 'zod';
import { resolvers } from '../../graphql/resolvers.ts';
import { typeDefs } from '../../graphql/schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    snapshots: SnapshotCache;
  }
}

/** At most this many fields in one operation (after fragments): a cheap cost limit. */
export const MAX_FIELDS = 3000;

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
    const snapshots = new SnapshotCache(fastify.graph);
    fastify.decorate('snapshots', snapshots);
    await fastify.register(mercurius, {
      schema: typeDefs,
      resolvers,
      path: '/graphql',
      graphiql: false,
      queryDepth: 12,
      // Compile a query to JavaScript after its first use (graphql-jit): repeated route queries skip the interpreter.
      jit: 1,
      validationRules: [fieldBudget],
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
        // A document that never ran (syntax, validation, depth) arrives as one wrapper per
        // stage holding the real errors; mercurius answers 200 when it holds more than one.
        const rejected =
          !execution.data &&
          (execution.errors ?? []).length > 0 &&
          (execution.errors ?? []).every(
            (e) => (e.originalError as { code?: string })?.code === 'MER_ERR_GQL_VALIDATION',
          );
        if (formatted.statusCode === 400 || rejected) {
          // Syntax and validation errors: the formatter expands them one per problem.
          const errors = formatted.response.errors?.map((error) => ({
            ...error,
            extensions: { ...(error.extensions ?? {}), code: 'GRAPHQL_VALIDATION_FAILED' },
          }));
          return { statusCode: 400, response: { ...formatted.response, errors } };
        }
        // The formatter expands wrappers into the errors they hold: line the sources up the same way.
        const source = (execution.errors ?? []).flatMap((e) => {
          const inner = (e.originalError as { errors?: unknown })?.errors;
          return Array.isArray(inner) ? (inner as GraphQLError[]) : [e];
        });
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
    // Mercurius takes a query text that is not GraphQL for a JSON-encoded AST (`"s"`, `null`,
    // `{"kind":"Document"}`), which the validator then trips over. Only documents the GraphQL
    // parser built go on to validation.
    fastify.graphql.addHook('preValidation', async (_schema, document) => {
      if (!builtByParser(document)) {
        throw new mercurius.ErrorWithProps(
          'the query must be a GraphQL document',
          { code: 'GRAPHQL_VALIDATION_FAILED' },
          400,
        );
      }
    });
  },
  { name: 'graphql', dependencies: ['neo4j'] },
);
