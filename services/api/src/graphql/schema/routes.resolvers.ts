/**
 * routes.graphql: the route engine's answer as it computed it (input, routes and threshold
 * from findRoutesWithContext), with each route and step carrying its region so the fields below
 * can resolve supports and wages there.
 */
import { findRoutesWithContext } from '@pathway/graph/routing/route-answer';
import { idx, tagIds, tagRef } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

export const routesResolvers = {
  Query: {
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
  },
  RouteStep: {
    program: async (s, _, ctx) => tagRef('Program', (await idx(ctx)).programs, s.programId),
    provider: async (s, _, ctx) => tagRef('Partner', (await idx(ctx)).partners, s.providerId),
    awards: async (s, _, ctx) => tagIds('Credential', (await idx(ctx)).credentials, s.awards),
    supports: async (s, _, ctx) => tagIds('Support', (await idx(ctx)).supports, s.supportIds),
  },
  ExitPoint: {
    credential: async (e, _, ctx) => tagRef('Credential', (await idx(ctx)).credentials, e.credentialId),
    occupation: async (e, _, ctx) => tagRef('Occupation', (await idx(ctx)).occupations, e.occupationId),
  },
} satisfies Resolvers;
