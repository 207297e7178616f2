/**
 * Fuzzing POST /graphql in-process (`app.inject`) on the real app and the real test Neo4j
 * holding the sample region: whatever arrives, the answer is never a 5xx, every GraphQL error
 * carries `extensions.code`, BAD_USER_INPUT names the argument, and the graph is unchanged.
 * FUZZ_RUNS sets the number of cases (`npm run fuzz -- --runs 10000` for the long run).
 */
import { readFileSync } from 'node:fs';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import { graphVersion } from '@pathway/graph/snapshot/snapshot';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';
import { checkAnswer, type FuzzRequest, fuzzRequest } from './graphql-fuzz-cases.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const db = testDb();
let app: FastifyInstance;
let versionBefore: number;

beforeAll(async () => {
  await resetGraph(db);
  expect((await importBundle(db, JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8')), { replace: true })).ok).toBe(true);
  versionBefore = await graphVersion(db);
  app = await buildApp(testConnection());
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

async function send(request: FuzzRequest) {
  const response = await app.inject({
    method: request.method,
    url: request.search === undefined ? '/graphql' : `/graphql?${request.search}`,
    headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
    payload: request.body,
  });
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string | undefined,
    body: response.body,
  };
}

describe('POST /graphql under fuzzing', () => {
  it(`answers ${RUNS} hostile requests with 4xx or a coded GraphQL error, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (request) => {
        const { problems } = checkAnswer(await send(request));
        expect(problems, `${request.kind}: ${(request.body ?? request.search ?? '').slice(0, 300)}`).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(await graphVersion(db)).toBe(versionBefore);
  }, 600_000);
});

const postQuery = (query: string) =>
  send({ kind: 'found', method: 'POST', contentType: 'application/json', body: JSON.stringify({ query }) });

describe('what the fuzzer found', () => {
  it.each([
    ['a JSON string', '"s"'],
    ['JSON null', 'null'],
    ['a JSON object posing as a syntax tree', '{"kind":"Document","definitions":[{}]}'],
  ])('refuses a query that is %s (not GraphQL) with 400, not an internal error', async (_name, query) => {
    const answer = await postQuery(query);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors).toEqual([
      { message: 'the query must be a GraphQL document', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
  });

  it('answers several invalid arguments with 400 and every error coded and kept', async () => {
    const query = '{ routes(input: {regionId: {}, limit: "x", household: 0}) { routes { rank } } }';
    const answer = await postQuery(query);
    expect(answer.status).toBe(400);
    const { errors } = JSON.parse(answer.body) as { errors: { message: string; extensions: { code: string } }[] };
    expect(errors.map((e) => e.extensions.code)).toEqual(Array(3).fill('GRAPHQL_VALIDATION_FAILED'));
    expect(errors.map((e) => e.message)).toEqual([
      'ID cannot represent a non-string and non-integer value: {}',
      'Int cannot represent non-integer value: "x"',
      'String cannot represent a non string value: 0',
    ]);
  });
});
