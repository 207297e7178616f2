/**
 * An index updated write by write (GraphIndex.withDelta) against its slow, obviously right twin:
 * a full build of the graph as it is after those writes. On random write sequences (upserts of
 * every kind, deletes, rows, edges, references moved to other ids) both must hold the same
 * tables — every Map field of the index, lists in the same order — and give the same canonical
 * export; and the index a delta was applied to must be left as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { bundleOf, type Change, changeArb, recordsOf, writeDelta } from '../../test/random-writes.ts';
import type { Bundle } from './bundle.ts';
import { GraphIndex } from './graph-index.ts';
import { type IndexDelta, indexBundle, unknownFields } from './index-delta.ts';

type Rec = Record<string, unknown>;

/** Every Map field of an index as plain data: map entries sorted by key, lists in their order. */
function tables(index: GraphIndex): Record<string, unknown> {
  const plain = (value: unknown): unknown => {
    if (value instanceof Map) {
      return [...value.entries()]
        .map(([k, v]) => [k, plain(v)] as const)
        .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    }
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, plain(v)]),
      );
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(index)) if (value instanceof Map) out[field] = plain(value);
  return out;
}

function check(start: Bundle, writes: Change[][]): void {
  const model = recordsOf(bundleOf(recordsOf(start)));
  let index = new GraphIndex(bundleOf(model));
  const counter = { n: 0 };
  for (const write of writes) {
    const delta = writeDelta(model, write, counter);
    const before = tables(index);
    const next = index.withDelta(delta);
    // The old index is immutable: requests still reading it see the graph before the write.
    expect(tables(index)).toEqual(before);
    const full = new GraphIndex(bundleOf(model));
    expect(tables(next)).toEqual(tables(full));
    expect(indexBundle(next)).toEqual(indexBundle(full));
    index = next;
  }
  // The bundle of an updated index (made on first use) is the graph too.
  expect(indexBundle(new GraphIndex(index.bundle))).toEqual(indexBundle(new GraphIndex(bundleOf(model))));
}

describe('GraphIndex.withDelta', () => {
  // CPU-bound (a full build and a comparison of every table per write): a longer timeout than
  // the unit default, for a machine busy with the integration tests.
  const writes = fc.array(fc.array(changeArb, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 });

  it('gives the same index as a full build, on random write sequences (King County)', () => {
    fc.assert(
      fc.property(writes, (w) => check(kingCountyBundle(), w)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('gives the same index as a full build, on random write sequences (Rio Grande: outcomes, transitions)', () => {
    fc.assert(
      fc.property(writes, (w) => check(rioGrandeBundle(), w)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('knows every table of GraphIndex (a table added there needs its update here, or updates become full builds)', () => {
    expect(unknownFields(new GraphIndex(kingCountyBundle()))).toEqual([]);
  });

  it('falls back to a full build when the index has a table it does not know', () => {
    const index = new GraphIndex(kingCountyBundle());
    const extra = Object.assign(Object.create(Object.getPrototypeOf(index)), index, { someNewTable: new Map() });
    const program = [...index.programs.values()][0] as Rec;
    const delta: IndexDelta = {
      touched: { programs: [program.id as string] },
      records: { format: 'pathway-bundle', version: 1, programs: [{ ...program, months: 99 } as never] },
    };
    const next = (extra as GraphIndex).withDelta(delta);
    expect(next.programs.get(program.id as string)?.months).toBe(99);
    expect(Object.keys(next)).not.toContain('someNewTable');
  });
});
