/**
 * The contract's worked examples (graph/test/examples) through the whole stack: the bundle is
 * loaded into a real Neo4j with replace, then every route input and gap filter is asked over
 * GraphQL and compared with the expected answer as the examples' README says.
 */
import { importBundle } from '@pathway/graph/import/import-bundle';
import { kingCountyBundle, kingCountyExpected } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const expected = kingCountyExpected();

const db = testDb();
let app: FastifyInstance;
beforeAll(async () => {
  await resetGraph(db);
  const loaded = await importBundle(db, kingCountyBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
  app = await buildApp(testConnection());
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

async function gql(query: string, variables: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json();
}

const ROUTES = `query($input: RouteInput!) { routes(input: $input) { routes {
  rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
  steps { program { id name } provider { id name } months cost creditsGranted awards { id name } supports { id kind } missingSupports }
  exitPoints { credential { id } occupation { id title } medianAnnual familySupporting } } } }`;

describe('the worked examples over GraphQL on a real Neo4j', () => {
  it.each(expected.routes.map((c, i) => [i, JSON.stringify(c.input), c] as const))(
    'route case %i: %s',
    async (_i, _label, c) => {
      const body = await gql(ROUTES, { input: c.input });
      expect(body.errors).toBeUndefined();
      const routes = body.data.routes.routes;
      expect(routes).toHaveLength(c.expected.length);
      c.expected.forEach((want, i) => {
        const got = routes[i];
        expect(got.rank).toBe(want.rank);
        expect(new Set(got.steps.map((s: { program: { id: string } }) => s.program.id))).toEqual(
          new Set(want.programs),
        );
        expect(got.totalMonths).toBeCloseTo(want.totalMonths, 2);
        expect(got.totalCost).toBeCloseTo(want.totalCost, 2);
        expect(got.creditsGranted).toBeCloseTo(want.creditsGranted, 2);
        expect(got.destination.id).toBe(want.destination);
        expect(got.destinationWage).toBe(want.destinationWage);
        expect(got.familySupporting).toBe(want.familySupporting);
        const byProgram = new Map(got.steps.map((s: { program: { id: string } }) => [s.program.id, s]));
        for (const step of want.steps) {
          const g = byProgram.get(step.program) as Record<string, unknown>;
          expect(g.months as number).toBeCloseTo(step.months, 2);
          expect(g.cost as number).toBeCloseTo(step.cost, 2);
          expect(g.creditsGranted as number).toBeCloseTo(step.creditsGranted, 2);
          expect(new Set(g.missingSupports as string[])).toEqual(new Set(step.missingSupports));
        }
      });
    },
  );

  it.each(expected.gaps.map((c, i) => [i, JSON.stringify(c.filter), c] as const))(
    'gap case %i: %s',
    async (_i, _label, c) => {
      const body = await gql(
        'query($filter: GapFilter) { gaps(filter: $filter) { kind severity subjectId subjectKind message relatedIds } }',
        { filter: c.filter },
      );
      expect(body.errors).toBeUndefined();
      const got = body.data.gaps.map((g: { kind: string; subjectId: string }) => `${g.kind}:${g.subjectId}`).sort();
      expect(got).toEqual(c.expected.map((g) => `${g.kind}:${g.subjectId}`).sort());
      for (const gap of body.data.gaps) {
        expect(['high', 'medium', 'low']).toContain(gap.severity);
        expect(gap.message.length).toBeGreaterThan(10);
      }
    },
  );
});
