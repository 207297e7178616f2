/**
 * The fast what-if (whatif-engine.ts) against (a) its slow twin (whatif-reference.ts) and (b) a
 * fresh graph: the fragment loaded and the ids deleted into a new GraphIndex built from the
 * resulting bundle, and the routes and gaps asked again there with the ordinary engines
 * (findRoutes, findGaps), on random graphs with random fragments and removals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGaps } from '../gaps/gap-finder.ts';
import type { Bundle, Edge } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import type { Route } from '../routing/route-input.ts';
import { findRoutes } from '../routing/route-search.ts';
import { changedBundle } from './fragment.ts';
import { suggest } from './suggestions.ts';
import { entryPointIdsIn, type WhatIfAnswer } from './whatif-compare.ts';
import { whatIfFast } from './whatif-engine.ts';
import { prepareWhatIf, whatIfReference } from './whatif-reference.ts';

const CREDS = ['c0', 'c1x', 'c2x', 'c3', 'c4', 'c5'];
const OCCS = ['o0', 'o1', 'o2'];
const PARTNERS = ['pa', 'pb', 'pc'];
const PROGRAMS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);
const subset = <T>(items: readonly T[], max = 2) => fc.uniqueArray(pick(items), { maxLength: max });
const regionList = fc.constantFrom<string[]>([], [], ['c1'], ['st'], ['c2'], ['c1', 'c2']);

const programArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Program ${id}`),
    providerId: pick(PARTNERS),
    awards: fc.uniqueArray(pick(CREDS), { minLength: 1, maxLength: 2 }),
    months: fc.constantFrom(1, 3, 6, 12, 18),
    cost: fc.option(fc.constantFrom(0, 500, 2000), { nil: undefined }),
    credits: fc.option(fc.constantFrom(10, 20, 30), { nil: undefined }),
    requires: fc.option(fc.array(fc.uniqueArray(pick(CREDS), { minLength: 1, maxLength: 2 }), { maxLength: 2 }), {
      nil: undefined,
    }),
    regionIds: regionList,
    schedules: fc.option(fc.constant<'evening'[]>(['evening']), { nil: undefined }),
  });

const edgeArb: fc.Arbitrary<Edge> = fc.oneof(
  fc.record({
    kind: fc.constant('STACKS_INTO' as const),
    from: pick(CREDS),
    to: pick(CREDS),
    creditsApplied: fc.constantFrom(5, 10),
  }),
  fc.record({
    kind: fc.constant('ARTICULATES_TO' as const),
    from: pick(CREDS),
    to: pick(PROGRAMS),
    credits: fc.constantFrom(0, 5, 10, 30),
  }),
  fc.record({ kind: fc.constant('QUALIFIES_FOR' as const), from: pick(CREDS), to: pick(OCCS) }),
  fc.record({ kind: fc.constant('HIRES' as const), from: pick(PARTNERS), to: pick(OCCS) }),
);

function dedupeEdges(edges: Edge[]): Edge[] {
  const seen = new Map<string, Edge>();
  for (const e of edges) if (!(e.from === e.to && e.kind === 'STACKS_INTO')) seen.set(`${e.kind}|${e.from}|${e.to}`, e);
  return [...seen.values()];
}

const graphArb = fc
  .record({
    programs: fc.tuple(...PROGRAMS.map(programArb)),
    keep: fc.integer({ min: 2, max: PROGRAMS.length }),
    wages: fc.tuple(...OCCS.map(() => fc.constantFrom(30000, 45000, 60000))),
    openings: fc.tuple(...OCCS.map(() => fc.option(fc.constantFrom(0, 20), { nil: undefined }))),
    sectorOf: fc.tuple(...OCCS.map(() => pick(['s0', 's1']))),
    partnerKinds: fc.tuple(...PARTNERS.map(() => pick(['CommunityCollege', 'Employer'] as const))),
    entryPoints: fc.array(fc.record({ holds: subset(CREDS), enters: subset(PROGRAMS, 1), regionIds: regionList }), {
      minLength: 1,
      maxLength: 3,
    }),
    supports: fc.array(
      fc.record({
        kind: pick(['Advising', 'Childcare', 'CaseManagement'] as const),
        providerId: fc.option(pick(PARTNERS), { nil: undefined }),
        programIds: subset(PROGRAMS),
        regionIds: fc.constantFrom<string[]>([], ['c1'], ['us']),
      }),
      { maxLength: 3 },
    ),
    pathway: fc.record({
      programIds: subset(PROGRAMS, 3),
      sectorId: pick(['s0', 's1']),
      employer: fc.option(pick(PARTNERS), { nil: undefined }),
    }),
    outcomes: fc.array(
      fc.record({ programId: pick(PROGRAMS), enrolled: fc.constant(10), completed: fc.integer({ min: 0, max: 10 }) }),
      { maxLength: 2 },
    ),
    transitions: fc.array(
      fc.record({
        fromProgramId: pick(PROGRAMS),
        toProgramId: pick(PROGRAMS),
        completers: fc.constant(10),
        continued: fc.integer({ min: 0, max: 10 }),
      }),
      { maxLength: 2 },
    ),
    edges: fc.array(edgeArb, { maxLength: 8 }),
  })
  .map((g): Bundle => {
    const programs = g.programs.slice(0, g.keep);
    const programIds = new Set(programs.map((p) => p.id));
    const edges = dedupeEdges(g.edges).filter((e) => e.kind !== 'ARTICULATES_TO' || programIds.has(e.to));
    return {
      format: 'pathway-bundle',
      version: 1.1,
      regions: [
        { id: 'us', name: 'US' },
        { id: 'st', name: 'State', parentId: 'us' },
        { id: 'c1', name: 'County 1', parentId: 'st' },
        { id: 'c2', name: 'County 2', parentId: 'st' },
      ],
      wageThresholds: [{ regionId: 'us', household: '1A1C', annual: 40000 }],
      sectors: [
        { id: 's0', name: 'S0', inDemand: true },
        { id: 's1', name: 'S1' },
      ],
      occupations: OCCS.map((id, i) => ({ id, title: id, sectorIds: [g.sectorOf[i] as string] })),
      occupationWages: OCCS.map((id, i) => ({
        occupationId: id,
        regionId: i === 0 ? 'c1' : 'us',
        medianAnnual: g.wages[i] as number,
        annualOpenings: g.openings[i],
      })),
      partners: PARTNERS.map((id, i) => ({ id, name: id, kind: g.partnerKinds[i] as 'Employer' })),
      credentials: CREDS.map((id) => ({ id, name: id, type: 'Certificate' as const })),
      programs,
      entryPoints: g.entryPoints.map((e, i) => ({
        id: `e${i}`,
        name: `Entry ${i}`,
        holds: e.holds,
        enters: e.enters.filter((p) => programIds.has(p)),
        regionIds: e.regionIds,
      })),
      supports: g.supports.map((s, i) => ({
        id: `s${i}`,
        name: `Support ${i}`,
        ...s,
        programIds: s.programIds.filter((p) => programIds.has(p)),
      })),
      pathways: [
        {
          id: 'pw',
          name: 'Pathway',
          sectorId: g.pathway.sectorId,
          programIds: g.pathway.programIds.filter((p) => programIds.has(p)),
          partnerRoles: g.pathway.employer ? [{ partnerId: g.pathway.employer, role: 'Employer' as const }] : [],
        },
      ],
      outcomes: [
        ...new Map(
          g.outcomes.filter((o) => programIds.has(o.programId)).map((o) => [o.programId, { ...o, cohortYear: 2023 }]),
        ).values(),
      ],
      transitions: [
        ...new Map(
          g.transitions
            .filter(
              (t) =>
                programIds.has(t.fromProgramId) && programIds.has(t.toProgramId) && t.fromProgramId !== t.toProgramId,
            )
            .map((t) => [`${t.fromProgramId}>${t.toProgramId}`, { ...t, cohortYear: 2023 }]),
        ).values(),
      ],
      edges,
    };
  });

/** A change: a fragment (credit edges, a new or replaced program, a new entry point) and ids to remove. */
const changeArb = (bundle: Bundle) => {
  const programIds = (bundle.programs ?? []).map((p) => p.id);
  const removable = [
    ...programIds,
    ...CREDS,
    ...PARTNERS,
    ...OCCS,
    ...(bundle.entryPoints ?? []).map((e) => e.id),
    ...(bundle.supports ?? []).map((s) => s.id),
    'pw',
    's0',
    'c2',
  ];
  const targets = [...programIds, 'p-new'];
  return fc.record({
    regionId: fc.constantFrom('c1', 'c2', 'st'),
    objective: fc.constantFrom('TIME' as const, 'COST' as const, 'INCOME' as const),
    edges: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('ARTICULATES_TO' as const),
          from: pick(CREDS),
          to: pick(targets),
          credits: fc.constantFrom(5, 10, 30),
        }),
        fc.record({
          kind: fc.constant('STACKS_INTO' as const),
          from: pick(CREDS),
          to: pick(CREDS),
          creditsApplied: fc.constantFrom(5, 10),
        }),
        fc.record({ kind: fc.constant('QUALIFIES_FOR' as const), from: pick(CREDS), to: pick(OCCS) }),
      ),
      { maxLength: 2 },
    ),
    program: fc.option(programArb('p-new'), { nil: undefined }),
    replace: fc.option(programArb(programIds[0] as string), { nil: undefined }),
    entryPoint: fc.option(fc.record({ holds: subset(CREDS), regionIds: regionList }), { nil: undefined }),
    removeIds: fc.uniqueArray(pick(removable), { maxLength: 2 }),
  });
};

type Change = {
  regionId: string;
  objective: 'TIME' | 'COST' | 'INCOME';
  edges: Edge[];
  program?: Bundle['programs'] extends (infer P)[] | undefined ? P : never;
  replace?: unknown;
  entryPoint?: { holds: string[]; regionIds: string[] };
  removeIds: string[];
};

function inputOf(c: Change) {
  const add: Record<string, unknown> = {};
  const edges = dedupeEdges(c.edges).filter((e) => e.to !== 'p-new' || c.program);
  if (edges.length > 0) add.edges = edges;
  const programs = [c.program, c.replace].filter((p) => p !== undefined);
  if (programs.length > 0) add.programs = programs;
  if (c.entryPoint) add.entryPoints = [{ id: 'e-new', name: 'New entry', ...c.entryPoint }];
  return {
    regionId: c.regionId,
    objective: c.objective,
    ...(Object.keys(add).length > 0 ? { add } : {}),
    removeIds: c.removeIds,
  };
}

const routeText = (r: Route | null) =>
  r ? `${[...r.programIds].sort().join('+')} ${r.totalMonths} ${r.totalCost} ${r.netIncome}` : 'none';

function project(a: WhatIfAnswer) {
  return {
    entryPoints: a.entryPoints.map((e) => ({
      id: e.entryPointId,
      change: e.change,
      monthsSaved: e.monthsSaved,
      costSaved: e.costSaved,
      before: routeText(e.before),
      after: routeText(e.after),
    })),
    gapsClosed: a.gapsClosed,
    gapsOpened: a.gapsOpened,
  };
}

function outcome<T>(run: () => T): { ok: T } | { error: string } {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** Section 7's change, read directly: the objective's key, smaller months or cost, greater netIncome. */
function expectedChange(b: Route | null, a: Route | null, objective: 'TIME' | 'COST' | 'INCOME'): string {
  if (!b) return a ? 'GAINED' : 'SAME';
  if (!a) return 'LOST';
  const [x, y] =
    objective === 'TIME'
      ? [b.totalMonths, a.totalMonths]
      : objective === 'COST'
        ? [b.totalCost, a.totalCost]
        : [a.netIncome, b.netIncome];
  if (Math.abs(x - y) < 1e-6) return 'SAME';
  return y < x ? 'BETTER' : 'WORSE';
}

const gapSet = (index: GraphIndex, regionId: string) =>
  new Set(findGaps(index, { regionId, household: '1A1C' }).map((g) => `${g.kind}:${g.subjectId}`));

/** Checks one change (a) against the twin and (b) against a fresh graph; false when both refused it alike. */
async function checkChange(
  bundle: Bundle,
  change: { regionId: string; objective: 'TIME' | 'COST' | 'INCOME' },
  input: unknown,
): Promise<boolean> {
  const index = new GraphIndex(bundle);
  const prepared = await prepareWhatIf(index, input);
  const fast = outcome(() => whatIfFast(index, prepared));
  const twin = outcome(() => whatIfReference(index, prepared));
  if ('error' in fast || 'error' in twin) {
    expect(fast).toEqual(twin);
    return false;
  }
  expect(project(fast.ok)).toEqual(project(twin.ok));

  // (b) a fresh graph: the change loaded into a new index, each question asked again there.
  const fresh = new GraphIndex(changedBundle(bundle, prepared.fragment, prepared.removeIds));
  const q = { regionId: change.regionId, household: '1A1C' as const, objective: change.objective };
  const best = (g: GraphIndex, entryPointId: string) => findRoutes(g, { ...q, entryPointId, limit: 1 })[0] ?? null;
  const ids = [...new Set([...entryPointIdsIn(index, q.regionId), ...entryPointIdsIn(fresh, q.regionId)])].sort();
  expect(fast.ok.entryPoints.map((e) => e.entryPointId)).toEqual(ids);
  for (const e of fast.ok.entryPoints) {
    const before = index.entryPoints.has(e.entryPointId) && entryPointIdsIn(index, q.regionId).includes(e.entryPointId);
    const after = fresh.entryPoints.has(e.entryPointId) && entryPointIdsIn(fresh, q.regionId).includes(e.entryPointId);
    const b = before ? best(index, e.entryPointId) : null;
    const a = after ? best(fresh, e.entryPointId) : null;
    expect(routeText(e.before)).toBe(routeText(b));
    expect(routeText(e.after)).toBe(routeText(a));
    expect(e.change).toBe(expectedChange(b, a, q.objective));
    expect(e.monthsSaved).toEqual(b && a ? expect.closeTo(b.totalMonths - a.totalMonths, 6) : null);
    expect(e.costSaved).toEqual(b && a ? expect.closeTo(b.totalCost - a.totalCost, 4) : null);
  }
  const gapsBefore = gapSet(index, q.regionId);
  const gapsAfter = gapSet(fresh, q.regionId);
  const text = (gs: { kind: string; subjectId: string }[]) => gs.map((g) => `${g.kind}:${g.subjectId}`).sort();
  expect(text(fast.ok.gapsOpened)).toEqual([...gapsAfter].filter((g) => !gapsBefore.has(g)).sort());
  expect(text(fast.ok.gapsClosed)).toEqual([...gapsBefore].filter((g) => !gapsAfter.has(g)).sort());
  return true;
}

describe('the fast what-if', () => {
  it('equals its twin and a fresh graph with the change loaded, on random graphs and changes', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        graphArb.chain((bundle) => fc.tuple(fc.constant(bundle), changeArb(bundle))),
        async ([bundle, change]) => {
          if (await checkChange(bundle, change, inputOf(change as Change))) answered += 1;
        },
      ),
      { numRuns: 600, seed: 20261201 },
    );
    // Most cases must be answered (not refused), or the property would say little.
    expect(answered).toBeGreaterThan(400);
  }, 240_000);

  it('equals them on changes of credit edges only (the copy-on-write engine tables)', async () => {
    const creditEdge = (programIds: string[]) =>
      fc.oneof(
        fc.record({
          kind: fc.constant('ARTICULATES_TO' as const),
          from: pick(CREDS),
          to: pick(programIds),
          credits: fc.constantFrom(0, 5, 10, 30),
        }),
        fc.record({
          kind: fc.constant('STACKS_INTO' as const),
          from: pick(CREDS),
          to: pick(CREDS),
          creditsApplied: fc.constantFrom(5, 10, 40),
        }),
      );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        graphArb.chain((bundle) =>
          fc.tuple(
            fc.constant(bundle),
            fc.record({
              regionId: fc.constantFrom('c1', 'c2', 'st'),
              objective: fc.constantFrom('TIME' as const, 'COST' as const, 'INCOME' as const),
              edges: fc.array(creditEdge((bundle.programs ?? []).map((p) => p.id)), { minLength: 1, maxLength: 3 }),
            }),
          ),
        ),
        async ([bundle, change]) => {
          const edges = dedupeEdges(change.edges);
          if (edges.length === 0) return;
          const input = { regionId: change.regionId, objective: change.objective, add: { edges } };
          if (await checkChange(bundle, change, input)) answered += 1;
        },
      ),
      { numRuns: 400, seed: 4242 },
    );
    expect(answered).toBeGreaterThan(300);
  }, 240_000);

  it('ranks the same suggestions with either engine', () => {
    fc.assert(
      fc.property(graphArb, fc.constantFrom('c1', 'c2', 'st'), (bundle, regionId) => {
        const index = new GraphIndex(bundle);
        const view = (s: ReturnType<typeof suggest>) =>
          s.map((x) => ({ edge: x.edge, gained: x.gained, monthsSaved: x.monthsSaved }));
        expect(view(suggest(index, { regionId, limit: 20 }, whatIfFast))).toEqual(
          view(suggest(index, { regionId, limit: 20 }, whatIfReference)),
        );
      }),
      { numRuns: 150, seed: 7 },
    );
  }, 120_000);
});
