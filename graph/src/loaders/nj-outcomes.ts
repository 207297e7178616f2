/**
 * New Jersey DOL training outcomes by provider × 6-digit CIP (`outcomes_schcip.csv`, the 2020
 * release of the state's eligible training provider list; see graph/data/nj_outcomes/README.md)
 * → bundle `outcomes`, attached to the graph's programs by (provider, CIP).
 *
 * The file gives rates with their denominators; the bundle keeps counts, so each rate is turned
 * back into a count: count = round half up of rate × denominator (on the real file every such
 * product is within 1e-12 of a whole number). `-99999` means suppressed (a small cell): never a
 * number, so a suppressed rate gives no count, and the field is left out of the row.
 *
 * | bundle field | from |
 * |---|---|
 * | `exiters` | `NumCompleted2`: the completers the 2nd-quarter figures count |
 * | `employedQ2` | `PerEmployed2` × `NumCompleted2` |
 * | `employedQ4` | `PerEmployed4` × `NumCompleted4`, only when `NumCompleted4` = `NumCompleted2` (one row has one `exiters`) |
 * | `retainedQ4` | `PerRetention4` × `NumUsedRetentionCalc4`, only when that denominator = `employedQ2` (the contract's denominator) |
 *
 * Not loaded: `AvgQuarterlyWage*` (a mean, and `medianEarningsQ2` is a median), the 8th-quarter
 * figures (no bundle field), enrolment, completion and credential counts (not in the file).
 *
 * Matching: an NJ provider id `N` is the graph partner `nj-provider-N`; the CIP `511020` is the
 * program `cip` `51.1020`. A row attaches to the one program of that partner with that CIP.
 */
import type { Outcome } from '../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from './conversion.ts';
import { readCsv, type Table } from './text-tables.ts';

export const NJ_SUPPRESSED = '-99999';
export const NJ_DEFAULT_YEAR = 2020;
export const NJ_SOURCE = 'New Jersey DOL eligible training provider outcomes by provider and CIP (2020)';
export const NJ_COLUMNS = [
  'providerid',
  'cipcode',
  'PerEmployed2',
  'PerEmployed4',
  'PerEmployed8',
  'AvgQuarterlyWage2',
  'AvgQuarterlyWage4',
  'AvgQuarterlyWage8',
  'PerRetention4',
  'PerRetention8',
  'NumCompleted2',
  'NumCompleted4',
  'NumCompleted8',
  'NumUsedWageCalc2',
  'NumUsedWageCalc4',
  'NumUsedWageCalc8',
  'NumUsedRetentionCalc4',
  'NumUsedRetentionCalc8',
] as const;
/** Columns this loader reads figures from. */
const USED = [
  'PerEmployed2',
  'PerEmployed4',
  'PerRetention4',
  'NumCompleted2',
  'NumCompleted4',
  'NumUsedRetentionCalc4',
];

/** The graph partner an NJ provider id maps to. */
export const njPartnerId = (providerId: string): string => `nj-provider-${providerId}`;

/** `511020` → `51.1020`; undefined for anything that is not six digits. */
export function njCip(cell: string): string | undefined {
  const digits = cell.trim().padStart(6, '0');
  return /^\d{6}$/.test(digits) ? `${digits.slice(0, 2)}.${digits.slice(2)}` : undefined;
}

/** round half up of rate × denominator; undefined when the product is not (nearly) a whole number. */
export function countFromRate(rate: number, denominator: number): number | undefined {
  const product = rate * denominator;
  const count = Math.floor(product + 0.5);
  return Math.abs(product - count) <= 0.01 ? count : undefined;
}

export interface NjTable extends Table {
  /** Suppressed (`-99999`) cells per column, over every row. */
  suppressed: Record<string, number>;
}

/** Reads the file and counts its suppressed cells; a missing column is an input error naming it. */
export function readNjOutcomes(text: string, file: string): NjTable {
  const table = readCsv(text, file, NJ_COLUMNS);
  const suppressed: Record<string, number> = {};
  for (const row of table.rows)
    for (const column of table.columns)
      if (row[column] === NJ_SUPPRESSED) suppressed[column] = (suppressed[column] ?? 0) + 1;
  return { ...table, suppressed };
}

export interface KnownProgram {
  id: string;
  providerId?: string;
  cip?: string;
}

export interface NjOptions {
  /** The graph's programs (with provider and CIP) and partners. */
  programs: readonly KnownProgram[];
  partnerIds: ReadonlySet<string>;
  year?: number;
}

export interface NjMatch {
  /** Rows attached to a program. */
  matched: number;
  /** Rows not attached, by reason (also in `skipped`). */
  unmatched: { providerNotInGraph: number; noProgramWithCip: number; ambiguous: number; notACip: number };
}

const cell = (row: Record<string, string>, column: string) => row[column] ?? '';

/** A non-negative number, `null` when suppressed, undefined when not a number at all. */
function figure(text: string): number | null | undefined {
  if (text === NJ_SUPPRESSED) return null;
  if (!/^\d+(\.\d+)?([eE]-?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function convertNj(table: NjTable, options: NjOptions): Conversion & { match: NjMatch } {
  const skipped = new SkipLog();
  const year = options.year ?? NJ_DEFAULT_YEAR;
  const read = { [table.file]: table.rows.length };
  const suppressedTotal = Object.values(table.suppressed).reduce((a, b) => a + b, 0);
  const notes: string[] = [
    `${formatNumber(suppressedTotal)} suppressed (-99999) cells in the file: ${Object.entries(table.suppressed)
      .map(([c, n]) => `${c} ${formatNumber(n)}`)
      .join(', ')}`,
    'not loaded: AvgQuarterlyWage* (a mean; medianEarningsQ2 is a median), the 8th-quarter figures, enrolment and credential counts (not in the file)',
  ];
  for (const line of table.malformed)
    skipped.add('malformed line (wrong number of fields)', `${table.file} line ${line}`);

  const byKey = new Map<string, string[]>();
  for (const p of options.programs) {
    if (p.providerId === undefined || p.cip === undefined) continue;
    const key = `${p.providerId}|${p.cip}`;
    byKey.set(key, [...(byKey.get(key) ?? []), p.id]);
  }
  const match: NjMatch = {
    matched: 0,
    unmatched: { providerNotInGraph: 0, noProgramWithCip: 0, ambiguous: 0, notACip: 0 },
  };
  const left = {
    employedQ2: 0,
    employedQ4Suppressed: 0,
    employedQ4Denominator: 0,
    retainedSuppressed: 0,
    retainedDenominator: 0,
  };
  const outcomes: Outcome[] = [];
  const seen = new Set<string>();

  const convertRow = (row: Record<string, string>, i: number) => {
    const provider = cell(row, 'providerid');
    const where = `line ${i + 2}: provider ${provider}, CIP ${cell(row, 'cipcode')}`;
    const cip = njCip(cell(row, 'cipcode'));
    if (!/^\d+$/.test(provider)) return skipped.add('providerid is not a number', where);
    if (cip === undefined || cip === '99.9999') {
      match.unmatched.notACip += 1;
      return skipped.add('cipcode is not a 6-digit CIP code (999999: unknown)', where);
    }
    const values = new Map<string, number | null>();
    for (const column of USED) {
      const value = figure(cell(row, column));
      if (value === undefined)
        return skipped.add(`${column} is neither a number nor -99999`, `${where}: "${cell(row, column)}"`);
      values.set(column, value);
    }
    const completed2 = values.get('NumCompleted2');
    const completed4 = values.get('NumCompleted4');
    if (completed2 === null || completed2 === undefined || !Number.isInteger(completed2))
      return skipped.add('NumCompleted2 (the denominator) is missing or not a whole number', where);

    const partnerId = njPartnerId(provider);
    const programs = byKey.get(`${partnerId}|${cip}`) ?? [];
    if (programs.length !== 1) {
      if (programs.length > 1) {
        match.unmatched.ambiguous += 1;
        return skipped.add(
          'unmatched: several programs of the provider have this CIP',
          `${where} (${programs.join(', ')})`,
        );
      }
      if (!options.partnerIds.has(partnerId)) {
        match.unmatched.providerNotInGraph += 1;
        return skipped.add(`unmatched: no partner ${njPartnerId('<providerid>')} in the graph`, where);
      }
      match.unmatched.noProgramWithCip += 1;
      return skipped.add('unmatched: the provider has no program with this CIP', `${where} (${partnerId} ${cip})`);
    }
    const programId = programs[0] as string;
    const key = `${programId}|${year}`;
    if (seen.has(key)) return skipped.add('repeats a provider and CIP (the first row is kept)', where);
    seen.add(key);

    const outcome: Outcome = { programId, cohortYear: year, exiters: completed2, source: NJ_SOURCE };
    const rate2 = values.get('PerEmployed2');
    if (rate2 !== null && rate2 !== undefined) {
      const employed = countFromRate(rate2, completed2);
      if (employed === undefined || employed > completed2) left.employedQ2 += 1;
      else outcome.employedQ2 = employed;
    }
    const rate4 = values.get('PerEmployed4');
    if (rate4 === null) left.employedQ4Suppressed += 1;
    else if (rate4 !== undefined) {
      if (completed4 !== completed2) left.employedQ4Denominator += 1;
      else {
        const employed = countFromRate(rate4, completed2);
        if (employed !== undefined && employed <= completed2) outcome.employedQ4 = employed;
      }
    }
    const retention = values.get('PerRetention4');
    const retentionBase = values.get('NumUsedRetentionCalc4');
    if (retention === null) left.retainedSuppressed += 1;
    else if (retention !== undefined && retentionBase !== null && retentionBase !== undefined) {
      if (outcome.employedQ2 === undefined || retentionBase !== outcome.employedQ2) left.retainedDenominator += 1;
      else {
        const retained = countFromRate(retention, retentionBase);
        if (retained !== undefined && retained <= retentionBase) outcome.retainedQ4 = retained;
      }
    }
    match.matched += 1;
    outcomes.push(outcome);
  };
  for (const [i, row] of table.rows.entries()) convertRow(row, i);
  if (table.rows.length === 0) throw new LoaderInputError(`${table.file}: no data rows`);
  if (left.employedQ2 > 0)
    notes.push(
      `${formatNumber(left.employedQ2)} matched rows: PerEmployed2 × NumCompleted2 is not a whole number, employedQ2 left out`,
    );
  notes.push(
    `matched rows: ${formatNumber(left.employedQ4Suppressed)} without employedQ4 (suppressed), ${formatNumber(left.employedQ4Denominator)} without it because NumCompleted4 differs from NumCompleted2`,
    `matched rows: ${formatNumber(left.retainedSuppressed)} without retainedQ4 (suppressed), ${formatNumber(left.retainedDenominator)} without it because NumUsedRetentionCalc4 is not employedQ2`,
    `matched ${formatNumber(match.matched)} of ${formatNumber(table.rows.length)} rows to programs by (nj-provider-<providerid>, CIP)`,
  );
  return {
    bundle: { format: 'pathway-bundle', version: 1.1, outcomes },
    skipped: skipped.list(),
    read,
    notes,
    match,
  };
}
