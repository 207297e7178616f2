/** GET /metrics: Prometheus text with the request, GraphQL, snapshot and import histograms. */
import { readFileSync } from 'node:fs';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const db = testDb();
const TOKEN = 'm'.repeat(32);
let app: FastifyInstance;

beforeAll(async () => {
  await resetGraph(db);
  app = await buildApp(testConnection(), { API_KEYS: `ops:admin:${TOKEN}` });
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

const metrics = async () => {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  return response.body;
};

describe('Prometheus metrics', () => {
  it('times HTTP requests by route and status, GraphQL operations, snapshot builds and imports', async () => {
    const bundle = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));
    const loaded = await app.inject({
      method: 'POST',
      url: '/api/bundles?replace=true',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: bundle,
    });
    expect(loaded.statusCode).toBe(200);
    const query = 'query Regions { regions(first: 2) { totalCount } }';
    expect((await app.inject({ method: 'POST', url: '/graphql', payload: { query } })).statusCode).toBe(200);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ about { version } }' },
    });
    expect(anonymous.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const text = await metrics();
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1$/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/graphql",status_code="200"\} 2$/m,
    );
    expect(text).toMatch(
      /^graphql_operation_duration_seconds_count\{operation_name="Regions",operation_type="query"\} 1$/m,
    );
    expect(text).toMatch(
      /^graphql_operation_duration_seconds_count\{operation_name="\(anonymous\)",operation_type="query"\} 1$/m,
    );
    // The first build at start (the snapshot poll) and one after the replace, unless the replace's
    // update was the first build; a replace is never applied as a delta.
    expect(text).toMatch(/^pathway_snapshot_build_seconds_count [12]$/m);
    expect(text).toMatch(/^pathway_snapshot_update_seconds_count 0$/m);
    expect(text).toMatch(/^pathway_import_duration_seconds_count\{status_code="200"\} 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('keeps client-chosen operation names from growing the label set', async () => {
    const send = (name: string) =>
      app.inject({ method: 'POST', url: '/graphql', payload: { query: `query ${name} { about { version } }` } });
    expect((await send(`Long${'x'.repeat(80)}`)).statusCode).toBe(200);
    for (let i = 0; i < 205; i++) await send(`Name${i}`);
    const text = await metrics();
    expect(text).not.toContain('xxxxxxxxxx');
    expect(text).toContain('operation_name="Name0"');
    expect(text).not.toContain('operation_name="Name204"');
    // The long name and Name199…Name204: Regions and Name0…Name198 fill the 200 names.
    expect(text).toMatch(
      /^graphql_operation_duration_seconds_count\{operation_name="\(other\)",operation_type="query"\} 7$/m,
    );
  });

  it('answers only the METRICS_TOKEN bearer when one is set', async () => {
    const metricsToken = 'p'.repeat(30);
    const guarded = await buildApp(testConnection(), { METRICS_TOKEN: metricsToken });
    try {
      const ask = (authorization?: string) =>
        guarded.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      const none = await ask();
      expect(none.statusCode).toBe(401);
      expect(none.json().error).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/METRICS_TOKEN/),
      });
      expect((await ask(`Bearer ${'q'.repeat(30)}`)).statusCode).toBe(401);
      const right = await ask(`Bearer ${metricsToken}`);
      expect(right.statusCode).toBe(200);
      expect(right.body).toMatch(/^process_cpu_user_seconds_total /m);
    } finally {
      await guarded.close();
    }
  });
});
