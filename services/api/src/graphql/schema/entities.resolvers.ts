/**
 * entities.graphql: the entity types, their relationship fields and the entity queries (node,
 * search, familyWage, pathway, the paged lists). Every relationship field is a lookup in the
 * request's snapshot index (its forward lists, or its reverse indexes for children), so a field
 * costs O(its answer), never a scan per parent.
 */

import { BadInputError, NotFoundError } from '@pathway/graph/errors';
import {
  pathwayIndicators,
  programIndicators,
  providerIndicators,
  regionIndicators,
  regionProgramIds,
  type TransitionRate,
  transitionsOut,
} from '@pathway/graph/measures/indicators';
import { HOUSEHOLDS } from '@pathway/graph/model/bundle';
import type { ArticulationEdge, GraphIndex } from '@pathway/graph/model/graph-index';
import { ENTITY_LABELS, type EntityLabel } from '@pathway/graph/model/vocabulary';
import { pathwayQuality } from '@pathway/graph/views/quality';
import { searchIndexed } from '@pathway/graph/views/search-index';
import type { MercuriusContext } from 'mercurius';
import { idx, labelOf, page, requireId, tag, tagAll, tagEntity, tagIds, tagRef } from '../resolver-helpers.ts';
import type { EntityParent } from '../resolver-parents.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

const connection =
  (kind: EntityLabel) =>
  async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: MercuriusContext) =>
    page(await idx(ctx), kind, args.first, args.after);

function articulation(index: GraphIndex, edge: ArticulationEdge) {
  return {
    credential: tagRef('Credential', index.credentials, edge.from),
    program: tagRef('Program', index.programs, edge.programId),
    credits: edge.credits,
    agreement: edge.agreement ?? null,
  };
}

/** Cohort years an outcome file can hold; anything else is a typo, not a year without rows. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

function cohortYearArg(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < FIRST_YEAR || value > LAST_YEAR) {
    throw new BadInputError('cohortYear', `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
  }
  return value;
}

function programTransition(index: GraphIndex, t: TransitionRate) {
  return {
    from: tagRef('Program', index.programs, t.fromProgramId),
    to: tagRef('Program', index.programs, t.toProgramId),
    cohortYear: t.cohortYear,
    completers: t.completers,
    continued: t.continued,
    rate: t.rate,
    source: t.source,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const entitiesResolvers = {
  Query: {
    node: async (_, args, ctx) => {
      const index = await idx(ctx);
      requireId(args.id, 'id');
      for (const kind of args.kind ? [args.kind] : ENTITY_LABELS) {
        const found = tagEntity(index, kind, args.id);
        if (found) return found;
      }
      return null;
    },
    search: async (_, args, ctx) => {
      const index = await idx(ctx);
      const hits = searchIndexed(index, args.text, {
        first: args.first ?? 20,
        kinds: args.kinds ?? undefined,
        regionId: args.regionId ?? undefined,
      });
      const out: { kind: EntityLabel; score: number; node: EntityParent }[] = [];
      for (const hit of hits) {
        const node = tagEntity(index, hit.kind, hit.id);
        if (node) out.push({ ...hit, node });
      }
      return out;
    },
    familyWage: async (_, args, ctx) => {
      const index = await idx(ctx);
      requireId(args.regionId, 'regionId');
      const household = args.household ?? '1A1C';
      if (!(HOUSEHOLDS as readonly string[]).includes(household)) {
        throw new BadInputError('household', `must be one of ${HOUSEHOLDS.join(', ')}`);
      }
      index.requireRegion(args.regionId, 'regionId');
      const row = index.thresholdIn(args.regionId, household);
      if (!row) {
        throw new NotFoundError(
          'regionId',
          `no ${household} wage threshold for "${args.regionId}" or any region above it`,
        );
      }
      return { ...row, foundIn: tagRef('Region', index.regions, row.regionId) };
    },
    pathway: async (_, args, ctx) => tag('Pathway', (await idx(ctx)).pathways.get(requireId(args.id, 'id'))),
    regions: connection('Region'),
    sectors: connection('Sector'),
    occupations: connection('Occupation'),
    partners: connection('Partner'),
    credentials: connection('Credential'),
    programs: connection('Program'),
    entryPoints: connection('EntryPoint'),
    supports: connection('Support'),
    pathways: connection('Pathway'),
    transitions: async (_, args, ctx) => {
      const index = await idx(ctx);
      index.requireRegion(requireId(args.regionId, 'regionId'), 'regionId');
      const programId = args.programId ?? undefined;
      if (programId !== undefined && !index.programs.has(requireId(programId, 'programId'))) {
        throw new NotFoundError('programId', `there is no program "${programId}"`);
      }
      const cohortYear = cohortYearArg(args.cohortYear);
      const available = new Set(regionProgramIds(index, args.regionId));
      const out: TransitionRate[] = [];
      // From the region's programs (an index lookup), not from every program with transitions.
      for (const fromId of [...available].filter((id) => index.transitionsFrom.has(id)).sort(byText)) {
        for (const t of transitionsOut(index, fromId, cohortYear)) {
          if (!available.has(t.toProgramId)) continue;
          if (programId !== undefined && t.fromProgramId !== programId && t.toProgramId !== programId) continue;
          out.push(t);
        }
      }
      return out.map((t) => programTransition(index, t));
    },
  },
  Region: {
    label: labelOf,
    fips: (r) => r.fips ?? [],
    parent: async (r, _, ctx) => tag('Region', r.parentId ? (await idx(ctx)).regions.get(r.parentId) : undefined),
    children: async (r, _, ctx) => {
      const index = await idx(ctx);
      return tagIds('Region', index.regions, index.children.get(r.id));
    },
    thresholds: async (r, _, ctx) => {
      const index = await idx(ctx);
      return [...(index.thresholds.get(r.id)?.values() ?? [])].map((t) => ({ ...t, region: r }));
    },
    indicators: async (r, args, ctx) => regionIndicators(await idx(ctx), r.id, cohortYearArg(args.cohortYear)),
  },
  Sector: {
    label: labelOf,
    naics: (s) => s.naics ?? [],
    inDemand: (s) => s.inDemand ?? false,
    occupations: async (s, _, ctx) => tagAll('Occupation', (await idx(ctx)).occupationsBySector.get(s.id) ?? []),
    pathways: async (s, _, ctx) => tagAll('Pathway', (await idx(ctx)).pathwaysBySector.get(s.id) ?? []),
  },
  Occupation: {
    label: labelOf,
    sectors: async (o, _, ctx) => tagIds('Sector', (await idx(ctx)).sectors, o.sectorIds),
    wages: async (o, _, ctx) => {
      const index = await idx(ctx);
      return [...(index.wages.get(o.id)?.values() ?? [])].map((w) => ({
        ...w,
        region: tagRef('Region', index.regions, w.regionId),
      }));
    },
    wage: async (o, args, ctx) => {
      const index = await idx(ctx);
      index.requireRegion(requireId(args.regionId, 'regionId'), 'regionId');
      const w = index.wageIn(o.id, args.regionId);
      return w ? { ...w, region: tagRef('Region', index.regions, w.regionId) } : null;
    },
    qualifyingCredentials: async (o, _, ctx) => {
      const index = await idx(ctx);
      return tagIds('Credential', index.credentials, index.qualifiedBy.get(o.id));
    },
    advancesTo: async (o, _, ctx) => {
      const index = await idx(ctx);
      return tagIds(
        'Occupation',
        index.occupations,
        (index.advancesTo.get(o.id) ?? []).map((a) => a.to),
      );
    },
    employers: async (o, _, ctx) => {
      const index = await idx(ctx);
      return tagIds(
        'Partner',
        index.partners,
        (index.hiredBy.get(o.id) ?? []).map((h) => h.partnerId),
      );
    },
  },
  Partner: {
    label: labelOf,
    regions: async (p, _, ctx) => tagIds('Region', (await idx(ctx)).regions, p.regionIds),
    programs: async (p, _, ctx) => tagAll('Program', (await idx(ctx)).programsByProvider.get(p.id) ?? []),
    credentialsIssued: async (p, _, ctx) => tagAll('Credential', (await idx(ctx)).credentialsByIssuer.get(p.id) ?? []),
    roles: async (p, _, ctx) => {
      const index = await idx(ctx);
      return (index.rolesByPartner.get(p.id) ?? []).map((r) => ({
        pathway: tagRef('Pathway', index.pathways, r.pathway.id),
        role: r.role,
      }));
    },
    indicators: async (p, args, ctx) => providerIndicators(await idx(ctx), p.id, cohortYearArg(args.cohortYear)),
  },
  Credential: {
    label: labelOf,
    issuer: async (c, _, ctx) => tag('Partner', c.issuerId ? (await idx(ctx)).partners.get(c.issuerId) : undefined),
    stacksInto: async (c, _, ctx) => {
      const index = await idx(ctx);
      return (index.stacksFrom.get(c.id) ?? []).map((s) => ({
        credential: tagRef('Credential', index.credentials, s.to),
        creditsApplied: s.creditsApplied,
      }));
    },
    qualifiesFor: async (c, _, ctx) => {
      const index = await idx(ctx);
      return tagIds('Occupation', index.occupations, index.qualifiesFor.get(c.id));
    },
    awardedBy: async (c, _, ctx) => {
      const index = await idx(ctx);
      return tagIds('Program', index.programs, index.awardedBy.get(c.id));
    },
    requiredBy: async (c, _, ctx) => {
      const index = await idx(ctx);
      return tagIds('Program', index.programs, index.requiredBy.get(c.id));
    },
    articulatesTo: async (c, _, ctx) => {
      const index = await idx(ctx);
      return (index.articulatesFrom.get(c.id) ?? []).map((a) => articulation(index, a));
    },
  },
  Program: {
    label: labelOf,
    provider: async (p, _, ctx) => tagRef('Partner', (await idx(ctx)).partners, p.providerId),
    awards: async (p, _, ctx) => tagIds('Credential', (await idx(ctx)).credentials, p.awards),
    requires: async (p, _, ctx) => {
      const index = await idx(ctx);
      return (p.requires ?? []).map((group) => tagIds('Credential', index.credentials, group));
    },
    regions: async (p, _, ctx) => tagIds('Region', (await idx(ctx)).regions, p.regionIds),
    schedules: (p) => p.schedules ?? [],
    languages: (p) => p.languages ?? [],
    features: (p) => p.features ?? [],
    supports: async (p, _, ctx) => tagAll('Support', (await idx(ctx)).supportsByProgram.get(p.id) ?? []),
    articulations: async (p, _, ctx) => {
      const index = await idx(ctx);
      return (index.articulatesTo.get(p.id) ?? []).map((a) => articulation(index, a));
    },
    outcomes: async (p, _, ctx) => (await idx(ctx)).outcomesByProgram.get(p.id) ?? [],
    pathways: async (p, _, ctx) => tagAll('Pathway', (await idx(ctx)).pathwaysByProgram.get(p.id) ?? []),
    indicators: async (p, args, ctx) => programIndicators(await idx(ctx), p.id, cohortYearArg(args.cohortYear)),
    transitionsOut: async (p, args, ctx) => {
      const index = await idx(ctx);
      return transitionsOut(index, p.id, cohortYearArg(args.cohortYear)).map((t) => programTransition(index, t));
    },
  },
  EntryPoint: {
    label: labelOf,
    populations: (e) => e.populations ?? [],
    holds: async (e, _, ctx) => tagIds('Credential', (await idx(ctx)).credentials, e.holds),
    enters: async (e, _, ctx) => tagIds('Program', (await idx(ctx)).programs, e.enters),
    regions: async (e, _, ctx) => tagIds('Region', (await idx(ctx)).regions, e.regionIds),
  },
  Support: {
    label: labelOf,
    provider: async (s, _, ctx) =>
      tag('Partner', s.providerId ? (await idx(ctx)).partners.get(s.providerId) : undefined),
    programs: async (s, _, ctx) => tagIds('Program', (await idx(ctx)).programs, s.programIds),
    regions: async (s, _, ctx) => tagIds('Region', (await idx(ctx)).regions, s.regionIds),
  },
  Pathway: {
    label: labelOf,
    sector: async (w, _, ctx) => tag('Sector', w.sectorId ? (await idx(ctx)).sectors.get(w.sectorId) : undefined),
    programs: async (w, _, ctx) => tagIds('Program', (await idx(ctx)).programs, w.programIds),
    destinations: async (w, _, ctx) => tagIds('Occupation', (await idx(ctx)).occupations, w.destinationOccupationIds),
    partners: async (w, _, ctx) => {
      const index = await idx(ctx);
      return (w.partnerRoles ?? []).map((r) => ({
        partner: tagRef('Partner', index.partners, r.partnerId),
        role: r.role,
      }));
    },
    indicators: async (w, args, ctx) => pathwayIndicators(await idx(ctx), w.id, cohortYearArg(args.cohortYear)),
    quality: async (w, args, ctx) => {
      const index = await idx(ctx);
      if (args.regionId) index.requireRegion(requireId(args.regionId, 'regionId'), 'regionId');
      const q = pathwayQuality(index, w.id, args.regionId ?? undefined);
      if (!q) throw new NotFoundError('id', `no pathway "${w.id}"`);
      return {
        ...q,
        entryPoints: tagIds('EntryPoint', index.entryPoints, q.entryPointIds),
        exits: q.exits.map((e) => ({
          credential: tagRef('Credential', index.credentials, e.credentialId),
          occupation: tagRef('Occupation', index.occupations, e.occupationId),
          medianAnnual: e.medianAnnual,
        })),
        transitions: q.transitions.map((t) => ({
          from: tagRef('Program', index.programs, t.fromProgramId),
          to: tagRef('Program', index.programs, t.toProgramId),
          via: tagRef('Credential', index.credentials, t.viaCredentialId),
          credits: t.credits,
        })),
      };
    },
  },
} satisfies Resolvers;
