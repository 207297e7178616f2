/**
 * Issue 15: two service instances (two Fastify apps) on one Neo4j. A partner's write through one
 * is in that one's answers as soon as the write is answered (read-your-writes), and the other
 * answers with it within its snapshot poll — found by asking it repeatedly, not by sleeping — as
 * a delta, with no full rebuild. The write log lists what each write created and changed.
 */
import { kingCountyBundle } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, caughtUp } from './build-app.ts';

const ADMIN = 'admin-token-0123456789abcdefXYZ';
const KING_CC = 'kingcc-token-0123456789abcdefXYZ';
const POLL_MS = 200;
/** How long `eventually` asks before giving up: a guard against a broken poll hanging the test, not a
 * deadline (how soon another instance sees a write is write_visible_ms's, a benchmark's figure). */
const HANG_GUARD_MS = 20_000;
const db = testDb();
let a: FastifyInstance;
let b: FastifyInstance;

beforeAll(async () => {
  await resetGraph(db);
  const env = { API_KEYS: `ops:admin:${ADMIN},kingcc:partner=king-cc:${KING_CC}`, SNAPSHOT_POLL_MS: String(POLL_MS) };
  a = await buildApp(testConnection(), env);
  b = await buildApp(testConnection(), env);
  const seeded = await a.inject({
    method: 'POST',
    url: '/api/bundles?replace=true',
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: kingCountyBundle(),
  });
  expect(seeded.statusCode).toBe(200);
  await caughtUp(b, db);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db.close();
});

const PROGRAM = '{ node(id: "cc-delta") { ... on Program { id name months } } }';
const program = async (app: FastifyInstance) =>
  (await app.inject({ method: 'POST', url: '/graphql', payload: { query: PROGRAM } })).json().data.node;

/** Full snapshot builds so far, from the instance's metrics. */
async function fullBuilds(app: FastifyInstance): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return Number(/^pathway_snapshot_build_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Asks `app` until `done` holds for its answer (at most `ms`); returns the last answer. */
async function eventually<T>(ms: number, ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  let answer = await ask();
  while (!done(answer) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer = await ask();
  }
  return answer;
}

function write(months: number) {
  return a.inject({
    method: 'POST',
    url: '/api/bundles',
    headers: { authorization: `Bearer ${KING_CC}` },
    payload: {
      format: 'pathway-bundle',
      version: 1,
      programs: [{ id: 'cc-delta', name: 'Delta program', providerId: 'king-cc', awards: ['it-cert'], months }],
    },
  });
}

describe('two service instances on one Neo4j', () => {
  it('a write through one is answered by it at once and by the other within its poll, as a delta', async () => {
    const buildsBefore = await fullBuilds(b);
    expect(await program(b)).toBeNull();

    const created = await write(3);
    expect(created.statusCode, created.body).toBe(200);
    // Read-your-writes: the instance that took the write has it when it answers.
    expect(await program(a)).toEqual({ id: 'cc-delta', name: 'Delta program', months: 3 });
    // The other instance: brought in by its poll (typically within one).
    const seen = await eventually(
      HANG_GUARD_MS,
      () => program(b),
      (p) => p !== null,
    );
    expect(seen).toEqual({ id: 'cc-delta', name: 'Delta program', months: 3 });

    const changed = await write(5);
    expect(changed.statusCode).toBe(200);
    expect((await program(a))?.months).toBe(5);
    const updated = await eventually(
      HANG_GUARD_MS,
      () => program(b),
      (p) => p?.months === 5,
    );
    expect(updated?.months).toBe(5);
    // Both writes reached the other instance as deltas, not rebuilds.
    expect(await fullBuilds(b)).toBe(buildsBefore);
  });

  it("a partner removes its own program through one, and the other stops answering with it; never another partner's", async () => {
    const auth = { authorization: `Bearer ${KING_CC}` };
    const others = await a.inject({
      method: 'POST',
      url: '/api/bundles',
      headers: auth,
      payload: { format: 'pathway-bundle', version: 1, remove: ['ged-prep', 'cc-delta'] },
    });
    expect(others.statusCode).toBe(403);
    expect(others.json().error.details).toEqual([
      { path: 'remove[0]', message: 'a key scoped to partner "king-cc" removes only its own programs and supports' },
    ]);
    expect(await program(a)).not.toBeNull();

    const removed = await a.inject({
      method: 'POST',
      url: '/api/bundles',
      headers: auth,
      payload: { format: 'pathway-bundle', version: 1, remove: ['cc-delta'] },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().counts.programs.deleted).toBe(1);
    expect(await program(a)).toBeNull();
    const gone = await eventually(
      HANG_GUARD_MS,
      () => program(b),
      (p) => p === null,
    );
    expect(gone).toBeNull();
    // Put back for the write-log test below (a new creation).
    expect((await write(5)).statusCode).toBe(200);
  });

  it('logs the keys each write created and changed, readable by the partner that wrote them', async () => {
    const response = await a.inject({
      method: 'GET',
      url: '/api/writes',
      headers: { authorization: `Bearer ${KING_CC}` },
    });
    const writes = response.json().writes as {
      graphVersion: number;
      changes: { created: Record<string, string[]>; changed: Record<string, string[]>; truncated: boolean };
    }[];
    // Newest first: the creation again, the removal, the change, the creation.
    const none = { created: {}, changed: {}, deleted: {}, truncated: false };
    expect(writes.slice(0, 4).map((w) => w.changes)).toEqual([
      { ...none, created: { programs: ['cc-delta'] } },
      { ...none, deleted: { programs: ['cc-delta'] } },
      { ...none, changed: { programs: ['cc-delta'] } },
      { ...none, created: { programs: ['cc-delta'] } },
    ]);
    expect((writes[0]?.graphVersion ?? 0) - (writes[3]?.graphVersion ?? 0)).toBe(3);
  });
});
