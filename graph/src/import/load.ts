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
import type { Bundle } from '../model/bundle.ts';
import {
  EDGE_MAPPINGS,
  ENTITY_MAPPINGS,
  type NestedMapping,
  ROW_MAPPINGS,
  type RowMapping,
  rowKey,
} from '../model/mapping.ts';

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
  changed: boolean;
  graphVersion: number;
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

function pick(record: Record<string, unknown>, fields: readonly string[]): Props {
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

  /** Splits keyed records into created / updated / unchanged by comparing stored hashes. */
  async classify<T extends { key: string; hash: string }>(
    kind: string,
    items: T[],
    existingQuery: string,
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
      } else if (stored.get(item.key) !== item.hash) {
        c.updated += 1;
        write.push(item);
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
    if (replace) await deleteUnmentioned(loader, bundle);

    const changed = Object.values(loader.counts).some((c) => c.created + c.updated + c.deleted > 0);
    const meta = await tx.run(
      `MERGE (m:GraphMeta {id: 'graph'})
       ON CREATE SET m.version = 0
       WITH m
       CALL (m) {
         WITH m WHERE $changed
         SET m.version = m.version + 1, m.updatedAt = datetime(), m.source = $source
       }
       RETURN m.version AS version`,
      { changed, source: bundle.source ? JSON.stringify(bundle.source) : null },
    );
    const graphVersion = Number(meta.records[0]?.get('version') ?? 0);
    if (changed && options.writer) {
      await tx.run(
        `CREATE (:WriteLog {id: randomUUID(), at: datetime(), keyName: $keyName, scope: $scope,
                 replace: $replace, counts: $counts, graphVersion: $graphVersion})`,
        {
          keyName: options.writer.keyName,
          scope: options.writer.scope,
          replace,
          counts: JSON.stringify(loader.counts),
          graphVersion,
        },
      );
    }
    return { replace, counts: loader.counts, changed, graphVersion, durationMs: Date.now() - started };
  }
}

async function writeEntities(loader: Loader, bundle: Bundle): Promise<void> {
  const changedByKey = new Map<string, { id: string; record: Record<string, unknown> }[]>();
  // Nodes first (all kinds), so relationships can point anywhere in the bundle.
  for (const mapping of ENTITY_MAPPINGS) {
    const records = (bundle[mapping.key] ?? []) as Record<string, unknown>[];
    loader.count(mapping.key);
    if (records.length === 0) continue;
    const items = records.map((record) => ({ key: record.id as string, hash: contentHash(record), record }));
    const { write } = await loader.classify(
      mapping.key,
      items,
      `UNWIND $rows AS id MATCH (n:${mapping.label} {id: id}) RETURN n.id AS key, n._hash AS hash`,
    );
    await loader.run(
      `UNWIND $rows AS row MERGE (n:${mapping.label} {id: row.id}) SET n = row.props`,
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
    const ids = changed.map((c) => c.id);
    for (const ref of mapping.refs) {
      await loader.run(
        `UNWIND $rows AS id MATCH (n:${mapping.label} {id: id})-[r:${ref.rel}]->(:${ref.target}) DELETE r`,
        ids,
      );
      const pairs = changed.flatMap(({ id, record }) => {
        const value = record[ref.field];
        const targets = ref.many
          ? ((value as string[] | undefined) ?? [])
          : value === undefined
            ? []
            : [value as string];
        return targets.map((to, position) => ({ from: id, to, position }));
      });
      await loader.run(
        `UNWIND $rows AS p
         MATCH (n:${mapping.label} {id: p.from}) MATCH (t:${ref.target} {id: p.to})
         CREATE (n)-[:${ref.rel} {position: p.position}]->(t)`,
        pairs,
      );
    }
    for (const nested of mapping.nested) await writeNested(loader, mapping.label, nested, changed);
  }
}

type Changed = { id: string; record: Record<string, unknown> }[];

/** Replaces the nested relations of the changed entities (see NestedMapping). */
async function writeNested(loader: Loader, label: string, nested: NestedMapping, changed: Changed): Promise<void> {
  const ids = changed.map((c) => c.id);
  const items = (record: Record<string, unknown>) => (record[nested.field] as unknown[] | undefined) ?? [];
  if (nested.shape === 'groups') {
    await loader.run(
      `UNWIND $rows AS id MATCH (:${label} {id: id})-[:${nested.rel}]->(g:${nested.groupLabel}) DETACH DELETE g`,
      ids,
    );
    const groups = changed.flatMap(({ id, record }) =>
      (items(record) as string[][]).map((members, position) => ({
        ownerId: id,
        key: `${id}#${position}`,
        position,
        members: members.map((memberId, i) => ({ id: memberId, position: i })),
      })),
    );
    await loader.run(
      `UNWIND $rows AS g
       MATCH (p:${label} {id: g.ownerId})
       CREATE (p)-[:${nested.rel} {position: g.position}]->(rg:${nested.groupLabel} {key: g.key, position: g.position})
       WITH rg, g UNWIND g.members AS m
       MATCH (c:${nested.target} {id: m.id})
       CREATE (rg)-[:${nested.memberRel} {position: m.position}]->(c)`,
      groups,
    );
    return;
  }
  await loader.run(
    `UNWIND $rows AS id MATCH (:${nested.target})-[r:${nested.rel}]->(:${label} {id: id}) DELETE r`,
    ids,
  );
  const links = changed.flatMap(({ id, record }) =>
    (items(record) as Record<string, unknown>[]).map((item, position) => ({
      ownerId: id,
      targetId: item[nested.idField],
      props: { ...pick(item, nested.props), position },
    })),
  );
  await loader.run(
    `UNWIND $rows AS l
     MATCH (t:${nested.target} {id: l.targetId}) MATCH (n:${label} {id: l.ownerId})
     CREATE (t)-[r:${nested.rel}]->(n) SET r = l.props`,
    links,
  );
}

/** The Cypher pattern of a stored row, `n` being the row (a node or a relationship). */
function rowPattern(mapping: RowMapping): string {
  return mapping.shape === 'node'
    ? `(n:${mapping.label})`
    : `(a:${mapping.from.label})-[n:${mapping.rel}]->(b:${mapping.to.label})`;
}

/** The key a loaded row is matched by: its key, or for a relationship without one its endpoint ids. */
function loadKey(mapping: RowMapping, row: Record<string, unknown>): string {
  if (mapping.shape === 'relationship' && !mapping.storesKey) {
    return `${row[mapping.from.field]}|${row[mapping.to.field]}`;
  }
  return rowKey(mapping, row) as string;
}

function storedKey(mapping: RowMapping): string {
  return mapping.shape === 'relationship' && !mapping.storesKey ? "a.id + '|' + b.id" : 'n.key';
}

async function writeRows(loader: Loader, mapping: RowMapping, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const items = rows.map((row) => ({ key: loadKey(mapping, row), hash: contentHash(row), row }));
  const keyed = mapping.shape === 'node' || mapping.storesKey;
  const { write } = await loader.classify(mapping.key, items, classifyQuery(mapping));
  const props = (w: (typeof items)[number]) => ({
    ...(keyed ? { key: w.key } : {}),
    ...pick(w.row, mapping.props),
    _hash: w.hash,
  });
  if (mapping.shape === 'node') {
    const link = mapping.link;
    await loader.run(
      `UNWIND $rows AS row
       MERGE (n:${mapping.label} {key: row.key}) SET n = row.props
       WITH n, row MATCH (e:${link.label} {id: row.props.${link.field}})
       MERGE ${link.direction === 'out' ? `(n)-[:${link.rel}]->(e)` : `(e)-[:${link.rel}]->(n)`}`,
      write.map((w) => ({ key: w.key, props: props(w) })),
    );
  } else {
    await loader.run(
      `UNWIND $rows AS row
       MATCH (a:${mapping.from.label} {id: row.from}) MATCH (b:${mapping.to.label} {id: row.to})
       MERGE (a)-[n:${mapping.rel}${mapping.storesKey ? ' {key: row.key}' : ''}]->(b) SET n = row.props`,
      write.map((w) => ({
        from: w.row[mapping.from.field],
        to: w.row[mapping.to.field],
        key: w.key,
        props: props(w),
      })),
    );
  }
  loader.progress(rows.length);
}

function classifyQuery(mapping: RowMapping): string {
  if (mapping.shape === 'node') {
    return `UNWIND $rows AS key MATCH (n:${mapping.label} {key: key}) RETURN n.key AS key, n._hash AS hash`;
  }
  const { from, to, rel } = mapping;
  return mapping.storesKey
    ? `UNWIND $rows AS key MATCH (:${from.label})-[n:${rel} {key: key}]->(:${to.label}) RETURN n.key AS key, n._hash AS hash`
    : `UNWIND $rows AS key
       WITH key, split(key, '|') AS ids
       MATCH (:${from.label} {id: ids[0]})-[n:${rel}]->(:${to.label} {id: ids[1]})
       RETURN key, n._hash AS hash`;
}

async function deleteUnmentioned(loader: Loader, bundle: Bundle): Promise<void> {
  const deleted = async (kind: string, query: string, keep: string[]) => {
    const [row] = await loader.run(query, [null], { keep });
    loader.count(kind).deleted += Number(row?.deleted ?? 0);
  };
  // Rows and edges first (deleting entities would take their relationships uncounted).
  for (const mapping of ROW_MAPPINGS) {
    await deleted(
      mapping.key,
      `UNWIND $rows AS _ MATCH ${rowPattern(mapping)}
       WHERE NOT ${storedKey(mapping)} IN $keep ${mapping.shape === 'node' ? 'DETACH ' : ''}DELETE n RETURN count(*) AS deleted`,
      ((bundle[mapping.key] ?? []) as Record<string, unknown>[]).map((row) => loadKey(mapping, row)),
    );
  }
  for (const mapping of EDGE_MAPPINGS) {
    await deleted(
      'edges',
      `UNWIND $rows AS _ MATCH ${rowPattern(mapping)}
       WHERE NOT ${storedKey(mapping)} IN $keep DELETE n RETURN count(*) AS deleted`,
      (bundle.edges ?? []).filter((e) => e.kind === mapping.kind).map((e) => loadKey(mapping, e)),
    );
  }
  for (const mapping of [...ENTITY_MAPPINGS].reverse()) {
    await deleted(
      mapping.key,
      `UNWIND $rows AS _ MATCH (n:${mapping.label}) WHERE NOT n.id IN $keep
       ${groupsOf(mapping.nested)
         .map((g) => `OPTIONAL MATCH (n)-[:${g.rel}]->(g:${g.groupLabel}) DETACH DELETE g WITH DISTINCT n`)
         .join(' ')}
       DETACH DELETE n RETURN count(*) AS deleted`,
      ((bundle[mapping.key] ?? []) as { id: string }[]).map((e) => e.id),
    );
  }
}

const groupsOf = (nested: readonly NestedMapping[]) =>
  nested.filter((n): n is Extract<NestedMapping, { shape: 'groups' }> => n.shape === 'groups');
