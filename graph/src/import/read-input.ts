/**
 * Turns a file or folder into a raw bundle for the validator: a pathway bundle (JSON), a
 * CTDL JSON-LD document, or a folder of CSV files.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';

export interface RawInput {
  raw: unknown;
  format: 'bundle' | 'ctdl' | 'csv';
  /** Problems found while reading (a CSV cell, a CTDL term) — reported like validation errors. */
  notes: string[];
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

export function readInput(path: string): RawInput {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (stats.isDirectory()) {
    throw new InputError(`${path} is a folder; CSV folders are read by the CSV importer`);
  }
  const raw = parseJsonFile(readFileSync(path, 'utf8'), basename(path));
  return { raw, format: 'bundle', notes: [] };
}
