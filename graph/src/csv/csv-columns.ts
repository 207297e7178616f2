/**
 * The files and columns of the CSV folder form of a bundle, read off the zod schemas in
 * `model/bundle.ts` so that a field added there becomes a column here without a second list
 * to keep in step (the committed templates and the README are checked against this by tests).
 */
import type { z } from 'zod';
import { bundleSchema } from '../model/bundle.ts';

/**
 * How a cell is written:
 * - `text`: free text, kept exactly as written;
 * - `code`: an id, a code or a word from a fixed list; surrounding spaces are dropped;
 * - `number`, `boolean`;
 * - `list`: values separated by `|`;
 * - `groups`: groups separated by `;`, values within a group by `|` (a program's `requires`);
 * - `pairs`: `first:second` items separated by `|` (a pathway's `partnerRoles`).
 */
export type CellSpec =
  | { kind: 'text' | 'code' | 'number' | 'boolean' | 'list' | 'groups' }
  | { kind: 'pairs'; fields: readonly [string, string] };

export interface CsvColumn {
  name: string;
  cell: CellSpec;
}

export interface CsvFileSpec {
  /** The file name inside the folder, e.g. `programs.csv`. */
  file: string;
  /** The bundle key the file holds. */
  key: string;
  columns: CsvColumn[];
  /** `source.csv` holds the one `source` object rather than an array. */
  oneRow: boolean;
  /**
   * Each row is one value of a list of plain values (the `remove` id list), in the file's one
   * column, rather than one object: `remove.csv`'s `id` column gives `"remove": ["a", "b"]`.
   */
  values: boolean;
}

/** The column name of each list of plain values (a spreadsheet column needs a header). */
const VALUE_COLUMNS: Readonly<Record<string, string>> = { remove: 'id' };

function unwrapOptional(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current.def.type === 'optional') current = (current as z.ZodOptional).unwrap() as z.ZodType;
  return current;
}

/** A string schema with a regex (an id, a code, a date) is a code; one without is free text. */
function hasFormat(schema: z.ZodType): boolean {
  const checks = (schema.def as { checks?: { _zod: { def: { check: string } } }[] }).checks ?? [];
  return checks.some((check) => check._zod.def.check === 'string_format');
}

function cellSpecOf(field: string, schema: z.ZodType): CellSpec {
  const inner = unwrapOptional(schema);
  switch (inner.def.type) {
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
      return { kind: hasFormat(inner) ? 'code' : 'text' };
    case 'enum':
    case 'literal':
      return { kind: 'code' };
    case 'array': {
      const element = unwrapOptional((inner as z.ZodArray<z.ZodType>).element);
      if (element.def.type === 'array') return { kind: 'groups' };
      if (element.def.type === 'object') {
        const keys = Object.keys((element as z.ZodObject).shape);
        if (keys.length !== 2) throw new Error(`${field}: a list of objects needs exactly two fields to fit in a cell`);
        return { kind: 'pairs', fields: [keys[0] as string, keys[1] as string] };
      }
      return { kind: 'list' };
    }
    default:
      throw new Error(`${field}: no CSV cell form for a ${inner.def.type} field`);
  }
}

/** The fields of an object schema, or of every option of a discriminated union, first seen first. */
function fieldsOf(schema: z.ZodType): [string, z.ZodType][] {
  if (schema.def.type === 'object') return Object.entries((schema as z.ZodObject).shape) as [string, z.ZodType][];
  if (schema.def.type === 'union') {
    const fields = new Map<string, z.ZodType>();
    for (const option of (schema as z.ZodUnion<z.ZodType[]>).options) {
      for (const [name, field] of fieldsOf(option)) if (!fields.has(name)) fields.set(name, field);
    }
    return [...fields];
  }
  throw new Error(`no CSV form for a ${schema.def.type} schema`);
}

function buildFiles(): CsvFileSpec[] {
  const files: CsvFileSpec[] = [];
  for (const [key, schema] of Object.entries(bundleSchema.shape) as [string, z.ZodType][]) {
    if (key === 'format' || key === 'version') continue;
    const inner = unwrapOptional(schema);
    const oneRow = inner.def.type !== 'array';
    const record = oneRow ? inner : unwrapOptional((inner as z.ZodArray<z.ZodType>).element);
    const values = !oneRow && record.def.type === 'string';
    if (values) {
      const name = VALUE_COLUMNS[key];
      if (name === undefined) throw new Error(`${key}: a list of plain values needs its column name in VALUE_COLUMNS`);
      files.push({ file: `${key}.csv`, key, columns: [{ name, cell: cellSpecOf(key, record) }], oneRow, values });
      continue;
    }
    const columns = fieldsOf(record).map(([name, field]) => ({ name, cell: cellSpecOf(`${key}.${name}`, field) }));
    files.push({ file: `${key}.csv`, key, columns, oneRow, values });
  }
  return files;
}

/** Every file of the folder, in bundle order (`source.csv` first, then … `edges.csv`, `remove.csv`). */
export const CSV_FILES: readonly CsvFileSpec[] = buildFiles();

export const CSV_FILE_NAMES: readonly string[] = CSV_FILES.map((spec) => spec.file);
