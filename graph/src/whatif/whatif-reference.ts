/**
 * The slow, obviously-right what-if (the fast engine's twin): the graph's bundle with the change
 * applied (fragment.ts), a fresh GraphIndex built from it, and every question asked again on
 * both graphs from scratch.
 */
import { BadInputError, NotFoundError } from '../errors.ts';
import type { Bundle } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { changedBundle, validateFragment } from './fragment.ts';
import { compareSides, gapKeys, routesSide, type SideQuestion, type WhatIfAnswer } from './whatif-compare.ts';
import { type ParsedWhatIfInput, parseWhatIfInput } from './whatif-input.ts';

/** A what-if after validation: the question, the fragment as a bundle, the ids to remove. */
export interface WhatIfChange {
  question: SideQuestion;
  fragment: Bundle | undefined;
  removeIds: readonly string[];
}

/** An engine answers a validated change on a graph. */
export type WhatIfEngine = (index: GraphIndex, change: WhatIfChange) => WhatIfAnswer;

/**
 * Validates a what-if input against the graph: its fields (BadInputError naming them), its region
 * (NotFoundError), its fragment as an import (FragmentValidationError with every problem).
 */
export async function prepareWhatIf(index: GraphIndex, raw: unknown): Promise<WhatIfChange> {
  const input: ParsedWhatIfInput = parseWhatIfInput(raw);
  if (!index.regions.has(input.regionId)) throw new NotFoundError('input.regionId', `no region "${input.regionId}"`);
  const fragment = input.add === undefined ? undefined : await validateFragment(index, input.add);
  return {
    question: { regionId: input.regionId, household: input.household, objective: input.objective },
    fragment,
    removeIds: input.removeIds,
  };
}

/** The graph after the change as a fresh index (removeIds naming nothing: NotFoundError). */
export function changedIndex(index: GraphIndex, change: WhatIfChange): GraphIndex {
  const after = new GraphIndex(changedBundle(index.bundle, change.fragment, change.removeIds));
  checkRegionKept(after, change);
  return after;
}

/** The region asked about must survive the change: its routes and gaps are the answer. */
export function checkRegionKept(after: { regions: ReadonlyMap<string, unknown> }, change: WhatIfChange): void {
  const { regionId } = change.question;
  if (after.regions.has(regionId)) return;
  const i = change.removeIds.indexOf(regionId);
  throw new BadInputError(
    i >= 0 ? `input.removeIds[${i}]` : 'input.regionId',
    `removes region "${regionId}", the region this what-if asks about`,
  );
}

export const whatIfReference: WhatIfEngine = (index, change) => {
  const q = change.question;
  const after = changedIndex(index, change);
  return compareSides(
    q,
    { index, side: { routes: routesSide(index, q), gaps: gapKeys(index, q) } },
    { index: after, side: { routes: routesSide(after, q), gaps: gapKeys(after, q) } },
  );
};
