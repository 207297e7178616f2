/**
 * Turns a file or folder into a raw bundle for the validator: a pathway bundle (JSON), a
 * CTDL JSON-LD document, or a folder of CSV files.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { csvFolderToBundle, readCsvFolder } from '../csv/csv-folder.ts';
import type { BundleIssue } from './validate.ts';

export interface RawInput {
  raw: unknown;
  format: 'bundle' | 'ctdl' | 'csv';
  /** Problems found while reading (a CSV cell): the import stops with these. */
  issues: BundleIssue[];
  /** What was read but not mapped, and other remarks, for the summary. */
  notes: string[];
  /** Where a bundle path lives in the input, for error messages (CSV: file, row, column). */
  where: (path: string) => string | undefined;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** JSON.parse with a message that names the file and the line and column. */
export function parseJsonFile(text: string, label: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      throw new InputError(`${label} is not valid JSON (line ${line}, column ${column}): ${message}`);
    }
    throw new InputError(`${label} is not valid JSON: ${message}`);
  }
}

const nowhere = () => undefined;

export function readInput(path: string): RawInput {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (stats.isDirectory()) {
    const csv = csvFolderToBundle(path);
    return {
      // The raw rows even when some cells are bad, so the validator can report the rest at once.
      raw: csv.bundle ?? readCsvFolder(path).bundle,
      format: 'csv',
      // Cell errors carry their bundle path; `where` turns it back into file, row and column.
      issues: csv.errors.map((e) => ({
        path: e.path || e.file || '(folder)',
        message: e.path ? e.message : `${e.file || 'folder'}: ${e.message}`,
      })),
      notes: [],
      where: (p) => {
        const at = csv.locate(p);
        return at ? `${at.file} row ${at.row}${at.column ? `, column ${at.column}` : ''}` : undefined;
      },
    };
  }
  const raw = parseJsonFile(readFileSync(path, 'utf8'), basename(path));
  return { raw, format: 'bundle', issues: [], notes: [], where: nowhere };
}
