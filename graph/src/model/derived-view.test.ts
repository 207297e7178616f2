import { describe, expect, it } from 'vitest';
import { emptyBundle } from './bundle.ts';
import { defineView, warmViews } from './derived-view.ts';
import { GraphIndex } from './graph-index.ts';

describe('views derived from an index', () => {
  it('are built once per index, on first use, and kept by that index only', () => {
    let builds = 0;
    const view = defineView('test-count', (index: GraphIndex) => {
      builds += 1;
      return { regions: index.regions.size };
    });
    const a = new GraphIndex(emptyBundle());
    const b = new GraphIndex({ ...emptyBundle(), regions: [{ id: 'r', name: 'R' }] });
    expect(builds).toBe(0);
    const first = a.derived(view);
    expect(a.derived(view)).toBe(first);
    expect(builds).toBe(1);
    expect(b.derived(view)).toEqual({ regions: 1 });
    expect(builds).toBe(2);
  });

  it('are warmed when defined with warm, and only then', () => {
    const cold = defineView('test-cold', () => 1);
    const warm = defineView('test-warm', () => 2, { warm: true });
    expect(warmViews()).toContain(warm);
    expect(warmViews()).not.toContain(cold);
  });
});
