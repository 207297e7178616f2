import { describe, expect, it } from 'vitest';
import { rioGrandeBundle, rioGrandeExpected } from '../../test/fixtures.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import {
  INDICATOR_NAMES,
  outcomeIndicators,
  type PooledIndicators,
  pathwayIndicators,
  programIndicators,
  providerIndicators,
  regionIndicators,
  transitionRate,
  transitionsOut,
  UnknownSubjectError,
} from './indicators.ts';

interface ExpectedIndicators {
  programs: Record<string, Record<string, number | null>>;
  programsCohort2022: Record<string, Record<string, number | null>>;
  pathways: Record<string, Record<string, number | null>>;
  providers: Record<string, Record<string, number | null>>;
  regions: Record<string, Record<string, number | null>>;
  transitions: Record<string, number>;
}

const expected = rioGrandeExpected().indicators as ExpectedIndicators;
const index = new GraphIndex(bundleSchema.parse(rioGrandeBundle()));

/** The worked example's flat form: each figure, `X.counted` per figure and `of`. */
function flat(pooled: PooledIndicators): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const { indicator, programs } of pooled.counted) {
    out[indicator] = pooled[indicator];
    if (indicator !== 'pooledEarningsQ2') out[`${indicator}.counted`] = programs;
  }
  out.of = pooled.programs;
  return out;
}

describe('indicators of the worked example (graph/test/examples/rio-grande)', () => {
  it.each(Object.entries(expected.programs))('program %s, latest cohort year', (id, want) => {
    const got = programIndicators(index, id);
    const { cohortYear, source, ...figures } = got;
    expect(figures).toEqual(want);
    const rows = index.outcomesByProgram.get(id) ?? [];
    expect(cohortYear).toBe(rows.length > 0 ? Math.max(...rows.map((r) => r.cohortYear)) : null);
    expect(source).toBeNull();
  });

  it.each(Object.entries(expected.programsCohort2022))('program %s, cohort year 2022', (id, want) => {
    const { cohortYear, source: _, ...figures } = programIndicators(index, id, 2022);
    expect(figures).toEqual(want);
    expect(cohortYear).toBe(2022);
  });

  it('a year without a row gives nulls, not the latest row', () => {
    const got = programIndicators(index, 'p-lvn', 2022);
    expect(got.cohortYear).toBeNull();
    for (const name of INDICATOR_NAMES) expect(got[name]).toBeNull();
  });

  it.each(Object.entries(expected.pathways))('pathway %s', (id, want) => {
    expect(flat(pathwayIndicators(index, id))).toEqual(want);
  });

  it.each(Object.entries(expected.providers))('provider %s', (id, want) => {
    expect(flat(providerIndicators(index, id))).toEqual(want);
  });

  it.each(Object.entries(expected.regions))('region %s', (id, want) => {
    expect(flat(regionIndicators(index, id))).toEqual(want);
  });

  it.each(Object.entries(expected.transitions))('transition %s', (pair, want) => {
    const [from, to] = pair.split('>') as [string, string];
    expect(transitionRate(index, from, to)?.rate).toBe(want);
    expect(transitionsOut(index, from).find((t) => t.toProgramId === to)?.rate).toBe(want);
  });

  it('a pathway pooled for 2022 counts only the rows of 2022', () => {
    const pooled = pathwayIndicators(index, 'pw-nursing', 2022);
    expect(pooled.completionRate).toBe(80 / 110);
    expect(pooled.counted.every((c) => c.programs === 1)).toBe(true);
    expect(pooled.programs).toBe(6);
  });

  it('an unknown pathway, partner or region is named in the error', () => {
    expect(() => pathwayIndicators(index, 'nope')).toThrow(UnknownSubjectError);
    expect(() => providerIndicators(index, 'nope')).toThrow('Partner nope is not in the graph');
    expect(() => regionIndicators(index, 'nope')).toThrow('Region nope is not in the graph');
  });
});

describe('null rules of an outcome row', () => {
  it('a missing figure, a missing denominator or a zero denominator gives null', () => {
    const got = outcomeIndicators({ programId: 'p', cohortYear: 2024, enrolled: 0, completed: 0, employedQ2: 3 });
    expect(got.completionRate).toBeNull(); // denominator 0
    expect(got.employmentRateQ2).toBeNull(); // no exiters
    expect(got.retentionRate).toBeNull(); // no retainedQ4
    expect(got.medianEarningsQ2).toBeNull();
    expect(outcomeIndicators({ programId: 'p', cohortYear: 2024, exiters: 4, employedQ4: 0 }).employmentRateQ4).toBe(0);
  });

  it('a transition with no completers has no rate', () => {
    const empty = new GraphIndex(
      bundleSchema.parse({
        format: 'pathway-bundle',
        version: 1.1,
        transitions: [
          { fromProgramId: 'a', toProgramId: 'b', cohortYear: 2023, completers: 0, continued: 0 },
          { fromProgramId: 'a', toProgramId: 'b', cohortYear: 2022, completers: 10, continued: 4 },
        ],
      }),
    );
    expect(transitionRate(empty, 'a', 'b')).toMatchObject({ cohortYear: 2023, rate: null });
    expect(transitionRate(empty, 'a', 'b', 2022)?.rate).toBe(0.4);
    expect(transitionRate(empty, 'a', 'c')).toBeUndefined();
  });
});
