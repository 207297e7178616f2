/** map.graphql: Cytoscape-ready views of the request's snapshot (the views validate their arguments). */
import { defineAnswerCache } from '@pathway/graph/snapshot/answer-cache';
import { buildMap } from '@pathway/graph/views/map';
import { mapGroup, mapOverview } from '@pathway/graph/views/map-overview';
import { pagedMap } from '@pathway/graph/views/map-pages';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

const sizeOf = (answer: unknown) => {
  const map = answer as { nodes: unknown[]; edges: unknown[] };
  return map.nodes.length + map.edges.length;
};
/** The same view of the same snapshot is the same map: kept for repeated views (bounded). */
const mapAnswers = defineAnswerCache('map', { entries: 64, maxItems: 20_000, sizeOf });

/** An overview is at most 5,000 elements: one per region and grouping is cheap to keep. */
const overviewAnswers = defineAnswerCache('map-overview', { entries: 256, maxItems: 10_000, sizeOf: () => 1 });

export const mapResolvers = {
  Query: {
    map: async (_, args, ctx) => {
      const index = await idx(ctx);
      const filter = args.filter ?? {};
      // Pages come from the positions table (the cost of the page); a small view whole from the cache.
      return pagedMap(index, filter, args.first, args.after, () =>
        mapAnswers(index).get(filter, () => buildMap(index, filter)),
      );
    },
    mapOverview: async (_, args, ctx) => {
      const index = await idx(ctx);
      return overviewAnswers(index).get(args, () => mapOverview(index, args));
    },
    mapGroup: async (_, args, ctx) => mapGroup(await idx(ctx), args),
  },
} satisfies Resolvers;
