/**
 * POST /graphql's fast path (plugins/app/graphql-fast-path.ts) against its slow twin, Mercurius
 * itself (GRAPHQL_FAST_PATH=off): the same requests to both apps answer with the same status,
 * headers and bytes, whether the fast path answered them or handed them to Mercurius.
 */
import { readFileSync } from 'node:fs';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';
import { type FuzzRequest, fuzzRequest } from './graphql-fuzz-cases.ts';

const db = testDb();
let fast: FastifyInstance;
let slow: FastifyInstance;
const sample = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));
// Wide open, so both apps count the same requests and none is refused for it.
const env = { RATE_LIMIT_MAX: '1000000', SNAPSHOT_POLL_MS: '0', EMBED_ORIGINS: 'https://partner.example.org' };

beforeAll(async () => {
  await resetGraph(db);
  expect((await importBundle(db, sample, { replace: true })).ok).toBe(true);
  fast = await buildApp(testConnection(), env);
  slow = await buildApp(testConnection(), { ...env, GRAPHQL_FAST_PATH: 'off' });
});
afterAll(async () => {
  await fast?.close();
  await slow?.close();
  await db.close();
});

const ROUTES = `query Routes($input: RouteInput!) { routes(input: $input) { threshold graphVersion routes {
  rank totalMonths totalCost familySupporting destination { id title } destinationWage
  steps { kind program { id name } provider { id } months cost awards { id } supports { kind } missingSupports }
  exitPoints { credential { id } occupation { id } medianAnnual } } } }`;
const TWO_OPERATIONS = `query Regions { regions(first: 2) { totalCount edges { cursor node { id label } } } }
query Entry($id: ID!) { node(id: $id) { id ... on EntryPoint { name } } }`;

type Payload = Record<string, unknown> | unknown[] | string;

/** Headers that differ between any two responses: the clock's. */
const VARYING = new Set(['date', 'x-ratelimit-reset']);
const comparable = (response: LightMyRequestResponse) => ({
  status: response.statusCode,
  headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => !VARYING.has(name))),
  body: response.body,
});

/** A series of the fast app's metrics (the fast path's count, an operation's histogram count). */
async function metric(prefix: string): Promise<number> {
  const text = (await fast.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return Number(line?.split(' ').pop() ?? 0);
}
const answeredFast = () => metric('pathway_graphql_fast_path_total ');

/** The second of two identical requests to each app (the first teaches the fast path the query). */
async function both(payload: Payload, headers: Record<string, string> = {}) {
  const send = (app: FastifyInstance) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  await send(fast);
  await send(slow);
  const before = await answeredFast();
  const answers = { fast: await send(fast), slow: await send(slow) };
  return { ...answers, answeredFast: (await answeredFast()) > before };
}

const input = { regionId: 'tx-hidalgo', entryPointId: 'ep-english-learner', limit: 3 };

describe('the fast path of POST /graphql', () => {
  it('answers a repeated route query itself, with the bytes and headers Mercurius answers', async () => {
    const { fast: f, slow: s, answeredFast } = await both({ query: ROUTES, variables: { input } });
    expect(answeredFast).toBe(true);
    expect(f.statusCode).toBe(200);
    expect(f.json().data.routes.routes.length).toBeGreaterThan(0);
    expect(comparable(f)).toEqual(comparable(s));
  });

  it.each<[string, Payload, boolean]>([
    ['a named operation of two', { query: TWO_OPERATIONS, operationName: 'Regions' }, true],
    [
      'the other, with its variable',
      { query: TWO_OPERATIONS, operationName: 'Entry', variables: { id: 'ep-youth' } },
      true,
    ],
    ['an operation name that picks none', { query: TWO_OPERATIONS, operationName: 'Nope' }, false],
    ['no operation name for two operations', { query: TWO_OPERATIONS }, false],
    // After the route query without a name above: "" is a name no operation has.
    ['an empty operation name', { query: ROUTES, variables: { input }, operationName: '' }, false],
    ['the route query by its name', { query: ROUTES, variables: { input }, operationName: 'Routes' }, true],
    ['a missing variable', { query: ROUTES, variables: {} }, false],
    ['a variable of the wrong type', { query: ROUTES, variables: { input: { ...input, limit: 'five' } } }, false],
    ['a field the input type lacks', { query: ROUTES, variables: { input: { ...input, speed: 1 } } }, false],
    [
      'an enum value that does not exist',
      { query: ROUTES, variables: { input: { ...input, objective: 'FAST' } } },
      false,
    ],
    [
      'bad input to the engine (BAD_USER_INPUT)',
      { query: ROUTES, variables: { input: { ...input, limit: 0 } } },
      false,
    ],
    ['an unknown region (NOT_FOUND)', { query: ROUTES, variables: { input: { regionId: 'atlantis' } } }, false],
    ['variables that are not an object', { query: ROUTES, variables: [input] }, false],
    ['a batch', [{ query: ROUTES, variables: { input } }], false],
    ['a query that is not GraphQL', { query: '{ routes(' }, false],
    ['a body that is not JSON', '{"query": "{ about { graphVersion } }"', false],
  ])('%s: the same answer as Mercurius', async (_name, payload, answeredHere) => {
    const { fast: f, slow: s, answeredFast } = await both(payload);
    expect(answeredFast).toBe(answeredHere);
    expect(comparable(f)).toEqual(comparable(s));
  });

  it('answers each operation of a document by its name, on either path', async () => {
    // Mercurius' own jit (off now) kept one compiled query per text, for whichever operation compiled it.
    const regions = { query: TWO_OPERATIONS, operationName: 'Regions' };
    const entry = { query: TWO_OPERATIONS, operationName: 'Entry', variables: { id: 'ep-youth' } };
    for (const app of [fast, slow]) {
      for (const payload of [regions, regions, entry, entry]) {
        const response = await app.inject({ method: 'POST', url: '/graphql', payload });
        const data = response.json().data;
        if (payload === entry) expect(data).toEqual({ node: { id: 'ep-youth', name: expect.any(String) } });
        else expect(data.regions.totalCount).toBeGreaterThan(0);
      }
      const get = await app.inject({
        method: 'GET',
        url: '/graphql',
        query: { ...entry, variables: '{"id":"ep-youth"}' },
      });
      expect(get.json().data.node.id).toBe('ep-youth');
    }
  });

  it('keeps CORS and the embedders their headers', async () => {
    const {
      fast: f,
      slow: s,
      answeredFast,
    } = await both(
      { query: ROUTES, variables: { input } },
      { origin: 'https://partner.example.org', 'accept-encoding': 'gzip' },
    );
    expect(answeredFast).toBe(true);
    expect(f.headers['access-control-allow-origin']).toBe('https://partner.example.org');
    expect(f.headers['content-security-policy']).toBeDefined();
    expect(f.headers['content-encoding']).toBe('gzip');
    expect(comparable(f)).toEqual(comparable(s));
  });

  it('times the operations it answers in the GraphQL histogram', async () => {
    const count = () => metric('graphql_operation_duration_seconds_count{operation_name="Routes"');
    const before = await count();
    const answered = await answeredFast();
    for (let i = 0; i < 3; i++) {
      // To both, so their rate limits count alike (X-RateLimit-Remaining) for the tests after.
      for (const app of [fast, slow]) {
        await app.inject({ method: 'POST', url: '/graphql', payload: { query: ROUTES, variables: { input } } });
      }
    }
    expect(await answeredFast()).toBe(answered + 3);
    expect(await count()).toBe(before + 3);
  });

  it('answers any variables as Mercurius does (property)', async () => {
    // Each field of RouteInput: mostly values it takes, sometimes one of the wrong type or range.
    const junk = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -3, max: 700 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -5, max: 1e10 }),
      fc.constantFrom(2 ** 31, 1.5, 'FAST', '9Z', '', 'atlantis', 'no spaces', ['cred-hsd', 3], { x: 1 }),
    );
    const fields: Record<string, fc.Arbitrary<unknown>> = {
      household: fc.constantFrom('1A0C', '1A1C', '2A2W1C'),
      entryPointId: fc.constantFrom('ep-english-learner', 'ep-youth', 'ep-dislocated'),
      heldCredentialIds: fc.subarray(['cred-intake', 'cred-hsd', 'cred-hse']),
      objective: fc.constantFrom('TIME', 'COST'),
      limit: fc.integer({ min: 1, max: 10 }),
      maxMonths: fc.integer({ min: 1, max: 120 }),
      maxCost: fc.integer({ min: 0, max: 50_000 }),
      requireSupports: fc.boolean(),
      advancement: fc.boolean(),
      horizonMonths: fc.integer({ min: 1, max: 600 }),
      unknownField: fc.constant(1),
    };
    const entry = fc
      .constantFrom(...Object.keys(fields))
      .chain((name) =>
        fc.tuple(fc.constant(name), fc.oneof({ weight: 4, arbitrary: fields[name] as fc.Arbitrary<unknown> }, junk)),
      );
    const routeInput = fc
      .tuple(fc.array(entry, { maxLength: 3 }), fc.constantFrom('tx-hidalgo', 'tx-hidalgo', 'tx', null, undefined))
      .map(([pairs, regionId]) => ({ ...(regionId === undefined ? {} : { regionId }), ...Object.fromEntries(pairs) }));
    const variables = fc.oneof(
      { weight: 6, arbitrary: routeInput.map((i) => ({ input: i })) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, { input: null }, { input: 'tx-hidalgo' }) },
    );
    const operationName = fc.constantFrom(undefined, undefined, null, 'Routes', 'Other');
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(variables, operationName, async (vars, name) => {
        const { fast: f, slow: s, answeredFast } = await both({ query: ROUTES, variables: vars, operationName: name });
        if (answeredFast) answered += 1;
        expect(comparable(f)).toEqual(comparable(s));
      }),
      { numRuns: 60, seed: 15 },
    );
    // The property held over both paths, not only over Mercurius'.
    expect(answered).toBeGreaterThan(10);
  });

  it("answers the fuzzer's hostile requests as Mercurius does, twice over (property)", async () => {
    const send = (app: FastifyInstance, request: FuzzRequest) =>
      app.inject({
        method: request.method,
        url: request.search === undefined ? '/graphql' : `/graphql?${request.search}`,
        headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
        payload: request.body,
      });
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (request) => {
        for (let i = 0; i < 2; i++) {
          const [f, s] = [await send(fast, request), await send(slow, request)];
          expect(comparable(f), `${request.kind}: ${(request.body ?? request.search ?? '').slice(0, 300)}`).toEqual(
            comparable(s),
          );
        }
      }),
      // FUZZ_RUNS, as for graphql-fuzz.int.test.ts (`npm run fuzz -- --runs N`).
      { numRuns: Number(process.env.FUZZ_RUNS ?? 80) },
    );
  });
});
