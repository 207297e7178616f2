/**
 * The folder-of-CSVs form of a bundle (README.md beside this file): one spreadsheet per bundle
 * key, for partners who keep their data in spreadsheets. Reading gives a raw bundle that the
 * one validator (`bundleSchema`) checks; every problem, from the CSV reader or the validator,
 * is reported with its file, spreadsheet row and column as well as its bundle JSON path.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CastReturnObject } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { type Bundle, bundleSchema } from '../model/bundle.ts';
import { CellFormatError, formatCell, parseCell, type RawCell } from './csv-cells.ts';
import { CSV_FILE_NAMES, CSV_FILES, type CsvColumn, type CsvFileSpec } from './csv-columns.ts';

export interface CsvError {
  /** The file name inside the folder, e.g. `programs.csv`; empty for the folder itself. */
  file: string;
  /** The 1-based spreadsheet row (the header is row 1); 0 for the whole file. */
  row: number;
  /** The column's header; empty for a whole row or file. */
  column: string;
  /** The bundle JSON path, e.g. `programs[3].requires[0][1]`; empty when there is none. */
  path: string;
  message: string;
}

/** `programs[3].requires[0][1]` from `['programs', 3, 'requires', 0, 1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** One line for a person: `programs.csv row 4, column requires (programs[2].requires[0][1]): …`. */
export function formatCsvError(error: CsvError): string {
  const where = [
    error.file || 'folder',
    error.row > 0 ? `row ${error.row}` : '',
    error.column && `column ${error.column}`,
  ]
    .filter((part) => part !== '')
    .join(', ');
  return `${where}${error.path ? ` (${error.path})` : ''}: ${error.message}`;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest known name, when it is close enough to be the intended one. */
function suggestion(name: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean ${best}?)` : '';
}

/** What the reader found: the raw bundle plus what maps validator paths back to rows. */
interface FolderRead {
  bundle: Record<string, unknown>;
  errors: CsvError[];
  /** Per bundle key, the spreadsheet row of each array item (for `source`, one entry). */
  rows: Map<string, number[]>;
  /** Paths of cells the reader already reported, so the validator does not report them again. */
  reported: Set<string>;
}

/** A blank cell; a quoted empty cell `""` is not blank, it holds an empty text or list. */
const isBlank = (cell: RawCell | undefined) => cell === undefined || (!cell.quoted && cell.text.trim() === '');

function decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function readTable(spec: CsvFileSpec, bytes: Uint8Array, errors: CsvError[]): RawCell[][] | undefined {
  const fileError = (row: number, message: string) =>
    errors.push({ file: spec.file, row, column: '', path: '', message });
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const text = utf16 ? undefined : decode(bytes);
  if (text === undefined) {
    fileError(0, `is not UTF-8 text; save it as "CSV UTF-8 (comma delimited)"`);
    return undefined;
  }
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      cast: (value, context): RawCell => ({ text: value, quoted: context.quoting }),
    }) as unknown as RawCell[][];
  } catch (error) {
    const records = (error as { records?: unknown }).records;
    fileError(typeof records === 'number' ? records + 1 : 0, `is not well-formed CSV: ${(error as Error).message}`);
    return undefined;
  }
}

function readFile(spec: CsvFileSpec, bytes: Uint8Array, read: FolderRead): void {
  const { errors } = read;
  const table = readTable(spec, bytes, errors);
  if (table === undefined) return;
  const [header = [], ...records] = table;
  const names = header.map((cell) => cell.text.trim());
  if (names.length === 1 && names[0]?.includes(';')) {
    const message = 'is separated by semicolons; save it with commas between cells ("CSV UTF-8 (comma delimited)")';
    errors.push({ file: spec.file, row: 1, column: '', path: '', message });
    return;
  }

  const known = spec.columns.map((column) => column.name);
  const columnAt = new Map<number, CsvColumn>();
  const unnamed: number[] = [];
  names.forEach((name, index) => {
    const headerError = (message: string) =>
      errors.push({ file: spec.file, row: 1, column: name, path: spec.key, message });
    const column = spec.columns.find((c) => c.name === name);
    if (name === '') unnamed.push(index);
    else if (column === undefined)
      headerError(`unknown column${suggestion(name, known)}; the columns are ${known.join(', ')}`);
    else if ([...columnAt.values()].includes(column)) headerError('column appears twice');
    else columnAt.set(index, column);
  });

  const items: unknown[] = [];
  const rows: number[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    // Spreadsheets add blank rows and rows of empty cells at the end; they hold no data.
    if (record.every(isBlank)) return;
    const index = items.length;
    const base: (string | number)[] = spec.oneRow ? [spec.key] : [spec.key, index];
    if (spec.oneRow && index > 0) {
      const message = `${spec.file} holds one row; this row is one too many`;
      errors.push({ file: spec.file, row, column: '', path: spec.key, message });
      return;
    }
    const item: Record<string, unknown> = {};
    for (const [at, column] of columnAt) {
      const parsed = parseCell(record[at] ?? { text: '', quoted: false }, column.cell);
      if (parsed.present) item[column.name] = parsed.value;
      for (const problem of parsed.problems) {
        // A list of plain values has no field name in its path: `remove[2]`, not `remove[2].id`.
        const path = formatPath([...base, ...(spec.values ? [] : [column.name]), ...problem.at]);
        read.reported.add(path);
        errors.push({ file: spec.file, row, column: column.name, path, message: problem.message });
      }
    }
    const stray = record.some((cell, at) => !isBlank(cell) && (at >= names.length || unnamed.includes(at)));
    if (stray) {
      const message = 'has a value in a column without a header; add the column name in row 1 or clear the cell';
      errors.push({ file: spec.file, row, column: '', path: formatPath(base), message });
    }
    items.push(spec.values ? item[spec.columns[0]?.name ?? ''] : item);
    rows.push(row);
  });

  read.rows.set(spec.key, rows);
  if (!spec.oneRow) read.bundle[spec.key] = items;
  else if (items[0] !== undefined) read.bundle[spec.key] = items[0];
}

function emptyRead(): FolderRead {
  return { bundle: { format: 'pathway-bundle', version: 1 }, errors: [], rows: new Map(), reported: new Set() };
}

/** The folder's contents in memory: file name → bytes (a folder on disk, a zip, one uploaded file). */
export type CsvFiles = ReadonlyMap<string, Uint8Array>;

function readFiles(files: CsvFiles): FolderRead {
  const read = emptyRead();
  const present = [...files.keys()].filter((name) => name.toLowerCase().endsWith('.csv'));
  // An unknown file is most often a misspelt one whose rows would otherwise be left out silently.
  for (const name of present.filter((name) => !CSV_FILE_NAMES.includes(name)).sort()) {
    const message = `unknown file${suggestion(name, CSV_FILE_NAMES)}; the files are ${CSV_FILE_NAMES.join(', ')}`;
    read.errors.push({ file: name, row: 0, column: '', path: '', message });
  }
  for (const spec of CSV_FILES) {
    const bytes = files.get(spec.file);
    if (bytes !== undefined) readFile(spec, bytes, read);
  }
  return read;
}

function readFolder(dir: string): FolderRead {
  let present: string[];
  try {
    present = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.csv'))
      .map((entry) => entry.name);
  } catch (error) {
    const read = emptyRead();
    const message = `cannot read the folder: ${(error as Error).message}`;
    read.errors.push({ file: '', row: 0, column: '', path: '', message });
    return read;
  }
  const files = new Map<string, Uint8Array>();
  const unreadable: CsvError[] = [];
  for (const name of present) {
    if (!CSV_FILE_NAMES.includes(name)) {
      files.set(name, new Uint8Array());
      continue;
    }
    try {
      files.set(name, readFileSync(join(dir, name)));
    } catch (error) {
      const message = `cannot be read: ${(error as Error).message}`;
      unreadable.push({ file: name, row: 0, column: '', path: '', message });
    }
  }
  const read = readFiles(files);
  read.errors.push(...unreadable);
  return read;
}

/** The raw bundle in a folder of CSVs, with the problems found while reading it (not yet validated). */
export function readCsvFolder(dir: string): { bundle: unknown; errors: CsvError[] } {
  const { bundle, errors } = readFolder(dir);
  return { bundle, errors };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function fileOf(key: PropertyKey): CsvFileSpec | undefined {
  return CSV_FILES.find((spec) => spec.key === key);
}

function issueToErrors(issue: z.core.$ZodIssue, read: FolderRead): CsvError[] {
  const [key, ...rest] = issue.path;
  const spec = fileOf(key ?? '');
  if (spec === undefined) {
    return [{ file: '', row: 0, column: '', path: formatPath(issue.path), message: issue.message }];
  }
  const rows = read.rows.get(spec.key) ?? [];
  const index = spec.oneRow ? 0 : rest[0];
  const recordPath = spec.oneRow ? [spec.key] : [spec.key, ...rest.slice(0, 1)];
  const fieldPath = spec.oneRow ? rest : rest.slice(1);
  const row = typeof index === 'number' ? (rows[index] ?? 0) : 0;
  if (issue.code === 'unrecognized_keys' && fieldPath.length === 0) {
    // Only edges get here: a cell filled in that does not belong to the row's kind of edge.
    const kind = valueAt(read.bundle, [...recordPath, 'kind']);
    return issue.keys.map((column) => ({
      file: spec.file,
      row,
      column,
      path: formatPath([...recordPath, column]),
      message: `does not apply to ${typeof kind === 'string' ? `a ${kind} row` : 'this row'}; leave the cell empty`,
    }));
  }
  const missing = issue.code === 'invalid_type' && valueAt(read.bundle, issue.path) === undefined;
  const column = spec.values ? (spec.columns[0]?.name ?? '') : typeof fieldPath[0] === 'string' ? fieldPath[0] : '';
  const message = missing ? 'is required' : issue.message;
  return [{ file: spec.file, row, column, path: formatPath(issue.path), message }];
}

/** Whether the reader already reported this path or a cell that contains it. */
function coveredByReader(path: readonly PropertyKey[], reported: Set<string>): boolean {
  for (let length = path.length; length > 0; length--) if (reported.has(formatPath(path.slice(0, length)))) return true;
  return false;
}

function errorOrder(error: CsvError): [number, number, number] {
  const fileIndex = CSV_FILE_NAMES.indexOf(error.file);
  const spec = CSV_FILES[fileIndex];
  const columnIndex = spec ? spec.columns.findIndex((column) => column.name === error.column) : -1;
  return [fileIndex, error.row, columnIndex];
}

function compareErrors(a: CsvError, b: CsvError): number {
  const [ka, kb] = [errorOrder(a), errorOrder(b)];
  return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
}

/** What reading and validating a set of CSV files gives. */
export interface CsvBundleResult {
  bundle?: Bundle;
  errors: CsvError[];
  /** The raw, unvalidated bundle (even when some cells are bad, so an import can report the rest at once). */
  raw: unknown;
  /** The file, row and column of a bundle path (for errors found later, e.g. unknown ids). */
  locate: (path: string) => Pick<CsvError, 'file' | 'row' | 'column'> | undefined;
}

function validateRead(read: FolderRead): CsvBundleResult {
  const locate = (path: string) => {
    const match = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.([A-Za-z]+))?/.exec(path);
    const spec = match ? fileOf(match[1] as string) : undefined;
    if (!match || !spec) return undefined;
    const rows = read.rows.get(spec.key) ?? [];
    const row = spec.oneRow ? (rows[0] ?? 0) : match[2] === undefined ? 0 : (rows[Number(match[2])] ?? 0);
    const column = spec.values && match[2] !== undefined ? (spec.columns[0]?.name ?? '') : (match[3] ?? '');
    return { file: spec.file, row, column };
  };
  const result = bundleSchema.safeParse(read.bundle);
  if (result.success && read.errors.length === 0) return { bundle: result.data, errors: [], raw: read.bundle, locate };
  const errors = [...read.errors];
  for (const issue of result.error?.issues ?? []) {
    if (!coveredByReader(issue.path, read.reported)) errors.push(...issueToErrors(issue, read));
  }
  return { errors: errors.sort(compareErrors), raw: read.bundle, locate };
}

/**
 * Reads a folder of CSVs and validates it with `bundleSchema`. Either a bundle and no errors,
 * or every error at once, each with its file, row and column.
 */
export function csvFolderToBundle(dir: string): CsvBundleResult {
  return validateRead(readFolder(dir));
}

/**
 * The same as `csvFolderToBundle` for files held in memory (an upload): keys are the file
 * names (`programs.csv`); names not ending in `.csv` are ignored, unknown `.csv` names are errors.
 */
export function csvFilesToBundle(files: CsvFiles): CsvBundleResult {
  return validateRead(readFiles(files));
}

function isCastReturn(value: Record<string, unknown>): value is CastReturnObject {
  return typeof value.value === 'string';
}

function toCsv(spec: CsvFileSpec, records: readonly unknown[]): string {
  const rows: unknown[][] = [spec.columns.map((column) => column.name)];
  records.forEach((record, index) => {
    const base = spec.oneRow ? spec.key : `${spec.key}[${index}]`;
    const valueColumn = spec.values ? spec.columns[0]?.name : undefined;
    const fields = (
      valueColumn !== undefined
        ? { [valueColumn]: record }
        : typeof record === 'object' && record !== null
          ? record
          : {}
    ) as Record<string, unknown>;
    const extra = Object.keys(fields).filter((name) => !spec.columns.some((column) => column.name === name));
    if (extra.length > 0) throw new CellFormatError(`${base}: ${extra.join(', ')} has no column in ${spec.file}`);
    rows.push(
      spec.columns.map((column) => {
        const cell = formatCell(fields[column.name], column.cell, valueColumn ? base : `${base}.${column.name}`);
        if (cell === undefined) return undefined;
        // Quotes keep an empty text or list apart from a blank (absent) cell.
        return cell.quoted ? { value: cell.text, quoted: true, quoted_empty: true } : cell.text;
      }),
    );
  });
  // A byte order mark makes Excel read the file as UTF-8 rather than the local code page.
  return stringify(rows, {
    bom: true,
    cast: { object: (value) => (isCastReturn(value) ? value : JSON.stringify(value)) },
  });
}

/**
 * Writes a bundle as a folder of CSVs, the exact inverse of `csvFolderToBundle`: one file per key
 * the bundle has (a header-only file for an empty array); the folder's file for a key the bundle
 * does not have is removed, so that reading the folder back gives this bundle and nothing else.
 */
export function bundleToCsvFolder(bundle: Bundle, dir: string): void {
  // Everything is formatted before anything is written, so a bundle that cannot be written leaves the folder alone.
  const files = bundleToCsvFiles(bundle);
  mkdirSync(dir, { recursive: true });
  for (const spec of CSV_FILES) {
    const text = files.get(spec.file);
    if (text === undefined) rmSync(join(dir, spec.file), { force: true });
    else writeFileSync(join(dir, spec.file), text);
  }
}

/** The files `bundleToCsvFolder` writes, in memory: file name → text, in the order of `CSV_FILES`. */
export function bundleToCsvFiles(bundle: Bundle): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of CSV_FILES) {
    const value = (bundle as Record<string, unknown>)[spec.key];
    if (value !== undefined) files.set(spec.file, toCsv(spec, spec.oneRow ? [value] : (value as unknown[])));
  }
  return files;
}

/** Header-only templates, one file per bundle key, for a partner to fill in. */
export function writeCsvTemplates(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const spec of CSV_FILES) writeFileSync(join(dir, spec.file), toCsv(spec, []));
}
