import { describe, expect, it } from 'vitest';
import { rioGrandeBundle, rioGrandeExpected } from '../../test/fixtures.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { completionLikelihood, type LikelihoodStep } from './completion-likelihood.ts';

interface ExpectedRoute {
  programs: string[];
  completionLikelihood: number | null;
  unmeasuredFactors: number;
}
const cases = rioGrandeExpected().routes as { input: Record<string, unknown>; expected: ExpectedRoute[] }[];
const index = new GraphIndex(bundleSchema.parse(rioGrandeBundle()));

/** The example lists a work step as `FROM>TO` (its two occupations) among the programs. */
const stepsOf = (programs: string[]): LikelihoodStep[] =>
  programs.map((p) => (p.includes('>') ? { kind: 'WORK' } : { kind: 'PROGRAM', programId: p }));

const routes = cases.flatMap((c, i) =>
  c.expected.map((route) => [`query ${i + 1}: ${route.programs.join(', ') || '(empty)'}`, route] as const),
);

describe('completionLikelihood of every route of the worked example (rio-grande)', () => {
  it('has routes with and without work steps, measured and not', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some(([, r]) => r.programs.some((p) => p.includes('>')))).toBe(true);
    expect(routes.some(([, r]) => r.completionLikelihood === null)).toBe(true);
  });

  it.each(routes)('%s', (_, route) => {
    expect(completionLikelihood(index, stepsOf(route.programs))).toEqual({
      completionLikelihood: route.completionLikelihood,
      unmeasuredFactors: route.unmeasuredFactors,
    });
  });
});

describe('factors', () => {
  it('a work step between two programs does not separate them: their transition still counts', () => {
    const direct = completionLikelihood(index, stepsOf(['p-cna', 'p-lvn']));
    const withWork = completionLikelihood(index, stepsOf(['p-cna', '31-1131.00>31-9092.00', 'p-lvn']));
    expect(withWork).toEqual(direct);
    expect(direct.completionLikelihood).toBe(0.8 * 0.7 * (14 / 96));
  });

  it('a program in between breaks the pair: P → Q is not a factor of P, M, Q', () => {
    const got = completionLikelihood(index, stepsOf(['p-cna', 'p-ma', 'p-lvn']));
    // cna, cna→ma (unknown), ma, ma→lvn (unknown), lvn
    expect(got).toEqual({ completionLikelihood: 0.8 * 0.175 * 0.7, unmeasuredFactors: 2 });
  });

  it('the empty route and a route of work steps only have no factor at all', () => {
    expect(completionLikelihood(index, [])).toEqual({ completionLikelihood: null, unmeasuredFactors: 0 });
    expect(completionLikelihood(index, [{ kind: 'WORK' }])).toEqual({
      completionLikelihood: null,
      unmeasuredFactors: 0,
    });
  });
});
