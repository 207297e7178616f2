/**
 * The bundle's `remove` list (an extension of the contract; see docs/partner-writes.md): ids of
 * entities to delete, with the same cascade as contract section 7's `removeIds` — every edge,
 * group member and reference that names them goes too:
 *
 * - the entity, and what only it owns: a program's requirement groups and outcome rows, a
 *   region's wage thresholds;
 * - rows and edges with it at either end (wage rows, transitions, bundle edges);
 * - references to it from other entities (a program's awards, an entry point's `enters`, a
 *   support's `programIds`, a pathway's programs and partner roles, a child region's parent…),
 *   and its place in requirement groups (a group left with no member is dropped).
 *
 * An id names every entity with that id, whatever its kind (as `removeIds` does). Refused, with
 * the path `remove[i]`: an id in no kind; an id listed twice, or also written by the same bundle,
 * or named by a record of it; a removal that would leave a program without its provider or
 * without any credential it awards (remove the programs too). It runs inside the load's
 * transaction, before the upserts, so a bundle is still all or nothing.
 *
 * Every entity whose record a removal changed (it lost a reference) is logged as changed and
 * loses its stored hash, so a later upsert of its old content is written, not skipped.
 */
import type { Tx } from '../db/graph-db.ts';
import { REMOVE } from '../db/queries/bundle.queries.ts';
import type { Bundle } from '../model/bundle.ts';
import type { ChangeLog } from '../model/change-log.ts';
import { EDGE_MAPPINGS, ENTITY_MAPPINGS, ROW_MAPPINGS } from '../model/mapping.ts';
import type { BundleIssue } from './validate.ts';

/** Refusals only the graph can tell (the validator checks the rest): provider and awards left behind. */
export async function removalIssues(tx: Tx, bundle: Bundle): Promise<BundleIssue[]> {
  const ids = bundle.remove ?? [];
  if (ids.length === 0) return [];
  const rewritten = (bundle.programs ?? []).map((p) => p.id);
  const issues: BundleIssue[] = [];
  const at = new Map(ids.map((id, i) => [id, i]));
  for (const row of (await tx.run(REMOVE.orphanedPrograms, { ids, rewritten })).records) {
    const id = row.get('id') as string;
    const why = row.get('why') as string;
    const programs = (row.get('programs') as string[]).map((p) => `"${p}"`).join(', ');
    issues.push({
      path: `remove[${at.get(id)}]`,
      message:
        why === 'provider'
          ? `"${id}" provides programs ${programs}, which would be left without a provider: remove them too`
          : `"${id}" is the only credential programs ${programs} award: remove them too, or give them another award`,
    });
  }
  return issues;
}

/** Deletes the bundle's `remove` ids with their cascade, counting and logging what went and what changed. */
export async function removeEntities(
  tx: Tx,
  ids: readonly string[],
  log: ChangeLog,
  deleted: (kind: string, n: number) => void,
): Promise<void> {
  if (ids.length === 0) return;
  const params = { ids: [...ids] };
  const keys = async (query: string) =>
    (await tx.run(query, params)).records.map((r) => r.get('key') as string).filter((k) => k !== null);

  // First what the cascade will change or take, while it can still be seen.
  const changed = new Map<string, string[]>();
  for (const mapping of ENTITY_MAPPINGS) {
    const referrers = await keys(REMOVE.referrers(mapping));
    if (referrers.length > 0) changed.set(mapping.key, referrers);
  }
  for (const mapping of ROW_MAPPINGS) {
    const gone = await keys(REMOVE.rowsAt(mapping));
    for (const key of gone) log.add('deleted', mapping.key, key);
    deleted(mapping.key, gone.length);
  }
  for (const mapping of EDGE_MAPPINGS) {
    const gone = await keys(REMOVE.rowsAt(mapping));
    for (const key of gone) log.add('deleted', 'edges', `${mapping.kind}|${key}`);
    deleted('edges', gone.length);
  }
  for (const [kind, list] of changed) {
    const mapping = ENTITY_MAPPINGS.find((m) => m.key === kind);
    if (!mapping) continue;
    await tx.run(REMOVE.forgetHashes(mapping), { ids: list });
  }

  // Then the deletion: owned rows and groups, the entities (taking their relationships), emptied groups.
  await tx.run(REMOVE.ownedRows, params);
  for (const mapping of ENTITY_MAPPINGS) {
    const [row] = (await tx.run(REMOVE.entities(mapping), params)).records;
    const gone = (row?.get('ids') as string[] | undefined) ?? [];
    for (const id of gone) log.add('deleted', mapping.key, id);
    deleted(mapping.key, gone.length);
  }
  await tx.run(REMOVE.emptiedGroups, { ids: changed.get('programs') ?? [] });
  const gone = new Set(ids);
  for (const [kind, list] of changed) {
    for (const id of list) if (!gone.has(id)) log.add('changed', kind, id);
  }
}
