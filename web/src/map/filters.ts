/**
 * The map's filters that run in the browser over the server's map: a partner's neighbourhood,
 * the node kinds shown and the programs' delivery (modality, schedule, language, features).
 * Region, sector and pathway go to the server's `map(filter:)`.
 */
import type { GraphMap, MapEdge, MapNode, ProgramDelivery } from '../api/queries.ts';
import type { EntityKind } from '../lib/vocab.ts';

export interface ClientFilter {
  partnerId?: string;
  /** Kinds shown; undefined shows all. */
  kinds?: EntityKind[];
  modality?: string;
  schedules?: string[];
  languages?: string[];
  features?: string[];
}

export const hasDeliveryFilter = (f: ClientFilter) =>
  Boolean(f.modality || f.schedules?.length || f.languages?.length || f.features?.length);

/**
 * Whether a program's delivery matches: modality, schedules and languages as the route engine
 * reads them (a program that leaves a field out matches; lists share a value), and it has at
 * least one of the chosen features.
 */
export function deliveryMatches(program: ProgramDelivery | undefined, f: ClientFilter): boolean {
  if (!program) return true;
  const shares = (mine: string[], wanted: string[] | undefined) =>
    !wanted?.length || mine.length === 0 || mine.some((v) => wanted.includes(v));
  if (f.modality && program.modality && program.modality !== f.modality) return false;
  if (!shares(program.schedules, f.schedules)) return false;
  if (!shares(program.languages, f.languages)) return false;
  if (f.features?.length && !program.features.some((v) => f.features?.includes(v))) return false;
  return true;
}

function partnerNeighbourhood(map: GraphMap, partnerKey: string): Set<string> {
  const out = new Map<string, MapEdge[]>();
  const into = new Map<string, MapEdge[]>();
  for (const e of map.edges) {
    (out.get(e.sourceKey) ?? out.set(e.sourceKey, []).get(e.sourceKey))?.push(e);
    (into.get(e.targetKey) ?? into.set(e.targetKey, []).get(e.targetKey))?.push(e);
  }
  const keep = new Set([partnerKey]);
  const from = (key: string, kinds: string[]) =>
    (out.get(key) ?? []).filter((e) => kinds.includes(e.kind)).map((e) => e.targetKey);
  const to = (key: string, kinds: string[]) =>
    (into.get(key) ?? []).filter((e) => kinds.includes(e.kind)).map((e) => e.sourceKey);
  const programs = to(partnerKey, ['OFFERED_BY']);
  const credentials = [...programs.flatMap((p) => from(p, ['AWARDS', 'REQUIRES'])), ...to(partnerKey, ['ISSUED_BY'])];
  const occupations = [...credentials.flatMap((c) => from(c, ['QUALIFIES_FOR'])), ...from(partnerKey, ['HIRES'])];
  const pathways = [...from(partnerKey, ['PARTNER_IN']), ...programs.flatMap((p) => to(p, ['INCLUDES']))];
  const around = [
    ...programs.flatMap((p) => to(p, ['ENTERS', 'SUPPORTS'])),
    ...[...occupations, ...pathways].flatMap((k) => from(k, ['IN_SECTOR'])),
  ];
  for (const key of [...programs, ...credentials, ...occupations, ...pathways, ...around]) keep.add(key);
  return keep;
}

export function applyFilter(map: GraphMap, filter: ClientFilter, delivery?: Map<string, ProgramDelivery>): GraphMap {
  let nodes: MapNode[] = map.nodes;
  if (filter.partnerId) {
    const keep = partnerNeighbourhood(map, `Partner:${filter.partnerId}`);
    nodes = nodes.filter((n) => keep.has(n.key));
  }
  if (filter.kinds) {
    const kinds = new Set(filter.kinds);
    nodes = nodes.filter((n) => kinds.has(n.kind));
  }
  if (delivery && hasDeliveryFilter(filter)) {
    nodes = nodes.filter((n) => n.kind !== 'Program' || deliveryMatches(delivery.get(n.id), filter));
  }
  if (nodes === map.nodes) return map;
  const kept = new Set(nodes.map((n) => n.key));
  return { nodes, edges: map.edges.filter((e) => kept.has(e.sourceKey) && kept.has(e.targetKey)) };
}
