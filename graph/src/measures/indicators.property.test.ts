/**
 * Pooled indicators against a literal reading of CONTRACT.md section 6 on random outcome sets:
 * the slow twin reads the bundle's rows directly (no index, no formula table) and writes each
 * rate out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema, type Outcome } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { poolPrograms, programIndicators, regionIndicators } from './indicators.ts';

const YEARS = [2020, 2021, 2022, 2023];

/** One random row whose counts respect their denominators; any figure may be missing. */
const rowArb = (programId: string, cohortYear: number) =>
  fc
    .record(
      {
        enrolled: fc.nat(60),
        exiters: fc.nat(60),
        completedShare: fc.double({ min: 0, max: 1, noNaN: true }),
        gainsShare: fc.double({ min: 0, max: 1, noNaN: true }),
        q2Share: fc.double({ min: 0, max: 1, noNaN: true }),
        q4Share: fc.double({ min: 0, max: 1, noNaN: true }),
        credShare: fc.double({ min: 0, max: 1, noNaN: true }),
        retShare: fc.double({ min: 0, max: 1, noNaN: true }),
        median: fc.integer({ min: 0, max: 30000 }),
        present: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      },
      { noNullPrototype: true },
    )
    .map((r) => {
      const row: Outcome = { programId, cohortYear };
      const [e, x, c, g, q2, q4, cr, rt, md] = r.present;
      if (e) row.enrolled = r.enrolled;
      if (x) row.exiters = r.exiters;
      if (c) row.completed = Math.floor(r.completedShare * (row.enrolled ?? 0));
      if (g) row.measurableSkillGains = Math.floor(r.gainsShare * (row.enrolled ?? 0));
      if (q2) row.employedQ2 = Math.floor(r.q2Share * (row.exiters ?? 0));
      if (q4) row.employedQ4 = Math.floor(r.q4Share * (row.exiters ?? 0));
      if (cr) row.credentialAttained = Math.floor(r.credShare * (row.exiters ?? 0));
      if (rt) row.retainedQ4 = Math.floor(r.retShare * (row.employedQ2 ?? 0));
      if (md) row.medianEarningsQ2 = r.median;
      return row;
    });

/** Programs p0…p(n-1), each with rows for a random subset of years, in random regions. */
const worldArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc
    .tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.tuple(
          fc.subarray(YEARS).chain((years) => fc.tuple(...years.map((y) => rowArb(`p${i}`, y)))),
          fc.constantFrom<string[] | undefined>(undefined, [], ['a'], ['b'], ['a-1']),
        ),
      ),
    )
    .map((programs): Bundle => {
      const rows = programs.flatMap(([r]) => r);
      // Shuffled by a fixed rule so the bundle's order is not oldest first.
      rows.sort(
        (a, b) => ((a.cohortYear * 7 + a.programId.length) % 5) - ((b.cohortYear * 7 + b.programId.length) % 5),
      );
      return bundleSchema.parse({
        format: 'pathway-bundle',
        version: 1.1,
        regions: [
          { id: 'a', name: 'A' },
          { id: 'a-1', name: 'A one', parentId: 'a' },
          { id: 'b', name: 'B' },
        ],
        partners: [{ id: 'college', name: 'College', kind: 'CommunityCollege' }],
        credentials: [{ id: 'c', name: 'C', type: 'Certificate' }],
        programs: programs.map(([, regionIds], i) => ({
          id: `p${i}`,
          name: `P${i}`,
          providerId: 'college',
          awards: ['c'],
          months: 1,
          ...(regionIds ? { regionIds } : {}),
        })),
        outcomes: rows,
      });
    }),
);

/** The row a program contributes: that year's, or its latest, found by reading every row. */
function slowRow(bundle: Bundle, programId: string, year: number | undefined): Outcome | undefined {
  let found: Outcome | undefined;
  for (const row of bundle.outcomes ?? []) {
    if (row.programId !== programId) continue;
    if (year !== undefined) {
      if (row.cohortYear === year) found = row;
    } else if (!found || row.cohortYear > found.cohortYear) found = row;
  }
  return found;
}

function slowPool(bundle: Bundle, programIds: string[], year: number | undefined) {
  const rows = programIds.map((id) => slowRow(bundle, id, year)).filter((r): r is Outcome => r !== undefined);
  const rate = (num: (r: Outcome) => number | undefined, den: (r: Outcome) => number | undefined) => {
    const both = rows.filter((r) => num(r) !== undefined && den(r) !== undefined);
    const top = both.reduce((s, r) => s + (num(r) as number), 0);
    const bottom = both.reduce((s, r) => s + (den(r) as number), 0);
    return { value: bottom === 0 ? null : top / bottom, counted: both.length };
  };
  const earnings = rows.filter((r) => r.medianEarningsQ2 !== undefined && r.employedQ2 !== undefined);
  const weight = earnings.reduce((s, r) => s + (r.employedQ2 as number), 0);
  return {
    completionRate: rate(
      (r) => r.completed,
      (r) => r.enrolled,
    ),
    employmentRateQ2: rate(
      (r) => r.employedQ2,
      (r) => r.exiters,
    ),
    employmentRateQ4: rate(
      (r) => r.employedQ4,
      (r) => r.exiters,
    ),
    credentialAttainmentRate: rate(
      (r) => r.credentialAttained,
      (r) => r.exiters,
    ),
    measurableSkillGainsRate: rate(
      (r) => r.measurableSkillGains,
      (r) => r.enrolled,
    ),
    retentionRate: rate(
      (r) => r.retainedQ4,
      (r) => r.employedQ2,
    ),
    pooledEarningsQ2: {
      value:
        weight === 0
          ? null
          : earnings.reduce((s, r) => s + (r.medianEarningsQ2 as number) * (r.employedQ2 as number), 0) / weight,
      counted: earnings.length,
    },
  };
}

const close = (got: number | null, want: number | null) =>
  got === null || want === null ? got === want : Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

describe('pooled indicators agree with a literal re-computation', () => {
  it('over any subset of programs, for the latest rows or one year', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.option(fc.constantFrom(...YEARS), { nil: undefined }),
        fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
        (bundle, year, pick) => {
          const index = new GraphIndex(bundle);
          const ids = (bundle.programs ?? []).map((p) => p.id).filter((_, i) => pick[i]);
          const got = poolPrograms(index, ids, year);
          const want = slowPool(bundle, ids, year);
          expect(got.programs).toBe(ids.length);
          for (const [name, { value, counted }] of Object.entries(want)) {
            const key = name as keyof typeof want;
            expect(close(got[key], value), `${name}: ${got[key]} vs ${value}`).toBe(true);
            expect(got.counted.find((c) => c.indicator === key)?.programs).toBe(counted);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a pool of one program has its rates (the median becomes the pooled earnings when employedQ2 > 0)', () => {
    fc.assert(
      fc.property(worldArb, fc.option(fc.constantFrom(...YEARS), { nil: undefined }), (bundle, year) => {
        const index = new GraphIndex(bundle);
        const single = programIndicators(index, 'p0', year);
        const pooled = poolPrograms(index, ['p0'], year);
        expect(pooled.completionRate).toBe(single.completionRate);
        expect(pooled.retentionRate).toBe(single.retentionRate);
        const row = slowRow(bundle, 'p0', year);
        if ((row?.employedQ2 ?? 0) > 0 && row?.medianEarningsQ2 !== undefined)
          expect(pooled.pooledEarningsQ2).toBeCloseTo(row.medianEarningsQ2, 6);
      }),
      { numRuns: 200 },
    );
  });

  it('a region pools exactly the programs available in it (listed no region, R, an ancestor or a descendant)', () => {
    fc.assert(
      fc.property(worldArb, (bundle) => {
        const index = new GraphIndex(bundle);
        const related: Record<string, string[]> = { a: ['a', 'a-1'], 'a-1': ['a-1', 'a'], b: ['b'] };
        for (const region of ['a', 'a-1', 'b']) {
          const ids = (bundle.programs ?? [])
            .filter((p) => (p.regionIds ?? []).length === 0 || p.regionIds?.some((r) => related[region]?.includes(r)))
            .map((p) => p.id);
          const got = regionIndicators(index, region);
          const want = slowPool(bundle, ids, undefined);
          expect(got.programs).toBe(ids.length);
          expect(close(got.employmentRateQ2, want.employmentRateQ2.value)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
