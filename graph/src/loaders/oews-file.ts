/**
 * Reads an OEWS file in BLS's layout, CSV or XLSX, into rows keyed by upper-case column name
 * (older BLS files spell the columns in lower case). Every cell becomes text: the converter
 * must see `#` and `*` as the markers they are, never as numbers.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { LoaderInputError } from './conversion.ts';
import { dataFileName, readDataBytes } from './data-file.ts';
import { readCsv } from './text-tables.ts';

export interface OewsTable {
  file: string;
  format: 'csv' | 'xlsx';
  rows: Record<string, string>[];
  /** 1-based line numbers of CSV rows with the wrong number of fields. */
  malformed: number[];
}

export const OEWS_REQUIRED_COLUMNS = ['AREA', 'AREA_TITLE', 'AREA_TYPE', 'OCC_CODE', 'A_MEDIAN'] as const;

const header = (name: string) => name.trim().toUpperCase();

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** A `.csv` or `.xlsx` file, either of them possibly gzipped (`….csv.gz`). */
export async function readOewsFile(path: string): Promise<OewsTable> {
  if (!existsSync(path)) throw new LoaderInputError(`${path}: no such file`);
  // The name without `.gz` says the format: `national_M2024_dl.csv.gz` is a gzipped CSV.
  const file = dataFileName(path);
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') {
    const table = readCsv(readDataBytes(path).toString('utf8'), file, OEWS_REQUIRED_COLUMNS, header);
    return { file, format: 'csv', rows: table.rows, malformed: table.malformed };
  }
  if (extension !== '.xlsx') throw new LoaderInputError(`${file}: expected a .csv or .xlsx file from BLS OEWS`);
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(readDataBytes(path));
  } catch (error) {
    throw new LoaderInputError(`${file}: not a readable XLSX file (${(error as Error).message})`);
  }
  // BLS workbooks hold the data sheet next to "Field Descriptions" and others: take the one with OCC_CODE.
  for (const sheet of sheets) {
    const headerAt = sheet.data.slice(0, 10).findIndex((row) => row.some((c) => header(cellText(c)) === 'OCC_CODE'));
    if (headerAt < 0) continue;
    const columns = (sheet.data[headerAt] ?? []).map((c) => header(cellText(c)));
    const missing = OEWS_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
    if (missing.length > 0)
      throw new LoaderInputError(`${file} (sheet "${sheet.sheet}"): missing ${missing.join(', ')}`);
    const rows: Record<string, string>[] = [];
    for (const cells of sheet.data.slice(headerAt + 1)) {
      if (cells.every((c) => cellText(c) === '')) continue;
      const row: Record<string, string> = {};
      columns.forEach((c, j) => {
        if (c !== '') row[c] = cellText(cells[j]);
      });
      rows.push(row);
    }
    return { file, format: 'xlsx', rows, malformed: [] };
  }
  throw new LoaderInputError(`${file}: no sheet with an OCC_CODE column (is it a BLS OEWS file?)`);
}
