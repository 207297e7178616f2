/**
 * Reads the whole graph back as a bundle (the inverse of load.ts, driven by the same
 * mapping table). Loading the export into an empty graph gives the same graph.
 */
import neo4j from 'neo4j-driver';
import type { GraphDb } from '../db/graph-db.ts';
import type { Bundle, Source } from '../model/bundle.ts';
import { contractVersionOf, EDGE_ENDPOINTS, EDGE_KINDS, emptyBundle } from '../model/bundle.ts';
import {
  ANY_OF_REL,
  EARNS_IN_REL,
  EDGE_PROPS,
  ENTITY_MAPPINGS,
  OUTCOME_PROPS,
  PARTNER_IN_REL,
  REQUIRES_REL,
  THRESHOLD_PROPS,
  TRANSITION_PROPS,
  TRANSITIONS_TO_REL,
  WAGE_PROPS,
} from '../model/mapping.ts';

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
      const refColumns = mapping.refs
        .map((ref, i) => `[(n)-[r:${ref.rel}]->(t:${ref.target}) | {id: t.id, position: r.position}] AS ref${i}`)
        .join(', ');
      const extra =
        mapping.key === 'programs'
          ? `, [(n)-[g:${REQUIRES_REL}]->(rg:RequirementGroup) | {position: g.position,
               members: [(rg)-[m:${ANY_OF_REL}]->(c:Credential) | {id: c.id, position: m.position}]}] AS requires`
          : mapping.key === 'pathways'
            ? `, [(p:Partner)-[r:${PARTNER_IN_REL}]->(n) | {partnerId: p.id, role: r.role, position: r.position}] AS roles`
            : '';
      const result = await tx.run(
        `MATCH (n:${mapping.label}) RETURN n {.*} AS props${refColumns ? `, ${refColumns}` : ''}${extra} ORDER BY n.id`,
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
        if (mapping.key === 'programs') {
          const groups = (row.get('requires') as { position: unknown; members: { id: string; position: unknown }[] }[])
            .sort((a, b) => Number(plain(a.position)) - Number(plain(b.position)))
            .map((g) => byPosition(g.members));
          if (groups.length > 0) entity.requires = groups;
        }
        if (mapping.key === 'pathways') {
          const roles = (row.get('roles') as { partnerId: string; role: string; position: unknown }[])
            .sort((a, b) => Number(plain(a.position)) - Number(plain(b.position)))
            .map((r) => ({ partnerId: r.partnerId, role: r.role }));
          if (roles.length > 0) entity.partnerRoles = roles;
        }
        return entity;
      });
      if (records.length > 0) (bundle as Record<string, unknown>)[mapping.key] = records;
    }

    const thresholds = await tx.run('MATCH (t:WageThreshold) RETURN t {.*} AS props ORDER BY t.key');
    if (thresholds.records.length > 0) {
      bundle.wageThresholds = thresholds.records.map(
        (r) => pick(r.get('props'), THRESHOLD_PROPS) as NonNullable<Bundle['wageThresholds']>[number],
      );
    }
    const wages = await tx.run(
      `MATCH (o:Occupation)-[w:${EARNS_IN_REL}]->(r:Region)
       RETURN o.id AS occupationId, r.id AS regionId, w {.*} AS props ORDER BY occupationId, regionId`,
    );
    if (wages.records.length > 0) {
      bundle.occupationWages = wages.records.map(
        (r) =>
          ({
            occupationId: r.get('occupationId'),
            regionId: r.get('regionId'),
            ...pick(r.get('props'), WAGE_PROPS),
          }) as NonNullable<Bundle['occupationWages']>[number],
      );
    }
    const outcomes = await tx.run('MATCH (o:Outcome) RETURN o {.*} AS props ORDER BY o.key');
    if (outcomes.records.length > 0) {
      bundle.outcomes = outcomes.records.map(
        (r) => pick(r.get('props'), OUTCOME_PROPS) as NonNullable<Bundle['outcomes']>[number],
      );
    }
    const transitions = await tx.run(
      `MATCH (a:Program)-[t:${TRANSITIONS_TO_REL}]->(b:Program)
       RETURN a.id AS fromProgramId, b.id AS toProgramId, t {.*} AS props ORDER BY t.key`,
    );
    if (transitions.records.length > 0) {
      bundle.transitions = transitions.records.map(
        (r) =>
          ({
            fromProgramId: r.get('fromProgramId'),
            toProgramId: r.get('toProgramId'),
            ...pick(r.get('props'), TRANSITION_PROPS),
          }) as NonNullable<Bundle['transitions']>[number],
      );
    }
    const edges: NonNullable<Bundle['edges']> = [];
    for (const kind of EDGE_KINDS) {
      const [fromLabel, toLabel] = EDGE_ENDPOINTS[kind];
      const result = await tx.run(
        `MATCH (a:${fromLabel})-[e:${kind}]->(b:${toLabel}) RETURN a.id AS from, b.id AS to, e {.*} AS props ORDER BY from, to`,
      );
      for (const r of result.records) {
        edges.push({
          kind,
          from: r.get('from'),
          to: r.get('to'),
          ...pick(r.get('props'), EDGE_PROPS[kind]),
        } as NonNullable<Bundle['edges']>[number]);
      }
    }
    if (edges.length > 0) bundle.edges = edges;
    bundle.version = contractVersionOf(bundle);
    return bundle;
  });
}
