/** gaps.graphql: the gap engine over the request's snapshot, paged and counted (gap-pages.ts). */
import { findGaps, type Gap, gapRegionCount, gapRegionIds } from '@pathway/graph/gaps/gap-finder';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import { defineAnswerCache } from '@pathway/graph/snapshot/answer-cache';
import { idx } from '../resolver-helpers.ts';
import type { Resolvers } from '../resolver-types.generated.ts';
import { checkLimit, gapCursor, gapPage, gapPageRequest, gapSummary } from './gap-pages.ts';

type GapFilterInput = NonNullable<Parameters<typeof findGaps>[1]>;

/** Answers up to this many gaps are kept, many of them; a larger one is kept alone. */
const SMALL_ANSWER = 20_000;

/** The same filter on the same snapshot is the same answer: kept for repeated views (bounded). */
const gapAnswers = defineAnswerCache('gaps', { entries: 64, maxItems: SMALL_ANSWER });
/**
 * The last answer larger than that (an all-regions answer on a big graph), so that paging
 * through it, or counting it, evaluates it once. Its gaps are worded when read, so what it
 * holds is the merge's tables (bounded by the engine's budget) plus the pages read so far.
 * (`sizeOf` 1 for a large answer, 2 for a small one: only the large are kept here.)
 */
const largeGapAnswers = defineAnswerCache('gaps-large', {
  entries: 1,
  maxItems: 1,
  sizeOf: (answer) => ((answer as Gap[]).length > SMALL_ANSWER ? 1 : 2),
});

/** The (kept) answer of `filter` on `index`; exported for the tests. */
export function gapAnswerOf(index: GraphIndex, filter: GapFilterInput): Gap[] {
  return gapAnswers(index).get(filter, () => largeGapAnswers(index).get(filter, () => findGaps(index, filter)));
}

export const gapsResolvers = {
  Query: {
    // The SDL types household as a String; the engine validates it (and every other field)
    // and names a bad one (`filter.household`), so the filter is handed over as received.
    gaps: async (_, args, ctx) => {
      const page = gapPageRequest(args.first, args.after);
      const index = await idx(ctx);
      return gapPage(gapAnswerOf(index, (args.filter ?? {}) as GapFilterInput), page);
    },
    gapSummary: async (_, args, ctx) => {
      const index = await idx(ctx);
      return gapSummary(gapAnswerOf(index, (args.filter ?? {}) as GapFilterInput));
    },
  },
  Gap: {
    regionIds: (gap, args) => {
      const first = checkLimit(args.first, 'regionIds.first');
      return first === undefined ? gap.regionIds : gapRegionIds(gap, first);
    },
    regionCount: (gap) => gapRegionCount(gap),
    cursor: (gap) => gapCursor(gap),
  },
} satisfies Resolvers;
