/**
 * routes.graphql: the route engine's answer as it computed it (input, routes and threshold
 * from findRoutesWithContext). Each route is shaped once (`routeParent`) in the graph it was
 * found in, so the fields below it are plain properties: graphql-jit reads them inline, with no
 * resolver call, promise or entity copy per field (at 100k nodes a k=5 answer has a few hundred
 * fields; resolving each through an async resolver and a tagged copy cost more than the search).
 * Work steps (CONTRACT.md section 5) have no program or provider: those fields are null for them,
 * and `edge` is null for a program.
 */
import { routePathwayDocument } from '@pathway/graph/ctdl/route-pathway';
import { completionLikelihood } from '@pathway/graph/measures/completion-likelihood';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import { findRoutesWithContext } from '@pathway/graph/routing/route-answer';
import type { Route } from '@pathway/graph/routing/route-input';
import { GraphQLError, type GraphQLScalarType } from 'graphql';
import { idx, ref, refs, tagRef } from '../resolver-helpers.ts';
import type { RouteParent, RouteStepParent } from '../resolver-parents.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

/**
 * A route with every entity its fields name looked up in `index` (O(the route)): the parent of
 * the Route type, here and in whatIf's answers (the graph after the change).
 */
export function routeParent(route: Route, index: GraphIndex): RouteParent {
  const { occupations, programs, partners, credentials, supports } = index;
  // Literals that name every field (not spreads): one object shape each, and the type checker
  // asks for a field the engine adds.
  const steps = route.steps.map((s): RouteStepParent => {
    const work = s.kind === 'WORK';
    const edge = s.edge;
    return {
      kind: s.kind,
      programId: s.programId,
      providerId: s.providerId,
      program: work ? null : ref('Program', programs, s.programId),
      provider: work ? null : ref('Partner', partners, s.providerId),
      edge: edge
        ? {
            from: ref('Occupation', occupations, edge.from),
            to: ref('Occupation', occupations, edge.to),
            years: edge.years,
          }
        : null,
      startMonth: s.startMonth,
      months: s.months,
      cost: s.cost,
      creditsGranted: s.creditsGranted,
      awards: refs(credentials, s.awards),
      supportIds: s.supportIds,
      supports: refs(supports, s.supportIds),
      missingSupports: s.missingSupports,
      workingAsId: s.workingAsId,
      workingAs: s.workingAsId === null ? null : ref('Occupation', occupations, s.workingAsId),
      earnings: s.earnings,
    };
  });
  return {
    index,
    rank: route.rank,
    programIds: route.programIds,
    steps,
    totalMonths: route.totalMonths,
    totalCost: route.totalCost,
    creditsGranted: route.creditsGranted,
    destinationId: route.destinationId,
    destination: ref('Occupation', occupations, route.destinationId),
    destinationWage: route.destinationWage,
    familySupporting: route.familySupporting,
    exitPoints: route.exitPoints.map((e) => ({
      credentialId: e.credentialId,
      credential: ref('Credential', credentials, e.credentialId),
      occupationId: e.occupationId,
      occupation: ref('Occupation', occupations, e.occupationId),
      medianAnnual: e.medianAnnual,
      familySupporting: e.familySupporting,
      month: e.month,
    })),
    earningsDuringRoute: route.earningsDuringRoute,
    monthsWithoutPay: route.monthsWithoutPay,
    firstPaycheckMonth: route.firstPaycheckMonth,
    netIncome: route.netIncome,
    threshold: route.threshold,
  };
}

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
      const { routes, threshold } = findRoutesWithContext(snapshot.index, args.input);
      return {
        routes: routes.map((route) => routeParent(route, snapshot.index)),
        threshold,
        graphVersion: snapshot.version,
      };
    },
  },
  Route: {
    // Two small products over the route's programs; computed per field rather than for every route asked.
    completionLikelihood: (r) => completionLikelihood(r.index, r.steps).completionLikelihood,
    unmeasuredFactors: (r) => completionLikelihood(r.index, r.steps).unmeasuredFactors,
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
