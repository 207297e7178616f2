/**
 * The CSV folder as one zip file, for uploads and downloads over HTTP. Reading is guarded,
 * because the archive comes from outside: a bounded number of entries, a bounded total size
 * once inflated (checked against each entry's declared size before it is inflated; fflate
 * inflates into a buffer of the declared size and stops there, so an entry that understates
 * its size is cut, never inflated without bound), only the template's file names, and no path
 * that climbs out of the folder. Nothing is ever written to disk.
 */
import { strToU8, type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import type { Bundle } from '../model/bundle.ts';
import { CSV_FILE_NAMES } from './csv-columns.ts';
import { bundleToCsvFiles, type CsvError, type CsvFiles } from './csv-folder.ts';

export interface CsvZipLimits {
  /** Entries in the archive's directory, folders and ignored files included. */
  maxEntries: number;
  /** Bytes of all the entries read, once inflated. */
  maxTotalBytes: number;
}

/** The template folder has 16 files; a README, a folder entry and a spreadsheet's leftovers fit too. */
export const DEFAULT_CSV_ZIP_LIMITS: CsvZipLimits = { maxEntries: 64, maxTotalBytes: 64 * 1024 * 1024 };

export type CsvZipRead = { ok: true; files: CsvFiles } | { ok: false; errors: CsvError[] };

const zipError = (file: string, message: string): CsvError => ({ file, row: 0, column: '', path: '', message });

class ZipRefused extends Error {}

/** Why an entry name is refused, or undefined when it is a plain relative path. */
function unsafeName(name: string): string | undefined {
  if (name.includes('\\')) return 'uses a backslash; zip paths use /';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the folder (..)';
  if (name.includes('\0')) return 'holds a NUL character';
  return undefined;
}

/** Folders and files a zip tool adds (macOS resource forks, Finder's .DS_Store) hold no data. */
const isLeftover = (name: string) =>
  name.startsWith('__MACOSX/') || name.endsWith('/.DS_Store') || name === '.DS_Store';

/**
 * The CSV files of a zipped template folder: at the archive's top level or inside one folder
 * (zipping a folder by its name puts it there). Files other than `.csv` are ignored, as in a
 * folder; an unknown `.csv` name is an error.
 */
export function readCsvZip(bytes: Uint8Array, limits: CsvZipLimits = DEFAULT_CSV_ZIP_LIMITS): CsvZipRead {
  const errors: CsvError[] = [];
  const wanted: UnzipFileInfo[] = [];
  let entries = 0;
  let total = 0;
  const filter = (info: UnzipFileInfo): boolean => {
    entries += 1;
    if (entries > limits.maxEntries) {
      throw new ZipRefused(
        `has more than ${limits.maxEntries} entries; the template folder has ${CSV_FILE_NAMES.length}`,
      );
    }
    const unsafe = unsafeName(info.name);
    if (unsafe) {
      errors.push(zipError(info.name, `is refused: the name ${unsafe}`));
      return false;
    }
    if (info.name.endsWith('/') || isLeftover(info.name) || !info.name.toLowerCase().endsWith('.csv')) return false;
    if (info.compression !== 0 && info.compression !== 8) {
      errors.push(
        zipError(info.name, 'is compressed with a method other than deflate; zip it again with a common tool'),
      );
      return false;
    }
    total += info.originalSize;
    if (total > limits.maxTotalBytes) {
      throw new ZipRefused(`holds more than ${limits.maxTotalBytes} bytes once unzipped`);
    }
    wanted.push(info);
    return true;
  };
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, { filter });
  } catch (error) {
    const message =
      error instanceof ZipRefused ? error.message : `is not a zip file fflate can read (${(error as Error).message})`;
    return { ok: false, errors: [zipError('', `the archive ${message}; nothing was read`)] };
  }
  if (errors.length > 0) return { ok: false, errors };

  const folders = new Set(
    wanted.map((info) => (info.name.includes('/') ? info.name.slice(0, info.name.lastIndexOf('/')) : '')),
  );
  if (folders.size > 1) {
    const list = [...folders].map((f) => (f === '' ? '(top level)' : `${f}/`)).join(', ');
    return {
      ok: false,
      errors: [zipError('', `the archive holds CSV files in more than one folder (${list}); zip one template folder`)],
    };
  }
  const files = new Map<string, Uint8Array>();
  for (const info of wanted) {
    const data = unzipped[info.name] as Uint8Array;
    // An entry that inflates to less than it declares is damaged (or built to mislead).
    if (data.length !== info.originalSize) {
      errors.push(zipError(info.name, 'is damaged: its size differs from the size the archive declares'));
      continue;
    }
    files.set(info.name.slice(info.name.lastIndexOf('/') + 1), data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, files };
}

/** The files `bundleToCsvFolder` writes, as one zip at the archive's top level. */
export function bundleToCsvZip(bundle: Bundle): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of bundleToCsvFiles(bundle)) entries[name] = strToU8(text);
  // A fixed date keeps the archive of one graph the same from one download to the next.
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}
