/**
 * Public data files as published or gzipped: the repository keeps its large files as `….gz`
 * (content unchanged), and a user may pass either form. Gzip is recognised by its magic bytes,
 * so a compressed file is read correctly whatever its name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** `path` itself, else its gzipped twin `path.gz`, else undefined. */
export function findDataFile(path: string): string | undefined {
  if (isFile(path)) return path;
  return isFile(`${path}.gz`) ? `${path}.gz` : undefined;
}

/** The file's bytes, decompressed when they are gzip. */
export function readDataBytes(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1] ? gunzipSync(bytes) : bytes;
}

export const readDataText = (path: string): string => readDataBytes(path).toString('utf8');

/** The name the publisher gave the file (`national_M2024_dl.csv` for `national_M2024_dl.csv.gz`). */
export const dataFileName = (path: string): string => basename(path).replace(/\.gz$/i, '');
