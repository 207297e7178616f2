/**
 * routes.graphql: the route engine's answer as it computed it (input, routes and threshold
 * from findRoutesWithContext), with each route and step carrying its region so the fields below
 * can resolve supports and wages there. Work steps (CONTRACT.md section 5) have no program or
 * provider: those fields are null for them, and `edge` is null for a program.
 */
import { completionLikelihood } from '@pathway/graph/measures/completion-likelihood';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import { findRoutesWithContext } from '@pathway/graph/routing/route-answer';
import type { MercuriusContext } from 'mercurius';
import { idx, tagIds, tagRef } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

/** The graph a route's ids resolve in: its own (a what-if's graph after the change), else the request's snapshot. */
const on = async (parent: { index?: GraphIndex }, ctx: MercuriusContext): Promise<GraphIndex> =>
  parent.index ?? idx(ctx);

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
    destination: async (r, _, ctx) => tagRef('Occupation', (await on(r, ctx)).occupations, r.destinationId),
    steps: (r) => r.steps.map((s) => ({ ...s, regionId: r.regionId, index: r.index })),
    exitPoints: (r) => (r.index ? r.exitPoints.map((e) => ({ ...e, index: r.index })) : r.exitPoints),
    // Two small products over the route's programs; computed per field rather than for every route asked.
    completionLikelihood: async (r, _, ctx) => completionLikelihood(await on(r, ctx), r.steps).completionLikelihood,
    unmeasuredFactors: async (r, _, ctx) => completionLikelihood(await on(r, ctx), r.steps).unmeasuredFactors,
  },
  RouteStep: {
    program: async (s, _, ctx) =>
      s.kind === 'WORK' ? null : tagRef('Program', (await on(s, ctx)).programs, s.programId),
    provider: async (s, _, ctx) =>
      s.kind === 'WORK' ? null : tagRef('Partner', (await on(s, ctx)).partners, s.providerId),
    edge: async (s, _, ctx) => {
      if (!s.edge) return null;
      const { occupations } = await on(s, ctx);
      return {
        from: tagRef('Occupation', occupations, s.edge.from),
        to: tagRef('Occupation', occupations, s.edge.to),
        years: s.edge.years,
      };
    },
    workingAs: async (s, _, ctx) =>
      s.workingAsId === null ? null : tagRef('Occupation', (await on(s, ctx)).occupations, s.workingAsId),
    awards: async (s, _, ctx) => tagIds('Credential', (await on(s, ctx)).credentials, s.awards),
    supports: async (s, _, ctx) => tagIds('Support', (await on(s, ctx)).supports, s.supportIds),
  },
  ExitPoint: {
    credential: async (e, _, ctx) => tagRef('Credential', (await on(e, ctx)).credentials, e.credentialId),
    occupation: async (e, _, ctx) => tagRef('Occupation', (await on(e, ctx)).occupations, e.occupationId),
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
