/** gaps.graphql: the gap engine over the request's snapshot, paged and counted (gap-pages.ts). */
import { WorkLimitError } from '@pathway/graph/errors';
import { findGaps, type Gap, type GapBudget, gapRegionCount, gapRegionIds } from '@pathway/graph/gaps/gap-finder';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import { argumentKey, defineAnswerCache } from '@pathway/graph/snapshot/answer-cache';
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

/**
 * A filter the budget refused on a snapshot is refused again on it, as surely as an answer is
 * the same answer: the refusal is kept (a few per snapshot), so a client's retry, or the GraphQL
 * fast path handing the failed request to Mercurius (graphql-fast-path.ts), is refused at once
 * instead of doing the work up to the limit again.
 */
const REFUSALS_KEPT = 16;
const refusals = new WeakMap<GraphIndex, Map<string, WorkLimitError>>();

/**
 * The (kept) answer of `filter` on `index`; exported for the tests, which may also set a
 * `budget` (the service always runs the engine's own; answers are kept by filter alone).
 */
export function gapAnswerOf(index: GraphIndex, filter: GapFilterInput, budget?: Partial<GapBudget>): Gap[] {
  const key = budget ? argumentKey({ filter, budget }) : argumentKey(filter);
  const refused = refusals.get(index)?.get(key);
  if (refused) throw refused;
  try {
    return gapAnswers(index).get(filter, () =>
      largeGapAnswers(index).get(filter, () => findGaps(index, filter, budget ? { budget } : {})),
    );
  } catch (error) {
    if (error instanceof WorkLimitError) {
      const kept = refusals.get(index) ?? new Map<string, WorkLimitError>();
      refusals.set(index, kept);
      if (kept.size >= REFUSALS_KEPT) kept.delete(kept.keys().next().value as string);
      kept.set(key, error);
    }
    throw error;
  }
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
