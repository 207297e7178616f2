import { describe, expect, it } from 'vitest';
import { inRegion, type RegionLink, regionFamily } from './regions.ts';

// us → tx → board 23 → Hidalgo, Starr; tx → board 1 → Potter.
const link = (id: string, parent: string | null, children: string[]): RegionLink => ({
  id,
  parent: parent ? { id: parent } : null,
  children: children.map((c) => ({ id: c })),
});
const REGIONS = [
  link('us', null, ['tx']),
  link('tx', 'us', ['tx-wda-23', 'tx-wda-1']),
  link('tx-wda-23', 'tx', ['tx-48215', 'tx-48427']),
  link('tx-48215', 'tx-wda-23', []),
  link('tx-48427', 'tx-wda-23', []),
  link('tx-wda-1', 'tx', ['tx-48375']),
  link('tx-48375', 'tx-wda-1', []),
];

describe('regionFamily', () => {
  it('holds a county, the regions above it and none of its siblings', () => {
    expect(regionFamily(REGIONS, 'tx-48215')).toEqual(new Set(['tx-48215', 'tx-wda-23', 'tx', 'us']));
  });

  it('holds every region below a state', () => {
    expect(regionFamily(REGIONS, 'tx')).toEqual(
      new Set(['tx', 'us', 'tx-wda-23', 'tx-48215', 'tx-48427', 'tx-wda-1', 'tx-48375']),
    );
  });

  it('ends on a cycle and knows an unknown region only as itself', () => {
    const cyclic = [link('a', 'b', ['b']), link('b', 'a', ['a'])];
    expect(regionFamily(cyclic, 'a')).toEqual(new Set(['a', 'b']));
    expect(regionFamily(REGIONS, 'nowhere')).toEqual(new Set(['nowhere']));
  });
});

describe('inRegion', () => {
  const eps = [
    { id: 'ep-23', regions: [{ id: 'tx-wda-23' }] },
    { id: 'ep-1', regions: [{ id: 'tx-wda-1' }] },
    { id: 'ep-state', regions: [{ id: 'tx' }] },
    { id: 'ep-anywhere', regions: [] },
  ];
  it("keeps a county's own area's, the state's and region-less entry points, not another area's", () => {
    expect(inRegion(eps, REGIONS, 'tx-48215').map((e) => e.id)).toEqual(['ep-23', 'ep-state', 'ep-anywhere']);
  });
  it('keeps everything when no region is chosen', () => {
    expect(inRegion(eps, REGIONS, '').map((e) => e.id)).toEqual(['ep-23', 'ep-1', 'ep-state', 'ep-anywhere']);
  });
});
