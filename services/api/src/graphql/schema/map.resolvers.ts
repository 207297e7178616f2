/** map.graphql: Cytoscape-ready views of the request's snapshot (buildMap validates the filter). */
import { defineAnswerCache } from '@pathway/graph/snapshot/answer-cache';
import { buildMap } from '@pathway/graph/views/map';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

/** The same view of the same snapshot is the same map: kept for repeated views (bounded). */
const mapAnswers = defineAnswerCache('map', {
  entries: 64,
  maxItems: 20_000,
  sizeOf: (answer) => {
    const map = answer as { nodes: unknown[]; edges: unknown[] };
    return map.nodes.length + map.edges.length;
  },
});

export const mapResolvers = {
  Query: {
    map: async (_, args, ctx) => {
      const index = await idx(ctx);
      const filter = args.filter ?? {};
      return mapAnswers(index).get(filter, () => buildMap(index, filter));
    },
  },
} satisfies Resolvers;
