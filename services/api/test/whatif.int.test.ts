/**
 * CONTRACT.md section 7 over GraphQL on a real Neo4j: the rio-grande bundle is loaded with
 * replace, then every `whatIf` and `suggestions` case of rio-grande.expected.json is asked and
 * compared with its answer (route sets by program id, changes, gap diffs exactly; months and
 * dollars to the precision the routes report), and bad input is refused as the contract says —
 * without ever writing to the graph.
 */

import { importBundle } from '@pathway/graph/import/import-bundle';
import { graphVersion } from '@pathway/graph/snapshot/snapshot';
import { rioGrandeBundle, rioGrandeExpected } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, caughtUp } from './build-app.ts';

interface ExpectedEntryPoint {
  entryPointId: string;
  change: string;
  before: string[] | null;
  after: string[] | null;
  monthsSaved: number | null;
  costSaved: number | null;
}
interface WhatIfCase {
  input: Record<string, unknown>;
  expected: { entryPoints: ExpectedEntryPoint[]; gapsClosed: [string, string][]; gapsOpened: [string, string][] };
}
interface SuggestionCase {
  input: { regionId: string; household: string; limit: number };
  expected: { from: string; to: string; credits: number; gained: number; monthsSaved: number }[];
}

const expected = rioGrandeExpected() as { whatIf: WhatIfCase[]; suggestions: SuggestionCase[] };

const db = testDb();
let app: FastifyInstance;
beforeAll(async () => {
  await resetGraph(db);
  app = await buildApp(testConnection());
  const loaded = await importBundle(db, rioGrandeBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
  // Loaded behind the app's back: wait for its in-memory index (the background poll) to have it.
  await caughtUp(app, db);
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

async function gql(query: string, variables: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json();
}

const ROUTE_FIELDS = `rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
  steps { program { id name } provider { id name } months cost creditsGranted awards { id name } supports { id kind } missingSupports }
  exitPoints { credential { id } occupation { id title } medianAnnual familySupporting }`;

const WHAT_IF = `query($input: WhatIfInput!) { whatIf(input: $input) {
  entryPoints { entryPoint { id } change monthsSaved costSaved before { ${ROUTE_FIELDS} } after { ${ROUTE_FIELDS} } }
  gapsClosed { kind subjectId } gapsOpened { kind subjectId } } }`;

const SUGGESTIONS = `query($regionId: ID!, $household: String, $limit: Int) {
  suggestions(regionId: $regionId, household: $household, limit: $limit) {
    edge { from { id } to { id } credits } gained monthsSaved
    entryPoints { entryPoint { id } change monthsSaved } } }`;

type Step = { program: { id: string } };
const programsOf = (route: { steps: Step[] } | null) => (route ? new Set(route.steps.map((s) => s.program.id)) : null);

function expectFigure(got: number | null, want: number | null, digits: number) {
  if (want === null) expect(got).toBeNull();
  else expect(got).toBeCloseTo(want, digits);
}

describe('whatIf and suggestions over GraphQL on a real Neo4j (rio-grande)', () => {
  it.each(expected.whatIf.map((c, i) => [i, JSON.stringify(c.input), c] as const))(
    'what-if case %i: %s',
    async (_i, _label, c) => {
      const versionBefore = await graphVersion(db);
      const body = await gql(WHAT_IF, { input: c.input });
      expect(body.errors).toBeUndefined();
      const got = body.data.whatIf;
      expect(got.entryPoints.map((e: { entryPoint: { id: string } }) => e.entryPoint.id)).toEqual(
        c.expected.entryPoints.map((e) => e.entryPointId),
      );
      c.expected.entryPoints.forEach((want, i) => {
        const ep = got.entryPoints[i];
        expect(ep.change).toBe(want.change);
        expect(programsOf(ep.before)).toEqual(want.before ? new Set(want.before) : null);
        expect(programsOf(ep.after)).toEqual(want.after ? new Set(want.after) : null);
        // The routes report months to 4 places and dollars to cents; the savings are their differences.
        expectFigure(ep.monthsSaved, want.monthsSaved, 3);
        expectFigure(ep.costSaved, want.costSaved, 1);
      });
      const keys = (gaps: { kind: string; subjectId: string }[]) => gaps.map((g) => [g.kind, g.subjectId]);
      expect(keys(got.gapsClosed)).toEqual(c.expected.gapsClosed);
      expect(keys(got.gapsOpened)).toEqual(c.expected.gapsOpened);
      // In memory only: the graph did not move.
      expect(await graphVersion(db)).toBe(versionBefore);
    },
  );

  it('resolves a route through a program the fragment adds (it is not in the graph)', async () => {
    const body = await gql(WHAT_IF, {
      input: {
        regionId: 'tx-cameron',
        add: {
          programs: [
            { id: 'p-lvn-fast', name: 'Fast LVN', providerId: 'tsc', awards: ['lvn'], months: 2, requires: [['cna']] },
          ],
        },
      },
    });
    expect(body.errors).toBeUndefined();
    const working = body.data.whatIf.entryPoints.find(
      (e: { entryPoint: { id: string } }) => e.entryPoint.id === 'ep-working-cna',
    );
    expect(working.change).toBe('BETTER');
    expect(working.after.steps.map((s: Step & { provider: { id: string } }) => [s.program.id, s.provider.id])).toEqual([
      ['p-lvn-fast', 'tsc'],
    ]);
  });

  it.each(expected.suggestions.map((c, i) => [i, JSON.stringify(c.input), c] as const))(
    'suggestions case %i: %s',
    async (_i, _label, c) => {
      const body = await gql(SUGGESTIONS, c.input);
      expect(body.errors).toBeUndefined();
      const got = body.data.suggestions;
      expect(
        got.map((s: { edge: { from: { id: string }; to: { id: string } } }) => [s.edge.from.id, s.edge.to.id]),
      ).toEqual(c.expected.map((s) => [s.from, s.to]));
      c.expected.forEach((want, i) => {
        expect(got[i].edge.credits).toBe(want.credits);
        expect(got[i].gained).toBe(want.gained);
        expect(got[i].monthsSaved).toBeCloseTo(want.monthsSaved, 2);
      });
      // Each suggestion's entry points are its what-if's: their monthsSaved sum to its figure.
      for (const s of got) {
        const sum = s.entryPoints.reduce((n: number, e: { monthsSaved: number | null }) => n + (e.monthsSaved ?? 0), 0);
        expect(sum).toBeCloseTo(s.monthsSaved, 6);
      }
    },
  );

  it('cuts the suggestions at the limit, best first', async () => {
    const body = await gql(SUGGESTIONS, { regionId: 'tx-cameron', limit: 1 });
    expect(body.errors).toBeUndefined();
    expect(body.data.suggestions.map((s: { edge: { to: { id: string } } }) => s.edge.to.id)).toEqual(['p-lvn']);
  });
});

describe('bad what-if input', () => {
  it('refuses a fragment as an import would: every error with its path', async () => {
    const body = await gql(WHAT_IF, {
      input: {
        regionId: 'tx-cameron',
        add: {
          programs: [{ id: 'p-x', name: 'X', providerId: 'nobody', awards: ['cna'], months: -1 }],
          edges: [{ kind: 'ARTICULATES_TO', from: 'cna', to: 'p-missing', credits: 3 }],
        },
      },
    });
    expect(body.data).toBeNull();
    const [error] = body.errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const paths = error.extensions.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual([
      'input.add.edges[0].to',
      'input.add.programs[0].months',
      'input.add.programs[0].providerId',
    ]);
    expect(error.message).toMatch(/^input\.add\./);
  });

  it('resolves fragment references against the fragment too', async () => {
    const body = await gql(WHAT_IF, {
      input: {
        regionId: 'tx-cameron',
        add: {
          partners: [{ id: 'new-college', name: 'New college', kind: 'CommunityCollege' }],
          credentials: [{ id: 'new-cert', name: 'New cert', type: 'Certificate' }],
          programs: [{ id: 'p-new', name: 'New', providerId: 'new-college', awards: ['new-cert'], months: 3 }],
        },
      },
    });
    expect(body.errors).toBeUndefined();
  });

  it('answers NOT_FOUND for a removeIds id that is nowhere, naming its place', async () => {
    const body = await gql(WHAT_IF, { input: { regionId: 'tx-cameron', removeIds: ['p-cna', 'no-such-thing'] } });
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0].message).toMatch(/^input\.removeIds\[1\]: /);
  });

  it('accepts removing what the fragment adds', async () => {
    const body = await gql(WHAT_IF, {
      input: {
        regionId: 'tx-cameron',
        add: { credentials: [{ id: 'tmp-cert', name: 'Temporary', type: 'Certificate' }] },
        removeIds: ['tmp-cert'],
      },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.whatIf.gapsOpened).toEqual([]);
    expect(body.data.whatIf.gapsClosed).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown region and BAD_USER_INPUT for a bad household', async () => {
    const unknown = await gql(WHAT_IF, { input: { regionId: 'nowhere' } });
    expect(unknown.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(unknown.errors[0].message).toMatch(/^input\.regionId: /);
    const bad = await gql(WHAT_IF, { input: { regionId: 'tx-cameron', household: '9Z' } });
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors[0].message).toMatch(/^input\.household: /);
  });

  it.each([0, 21, -3])('refuses suggestions limit %i, naming the field', async (limit) => {
    const body = await gql(SUGGESTIONS, { regionId: 'tx-cameron', limit });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/^limit: must be from 1 to 20/);
  });

  it('needs no key and writes nothing', async () => {
    const before = await graphVersion(db);
    const body = await gql(WHAT_IF, { input: { regionId: 'tx-cameron', removeIds: ['valley-health'] } });
    expect(body.errors).toBeUndefined();
    expect(await graphVersion(db)).toBe(before);
    const program = await gql('query { node(id: "p-cna", kind: Program) { id } }', {});
    expect(program.data.node).toEqual({ id: 'p-cna' });
  });
});
