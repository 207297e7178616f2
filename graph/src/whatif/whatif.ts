/**
 * The what-if entry points the API calls (CONTRACT.md section 7): validate, then answer with the
 * engine. Callers import this file (and the answer types of whatif-compare.ts) only.
 */
import type { GraphIndex } from '../model/graph-index.ts';
import { type Suggestion, suggest } from './suggestions.ts';
import type { WhatIfAnswer } from './whatif-compare.ts';
import { whatIfFast } from './whatif-engine.ts';
import { prepareWhatIf, type WhatIfEngine } from './whatif-reference.ts';

export { FragmentValidationError } from './fragment.ts';
export type { CandidateEdge, Suggestion } from './suggestions.ts';
export type { EntryPointChange, GapKey, RouteChange, WhatIfAnswer } from './whatif-compare.ts';

/** The engine the API answers with. */
const engine: WhatIfEngine = whatIfFast;

/** `whatIf(input)`: bad input names its field; the fragment is refused with every problem; nothing is written. */
export async function whatIf(index: GraphIndex, raw: unknown): Promise<WhatIfAnswer> {
  return engine(index, await prepareWhatIf(index, raw));
}

/** `suggestions(regionId, household, limit)`. */
export function suggestions(index: GraphIndex, raw: unknown): Suggestion[] {
  return suggest(index, raw, engine);
}
