/** map.graphql: Cytoscape-ready views of the request's snapshot (buildMap validates the filter). */
import { buildMap } from '@pathway/graph/views/map';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

export const mapResolvers = {
  Query: {
    map: async (_, args, ctx) => buildMap(await idx(ctx), args.filter ?? {}),
  },
} satisfies Resolvers;
