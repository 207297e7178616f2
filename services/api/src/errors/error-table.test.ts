/**
 * The one error table through both doors: a REST route and a GraphQL resolver throwing the
 * same error answer with the same code, message and retry hint; Fastify's own client errors
 * keep their status; unknown errors are opaque.
 */
import {
  GraphBusyError,
  GraphCapacityError,
  GraphCommitUnknownError,
  GraphConstraintError,
  GraphUnavailableError,
} from '@pathway/graph/db/errors';
import { BadInputError, NotFoundError } from '@pathway/graph/errors';
import { InputError } from '@pathway/graph/import/read-input';
import Fastify, { type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatErrors } from '../plugins/app/graphql.ts';
import { BundleValidationError, ForbiddenError, UnauthorizedError } from './api-errors.ts';
import { replyWithError, sendError } from './error-table.ts';

class WorkLimit extends Error {
  readonly code = 'WORK_LIMIT';
}

function zodFailure(): unknown {
  const parsed = z.strictObject({ limit: z.number().int().min(1, 'must be from 1 to 10') }).safeParse({ limit: 0 });
  return parsed.success ? undefined : parsed.error;
}

const cases: { name: string; make: () => unknown; status: number; code: string; message: RegExp; retry?: string }[] = [
  {
    name: 'bad input',
    make: () => new BadInputError('input.limit', 'must be from 1 to 10'),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /^input\.limit: must be from 1 to 10$/,
  },
  {
    name: 'not found',
    make: () => new NotFoundError('regionId', 'no region "x"'),
    status: 404,
    code: 'NOT_FOUND',
    message: /^regionId: no region "x"$/,
  },
  { name: 'zod', make: zodFailure, status: 400, code: 'BAD_USER_INPUT', message: /^limit: must be from 1 to 10$/ },
  {
    name: 'unreadable bundle',
    make: () => new InputError('request body: line 1: bad JSON'),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /bad JSON/,
  },
  {
    name: 'invalid bundle',
    make: () => new BundleValidationError([{ path: 'programs[0].months', message: 'must be positive' }]),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /^1 problem; nothing was written$/,
  },
  {
    name: 'no key',
    make: () => new UnauthorizedError('unknown write key'),
    status: 401,
    code: 'UNAUTHENTICATED',
    message: /unknown write key/,
  },
  {
    name: 'out of scope',
    make: () => new ForbiddenError('1 problem; nothing was written', [{ path: 'regions[0]', message: 'not yours' }]),
    status: 403,
    code: 'FORBIDDEN',
    message: /nothing was written/,
  },
  {
    name: 'work limit',
    make: () => new WorkLimit('the search needs more than 1000000 steps; narrow it'),
    status: 422,
    code: 'WORK_LIMIT',
    message: /narrow it/,
  },
  {
    name: 'graph down',
    make: () => new GraphUnavailableError('the graph database is unavailable: connect ECONNREFUSED 127.0.0.1:7687'),
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: /^the graph database is unavailable; try again shortly$/,
    retry: '5',
  },
  {
    name: 'commit outcome unknown',
    make: () =>
      new GraphCommitUnknownError(
        'the connection to the graph database was lost while a transaction was committing: connection reset',
      ),
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message:
      /^the connection to the graph database was lost while the write was being committed, so whether it was written is unknown: GET \/api\/writes/,
    retry: '5',
  },
  {
    name: 'pool exhausted',
    make: () => new GraphBusyError('the graph database is busy (every pooled connection is in use): timed out'),
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: /^the graph database is unavailable; try again shortly$/,
    retry: '5',
  },
  {
    name: 'graph full',
    make: () => new GraphCapacityError('Neo4j ran out of transaction memory (raise the heap)'),
    status: 503,
    code: 'GRAPH_CAPACITY',
    message: /ran out of transaction memory/,
    retry: '30',
  },
  {
    name: 'constraint',
    make: () => new GraphConstraintError('Node(12) already exists with label `Program`'),
    status: 409,
    code: 'CONFLICT',
    message: /uniqueness rule/,
  },
  {
    name: 'unknown',
    make: () => new Error('Cypher syntax error near MATCH (secret)'),
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: /^internal error$/,
  },
];

let rest: FastifyInstance;
let gql: FastifyInstance;

beforeAll(async () => {
  rest = Fastify({ logger: false, bodyLimit: 64 });
  rest.setErrorHandler(replyWithError);
  rest.setNotFoundHandler((_request, reply) =>
    sendError(reply, { status: 404, code: 'NOT_FOUND', message: 'no such route' }),
  );
  rest.get<{ Params: { i: string } }>('/throw/:i', async (request) => {
    throw cases[Number(request.params.i)]?.make();
  });
  rest.post('/echo', async (request) => request.body);

  gql = Fastify({ logger: false });
  await gql.register(mercurius, {
    schema: 'type Query { fail(i: Int!): Int!  maybe(i: Int!): Int  ok: Int! }',
    resolvers: {
      Query: {
        fail: (_: unknown, args: { i: number }) => {
          throw cases[args.i]?.make();
        },
        maybe: (_: unknown, args: { i: number }) => {
          throw cases[args.i]?.make();
        },
        ok: () => 1,
      },
    },
    errorFormatter: formatErrors,
  });
});
afterAll(async () => {
  await rest?.close();
  await gql?.close();
});

describe('the error table', () => {
  it.each(cases.map((c, i) => [c.name, i, c] as const))('%s: REST and GraphQL agree', async (_name, i, c) => {
    const r = await rest.inject({ method: 'GET', url: `/throw/${i}` });
    expect(r.statusCode).toBe(c.status);
    const body = r.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(c.code);
    expect(body.error.message).toMatch(c.message);
    expect(r.headers['retry-after']).toBe(c.retry);

    const g = await gql.inject({ method: 'POST', url: '/graphql', payload: { query: `{ fail(i: ${i}) }` } });
    const answer = g.json();
    expect(answer.errors[0].extensions.code).toBe(c.code);
    expect(answer.errors[0].message).toBe(body.error.message);
    expect(g.headers['retry-after']).toBe(c.retry);
    expect(g.statusCode).toBe(c.retry ? 503 : 200);
  });

  it('lists the paths of a refused bundle and of zod issues in details, in both doors', async () => {
    for (const name of ['invalid bundle', 'out of scope', 'zod']) {
      const i = cases.findIndex((c) => c.name === name);
      const r = (await rest.inject({ method: 'GET', url: `/throw/${i}` })).json();
      expect(r.error.details.length).toBe(1);
      expect(typeof r.error.details[0].path).toBe('string');
      const g = (await gql.inject({ method: 'POST', url: '/graphql', payload: { query: `{ fail(i: ${i}) }` } })).json();
      expect(g.errors[0].extensions.details).toEqual(r.error.details);
    }
    const zod = (
      await rest.inject({ method: 'GET', url: `/throw/${cases.findIndex((c) => c.name === 'zod')}` })
    ).json();
    expect(zod.error.details).toEqual([{ path: 'limit', message: 'must be from 1 to 10' }]);
  });

  it('answers a partial GraphQL result with 200 and the retry hint', async () => {
    const i = cases.findIndex((c) => c.name === 'graph down');
    const g = await gql.inject({ method: 'POST', url: '/graphql', payload: { query: `{ ok maybe(i: ${i}) }` } });
    expect(g.statusCode).toBe(200);
    expect(g.json().data).toEqual({ ok: 1, maybe: null });
    expect(g.headers['retry-after']).toBe('5');
  });

  it("keeps Fastify's own client errors with their status and message, in the common shape", async () => {
    const tooLarge = await rest.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(200) } });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/body/i) });
    const media = await rest.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-nope' },
      payload: 'a',
    });
    expect(media.statusCode).toBe(415);
    expect(media.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const badJson = await rest.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('BAD_REQUEST');
    const missing = await rest.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });

  it('keeps a client status some plugin set (429) and its own Retry-After', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(replyWithError);
    app.get('/limited', async (_request, reply) => {
      reply.header('retry-after', '60');
      throw Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
    });
    const r = await app.inject({ method: 'GET', url: '/limited' });
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('60');
    expect(r.json().error).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded, retry in 1 minute' });
    await app.close();
  });
});
