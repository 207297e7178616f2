import { describe, expect, it } from 'vitest';
import { allOf, anyOf, item, MAX_GROUPS, type Requirement, simplify, toCnf } from './requirements.ts';

const items = (...ids: string[]) => ids.map(item);
const atLeast = (count: number, ...ids: string[]): Extract<Requirement, { kind: 'atLeast' }> => ({
  kind: 'atLeast',
  count,
  of: items(...ids),
});

/** Every subset of `universe` that satisfies a CNF. */
function satisfyingSets(cnf: string[][], universe: string[]): string[] {
  const out: string[] = [];
  for (let mask = 0; mask < 1 << universe.length; mask++) {
    const held = new Set(universe.filter((_, i) => mask & (1 << i)));
    if (cnf.every((group) => group.some((m) => held.has(m)))) out.push([...held].sort().join(''));
  }
  return out.sort();
}

function atLeastSets(count: number, universe: string[]): string[] {
  return satisfyingSets([], universe)
    .filter((s) => s.length >= count)
    .sort();
}

describe('requirement CNF', () => {
  it('maps 1 of N to one group and N of N to N groups', () => {
    expect(toCnf(anyOf(items('a', 'b', 'c'))).cnf).toEqual([['a', 'b', 'c']]);
    expect(toCnf(allOf(items('a', 'b', 'c'))).cnf).toEqual([['a'], ['b'], ['c']]);
    expect(toCnf(allOf(items('a', 'b'))).notes).toEqual([]);
  });

  it('expresses k of N exactly as the groups of every (N-k+1)-subset, and says so', () => {
    const { cnf, notes } = toCnf({ ...atLeast(2, 'b', 'c', 'd'), label: 'Course A' });
    expect(cnf).toEqual([
      ['b', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ]);
    expect(notes).toEqual([
      'Course A: requires 2 of 3; expressed as 3 groups (one from every 2 of them), which is exact',
    ]);
    for (const [k, n] of [
      [2, 4],
      [3, 4],
      [3, 5],
    ] as const) {
      const universe = ['a', 'b', 'c', 'd', 'e'].slice(0, n);
      expect(satisfyingSets(toCnf(atLeast(k, ...universe)).cnf, universe)).toEqual(atLeastSets(k, universe));
    }
  });

  it('distributes OR over nested conditions (PathwayConditions: 2 of B,C,D or A)', () => {
    const requirement = anyOf([atLeast(2, 'B', 'C', 'D'), item('A')]);
    const { cnf } = toCnf(requirement);
    expect(cnf).toEqual([
      ['A', 'B', 'C'],
      ['A', 'B', 'D'],
      ['A', 'C', 'D'],
    ]);
    const universe = ['A', 'B', 'C', 'D'];
    const expected = satisfyingSets([], universe).filter((s) => s.includes('A') || s.replace('A', '').length >= 2);
    expect(satisfyingSets(cnf, universe)).toEqual(expected.sort());
  });

  it('drops items it cannot map and lowers k to what remains, with a note', () => {
    const { cnf, notes } = toCnf({ ...atLeast(3, 'a', 'gone', 'b'), label: 'X' }, (i) => i !== 'gone');
    expect(cnf).toEqual([['a'], ['b']]);
    expect(notes[0]).toMatch(/X: requires 3 of 3, but only 2 can be mapped/);
    expect(toCnf(atLeast(1, 'gone'), () => false).cnf).toEqual([]);
  });

  it('approximates a k of N whose exact form is too large as any one of them', () => {
    const many = Array.from({ length: 14 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const { cnf, notes } = toCnf(atLeast(7, ...many));
    expect(cnf).toEqual([many]);
    expect(notes[0]).toMatch(/approximated as any 1/);
    expect(MAX_GROUPS).toBeGreaterThanOrEqual(16);
  });

  it('simplifies: sorted members, duplicates and supersets removed', () => {
    expect(simplify([['b', 'a', 'a'], ['a', 'b', 'c'], ['d']])).toEqual([['d'], ['a', 'b']]);
  });
});
