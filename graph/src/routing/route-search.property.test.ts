/**
 * findRoutes against its slow obvious twin: a brute-force enumerator that reads CONTRACT.md
 * section 2 literally (every sequence of distinct available programs, each startable, stopped at
 * the first qualifying step, every step removed in turn to check that it contributes), compared
 * on random graphs of 3 to 9 programs. Where ties make several answers equally right the comparison accepts
 * any of them: per rank the same (primary, secondary, steps) key, a program set the brute force
 * ranks with that key, in an order that is a valid route with the set's best totals.
 *
 * The last describe does the same for contract 1.1 section 5 against the twin of
 * route-reference.ts (work steps, pay, INCOME, horizons, maxMonthsWithoutPay), comparing every
 * figure of every step and route. ROUTE_PROPERTY_RUNS=1000 (the default) runs 3,000 such graphs.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '../errors.ts';
import type { Bundle, Program } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { type ParsedRouteInput, parseRouteInput, type Route, type RouteInput } from './route-input.ts';
import { type ReferenceRoute, referenceRoutes } from './route-reference.ts';
import { findRoutes, routeTuning } from './route-search.ts';

// ---------------------------------------------------------------------------------------------
// The brute force.

interface BruteRoute {
  order: string[];
  months: number;
  cost: number;
  destination: string;
  destinationWage: number | null;
  familySupporting: boolean;
  missing: string[][];
}

interface BruteAnswer {
  /** every distinct program set, in its best order, best first */
  ranked: BruteRoute[];
  /** every valid order, keyed by its program ids joined */
  valid: Map<string, BruteRoute>;
}

const TIE = 1e-6;
const tieKey = (x: number) => Math.round(x / TIE);

function bruteRoutes(index: GraphIndex, raw: RouteInput): BruteAnswer {
  const input: ParsedRouteInput = parseRouteInput(raw);
  const bundle = index.bundle;
  const R = input.regionId;
  if (!(bundle.regions ?? []).some((r) => r.id === R)) throw new NotFoundError('input.regionId', 'unknown');
  const credentialIds = new Set((bundle.credentials ?? []).map((c) => c.id));
  (input.heldCredentialIds ?? []).forEach((id, i) => {
    if (!credentialIds.has(id)) throw new NotFoundError(`input.heldCredentialIds[${i}]`, 'unknown');
  });
  const entryPoint = (bundle.entryPoints ?? []).find((e) => e.id === input.entryPointId);
  if (input.entryPointId !== undefined && !entryPoint) throw new NotFoundError('input.entryPointId', 'unknown');
  const threshold = index.thresholdIn(R, input.household)?.annual ?? null;
  const wage = (o: string) => index.wageIn(o, R)?.medianAnnual ?? null;
  const sectorId = input.target?.sectorId;
  if (sectorId !== undefined && !(bundle.sectors ?? []).some((s) => s.id === sectorId)) {
    throw new NotFoundError('input.target.sectorId', 'unknown');
  }
  let targets: string[];
  const occupationId = input.target?.occupationId;
  if (occupationId !== undefined) {
    if (!(bundle.occupations ?? []).some((o) => o.id === occupationId)) {
      throw new NotFoundError('input.target.occupationId', 'unknown');
    }
    targets = [occupationId];
  } else {
    if (threshold === null) throw new NotFoundError('input.household', 'no threshold');
    targets = (bundle.occupations ?? [])
      .filter((o) => sectorId === undefined || (o.sectorIds ?? []).includes(sectorId))
      .filter((o) => {
        const w = wage(o.id);
        return w !== null && w >= threshold;
      })
      .map((o) => o.id);
  }
  const edges = bundle.edges ?? [];
  const qualifiedTargets = (held: Set<string>) =>
    edges.filter((e) => e.kind === 'QUALIFIES_FOR' && held.has(e.from) && targets.includes(e.to)).map((e) => e.to);
  const destinationOf = (held: Set<string>): string | undefined => {
    const reached = qualifiedTargets(held);
    reached.sort((a, b) => (wage(b) ?? -1) - (wage(a) ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
    return reached[0];
  };

  const related = index.relatedRegions(R);
  const programs = (bundle.programs ?? []).filter((p) => {
    if (!index.isAvailable(p, related)) return false;
    if (input.modality && p.modality && p.modality !== input.modality) return false;
    if (input.schedules?.length && p.schedules?.length && !p.schedules.some((s) => input.schedules?.includes(s))) {
      return false;
    }
    if (input.languages?.length && p.languages?.length && !p.languages.some((l) => input.languages?.includes(l))) {
      return false;
    }
    return true;
  });
  const missingAt = (p: Program) => {
    const kinds = index.supportsAt(p.id, R).map((s) => s.kind);
    return (input.needs ?? []).filter((k) => !kinds.includes(k));
  };
  const enters = new Set(entryPoint?.enters ?? []);
  const startable = (p: Program, held: Set<string>) =>
    enters.has(p.id) || (p.requires ?? []).every((group) => group.some((c) => held.has(c)));
  const credits = (p: Program, held: Set<string>) => {
    let sum = 0;
    for (const e of edges) {
      if (e.kind === 'STACKS_INTO' && held.has(e.from) && p.awards.includes(e.to)) sum += e.creditsApplied ?? 0;
      if (e.kind === 'ARTICULATES_TO' && held.has(e.from) && e.to === p.id) sum += e.credits;
    }
    return Math.min(sum, p.credits ?? 0);
  };
  const share = (p: Program, granted: number) => (p.credits ? 1 - granted / p.credits : 1);

  const start = new Set([...(input.heldCredentialIds ?? []), ...(entryPoint?.holds ?? [])]);
  const valid = new Map<string, BruteRoute>();
  const initial = destinationOf(start);
  if (initial !== undefined) {
    const w = wage(initial);
    const route = {
      order: [],
      months: 0,
      cost: 0,
      destination: initial,
      destinationWage: w,
      familySupporting: w !== null && threshold !== null && w >= threshold,
      missing: [],
    };
    valid.set('', route);
    return { ranked: [route], valid };
  }

  /** Does every step contribute? Remove each in turn, the others kept in order. */
  const noDetour = (seq: Program[], destination: string) => {
    const grantedAt: number[] = [];
    const held = new Set(start);
    for (const p of seq) {
      grantedAt.push(credits(p, held));
      for (const c of p.awards) held.add(c);
    }
    for (let i = 0; i < seq.length; i++) {
      let contributes = false;
      const h = new Set(start);
      for (let j = 0; j < seq.length && !contributes; j++) {
        const p = seq[j] as Program;
        if (j === i) continue;
        if (j > i && (!startable(p, h) || credits(p, h) < (grantedAt[j] as number))) contributes = true;
        for (const c of p.awards) h.add(c);
      }
      if (!contributes && !qualifiedTargets(h).includes(destination)) contributes = true;
      if (!contributes) return false;
    }
    return true;
  };

  const visit = (seq: Program[], held: Set<string>) => {
    for (const p of programs) {
      if (seq.includes(p) || !startable(p, held)) continue;
      const next = [...seq, p];
      const after = new Set(held);
      for (const c of p.awards) after.add(c);
      const destination = destinationOf(after);
      if (destination === undefined) {
        visit(next, after);
        continue;
      }
      if (!noDetour(next, destination)) continue;
      let months = 0;
      let cost = 0;
      const h = new Set(start);
      for (const q of next) {
        const s = share(q, credits(q, h));
        months += q.months * s;
        cost += (q.cost ?? 0) * s;
        for (const c of q.awards) h.add(c);
      }
      if (input.maxMonths !== undefined && months > input.maxMonths + 1e-9) continue;
      if (input.maxCost !== undefined && cost > input.maxCost + 1e-9) continue;
      const missing = next.map(missingAt);
      if (input.requireSupports && missing.some((m) => m.length > 0)) continue;
      const w = wage(destination);
      valid.set(next.map((q) => q.id).join(','), {
        order: next.map((q) => q.id),
        months,
        cost,
        destination,
        destinationWage: w,
        familySupporting: w !== null && threshold !== null && w >= threshold,
        missing,
      });
    }
  };
  visit([], start);

  const time = input.objective === 'TIME';
  const key = (r: BruteRoute) => [tieKey(time ? r.months : r.cost), tieKey(time ? r.cost : r.months), r.order.length];
  const compare = (a: BruteRoute, b: BruteRoute) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
    return 0;
  };
  const bestBySet = new Map<string, BruteRoute>();
  for (const route of valid.values()) {
    const set = [...route.order].sort().join(',');
    const old = bestBySet.get(set);
    if (!old || compare(route, old) < 0) bestBySet.set(set, route);
  }
  return { ranked: [...bestBySet.values()].sort(compare), valid };
}

// ---------------------------------------------------------------------------------------------
// Random small graphs.

const REGIONS = ['r0', 'r1', 'r2', 'r3'];
const KINDS = ['Advising', 'Childcare', 'Transportation'] as const;
/** Undefined most of the time: filters and region lists that apply in every run would leave few routes. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent = 25): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary: arb, weight: percent });

/**
 * Programs mostly sit on a ladder (level 0-3, awarding level credentials, requiring lower ones) so
 * that multi-step routes are common; the rest award and require anything.
 */
const programArb = fc.record({
  level: fc.integer({ min: 0, max: 3 }),
  laddered: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  awards: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 2 }),
  months: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.constantFrom(1.5, 2.25, 7.5)),
  cost: sometimes(
    fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((x) => x * 100),
      fc.constant(1234.56),
    ),
    85,
  ),
  credits: sometimes(fc.constantFrom(0, 10, 20, 30, 45), 60),
  requires: fc.oneof(
    fc.constant([] as number[][]),
    fc.array(fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
  ),
  regionIds: sometimes(fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 })),
  modality: sometimes(fc.constantFrom('in-person', 'online', 'hybrid' as const)),
  schedules: sometimes(fc.uniqueArray(fc.constantFrom('day', 'evening' as const), { minLength: 1 })),
  languages: sometimes(fc.uniqueArray(fc.constantFrom('en', 'es'), { minLength: 1 })),
});

const scenarioArb = fc.record({
  credentials: fc.constant(8),
  programs: fc.array(programArb, { minLength: 4, maxLength: 8 }),
  stacks: fc.array(
    fc.record({ from: fc.nat(7), to: fc.nat(7), creditsApplied: fc.option(fc.constantFrom(5, 10, 15, 30)) }),
    { maxLength: 4 },
  ),
  articulations: fc.array(fc.record({ from: fc.nat(7), to: fc.nat(7), credits: fc.constantFrom(0, 5, 10, 20, 50) }), {
    maxLength: 3,
  }),
  /** one credential per occupation (mostly from the top of the ladder), then a few more edges */
  qualifiers: fc.array(
    fc.oneof({ arbitrary: fc.integer({ min: 4, max: 7 }), weight: 9 }, { arbitrary: fc.nat(7), weight: 1 }),
    { minLength: 4, maxLength: 4 },
  ),
  qualifies: fc.array(fc.record({ from: fc.integer({ min: 2, max: 7 }), to: fc.nat(3) }), { maxLength: 3 }),
  occupationSectors: fc.array(fc.uniqueArray(fc.constantFrom('s0', 's1'), { maxLength: 2 }), {
    minLength: 4,
    maxLength: 4,
  }),
  rootWages: fc.array(fc.constantFrom(30_000, 60_000, 70_000, 90_000), { minLength: 4, maxLength: 4 }),
  rootThreshold: sometimes(fc.constantFrom(40_000, 55_000, 65_000), 90),
  wages: fc.array(
    fc.record({
      occupation: fc.nat(3),
      region: fc.constantFrom(...REGIONS),
      median: fc.constantFrom(30_000, 50_000, 60_000, 70_000, 90_000),
    }),
    { maxLength: 6 },
  ),
  thresholds: fc.array(
    fc.record({
      region: fc.constantFrom(...REGIONS),
      household: fc.constantFrom('1A1C', '1A0C' as const),
      annual: fc.constantFrom(40_000, 60_000, 80_000),
    }),
    { maxLength: 3 },
  ),
  entryPoint: sometimes(
    fc.record({
      holds: fc.uniqueArray(fc.nat(3), { maxLength: 2 }),
      enters: fc.uniqueArray(fc.nat(7), { maxLength: 2 }),
    }),
    70,
  ),
  supports: fc.array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      programIds: fc.uniqueArray(fc.nat(7), { maxLength: 3 }),
      regionIds: sometimes(fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }), 50),
    }),
    { maxLength: 3 },
  ),
  input: fc.record({
    region: fc.constantFrom(...REGIONS),
    household: fc.constantFrom('1A1C', '1A0C' as const),
    useEntryPoint: fc.boolean(),
    held: fc.uniqueArray(fc.oneof({ arbitrary: fc.nat(3), weight: 4 }, { arbitrary: fc.nat(7), weight: 1 }), {
      maxLength: 2,
    }),
    target: fc.oneof(
      fc.constant(undefined),
      fc.nat(3).map((o) => ({ occupationId: `o${o}` })),
      fc.constantFrom('s0', 's1').map((s) => ({ sectorId: s })),
    ),
    objective: fc.constantFrom('TIME', 'COST' as const),
    limit: fc.integer({ min: 1, max: 5 }),
    maxMonths: sometimes(fc.constantFrom(6, 12, 24, 40), 15),
    maxCost: sometimes(fc.constantFrom(1000, 3000, 6000), 15),
    needs: sometimes(fc.uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 2 }), 30),
    requireSupports: sometimes(fc.boolean(), 30),
    modality: sometimes(fc.constantFrom('in-person', 'online', 'hybrid' as const), 15),
    schedules: sometimes(fc.uniqueArray(fc.constantFrom('day', 'evening' as const), { minLength: 1 }), 15),
    languages: sometimes(fc.uniqueArray(fc.constantFrom('en', 'es'), { minLength: 1 }), 15),
  }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function buildScenario(s: Scenario): { bundle: Bundle; input: RouteInput } {
  const cred = (n: number) => `c${n % s.credentials}`;
  const prog = (n: number) => `p${n % s.programs.length}`;
  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1,
    regions: [
      { id: 'r0', name: 'root' },
      { id: 'r1', name: 'one', parentId: 'r0' },
      { id: 'r2', name: 'two', parentId: 'r0' },
      { id: 'r3', name: 'three', parentId: 'r1' },
    ],
    sectors: [
      { id: 's0', name: 'zero' },
      { id: 's1', name: 'one' },
    ],
    occupations: s.occupationSectors.map((sectorIds, i) => ({ id: `o${i}`, title: `o${i}`, sectorIds })),
    occupationWages: [
      ...s.rootWages.map((median, o) => ({ occupationId: `o${o}`, regionId: 'r0', medianAnnual: median })),
      ...s.wages
        .filter((w) => w.region !== 'r0')
        .map((w) => ({ occupationId: `o${w.occupation}`, regionId: w.region, medianAnnual: w.median })),
    ],
    wageThresholds: [
      ...(s.rootThreshold !== undefined
        ? (['1A1C', '1A0C'] as const).map((household) => ({
            regionId: 'r0',
            household,
            annual: s.rootThreshold as number,
          }))
        : []),
      ...s.thresholds
        .filter((t) => t.region !== 'r0')
        .map((t) => ({ regionId: t.region, household: t.household, annual: t.annual })),
    ],
    credentials: Array.from({ length: s.credentials }, (_, i) => ({ id: `c${i}`, name: `c${i}`, type: 'Other' })),
    programs: s.programs
      .map((p, i) => {
        // On the ladder, level L awards credentials 2L and 2L+1 and requires credentials below 2L,
        // mostly those of the level just below.
        const awards = p.laddered ? p.awards.map((c) => 2 * p.level + (c % 2)) : p.awards;
        const lower = (c: number) => (c % 3 === 0 ? c % (2 * p.level) : 2 * (p.level - 1) + (c % 2));
        const requires = p.laddered ? (p.level === 0 ? [] : p.requires.map((group) => group.map(lower))) : p.requires;
        return { p, i, awards, requires };
      })
      .map(({ p, i, awards, requires }) => ({
        id: `p${i}`,
        name: `p${i}`,
        providerId: 'x',
        awards: [...new Set(awards.map(cred))],
        months: p.months,
        ...(p.cost !== undefined ? { cost: p.cost } : {}),
        ...(p.credits !== undefined ? { credits: p.credits } : {}),
        ...(requires.length > 0 ? { requires: requires.map((g) => [...new Set(g.map(cred))]) } : {}),
        ...(p.regionIds ? { regionIds: p.regionIds } : {}),
        ...(p.modality ? { modality: p.modality } : {}),
        ...(p.schedules ? { schedules: p.schedules } : {}),
        ...(p.languages ? { languages: p.languages } : {}),
      })),
    entryPoints: s.entryPoint
      ? [
          {
            id: 'ep',
            name: 'ep',
            holds: [...new Set(s.entryPoint.holds.map(cred))],
            enters: [...new Set(s.entryPoint.enters.map(prog))],
          },
        ]
      : [],
    supports: s.supports.map((x, i) => ({
      id: `sup${i}`,
      name: `sup${i}`,
      kind: x.kind,
      programIds: [...new Set(x.programIds.map(prog))],
      ...(x.regionIds ? { regionIds: x.regionIds } : {}),
    })),
    edges: [
      ...s.stacks.map((e) => ({
        kind: 'STACKS_INTO' as const,
        from: cred(e.from),
        to: cred(e.to),
        ...(e.creditsApplied !== null ? { creditsApplied: e.creditsApplied } : {}),
      })),
      ...s.articulations.map((e) => ({
        kind: 'ARTICULATES_TO' as const,
        from: cred(e.from),
        to: prog(e.to),
        credits: e.credits,
      })),
      ...s.qualifiers.map((c, o) => ({ kind: 'QUALIFIES_FOR' as const, from: cred(c), to: `o${o}` })),
      ...s.qualifies.map((e) => ({ kind: 'QUALIFIES_FOR' as const, from: cred(e.from), to: `o${e.to}` })),
    ],
  };
  const i = s.input;
  const input: RouteInput = {
    regionId: i.region,
    household: i.household,
    ...(i.useEntryPoint && s.entryPoint ? { entryPointId: 'ep' } : {}),
    heldCredentialIds: [...new Set(i.held.map(cred))],
    ...(i.target ? { target: i.target } : {}),
    objective: i.objective,
    limit: i.limit,
    ...(i.maxMonths !== undefined ? { maxMonths: i.maxMonths } : {}),
    ...(i.maxCost !== undefined ? { maxCost: i.maxCost } : {}),
    ...(i.needs ? { needs: i.needs } : {}),
    ...(i.requireSupports !== undefined ? { requireSupports: i.requireSupports } : {}),
    ...(i.modality ? { modality: i.modality } : {}),
    ...(i.schedules ? { schedules: i.schedules } : {}),
    ...(i.languages ? { languages: i.languages } : {}),
  };
  return { bundle, input };
}

function outcome<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/**
 * When either side threw: the difference (same error class and argument path expected), or null
 * when both threw alike. undefined when both answered.
 */
function errorDifference(
  expected: { error: unknown } | object,
  actual: { error: unknown } | object,
): string | null | undefined {
  if ('error' in expected) {
    if (!('error' in actual)) return `expected ${String(expected.error)}, got routes`;
    const e = expected.error as NotFoundError;
    const a = actual.error as NotFoundError;
    if (a.constructor !== e.constructor || a.path !== e.path) return `expected ${String(e)}, got ${String(a)}`;
    return null;
  }
  if ('error' in actual) return `unexpected error ${String(actual.error)}`;
  return undefined;
}

/** Compares findRoutes with the brute force; returns a description of the first difference, or null. */
function difference(index: GraphIndex, input: RouteInput): string | null {
  const expected = outcome(() => bruteRoutes(index, input));
  const actual = outcome(() => findRoutes(index, input));
  const failed = errorDifference(expected, actual);
  if (failed !== undefined) return failed;
  if ('error' in expected || 'error' in actual) return null;
  const { ranked, valid } = expected.value;
  const routes = actual.value;
  const limit = parseRouteInput(input).limit;
  const time = parseRouteInput(input).objective === 'TIME';
  const want = ranked.slice(0, limit);
  if (routes.length !== want.length) {
    return `expected ${want.length} routes (${want.map((r) => r.order.join('>')).join(' ')}), got ${routes.length} (${routes.map((r) => r.programIds.join('>')).join(' ')})`;
  }
  const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
  const sets = new Set<string>();
  for (let r = 0; r < routes.length; r++) {
    const got = routes[r];
    const exp = want[r];
    if (!got || !exp) return 'missing route';
    if (got.rank !== r + 1) return `rank ${got.rank} at ${r}`;
    const gotKey = [time ? got.totalMonths : got.totalCost, time ? got.totalCost : got.totalMonths];
    const expKey = [time ? exp.months : exp.cost, time ? exp.cost : exp.months];
    const tolerances = time ? [1e-4, 0.006] : [0.006, 1e-4];
    if (!close(gotKey[0] as number, expKey[0] as number, tolerances[0] as number)) {
      return `rank ${r + 1}: primary ${gotKey[0]} (${got.programIds}) vs ${expKey[0]} (${exp.order})`;
    }
    if (!close(gotKey[1] as number, expKey[1] as number, tolerances[1] as number)) {
      return `rank ${r + 1}: secondary ${gotKey[1]} (${got.programIds}) vs ${expKey[1]} (${exp.order})`;
    }
    if (got.steps.length !== exp.order.length) return `rank ${r + 1}: ${got.steps.length} steps vs ${exp.order.length}`;
    const route = valid.get(got.programIds.join(','));
    if (!route) return `rank ${r + 1}: ${got.programIds} is not a valid route`;
    const set = [...got.programIds].sort().join(',');
    if (sets.has(set)) return `rank ${r + 1}: set ${set} reported twice`;
    sets.add(set);
    if (!ranked.some((b) => [...b.order].sort().join(',') === set)) return `rank ${r + 1}: ${set} not a best set`;
    if (!close(got.totalMonths, route.months, 1e-4) || !close(got.totalCost, route.cost, 0.006)) {
      return `rank ${r + 1}: totals ${got.totalMonths}/${got.totalCost} vs ${route.months}/${route.cost}`;
    }
    if (got.destinationId !== route.destination)
      return `rank ${r + 1}: destination ${got.destinationId} vs ${route.destination}`;
    if (got.destinationWage !== route.destinationWage) return `rank ${r + 1}: destination wage`;
    if (got.familySupporting !== route.familySupporting) return `rank ${r + 1}: familySupporting`;
    const missing = got.steps.map((s) => s.missingSupports);
    if (JSON.stringify(missing) !== JSON.stringify(route.missing)) {
      return `rank ${r + 1}: missing ${JSON.stringify(missing)} vs ${JSON.stringify(route.missing)}`;
    }
  }
  return null;
}

/** Builds the scenario's graph and throws, with the scenario, when findRoutes and the brute force differ. */
function agrees(scenario: Scenario): { index: GraphIndex; input: RouteInput } {
  const { bundle, input } = buildScenario(scenario);
  const index = new GraphIndex(bundle);
  const diff = difference(index, input);
  if (diff !== null) throw new Error(`${diff}\ninput: ${JSON.stringify(input)}\nbundle: ${JSON.stringify(bundle)}`);
  return { index, input };
}

/** Runs per property (ROUTE_PROPERTY_RUNS raises it for a longer hunt); the coverage floors scale with it. */
const RUNS = Number(process.env.ROUTE_PROPERTY_RUNS ?? 1000);
const SCALE = RUNS / 1000;

describe('findRoutes against a brute-force reading of the contract', () => {
  it(
    'agrees on random small graphs',
    () => {
      let withRoutes = 0;
      let multiStep = 0;
      let errors = 0;
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { index, input } = agrees(scenario);
          const n = routesOf(index, input);
          if (n > 0) withRoutes++;
          if (n < 0) errors++;
          if (n > 0 && findRoutes(index, input).some((r) => r.steps.length > 1)) multiStep++;
        }),
        { numRuns: RUNS },
      );
      // The generator must exercise routes, not only empty answers and errors.
      expect(withRoutes).toBeGreaterThan(200 * SCALE);
      expect(multiStep).toBeGreaterThan(50 * SCALE);
      expect(errors).toBeGreaterThan(0);
    },
    60_000 * Math.max(1, SCALE),
  );

  it(
    'agrees on random ladders (every program on the ladder, few filters): longer routes',
    () => {
      let multiStep = 0;
      const ladders = scenarioArb.map((s) => ({
        ...s,
        programs: s.programs.map((p, i) => ({
          ...p,
          level: i % 4,
          laddered: true,
          requires: p.requires.length > 0 ? p.requires : [[1]],
          regionIds: undefined,
        })),
        entryPoint: s.entryPoint && { ...s.entryPoint, holds: [] },
        input: {
          ...s.input,
          held: s.input.held.slice(0, 1),
          modality: undefined,
          schedules: undefined,
          languages: undefined,
          requireSupports: undefined,
        },
      }));
      fc.assert(
        fc.property(ladders, (scenario) => {
          const { index, input } = agrees(scenario);
          const n = routesOf(index, input);
          if (n > 0 && findRoutes(index, input).some((r) => r.steps.length > 1)) multiStep++;
        }),
        { numRuns: RUNS },
      );
      expect(multiStep).toBeGreaterThan(200 * SCALE);
    },
    60_000 * Math.max(1, SCALE),
  );

  it(
    'agrees on larger ladders (8 or 9 programs)',
    () => {
      let multiStep = 0;
      const larger = fc
        .record({ base: scenarioArb, more: fc.array(programArb, { minLength: 4, maxLength: 5 }) })
        .map(({ base, more }) => ({
          ...base,
          programs: [...base.programs, ...more].slice(0, 9).map((p, i) => ({
            ...p,
            level: i % 4,
            laddered: true,
            requires: p.requires.length > 0 ? p.requires : [[1]],
            regionIds: undefined,
          })),
          entryPoint: base.entryPoint && { ...base.entryPoint, holds: [] },
          input: { ...base.input, held: [], modality: undefined, schedules: undefined, languages: undefined },
        }));
      fc.assert(
        fc.property(larger, (scenario) => {
          const { index, input } = agrees(scenario);
          if (routesOf(index, input) > 0 && findRoutes(index, input).some((r) => r.steps.length > 2)) multiStep++;
        }),
        { numRuns: Math.round(0.3 * RUNS) },
      );
      expect(multiStep).toBeGreaterThan(30 * SCALE);
    },
    60_000 * Math.max(1, SCALE),
  );
});

function routesOf(index: GraphIndex, input: RouteInput): number {
  try {
    return findRoutes(index, input).filter((r) => r.steps.length > 0).length;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof BadInputError) return -1;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Contract 1.1 section 5: work steps, pay and the INCOME objective, against the slow twin of
// route-reference.ts (which passes every worked example, route-reference.test.ts).

/** The scenario above plus jobs, work steps along ADVANCES_TO edges, training wages and schedules. */
const workScenarioArb = fc.record({
  base: scenarioArb,
  /** two more occupations, o4 and o5, with or without a wage: jobs along the way, mostly not targets */
  extraWages: fc.array(sometimes(fc.constantFrom(20_000, 36_000, 45_000, 80_000), 70), { minLength: 2, maxLength: 2 }),
  /** mostly from the bottom of the ladder: jobs held early, where work steps start */
  extraQualifies: fc.array(
    fc.record({
      from: fc.oneof({ arbitrary: fc.nat(3), weight: 3 }, { arbitrary: fc.nat(7), weight: 1 }),
      to: fc.integer({ min: 4, max: 5 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  /** mostly from those jobs (and between them) to the occupations of the base scenario */
  advances: fc.array(
    fc.record({
      from: fc.oneof({ arbitrary: fc.integer({ min: 4, max: 5 }), weight: 3 }, { arbitrary: fc.nat(5), weight: 1 }),
      to: fc.oneof({ arbitrary: fc.nat(3), weight: 3 }, { arbitrary: fc.nat(5), weight: 1 }),
      years: fc.oneof(
        { arbitrary: fc.constantFrom(0.25, 0.5, 1, 2, 4), weight: 4 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      ),
    }),
    { maxLength: 5 },
  ),
  pay: fc.array(
    fc.record({
      trainingWage: sometimes(fc.constantFrom(0, 24_000, 50_000, 95_000), 20),
      schedules: sometimes(
        fc.uniqueArray(fc.constantFrom('day', 'evening', 'weekend', 'self-paced' as const), { minLength: 1 }),
        50,
      ),
      online: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    }),
    { minLength: 9, maxLength: 9 },
  ),
  input: fc.record({
    advancement: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    objective: fc.constantFrom('TIME', 'COST', 'INCOME' as const),
    horizonMonths: sometimes(fc.constantFrom(1, 6, 12, 36, 60, 120, 600), 60),
    maxMonthsWithoutPay: sometimes(fc.constantFrom(0, 3, 6, 12, 24), 25),
  }),
});

type WorkScenario = typeof workScenarioArb extends fc.Arbitrary<infer S> ? S : never;

function buildWorkScenario(s: WorkScenario): { bundle: Bundle; input: RouteInput } {
  const { bundle, input } = buildScenario(s.base);
  bundle.occupations = [...(bundle.occupations ?? []), ...[4, 5].map((i) => ({ id: `o${i}`, title: `o${i}` }))];
  s.extraWages.forEach((median, i) => {
    if (median !== undefined) {
      bundle.occupationWages?.push({ occupationId: `o${i + 4}`, regionId: 'r0', medianAnnual: median });
    }
  });
  bundle.programs = (bundle.programs ?? []).map((p, i) => {
    const pay = s.pay[i % s.pay.length];
    if (!pay) return p;
    const out: Program = { ...p };
    if (pay.trainingWage !== undefined) out.trainingWage = pay.trainingWage;
    if (pay.schedules !== undefined) out.schedules = pay.schedules;
    if (pay.online) out.modality = 'online';
    return out;
  });
  bundle.edges = [
    ...(bundle.edges ?? []),
    ...s.extraQualifies.map((e) => ({ kind: 'QUALIFIES_FOR' as const, from: `c${e.from}`, to: `o${e.to}` })),
    ...[...new Map(s.advances.map((e) => [`${e.from}>${e.to}`, e])).values()].map((e) => ({
      kind: 'ADVANCES_TO' as const,
      from: `o${e.from}`,
      to: `o${e.to}`,
      ...(e.years !== undefined ? { years: e.years } : {}),
    })),
  ];
  const i = s.input;
  return {
    bundle,
    input: {
      ...input,
      advancement: i.advancement,
      objective: i.objective,
      ...(i.horizonMonths !== undefined ? { horizonMonths: i.horizonMonths } : {}),
      ...(i.maxMonthsWithoutPay !== undefined ? { maxMonthsWithoutPay: i.maxMonthsWithoutPay } : {}),
    },
  };
}

/**
 * Compares findRoutes with the twin, every figure; returns the first difference, or null. Where ties
 * make several answers right it accepts any: per rank, the twin's key of that rank; a set the twin
 * ranks, in an order that is a route within the limits with its set's best key; no set twice; and
 * the reported figures those of that order.
 */
function workDifference(index: GraphIndex, input: RouteInput): string | null {
  const expected = outcome(() => referenceRoutes(index, input));
  const actual = outcome(() => findRoutes(index, input));
  const failed = errorDifference(expected, actual);
  if (failed !== undefined) return failed;
  if ('error' in expected || 'error' in actual) return null;
  const { ranked, valid, key } = expected.value;
  const routes = actual.value;
  const want = ranked.slice(0, parseRouteInput(input).limit);
  const show = (orders: string[][]) => orders.map((o) => o.join('>')).join(' ');
  if (routes.length !== want.length) {
    return `expected ${want.length} routes (${show(want.map((r) => r.order))}), got ${routes.length} (${show(routes.map((r) => r.programIds))})`;
  }
  const bestOfSet = new Map(ranked.map((r) => [r.set, r]));
  const sets = new Set<string>();
  const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
  for (let r = 0; r < routes.length; r++) {
    const got = routes[r] as Route;
    const exp = want[r] as ReferenceRoute;
    const label = `rank ${r + 1} (${got.programIds.join('>')} vs ${exp.order.join('>')})`;
    if (got.rank !== r + 1) return `${label}: rank ${got.rank}`;
    const route = valid.get(got.programIds.join(','));
    if (!route) return `${label}: not a valid route within the limits`;
    if (key(route).join() !== key(exp).join()) return `${label}: key ${key(route)} vs ${key(exp)}`;
    const best = bestOfSet.get(route.set);
    if (!best || key(best).join() !== key(route).join()) return `${label}: not its set's best order`;
    if (sets.has(route.set)) return `${label}: set reported twice`;
    sets.add(route.set);
    const months = (a: number, b: number, what: string) => (near(a, b, 1e-4) ? null : `${what} ${a} vs ${b}`);
    const money = (a: number, b: number, what: string) => (near(a, b, 0.006) ? null : `${what} ${a} vs ${b}`);
    const checks: (string | null)[] = [
      months(got.totalMonths, route.totalMonths, 'totalMonths'),
      money(got.totalCost, route.totalCost, 'totalCost'),
      months(got.creditsGranted, route.creditsGranted, 'creditsGranted'),
      got.destinationId === route.destination ? null : `destination ${got.destinationId} vs ${route.destination}`,
      got.destinationWage === route.destinationWage ? null : 'destinationWage',
      got.familySupporting === route.familySupporting ? null : 'familySupporting',
      money(got.earningsDuringRoute, route.earningsDuringRoute, 'earningsDuringRoute'),
      months(got.monthsWithoutPay, route.monthsWithoutPay, 'monthsWithoutPay'),
      months(got.firstPaycheckMonth, route.firstPaycheckMonth, 'firstPaycheckMonth'),
      money(got.netIncome, route.netIncome, 'netIncome'),
      got.steps.length === route.steps.length ? null : 'step count',
    ];
    route.steps.forEach((want, k) => {
      const step = got.steps[k];
      if (!step) return;
      checks.push(
        step.kind === want.kind ? null : `step ${k} kind`,
        (step.kind === 'WORK' ? `${step.edge?.from}>${step.edge?.to}` : step.programId) === want.id
          ? null
          : `step ${k} id`,
        step.kind === 'WORK' && step.edge?.years !== want.edge?.years ? `step ${k} years` : null,
        months(step.startMonth, want.startMonth, `step ${k} startMonth`),
        months(step.months, want.months, `step ${k} months`),
        money(step.cost, want.cost, `step ${k} cost`),
        months(step.creditsGranted, want.creditsGranted, `step ${k} credits`),
        step.workingAsId === want.workingAs ? null : `step ${k} workingAs ${step.workingAsId} vs ${want.workingAs}`,
        money(step.earnings, want.earnings, `step ${k} earnings`),
        JSON.stringify(step.missingSupports) === JSON.stringify(want.missingSupports) ? null : `step ${k} missing`,
      );
    });
    const exits = (list: { c: string; o: string; w: number | null; f: boolean; m: number }[]) =>
      JSON.stringify(list.map((e) => [e.c, e.o, e.w, e.f, Math.round(e.m * 1000) / 1000]));
    const gotExits = exits(
      got.exitPoints.map((e) => ({
        c: e.credentialId,
        o: e.occupationId,
        w: e.medianAnnual,
        f: e.familySupporting,
        m: e.month,
      })),
    );
    const wantExits = exits(
      route.exitPoints.map((e) => ({
        c: e.credential,
        o: e.occupation,
        w: e.medianAnnual,
        f: e.familySupporting,
        m: e.month,
      })),
    );
    checks.push(gotExits === wantExits ? null : `exit points ${gotExits} vs ${wantExits}`);
    const problem = checks.find((c) => c !== null);
    if (problem) return `${label}: ${problem}`;
  }
  return null;
}

function agreesWithWork(scenario: WorkScenario): { index: GraphIndex; input: RouteInput } {
  const { bundle, input } = buildWorkScenario(scenario);
  const index = new GraphIndex(bundle);
  const diff = workDifference(index, input);
  if (diff !== null) throw new Error(`${diff}\ninput: ${JSON.stringify(input)}\nbundle: ${JSON.stringify(bundle)}`);
  return { index, input };
}

describe('findRoutes against the slow twin of sections 2 and 5 (work steps, pay, INCOME)', () => {
  const count = (index: GraphIndex, input: RouteInput) => {
    try {
      return findRoutes(index, input);
    } catch {
      return [];
    }
  };

  it(
    'agrees on random graphs with work steps, training wages and work-compatible schedules',
    () => {
      let withWork = 0;
      let paid = 0;
      let income = 0;
      fc.assert(
        fc.property(workScenarioArb, (scenario) => {
          const { index, input } = agreesWithWork(scenario);
          const routes = count(index, input);
          if (routes.some((r) => r.steps.some((s) => s.kind === 'WORK'))) withWork++;
          if (routes.some((r) => r.earningsDuringRoute > 0)) paid++;
          if (input.objective === 'INCOME' && routes.length > 1) income++;
        }),
        { numRuns: 2 * RUNS },
      );
      expect(withWork).toBeGreaterThan(100 * SCALE);
      expect(paid).toBeGreaterThan(200 * SCALE);
      expect(income).toBeGreaterThan(50 * SCALE);
    },
    120_000 * Math.max(1, SCALE),
  );

  it(
    'agrees on ladders with work steps between the top occupations (longer routes, more orders)',
    () => {
      let multiStep = 0;
      let withWork = 0;
      const ladders = workScenarioArb.map((s) => ({
        ...s,
        base: {
          ...s.base,
          programs: s.base.programs.map((p, i) => ({
            ...p,
            level: i % 4,
            laddered: true,
            requires: p.requires.length > 0 ? p.requires : [[1]],
            regionIds: undefined,
          })),
          entryPoint: s.base.entryPoint && { ...s.base.entryPoint, holds: [] },
          input: { ...s.base.input, held: s.base.input.held.slice(0, 1), modality: undefined, languages: undefined },
        },
        input: { ...s.input, advancement: true },
      }));
      fc.assert(
        fc.property(ladders, (scenario) => {
          const { index, input } = agreesWithWork(scenario);
          const routes = count(index, input);
          if (routes.some((r) => r.steps.length > 2)) multiStep++;
          if (routes.some((r) => r.steps.some((x) => x.kind === 'WORK'))) withWork++;
        }),
        { numRuns: RUNS },
      );
      expect(multiStep).toBeGreaterThan(100 * SCALE);
      expect(withWork).toBeGreaterThan(60 * SCALE);
    },
    120_000 * Math.max(1, SCALE),
  );
});

describe('with the default target never listing its finals (they are merged from their lists as the search reaches them)', () => {
  const listed = routeTuning.relevantFinals;
  afterEach(() => {
    routeTuning.relevantFinals = listed;
  });

  it(
    'agrees on random small graphs with the brute force',
    () => {
      routeTuning.relevantFinals = -1;
      let merged = 0;
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { index, input } = agrees(scenario);
          if (input.target === undefined && routesOf(index, input) > 0) merged++;
        }),
        { numRuns: RUNS },
      );
      // Enough default-target answers with routes went through the merge.
      expect(merged).toBeGreaterThan(50 * SCALE);
    },
    60_000 * Math.max(1, SCALE),
  );

  it(
    'agrees on random graphs with work steps with the slow twin (INCOME lists its finals still)',
    () => {
      routeTuning.relevantFinals = -1;
      let merged = 0;
      fc.assert(
        fc.property(workScenarioArb, (scenario) => {
          const { index, input } = agreesWithWork(scenario);
          if (input.target === undefined && input.objective !== 'INCOME' && routesOf(index, input) > 0) merged++;
        }),
        { numRuns: RUNS },
      );
      expect(merged).toBeGreaterThan(30 * SCALE);
    },
    120_000 * Math.max(1, SCALE),
  );
});

describe('with every requirement-group list split by region and every program keeping its met groups in the arrays', () => {
  const { splitInGroup, groupsInState } = routeTuning;
  afterEach(() => {
    routeTuning.splitInGroup = splitInGroup;
    routeTuning.groupsInState = groupsInState;
  });

  it(
    'agrees on random small graphs with the brute force',
    () => {
      routeTuning.splitInGroup = 1;
      routeTuning.groupsInState = 0;
      let withRoutes = 0;
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { index, input } = agrees(scenario);
          if (routesOf(index, input) > 0) withRoutes++;
        }),
        { numRuns: RUNS },
      );
      expect(withRoutes).toBeGreaterThan(100 * SCALE);
    },
    60_000 * Math.max(1, SCALE),
  );
});
