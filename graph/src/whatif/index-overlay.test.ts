import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { changedBundle } from './fragment.ts';
import { OVERLAY_OWN, OVERLAY_SOURCES, overlayIndex } from './index-overlay.ts';

const tablesOf = (index: GraphIndex) => {
  const own = index as unknown as Record<string, unknown>;
  return Object.keys(own).filter((k) => !(OVERLAY_OWN as readonly string[]).includes(k));
};

describe('the overlay index', () => {
  it('places every table of GraphIndex under the one bundle list it is built from', () => {
    const placed = Object.values(OVERLAY_SOURCES).flat().sort();
    expect(tablesOf(new GraphIndex(rioGrandeBundle())).sort()).toEqual(placed);
  });

  it('holds what a fresh index holds, sharing the tables of untouched lists', () => {
    const base = new GraphIndex(rioGrandeBundle());
    const bundle = changedBundle(
      base.bundle,
      {
        format: 'pathway-bundle',
        version: 1.1,
        edges: [{ kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 4 }],
      },
      ['valley-health'],
    );
    const overlay = overlayIndex(base, bundle);
    const fresh = new GraphIndex(bundle);
    const o = overlay as unknown as Record<string, unknown>;
    const f = fresh as unknown as Record<string, unknown>;
    const b = base as unknown as Record<string, unknown>;
    for (const table of tablesOf(fresh)) expect(o[table], table).toEqual(f[table]);
    // Sectors and occupations are untouched by the change: shared, not copied.
    expect(o.sectors).toBe(b.sectors);
    expect(o.wages).toBe(b.wages);
    // Edges and programs changed: rebuilt, and the snapshot's own tables are left as they were.
    expect(o.articulatesTo).not.toBe(b.articulatesTo);
    expect(base.programs.has('p-cna')).toBe(true);
    expect(overlay.programs.has('p-cna')).toBe(false);
  });
});
