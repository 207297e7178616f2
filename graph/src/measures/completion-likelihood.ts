/**
 * How likely a participant is to finish a route (CONTRACT.md section 6): the product of each
 * program step's completionRate and, for each two program steps P then Q with no program step
 * between them, the rate of the transition P → Q. Work steps (section 5) are not programs: they
 * add no factor and do not separate P from Q.
 */
import type { GraphIndex } from '../model/graph-index.ts';
import { programIndicators, transitionRate } from './indicators.ts';

/** A route step as the route engine reports it: a program step names its program. */
export type LikelihoodStep = { kind: 'PROGRAM'; programId: string } | { kind: 'WORK' };

export interface CompletionLikelihood {
  /** The product of the known factors; null when no factor is known (the empty route too). */
  completionLikelihood: number | null;
  /** How many factors were unknown and left out. */
  unmeasuredFactors: number;
}

/**
 * Factors are multiplied in route order: each program's completion rate, then the transition
 * into it from the program before. Floating-point products depend on the order; this one gives
 * the worked example's figures to the last bit.
 */
export function completionLikelihood(index: GraphIndex, steps: readonly LikelihoodStep[]): CompletionLikelihood {
  let product: number | null = null;
  let unmeasured = 0;
  const factor = (value: number | null | undefined) => {
    if (value === null || value === undefined) unmeasured += 1;
    else product = product === null ? value : product * value;
  };
  let previous: string | undefined;
  for (const step of steps) {
    if (step.kind !== 'PROGRAM') continue;
    factor(programIndicators(index, step.programId).completionRate);
    if (previous !== undefined) factor(transitionRate(index, previous, step.programId)?.rate);
    previous = step.programId;
  }
  return { completionLikelihood: product, unmeasuredFactors: unmeasured };
}
