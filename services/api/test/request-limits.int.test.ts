/** Hostile clients: cost limits, document caps, body limits, rate limits and load shedding, on a real Neo4j. */
import { readFileSync } from 'node:fs';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const db = testDb();
const sample = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));
const ADMIN = `ops:admin:${'k'.repeat(32)}`;
const apps: FastifyInstance[] = [];
const app = async (env: NodeJS.ProcessEnv = {}) => {
  const built = await buildApp(testConnection(), env);
  apps.push(built);
  return built;
};

beforeAll(async () => {
  await resetGraph(db);
  expect((await importBundle(db, sample, { replace: true })).ok).toBe(true);
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await db.close();
});

const ROUTES = 'query($input: RouteInput!) { routes(input: $input) { routes { rank } } }';
const routesInput = { input: { regionId: 'tx-hidalgo', entryPointId: 'ep-english-learner' } };
const post = (fastify: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) =>
  fastify.inject({ method: 'POST', url: '/graphql', payload: payload as object, headers });

describe('bounded work per GraphQL request', () => {
  const aliasedRoutes = (n: number) => ({
    // Compact enough to stay under the token limit, so the alias cap and the cost rule are what refuse it.
    query: `query($i:RouteInput!){${Array.from({ length: n }, (_, i) => `r${i}:routes(input:$i){threshold}`).join(' ')}}`,
    variables: { i: { regionId: 'tx-hidalgo' } },
  });
  const codes = (body: { errors: { extensions: { code: string } }[] }) => body.errors.map((e) => e.extensions.code);

  it('refuses 400 aliases of routes before running any of them', async () => {
    const fastify = await app();
    const response = await post(fastify, aliasedRoutes(400));
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toEqual([
      { message: 'the document has 400 aliases; the limit is 100', extensions: { code: 'DOCUMENT_LIMIT' } },
    ]);
  });

  it('refuses 100 aliases of routes by their cost, naming it and the limit', async () => {
    const fastify = await app();
    const response = await post(fastify, aliasedRoutes(100));
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.data ?? null).toBeNull();
    expect(codes(body)).toEqual(['COST_LIMIT']);
    expect(body.errors[0].message).toBe('this request costs 3000 (routes ×100 at 30 each); the limit is 100');
    // Three of them fit the budget and run.
    const few = await post(fastify, aliasedRoutes(3));
    expect(few.statusCode).toBe(200);
    expect(few.json().data.r2.threshold).toBeGreaterThan(0);
  });

  it('runs an ordinary routes query, and follows GRAPHQL_COST_BUDGET', async () => {
    const fastify = await app();
    const ok = await post(fastify, { query: ROUTES, variables: routesInput });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.routes.routes.length).toBeGreaterThan(0);
    const strict = await app({ GRAPHQL_COST_BUDGET: '20' });
    const refused = (await post(strict, { query: ROUTES, variables: routesInput })).json();
    expect(refused.errors[0]).toMatchObject({
      message: 'this request costs 30 (routes ×1 at 30 each); the limit is 20',
      extensions: { code: 'COST_LIMIT' },
    });
  });

  it('refuses batches and documents past the token limit', async () => {
    const fastify = await app();
    const batch = await post(fastify, [{ query: '{ about { version } }' }, { query: '{ about { version } }' }]);
    expect(batch.statusCode).toBe(400);
    const long = `{ about { ${'version '.repeat(6000)} } }`;
    const tokens = await post(fastify, { query: long });
    expect(tokens.statusCode).toBe(400);
    expect(tokens.json().errors[0].message).toMatch(/more that 5000 tokens/);
  });
});

describe('request body limits', () => {
  it('answers 413 for a /graphql body over GRAPHQL_BODY_LIMIT and a bundle over BUNDLE_BODY_LIMIT', async () => {
    const fastify = await app({ API_KEYS: ADMIN, BUNDLE_BODY_LIMIT: '4096' });
    const big = await post(fastify, { query: `{ about { version } } # ${'x'.repeat(300 * 1024)}` });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/limit is 262144/) },
    });
    const bundle = await fastify.inject({
      method: 'POST',
      url: '/api/bundles',
      headers: { authorization: `Bearer ${'k'.repeat(32)}` },
      payload: { format: 'pathway-bundle', version: 1, credentials: [], pad: 'x'.repeat(5000) },
    });
    expect(bundle.statusCode).toBe(413);
    expect(bundle.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await fastify.inject({
      method: 'POST',
      url: '/api/bundles',
      headers: { authorization: `Bearer ${'k'.repeat(32)}` },
      payload: { format: 'pathway-bundle', version: 1, credentials: [] },
    });
    expect(small.statusCode).toBe(200);
  });
});

describe('per-client rate limits on expensive operations', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_MAX expensive requests, and keeps serving cheap ones', async () => {
    const fastify = await app({ RATE_LIMIT_MAX: '2' });
    const client = { 'x-test': 'one' };
    for (let i = 0; i < 2; i++) {
      expect((await post(fastify, { query: ROUTES, variables: routesInput }, client)).statusCode).toBe(200);
    }
    const limited = await post(fastify, { query: ROUTES, variables: routesInput }, client);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/at most 2/) });
    // Cheap operations are not counted.
    for (let i = 0; i < 4; i++) {
      expect(
        (await post(fastify, { query: '{ about { version } search(text: "nurse", first: 5) { kind } }' })).statusCode,
      ).toBe(200);
    }
  });
});

describe('memory', () => {
  it('refuses an expensive request with WORK_LIMIT while the heap is too full, and still answers cheap ones', async () => {
    const fastify = await app({ WORK_HEAP_RATIO: '0.0001' });
    const refused = await post(fastify, { query: ROUTES, variables: routesInput });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json().error.code).toBe('WORK_LIMIT');
    expect((await post(fastify, { query: '{ about { version } }' })).statusCode).toBe(200);
  });

  it('sheds every request with 503 and Retry-After while the heap is over SHED_HEAP_RATIO', async () => {
    const fastify = await app({ SHED_HEAP_RATIO: '0.0001' });
    await expect
      .poll(async () => (await fastify.inject({ method: 'GET', url: '/healthz' })).statusCode, { timeout: 5000 })
      .toBe(503);
    const shed = await post(fastify, { query: '{ about { version } }' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('5');
    expect(shed.json().error.code).toBe('OVERLOADED');
  });
});
