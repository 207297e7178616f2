/** Reading the public files' tables: O*NET's tab-delimited text, CSV, and their number cells. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { LoaderInputError } from './conversion.ts';

export interface Table {
  /** The file's name, for messages. */
  file: string;
  columns: string[];
  /** One record per data row, keyed by column name. */
  rows: Record<string, string>[];
  /** 1-based line numbers of rows whose number of fields differs from the header's. */
  malformed: number[];
}

function checkColumns(file: string, columns: string[], required: readonly string[]): void {
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new LoaderInputError(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (found: ${columns.join(', ')})`,
    );
  }
}

/**
 * O*NET's text files: tab-delimited, one header line, no quoting (descriptions contain quote
 * characters that are not quotes), LF or CRLF line ends.
 */
export function readTsv(text: string, file: string, required: readonly string[]): Table {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const columns = (lines[0] ?? '').split('\t').map((c) => c.trim());
  checkColumns(file, columns, required);
  const rows: Record<string, string>[] = [];
  const malformed: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    if (fields.length !== columns.length) {
      malformed.push(i + 1);
      continue;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, j) => {
      row[c] = (fields[j] as string).trim();
    });
    rows.push(row);
  }
  return { file, columns, rows, malformed };
}

/** A CSV file with a header row; `header` may normalize column names (e.g. upper-case them). */
export function readCsv(
  text: string,
  file: string,
  required: readonly string[],
  header: (name: string) => string = (name) => name.trim(),
): Table {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new LoaderInputError(`${file}: not a readable CSV file (${(error as Error).message})`);
  }
  const columns = (records[0] ?? []).map(header);
  checkColumns(file, columns, required);
  const rows: Record<string, string>[] = [];
  const malformed: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const fields = records[i] as string[];
    if (fields.length !== columns.length) {
      malformed.push(i + 1);
      continue;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, j) => {
      row[c] = (fields[j] as string).trim();
    });
    rows.push(row);
  }
  return { file, columns, rows, malformed };
}

/** A plain decimal number (thousands separators allowed), or undefined for anything else. */
export function parseDecimal(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const text = cell.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Cents: `21.42 * 2080` is 44553.600000000006 in floating point, and money is kept to the cent. */
export const roundCents = (value: number): number => Math.round(value * 100) / 100;

/** A year given on the command line, or the first plausible year in a file name. */
export function yearFrom(explicit: number | undefined, fileName: string, pattern: RegExp): number | undefined {
  if (explicit !== undefined) return explicit;
  const match = pattern.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** A text file as UTF-8, gunzipped first when its name ends in `.gz` (the data files kept in the repo). */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
