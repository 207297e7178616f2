/**
 * The relational map: Cytoscape-ready nodes and edges for a region, sector or pathway view
 * of the graph. Node ids are entity ids (unique within a kind); `key` (`Kind:id`) is unique
 * across kinds for clients that need it.
 */
import { z } from 'zod';
import { BadInputError, NotFoundError } from '../errors.ts';
import { transitionsOut } from '../measures/indicators.ts';
import { ID_PATTERN } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel, type MapEdgeKind } from '../model/vocabulary.ts';
import { decodeCursor, encodeCursor, lowerBoundAfter } from './map-cursor.ts';

export { MAP_EDGE_KINDS, type MapEdgeKind } from '../model/vocabulary.ts';

export interface MapNode {
  id: string;
  key: string;
  kind: EntityLabel;
  label: string;
}
export interface MapEdge {
  id: string;
  source: string;
  target: string;
  sourceKey: string;
  targetKey: string;
  kind: MapEdgeKind;
  /** TRANSITION edges only: continued / completers of the pair's latest cohort year (null: no completers). */
  rate?: number | null;
}
export interface GraphMap {
  nodes: MapNode[];
  edges: MapEdge[];
}

const id = z.string().regex(ID_PATTERN, 'must be an id');
export const mapFilterSchema = z.strictObject({
  regionId: id.nullish().transform((v) => v ?? undefined),
  sectorId: id.nullish().transform((v) => v ?? undefined),
  pathwayId: id.nullish().transform((v) => v ?? undefined),
  kinds: z
    .array(z.enum(ENTITY_LABELS, { error: `must be one of ${ENTITY_LABELS.join(', ')}` }))
    .nullish()
    .transform((v) => v ?? undefined),
});
export type MapFilterInput = z.input<typeof mapFilterSchema>;

export function parseFilter(raw: unknown) {
  const parsed = mapFilterSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ['filter', ...(issue?.path ?? [])].map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
  throw new BadInputError(path.replaceAll('.[', '['), issue?.message ?? 'is invalid');
}

type Selection = Map<EntityLabel, Set<string>>;

/** The ids of each kind a (parsed) filter's view shows. */
export function select(index: GraphIndex, filter: ReturnType<typeof parseFilter>): Selection {
  const all = (_label: EntityLabel, ids: Iterable<string>) => new Set(ids);
  const sel: Selection = new Map([
    ['Region', all('Region', index.regions.keys())],
    ['Sector', all('Sector', index.sectors.keys())],
    ['Occupation', all('Occupation', index.occupations.keys())],
    ['Partner', all('Partner', index.partners.keys())],
    ['Credential', all('Credential', index.credentials.keys())],
    ['Program', all('Program', index.programs.keys())],
    ['EntryPoint', all('EntryPoint', index.entryPoints.keys())],
    ['Support', all('Support', index.supports.keys())],
    ['Pathway', all('Pathway', index.pathways.keys())],
  ]);
  const keep = (label: EntityLabel, predicate: (id: string) => boolean) => {
    const set = sel.get(label) as Set<string>;
    for (const x of [...set]) if (!predicate(x)) set.delete(x);
  };

  if (filter.regionId) {
    index.requireRegion(filter.regionId, 'filter.regionId');
    const related = index.relatedRegions(filter.regionId);
    const chain = new Set(index.chain(filter.regionId));
    keep('Program', (p) => index.isAvailable(index.programs.get(p) ?? {}, related));
    keep('EntryPoint', (e) => index.isAvailable(index.entryPoints.get(e) ?? {}, related));
    keep('Partner', (p) => index.isAvailable(index.partners.get(p) ?? {}, related));
    keep('Support', (s) => {
      const support = index.supports.get(s);
      const programs = support?.programIds ?? [];
      const regions = support?.regionIds ?? [];
      return programs.some((p) => sel.get('Program')?.has(p)) || regions.some((r) => chain.has(r));
    });
    keep('Region', (r) => related.has(r));
    const programs = sel.get('Program') as Set<string>;
    const credentials = new Set<string>();
    for (const p of programs) {
      const program = index.programs.get(p);
      for (const c of program?.awards ?? []) credentials.add(c);
      for (const c of (program?.requires ?? []).flat()) credentials.add(c);
    }
    for (const e of sel.get('EntryPoint') as Set<string>) {
      for (const c of index.entryPoints.get(e)?.holds ?? []) credentials.add(c);
    }
    keep('Credential', (c) => credentials.has(c));
    const occupations = new Set([...credentials].flatMap((c) => index.qualifiesFor.get(c) ?? []));
    keep('Occupation', (o) => occupations.has(o));
    keep('Pathway', (w) => (index.pathways.get(w)?.programIds ?? []).some((p) => programs.has(p)));
    for (const p of programs) {
      const provider = index.programs.get(p)?.providerId;
      if (provider) sel.get('Partner')?.add(provider);
    }
  }

  if (filter.sectorId) {
    if (!index.sectors.has(filter.sectorId))
      throw new NotFoundError('filter.sectorId', `no sector "${filter.sectorId}"`);
    const sectorId = filter.sectorId;
    keep('Sector', (s) => s === sectorId);
    keep('Occupation', (o) => (index.occupations.get(o)?.sectorIds ?? []).includes(sectorId));
    const occupations = sel.get('Occupation') as Set<string>;
    const pathways = new Set([...index.pathways.values()].filter((w) => w.sectorId === sectorId).map((w) => w.id));
    keep('Pathway', (w) => pathways.has(w));
    const pathwayPrograms = new Set([...pathways].flatMap((w) => index.pathways.get(w)?.programIds ?? []));
    const qualifying = new Set([...occupations].flatMap((o) => index.qualifiedBy.get(o) ?? []));
    keep('Program', (p) => {
      const program = index.programs.get(p);
      return pathwayPrograms.has(p) || (program?.awards ?? []).some((c) => qualifying.has(c));
    });
    const programs = sel.get('Program') as Set<string>;
    const credentials = new Set(qualifying);
    for (const p of programs) for (const c of index.programs.get(p)?.awards ?? []) credentials.add(c);
    keep('Credential', (c) => credentials.has(c));
    keep('EntryPoint', (e) => (index.entryPoints.get(e)?.enters ?? []).some((p) => programs.has(p)));
    keep('Support', (s) => (index.supports.get(s)?.programIds ?? []).some((p) => programs.has(p)));
    const partners = new Set<string>();
    for (const p of programs) partners.add(index.programs.get(p)?.providerId ?? '');
    for (const o of occupations) for (const h of index.hiredBy.get(o) ?? []) partners.add(h.partnerId);
    keep('Partner', (p) => partners.has(p));
  }

  if (filter.pathwayId) {
    const pathway = index.pathways.get(filter.pathwayId);
    if (!pathway) throw new NotFoundError('filter.pathwayId', `no pathway "${filter.pathwayId}"`);
    const programs = new Set(pathway.programIds ?? []);
    keep('Pathway', (w) => w === pathway.id);
    keep('Program', (p) => programs.has(p));
    const credentials = new Set<string>();
    for (const p of programs) {
      for (const c of index.programs.get(p)?.awards ?? []) credentials.add(c);
      for (const c of (index.programs.get(p)?.requires ?? []).flat()) credentials.add(c);
    }
    keep('Credential', (c) => credentials.has(c));
    const occupations = new Set(pathway.destinationOccupationIds ?? []);
    for (const c of credentials) for (const o of index.qualifiesFor.get(c) ?? []) occupations.add(o);
    keep('Occupation', (o) => occupations.has(o));
    const partners = new Set((pathway.partnerRoles ?? []).map((r) => r.partnerId));
    for (const p of programs) partners.add(index.programs.get(p)?.providerId ?? '');
    keep('Partner', (p) => partners.has(p));
    keep('Sector', (s) => s === pathway.sectorId);
    keep('EntryPoint', (e) => (index.entryPoints.get(e)?.enters ?? []).some((p) => programs.has(p)));
    keep('Support', (s) => (index.supports.get(s)?.programIds ?? []).some((p) => programs.has(p)));
    keep('Region', () => false);
  }

  if (filter.kinds) {
    const kinds = new Set(filter.kinds);
    for (const label of ENTITY_LABELS) if (!kinds.has(label)) sel.set(label, new Set());
  }
  return sel;
}

export function labelOf(index: GraphIndex, kind: EntityLabel, id: string): string {
  switch (kind) {
    case 'Occupation':
      return index.occupations.get(id)?.title ?? id;
    case 'Region':
      return index.regions.get(id)?.name ?? id;
    case 'Sector':
      return index.sectors.get(id)?.name ?? id;
    case 'Partner':
      return index.partners.get(id)?.name ?? id;
    case 'Credential':
      return index.credentials.get(id)?.name ?? id;
    case 'Program':
      return index.programs.get(id)?.name ?? id;
    case 'EntryPoint':
      return index.entryPoints.get(id)?.name ?? id;
    case 'Support':
      return index.supports.get(id)?.name ?? id;
    case 'Pathway':
      return index.pathways.get(id)?.name ?? id;
  }
}

/** Told of one possible map edge: its kind, its ends (an end may be missing) and a transition's rate. */
export type MapEdgeSink = (
  kind: MapEdgeKind,
  fromKind: EntityLabel,
  from: string | undefined,
  toKind: EntityLabel,
  to: string | undefined,
  rate?: number | null,
) => void;

/**
 * Every edge the map can draw, in the map's order (buildMap's edge order, which map-pages.ts
 * keeps too): references of the entities kind by kind, then the bundle's edges, then transitions.
 */
export function forEachMapEdge(index: GraphIndex, edge: MapEdgeSink): void {
  for (const r of index.regions.values()) edge('PART_OF', 'Region', r.id, 'Region', r.parentId);
  for (const o of index.occupations.values())
    for (const s of o.sectorIds ?? []) edge('IN_SECTOR', 'Occupation', o.id, 'Sector', s);
  for (const c of index.credentials.values()) edge('ISSUED_BY', 'Credential', c.id, 'Partner', c.issuerId);
  for (const p of index.programs.values()) {
    edge('OFFERED_BY', 'Program', p.id, 'Partner', p.providerId);
    for (const c of p.awards) edge('AWARDS', 'Program', p.id, 'Credential', c);
    for (const c of (p.requires ?? []).flat()) edge('REQUIRES', 'Program', p.id, 'Credential', c);
  }
  for (const e of index.entryPoints.values()) {
    for (const c of e.holds ?? []) edge('HOLDS', 'EntryPoint', e.id, 'Credential', c);
    for (const p of e.enters ?? []) edge('ENTERS', 'EntryPoint', e.id, 'Program', p);
  }
  for (const s of index.supports.values())
    for (const p of s.programIds ?? []) edge('SUPPORTS', 'Support', s.id, 'Program', p);
  for (const w of index.pathways.values()) {
    edge('IN_SECTOR', 'Pathway', w.id, 'Sector', w.sectorId);
    for (const p of w.programIds ?? []) edge('INCLUDES', 'Pathway', w.id, 'Program', p);
    for (const o of w.destinationOccupationIds ?? []) edge('LEADS_TO', 'Pathway', w.id, 'Occupation', o);
    for (const r of w.partnerRoles ?? []) edge('PARTNER_IN', 'Partner', r.partnerId, 'Pathway', w.id);
  }
  for (const e of index.bundle.edges ?? []) {
    switch (e.kind) {
      case 'STACKS_INTO':
        edge('STACKS_INTO', 'Credential', e.from, 'Credential', e.to);
        break;
      case 'ARTICULATES_TO':
        edge('ARTICULATES_TO', 'Credential', e.from, 'Program', e.to);
        break;
      case 'QUALIFIES_FOR':
        edge('QUALIFIES_FOR', 'Credential', e.from, 'Occupation', e.to);
        break;
      case 'ADVANCES_TO':
        edge('ADVANCES_TO', 'Occupation', e.from, 'Occupation', e.to);
        break;
      case 'HIRES':
        edge('HIRES', 'Partner', e.from, 'Occupation', e.to);
        break;
    }
  }
  // Completers who went on to the next program (CONTRACT.md section 6), one edge per pair, its latest year.
  for (const fromId of index.transitionsFrom.keys())
    for (const tr of transitionsOut(index, fromId))
      edge('TRANSITION', 'Program', fromId, 'Program', tr.toProgramId, tr.rate);
}

export function buildMap(index: GraphIndex, rawFilter: unknown): GraphMap {
  const sel = select(index, parseFilter(rawFilter));
  const nodes: MapNode[] = [];
  for (const kind of ENTITY_LABELS) {
    for (const id of [...(sel.get(kind) ?? [])].sort()) {
      nodes.push({ id, key: `${kind}:${id}`, kind, label: labelOf(index, kind, id) });
    }
  }
  const edges: MapEdge[] = [];
  const seen = new Set<string>();
  const has = (kind: EntityLabel, id: string | undefined) => id !== undefined && (sel.get(kind)?.has(id) ?? false);
  const edge: MapEdgeSink = (kind, fromKind, from, toKind, to, rate) => {
    if (!has(fromKind, from) || !has(toKind, to)) return;
    const edgeId = `${kind}:${fromKind}:${from}->${toKind}:${to}`;
    if (seen.has(edgeId)) return;
    seen.add(edgeId);
    edges.push({
      id: edgeId,
      source: from as string,
      target: to as string,
      sourceKey: `${fromKind}:${from}`,
      targetKey: `${toKind}:${to}`,
      kind,
      ...(rate === undefined ? {} : { rate }),
    });
  };
  forEachMapEdge(index, edge);
  return { nodes, edges };
}

/** The largest page of `map` and the largest map answered whole (bigger views need pages or the overview). */
export const MAP_MAX_PAGE = 5000;
export const MAP_MAX_UNPAGED = 20_000;

export interface MapPage extends GraphMap {
  /** Nodes and edges of the whole view. */
  total: number;
  totalEdges: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

interface PageIndex {
  order: { k: number; id: string }[];
  /** Edges ordered by the position of their later end: a page's edges are one run of these. */
  edges: MapEdge[];
  owner: Int32Array;
}
const pageIndexes = new WeakMap<GraphMap, PageIndex>();

function pageIndex(map: GraphMap): PageIndex {
  let found = pageIndexes.get(map);
  if (found) return found;
  const position = new Map(map.nodes.map((n, i) => [n.key, i]));
  const owned = map.edges.map((e, i) => ({
    e,
    i,
    at: Math.max(position.get(e.sourceKey) ?? 0, position.get(e.targetKey) ?? 0),
  }));
  owned.sort((a, b) => a.at - b.at || a.i - b.i);
  found = {
    order: map.nodes.map((n) => ({ k: ENTITY_LABELS.indexOf(n.kind), id: n.id })),
    edges: owned.map((o) => o.e),
    owner: Int32Array.from(owned.map((o) => o.at)),
  };
  pageIndexes.set(map, found);
  return found;
}

function firstAtOrAfter(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A view too big to answer whole is refused, naming what to ask for instead. */
export function refuseWhole(nodes: number): void {
  if (nodes > MAP_MAX_UNPAGED)
    throw new BadInputError(
      'first',
      `the view has ${nodes} nodes, more than ${MAP_MAX_UNPAGED} in one answer: ask for pages (first, after) or for mapOverview`,
    );
}

/**
 * One page of a map: `first` nodes after the cursor in the map's order (kind, then id), and the
 * edges whose later end (in that order) is on this page, so the pages of a map, put together,
 * hold each of its nodes and edges exactly once. Without `first` the whole map, if it is small.
 */
export function mapPage(map: GraphMap, first: unknown, after: unknown): MapPage {
  const whole = first === undefined || first === null;
  if (whole && (after === undefined || after === null)) {
    refuseWhole(map.nodes.length);
    return { ...map, total: map.nodes.length, totalEdges: map.edges.length, endCursor: null, hasNextPage: false };
  }
  const size = whole ? MAP_MAX_PAGE : first;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAP_MAX_PAGE)
    throw new BadInputError('first', `must be a whole number from 1 to ${MAP_MAX_PAGE}`);
  const pages = pageIndex(map);
  const start = after === undefined || after === null ? 0 : lowerBoundAfter(pages.order, decodeCursor(after, 'after'));
  const end = Math.min(map.nodes.length, start + size);
  const nodes = map.nodes.slice(start, end);
  const edges = pages.edges.slice(firstAtOrAfter(pages.owner, start), firstAtOrAfter(pages.owner, end));
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    edges,
    total: map.nodes.length,
    totalEdges: map.edges.length,
    endCursor: last ? encodeCursor(last.kind, last.id) : null,
    hasNextPage: end < map.nodes.length,
  };
}
