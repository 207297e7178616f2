/**
 * routes.graphql: the route engine's answer as it computed it (input, routes and threshold
 * from findRoutesWithContext), with each route and step carrying its region so the fields below
 * can resolve supports and wages there. Work steps (CONTRACT.md section 5) have no program or
 * provider: those fields are null for them, and `edge` is null for a program.
 */
import { routePathwayDocument } from '@pathway/graph/ctdl/route-pathway';
import { completionLikelihood } from '@pathway/graph/measures/completion-likelihood';
import { findRoutesWithContext } from '@pathway/graph/routing/route-answer';
import { GraphQLError, type GraphQLScalarType } from 'graphql';
import { idx, tagIds, tagRef } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

const outputOnly = () => {
  throw new GraphQLError('CtdlDocument is an output type only');
};
/**
 * routePathway's answer: the document as the engine built it; never accepted as input.
 * Mercurius copies these functions onto the SDL's scalar (a whole GraphQLScalarType would also
 * copy its empty description over the SDL's).
 */
const CtdlDocument = {
  serialize: (value: unknown) => value,
  parseValue: outputOnly,
  parseLiteral: outputOnly,
} as unknown as GraphQLScalarType;

export const routesResolvers = {
  CtdlDocument,
  Query: {
    // The rank is checked (BAD_USER_INPUT naming `rank`) before any search runs.
    routePathway: async (_, args, ctx) => routePathwayDocument((await ctx.snapshot()).index, args.input, args.rank),
    routes: async (_, args, ctx) => {
      const snapshot = await ctx.snapshot();
      const { input, routes, threshold } = findRoutesWithContext(snapshot.index, args.input);
      return {
        routes: routes.map((route) => ({ ...route, regionId: input.regionId })),
        threshold,
        graphVersion: snapshot.version,
      };
    },
  },
  Route: {
    destination: async (r, _, ctx) => tagRef('Occupation', (await idx(ctx)).occupations, r.destinationId),
    steps: (r) => r.steps.map((s) => ({ ...s, regionId: r.regionId })),
    // Two small products over the route's programs; computed per field rather than for every route asked.
    completionLikelihood: async (r, _, ctx) => completionLikelihood(await idx(ctx), r.steps).completionLikelihood,
    unmeasuredFactors: async (r, _, ctx) => completionLikelihood(await idx(ctx), r.steps).unmeasuredFactors,
  },
  RouteStep: {
    program: async (s, _, ctx) =>
      s.kind === 'WORK' ? null : tagRef('Program', (await idx(ctx)).programs, s.programId),
    provider: async (s, _, ctx) =>
      s.kind === 'WORK' ? null : tagRef('Partner', (await idx(ctx)).partners, s.providerId),
    edge: async (s, _, ctx) => {
      if (!s.edge) return null;
      const { occupations } = await idx(ctx);
      return {
        from: tagRef('Occupation', occupations, s.edge.from),
        to: tagRef('Occupation', occupations, s.edge.to),
        years: s.edge.years,
      };
    },
    workingAs: async (s, _, ctx) =>
      s.workingAsId === null ? null : tagRef('Occupation', (await idx(ctx)).occupations, s.workingAsId),
    awards: async (s, _, ctx) => tagIds('Credential', (await idx(ctx)).credentials, s.awards),
    supports: async (s, _, ctx) => tagIds('Support', (await idx(ctx)).supports, s.supportIds),
  },
  ExitPoint: {
    credential: async (e, _, ctx) => tagRef('Credential', (await idx(ctx)).credentials, e.credentialId),
    occupation: async (e, _, ctx) => tagRef('Occupation', (await idx(ctx)).occupations, e.occupationId),
  },
  // The ladder the work steps climb, beside Occupation.advancesTo (entities) with each move's years.
  Occupation: {
    advancements: async (o, _, ctx) => {
      const { advancesTo, occupations } = await idx(ctx);
      return (advancesTo.get(o.id) ?? []).map((a) => ({
        to: tagRef('Occupation', occupations, a.to),
        years: a.years ?? null,
      }));
    },
  },
} satisfies Resolvers;
