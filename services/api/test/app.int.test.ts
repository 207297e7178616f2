import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const db = testDb();
let app: FastifyInstance;

beforeAll(async () => {
  await resetGraph(db);
  app = await buildApp(testConnection());
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

async function gql(query: string, variables?: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return { status: response.statusCode, body: response.json() };
}

describe('the API on a real Neo4j', () => {
  it('answers /healthz with 200 when the graph answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports its version, the Neo4j version and per-label counts from the graph', async () => {
    await db.write('test', (tx) =>
      tx.run(
        "UNWIND ['about-a', 'about-b'] AS id CREATE (:Credential {id: id, name: id, type: 'Certificate'}) WITH 1 AS x LIMIT 1 CREATE (:Region {id: 'about-r', name: 'R'})",
      ),
    );
    const { status, body } = await gql('{ about { version neo4jVersion counts { label count } } }');
    expect(status).toBe(200);
    expect(body.data.about.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.data.about.neo4jVersion).toMatch(/^5\.\d+/);
    const counts = Object.fromEntries(
      body.data.about.counts.map((c: { label: string; count: number }) => [c.label, c.count]),
    );
    expect(counts).toMatchObject({ Credential: 2, Region: 1, Program: 0 });
    expect(Object.keys(counts)).toHaveLength(9);
  });

  it('answers a malformed query with a GraphQL error, not a 500', async () => {
    const { status, body } = await gql('{ about { nope } }');
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/nope/);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
