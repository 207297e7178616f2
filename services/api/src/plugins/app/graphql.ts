/** Mercurius at /graphql. */
import { GraphUnavailableError } from '@pathway/graph/db/errors';
import fp from 'fastify-plugin';
import type { GraphQLError } from 'graphql';
import mercurius from 'mercurius';
import { ZodError } from 'zod';
import { resolvers } from '../../graphql/resolvers.ts';
import { typeDefs } from '../../graphql/schema.ts';

/**
 * Every error leaves with an `extensions.code`: user errors keep their message (zod errors
 * become BAD_USER_INPUT naming the argument path), an unreachable graph is
 * SERVICE_UNAVAILABLE, and anything else is an opaque INTERNAL_SERVER_ERROR (logged).
 */
function classify(error: GraphQLError): { message: string; code: string } | undefined {
  const original = error.originalError as (Error & { extensions?: { code?: string } }) | undefined;
  if (!original) return { message: error.message, code: 'GRAPHQL_VALIDATION_FAILED' };
  if (original.extensions?.code) return undefined;
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
    await fastify.register(mercurius, {
      schema: typeDefs,
      resolvers,
      path: '/graphql',
      graphiql: false,
      queryDepth: 12,
      errorFormatter: (execution, context) => {
        const formatted = mercurius.defaultErrorFormatter(execution, context);
        if (formatted.statusCode === 400) {
          // Syntax and validation errors: the formatter expands them one per problem.
          const errors = formatted.response.errors?.map((error) => ({
            ...error,
            extensions: { ...(error.extensions ?? {}), code: 'GRAPHQL_VALIDATION_FAILED' },
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
  },
  { name: 'graphql', dependencies: ['neo4j'] },
);
