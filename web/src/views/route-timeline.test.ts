import { describe, expect, it } from 'vitest';
import type { Route, RouteStep } from '../api/queries.ts';
import { timelineModel } from './route-timeline.ts';

const occupation = (id: string) => ({ id, title: `title ${id}` });
function step(kind: 'PROGRAM' | 'WORK', startMonth: number, months: number, earnings: number): RouteStep {
  return {
    kind,
    program: kind === 'WORK' ? null : { id: `p${startMonth}`, name: `program ${startMonth}` },
    provider: kind === 'WORK' ? null : { id: 'x', name: 'x' },
    edge: kind === 'WORK' ? { from: occupation('a'), to: occupation('b'), years: months / 12 } : null,
    startMonth,
    months,
    cost: 0,
    creditsGranted: 0,
    awards: [],
    supports: [],
    missingSupports: [],
    workingAs: kind === 'WORK' ? occupation('a') : null,
    earnings,
  };
}
function route(steps: RouteStep[], destinationWage: number | null): Route {
  const totalMonths = steps.reduce((sum, s) => sum + s.months, 0);
  return {
    rank: 1,
    totalMonths,
    totalCost: 0,
    creditsGranted: 0,
    familySupporting: true,
    destination: occupation('b'),
    destinationWage,
    steps,
    exitPoints: [],
    earningsDuringRoute: steps.reduce((sum, s) => sum + s.earnings, 0),
    monthsWithoutPay: 0,
    firstPaycheckMonth: 0,
    netIncome: 0,
    completionLikelihood: null,
    unmeasuredFactors: 0,
  };
}

describe('timelineModel', () => {
  it('lays the steps end to end with their annual pay, then the destination job', () => {
    // rio-grande's helper route: 3 unpaid months, then 48 months as a helper at $39,890.
    const model = timelineModel(route([step('PROGRAM', 0, 3, 0), step('WORK', 3, 48, 159560)], 62350), 58094);
    expect(model.phases.map((p) => [p.kind, p.look, p.start, p.end, p.annualPay])).toEqual([
      ['LEARN', 'LEARN', 0, 3, 0],
      ['WORK', 'WORK', 3, 51, 39890],
      ['AFTER', 'AFTER', 51, 51 + 51 * 0.2, 62350],
    ]);
    expect(model.learnMonths).toBe(3);
    expect(model.workMonths).toBe(48);
    expect(model.payMax).toBe(62350);
  });

  it('tells a training wage from learning while paid as a job already held', () => {
    const paid = step('PROGRAM', 0, 48, 164000);
    const earning = { ...step('PROGRAM', 48, 5, 16470.83), workingAs: occupation('a') };
    const model = timelineModel(route([paid, earning], 62350), null);
    expect(model.phases.map((p) => p.look)).toEqual(['PAID', 'EARNING', 'AFTER']);
    expect(model.phases[0]?.annualPay).toBeCloseTo(41000, 6);
  });

  it('scales pay to the family-supporting line when it is the highest, and draws a year at least', () => {
    const model = timelineModel(route([step('PROGRAM', 0, 2, 0)], 30000), 58094);
    expect(model.payMax).toBe(58094);
    expect(model.span).toBe(12);
    const empty = timelineModel(route([], null), null);
    expect(empty.phases).toEqual([{ kind: 'AFTER', look: 'AFTER', start: 0, end: 12, annualPay: 0, label: 'title b' }]);
    expect(empty.payMax).toBe(1);
  });
});
