/**
 * Resolvers, thin over graph/: every request reads one snapshot of the graph (checked against
 * the graph version in Neo4j, see graph/src/snapshot/snapshot.ts), so all fields of one answer
 * agree, and relationship fields are in-memory lookups rather than a query per field.
 */

import { labelCounts, neo4jVersion } from '@pathway/graph/db/queries/about.queries';
import { searchEntities } from '@pathway/graph/db/queries/search.queries';
import { BadInputError, NotFoundError } from '@pathway/graph/errors';
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import type {
  Credential,
  EntryPoint,
  Occupation,
  Partner,
  Pathway,
  Program,
  Region,
  Sector,
  Support,
} from '@pathway/graph/model/bundle';
import { HOUSEHOLDS, ID_PATTERN } from '@pathway/graph/model/bundle';
import { defineView } from '@pathway/graph/model/derived-view';
import type { ArticulationEdge, GraphIndex } from '@pathway/graph/model/graph-index';
import { ENTITY_LABELS, type EntityLabel } from '@pathway/graph/model/vocabulary';
import { findRoutes, parseRouteInput } from '@pathway/graph/routing/route-search';
import type { Snapshot } from '@pathway/graph/snapshot/snapshot';
import { buildMap } from '@pathway/graph/views/map';
import { pathwayQuality } from '@pathway/graph/views/quality';
import type { IResolvers, MercuriusContext } from 'mercurius';
import { serviceVersion } from '../version.ts';

declare module 'mercurius' {
  interface MercuriusContext {
    /** The graph snapshot for this request (loaded once per request). */
    snapshot: () => Promise<Snapshot>;
  }
}

type Entity = { __kind: EntityLabel; id: string } & Record<string, unknown>;
const tag = <T extends { id: string }>(kind: EntityLabel, item: T | undefined): (T & Entity) | null =>
  item ? ({ ...item, __kind: kind } as T & Entity) : null;
const tagAll = <T extends { id: string }>(kind: EntityLabel, items: (T | undefined)[]): (T & Entity)[] =>
  items.filter((i): i is T => i !== undefined).map((i) => ({ ...i, __kind: kind }) as T & Entity);

const idx = async (ctx: MercuriusContext): Promise<GraphIndex> => (await ctx.snapshot()).index;

function mapOf(index: GraphIndex, kind: EntityLabel): Map<string, { id: string }> {
  switch (kind) {
    case 'Region':
      return index.regions;
    case 'Sector':
      return index.sectors;
    case 'Occupation':
      return index.occupations;
    case 'Partner':
      return index.partners;
    case 'Credential':
      return index.credentials;
    case 'Program':
      return index.programs;
    case 'EntryPoint':
      return index.entryPoints;
    case 'Support':
      return index.supports;
    case 'Pathway':
      return index.pathways;
  }
}

function labelOf(entity: Entity): string {
  return String(entity.title ?? entity.name ?? entity.id);
}

// Pages of entities ordered by id; the sorted id lists are kept by the snapshot's index.
const SORTED_IDS = defineView('sorted-ids', () => new Map<EntityLabel, string[]>());
function page(
  index: GraphIndex,
  kind: EntityLabel,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 500)
    throw new BadInputError('first', 'must be a whole number from 1 to 500');
  const perIndex = index.derived(SORTED_IDS);
  const ids = perIndex.get(kind) ?? [...mapOf(index, kind).keys()].sort();
  perIndex.set(kind, ids);
  let start = 0;
  if (after) {
    let afterId: string;
    try {
      afterId = Buffer.from(after, 'base64url').toString('utf8');
    } catch {
      throw new BadInputError('after', 'is not a cursor from this API');
    }
    if (!ID_PATTERN.test(afterId)) throw new BadInputError('after', 'is not a cursor from this API');
    // First id greater than the cursor's (binary search).
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ids[mid] as string) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = ids.slice(start, start + size);
  const map = mapOf(index, kind);
  return {
    totalCount: ids.length,
    edges: slice.map((id) => ({ cursor: Buffer.from(id).toString('base64url'), node: tag(kind, map.get(id)) })),
    pageInfo: {
      hasNextPage: start + size < ids.length,
      endCursor: slice.length > 0 ? Buffer.from(slice[slice.length - 1] as string).toString('base64url') : null,
    },
  };
}

const connection =
  (kind: EntityLabel) =>
  async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: MercuriusContext) =>
    page(await idx(ctx), kind, args.first, args.after);

function requireId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new BadInputError(path, 'must be an id');
  return value;
}

export const resolvers: IResolvers = {
  Query: {
    about: () => ({}),
    node: async (_, args: { id: string; kind?: EntityLabel | null }, ctx) => {
      const index = await idx(ctx);
      requireId(args.id, 'id');
      for (const kind of args.kind ? [args.kind] : ENTITY_LABELS) {
        const found = mapOf(index, kind).get(args.id);
        if (found) return tag(kind, found);
      }
      return null;
    },
    search: async (_, args: { text: string; first?: number | null }, ctx) => {
      const index = await idx(ctx);
      const hits = await searchEntities(ctx.app.graph, args.text, args.first ?? 20);
      return hits
        .map((hit) => ({ ...hit, node: tag(hit.kind, mapOf(index, hit.kind).get(hit.id)) }))
        .filter((hit) => hit.node !== null);
    },
    familyWage: async (_, args: { regionId: string; household?: string | null }, ctx) => {
      const index = await idx(ctx);
      requireId(args.regionId, 'regionId');
      const household = args.household ?? '1A1C';
      if (!(HOUSEHOLDS as readonly string[]).includes(household)) {
        throw new BadInputError('household', `must be one of ${HOUSEHOLDS.join(', ')}`);
      }
      if (!index.regions.has(args.regionId)) throw new NotFoundError('regionId', `no region "${args.regionId}"`);
      const row = index.thresholdIn(args.regionId, household);
      if (!row) {
        throw new NotFoundError(
          'regionId',
          `no ${household} wage threshold for "${args.regionId}" or any region above it`,
        );
      }
      return { ...row, foundIn: tag('Region', index.regions.get(row.regionId)) };
    },
    pathway: async (_, args: { id: string }, ctx) =>
      tag('Pathway', (await idx(ctx)).pathways.get(requireId(args.id, 'id'))),
    regions: connection('Region'),
    sectors: connection('Sector'),
    occupations: connection('Occupation'),
    partners: connection('Partner'),
    credentials: connection('Credential'),
    programs: connection('Program'),
    entryPoints: connection('EntryPoint'),
    supports: connection('Support'),
    pathways: connection('Pathway'),
    routes: async (_, args: { input: unknown }, ctx) => {
      const snapshot = await ctx.snapshot();
      const input = parseRouteInput(args.input);
      const routes = findRoutes(snapshot.index, input);
      const threshold = snapshot.index.thresholdIn(input.regionId, input.household)?.annual ?? null;
      return {
        routes: routes.map((route) => ({ ...route, regionId: input.regionId })),
        threshold,
        graphVersion: snapshot.version,
      };
    },
    gaps: async (_, args: { filter?: Record<string, unknown> | null }, ctx) =>
      findGaps(await idx(ctx), args.filter ?? {}),
    map: async (_, args: { filter?: unknown }, ctx) => buildMap(await idx(ctx), args.filter ?? {}),
  },
  About: {
    version: () => serviceVersion,
    neo4jVersion: (_parent, _args, { app }) => neo4jVersion(app.graph),
    counts: (_parent, _args, { app }) => labelCounts(app.graph),
  },
  Node: {
    resolveType: (entity: Entity) => entity.__kind,
  },
  Region: {
    label: labelOf,
    fips: (r: Region) => r.fips ?? [],
    parent: async (r: Region, _, ctx) =>
      tag('Region', r.parentId ? (await idx(ctx)).regions.get(r.parentId) : undefined),
    children: async (r: Region, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Region',
        (index.children.get(r.id) ?? []).map((id) => index.regions.get(id)),
      );
    },
    thresholds: async (r: Region, _, ctx) => {
      const index = await idx(ctx);
      return [...(index.thresholds.get(r.id)?.values() ?? [])].map((t) => ({ ...t, region: tag('Region', r) }));
    },
  },
  Sector: {
    label: labelOf,
    naics: (s: Sector) => s.naics ?? [],
    inDemand: (s: Sector) => s.inDemand ?? false,
    occupations: async (s: Sector, _, ctx) =>
      tagAll(
        'Occupation',
        [...(await idx(ctx)).occupations.values()].filter((o) => (o.sectorIds ?? []).includes(s.id)),
      ),
    pathways: async (s: Sector, _, ctx) =>
      tagAll(
        'Pathway',
        [...(await idx(ctx)).pathways.values()].filter((w) => w.sectorId === s.id),
      ),
  },
  Occupation: {
    label: labelOf,
    sectors: async (o: Occupation, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Sector',
        (o.sectorIds ?? []).map((id) => index.sectors.get(id)),
      );
    },
    wages: async (o: Occupation, _, ctx) => {
      const index = await idx(ctx);
      return [...(index.wages.get(o.id)?.values() ?? [])].map((w) => ({
        ...w,
        region: tag('Region', index.regions.get(w.regionId)),
      }));
    },
    wage: async (o: Occupation, args: { regionId: string }, ctx) => {
      const index = await idx(ctx);
      if (!index.regions.has(requireId(args.regionId, 'regionId'))) {
        throw new NotFoundError('regionId', `no region "${args.regionId}"`);
      }
      const w = index.wageIn(o.id, args.regionId);
      return w ? { ...w, region: tag('Region', index.regions.get(w.regionId)) } : null;
    },
    qualifyingCredentials: async (o: Occupation, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Credential',
        (index.qualifiedBy.get(o.id) ?? []).map((id) => index.credentials.get(id)),
      );
    },
    advancesTo: async (o: Occupation, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Occupation',
        (index.advancesTo.get(o.id) ?? []).map((a) => index.occupations.get(a.to)),
      );
    },
    employers: async (o: Occupation, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Partner',
        (index.hiredBy.get(o.id) ?? []).map((h) => index.partners.get(h.partnerId)),
      );
    },
  },
  Partner: {
    label: labelOf,
    regions: async (p: Partner, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Region',
        (p.regionIds ?? []).map((id) => index.regions.get(id)),
      );
    },
    programs: async (p: Partner, _, ctx) =>
      tagAll(
        'Program',
        [...(await idx(ctx)).programs.values()].filter((x) => x.providerId === p.id),
      ),
    credentialsIssued: async (p: Partner, _, ctx) =>
      tagAll(
        'Credential',
        [...(await idx(ctx)).credentials.values()].filter((c) => c.issuerId === p.id),
      ),
  },
  Credential: {
    label: labelOf,
    issuer: async (c: Credential, _, ctx) =>
      tag('Partner', c.issuerId ? (await idx(ctx)).partners.get(c.issuerId) : undefined),
    stacksInto: async (c: Credential, _, ctx) => {
      const index = await idx(ctx);
      return (index.stacksFrom.get(c.id) ?? []).map((s) => ({
        credential: tag('Credential', index.credentials.get(s.to)),
        creditsApplied: s.creditsApplied,
      }));
    },
    qualifiesFor: async (c: Credential, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Occupation',
        (index.qualifiesFor.get(c.id) ?? []).map((id) => index.occupations.get(id)),
      );
    },
    awardedBy: async (c: Credential, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Program',
        (index.awardedBy.get(c.id) ?? []).map((id) => index.programs.get(id)),
      );
    },
    requiredBy: async (c: Credential, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Program',
        (index.requiredBy.get(c.id) ?? []).map((id) => index.programs.get(id)),
      );
    },
    articulatesTo: async (c: Credential, _, ctx) => {
      const index = await idx(ctx);
      return (index.articulatesFrom.get(c.id) ?? []).map((a) => articulation(index, a));
    },
  },
  Program: {
    label: labelOf,
    provider: async (p: Program, _, ctx) => tag('Partner', (await idx(ctx)).partners.get(p.providerId)),
    awards: async (p: Program, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Credential',
        p.awards.map((id) => index.credentials.get(id)),
      );
    },
    requires: async (p: Program, _, ctx) => {
      const index = await idx(ctx);
      return (p.requires ?? []).map((group) =>
        tagAll(
          'Credential',
          group.map((id) => index.credentials.get(id)),
        ),
      );
    },
    regions: async (p: Program, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Region',
        (p.regionIds ?? []).map((id) => index.regions.get(id)),
      );
    },
    schedules: (p: Program) => p.schedules ?? [],
    languages: (p: Program) => p.languages ?? [],
    features: (p: Program) => p.features ?? [],
    supports: async (p: Program, _, ctx) => tagAll('Support', (await idx(ctx)).supportsByProgram.get(p.id) ?? []),
    articulations: async (p: Program, _, ctx) => {
      const index = await idx(ctx);
      return (index.articulatesTo.get(p.id) ?? []).map((a) => articulation(index, a));
    },
    outcomes: async (p: Program, _, ctx) =>
      ((await idx(ctx)).bundle.outcomes ?? [])
        .filter((o) => o.programId === p.id)
        .sort((a, b) => a.cohortYear - b.cohortYear),
    pathways: async (p: Program, _, ctx) =>
      tagAll(
        'Pathway',
        [...(await idx(ctx)).pathways.values()].filter((w) => (w.programIds ?? []).includes(p.id)),
      ),
  },
  EntryPoint: {
    label: labelOf,
    populations: (e: EntryPoint) => e.populations ?? [],
    holds: async (e: EntryPoint, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Credential',
        (e.holds ?? []).map((id) => index.credentials.get(id)),
      );
    },
    enters: async (e: EntryPoint, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Program',
        (e.enters ?? []).map((id) => index.programs.get(id)),
      );
    },
    regions: async (e: EntryPoint, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Region',
        (e.regionIds ?? []).map((id) => index.regions.get(id)),
      );
    },
  },
  Support: {
    label: labelOf,
    provider: async (s: Support, _, ctx) =>
      tag('Partner', s.providerId ? (await idx(ctx)).partners.get(s.providerId) : undefined),
    programs: async (s: Support, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Program',
        (s.programIds ?? []).map((id) => index.programs.get(id)),
      );
    },
    regions: async (s: Support, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Region',
        (s.regionIds ?? []).map((id) => index.regions.get(id)),
      );
    },
  },
  Pathway: {
    label: labelOf,
    sector: async (w: Pathway, _, ctx) =>
      tag('Sector', w.sectorId ? (await idx(ctx)).sectors.get(w.sectorId) : undefined),
    programs: async (w: Pathway, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Program',
        (w.programIds ?? []).map((id) => index.programs.get(id)),
      );
    },
    destinations: async (w: Pathway, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Occupation',
        (w.destinationOccupationIds ?? []).map((id) => index.occupations.get(id)),
      );
    },
    partners: async (w: Pathway, _, ctx) => {
      const index = await idx(ctx);
      return (w.partnerRoles ?? []).map((r) => ({
        partner: tag('Partner', index.partners.get(r.partnerId)),
        role: r.role,
      }));
    },
    quality: async (w: Pathway, args: { regionId?: string | null }, ctx) => {
      const index = await idx(ctx);
      if (args.regionId && !index.regions.has(requireId(args.regionId, 'regionId'))) {
        throw new NotFoundError('regionId', `no region "${args.regionId}"`);
      }
      const q = pathwayQuality(index, w.id, args.regionId ?? undefined);
      if (!q) throw new NotFoundError('id', `no pathway "${w.id}"`);
      return {
        ...q,
        entryPoints: tagAll(
          'EntryPoint',
          q.entryPointIds.map((id) => index.entryPoints.get(id)),
        ),
        exits: q.exits.map((e) => ({
          credential: tag('Credential', index.credentials.get(e.credentialId)),
          occupation: tag('Occupation', index.occupations.get(e.occupationId)),
          medianAnnual: e.medianAnnual,
        })),
        transitions: q.transitions.map((t) => ({
          from: tag('Program', index.programs.get(t.fromProgramId)),
          to: tag('Program', index.programs.get(t.toProgramId)),
          via: tag('Credential', index.credentials.get(t.viaCredentialId)),
          credits: t.credits,
        })),
      };
    },
  },
  Route: {
    destination: async (r: { destinationId: string }, _, ctx) =>
      tag('Occupation', (await idx(ctx)).occupations.get(r.destinationId)),
    steps: (r: { steps: unknown[]; regionId: string }) =>
      (r.steps as Record<string, unknown>[]).map((s) => ({ ...s, regionId: r.regionId })),
  },
  RouteStep: {
    program: async (s: { programId: string }, _, ctx) => tag('Program', (await idx(ctx)).programs.get(s.programId)),
    provider: async (s: { providerId: string }, _, ctx) => tag('Partner', (await idx(ctx)).partners.get(s.providerId)),
    awards: async (s: { awards: string[] }, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Credential',
        s.awards.map((id) => index.credentials.get(id)),
      );
    },
    supports: async (s: { supportIds: string[] }, _, ctx) => {
      const index = await idx(ctx);
      return tagAll(
        'Support',
        s.supportIds.map((id) => index.supports.get(id)),
      );
    },
  },
  ExitPoint: {
    credential: async (e: { credentialId: string }, _, ctx) =>
      tag('Credential', (await idx(ctx)).credentials.get(e.credentialId)),
    occupation: async (e: { occupationId: string }, _, ctx) =>
      tag('Occupation', (await idx(ctx)).occupations.get(e.occupationId)),
  },
};

function articulation(index: GraphIndex, edge: ArticulationEdge) {
  return {
    credential: tag('Credential', index.credentials.get(edge.from)),
    program: tag('Program', index.programs.get(edge.programId)),
    credits: edge.credits,
    agreement: edge.agreement ?? null,
  };
}
