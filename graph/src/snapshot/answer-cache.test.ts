import { describe, expect, it } from 'vitest';
import { kingCountyBundle } from '../../test/fixtures.ts';
import { findGaps } from '../gaps/gap-finder.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { argumentKey, defineAnswerCache } from './answer-cache.ts';

describe('answer caches', () => {
  it('key arguments by content: key order, undefined and null do not matter', () => {
    expect(argumentKey({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe(argumentKey({ a: [2, { c: 'x' }], b: 1 }));
    expect(argumentKey({ regionId: 'r1' })).not.toBe(argumentKey({ regionId: 'r2' }));
    expect(argumentKey({ kinds: ['A', 'B'] })).not.toBe(argumentKey({ kinds: ['B', 'A'] }));
  });

  it('compute once per index and arguments, apart per index, and give the engine answer', () => {
    const answers = defineAnswerCache('test-gaps', { entries: 8, maxItems: 10_000 });
    const first = new GraphIndex(kingCountyBundle());
    const second = new GraphIndex(kingCountyBundle());
    let computed = 0;
    const gaps = (index: GraphIndex, filter: { regionId: string }) =>
      answers(index).get(filter, () => {
        computed += 1;
        return findGaps(index, filter);
      });
    const a = gaps(first, { regionId: 'wa-king' });
    expect(gaps(first, { regionId: 'wa-king' })).toBe(a);
    expect(computed).toBe(1);
    expect(a).toEqual(findGaps(first, { regionId: 'wa-king' }));
    gaps(second, { regionId: 'wa-king' });
    expect(computed).toBe(2);
  });

  it('keep at most `entries` answers, least recently used out first, and never oversized answers or errors', () => {
    const answers = defineAnswerCache('test-lru', { entries: 2, maxItems: 3 });
    const index = new GraphIndex(kingCountyBundle());
    const cache = answers(index);
    let computed = 0;
    const get = (n: number, size = 1) =>
      cache.get({ n }, () => {
        computed += 1;
        return Array.from({ length: size }, () => n);
      });
    get(1);
    get(2);
    get(1); // 1 is now the most recent
    get(3); // evicts 2
    expect(computed).toBe(3);
    get(1);
    expect(computed).toBe(3);
    get(2);
    expect(computed).toBe(4);
    get(9, 4);
    get(9, 4);
    expect(computed).toBe(6);
    expect(() =>
      cache.get({ n: 10 }, () => {
        throw new Error('bad input');
      }),
    ).toThrow('bad input');
    expect(cache.get({ n: 10 }, () => [10])).toEqual([10]);
  });
});
