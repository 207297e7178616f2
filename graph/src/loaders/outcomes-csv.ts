/**
 * A WIOA-style outcomes CSV (one row per program and cohort year) → bundle `outcomes`
 * (CONTRACT.md sections 1 and 6). The columns are the bundle's field names, as in the CSV
 * template `graph/templates/csv/outcomes.csv` (any case, any order; only programId and
 * cohortYear are required):
 *
 *   programId,cohortYear,enrolled,completed,exiters,credentialAttained,employedQ2,employedQ4,
 *   retainedQ4,medianEarningsQ2,measurableSkillGains,source
 *
 * Counts are whole numbers of participants; medianEarningsQ2 is quarterly dollars. An empty
 * cell is a figure not reported. A suppression marker (`*`, `-99999`, `S`, `suppressed`,
 * `n/a`, any case) is a figure withheld by the publisher: never a number, left out of the row
 * and counted. A row is skipped, with its reason, when its program or year is missing or
 * unknown, a cell is not a figure, a count exceeds its denominator, or it repeats a (program,
 * year) pair.
 */
import { type Outcome, outcomeSchema } from '../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from './conversion.ts';
import { readCsv } from './text-tables.ts';

export const OUTCOME_COUNT_COLUMNS = [
  'enrolled',
  'completed',
  'exiters',
  'credentialAttained',
  'employedQ2',
  'employedQ4',
  'retainedQ4',
  'measurableSkillGains',
] as const;
export const OUTCOME_CSV_COLUMNS = [
  'programId',
  'cohortYear',
  ...OUTCOME_COUNT_COLUMNS,
  'medianEarningsQ2',
  'source',
] as const;

/** Markers publishers use for a withheld (small-cell) figure. */
export const SUPPRESSION_MARKERS: ReadonlySet<string> = new Set(['*', '-99999', 's', 'suppressed', 'n/a']);

export interface OutcomesCsvOptions {
  fileName: string;
  /** Programs in the graph: rows naming another program are skipped (the import would refuse them). */
  programIds: ReadonlySet<string>;
  /** A source for rows whose `source` cell is empty (e.g. `WIOA annual report PY2023`). */
  source?: string;
}

const canonical = new Map(OUTCOME_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));

export function convertOutcomesCsv(text: string, options: OutcomesCsvOptions): Conversion {
  const skipped = new SkipLog();
  const notes: string[] = [];
  const table = readCsv(text, options.fileName, ['programId', 'cohortYear'], (name) => {
    const trimmed = name.trim();
    return canonical.get(trimmed.toLowerCase()) ?? trimmed;
  });
  const read = { [table.file]: table.rows.length };
  const unknownColumns = table.columns.filter((c) => !canonical.has(c.toLowerCase()));
  if (unknownColumns.length > 0)
    notes.push(`columns not read (not outcome fields): ${unknownColumns.map((c) => `"${c}"`).join(', ')}`);
  for (const line of table.malformed)
    skipped.add('malformed line (wrong number of fields)', `${table.file} line ${line}`);

  const outcomes: Outcome[] = [];
  const seen = new Set<string>();
  const suppressed = new Map<string, number>();
  const convertRow = (row: Record<string, string>, i: number) => {
    const where = `${table.file} row ${i + 2}`;
    const programId = row.programId ?? '';
    const yearCell = row.cohortYear ?? '';
    if (programId === '') return skipped.add('no programId', where);
    if (!/^\d{4}$/.test(yearCell)) return skipped.add('cohortYear is not a four-digit year', `${where}: "${yearCell}"`);
    if (!options.programIds.has(programId)) return skipped.add('program not in the graph', `${where}: ${programId}`);
    const candidate: Record<string, unknown> = { programId, cohortYear: Number(yearCell) };
    for (const column of [...OUTCOME_COUNT_COLUMNS, 'medianEarningsQ2'] as const) {
      const cell = (row[column] ?? '').trim();
      if (cell === '') continue;
      if (SUPPRESSION_MARKERS.has(cell.toLowerCase())) {
        suppressed.set(column, (suppressed.get(column) ?? 0) + 1);
        continue;
      }
      const value = Number(cell.replace(/,/g, ''));
      const isCount = column !== 'medianEarningsQ2';
      if (!/^\d[\d,]*(\.\d+)?$/.test(cell) || !Number.isFinite(value) || (isCount && !Number.isInteger(value))) {
        return skipped.add(
          `${column} is not ${isCount ? 'a whole number of participants' : 'an amount in dollars'}`,
          `${where}: "${cell}"`,
        );
      }
      candidate[column] = value;
    }
    const source = (row.source ?? '').trim() || options.source;
    if (source) candidate.source = source;
    const parsed = outcomeSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return skipped.add(
        `${issue?.path.join('.') || 'row'} ${issue?.message ?? 'is invalid'}`,
        `${where}: ${programId} ${yearCell}`,
      );
    }
    const key = `${programId}|${yearCell}`;
    if (seen.has(key)) return skipped.add('repeats a program and cohort year (the first row is kept)', where);
    seen.add(key);
    outcomes.push(parsed.data);
  };
  for (const [i, row] of table.rows.entries()) convertRow(row, i);
  if (table.rows.length === 0) throw new LoaderInputError(`${table.file}: no data rows`);
  for (const [column, count] of suppressed)
    notes.push(`${formatNumber(count)} suppressed ${column} cells left out (never a number)`);
  return { bundle: { format: 'pathway-bundle', version: 1.1, outcomes }, skipped: skipped.list(), read, notes };
}
