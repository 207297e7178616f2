import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExpectedExitPoint, ExpectedRoute, ExpectedStep } from '../../test/fixtures.ts';
import { BadInputError, NotFoundError } from '../errors.ts';
import { type Bundle, bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { repoRoot } from '../paths.ts';
import { findRoutes, type Route, type RouteInput } from './route-search.ts';

const examplesDir = join(repoRoot, 'graph', 'test', 'examples');

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(examplesDir, name), 'utf8'));
}

interface RouteCase {
  input: RouteInput;
  expected: ExpectedRoute[];
}

const kingCounty = bundleSchema.parse(readJson('king-county.bundle.json'));
const kingIndex = new GraphIndex(kingCounty);
const routeCases = (readJson('king-county.expected.json') as { routes: RouteCase[] }).routes;

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01);
const sorted = (ids: string[]) => [...ids].sort();

function expectRouteMatches(actual: Route, expected: ExpectedRoute): void {
  expect(actual.rank).toBe(expected.rank);
  // The same programs, in a best order: where two orders give the same totals either is right,
  // so the order is checked through the totals and the per-step figures of its own order.
  expect(sorted(actual.programIds)).toEqual(sorted(expected.programs));
  close(actual.totalMonths, expected.totalMonths);
  close(actual.totalCost, expected.totalCost);
  close(actual.creditsGranted, expected.creditsGranted);
  expect(actual.destinationId).toBe(expected.destination);
  expect(actual.destinationWage).toBe(expected.destinationWage);
  expect(actual.familySupporting).toBe(expected.familySupporting);
  expect(actual.steps.map((s) => s.programId)).toEqual(actual.programIds);
  const byProgram = new Map(expected.steps.map((s) => [s.program, s]));
  const sameOrder = actual.programIds.every((id, i) => expected.programs[i] === id);
  for (const step of actual.steps) {
    const want = byProgram.get(step.programId);
    expect(want).toBeDefined();
    if (!want) continue;
    expect(step.missingSupports).toEqual(want.missingSupports);
    if (sameOrder) {
      close(step.months, want.months);
      close(step.cost, want.cost);
      close(step.creditsGranted, want.creditsGranted);
    }
  }
}

describe('findRoutes on the worked examples (graph/test/examples/king-county)', () => {
  it.each(routeCases.map((c, i) => [i, JSON.stringify(c.input), c] as const))('case %i: %s', (_i, _label, c) => {
    const routes = findRoutes(kingIndex, c.input);
    expect(routes).toHaveLength(c.expected.length);
    routes.forEach((route, r) => {
      expectRouteMatches(route, c.expected[r] as ExpectedRoute);
    });
  });

  it('reports steps with provider, awards and supports, and the exit points along the way', () => {
    const [route] = findRoutes(kingIndex, {
      regionId: 'wa-king',
      entryPointId: 'ep-grad',
      needs: ['Childcare'],
      limit: 1,
    });
    expect(route?.programIds).toEqual(['ibest-it', 'cc-aas-net']);
    const [ibest, aas] = route?.steps ?? [];
    expect(ibest).toMatchObject({ programId: 'ibest-it', providerId: 'king-cc', awards: ['a-plus', 'it-cert'] });
    expect(sorted(ibest?.supportIds ?? [])).toEqual(['ae-nav', 'cc-advising', 'king-transit']);
    expect(ibest?.missingSupports).toEqual(['Childcare']);
    expect(aas).toMatchObject({ programId: 'cc-aas-net', months: 16, cost: 6000, creditsGranted: 30 });
    expect(sorted(aas?.supportIds ?? [])).toEqual(['cc-advising', 'cc-childcare', 'king-transit']);
    expect(route?.exitPoints).toEqual([
      { credentialId: 'a-plus', occupationId: '15-1232.00', medianAnnual: 60340, familySupporting: false, month: 6 },
      { credentialId: 'it-cert', occupationId: '15-1232.00', medianAnnual: 60340, familySupporting: false, month: 6 },
      { credentialId: 'aas-net', occupationId: '15-1244.00', medianAnnual: 96800, familySupporting: true, month: 22 },
    ]);
  });
});

describe('findRoutes: answers at the edges', () => {
  it('gives one route with no steps when the held credentials already qualify', () => {
    const routes = findRoutes(kingIndex, { regionId: 'wa-king', heldCredentialIds: ['aas-net'], limit: 5 });
    expect(routes).toEqual([
      {
        rank: 1,
        programIds: [],
        steps: [],
        totalMonths: 0,
        totalCost: 0,
        creditsGranted: 0,
        destinationId: '15-1244.00',
        destinationWage: 96800,
        familySupporting: true,
        exitPoints: [],
        // Section 5's figures of the empty route: the destination's pay over the 60-month horizon.
        earningsDuringRoute: 0,
        monthsWithoutPay: 0,
        firstPaycheckMonth: 0,
        netIncome: 96800 * 5,
        threshold: expect.any(Number),
      },
    ]);
  });

  it('answers an empty list, not an error, when filters leave nothing', () => {
    const base: RouteInput = { regionId: 'wa-king', entryPointId: 'ep-esl' };
    expect(findRoutes(kingIndex, { ...base, maxMonths: 1 })).toEqual([]);
    expect(findRoutes(kingIndex, { ...base, maxCost: 0 })).toEqual([]);
    expect(findRoutes(kingIndex, { ...base, languages: ['fr'], modality: 'online' })).toHaveLength(3);
    expect(findRoutes(kingIndex, { ...base, needs: ['Housing'], requireSupports: true })).toEqual([]);
    expect(findRoutes(kingIndex, { ...base, target: { sectorId: 'construction' } })).toEqual([]);
  });

  it('applies maxMonths and maxCost as hard limits on the totals', () => {
    const base: RouteInput = { regionId: 'wa-king', entryPointId: 'ep-esl', household: '1A0C', limit: 10 };
    const all = findRoutes(kingIndex, base);
    const short = findRoutes(kingIndex, { ...base, maxMonths: 14 });
    expect(short.map((r) => r.programIds)).toEqual(all.filter((r) => r.totalMonths <= 14).map((r) => r.programIds));
    const cheap = findRoutes(kingIndex, { ...base, maxCost: 3000, objective: 'COST' });
    expect(cheap.every((r) => r.totalCost <= 3000)).toBe(true);
    expect(cheap.map((r) => sorted(r.programIds).join())).toContain('app-elec,ged-prep,preapp');
  });

  it('leaves out routes with a missing support when requireSupports is set', () => {
    const base: RouteInput = { regionId: 'wa-king', entryPointId: 'ep-grad', needs: ['Childcare'] };
    const kept = findRoutes(kingIndex, { ...base, requireSupports: true });
    // ibest-it and cc-netplus have no childcare; cc-it-cert and cc-aas-net do.
    expect(kept.map((r) => r.programIds)).toEqual([['cc-aas-net'], ['cc-it-cert', 'cc-aas-net']]);
    expect(kept.flatMap((r) => r.steps.flatMap((s) => s.missingSupports))).toEqual([]);
  });

  it('accepts null for every optional argument, as GraphQL passes them', () => {
    const routes = findRoutes(kingIndex, {
      regionId: 'wa-king',
      household: null,
      entryPointId: 'ep-esl',
      heldCredentialIds: null,
      target: null,
      objective: null,
      limit: null,
      maxMonths: null,
      maxCost: null,
      needs: null,
      requireSupports: null,
      modality: null,
      schedules: null,
      languages: null,
    });
    expect(routes.map((r) => r.programIds.length)).toEqual([3, 4, 2]);
  });

  it('returns the k best routes as a prefix of the k+1 best', () => {
    const base: RouteInput = { regionId: 'wa-king', entryPointId: 'ep-esl', household: '1A0C' };
    const many = findRoutes(kingIndex, { ...base, limit: 10 });
    for (let k = 1; k <= many.length; k++) {
      const few = findRoutes(kingIndex, { ...base, limit: k });
      expect(few.map((r) => r.programIds)).toEqual(many.slice(0, k).map((r) => r.programIds));
    }
  });
});

describe('findRoutes: bad input', () => {
  const bad = (input: unknown, path: string) => {
    let caught: unknown;
    try {
      findRoutes(kingIndex, input as RouteInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadInputError);
    expect((caught as BadInputError).path).toBe(path);
    expect((caught as BadInputError).code).toBe('BAD_USER_INPUT');
  };

  it('names the argument and why', () => {
    bad({ regionId: 'wa-king', limit: 0 }, 'input.limit');
    bad({ regionId: 'wa-king', limit: 11 }, 'input.limit');
    bad({ regionId: 'wa-king', limit: 2.5 }, 'input.limit');
    bad({ regionId: 'wa-king', household: '3A0C' }, 'input.household');
    bad({ regionId: 'wa-king', maxCost: -1 }, 'input.maxCost');
    bad({ regionId: 'wa-king', maxMonths: -0.5 }, 'input.maxMonths');
    bad({ regionId: 'wa-king', objective: 'FAST' }, 'input.objective');
    bad({ regionId: 'wa-king', needs: ['Childcare', 'Spa'] }, 'input.needs[1]');
    bad({ regionId: 'wa-king', schedules: ['night'] }, 'input.schedules[0]');
    bad({ regionId: 'wa-king', modality: 'by-post' }, 'input.modality');
    bad({ regionId: 'wa-king', heldCredentialIds: ['ok', ' bad id'] }, 'input.heldCredentialIds[1]');
    bad({ regionId: 'wa-king', colour: 'red' }, 'input');
    bad({}, 'input.regionId');
    expect(() => findRoutes(kingIndex, { regionId: 'wa-king', limit: 0 })).toThrow(
      /input\.limit: must be from 1 to 10/,
    );
  });
});

describe('findRoutes: unknown ids', () => {
  const missing = (input: RouteInput, path: string) => {
    let caught: unknown;
    try {
      findRoutes(kingIndex, input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotFoundError);
    expect((caught as NotFoundError).path).toBe(path);
    expect((caught as NotFoundError).code).toBe('NOT_FOUND');
  };

  it('names the path of the unknown id', () => {
    missing({ regionId: 'wa-pierce' }, 'input.regionId');
    missing({ regionId: 'wa-king', entryPointId: 'ep-nobody' }, 'input.entryPointId');
    missing({ regionId: 'wa-king', heldCredentialIds: ['hsd', 'phd'] }, 'input.heldCredentialIds[1]');
    missing({ regionId: 'wa-king', target: { occupationId: '99-9999.00' } }, 'input.target.occupationId');
    missing({ regionId: 'wa-king', target: { sectorId: 'retail' } }, 'input.target.sectorId');
  });

  it('is NOT_FOUND when no wage threshold exists up the chain and the default target needs one', () => {
    missing({ regionId: 'wa-king', household: '2A1W3C' }, 'input.household');
    // A given occupation needs no threshold: its routes are reported, not family-supporting.
    const routes = findRoutes(kingIndex, {
      regionId: 'wa-king',
      household: '2A1W3C',
      entryPointId: 'ep-grad',
      target: { occupationId: '15-1232.00' },
    });
    expect(routes[0]).toMatchObject({ programIds: ['ibest-it'], familySupporting: false, destinationWage: 60340 });
  });
});

describe('findRoutes: contract details on small graphs', () => {
  const graph = (extra: Partial<Bundle>): GraphIndex =>
    new GraphIndex({
      format: 'pathway-bundle',
      version: 1,
      regions: [
        { id: 'us', name: 'US' },
        { id: 'st', name: 'State', parentId: 'us' },
        { id: 'co', name: 'County', parentId: 'st' },
        { id: 'other', name: 'Other state', parentId: 'us' },
      ],
      wageThresholds: [{ regionId: 'us', household: '1A1C', annual: 50_000 }],
      occupations: [
        { id: 'o-low', title: 'Low' },
        { id: 'o-high', title: 'High' },
        { id: 'o-mid', title: 'Mid' },
      ],
      occupationWages: [
        { occupationId: 'o-low', regionId: 'us', medianAnnual: 30_000 },
        { occupationId: 'o-high', regionId: 'us', medianAnnual: 90_000 },
        { occupationId: 'o-mid', regionId: 'us', medianAnnual: 45_000 },
        { occupationId: 'o-mid', regionId: 'st', medianAnnual: 70_000 },
      ],
      credentials: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id, type: 'Certificate' as const })),
      ...extra,
    });

  it('finds wages up the chain and uses programs listed in an ancestor or descendant region only', () => {
    const index = graph({
      programs: [
        { id: 'p-mid', name: 'mid', providerId: 'x', awards: ['a'], months: 3, regionIds: ['co'] },
        { id: 'p-far', name: 'far', providerId: 'x', awards: ['a'], months: 1, regionIds: ['other'] },
      ],
      edges: [{ kind: 'QUALIFIES_FOR', from: 'a', to: 'o-mid' }],
    });
    // In the state, o-mid's median (70k, from the state row) clears the 50k threshold found at `us`.
    expect(findRoutes(index, { regionId: 'st' }).map((r) => r.programIds)).toEqual([['p-mid']]);
    // Nationally o-mid pays 45k: not family-supporting, no default destination.
    expect(findRoutes(index, { regionId: 'us' })).toEqual([]);
    expect(findRoutes(index, { regionId: 'us', target: { occupationId: 'o-mid' }, limit: 5 })).toMatchObject([
      { programIds: ['p-far'], destinationWage: 45_000, familySupporting: false },
      { programIds: ['p-mid'] },
    ]);
  });

  it('stops at the first qualifying step and picks the highest-paid destination reached', () => {
    const index = graph({
      programs: [
        { id: 'p1', name: 'p1', providerId: 'x', awards: ['a', 'b'], months: 2 },
        { id: 'p2', name: 'p2', providerId: 'x', awards: ['c'], months: 1, requires: [['b']] },
      ],
      edges: [
        { kind: 'QUALIFIES_FOR', from: 'a', to: 'o-mid' },
        { kind: 'QUALIFIES_FOR', from: 'b', to: 'o-high' },
        { kind: 'QUALIFIES_FOR', from: 'c', to: 'o-high' },
      ],
    });
    const routes = findRoutes(index, { regionId: 'co', limit: 5 });
    expect(routes.map((r) => [r.programIds, r.destinationId])).toEqual([[['p1'], 'o-high']]);
    // With a target occupation, only it qualifies: p1 then reaches o-mid and the route ends there.
    expect(findRoutes(index, { regionId: 'co', target: { occupationId: 'o-high' } })[0]?.programIds).toEqual(['p1']);
  });

  it('leaves out detours: a step whose removal changes nothing later', () => {
    const index = graph({
      programs: [
        { id: 'p-side', name: 'side', providerId: 'x', awards: ['d'], months: 0, cost: 0 },
        { id: 'p-base', name: 'base', providerId: 'x', awards: ['a'], months: 2, cost: 100 },
        { id: 'p-top', name: 'top', providerId: 'x', awards: ['b'], months: 5, credits: 10, requires: [['a']] },
        { id: 'p-credit', name: 'credit', providerId: 'x', awards: ['c'], months: 1, cost: 0 },
      ],
      edges: [
        { kind: 'QUALIFIES_FOR', from: 'b', to: 'o-high' },
        { kind: 'ARTICULATES_TO', from: 'c', to: 'p-top', credits: 5 },
      ],
    });
    const routes = findRoutes(index, { regionId: 'co', limit: 10 });
    // p-side is free but never contributes; p-credit halves p-top, so it does.
    expect(routes.map((r) => r.programIds)).toEqual([
      ['p-base', 'p-credit', 'p-top'],
      ['p-base', 'p-top'],
    ]);
    expect(routes[0]?.totalMonths).toBe(5.5);
  });

  it('counts credit toward a program without credits as none', () => {
    const index = graph({
      programs: [
        { id: 'p-a', name: 'a', providerId: 'x', awards: ['a'], months: 1 },
        { id: 'p-b', name: 'b', providerId: 'x', awards: ['b'], months: 4, cost: 400 },
      ],
      edges: [
        { kind: 'QUALIFIES_FOR', from: 'b', to: 'o-high' },
        { kind: 'ARTICULATES_TO', from: 'a', to: 'p-b', credits: 5 },
      ],
    });
    expect(findRoutes(index, { regionId: 'co', limit: 5 }).map((r) => [r.programIds, r.creditsGranted])).toEqual([
      [['p-b'], 0],
    ]);
  });

  it('lets the entry point enter a program whatever it requires', () => {
    const index = graph({
      programs: [{ id: 'p', name: 'p', providerId: 'x', awards: ['b'], months: 4, requires: [['e']] }],
      entryPoints: [{ id: 'ep', name: 'ep', enters: ['p'] }],
      edges: [{ kind: 'QUALIFIES_FOR', from: 'b', to: 'o-high' }],
    });
    expect(findRoutes(index, { regionId: 'co' })).toEqual([]);
    expect(findRoutes(index, { regionId: 'co', entryPointId: 'ep' }).map((r) => r.programIds)).toEqual([['p']]);
  });
});

type RioStep = Required<ExpectedStep>;
type RioRoute = ExpectedRoute & { exitPoints: ExpectedExitPoint[] } & Required<
    Pick<ExpectedRoute, 'earningsDuringRoute' | 'monthsWithoutPay' | 'firstPaycheckMonth' | 'netIncome'>
  >;

const rioIndex = new GraphIndex(bundleSchema.parse(readJson('rio-grande.bundle.json')));
const rioCases = (readJson('rio-grande.expected.json') as { routes: { input: RouteInput; expected: RioRoute[] }[] })
  .routes;

describe('findRoutes on the 1.1 worked examples (graph/test/examples/rio-grande): work and pay', () => {
  it.each(rioCases.map((c, i) => [i, JSON.stringify(c.input), c] as const))('case %i: %s', (_i, _label, c) => {
    const routes = findRoutes(rioIndex, c.input);
    expect(routes.map((r) => r.programIds)).toEqual(c.expected.map((r) => r.programs));
    routes.forEach((route, r) => {
      const want = c.expected[r] as RioRoute;
      expect(route.rank).toBe(want.rank);
      close(route.totalMonths, want.totalMonths);
      close(route.totalCost, want.totalCost);
      close(route.creditsGranted, want.creditsGranted);
      expect(route.destinationId).toBe(want.destination);
      expect(route.destinationWage).toBe(want.destinationWage);
      expect(route.familySupporting).toBe(want.familySupporting);
      close(route.earningsDuringRoute, want.earningsDuringRoute);
      close(route.monthsWithoutPay, want.monthsWithoutPay);
      close(route.firstPaycheckMonth, want.firstPaycheckMonth);
      close(route.netIncome, want.netIncome);
      expect(route.steps).toHaveLength(want.steps.length);
      route.steps.forEach((step, s) => {
        const w = want.steps[s] as RioStep;
        expect(step.kind).toBe(w.kind);
        expect(step.kind === 'WORK' ? null : step.programId).toBe(w.program);
        expect(step.edge ? { from: step.edge.from, to: step.edge.to } : null).toEqual(w.edge);
        close(step.months, w.months);
        close(step.cost, w.cost);
        close(step.creditsGranted, w.creditsGranted);
        close(step.startMonth, w.startMonth);
        expect(step.workingAsId).toBe(w.workingAs);
        close(step.earnings, w.earnings);
        expect(step.missingSupports).toEqual(w.missingSupports);
      });
      expect(route.exitPoints.map((e) => [e.credentialId, e.occupationId, e.medianAnnual, e.familySupporting])).toEqual(
        want.exitPoints.map((e) => [e.credential, e.occupation, e.medianAnnual, e.familySupporting]),
      );
      route.exitPoints.forEach((e, k) => {
        close(e.month, (want.exitPoints[k] as { month: number }).month);
      });
    });
  });

  it('gives a work step its edge and years, and no provider, supports or awards', () => {
    const [route] = findRoutes(rioIndex, {
      regionId: 'tx-cameron',
      entryPointId: 'ep-working-cna',
      advancement: true,
      maxMonthsWithoutPay: 3,
      needs: ['Childcare'],
      limit: 1,
    });
    expect(route?.steps[1]).toMatchObject({
      kind: 'WORK',
      programId: '',
      providerId: '',
      edge: { from: '47-3013.00', to: '47-2111.00', years: 4 },
      months: 48,
      cost: 0,
      awards: [],
      supportIds: [],
      missingSupports: [],
      workingAsId: '47-3013.00',
    });
  });

  it('never takes an ADVANCES_TO edge without years, nor any edge without advancement', () => {
    const all = (input: RouteInput) => findRoutes(rioIndex, { ...input, limit: 10 }).flatMap((r) => r.programIds);
    const base: RouteInput = {
      regionId: 'tx-cameron',
      entryPointId: 'ep-working-cna',
      target: { occupationId: '31-9092.00' },
    };
    expect(all({ ...base, advancement: true })).not.toContain('31-1131.00>31-9092.00');
    expect(all({ regionId: 'tx-cameron', entryPointId: 'ep-working-cna' }).some((id) => id.includes('>'))).toBe(false);
  });

  it('names the new arguments and why when they are bad', () => {
    const base = { regionId: 'tx-cameron' };
    expect(() => findRoutes(rioIndex, { ...base, horizonMonths: 0 })).toThrow('must be from 1 to 600');
    expect(() => findRoutes(rioIndex, { ...base, horizonMonths: 601 })).toThrow(BadInputError);
    expect(() => findRoutes(rioIndex, { ...base, maxMonthsWithoutPay: -1 })).toThrow('must be 0 or more');
    expect(() => findRoutes(rioIndex, { ...base, objective: 'PAY' as never })).toThrow('TIME, COST or INCOME');
    try {
      findRoutes(rioIndex, { ...base, horizonMonths: 0 });
    } catch (error) {
      expect((error as BadInputError).path).toBe('input.horizonMonths');
    }
  });
});

describe('findRoutes: order-dependent rules of section 5', () => {
  // A (day, 6 months) qualifies for a paid job; B (evening, 12 months) is paid only once that job is
  // held, and its credential articulates all of A's credits (A then takes no time); F needs both.
  const bundle: Bundle = bundleSchema.parse({
    format: 'pathway-bundle',
    version: 1.1,
    regions: [{ id: 'r', name: 'R' }],
    wageThresholds: [{ regionId: 'r', household: '1A1C', annual: 50000 }],
    occupations: [
      { id: 'job', title: 'Job' },
      { id: 'goal', title: 'Goal' },
    ],
    occupationWages: [
      { occupationId: 'job', regionId: 'r', medianAnnual: 36000 },
      { occupationId: 'goal', regionId: 'r', medianAnnual: 60000 },
    ],
    credentials: ['ca', 'cb', 'cf'].map((id) => ({ id, name: id, type: 'Certificate' })),
    programs: [
      { id: 'A', name: 'A', providerId: 'x', awards: ['ca'], months: 6, credits: 10, schedules: ['day'] },
      { id: 'B', name: 'B', providerId: 'x', awards: ['cb'], months: 12, schedules: ['evening'] },
      {
        id: 'F',
        name: 'F',
        providerId: 'x',
        awards: ['cf'],
        months: 2,
        requires: [['ca'], ['cb']],
        schedules: ['day'],
      },
    ],
    edges: [
      { kind: 'QUALIFIES_FOR', from: 'ca', to: 'job' },
      { kind: 'QUALIFIES_FOR', from: 'cf', to: 'goal' },
      { kind: 'ARTICULATES_TO', from: 'cb', to: 'A', credits: 10 },
    ],
  });
  const index = new GraphIndex(bundle);
  const base: RouteInput = { regionId: 'r', limit: 1 };

  it('reports a set in its best order, and in its best order within maxMonthsWithoutPay', () => {
    const [fastest] = findRoutes(index, base);
    expect(fastest?.programIds).toEqual(['B', 'A', 'F']);
    expect(fastest).toMatchObject({ totalMonths: 14, monthsWithoutPay: 14, earningsDuringRoute: 0 });
    const [paid] = findRoutes(index, { ...base, maxMonthsWithoutPay: 8 });
    expect(paid?.programIds).toEqual(['A', 'B', 'F']);
    expect(paid).toMatchObject({
      totalMonths: 20,
      monthsWithoutPay: 8,
      earningsDuringRoute: 36000,
      firstPaycheckMonth: 6,
    });
    expect(paid?.steps[1]).toMatchObject({ programId: 'B', startMonth: 6, workingAsId: 'job', earnings: 36000 });
    expect(findRoutes(index, { ...base, maxMonthsWithoutPay: 7 })).toEqual([]);
  });

  it('under INCOME picks the order that earns more over the horizon', () => {
    // Over 60 months: B, A, F earns 0 + 5000 × 46 − 0; A, B, F earns 36000 + 5000 × 40.
    const [best] = findRoutes(index, { ...base, objective: 'INCOME' });
    expect(best?.programIds).toEqual(['A', 'B', 'F']);
    expect(best?.netIncome).toBe(36000 + 5000 * 40);
    const [short] = findRoutes(index, { ...base, objective: 'INCOME', horizonMonths: 20 });
    expect(short?.netIncome).toBe(Math.max(36000, 5000 * 6));
  });
});

describe('findRoutes under INCOME: the pay ladder', () => {
  // A needs nothing and pays a training wage from month 0 but ends after the horizon, and B
  // (needing nothing, unpaid) ends after it too but before A, so the forward bounds stop at B
  // before the finals are ranked; F needs A or B. G needs nothing and leads to a better-paid goal.
  // Over 6 months A, F earns 7000 × 6 and G 5000 × 5; over 60, 7000 × 12 + 55000 / 12 × 47 and
  // 5000 × 59.
  const bundle: Bundle = bundleSchema.parse({
    format: 'pathway-bundle',
    version: 1.1,
    regions: [{ id: 'r', name: 'R' }],
    wageThresholds: [{ regionId: 'r', household: '1A1C', annual: 50000 }],
    occupations: [
      { id: 'goal', title: 'Goal' },
      { id: 'other', title: 'Other' },
    ],
    occupationWages: [
      { occupationId: 'goal', regionId: 'r', medianAnnual: 55000 },
      { occupationId: 'other', regionId: 'r', medianAnnual: 60000 },
    ],
    credentials: ['ca', 'cb', 'cf', 'cg'].map((id) => ({ id, name: id, type: 'Certificate' })),
    programs: [
      { id: 'A', name: 'A', providerId: 'x', awards: ['ca'], months: 12, trainingWage: 84000 },
      { id: 'B', name: 'B', providerId: 'x', awards: ['cb'], months: 7 },
      { id: 'F', name: 'F', providerId: 'x', awards: ['cf'], months: 1, requires: [['ca', 'cb']] },
      { id: 'G', name: 'G', providerId: 'x', awards: ['cg'], months: 1 },
    ],
    edges: [
      { kind: 'QUALIFIES_FOR', from: 'cf', to: 'goal' },
      { kind: 'QUALIFIES_FOR', from: 'cg', to: 'other' },
    ],
  });
  const index = new GraphIndex(bundle);

  it('counts the training wage of a program without requirements from month 0', () => {
    const [best] = findRoutes(index, { regionId: 'r', limit: 1, objective: 'INCOME', horizonMonths: 6 });
    expect(best?.programIds).toEqual(['A', 'F']);
    expect(best?.netIncome).toBe(7000 * 6);
    const [later] = findRoutes(index, { regionId: 'r', limit: 1, objective: 'INCOME', horizonMonths: 60 });
    expect(later?.programIds).toEqual(['A', 'F']);
    expect(later?.netIncome).toBeCloseTo(7000 * 12 + (55000 / 12) * 47, 2);
  });
});
