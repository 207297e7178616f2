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
import type { Bundle, EdgeKind } from '../model/bundle.ts';
import { EDGE_ENDPOINTS, EDGE_KINDS } from '../model/bundle.ts';
import {
  ANY_OF_REL,
  EARNS_IN_REL,
  EDGE_PROPS,
  ENTITY_MAPPINGS,
  FOR_REGION_REL,
  HAS_OUTCOME_REL,
  OUTCOME_PROPS,
  outcomeKey,
  PARTNER_IN_REL,
  REQUIRES_REL,
  THRESHOLD_PROPS,
  TRANSITION_PROPS,
  TRANSITIONS_TO_REL,
  thresholdKey,
  transitionKey,
  WAGE_PROPS,
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
    (bundle.wageThresholds?.length ?? 0) +
    (bundle.occupationWages?.length ?? 0) +
    (bundle.outcomes?.length ?? 0) +
    (bundle.transitions?.length ?? 0) +
    (bundle.edges?.length ?? 0);

  {
    const loader = new Loader(tx, batchSize, total, options.onProgress);
    await writeEntities(loader, bundle);
    await writeThresholds(loader, bundle);
    await writeWages(loader, bundle);
    await writeOutcomes(loader, bundle);
    await writeTransitions(loader, bundle);
    await writeEdges(loader, bundle);
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
    if (mapping.key === 'programs') {
      await loader.run(
        `UNWIND $rows AS id MATCH (:Program {id: id})-[:${REQUIRES_REL}]->(g:RequirementGroup) DETACH DELETE g`,
        ids,
      );
      const groups = changed.flatMap(({ id, record }) =>
        ((record.requires as string[][] | undefined) ?? []).map((members, position) => ({
          programId: id,
          key: `${id}#${position}`,
          position,
          members: members.map((credentialId, i) => ({ id: credentialId, position: i })),
        })),
      );
      await loader.run(
        `UNWIND $rows AS g
         MATCH (p:Program {id: g.programId})
         CREATE (p)-[:${REQUIRES_REL} {position: g.position}]->(rg:RequirementGroup {key: g.key, position: g.position})
         WITH rg, g UNWIND g.members AS m
         MATCH (c:Credential {id: m.id})
         CREATE (rg)-[:${ANY_OF_REL} {position: m.position}]->(c)`,
        groups,
      );
    }
    if (mapping.key === 'pathways') {
      await loader.run(`UNWIND $rows AS id MATCH (:Partner)-[r:${PARTNER_IN_REL}]->(:Pathway {id: id}) DELETE r`, ids);
      const roles = changed.flatMap(({ id, record }) =>
        ((record.partnerRoles as { partnerId: string; role: string }[] | undefined) ?? []).map((r, position) => ({
          pathwayId: id,
          partnerId: r.partnerId,
          role: r.role,
          position,
        })),
      );
      await loader.run(
        `UNWIND $rows AS r
         MATCH (p:Partner {id: r.partnerId}) MATCH (w:Pathway {id: r.pathwayId})
         CREATE (p)-[:${PARTNER_IN_REL} {role: r.role, position: r.position}]->(w)`,
        roles,
      );
    }
  }
}

async function writeThresholds(loader: Loader, bundle: Bundle): Promise<void> {
  const rows = bundle.wageThresholds ?? [];
  loader.count('wageThresholds');
  if (rows.length === 0) return;
  const items = rows.map((row) => ({ key: thresholdKey(row.regionId, row.household), hash: contentHash(row), row }));
  const { write } = await loader.classify(
    'wageThresholds',
    items,
    'UNWIND $rows AS key MATCH (t:WageThreshold {key: key}) RETURN t.key AS key, t._hash AS hash',
  );
  await loader.run(
    `UNWIND $rows AS row
     MERGE (t:WageThreshold {key: row.key}) SET t = row.props
     WITH t, row MATCH (r:Region {id: row.props.regionId})
     MERGE (t)-[:${FOR_REGION_REL}]->(r)`,
    write.map((w) => ({ key: w.key, props: { key: w.key, ...pick(w.row, THRESHOLD_PROPS), _hash: w.hash } })),
  );
  loader.progress(rows.length);
}

async function writeWages(loader: Loader, bundle: Bundle): Promise<void> {
  const rows = bundle.occupationWages ?? [];
  loader.count('occupationWages');
  if (rows.length === 0) return;
  const items = rows.map((row) => ({ key: `${row.occupationId}|${row.regionId}`, hash: contentHash(row), row }));
  const { write } = await loader.classify(
    'occupationWages',
    items,
    `UNWIND $rows AS key
     WITH key, split(key, '|') AS ids
     MATCH (:Occupation {id: ids[0]})-[w:${EARNS_IN_REL}]->(:Region {id: ids[1]})
     RETURN key, w._hash AS hash`,
  );
  await loader.run(
    `UNWIND $rows AS row
     MATCH (o:Occupation {id: row.occupationId}) MATCH (r:Region {id: row.regionId})
     MERGE (o)-[w:${EARNS_IN_REL}]->(r) SET w = row.props`,
    write.map((w) => ({
      occupationId: w.row.occupationId,
      regionId: w.row.regionId,
      props: { ...pick(w.row, WAGE_PROPS), _hash: w.hash },
    })),
  );
  loader.progress(rows.length);
}

async function writeOutcomes(loader: Loader, bundle: Bundle): Promise<void> {
  const rows = bundle.outcomes ?? [];
  loader.count('outcomes');
  if (rows.length === 0) return;
  const items = rows.map((row) => ({ key: outcomeKey(row.programId, row.cohortYear), hash: contentHash(row), row }));
  const { write } = await loader.classify(
    'outcomes',
    items,
    'UNWIND $rows AS key MATCH (o:Outcome {key: key}) RETURN o.key AS key, o._hash AS hash',
  );
  await loader.run(
    `UNWIND $rows AS row
     MERGE (o:Outcome {key: row.key}) SET o = row.props
     WITH o, row MATCH (p:Program {id: row.props.programId})
     MERGE (p)-[:${HAS_OUTCOME_REL}]->(o)`,
    write.map((w) => ({ key: w.key, props: { key: w.key, ...pick(w.row, OUTCOME_PROPS), _hash: w.hash } })),
  );
  loader.progress(rows.length);
}

async function writeTransitions(loader: Loader, bundle: Bundle): Promise<void> {
  const rows = bundle.transitions ?? [];
  loader.count('transitions');
  if (rows.length === 0) return;
  const items = rows.map((row) => ({
    key: transitionKey(row.fromProgramId, row.toProgramId, row.cohortYear),
    hash: contentHash(row),
    row,
  }));
  const { write } = await loader.classify(
    'transitions',
    items,
    `UNWIND $rows AS key MATCH (:Program)-[t:${TRANSITIONS_TO_REL} {key: key}]->(:Program) RETURN t.key AS key, t._hash AS hash`,
  );
  await loader.run(
    `UNWIND $rows AS row
     MATCH (a:Program {id: row.from}) MATCH (b:Program {id: row.to})
     MERGE (a)-[t:${TRANSITIONS_TO_REL} {key: row.key}]->(b) SET t = row.props`,
    write.map((w) => ({
      from: w.row.fromProgramId,
      to: w.row.toProgramId,
      key: w.key,
      props: { key: w.key, ...pick(w.row, TRANSITION_PROPS), _hash: w.hash },
    })),
  );
  loader.progress(rows.length);
}

async function writeEdges(loader: Loader, bundle: Bundle): Promise<void> {
  const edges = bundle.edges ?? [];
  loader.count('edges');
  for (const kind of EDGE_KINDS) {
    const ofKind = edges.filter((e) => e.kind === kind);
    if (ofKind.length === 0) continue;
    const [fromLabel, toLabel] = EDGE_ENDPOINTS[kind];
    const items = ofKind.map((edge) => ({ key: `${edge.from}|${edge.to}`, hash: contentHash(edge), edge }));
    const { write } = await loader.classify(
      'edges',
      items,
      `UNWIND $rows AS key
       WITH key, split(key, '|') AS ids
       MATCH (:${fromLabel} {id: ids[0]})-[e:${kind}]->(:${toLabel} {id: ids[1]})
       RETURN key, e._hash AS hash`,
    );
    await loader.run(
      `UNWIND $rows AS row
       MATCH (a:${fromLabel} {id: row.from}) MATCH (b:${toLabel} {id: row.to})
       MERGE (a)-[e:${kind}]->(b) SET e = row.props`,
      write.map((w) => ({
        from: w.edge.from,
        to: w.edge.to,
        props: { ...pick(w.edge as Record<string, unknown>, EDGE_PROPS[kind as EdgeKind]), _hash: w.hash },
      })),
    );
    loader.progress(ofKind.length);
  }
}

async function deleteUnmentioned(loader: Loader, bundle: Bundle): Promise<void> {
  const deleted = async (kind: string, query: string, keep: string[]) => {
    const [row] = await loader.run(query, [null], { keep });
    loader.count(kind).deleted += Number(row?.deleted ?? 0);
  };
  // Rows and edges first (deleting entities would take their relationships uncounted).
  await deleted(
    'occupationWages',
    `UNWIND $rows AS _ MATCH (o:Occupation)-[w:${EARNS_IN_REL}]->(r:Region)
     WHERE NOT (o.id + '|' + r.id) IN $keep DELETE w RETURN count(*) AS deleted`,
    (bundle.occupationWages ?? []).map((w) => `${w.occupationId}|${w.regionId}`),
  );
  await deleted(
    'wageThresholds',
    'UNWIND $rows AS _ MATCH (t:WageThreshold) WHERE NOT t.key IN $keep DETACH DELETE t RETURN count(*) AS deleted',
    (bundle.wageThresholds ?? []).map((t) => thresholdKey(t.regionId, t.household)),
  );
  await deleted(
    'outcomes',
    'UNWIND $rows AS _ MATCH (o:Outcome) WHERE NOT o.key IN $keep DETACH DELETE o RETURN count(*) AS deleted',
    (bundle.outcomes ?? []).map((o) => outcomeKey(o.programId, o.cohortYear)),
  );
  await deleted(
    'transitions',
    `UNWIND $rows AS _ MATCH (:Program)-[t:${TRANSITIONS_TO_REL}]->(:Program)
     WHERE NOT t.key IN $keep DELETE t RETURN count(*) AS deleted`,
    (bundle.transitions ?? []).map((t) => transitionKey(t.fromProgramId, t.toProgramId, t.cohortYear)),
  );
  for (const kind of EDGE_KINDS) {
    const [fromLabel, toLabel] = EDGE_ENDPOINTS[kind];
    await deleted(
      'edges',
      `UNWIND $rows AS _ MATCH (a:${fromLabel})-[e:${kind}]->(b:${toLabel})
       WHERE NOT (a.id + '|' + b.id) IN $keep DELETE e RETURN count(*) AS deleted`,
      (bundle.edges ?? []).filter((e) => e.kind === kind).map((e) => `${e.from}|${e.to}`),
    );
  }
  for (const mapping of [...ENTITY_MAPPINGS].reverse()) {
    await deleted(
      mapping.key,
      `UNWIND $rows AS _ MATCH (n:${mapping.label}) WHERE NOT n.id IN $keep
       OPTIONAL MATCH (n)-[:${REQUIRES_REL}]->(g:RequirementGroup)
       DETACH DELETE g
       WITH DISTINCT n DETACH DELETE n RETURN count(*) AS deleted`,
      ((bundle[mapping.key] ?? []) as { id: string }[]).map((e) => e.id),
    );
  }
}
