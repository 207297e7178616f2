/** gaps.graphql: the gap engine over the request's snapshot. */
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

type GapFilterInput = NonNullable<Parameters<typeof findGaps>[1]>;

export const gapsResolvers = {
  Query: {
    // The SDL types household as a String; the engine validates it (and every other field)
    // and names a bad one (`filter.household`), so the filter is handed over as received.
    gaps: async (_, args, ctx) => findGaps(await idx(ctx), (args.filter ?? {}) as GapFilterInput),
  },
} satisfies Resolvers;
