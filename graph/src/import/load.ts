/**
 * Loads a validated bundle into Neo4j in ONE write transaction (all or nothing), with
 * batched `UNWIND` statements. Semantics of a load without `replace`:
 *
 * - An entity (or wage row, threshold, outcome, edge) in the bundle is written as a whole:
 *   its properties and the relationships that come from its own fields (a program's
 *   provider, awards, requirement groups, regions…) become exactly what the bundle says;
 *   optional fields the bundle leaves out are removed.
 * - Anything the bundle does not mention is left as it is.
 * - Each record carries a hash of its content (`_hash`); a record whose hash is unchanged is
 *   not written at all, so loading the same bundle twice changes nothing (and does not bump
 *   the graph version).
 *
 * With `replace`, the graph afterwards holds exactly the bundle: the same upsert, then every
 * entity, row and edge the bundle does not contain is deleted, in the same transaction.
 */
import { createHash } from 'node:crypto';
import type { GraphDb, Tx } from '../db/graph-db.ts';
import { keyedByEnds, LOAD } from '../db/queries/bundle.queries.ts';
import { bumpGraphVersionWithEpoch } from '../db/queries/graph-meta.queries.ts';
import { toNumber } from '../db/queries/query.ts';
import { createWriteLog } from '../db/queries/write-log.queries.ts';
import type { Bundle } from '../model/bundle.ts';
import { ChangeLog, type WriteChanges } from '../model/change-log.ts';
import {
  EDGE_MAPPINGS,
  ENTITY_MAPPINGS,
  type NestedMapping,
  ROW_MAPPINGS,
  type RowMapping,
  rowKey,
} from '../model/mapping.ts';
import { removeEntities } from './remove.ts';

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface Writer {
  /** API key name, or `cli` / `startup`. */
  keyName: string;
  scope: string;
}

export interface LoadOptions {
  replace?: boolean;
  writer?: Writer;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadSummary {
  replace: boolean;
  counts: Record<string, KindCounts>;
  /** The keys the load created, changed and deleted, by kind (see change-log.ts; capped). */
  changes: WriteChanges;
  changed: boolean;
  graphVersion: number;
  /** The graph's epoch at that version (graph-meta.queries.ts): with the version, names the graph this load made. */
  graphEpoch?: string;
  durationMs: number;
}

type Props = Record<string, unknown>;

/** Canonical JSON (sorted keys, no undefined, no empty arrays) so equal content hashes equally. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function contentHash(record: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(canonical(record)))
    .digest('base64');
}

export function pick(record: Record<string, unknown>, fields: readonly string[]): Props {
  const out: Props = {};
  for (const field of fields) {
    const value = record[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const zero = (): KindCounts => ({ created: 0, updated: 0, unchanged: 0, deleted: 0 });

class Loader {
  readonly counts: Record<string, KindCounts> = {};
  readonly log = new ChangeLog();
  private done = 0;

  constructor(
    private readonly tx: Tx,
    private readonly batchSize: number,
    private readonly total: number,
    private readonly onProgress: ((done: number, total: number) => void) | undefined,
  ) {}

  count(kind: string): KindCounts {
    let c = this.counts[kind];
    if (!c) this.counts[kind] = c = zero();
    return c;
  }

  progress(n: number): void {
    this.done += n;
    this.onProgress?.(this.done, this.total);
  }

  async run(query: string, rows: unknown[], extra: Record<string, unknown> = {}): Promise<Props[]> {
    const out: Props[] = [];
    for (const batch of chunks(rows, this.batchSize)) {
      const result = await this.tx.run(query, { rows: batch, ...extra });
      for (const record of result.records) out.push(record.toObject() as Props);
    }
    return out;
  }

  /** Splits keyed records into created / updated / unchanged by comparing stored hashes (and logs which). */
  async classify<T extends { key: string; hash: string }>(
    kind: string,
    items: T[],
    existingQuery: string,
    logKey: (key: string) => string = (key) => key,
  ): Promise<{ write: T[]; created: Set<string> }> {
    const stored = new Map<string, unknown>();
    for (const row of await this.run(
      existingQuery,
      items.map((i) => i.key),
    )) {
      stored.set(row.key as string, row.hash);
    }
    const c = this.count(kind);
    const write: T[] = [];
    const created = new Set<string>();
    for (const item of items) {
      if (!stored.has(item.key)) {
        c.created += 1;
        created.add(item.key);
        write.push(item);
        this.log.add('created', kind, logKey(item.key));
      } else if (stored.get(item.key) !== item.hash) {
        c.updated += 1;
        write.push(item);
        this.log.add('changed', kind, logKey(item.key));
      } else c.unchanged += 1;
    }
    return { write, created };
  }
}

export async function loadBundle(db: GraphDb, bundle: Bundle, options: LoadOptions = {}): Promise<LoadSummary> {
  return db.write('bundle.load', (tx) => loadInTransaction(tx, bundle, options));
}

/** The load itself, inside a caller's write transaction (so validation can share it). */
export async function loadInTransaction(tx: Tx, bundle: Bundle, options: LoadOptions = {}): Promise<LoadSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const replace = options.replace ?? false;
  const total =
    ENTITY_MAPPINGS.reduce((n, m) => n + (bundle[m.key]?.length ?? 0), 0) +
    ROW_MAPPINGS.reduce((n, m) => n + (bundle[m.key]?.length ?? 0), 0) +
    (bundle.edges?.length ?? 0);

  {
    const loader = new Loader(tx, batchSize, total, options.onProgress);
    // The bundle's `remove` list first (remove.ts): the upserts cannot name what it removes.
    await removeEntities(tx, bundle.remove ?? [], loader.log, (kind, n) => {
      loader.count(kind).deleted += n;
    });
    await writeEntities(loader, bundle);
    for (const mapping of ROW_MAPPINGS) {
      loader.count(mapping.key);
      await writeRows(loader, mapping, (bundle[mapping.key] ?? []) as Record<string, unknown>[]);
    }
    loader.count('edges');
    for (const mapping of EDGE_MAPPINGS) {
      await writeRows(
        loader,
        mapping,
        (bundle.edges ?? []).filter((e) => e.kind === mapping.kind),
      );
    }
    if (replace) {
      await deleteUnmentioned(loader, bundle);
      // Which keys a replace deleted is not collected: readers of the log rebuild in full.
      loader.log.truncate();
    }

    const changed = Object.values(loader.counts).some((c) => c.created + c.updated + c.deleted > 0);
    const { version: graphVersion, epoch: graphEpoch } = await bumpGraphVersionWithEpoch(
      tx,
      changed,
      bundle.source ? JSON.stringify(bundle.source) : null,
    );
    if (changed && options.writer) {
      await createWriteLog(tx, {
        keyName: options.writer.keyName,
        scope: options.writer.scope,
        replace,
        counts: JSON.stringify(loader.counts),
        changes: JSON.stringify(loader.log.toJSON()),
        graphVersion,
      });
    }
    return {
      replace,
      counts: loader.counts,
      changes: loader.log.toJSON(),
      changed,
      graphVersion,
      graphEpoch,
      durationMs: Date.now() - started,
    };
  }
}

async function writeEntities(loader: Loader, bundle: Bundle): Promise<void> {
  const changedByKey = new Map<string, { id: string; record: Record<string, unknown> }[]>();
  // Entities that did not exist before this load have no relationships to delete first.
  const createdByKey = new Map<string, Set<string>>();
  // Nodes first (all kinds), so relationships can point anywhere in the bundle.
  for (const mapping of ENTITY_MAPPINGS) {
    const records = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    loader.count(mapping.key);
    if (records.length === 0) continue;
    const items = records.map((record) => ({ key: record.id as string, hash: contentHash(record), record }));
    const { write, created } = await loader.classify(mapping.key, items, LOAD.entityHashes(mapping));
    createdByKey.set(mapping.key, created);
    await loader.run(
      LOAD.upsertEntities(mapping),
      write.map((w) => ({ id: w.key, props: { id: w.key, ...pick(w.record, mapping.props), _hash: w.hash } })),
    );
    changedByKey.set(
      mapping.key,
      write.map((w) => ({ id: w.key, record: w.record })),
    );
    loader.progress(records.length);
  }

  for (const mapping of ENTITY_MAPPINGS) {
    const changed = changedByKey.get(mapping.key) ?? [];
    if (changed.length === 0) continue;
    const created = createdByKey.get(mapping.key) ?? new Set<string>();
    const existing = changed.map((c) => c.id).filter((id) => !created.has(id));
    for (const ref of mapping.refs) {
      await loader.run(LOAD.deleteRefs(mapping, ref), existing);
      const pairs = changed.flatMap(({ id, record }) => {
        const value = record[ref.field];
        const targets = ref.many
          ? ((value as string[] | undefined) ?? [])
          : value === undefined
            ? []
            : [value as string];
        return targets.map((to, position) => ({ from: id, to, position }));
      });
      await loader.run(LOAD.createRefs(mapping, ref), pairs);
    }
    for (const nested of mapping.nested) await writeNested(loader, mapping.label, nested, changed, existing);
  }
}

type Changed = { id: string; record: Record<string, unknown> }[];

/** Replaces the nested relations of the changed entities (see NestedMapping). */
async function writeNested(
  loader: Loader,
  label: string,
  nested: NestedMapping,
  changed: Changed,
  /** The ids of `changed` that existed before this load (only they can have a nested relation to delete). */
  existing: string[],
): Promise<void> {
  const items = (record: Record<string, unknown>) => (record[nested.field] as unknown[] | undefined) ?? [];
  await loader.run(LOAD.deleteNested(label, nested), existing);
  const rows =
    nested.shape === 'groups'
      ? changed.flatMap(({ id, record }) =>
          (items(record) as string[][]).map((members, position) => ({
            ownerId: id,
            key: `${id}#${position}`,
            position,
            members: members.map((memberId, i) => ({ id: memberId, position: i })),
          })),
        )
      : changed.flatMap(({ id, record }) =>
          (items(record) as Record<string, unknown>[]).map((item, position) => ({
            ownerId: id,
            targetId: item[nested.idField],
            props: { ...pick(item, nested.props), position },
          })),
        );
  await loader.run(LOAD.createNested(label, nested), rows);
}

/** The key a loaded row is matched by: its key, or for a relationship without one its endpoint ids. */
export function loadKey(mapping: RowMapping, row: Record<string, unknown>): string {
  if (mapping.shape === 'relationship' && keyedByEnds(mapping)) {
    return `${row[mapping.from.field]}|${row[mapping.to.field]}`;
  }
  return rowKey(mapping, row) as string;
}

async function writeRows(loader: Loader, mapping: RowMapping, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const items = rows.map((row) => ({ key: loadKey(mapping, row), hash: contentHash(row), row }));
  // Edges are logged as `KIND|from|to` (their load key is the pair, per kind).
  const logKey = mapping.key === 'edges' && 'kind' in mapping ? (key: string) => `${mapping.kind}|${key}` : undefined;
  const { write } = await loader.classify(mapping.key, items, LOAD.rowHashes(mapping), logKey);
  const props = (w: (typeof items)[number]) => ({
    ...(keyedByEnds(mapping) ? {} : { key: w.key }),
    ...pick(w.row, mapping.props),
    _hash: w.hash,
  });
  await loader.run(
    LOAD.upsertRows(mapping),
    mapping.shape === 'node'
      ? write.map((w) => ({ key: w.key, props: props(w) }))
      : write.map((w) => ({
          from: w.row[mapping.from.field],
          to: w.row[mapping.to.field],
          key: w.key,
          props: props(w),
        })),
  );
  loader.progress(rows.length);
}

async function deleteUnmentioned(loader: Loader, bundle: Bundle): Promise<void> {
  const deleted = async (kind: string, query: string, keep: string[]) => {
    const [row] = await loader.run(query, [null], { keep });
    loader.count(kind).deleted += toNumber(row?.deleted ?? 0);
  };
  // Rows and edges first (deleting entities would take their relationships uncounted).
  for (const mapping of ROW_MAPPINGS) {
    await deleted(
      mapping.key,
      LOAD.deleteOtherRows(mapping),
      ((bundle[mapping.key] ?? []) as Record<string, unknown>[]).map((row) => loadKey(mapping, row)),
    );
  }
  for (const mapping of EDGE_MAPPINGS) {
    await deleted(
      'edges',
      LOAD.deleteOtherRows(mapping),
      (bundle.edges ?? []).filter((e) => e.kind === mapping.kind).map((e) => loadKey(mapping, e)),
    );
  }
  for (const mapping of [...ENTITY_MAPPINGS].reverse()) {
    await deleted(
      mapping.key,
      LOAD.deleteOtherEntities(mapping),
      ((bundle[mapping.key] ?? []) as { id: string }[]).map((e) => e.id),
    );
  }
}
