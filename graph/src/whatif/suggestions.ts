/**
 * Suggested articulation agreements (CONTRACT.md section 7): one candidate ARTICULATES_TO edge
 * C → P per (C, P) of the CREDIT_LOSS gaps of R — program P requires credential C that a
 * credit-bearing program of another provider awards, and holding C grants no credit toward P —
 * with `credits` = min(Q.credits, P.credits), Q the credit-bearing program of another provider
 * awarding C with the most credits (ties: the smallest id); a P without `credits` gives none.
 * Each candidate is scored by a what-if adding it alone (objective TIME): entry points GAINED,
 * then the sum of monthsSaved (null counts 0), then the smaller (C, P) ids.
 */

import { NotFoundError } from '../errors.ts';
import { findGaps } from '../gaps/gap-finder.ts';
import { gapGraphOf } from '../gaps/gap-graph.ts';
import { creditLosses } from '../gaps/graph-wide-gaps.ts';
import type { Bundle, Household } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { compareIds, type EntryPointChange, type WhatIfAnswer } from './whatif-compare.ts';
import { type ParsedSuggestionsInput, parseSuggestionsInput } from './whatif-input.ts';
import type { WhatIfEngine } from './whatif-reference.ts';

export interface CandidateEdge {
  /** the credential */
  from: string;
  /** the program */
  to: string;
  credits: number;
}

export interface Suggestion {
  edge: CandidateEdge;
  gained: number;
  monthsSaved: number;
  entryPoints: EntryPointChange[];
  answer: WhatIfAnswer;
}

/** The candidate edges of R's CREDIT_LOSS gaps, in (C, P) id order, each pair once. */
export function suggestionCandidates(index: GraphIndex, regionId: string, household: Household): CandidateEdge[] {
  const gaps = findGaps(index, { regionId, household, kinds: ['CREDIT_LOSS'] });
  if (gaps.length === 0) return [];
  const graph = gapGraphOf(index);
  const losses = creditLosses(graph);
  const out = new Map<string, CandidateEdge>();
  for (const gap of gaps) {
    const program = index.programs.get(gap.subjectId);
    if (!program || program.credits === undefined) continue;
    const loss = losses.get(graph.programs.of(program.id));
    for (const { credential, awardedBy } of loss?.lost ?? []) {
      let best: { id: string; credits: number } | undefined;
      for (const id of awardedBy) {
        const credits = index.programs.get(id)?.credits ?? 0;
        if (!best || credits > best.credits || (credits === best.credits && id < best.id)) best = { id, credits };
      }
      if (!best) continue;
      out.set(`${credential}\u0000${program.id}`, {
        from: credential,
        to: program.id,
        credits: Math.min(best.credits, program.credits),
      });
    }
  }
  return [...out.values()].sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to));
}

export function candidateFragment(edge: CandidateEdge): Bundle {
  return {
    format: 'pathway-bundle',
    version: 1.1,
    edges: [{ kind: 'ARTICULATES_TO', from: edge.from, to: edge.to, credits: edge.credits }],
  };
}

/** The ranked suggestions, at most `limit`, each scored by `engine` (the fast one, or its twin). */
export function suggest(index: GraphIndex, raw: unknown, engine: WhatIfEngine): Suggestion[] {
  const input: ParsedSuggestionsInput = parseSuggestionsInput(raw);
  if (!index.regions.has(input.regionId)) throw new NotFoundError('regionId', `no region "${input.regionId}"`);
  const question = { regionId: input.regionId, household: input.household, objective: 'TIME' as const };
  const scored = suggestionCandidates(index, input.regionId, input.household).map((edge): Suggestion => {
    const answer = engine(index, { question, fragment: candidateFragment(edge), removeIds: [] });
    let gained = 0;
    let monthsSaved = 0;
    for (const ep of answer.entryPoints) {
      if (ep.change === 'GAINED') gained += 1;
      monthsSaved += ep.monthsSaved ?? 0;
    }
    return { edge, gained, monthsSaved, entryPoints: answer.entryPoints, answer };
  });
  // Sums of decimals that are equal on paper may differ in the last bits: those tie, and the ids decide.
  const saved = (a: Suggestion, b: Suggestion) =>
    Math.abs(b.monthsSaved - a.monthsSaved) <= 1e-9 * Math.max(1, Math.abs(a.monthsSaved))
      ? 0
      : b.monthsSaved - a.monthsSaved;
  scored.sort(
    (a, b) =>
      b.gained - a.gained || saved(a, b) || compareIds(a.edge.from, b.edge.from) || compareIds(a.edge.to, b.edge.to),
  );
  return scored.slice(0, input.limit);
}
