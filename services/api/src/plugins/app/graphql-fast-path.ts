/**
 * A shorter way through POST /graphql for a query document Mercurius has already accepted: its
 * preExecution hook tells us (`record`) which query texts it parsed and validated (syntax, our
 * document limits, the standard rules, the field budget and the cost rule, the depth limit) and
 * passed on to be executed. The next request with the same text runs our own graphql-jit
 * compiled query of that document (graphql-jit is the engine Mercurius' `jit` option uses) and
 * answers `{"data":…}` itself. That skips Mercurius' per-request work (its context, hook runner
 * promises, the document cache, a second coercion of the variables with graphql-js, the result's
 * error pass) and Fastify's response-schema serializer; at 100k nodes about a tenth of a
 * millisecond of a route request.
 *
 * Everything else goes to Mercurius' own handler, unchanged: a text it has not accepted yet, a
 * body that failed the route's schema, an operation that is not a query, an operation name that
 * picks none, variables graphql-jit will not coerce, and every answer with an error. Those are
 * run again by Mercurius (a query has no effects; the request's snapshot is shared, so a graph
 * that cannot be read is not waited for twice, and the one costly refusal, the gap budget's
 * WORK_LIMIT, is kept per snapshot by gaps.resolvers.ts: the second run does not redo the work
 * up to the limit), so every refusal and error keeps Mercurius' statuses, codes and wording.
 * Fastify's hooks (security headers, CORS, body and rate limits, load shedding, metrics) run as
 * for any request: only the route's handler is wrapped.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { type DocumentNode, type GraphQLSchema, getOperationAST } from 'graphql';
import type * as GraphqlJit from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';

// graphql-jit's CommonJS build, as Mercurius (CommonJS) loads it: it then shares Mercurius' copy
// of graphql, whose schema it reads with instanceof checks (a test runner would otherwise hand
// this ES module graphql-jit's ES build and graphql's, which reject that schema's types).
const { compileQuery, isCompiledQuery } = createRequire(import.meta.url)('graphql-jit') as typeof GraphqlJit;

export interface FastPathOptions {
  /** How many query texts to keep (the one recorded first goes first). */
  size: number;
  /** The GraphQL context of a request, as Mercurius' `context` option builds it. */
  context(request: FastifyRequest, reply: FastifyReply): object;
  /** What the app's preExecution hooks do, for the requests answered here instead. */
  preExecution(request: FastifyRequest, document: DocumentNode): void;
  /** One more request answered here. */
  answered(): void;
}

interface Known {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The compiled query without an operation name, or null when there is none to run here. */
  unnamed?: CompiledQuery | null;
  /** The same by operation name (`""` is a name, which no operation has). */
  named: Map<string, CompiledQuery | null>;
}

interface Body {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Operation names remembered per document: a document holds at most a few (MAX_OPERATIONS). */
const NAMES_PER_DOCUMENT = 16;
const JSON_TYPE = 'application/json; charset=utf-8';
/** Mercurius' root value: every resolver here is a field resolver. */
const ROOT = Object.freeze({});

export class GraphqlFastPath {
  private readonly known = new Map<string, Known>();

  constructor(private readonly options: FastPathOptions) {}

  /** Mercurius accepted `source` as `document` of `schema` and is about to execute it. */
  record(source: unknown, schema: GraphQLSchema, document: DocumentNode): void {
    if (typeof source !== 'string') return;
    const known = this.known.get(source);
    if (known?.schema === schema && known.document === document) return;
    if (!known && this.known.size >= this.options.size) {
      this.known.delete(this.known.keys().next().value as string);
    }
    this.known.set(source, { schema, document, named: new Map() });
  }

  /** Mercurius' POST handler with this path in front. */
  wrap(mercurius: RouteHandlerMethod, schema: () => GraphQLSchema): RouteHandlerMethod {
    const fast = this;
    return function graphqlPost(this: FastifyInstance, request, reply) {
      const answer = fast.answer(this, request, reply, schema());
      if (answer === undefined) return mercurius.call(this, request, reply);
      return answer.then((payload) => {
        if (payload === undefined) return mercurius.call(this, request, reply);
        fast.options.answered();
        reply.header('content-type', JSON_TYPE);
        return payload;
      });
    };
  }

  /** The response body, or undefined (now or once run) for Mercurius to answer. */
  private answer(
    app: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
    schema: GraphQLSchema,
  ): Promise<string | undefined> | undefined {
    if (request.validationError) return undefined;
    const body = request.body as Body | null | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.query !== 'string') {
      return undefined;
    }
    const known = this.known.get(body.query);
    if (!known || known.schema !== schema) return undefined;
    const { operationName, variables } = body;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    const compiled = compiledFor(known, operationName ?? undefined);
    if (!compiled) return undefined;

    const context = Object.assign(this.options.context(request, reply), {
      reply,
      app,
      __currentQuery: body.query,
      errors: null,
    });
    this.options.preExecution(request, known.document);
    let result: ReturnType<CompiledQuery['query']>;
    try {
      result = compiled.query(ROOT, context, (variables ?? {}) as Record<string, unknown>);
    } catch {
      return Promise.resolve(undefined);
    }
    return Promise.resolve(result).then(
      (execution) => {
        if (execution.errors !== undefined) return undefined;
        try {
          return `{"data":${compiled.stringify(execution.data)}}`;
        } catch {
          return undefined; // Mercurius' serializer says what is wrong with it.
        }
      },
      () => undefined,
    );
  }
}

/** The compiled query for one operation of a known document, compiled on its first use here. */
function compiledFor(known: Known, operationName: string | undefined): CompiledQuery | null {
  let compiled = operationName === undefined ? known.unnamed : known.named.get(operationName);
  if (compiled !== undefined) return compiled;
  compiled = null;
  // Never a mutation or a subscription: those are Mercurius' alone.
  if (getOperationAST(known.document, operationName)?.operation === 'query') {
    const built = compileQuery(known.schema, known.document, operationName);
    if (isCompiledQuery(built)) compiled = built;
  }
  if (operationName === undefined) known.unnamed = compiled;
  else if (known.named.size < NAMES_PER_DOCUMENT) known.named.set(operationName, compiled);
  return compiled;
}
