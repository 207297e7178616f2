import fc from 'fast-check';
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

describe('completionLikelihood agrees with a literal reading on random step lists', () => {
  const bundle = rioGrandeBundle();
  const programIds = (bundle.programs ?? []).map((p) => p.id);
  /** The completion rate of the program's latest row, read from the bundle's rows. */
  const completion = (id: string): number | null => {
    const rows = (bundle.outcomes ?? []).filter((o) => o.programId === id);
    if (rows.length === 0) return null;
    const latest = rows.reduce((a, b) => (b.cohortYear > a.cohortYear ? b : a));
    return latest.completed === undefined || !latest.enrolled ? null : latest.completed / latest.enrolled;
  };
  const transition = (from: string, to: string): number | null => {
    const rows = (bundle.transitions ?? []).filter((t) => t.fromProgramId === from && t.toProgramId === to);
    if (rows.length === 0) return null;
    const latest = rows.reduce((a, b) => (b.cohortYear > a.cohortYear ? b : a));
    return latest.completers === 0 ? null : latest.continued / latest.completers;
  };

  it('the product of the known factors in route order, and the count of the unknown ones', () => {
    const stepArb = fc.oneof(
      fc.constantFrom(...programIds).map((programId): LikelihoodStep => ({ kind: 'PROGRAM', programId })),
      fc.constant<LikelihoodStep>({ kind: 'WORK' }),
    );
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 7 }), (steps) => {
        const programs = steps.flatMap((s) => (s.kind === 'PROGRAM' ? [s.programId] : []));
        const factors: (number | null)[] = [];
        programs.forEach((id, i) => {
          factors.push(completion(id));
          if (i > 0) factors.push(transition(programs[i - 1] as string, id));
        });
        const known = factors.filter((f): f is number => f !== null);
        expect(completionLikelihood(index, steps)).toEqual({
          completionLikelihood: known.length === 0 ? null : known.reduce((a, b) => a * b),
          unmeasuredFactors: factors.length - known.length,
        });
      }),
      { numRuns: 300 },
    );
  });
});
