/**
 * Turns a file or folder into a raw bundle for the validator: a pathway bundle (JSON), a
 * CTDL JSON-LD document, or a folder of CSV files.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { csvFolderToBundle, readCsvFolder } from '../csv/csv-folder.ts';
import { CtdlFormatError, ctdlToBundle, isCtdlDocument, JsonSyntaxError, parseJsonStrict } from '../ctdl/index.ts';
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
    return parseJsonStrict(text, label);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new InputError(error.message);
    throw error;
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
  const json = parseJsonFile(readFileSync(path, 'utf8'), basename(path));
  return fromJson(json, basename(path));
}

/** A parsed JSON document: a pathway bundle as it is, a CTDL JSON-LD document converted. */
export function fromJson(json: unknown, label: string): RawInput {
  const looksLikeBundle =
    typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'pathway-bundle';
  if (!looksLikeBundle && isCtdlDocument(json)) {
    try {
      const converted = ctdlToBundle(json, { sourceName: label });
      return {
        raw: converted.bundle,
        format: 'ctdl',
        issues: [],
        notes: [...converted.unmapped.map((u) => `not mapped: ${u}`), ...converted.warnings],
        where: nowhere,
      };
    } catch (error) {
      if (error instanceof CtdlFormatError) throw new InputError(error.message);
      throw error;
    }
  }
  return { raw: json, format: 'bundle', issues: [], notes: [], where: nowhere };
}
