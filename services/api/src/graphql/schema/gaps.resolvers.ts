/** gaps.graphql: the gap engine over the request's snapshot. */
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import { defineAnswerCache } from '@pathway/graph/snapshot/answer-cache';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

type GapFilterInput = NonNullable<Parameters<typeof findGaps>[1]>;

/** The same filter on the same snapshot is the same answer: kept for repeated views (bounded). */
const gapAnswers = defineAnswerCache('gaps', { entries: 64, maxItems: 20_000 });

export const gapsResolvers = {
  Query: {
    // The SDL types household as a String; the engine validates it (and every other field)
    // and names a bad one (`filter.household`), so the filter is handed over as received.
    gaps: async (_, args, ctx) => {
      const index = await idx(ctx);
      const filter = (args.filter ?? {}) as GapFilterInput;
      return gapAnswers(index).get(filter, () => findGaps(index, filter));
    },
  },
} satisfies Resolvers;
