/**
 * The service outlives its database: with the local Neo4j stopped /healthz says 503 within
 * seconds, and once it is back the same app instance answers 200 again. This test runs its
 * own local Neo4j (own store, own port) so it never disturbs the shared test database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNeo4j, stopLocalNeo4j } from '@pathway/graph/neo4j-local';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'neo4j-recovery-'));
const port = Number(process.env.NEO4J_RECOVERY_TEST_PORT ?? 7697);
const options = { dataDir, port, heap: '512m', pageCache: '64m', log: () => {} };
let app: FastifyInstance | undefined;

afterAll(async () => {
  await app?.close();
  await stopLocalNeo4j(options);
  rmSync(dataDir, { recursive: true, force: true });
});

async function healthUntil(
  expected: number,
  withinMs: number,
): Promise<{ status: number; afterMs: number; retryAfter?: string }> {
  const started = Date.now();
  for (;;) {
    const response = await (app as FastifyInstance).inject({ method: 'GET', url: '/healthz' });
    if (response.statusCode === expected || Date.now() - started > withinMs) {
      return {
        status: response.statusCode,
        afterMs: Date.now() - started,
        retryAfter: response.headers['retry-after'] as string | undefined,
      };
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('health across a Neo4j restart', () => {
  it('goes 200 → 503 when Neo4j stops → 200 when it returns, without restarting the app', async () => {
    const local = await startLocalNeo4j(options);
    app = await buildApp({ uri: local.uri, user: local.user, password: local.password });
    expect((await healthUntil(200, 5_000)).status).toBe(200);

    await stopLocalNeo4j(options);
    const down = await healthUntil(503, 10_000);
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBe('5');

    await startLocalNeo4j(options);
    const up = await healthUntil(200, 30_000);
    expect(up.status).toBe(200);
  }, 240_000);
});
