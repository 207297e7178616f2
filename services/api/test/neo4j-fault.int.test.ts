/**
 * Issue 9: the service while its database is down. This test runs its own local Neo4j (own
 * store in a temp folder, own port: NEO4J_FAULT_TEST_PORT), kills it with SIGKILL as a crash
 * would, and checks every door of the same app instance: /healthz (readiness) and the REST reads
 * and writes answer 503 / SERVICE_UNAVAILABLE with Retry-After and the common error body, never a
 * 500; GraphQL reads are answered from the in-memory index (issue 15: no request talks to Neo4j
 * for it; nothing can be written while the database is down, so it is current); once Neo4j is
 * back, each door answers normally again within 5 s, without restarting the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphDb } from '@pathway/graph/db/graph-db';
import { migrate, readMigrations } from '@pathway/graph/db/migrations';
import { localNeo4jStatus, startLocalNeo4j, stopLocalNeo4j } from '@pathway/graph/neo4j-local';
import { migrationsDir } from '@pathway/graph/paths';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const ADMIN = 'fault-admin-token-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN}` };
/** Issue 9: the service answers again within this long after Neo4j answers again. */
const RECOVERY_MS = 5_000;

const dataDir = mkdtempSync(join(tmpdir(), 'neo4j-fault-'));
const port = Number(process.env.NEO4J_FAULT_TEST_PORT ?? 7734);
const options = { dataDir, port, heap: '512m', pageCache: '64m', log: () => {} };
let app: FastifyInstance;

const badge = (id: string) => ({
  format: 'pathway-bundle',
  version: 1,
  credentials: [{ id, name: `Badge ${id}`, type: 'MicroCredential' }],
});

const ROUTES = 'query($input: RouteInput!) { routes(input: $input) { threshold routes { rank } } }';

/** One request per door, each with what "working" means for it. */
const doors: { name: string; request: () => InjectOptions; ok: (r: LightMyRequestResponse) => boolean }[] = [
  { name: 'GET /healthz', request: () => ({ method: 'GET', url: '/healthz' }), ok: (r) => r.statusCode === 200 },
  {
    name: 'GET /api/bundles/export',
    request: () => ({ method: 'GET', url: '/api/bundles/export' }),
    ok: (r) => r.statusCode === 200 && Array.isArray(r.json().credentials),
  },
  {
    name: 'GET /api/writes',
    request: () => ({ method: 'GET', url: '/api/writes', headers: auth }),
    ok: (r) => r.statusCode === 200 && Array.isArray(r.json().writes),
  },
  {
    name: 'POST /api/bundles',
    request: () => ({ method: 'POST', url: '/api/bundles', headers: auth, payload: badge(`b-${Date.now()}`) }),
    ok: (r) => r.statusCode === 200,
  },
  {
    name: 'GraphQL node (nullable)',
    request: () => ({ method: 'POST', url: '/graphql', payload: { query: '{ node(id: "seed-badge") { id } }' } }),
    ok: (r) => r.statusCode === 200 && r.json().data?.node?.id === 'seed-badge',
  },
  {
    name: 'GraphQL routes (non-null)',
    request: () => ({
      method: 'POST',
      url: '/graphql',
      payload: { query: ROUTES, variables: { input: { regionId: 'fault-r' } } },
    }),
    ok: (r) => r.statusCode === 200 && r.json().errors === undefined && Array.isArray(r.json().data.routes.routes),
  },
];

const send = (door: (typeof doors)[number]) => app.inject(door.request());

beforeAll(async () => {
  const local = await startLocalNeo4j(options);
  const connection = { uri: local.uri, user: local.user, password: local.password };
  const db = GraphDb.connect(connection);
  try {
    await migrate(db, readMigrations(migrationsDir));
  } finally {
    await db.close();
  }
  app = await buildApp(connection, { API_KEYS: `ops:admin:${ADMIN}` });
  const seeded = await app.inject({
    method: 'POST',
    url: '/api/bundles?replace=true',
    headers: auth,
    payload: {
      ...badge('seed-badge'),
      regions: [{ id: 'fault-r', name: 'Fault region' }],
      wageThresholds: [{ regionId: 'fault-r', household: '1A1C', annual: 50_000 }],
    },
  });
  expect(seeded.statusCode).toBe(200);
}, 240_000);

afterAll(async () => {
  await app?.close();
  await stopLocalNeo4j(options);
  rmSync(dataDir, { recursive: true, force: true });
});

async function kill(): Promise<void> {
  const running = localNeo4jStatus(options);
  if (!running) throw new Error('the fault-test Neo4j is not running');
  process.kill(running.pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(running.pid, 0);
    } catch {
      return;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the service while Neo4j is down and after it returns', () => {
  it('answers every door normally while Neo4j is up', async () => {
    for (const door of doors) {
      const response = await send(door);
      expect(door.ok(response), `${door.name}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
    }
  });

  it('answers 503 / SERVICE_UNAVAILABLE with Retry-After while it is down, then recovers within 5 s', async () => {
    await kill();

    const down = await Promise.all(doors.map(send));
    doors.forEach((door, i) => {
      const response = down[i] as LightMyRequestResponse;
      const label = `${door.name}: ${response.statusCode} ${response.body.slice(0, 300)}`;
      expect(response.statusCode, label).not.toBe(500);
      if (door.name.startsWith('GraphQL')) {
        // Served from memory.
        expect(door.ok(response), label).toBe(true);
        return;
      }
      expect(response.headers['retry-after'], label).toBe('5');
      const body = response.json();
      expect(response.statusCode, label).toBe(503);
      expect(body, label).toEqual({
        error: { code: 'SERVICE_UNAVAILABLE', message: 'the graph database is unavailable; try again shortly' },
      });
    });
    // A GraphQL field that does ask Neo4j (the label counts of `about`; search is answered from
    // the in-memory index now) still fails as the database does.
    const search = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ about { counts { label count } } }' },
    });
    expect(search.headers['retry-after']).toBe('5');
    expect(search.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'SERVICE_UNAVAILABLE',
    ]);
    expect(search.json().errors[0].message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|bolt/i);

    await startLocalNeo4j(options);
    // Recovered = a request sent within RECOVERY_MS of Neo4j answering again gets a normal
    // answer (its own latency is the cold database's warm-up, not the service's).
    const back = Date.now();
    const recoveredAt: Record<string, number> = {};
    await Promise.all(
      doors.map(async (door) => {
        const attempts: string[] = [];
        for (;;) {
          const sent = Date.now() - back;
          if (sent > RECOVERY_MS) {
            throw new Error(`${door.name} not answering ${RECOVERY_MS} ms after Neo4j returned: ${attempts.join(' ')}`);
          }
          const response = await send(door);
          attempts.push(`sent ${sent} ms → ${response.statusCode} at ${Date.now() - back} ms`);
          expect(response.statusCode, `${door.name} while recovering`).not.toBe(500);
          if (door.ok(response)) {
            recoveredAt[door.name] = sent;
            process.stderr.write(`[neo4j fault] ${door.name}: ${attempts.join('; ')}\n`);
            return;
          }
          await new Promise((done) => setTimeout(done, 100));
        }
      }),
    );
    expect(Object.keys(recoveredAt).sort()).toEqual(doors.map((d) => d.name).sort());
    // And it stays up: each door answers again, one after another.
    for (const door of doors) {
      const response = await send(door);
      expect(door.ok(response), `${door.name} after recovery: ${response.statusCode}`).toBe(true);
    }
  }, 240_000);
});
