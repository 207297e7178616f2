/**
 * The shared measures of CONTRACT.md section 6: the seven indicators of an outcome row, a
 * program's indicators (latest cohort year, or a given one), pooled indicators over a set of
 * programs (pathway, provider, region) and transition rates. Pure functions over a GraphIndex.
 */
import type { Outcome, Transition } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';

import { INDICATOR_NAMES, type IndicatorName } from '../model/vocabulary.ts';

export { INDICATOR_NAMES, type IndicatorName };

type CountField = Exclude<keyof Outcome, 'programId' | 'cohortYear' | 'medianEarningsQ2' | 'source'>;

/** Each rate of section 6 as [numerator, denominator] fields of an outcome row. */
export const RATE_FORMULAS = {
  completionRate: ['completed', 'enrolled'],
  employmentRateQ2: ['employedQ2', 'exiters'],
  employmentRateQ4: ['employedQ4', 'exiters'],
  credentialAttainmentRate: ['credentialAttained', 'exiters'],
  measurableSkillGainsRate: ['measurableSkillGains', 'enrolled'],
  retentionRate: ['retainedQ4', 'employedQ2'],
} as const satisfies Record<Exclude<IndicatorName, 'medianEarningsQ2'>, readonly [CountField, CountField]>;
export type RateName = keyof typeof RATE_FORMULAS;
export const RATE_NAMES = Object.keys(RATE_FORMULAS) as RateName[];

export type Indicators = Record<IndicatorName, number | null>;

/** A program's indicators, with the cohort year and source of the row they come from (null: no row). */
export interface ProgramIndicators extends Indicators {
  cohortYear: number | null;
  source: string | null;
}

/** Pooled figures: the six rates, `pooledEarningsQ2` instead of a median, and what each counted. */
export type PooledIndicators = Record<RateName | 'pooledEarningsQ2', number | null> & {
  /** How many programs the pool has in all. */
  programs: number;
  /** Per pooled figure (the six rates, then pooledEarningsQ2): how many programs it counted. */
  counted: { indicator: RateName | 'pooledEarningsQ2'; programs: number }[];
};

const ratio = (numerator: number | undefined, denominator: number | undefined): number | null =>
  numerator === undefined || denominator === undefined || denominator === 0 ? null : numerator / denominator;

/** The indicators of one outcome row: null when a figure or its denominator is missing, or the denominator is 0. */
export function outcomeIndicators(row: Outcome | undefined): Indicators {
  const out = {} as Indicators;
  for (const name of INDICATOR_NAMES) {
    if (name === 'medianEarningsQ2') out[name] = row?.medianEarningsQ2 ?? null;
    else {
      const [numerator, denominator] = RATE_FORMULAS[name];
      out[name] = row === undefined ? null : ratio(row[numerator], row[denominator]);
    }
  }
  return out;
}

/** The program's row of that cohort year, or its latest row when no year is given. */
export function outcomeRow(index: GraphIndex, programId: string, cohortYear?: number): Outcome | undefined {
  const rows = index.outcomesByProgram.get(programId) ?? [];
  if (cohortYear === undefined) return rows[rows.length - 1];
  return rows.find((row) => row.cohortYear === cohortYear);
}

export function programIndicators(index: GraphIndex, programId: string, cohortYear?: number): ProgramIndicators {
  const row = outcomeRow(index, programId, cohortYear);
  return { ...outcomeIndicators(row), cohortYear: row?.cohortYear ?? null, source: row?.source ?? null };
}

/**
 * Pools outcome rows (one per program of the pool; `undefined` for a program without a row):
 * each rate is the sum of its numerators over the sum of its denominators, counting only the rows
 * that have both figures; pooledEarningsQ2 is the employedQ2-weighted mean of the medians, counting
 * the rows with both. A pool whose counted denominators sum to 0 has a null figure.
 */
export function poolRows(rows: readonly (Outcome | undefined)[]): PooledIndicators {
  const pooled = { programs: rows.length, counted: [] } as unknown as PooledIndicators;
  for (const name of RATE_NAMES) {
    const [numeratorField, denominatorField] = RATE_FORMULAS[name];
    let numerator = 0;
    let denominator = 0;
    let counted = 0;
    for (const row of rows) {
      const n = row?.[numeratorField];
      const d = row?.[denominatorField];
      if (n === undefined || d === undefined) continue;
      numerator += n;
      denominator += d;
      counted += 1;
    }
    pooled[name] = denominator === 0 ? null : numerator / denominator;
    pooled.counted.push({ indicator: name, programs: counted });
  }
  let weighted = 0;
  let weight = 0;
  let counted = 0;
  for (const row of rows) {
    const median = row?.medianEarningsQ2;
    const employed = row?.employedQ2;
    if (median === undefined || employed === undefined) continue;
    weighted += median * employed;
    weight += employed;
    counted += 1;
  }
  pooled.pooledEarningsQ2 = weight === 0 ? null : weighted / weight;
  pooled.counted.push({ indicator: 'pooledEarningsQ2', programs: counted });
  return pooled;
}

/** Pools the programs' rows of that year (each program's latest when no year is given). */
export function poolPrograms(index: GraphIndex, programIds: readonly string[], cohortYear?: number): PooledIndicators {
  return poolRows(programIds.map((id) => outcomeRow(index, id, cohortYear)));
}

/** Not found: the caller turns this into its NOT_FOUND error. */
export class UnknownSubjectError extends Error {
  override readonly name = 'UnknownSubjectError';
  constructor(
    readonly kind: 'Program' | 'Pathway' | 'Partner' | 'Region',
    readonly id: string,
  ) {
    super(`${kind} ${id} is not in the graph`);
  }
}

export function pathwayIndicators(index: GraphIndex, pathwayId: string, cohortYear?: number): PooledIndicators {
  const pathway = index.pathways.get(pathwayId);
  if (!pathway) throw new UnknownSubjectError('Pathway', pathwayId);
  return poolPrograms(index, pathway.programIds ?? [], cohortYear);
}

/** The programs the partner offers (`providerId`), in bundle order. */
export function providerProgramIds(index: GraphIndex, partnerId: string): string[] {
  if (!index.partners.has(partnerId)) throw new UnknownSubjectError('Partner', partnerId);
  return (index.programsByProvider.get(partnerId) ?? []).map((p) => p.id);
}

export function providerIndicators(index: GraphIndex, partnerId: string, cohortYear?: number): PooledIndicators {
  return poolPrograms(index, providerProgramIds(index, partnerId), cohortYear);
}

/** The programs available in the region (section 2: no region listed, or R, an ancestor or a descendant). */
export function regionProgramIds(index: GraphIndex, regionId: string): string[] {
  if (!index.regions.has(regionId)) throw new UnknownSubjectError('Region', regionId);
  return index.programsAvailableIn(regionId).map((p) => p.id);
}

export function regionIndicators(index: GraphIndex, regionId: string, cohortYear?: number): PooledIndicators {
  return poolPrograms(index, regionProgramIds(index, regionId), cohortYear);
}

export interface TransitionRate {
  fromProgramId: string;
  toProgramId: string;
  cohortYear: number;
  completers: number;
  continued: number;
  /** continued / completers; null when there were no completers. */
  rate: number | null;
  source: string | null;
}

function withRate(row: Transition): TransitionRate {
  return {
    fromProgramId: row.fromProgramId,
    toProgramId: row.toProgramId,
    cohortYear: row.cohortYear,
    completers: row.completers,
    continued: row.continued,
    rate: row.completers === 0 ? null : row.continued / row.completers,
    source: row.source ?? null,
  };
}

/**
 * The transitions recorded from a program, one per to program: of that cohort year, or each
 * pair's latest when no year is given; ordered by to program id.
 */
export function transitionsOut(index: GraphIndex, fromProgramId: string, cohortYear?: number): TransitionRate[] {
  const latest = new Map<string, Transition>();
  for (const row of index.transitionsFrom.get(fromProgramId) ?? []) {
    if (cohortYear !== undefined && row.cohortYear !== cohortYear) continue;
    const seen = latest.get(row.toProgramId);
    if (!seen || row.cohortYear > seen.cohortYear) latest.set(row.toProgramId, row);
  }
  return [...latest.values()]
    .sort((a, b) => (a.toProgramId < b.toProgramId ? -1 : a.toProgramId > b.toProgramId ? 1 : 0))
    .map(withRate);
}

/** The transition P → Q of that cohort year, or its latest; undefined when none is recorded. */
export function transitionRate(
  index: GraphIndex,
  fromProgramId: string,
  toProgramId: string,
  cohortYear?: number,
): TransitionRate | undefined {
  let found: Transition | undefined;
  for (const row of index.transitionsFrom.get(fromProgramId) ?? []) {
    if (row.toProgramId !== toProgramId) continue;
    if (cohortYear !== undefined ? row.cohortYear === cohortYear : !found || row.cohortYear > found.cohortYear)
      found = row;
  }
  return found && withRate(found);
}
