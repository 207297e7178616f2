/**
 * CONTRACT.md section 8 on a real Neo4j: rio-grande is loaded, a route asked for, its CTDL
 * Pathway fetched over GraphQL (`routePathway`) and REST (`GET /api/routes/pathway`, the same
 * document), then imported back — as `npm run import` reads a file, and over POST /api/bundles —
 * into the graph it came from, where it adds a pathway of the route's programs whose destination
 * is the route's destination, and changes nothing else.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle } from '@pathway/graph/import/export';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { readInput } from '@pathway/graph/import/read-input';
import { rioGrandeBundle } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, caughtUp } from './build-app.ts';

const ADMIN = 'route-pathway-admin-key-0123456789';
const db = testDb();
let app: FastifyInstance;
const scratch = mkdtempSync(join(tmpdir(), 'route-pathway-'));

beforeAll(async () => {
  await resetGraph(db);
  const loaded = await importBundle(db, rioGrandeBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
  app = await buildApp(testConnection(), { API_KEYS: `ops:admin:${ADMIN}` });
});
afterAll(async () => {
  await app?.close();
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** rio-grande's ladder case: nurse aide → LVN → RN (programs), then five years up to manager (work). */
const LADDER = {
  regionId: 'tx-cameron',
  household: '2A2W2C',
  entryPointId: 'ep-hs-grad',
  target: { occupationId: '11-9111.00' },
  advancement: true,
};
const LADDER_QUERY =
  'regionId=tx-cameron&household=2A2W2C&entryPointId=ep-hs-grad&target.occupationId=11-9111.00&advancement=true';

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json();
}
const ROUTE_PATHWAY = 'query($input: RouteInput!, $rank: Int) { routePathway(input: $input, rank: $rank) }';

type Node = Record<string, unknown>;
const typesOf = (doc: { '@graph': Node[] }) => doc['@graph'].map((n) => n['@type']);

describe('routePathway and GET /api/routes/pathway (CONTRACT.md section 8)', () => {
  it('answers the same document over GraphQL and REST, for each rank', async () => {
    const routes = await gql(
      'query($input: RouteInput!) { routes(input: $input) { routes { rank destination { id } steps { kind } } } }',
      { input: { ...LADDER, limit: 2 } },
    );
    expect(routes.errors).toBeUndefined();
    for (const route of routes.data.routes.routes) {
      const body = await gql(ROUTE_PATHWAY, { input: LADDER, rank: route.rank });
      expect(body.errors).toBeUndefined();
      const doc = body.data.routePathway;
      const kinds = route.steps.map((s: { kind: string }) =>
        s.kind === 'WORK' ? 'ceterms:WorkExperienceComponent' : 'ceterms:CredentialComponent',
      );
      expect(typesOf(doc)).toEqual(['ceterms:Pathway', ...kinds, 'ceterms:JobComponent']);

      const response = await app.inject({
        method: 'GET',
        url: `/api/routes/pathway?${LADDER_QUERY}&rank=${route.rank}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="route-${route.rank}.ctdl.jsonld"`);
      expect(response.json()).toEqual(doc);
    }
  });

  it('refuses a bad rank naming it, and a rank beyond the routes found as NOT_FOUND', async () => {
    const bad = await gql(ROUTE_PATHWAY, { input: LADDER, rank: 0 });
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors[0].message).toBe('rank: must be a whole number from 1 to 10');
    // Holding a registered nurse license already: one route, with no steps.
    const holdsRn = { regionId: 'tx-cameron', heldCredentialIds: ['rn'], objective: 'INCOME' };
    expect((await gql(ROUTE_PATHWAY, { input: holdsRn })).data.routePathway['@graph']).toHaveLength(2);
    const beyond = await gql(ROUTE_PATHWAY, { input: holdsRn, rank: 2 });
    expect(beyond.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(beyond.errors[0].message).toBe('rank: there is 1 route for this input, not 2');
    const badInput = await gql(ROUTE_PATHWAY, { input: { ...LADDER, horizonMonths: 0 } });
    expect(badInput.errors[0]).toMatchObject({
      message: 'input.horizonMonths: must be from 1 to 600',
      extensions: { code: 'BAD_USER_INPUT' },
    });

    const rest = async (query: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/routes/pathway?${query}` });
      return { status: response.statusCode, body: response.json() };
    };
    expect(await rest(`${LADDER_QUERY}&rank=abc`)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'BAD_USER_INPUT',
          message: 'rank: must be a whole number',
          details: [{ path: 'rank', message: 'must be a whole number' }],
        },
      },
    });
    expect(await rest(`${LADDER_QUERY}&rank=11`)).toEqual({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', message: 'rank: must be a whole number from 1 to 10' } },
    });
    expect(await rest('regionId=tx-cameron&heldCredentialIds=rn&objective=INCOME&rank=2')).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'rank: there is 1 route for this input, not 2' } },
    });
    const unknown = await rest(`${LADDER_QUERY}&rnak=2`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('BAD_USER_INPUT');
    expect(unknown.body.error.message).toContain('rnak');
    expect((await rest('household=1A1C')).body.error.details).toEqual([
      { path: 'regionId', message: 'must be given once, as text' },
    ]);
    expect((await rest(`${LADDER_QUERY}&limit=50`)).body.error.message).toMatch(/^input\.limit: /);
  });

  it('imports back into the graph it came from: a pathway to the route destination, nothing else changed', async () => {
    const body = await gql(ROUTE_PATHWAY, { input: LADDER });
    const doc = body.data.routePathway;
    const before = await exportBundle(db);

    // As `npm run import -- FILE` does: read the file, import it.
    const file = join(scratch, 'route-1.ctdl.jsonld');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const input = readInput(file);
    expect(input.format).toBe('ctdl');
    const loaded = await importBundle(db, input.raw, { writer: { keyName: 'cli', scope: 'admin' } });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.summary.counts.pathways).toMatchObject({ created: 1, updated: 0 });
    const pathwayId = loaded.bundle.pathways?.[0]?.id as string;

    const after = await exportBundle(db);
    const added = after.pathways?.find((p) => p.id === pathwayId);
    expect(added).toMatchObject({
      name: 'Route to Medical and Health Services Managers in Cameron County, TX',
      programIds: ['p-cna', 'p-lvn', 'p-lvn-rn'],
      destinationOccupationIds: ['11-9111.00'],
    });
    // Only the pathway was added: programs, credentials, occupations and edges are as they were.
    for (const key of ['programs', 'credentials', 'occupations', 'partners', 'edges', 'outcomes'] as const) {
      expect(after[key]).toEqual(before[key]);
    }
    expect(after.pathways?.filter((p) => p.id !== pathwayId)).toEqual(before.pathways);

    // Imported behind the app's back: wait for its in-memory index (the background poll) to have it.
    await caughtUp(app, db);
    const seen = await gql(
      'query($id: ID!) { node(id: $id, kind: Pathway) { ... on Pathway { destinations { id } programs { id } } } }',
      { id: pathwayId },
    );
    expect(seen.data.node).toEqual({
      destinations: [{ id: '11-9111.00' }],
      programs: [{ id: 'p-cna' }, { id: 'p-lvn' }, { id: 'p-lvn-rn' }],
    });

    // Over HTTP the same document changes nothing more: the same route is the same pathway.
    const posted = await app.inject({
      method: 'POST',
      url: '/api/bundles',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      payload: JSON.stringify(doc),
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toMatchObject({ format: 'ctdl', changed: false });
  });
});
