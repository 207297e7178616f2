import { canonicalBundle, kingCountyBundle } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const ADMIN = 'admin-token-0123456789abcdefXYZ';
const KING_CC = 'kingcc-token-0123456789abcdefXYZ';
const db = testDb();
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp(testConnection(), { API_KEYS: `ops:admin:${ADMIN},kingcc:partner=king-cc:${KING_CC}` });
});
beforeEach(async () => {
  await resetGraph(db);
  const seeded = await post(kingCountyBundle(), ADMIN, '?replace=true');
  expect(seeded.statusCode).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

function post(body: unknown, token?: string, query = '') {
  return app.inject({
    method: 'POST',
    url: `/api/bundles${query}`,
    payload: body as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}
const exported = async () => (await app.inject({ method: 'GET', url: '/api/bundles/export' })).json();

const bundle = (extra: Record<string, unknown>) => ({ format: 'pathway-bundle', version: 1, ...extra });
const kingProgram = { id: 'cc-new', name: 'New CC program', providerId: 'king-cc', awards: ['it-cert'], months: 3 };

describe('POST /api/bundles', () => {
  it('refuses a write without a key, or with an unknown key, and writes nothing', async () => {
    const before = await exported();
    for (const token of [undefined, 'not-a-real-key-0123456789abcdef']) {
      const response = await post(bundle({ programs: [kingProgram] }), token);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
    expect(await exported()).toEqual(before);
  });

  it('loads with an admin key and exports what it loaded', async () => {
    expect(canonicalBundle(await exported())).toEqual(canonicalBundle(kingCountyBundle()));
  });

  it('reports every error with its path and writes nothing', async () => {
    const before = await exported();
    const response = await post(
      bundle({ programs: [{ ...kingProgram, months: -2, awards: ['nope'] }], regions: [{ id: 'x' }] }),
      ADMIN,
    );
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((e: { path: string }) => e.path);
    expect(paths.sort()).toEqual(['programs[0].awards[0]', 'programs[0].months', 'regions[0].name']);
    expect(await exported()).toEqual(before);
  });

  it('lets a partner key write its own programs and credentials', async () => {
    const response = await post(
      bundle({
        credentials: [{ id: 'kc-badge', name: 'Badge', type: 'MicroCredential', issuerId: 'king-cc' }],
        programs: [{ ...kingProgram, awards: ['kc-badge'] }],
        edges: [{ kind: 'QUALIFIES_FOR', from: 'kc-badge', to: '15-1232.00' }],
        outcomes: [{ programId: 'cc-it-cert', cohortYear: 2024, enrolled: 40, completed: 31 }],
      }),
      KING_CC,
    );
    const answered = Date.now();
    expect(response.statusCode).toBe(200);
    expect(response.json().counts.programs.created).toBe(1);
    // When it was committed, on the server's clock (the same machine here): before the answer arrived.
    const committedAt = Date.parse(response.json().committedAt);
    expect(response.json().committedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(committedAt).toBeLessThanOrEqual(answered);
  });

  it("refuses a partner key's bundle that touches anything else, listing each offending path", async () => {
    const before = await exported();
    const response = await post(
      bundle({
        regions: [{ id: 'new-region', name: 'New' }],
        programs: [
          kingProgram,
          { ...kingProgram, id: 'ged-prep', name: 'Steal it' }, // belongs to seattle-ae
          { ...kingProgram, id: 'other', providerId: 'seattle-ae' },
        ],
        edges: [{ kind: 'QUALIFIES_FOR', from: 'ged', to: '15-1232.00' }],
      }),
      KING_CC,
    );
    expect(response.statusCode).toBe(403);
    const paths = response.json().error.details.map((e: { path: string }) => e.path);
    expect(paths.sort()).toEqual(['edges[0].from', 'programs[1].id', 'programs[2].providerId', 'regions[0]']);
    expect(await exported()).toEqual(before);
  });

  it('refuses replace with a partner key', async () => {
    const response = await post(bundle({ programs: [kingProgram] }), KING_CC, '?replace=true');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details[0].path).toBe('(bundle)');
  });

  it('records accepted writes, readable with a key; a partner sees its own', async () => {
    await post(bundle({ programs: [kingProgram] }), KING_CC);
    const admin = await app.inject({
      method: 'GET',
      url: '/api/writes',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(admin.statusCode).toBe(200);
    const names = admin.json().writes.map((w: { keyName: string }) => w.keyName);
    expect(names).toEqual(['kingcc', 'ops']);
    expect(admin.json().writes[0].counts.programs.created).toBe(1);
    const partner = await app.inject({
      method: 'GET',
      url: '/api/writes',
      headers: { authorization: `Bearer ${KING_CC}` },
    });
    expect(partner.json().writes.map((w: { keyName: string }) => w.keyName)).toEqual(['kingcc']);
    expect((await app.inject({ method: 'GET', url: '/api/writes' })).statusCode).toBe(401);
  });
});
