/**
 * The one import path (CLI, HTTP, loaders, tests): validate → authorize → load, all inside
 * one write transaction, so the references checked against the graph are the ones the load
 * sees, and a refused bundle writes nothing.
 */
import type { GraphDb, Tx } from '../db/graph-db.ts';
import { BulkLoadPendingError, bulkLoadPending } from '../db/queries/bulk-load.queries.ts';
import { existingIds } from '../db/queries/entity.queries.ts';
import type { Bundle } from '../model/bundle.ts';
import type { EntityLabel } from '../model/vocabulary.ts';
import { type LoadOptions, type LoadSummary, loadInTransaction } from './load.ts';
import { removalIssues } from './remove.ts';
import { type BundleIssue, type ExistingIds, validateBundle } from './validate.ts';

export type ImportResult =
  | { ok: true; summary: LoadSummary; bundle: Bundle }
  | { ok: false; reason: 'invalid'; errors: BundleIssue[] }
  | { ok: false; reason: 'forbidden'; errors: BundleIssue[] };

export interface ImportOptions extends LoadOptions {
  /** Returns the paths a writer may not touch (empty = allowed); runs after validation. */
  authorize?: (bundle: Bundle, tx: Tx) => Promise<BundleIssue[]>;
  /** Problems already found while reading the input (e.g. CSV cells): reported together with the validator's. */
  readIssues?: BundleIssue[];
}

/** Looks ids up in the graph, one query per label (labels come from the whitelist). */
export function existingIdsIn(tx: Tx): ExistingIds {
  return (label: EntityLabel, ids: string[]) => existingIds(tx, label, ids);
}

const nothingExists: ExistingIds = async () => new Set();

/** The string ids of a raw bundle's `remove` list (for the graph's checks when the rest is invalid). */
function removeListOf(raw: unknown): Bundle {
  const list = (raw as { remove?: unknown } | null)?.remove;
  const remove = Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  return { format: 'pathway-bundle', version: 1, remove };
}

class Refused extends Error {
  constructor(readonly result: ImportResult) {
    super('refused');
  }
}

export async function importBundle(db: GraphDb, raw: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  try {
    return await db.write('bundle.import', async (tx) => {
      // A graph left half-loaded by a bulk load (bulk-load.ts) takes no ordinary writes.
      if (await bulkLoadPending(tx)) throw new BulkLoadPendingError();
      // With replace the graph will hold only the bundle, so it must be complete in itself.
      const validation = await validateBundle(raw, options.replace ? nothingExists : existingIdsIn(tx));
      const removes = (raw as { remove?: unknown } | null)?.remove;
      if (options.replace && Array.isArray(removes) && removes.length > 0) {
        const errors = [{ path: 'remove', message: 'a replace holds exactly the bundle: nothing to remove' }];
        throw new Refused({ ok: false, reason: 'invalid', errors });
      }
      const readIssues = options.readIssues ?? [];
      // Reported with the validator's errors, so every problem comes back at once.
      const removal = await removalIssues(tx, validation.ok ? validation.bundle : removeListOf(raw));
      if (!validation.ok || readIssues.length > 0 || removal.length > 0) {
        // The reader's message for a path wins over the validator's for the same path.
        const seen = new Set(readIssues.map((i) => i.path));
        const more = [...(validation.ok ? [] : validation.errors), ...removal].filter((e) => !seen.has(e.path));
        throw new Refused({ ok: false, reason: 'invalid', errors: [...readIssues, ...more] });
      }
      if (options.authorize) {
        const forbidden = await options.authorize(validation.bundle, tx);
        if (forbidden.length > 0) throw new Refused({ ok: false, reason: 'forbidden', errors: forbidden });
      }
      const summary = await loadInTransaction(tx, validation.bundle, options);
      return { ok: true as const, summary, bundle: validation.bundle };
    });
  } catch (error) {
    // Thrown (not returned) so the transaction rolls back even if something was read-locked.
    if (error instanceof Refused) return error.result;
    throw error;
  }
}
