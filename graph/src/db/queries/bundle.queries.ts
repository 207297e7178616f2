/**
 * The Cypher of the bundle load and export (graph/src/import/load.ts, export.ts), built from
 * the mapping table: labels and relationship types come only from model/mapping.ts. Load
 * statements are batch statements: their rows arrive in `$rows` (the loader batches them), a
 * deletion's kept keys in `$keep`.
 */
import {
  ENTITY_MAPPINGS,
  type EntityMapping,
  type NestedMapping,
  type NodeRowMapping,
  type RefMapping,
  type RelationshipRowMapping,
  ROW_MAPPINGS,
  type RowMapping,
} from '../../model/mapping.ts';

type Groups = Extract<NestedMapping, { shape: 'groups' }>;

const groupsOf = (nested: readonly NestedMapping[]) => nested.filter((n): n is Groups => n.shape === 'groups');

/** The pattern of a stored row, `n` being the row (a node or a relationship). */
function rowPattern(mapping: RowMapping): string {
  return mapping.shape === 'node'
    ? `(n:${mapping.label})`
    : `(a:${mapping.from.label})-[n:${mapping.rel}]->(b:${mapping.to.label})`;
}

/** A relationship row without a stored key is keyed by its endpoint ids. */
export const keyedByEnds = (mapping: RowMapping) => mapping.shape === 'relationship' && !mapping.storesKey;

const storedKey = (mapping: RowMapping) => (keyedByEnds(mapping) ? "a.id + '|' + b.id" : 'n.key');

export const LOAD = {
  /** `$rows`: ids → their stored hashes. */
  entityHashes: (m: EntityMapping) =>
    `UNWIND $rows AS id MATCH (n:${m.label} {id: id}) RETURN n.id AS key, n._hash AS hash`,
  /** `$rows`: `{id, props}`. */
  upsertEntities: (m: EntityMapping) => `UNWIND $rows AS row MERGE (n:${m.label} {id: row.id}) SET n = row.props`,
  /** `$rows`: ids whose references are rewritten. */
  deleteRefs: (m: EntityMapping, ref: RefMapping) =>
    `UNWIND $rows AS id MATCH (n:${m.label} {id: id})-[r:${ref.rel}]->(:${ref.target}) DELETE r`,
  /** `$rows`: `{from, to, position}`. */
  createRefs: (m: EntityMapping, ref: RefMapping) =>
    `UNWIND $rows AS p
     MATCH (n:${m.label} {id: p.from}) MATCH (t:${ref.target} {id: p.to})
     CREATE (n)-[:${ref.rel} {position: p.position}]->(t)`,
  /** `$rows`: ids whose nested relation is rewritten. */
  deleteNested: (label: string, nested: NestedMapping) =>
    nested.shape === 'groups'
      ? `UNWIND $rows AS id MATCH (:${label} {id: id})-[:${nested.rel}]->(g:${nested.groupLabel}) DETACH DELETE g`
      : `UNWIND $rows AS id MATCH (:${nested.target})-[r:${nested.rel}]->(:${label} {id: id}) DELETE r`,
  /** `$rows`: groups `{ownerId, key, position, members: [{id, position}]}`, or links `{ownerId, targetId, props}`. */
  createNested: (label: string, nested: NestedMapping) =>
    nested.shape === 'groups'
      ? `UNWIND $rows AS g
         MATCH (p:${label} {id: g.ownerId})
         CREATE (p)-[:${nested.rel} {position: g.position}]->(rg:${nested.groupLabel} {key: g.key, position: g.position})
         WITH rg, g UNWIND g.members AS m
         MATCH (c:${nested.target} {id: m.id})
         CREATE (rg)-[:${nested.memberRel} {position: m.position}]->(c)`
      : `UNWIND $rows AS l
         MATCH (t:${nested.target} {id: l.targetId}) MATCH (n:${label} {id: l.ownerId})
         CREATE (t)-[r:${nested.rel}]->(n) SET r = l.props`,
  /** `$rows`: row keys (endpoint ids `from|to` for a relationship without a stored key) → stored hashes. */
  rowHashes(mapping: RowMapping): string {
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
  },
  /** `$rows`: `{key, props}` for a node row, `{from, to, key, props}` for a relationship row. */
  upsertRows(mapping: RowMapping): string {
    if (mapping.shape === 'node') {
      const { link } = mapping;
      return `UNWIND $rows AS row
       MERGE (n:${mapping.label} {key: row.key}) SET n = row.props
       WITH n, row MATCH (e:${link.label} {id: row.props.${link.field}})
       MERGE ${link.direction === 'out' ? `(n)-[:${link.rel}]->(e)` : `(e)-[:${link.rel}]->(n)`}`;
    }
    return `UNWIND $rows AS row
       MATCH (a:${mapping.from.label} {id: row.from}) MATCH (b:${mapping.to.label} {id: row.to})
       MERGE (a)-[n:${mapping.rel}${mapping.storesKey ? ' {key: row.key}' : ''}]->(b) SET n = row.props`;
  },
  /** `$keep`: the keys of the bundle's rows; every other stored row is deleted and counted. */
  deleteOtherRows: (mapping: RowMapping) =>
    `UNWIND $rows AS _ MATCH ${rowPattern(mapping)}
       WHERE NOT ${storedKey(mapping)} IN $keep ${mapping.shape === 'node' ? 'DETACH ' : ''}DELETE n RETURN count(*) AS deleted`,
  /** `$keep`: the bundle's ids; every other entity (with its requirement groups) is deleted and counted. */
  deleteOtherEntities: (m: EntityMapping) =>
    `UNWIND $rows AS _ MATCH (n:${m.label}) WHERE NOT n.id IN $keep
       ${groupsOf(m.nested)
         .map((g) => `OPTIONAL MATCH (n)-[:${g.rel}]->(g:${g.groupLabel}) DETACH DELETE g WITH DISTINCT n`)
         .join(' ')}
       DETACH DELETE n RETURN count(*) AS deleted`,
} as const;

const nothing = 'UNWIND [] AS key RETURN key';

/**
 * The cascade of the bundle's `remove` list (graph/src/import/remove.ts); `$ids` are the ids to
 * remove (of any kind: each statement matches only its own labels).
 */
export const REMOVE = {
  /** Ids (`key`) of the entities of `m` whose record names a removed id (a reference, a group member, a partner role). */
  referrers(m: EntityMapping): string {
    const parts = [
      ...m.refs.map(
        (ref) => `MATCH (n:${m.label})-[:${ref.rel}]->(t:${ref.target}) WHERE t.id IN $ids RETURN n.id AS key`,
      ),
      ...m.nested.map((nested) =>
        nested.shape === 'groups'
          ? `MATCH (n:${m.label})-[:${nested.rel}]->(:${nested.groupLabel})-[:${nested.memberRel}]->(t:${nested.target}) WHERE t.id IN $ids RETURN n.id AS key`
          : `MATCH (t:${nested.target})-[:${nested.rel}]->(n:${m.label}) WHERE t.id IN $ids RETURN n.id AS key`,
      ),
    ];
    return parts.length > 0 ? parts.join(' UNION ') : nothing;
  },
  /** Load keys (`key`) of the rows of `mapping` with a removed entity at an end. */
  rowsAt(mapping: RowMapping): string {
    if (mapping.shape === 'node') {
      const { link } = mapping;
      const pattern =
        link.direction === 'out'
          ? `(n:${mapping.label})-[:${link.rel}]->(t:${link.label})`
          : `(t:${link.label})-[:${link.rel}]->(n:${mapping.label})`;
      return `MATCH ${pattern} WHERE t.id IN $ids RETURN n.key AS key`;
    }
    const pattern = `(a:${mapping.from.label})-[n:${mapping.rel}]->(b:${mapping.to.label})`;
    const key = storedKey(mapping);
    return `MATCH ${pattern} WHERE a.id IN $ids RETURN ${key} AS key UNION MATCH ${pattern} WHERE b.id IN $ids RETURN ${key} AS key`;
  },
  /** `$ids`: entities of `m` a removal changed; their next upsert must be written whatever its hash. */
  forgetHashes: (m: EntityMapping) => `UNWIND $ids AS id MATCH (n:${m.label} {id: id}) REMOVE n._hash`,
  /** Deletes what only a removed entity owns: node rows linked to it, a program's requirement groups. */
  get ownedRows(): string {
    const nodeRows = ROW_MAPPINGS.filter((m): m is NodeRowMapping => m.shape === 'node');
    const rows = nodeRows.map(({ label, link }) => {
      const pattern =
        link.direction === 'out'
          ? `(n:${label})-[:${link.rel}]->(t:${link.label})`
          : `(t:${link.label})-[:${link.rel}]->(n:${label})`;
      return `CALL () { MATCH ${pattern} WHERE t.id IN $ids DETACH DELETE n }`;
    });
    const groups = ENTITY_MAPPINGS.flatMap((m) =>
      groupsOf(m.nested).map(
        ({ rel, groupLabel }) =>
          `CALL () { MATCH (t:${m.label})-[:${rel}]->(g:${groupLabel}) WHERE t.id IN $ids DETACH DELETE g }`,
      ),
    );
    return [...rows, ...groups].join('\n');
  },
  /** Deletes the entities of `m` with a removed id (with every relationship); `ids` are the ones deleted. */
  entities: (m: EntityMapping) =>
    `OPTIONAL MATCH (n:${m.label}) WHERE n.id IN $ids
     WITH collect(n) AS ns, collect(n.id) AS ids
     FOREACH (x IN ns | DETACH DELETE x)
     RETURN ids`,
  /** `$ids`: programs that lost a group member; a group left with none is dropped. */
  emptiedGroups: `UNWIND $ids AS id MATCH (:Program {id: id})-[:REQUIRES]->(g:RequirementGroup)
     WHERE NOT (g)-[:ANY_OF]->() DETACH DELETE g`,
  /** Removed partners and credentials that programs staying in the graph need (`$rewritten`: programs the bundle writes anew). */
  orphanedPrograms: `MATCH (p:Program)-[:OFFERED_BY]->(t:Partner)
       WHERE t.id IN $ids AND NOT p.id IN $ids AND NOT p.id IN $rewritten
     RETURN t.id AS id, 'provider' AS why, collect(p.id)[..5] AS programs
     UNION
     MATCH (p:Program)-[:AWARDS]->(t:Credential)
       WHERE t.id IN $ids AND NOT p.id IN $ids AND NOT p.id IN $rewritten
         AND NOT EXISTS { MATCH (p)-[:AWARDS]->(o:Credential) WHERE NOT o.id IN $ids }
     RETURN t.id AS id, 'awards' AS why, collect(p.id)[..5] AS programs`,
} as const;

/** The list comprehension reading one nested relation of `n` (see NestedMapping). */
function nestedColumn(nested: NestedMapping): string {
  if (nested.shape === 'groups') {
    return `[(n)-[g:${nested.rel}]->(rg:${nested.groupLabel}) | {position: g.position,
      members: [(rg)-[m:${nested.memberRel}]->(c:${nested.target}) | {id: c.id, position: m.position}]}]`;
  }
  const props = nested.props.map((p) => `${p}: r.${p}`).join(', ');
  return `[(t:${nested.target})-[r:${nested.rel}]->(n) | {${nested.idField}: t.id, ${props}, position: r.position}]`;
}

/** The columns an entity row is read with: `props`, `ref0…` (`{id, position}` lists), `nested0…`. */
function entityColumns(m: EntityMapping): string {
  const refColumns = m.refs.map(
    (ref, i) => `[(n)-[r:${ref.rel}]->(t:${ref.target}) | {id: t.id, position: r.position}] AS ref${i}`,
  );
  const nestedColumns = m.nested.map((nested, i) => `${nestedColumn(nested)} AS nested${i}`);
  return ['n {.*} AS props', ...refColumns, ...nestedColumns].join(', ');
}

/** The match of a relationship row from its key in `key` (`from|to`, or the stored key whose first part is `from`). */
function rowByKey(mapping: RelationshipRowMapping): string {
  const { from, to, rel } = mapping;
  return mapping.storesKey
    ? `WITH key, split(key, '|') AS ids MATCH (a:${from.label} {id: ids[0]})-[n:${rel} {key: key}]->(b:${to.label})`
    : `WITH key, split(key, '|') AS ids MATCH (a:${from.label} {id: ids[0]})-[n:${rel}]->(b:${to.label} {id: ids[1]})`;
}

export const EXPORT = {
  /** Columns `props`, `ref0…` (`{id, position}` lists), `nested0…`, by id. */
  entities: (m: EntityMapping): string => `MATCH (n:${m.label}) RETURN ${entityColumns(m)} ORDER BY n.id`,
  /** The same columns for the entities whose ids are in `$ids` (those that exist). */
  entitiesById: (m: EntityMapping): string =>
    `UNWIND $ids AS id MATCH (n:${m.label} {id: id}) RETURN ${entityColumns(m)}`,
  /** Columns `props` (node rows), or `from`, `to`, `props` (relationship rows). */
  rows(mapping: RowMapping): string {
    if (mapping.shape === 'node') return `MATCH (n:${mapping.label}) RETURN n {.*} AS props ORDER BY n.key`;
    const { from, to, rel } = mapping;
    return `MATCH (a:${from.label})-[n:${rel}]->(b:${to.label})
     RETURN a.id AS from, b.id AS to, n {.*} AS props ORDER BY ${mapping.storesKey ? 'n.key' : 'from, to'}`;
  },
  /** The same columns for the rows whose load keys are in `$keys` (those that exist). */
  rowsByKey(mapping: RowMapping): string {
    if (mapping.shape === 'node') {
      return `UNWIND $keys AS key MATCH (n:${mapping.label} {key: key}) RETURN n {.*} AS props`;
    }
    return `UNWIND $keys AS key ${rowByKey(mapping)} RETURN a.id AS from, b.id AS to, n {.*} AS props`;
  },
} as const;
