/**
 * The three bodies POST /api/bundles takes, turned into one raw input for the import:
 * - `application/json`: a pathway bundle or a CTDL JSON-LD document;
 * - `application/zip`: the CSV template folder zipped (graph/src/csv/README.md), read in
 *   memory within limits (csv-zip.ts: entries, inflated size, file names, no `..`);
 * - `text/csv` with `?table=programs`: one file of that folder.
 * Errors of a CSV upload are reported at `file:row:column` (`programs.csv:3:providerId`),
 * where a partner finds them in the spreadsheet, with the bundle path beside it.
 */
import { CSV_FILES } from '@pathway/graph/csv/csv-columns';
import { type CsvBundleResult, type CsvError, csvFilesToBundle } from '@pathway/graph/csv/csv-folder';
import { readCsvZip } from '@pathway/graph/csv/csv-zip';
import { BadInputError } from '@pathway/graph/errors';
import { fromJson, type RawInput } from '@pathway/graph/import/read-input';
import type { BundleIssue } from '@pathway/graph/import/validate';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BundleValidationError, type ErrorDetail } from '../errors/api-errors.ts';

/** The `?table=` names: the bundle keys that have a CSV file (`programs` for programs.csv). */
export const CSV_TABLES = CSV_FILES.map((spec) => spec.key) as [string, ...string[]];

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];

/** Zip and CSV bodies arrive as bytes; the JSON parser stays Fastify's own. */
export function acceptCsvBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser([...ZIP_TYPES, 'text/csv'], { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
}

/** An upload read: the raw bundle for the import, and how to place its errors. */
export interface Upload {
  input: RawInput;
  /** Error details as the client sees them: for CSV at `file:row:column`. */
  details: (issues: BundleIssue[]) => ErrorDetail[];
}

const asIs = (issues: BundleIssue[]): ErrorDetail[] => issues.map(({ path, message }) => ({ path, message }));

function where(at: Pick<CsvError, 'file' | 'row' | 'column'>): string {
  return [at.file || '(upload)', at.row > 0 ? String(at.row) : '', at.column].filter((p) => p !== '').join(':');
}

function csvUpload(csv: CsvBundleResult, label: string): Upload {
  // The reader's errors know their cell; the validator's and the scope's are placed by path.
  const readerAt = new Map<string, CsvError>();
  const issues = csv.errors.map((e) => {
    const path = e.path || `${e.file || label}`;
    readerAt.set(path, e);
    return { path, message: e.message };
  });
  return {
    input: {
      raw: csv.bundle ?? csv.raw,
      format: 'csv',
      issues,
      notes: [],
      where: (p) => {
        const at = csv.locate(p);
        return at ? where(at) : undefined;
      },
    },
    details: (found) =>
      found.map(({ path, message }) => {
        const at = readerAt.get(path) ?? csv.locate(path);
        return at ? { path: where(at), bundlePath: path, message } : { path, message };
      }),
  };
}

/**
 * Reads the body of POST /api/bundles by its content type. `table` is the `?table=` value;
 * `maxInflatedBytes` bounds an unzipped folder (the route passes its JSON body limit: CSV is
 * more compact than the same bundle as JSON, so a folder past it is larger than any bundle
 * the service takes).
 */
export function readUpload(
  request: FastifyRequest,
  options: { table: string | undefined; maxInflatedBytes: number },
): Upload {
  const { table } = options;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const body = request.body;
  if (type === 'text/csv') {
    if (table === undefined) {
      throw new BadInputError('table', `is required with text/csv: one of ${CSV_TABLES.join(', ')}`);
    }
    const file = `${table}.csv`;
    return csvUpload(csvFilesToBundle(new Map([[file, body as Buffer]])), file);
  }
  if (table !== undefined) throw new BadInputError('table', 'applies only to a text/csv body');
  if (ZIP_TYPES.includes(type)) {
    const zip = readCsvZip(body as Buffer, {
      maxEntries: 64,
      maxTotalBytes: options.maxInflatedBytes,
    });
    if (!zip.ok) {
      throw new BundleValidationError(zip.errors.map((e) => ({ path: e.file || '(archive)', message: e.message })));
    }
    return csvUpload(csvFilesToBundle(zip.files), '(archive)');
  }
  return { input: fromJson(body, 'request body'), details: asIs };
}
