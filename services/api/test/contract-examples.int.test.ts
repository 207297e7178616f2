/**
 * The contract's worked examples (graph/test/examples) through the whole stack: each bundle is
 * loaded into a real Neo4j with replace, then every route input and gap filter is asked over
 * GraphQL and compared with the expected answer as the examples' README says (king-county: the
 * 1.0 figures; rio-grande: every figure of contract 1.1 section 5, and the section 6 likelihood).
 */
import { importBundle } from '@pathway/graph/import/import-bundle';
import { kingCountyBundle, kingCountyExpected, rioGrandeBundle, rioGrandeExpected } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, caughtUp } from './build-app.ts';

const expected = kingCountyExpected();

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

async function gql(query: string, variables: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json();
}

const ROUTES = `query($input: RouteInput!) { routes(input: $input) { routes {
  rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
  steps { program { id name } provider { id name } months cost creditsGranted awards { id name } supports { id kind } missingSupports }
  exitPoints { credential { id } occupation { id title } medianAnnual familySupporting } } } }`;

describe('the worked examples over GraphQL on a real Neo4j', () => {
  beforeAll(async () => {
    const loaded = await importBundle(db, kingCountyBundle(), { replace: true });
    expect(loaded.ok).toBe(true);
    // Written behind the app's back: wait for its in-memory index to have it.
    await caughtUp(app, db);
  });

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

/** One route of rio-grande.expected.json (contract 1.1): the 1.0 figures and those of sections 5 and 6. */
interface RioStep {
  kind: 'PROGRAM' | 'WORK';
  program: string | null;
  edge: { from: string; to: string } | null;
  months: number;
  cost: number;
  creditsGranted: number;
  startMonth: number;
  workingAs: string | null;
  earnings: number;
  missingSupports: string[];
}
interface RioRoute {
  rank: number;
  programs: string[];
  totalMonths: number;
  totalCost: number;
  creditsGranted: number;
  destination: string;
  destinationWage: number | null;
  familySupporting: boolean;
  earningsDuringRoute: number;
  monthsWithoutPay: number;
  firstPaycheckMonth: number;
  netIncome: number;
  completionLikelihood: number | null;
  unmeasuredFactors: number;
  steps: RioStep[];
  exitPoints: {
    credential: string;
    occupation: string;
    medianAnnual: number | null;
    familySupporting: boolean;
    month: number;
  }[];
}
interface GotStep {
  kind: string;
  program: { id: string } | null;
  provider: { id: string } | null;
  edge: { from: { id: string }; to: { id: string }; years: number } | null;
  startMonth: number;
  months: number;
  cost: number;
  creditsGranted: number;
  awards: { id: string }[];
  supports: { id: string }[];
  workingAs: { id: string } | null;
  earnings: number;
  missingSupports: string[];
}

const rio = rioGrandeExpected() as unknown as { routes: { input: Record<string, unknown>; expected: RioRoute[] }[] };
const rioBundle = rioGrandeBundle();
const yearsOf = new Map(
  (rioBundle.edges ?? [])
    .filter((e) => e.kind === 'ADVANCES_TO')
    .map((e) => [`${e.from}>${e.to}`, (e as { years?: number }).years]),
);

const ROUTES_1_1 = `query($input: RouteInput!) { routes(input: $input) { threshold routes {
  rank totalMonths totalCost creditsGranted familySupporting destination { id } destinationWage
  earningsDuringRoute monthsWithoutPay firstPaycheckMonth netIncome completionLikelihood unmeasuredFactors
  steps { kind program { id } provider { id } edge { from { id } to { id } years } startMonth months cost
          creditsGranted awards { id } supports { id } workingAs { id } earnings missingSupports }
  exitPoints { credential { id } occupation { id } medianAnnual familySupporting month } } } }`;

/** Money and months to the cent / 0.01 month, as the examples' README says; rates to 1e-6. */
const close = (got: number, want: number, tolerance = 0.01) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance);

describe('the 1.1 worked example (rio-grande) over GraphQL on a real Neo4j: work and pay', () => {
  beforeAll(async () => {
    const loaded = await importBundle(db, rioBundle, { replace: true });
    expect(loaded.ok).toBe(true);
    // Written behind the app's back: wait for its in-memory index to have it.
    await caughtUp(app, db);
  });

  it.each(rio.routes.map((c, i) => [i, JSON.stringify(c.input), c] as const))(
    'route case %i: %s',
    async (_i, _l, c) => {
      const body = await gql(ROUTES_1_1, { input: c.input });
      expect(body.errors).toBeUndefined();
      const routes = body.data.routes.routes;
      // rio-grande's orders are each the single best one: compared as lists, programs and work steps alike.
      expect(
        routes.map((r: { steps: GotStep[] }) =>
          r.steps.map((s) => (s.kind === 'WORK' ? `${s.edge?.from.id}>${s.edge?.to.id}` : s.program?.id)),
        ),
      ).toEqual(c.expected.map((r) => r.programs));
      c.expected.forEach((want, r) => {
        const got = routes[r];
        expect(got.rank).toBe(want.rank);
        close(got.totalMonths, want.totalMonths);
        close(got.totalCost, want.totalCost);
        close(got.creditsGranted, want.creditsGranted);
        expect(got.destination.id).toBe(want.destination);
        expect(got.destinationWage).toBe(want.destinationWage);
        expect(got.familySupporting).toBe(want.familySupporting);
        close(got.earningsDuringRoute, want.earningsDuringRoute);
        close(got.monthsWithoutPay, want.monthsWithoutPay);
        close(got.firstPaycheckMonth, want.firstPaycheckMonth);
        close(got.netIncome, want.netIncome);
        if (want.completionLikelihood === null) expect(got.completionLikelihood).toBeNull();
        else close(got.completionLikelihood, want.completionLikelihood, 1e-6);
        expect(got.unmeasuredFactors).toBe(want.unmeasuredFactors);
        expect(got.steps).toHaveLength(want.steps.length);
        want.steps.forEach((step, i) => {
          const s = got.steps[i] as GotStep;
          expect(s.kind).toBe(step.kind);
          if (step.kind === 'WORK') {
            expect(s.program).toBeNull();
            expect(s.provider).toBeNull();
            expect(s.awards).toEqual([]);
            expect(s.supports).toEqual([]);
            const key = `${step.edge?.from}>${step.edge?.to}`;
            expect(s.edge).toEqual({
              from: { id: step.edge?.from },
              to: { id: step.edge?.to },
              years: yearsOf.get(key),
            });
          } else {
            expect(s.program?.id).toBe(step.program);
            expect(s.provider?.id).toEqual(expect.any(String));
            expect(s.edge).toBeNull();
          }
          close(s.startMonth, step.startMonth);
          close(s.months, step.months);
          close(s.cost, step.cost);
          close(s.creditsGranted, step.creditsGranted);
          expect(s.workingAs?.id ?? null).toBe(step.workingAs);
          close(s.earnings, step.earnings);
          expect(s.missingSupports).toEqual(step.missingSupports);
        });
        expect(
          got.exitPoints.map(
            (e: {
              credential: { id: string };
              occupation: { id: string };
              medianAnnual: number | null;
              familySupporting: boolean;
            }) => ({
              credential: e.credential.id,
              occupation: e.occupation.id,
              medianAnnual: e.medianAnnual,
              familySupporting: e.familySupporting,
            }),
          ),
        ).toEqual(want.exitPoints.map(({ month: _month, ...rest }) => rest));
        want.exitPoints.forEach((exit, i) => {
          close(got.exitPoints[i].month, exit.month);
        });
      });
    },
  );

  it("lists an occupation's ladder moves with their years, a move without years as null", async () => {
    const body = await gql(
      `{ a: node(id: "47-3013.00", kind: Occupation) { ... on Occupation { advancesTo { id } advancements { to { id } years } } }
         b: node(id: "31-1131.00", kind: Occupation) { ... on Occupation { advancements { to { id } years } } } }`,
      {},
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.a).toEqual({
      advancesTo: [{ id: '47-2111.00' }],
      advancements: [{ to: { id: '47-2111.00' }, years: 4 }],
    });
    expect(body.data.b).toEqual({ advancements: [{ to: { id: '31-9092.00' }, years: null }] });
  });

  it.each([
    ['horizonMonths 0', { horizonMonths: 0 }, /^input\.horizonMonths: must be from 1 to 600/],
    ['horizonMonths 601', { horizonMonths: 601 }, /^input\.horizonMonths: must be from 1 to 600/],
    ['negative maxMonthsWithoutPay', { maxMonthsWithoutPay: -1 }, /^input\.maxMonthsWithoutPay: must be 0 or more/],
  ])('routes with %s is BAD_USER_INPUT naming the field', async (_name, extra, message) => {
    const body = await gql('query($input: RouteInput!) { routes(input: $input) { routes { rank } } }', {
      input: { regionId: 'tx-cameron', entryPointId: 'ep-working-cna', ...extra },
    });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
  });

  // A value outside the Objective enum never reaches the resolver: GraphQL's own variable check
  // refuses it (a 400 naming input.objective; its code is the validation plugin's to choose).
  it('a bad objective is refused naming the field and the value, never a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: {
        query: 'query($input: RouteInput!) { routes(input: $input) { routes { rank } } }',
        variables: { input: { regionId: 'tx-cameron', objective: 'FASTEST' } },
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toMatch(/"input\.objective".*"FASTEST" does not exist in "Objective"/);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
