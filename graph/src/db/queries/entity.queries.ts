/** Lookups of entities by id, used by validation, the partner scope and the sample loader. */
import type { EntityKey } from '../../model/bundle.ts';
import { mappingFor } from '../../model/mapping.ts';
import { ENTITY_LABELS, type EntityLabel } from '../../model/vocabulary.ts';
import type { Tx } from '../graph-db.ts';
import { run, statement } from './query.ts';

/** Which of these ids exist with this label (the label from the whitelist). */
export const existingIdsQuery = (label: EntityLabel, ids: string[]) =>
  statement(`UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id`, { ids });

/** Whether the graph holds any entity at all. */
export const anyEntityQuery = () =>
  statement(`MATCH (n) WHERE ${ENTITY_LABELS.map((l) => `n:${l}`).join(' OR ')} RETURN count(n) > 0 AS any LIMIT 1`);

/** The owner (the target of `ownerField`) of each of these entities that exists; `owner` null when it has none. */
export function ownersQuery(kind: EntityKey, ownerField: string, ids: string[]) {
  const mapping = mappingFor(kind);
  const ref = mapping.refs.find((r) => r.field === ownerField);
  if (!ref) throw new Error(`${kind} has no reference ${ownerField}`);
  return statement(
    `UNWIND $ids AS id MATCH (n:${mapping.label} {id: id}) OPTIONAL MATCH (n)-[:${ref.rel}]->(o:${ref.target}) RETURN id, o.id AS owner`,
    { ids },
  );
}

export async function existingIds(tx: Tx, label: EntityLabel, ids: string[]): Promise<Set<string>> {
  const result = await run(tx, existingIdsQuery(label, ids));
  return new Set(result.records.map((r) => r.get('id') as string));
}

export async function anyEntity(tx: Tx): Promise<boolean> {
  return Boolean((await run(tx, anyEntityQuery())).records[0]?.get('any'));
}

export async function owners(
  tx: Tx,
  kind: EntityKey,
  ownerField: string,
  ids: string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const result = await run(tx, ownersQuery(kind, ownerField, ids));
  return new Map(result.records.map((r) => [r.get('id') as string, (r.get('owner') as string | null) ?? null]));
}
