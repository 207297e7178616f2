/**
 * CONTRACT.md section 6 over GraphQL on a real Neo4j: the rio-grande worked example is loaded
 * with replace, then every figure of its expected `indicators` part (programs of the latest and
 * an earlier year, pooled pathway, provider and region figures with what they counted, the
 * transition rates) and both gap filters are asked for and compared exactly.
 */
import { importBundle } from '@pathway/graph/import/import-bundle';
import { rioGrandeBundle, rioGrandeExpected } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

type Figures = Record<string, number | null>;
interface Expected {
  gaps: { filter: Record<string, unknown>; expected: [string, string][] }[];
  indicators: {
    programs: Record<string, Figures>;
    programsCohort2022: Record<string, Figures>;
    pathways: Record<string, Figures>;
    providers: Record<string, Figures>;
    regions: Record<string, Figures>;
    transitions: Record<string, number>;
  };
}
const expected = rioGrandeExpected() as unknown as Expected;
const { indicators } = expected;

const RATES = `completionRate employmentRateQ2 employmentRateQ4 medianEarningsQ2 credentialAttainmentRate
  measurableSkillGainsRate retentionRate`;
const POOLED = `completionRate employmentRateQ2 employmentRateQ4 credentialAttainmentRate measurableSkillGainsRate
  retentionRate pooledEarningsQ2 programs counted { indicator programs }`;

const db = testDb();
let app: FastifyInstance;
beforeAll(async () => {
  await resetGraph(db);
  const loaded = await importBundle(db, rioGrandeBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
  app = await buildApp(testConnection());
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return response.json();
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const body = await gql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data;
}

interface Pooled extends Figures {
  programs: number;
}

/** The example's flat form (`X`, `X.counted`, `of`) of a PooledIndicators answer. */
function flatPooled(got: Pooled & { counted: { indicator: string; programs: number }[] }): Figures {
  const { counted, programs, ...figures } = got;
  const out: Figures = { ...figures, of: programs };
  for (const c of counted) out[`${c.indicator}.counted`] = c.programs;
  return out;
}

describe('section 6 measures over GraphQL on a real Neo4j (rio-grande)', () => {
  it.each(Object.entries(indicators.programs))('Program %s: indicators of its latest year', async (id, want) => {
    const got = (
      await data(
        `query($id: ID!) { node(id: $id, kind: Program) { ... on Program { indicators { ${RATES} cohortYear source } } } }`,
        { id },
      )
    ).node.indicators;
    const { cohortYear, source, ...figures } = got;
    expect(figures).toEqual(want);
    if (Object.values(want).every((v) => v === null)) expect(cohortYear).toBeNull();
    else expect(cohortYear).toBe(2023);
    expect(source === null || typeof source === 'string').toBe(true);
  });

  it.each(Object.entries(indicators.programsCohort2022))('Program %s: indicators of 2022', async (id, want) => {
    const got = (
      await data(
        `query($id: ID!) { node(id: $id, kind: Program) { ... on Program { indicators(cohortYear: 2022) { ${RATES} cohortYear } } } }`,
        { id },
      )
    ).node.indicators;
    const { cohortYear, ...figures } = got;
    expect(figures).toEqual(want);
    expect(cohortYear).toBe(2022);
  });

  it('a year without a row gives every figure null', async () => {
    const got = (
      await data(
        `{ node(id: "p-cna", kind: Program) { ... on Program { indicators(cohortYear: 1990) { ${RATES} cohortYear source } } } }`,
      )
    ).node.indicators;
    expect(Object.values(got).every((v) => v === null)).toBe(true);
  });

  const pooledCases = [
    ...Object.entries(indicators.pathways).map(([id, want]) => ['Pathway', id, want] as const),
    ...Object.entries(indicators.providers).map(([id, want]) => ['Partner', id, want] as const),
    ...Object.entries(indicators.regions).map(([id, want]) => ['Region', id, want] as const),
  ];
  it.each(pooledCases)('%s %s: pooled indicators, counted N of M', async (kind, id, want) => {
    const got = (
      await data(`query($id: ID!) { node(id: $id, kind: ${kind}) { ... on ${kind} { indicators { ${POOLED} } } } }`, {
        id,
      })
    ).node.indicators;
    expect(got.counted.map((c: { indicator: string }) => c.indicator)).toEqual([
      'completionRate',
      'employmentRateQ2',
      'employmentRateQ4',
      'credentialAttainmentRate',
      'measurableSkillGainsRate',
      'retentionRate',
      'pooledEarningsQ2',
    ]);
    const flat = flatPooled(got);
    // The example gives no count for pooledEarningsQ2; every other figure must be there exactly.
    delete flat['pooledEarningsQ2.counted'];
    expect(flat).toEqual(want);
  });

  it('transition rates: transitionsOut of each from program and the transitions query', async () => {
    const pairs = Object.entries(indicators.transitions);
    for (const [pair, rate] of pairs) {
      const [from, to] = pair.split('>') as [string, string];
      const out = (
        await data(
          `query($id: ID!) { node(id: $id, kind: Program) { ... on Program { transitionsOut { to { id } cohortYear completers continued rate } } } }`,
          { id: from },
        )
      ).node.transitionsOut;
      const row = out.find((t: { to: { id: string } }) => t.to.id === to);
      expect(row, pair).toBeDefined();
      expect(row.rate).toBe(rate);
      expect(row.continued / row.completers).toBe(rate);
    }
    const all = (await data(`{ transitions(regionId: "tx-cameron") { from { id } to { id } cohortYear rate } }`))
      .transitions;
    const got = new Map(
      all.map((t: { from: { id: string }; to: { id: string }; rate: number }) => [`${t.from.id}>${t.to.id}`, t.rate]),
    );
    for (const [pair, rate] of pairs) expect(got.get(pair), pair).toBe(rate);
    const keys = [...got.keys()];
    expect(keys).toEqual([...keys].sort());
    const cna = (await data(`{ transitions(regionId: "tx-cameron", programId: "p-lvn") { from { id } to { id } } }`))
      .transitions;
    expect(cna.length).toBeGreaterThan(0);
    for (const t of cna) expect([t.from.id, t.to.id]).toContain('p-lvn');
  });

  it('outcome rows carry exiters, retainedQ4 and source', async () => {
    const bundleRows = (rioGrandeBundle().outcomes ?? []).filter((o) => o.programId === 'p-cna');
    const rows = (
      await data(
        `{ node(id: "p-cna", kind: Program) { ... on Program { outcomes { cohortYear enrolled exiters completed employedQ2 retainedQ4 source } } } }`,
      )
    ).node.outcomes;
    expect(rows.map((r: { cohortYear: number }) => r.cohortYear)).toEqual(bundleRows.map((r) => r.cohortYear).sort());
    for (const row of rows) {
      const want = bundleRows.find((r) => r.cohortYear === row.cohortYear);
      expect(row.exiters).toBe(want?.exiters ?? null);
      expect(row.retainedQ4).toBe(want?.retainedQ4 ?? null);
      expect(row.source).toBe(want?.source ?? null);
    }
  });

  it.each(expected.gaps.map((c, i) => [i, JSON.stringify(c.filter), c] as const))(
    'gap case %i: %s',
    async (_i, _label, c) => {
      const got = (
        await data('query($filter: GapFilter) { gaps(filter: $filter) { kind subjectId relatedIds } }', {
          filter: c.filter,
        })
      ).gaps;
      expect(got.map((g: { kind: string; subjectId: string }) => [g.kind, g.subjectId])).toEqual(c.expected);
    },
  );

  it('bad arguments name the field', async () => {
    const floors = await gql('{ gaps(filter: { floors: { transitionRate: 1.5 } }) { kind } }');
    expect(floors.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(floors.errors[0].message).toContain('filter.floors.transitionRate');
    const year = await gql(
      '{ node(id: "p-cna", kind: Program) { ... on Program { indicators(cohortYear: 12) { completionRate } } } }',
    );
    expect(year.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(year.errors[0].message).toContain('cohortYear');
    const region = await gql('{ transitions(regionId: "atlantis") { rate } }');
    expect(region.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const program = await gql('{ transitions(regionId: "tx-cameron", programId: "p-nothing") { rate } }');
    expect(program.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
