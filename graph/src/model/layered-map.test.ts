/**
 * LayeredMap against a plain Map (its obviously right twin): on random batches of sets and
 * deletes — some big enough to fold the patch into a new base — each version reads like the Map
 * with the same changes, in the documented order, and the versions it came from stay as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactAt, LayeredMap } from './layered-map.ts';

const batch = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer(), { nil: undefined })), {
  maxLength: 30,
});

describe('LayeredMap', () => {
  it('reads like a Map with the same changes, and leaves older versions as they were', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 12 }), (batches) => {
        let layered: Map<number, number> = new Map([
          [1, 10],
          [2, 20],
        ]);
        const plain = new Map(layered);
        const versions: [Map<number, number>, [number, number][]][] = [];
        for (const changes of batches) {
          const before = [...layered];
          versions.push([layered, before]);
          layered = LayeredMap.with(layered, new Map(changes));
          for (const [k, v] of new Map(changes)) {
            if (v === undefined) plain.delete(k);
            else plain.set(k, v);
          }
          expect(layered.size).toBe(plain.size);
          expect(new Map(layered)).toEqual(plain);
          for (let k = 0; k <= 60; k++) {
            expect(layered.get(k)).toBe(plain.get(k));
            expect(layered.has(k)).toBe(plain.has(k));
          }
          expect([...layered.keys()].sort()).toEqual([...plain.keys()].sort());
          expect([...layered.values()].length).toBe(plain.size);
        }
        for (const [version, entries] of versions) expect([...version]).toEqual(entries);
      }),
    );
  });

  it('keeps a changed key in its place and puts added keys last', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const next = LayeredMap.with(
      base,
      new Map<string, number | undefined>([
        ['d', 4],
        ['b', 20],
        ['a', undefined],
      ]),
    );
    expect([...next]).toEqual([
      ['b', 20],
      ['c', 3],
      ['d', 4],
    ]);
    expect(() => next.set('x', 1)).toThrow(/read-only/);
  });

  it('folds a patch larger than compactAt into a plain Map with the same entries', () => {
    const base = new Map(Array.from({ length: 10 }, (_, i) => [i, i] as const));
    const changes = new Map<number, number | undefined>(
      Array.from({ length: compactAt(10) + 1 }, (_, i) => [i + 5, -i] as const),
    );
    const next = LayeredMap.with(base, changes);
    expect(next).not.toBeInstanceOf(LayeredMap);
    expect(next.size).toBe(5 + compactAt(10) + 1);
    expect(next.get(7)).toBe(-2);
    expect(next.get(3)).toBe(3);
  });
});
