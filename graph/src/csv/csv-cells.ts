/**
 * One cell of the CSV folder form to and from its bundle value. The rules are in README.md
 * beside this file; the reader is lenient where a spreadsheet adds noise (spaces around
 * values, `TRUE`, `1,250`) and strict where a guess could change the data.
 */
import type { CellSpec } from './csv-columns.ts';

/** A cell as the CSV parser hands it over: a quoted empty cell `""` differs from a blank one. */
export interface RawCell {
  text: string;
  quoted: boolean;
}

/** Where inside the cell's value a problem is (e.g. `[0, 1]` for the second id of the first group). */
export interface CellProblem {
  at: (string | number)[];
  message: string;
}

export interface ParsedCell {
  /** False for a blank cell: the field is left out of the bundle. */
  present: boolean;
  /** The bundle value; where a problem was found, the text as written, for the validator to see. */
  value?: unknown;
  problems: CellProblem[];
}

export const LIST_SEPARATOR = '|';
export const GROUP_SEPARATOR = ';';
export const PAIR_SEPARATOR = ':';

// Plain digits or thousands grouped by commas in threes (US style, as Excel writes a formatted
// number into a CSV); a decimal point; an exponent as JavaScript writes very large numbers.
const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

function items(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseCell(cell: RawCell, spec: CellSpec): ParsedCell {
  const trimmed = cell.text.trim();
  if (trimmed === '' && !cell.quoted) return { present: false, problems: [] };
  switch (spec.kind) {
    case 'text':
      return { present: true, value: cell.text, problems: [] };
    case 'code':
      return trimmed === '' ? { present: false, problems: [] } : { present: true, value: trimmed, problems: [] };
    case 'number': {
      if (trimmed === '') return { present: false, problems: [] };
      if (NUMBER.test(trimmed)) return { present: true, value: Number(trimmed.replaceAll(',', '')), problems: [] };
      const message = `"${trimmed}" is not a number: write digits such as 1250 or 1250.50 (no currency sign or unit)`;
      return { present: true, value: trimmed, problems: [{ at: [], message }] };
    }
    case 'boolean': {
      if (trimmed === '') return { present: false, problems: [] };
      const word = trimmed.toLowerCase();
      if (TRUE_WORDS.has(word)) return { present: true, value: true, problems: [] };
      if (FALSE_WORDS.has(word)) return { present: true, value: false, problems: [] };
      const message = `"${trimmed}" is not true or false (also yes/no, 1/0)`;
      return { present: true, value: trimmed, problems: [{ at: [], message }] };
    }
    case 'list':
      return { present: true, value: items(cell.text, LIST_SEPARATOR), problems: [] };
    case 'groups': {
      const groups = cell.text
        .split(GROUP_SEPARATOR)
        .map((group) => items(group, LIST_SEPARATOR))
        .filter((group) => group.length > 0);
      return { present: true, value: groups, problems: [] };
    }
    case 'pairs': {
      const [first, second] = spec.fields;
      const problems: CellProblem[] = [];
      const value = items(cell.text, LIST_SEPARATOR).map((item, index) => {
        // Ids may contain ':' themselves; the second part (a role) never does.
        const at = item.lastIndexOf(PAIR_SEPARATOR);
        const left = item.slice(0, Math.max(at, 0)).trim();
        const right = item.slice(at + 1).trim();
        if (at < 0 || left === '' || right === '') {
          problems.push({ at: [index], message: `"${item}" must be written ${first}${PAIR_SEPARATOR}${second}` });
          return item;
        }
        return { [first]: left, [second]: right };
      });
      return { present: true, value, problems };
    }
  }
}

/** A cell ready for the CSV writer; `quoted` forces quotes where a blank would read back as absent. */
export interface FormattedCell {
  text: string;
  quoted: boolean;
}

/** Thrown by the writer for a value that has no cell form (it could not be read back the same). */
export class CellFormatError extends Error {
  override readonly name = 'CellFormatError';
}

function listItem(value: unknown, path: string, separators: string[]): string {
  if (typeof value !== 'string') throw new CellFormatError(`${path}: a list item must be a string`);
  if (value === '' || value !== value.trim() || separators.some((separator) => value.includes(separator))) {
    throw new CellFormatError(
      `${path}: "${value}" cannot be a list item (empty, surrounding spaces, or contains ${separators.join(' ')})`,
    );
  }
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new CellFormatError(`${path}: must be a list`);
  return value;
}

/** The cell for a bundle value; `undefined` for an absent field (a blank cell). */
export function formatCell(value: unknown, spec: CellSpec, path: string): FormattedCell | undefined {
  if (value === undefined) return undefined;
  switch (spec.kind) {
    case 'text': {
      if (typeof value !== 'string') throw new CellFormatError(`${path}: must be a string`);
      return { text: value, quoted: value.trim() === '' };
    }
    case 'code': {
      if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
        throw new CellFormatError(`${path}: must be a non-empty string without surrounding spaces`);
      }
      return { text: value, quoted: false };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new CellFormatError(`${path}: must be a number`);
      return { text: String(value), quoted: false };
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw new CellFormatError(`${path}: must be true or false`);
      return { text: String(value), quoted: false };
    }
    case 'list': {
      const text = list(value, path)
        .map((item, i) => listItem(item, `${path}[${i}]`, [LIST_SEPARATOR]))
        .join(LIST_SEPARATOR);
      return { text, quoted: text === '' };
    }
    case 'groups': {
      const text = list(value, path)
        .map((group, i) => {
          const members = list(group, `${path}[${i}]`);
          if (members.length === 0) throw new CellFormatError(`${path}[${i}]: an empty group has no cell form`);
          return members
            .map((item, j) => listItem(item, `${path}[${i}][${j}]`, [LIST_SEPARATOR, GROUP_SEPARATOR]))
            .join(LIST_SEPARATOR);
        })
        .join(GROUP_SEPARATOR);
      return { text, quoted: text === '' };
    }
    case 'pairs': {
      const [first, second] = spec.fields;
      const text = list(value, path)
        .map((item, i) => {
          const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
          const extra = Object.keys(record).filter((key) => key !== first && key !== second);
          if (extra.length > 0) throw new CellFormatError(`${path}[${i}]: ${extra.join(', ')} has no cell form`);
          const left = listItem(record[first], `${path}[${i}].${first}`, [LIST_SEPARATOR]);
          const right = listItem(record[second], `${path}[${i}].${second}`, [LIST_SEPARATOR, PAIR_SEPARATOR]);
          return `${left}${PAIR_SEPARATOR}${right}`;
        })
        .join(LIST_SEPARATOR);
      return { text, quoted: text === '' };
    }
  }
}
