/**
 * Reads the whole graph back as a bundle (the inverse of load.ts, driven by the same
 * mapping table). Loading the export into an empty graph gives the same graph.
 */
import neo4j from 'neo4j-driver';
import type { GraphDb, Tx } from '../db/graph-db.ts';
import type { Bundle, Source } from '../model/bundle.ts';
import { contractVersionOf, emptyBundle } from '../model/bundle.ts';
import { EDGE_MAPPINGS, ENTITY_MAPPINGS, type NestedMapping, ROW_MAPPINGS, type RowMapping } from '../model/mapping.ts';

/** Neo4j values to plain JSON: Integers to numbers, dates to ISO strings. */
export function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if ('toString' in value && (neo4j.isDateTime(value) || neo4j.isDate(value))) return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function pick(props: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = props[field];
    if (value !== undefined && value !== null) out[field] = plain(value);
  }
  return out;
}

const byPosition = (items: { id: string; position: unknown }[]) =>
  [...items].sort((a, b) => Number(plain(a.position)) - Number(plain(b.position))).map((i) => i.id);

export async function exportBundle(db: GraphDb): Promise<Bundle> {
  return db.read('bundle.export', async (tx) => {
    const bundle: Bundle = emptyBundle();
    const meta = await tx.run("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.source AS source");
    const source = meta.records[0]?.get('source');
    if (typeof source === 'string') bundle.source = JSON.parse(source) as Source;

    for (const mapping of ENTITY_MAPPINGS) {
      const refColumns = mapping.refs.map(
        (ref, i) => `[(n)-[r:${ref.rel}]->(t:${ref.target}) | {id: t.id, position: r.position}] AS ref${i}`,
      );
      const nestedColumns = mapping.nested.map((nested, i) => `${nestedColumn(nested)} AS nested${i}`);
      const result = await tx.run(
        `MATCH (n:${mapping.label}) RETURN ${['n {.*} AS props', ...refColumns, ...nestedColumns].join(', ')} ORDER BY n.id`,
      );
      const records = result.records.map((row) => {
        const props = row.get('props') as Record<string, unknown>;
        const entity: Record<string, unknown> = { id: props.id, ...pick(props, mapping.props) };
        mapping.refs.forEach((ref, i) => {
          const ids = byPosition(row.get(`ref${i}`) as { id: string; position: unknown }[]);
          if (ref.many) {
            if (ids.length > 0) entity[ref.field] = ids;
          } else if (ids[0] !== undefined) entity[ref.field] = ids[0];
        });
        mapping.nested.forEach((nested, i) => {
          const items = nestedItems(nested, row.get(`nested${i}`) as Positioned[]);
          if (items.length > 0) entity[nested.field] = items;
        });
        return entity;
      });
      if (records.length > 0) (bundle as Record<string, unknown>)[mapping.key] = records;
    }

    for (const mapping of ROW_MAPPINGS) {
      const rows = await readRows(tx, mapping);
      if (rows.length > 0) (bundle as Record<string, unknown>)[mapping.key] = rows;
    }
    const edges: Record<string, unknown>[] = [];
    for (const mapping of EDGE_MAPPINGS) {
      for (const row of await readRows(tx, mapping)) edges.push({ kind: mapping.kind, ...row });
    }
    if (edges.length > 0) bundle.edges = edges as NonNullable<Bundle['edges']>;
    bundle.version = contractVersionOf(bundle);
    return bundle;
  });
}

type Positioned = { position: unknown } & Record<string, unknown>;

const byPositionOf = <T extends Positioned>(items: T[]): T[] =>
  [...items].sort((a, b) => Number(plain(a.position)) - Number(plain(b.position)));

/** The list-comprehension column reading one nested relation of `n` (see NestedMapping). */
function nestedColumn(nested: NestedMapping): string {
  if (nested.shape === 'groups') {
    return `[(n)-[g:${nested.rel}]->(rg:${nested.groupLabel}) | {position: g.position,
      members: [(rg)-[m:${nested.memberRel}]->(c:${nested.target}) | {id: c.id, position: m.position}]}]`;
  }
  const props = nested.props.map((p) => `${p}: r.${p}`).join(', ');
  return `[(t:${nested.target})-[r:${nested.rel}]->(n) | {${nested.idField}: t.id, ${props}, position: r.position}]`;
}

function nestedItems(nested: NestedMapping, items: Positioned[]): unknown[] {
  if (nested.shape === 'groups') {
    return byPositionOf(items).map((g) => byPosition(g.members as { id: string; position: unknown }[]));
  }
  return byPositionOf(items).map((item) => ({
    [nested.idField]: item[nested.idField],
    ...pick(item, nested.props),
  }));
}

async function readRows(tx: Tx, mapping: RowMapping): Promise<Record<string, unknown>[]> {
  if (mapping.shape === 'node') {
    const result = await tx.run(`MATCH (n:${mapping.label}) RETURN n {.*} AS props ORDER BY n.key`);
    return result.records.map((r) => pick(r.get('props'), mapping.props));
  }
  const { from, to, rel } = mapping;
  const result = await tx.run(
    `MATCH (a:${from.label})-[n:${rel}]->(b:${to.label})
     RETURN a.id AS from, b.id AS to, n {.*} AS props ORDER BY ${mapping.storesKey ? 'n.key' : 'from, to'}`,
  );
  return result.records.map((r) => ({
    [from.field]: r.get('from'),
    [to.field]: r.get('to'),
    ...pick(r.get('props'), mapping.props),
  }));
}
