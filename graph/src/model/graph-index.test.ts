/**
 * The reverse indexes of GraphIndex against the scans they replace (their slow, obviously
 * right twins): same children, same order, each once — on both worked examples and on a
 * bundle that lists a parent twice.
 */
import { describe, expect, it } from 'vitest';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import type { Bundle } from './bundle.ts';
import { GraphIndex } from './graph-index.ts';

function scans(index: GraphIndex) {
  const ids = <T extends { id: string }>(items: T[]) => items.map((i) => i.id);
  const occupations = [...index.occupations.values()];
  const pathways = [...index.pathways.values()];
  const programs = [...index.programs.values()];
  const credentials = [...index.credentials.values()];
  return {
    occupationsBySector: (id: string) => ids(occupations.filter((o) => (o.sectorIds ?? []).includes(id))),
    pathwaysBySector: (id: string) => ids(pathways.filter((w) => w.sectorId === id)),
    programsByProvider: (id: string) => ids(programs.filter((p) => p.providerId === id)),
    credentialsByIssuer: (id: string) => ids(credentials.filter((c) => c.issuerId === id)),
    pathwaysByProgram: (id: string) => ids(pathways.filter((w) => (w.programIds ?? []).includes(id))),
  };
}

function expectIndexesMatchScans(bundle: Bundle): number {
  const index = new GraphIndex(bundle);
  const slow = scans(index);
  const parents = {
    occupationsBySector: [...index.sectors.keys()],
    pathwaysBySector: [...index.sectors.keys()],
    programsByProvider: [...index.partners.keys()],
    credentialsByIssuer: [...index.partners.keys()],
    pathwaysByProgram: [...index.programs.keys()],
  } as const;
  let nonEmpty = 0;
  for (const [name, keys] of Object.entries(parents) as [keyof typeof parents, readonly string[]][]) {
    for (const key of keys) {
      const fast = (index[name].get(key) ?? []).map((x: { id: string }) => x.id);
      expect(fast, `${name}(${key})`).toEqual(slow[name](key));
      if (fast.length > 0) nonEmpty += 1;
    }
  }
  return nonEmpty;
}

describe('GraphIndex reverse indexes', () => {
  it.each([
    ['King County', kingCountyBundle],
    ['Rio Grande', rioGrandeBundle],
  ])('match the scans they replace on %s', (_name, bundle) => {
    expect(expectIndexesMatchScans(bundle())).toBeGreaterThan(5);
  });

  it('lists a child once even when it names its parent twice', () => {
    const bundle = {
      format: 'pathway-bundle',
      version: 1,
      sectors: [{ id: 's', name: 'S' }],
      occupations: [{ id: 'o', title: 'O', sectorIds: ['s', 's'] }],
      partners: [{ id: 'p', name: 'P', kind: 'College' }],
      credentials: [{ id: 'c', name: 'C', type: 'Certificate' }],
      programs: [{ id: 'x', name: 'X', providerId: 'p', awards: ['c'], months: 1 }],
      pathways: [{ id: 'w', name: 'W', sectorId: 's', programIds: ['x', 'x'] }],
    } as unknown as Bundle;
    const index = new GraphIndex(bundle);
    expect(index.occupationsBySector.get('s')?.map((o) => o.id)).toEqual(['o']);
    expect(index.pathwaysByProgram.get('x')?.map((w) => w.id)).toEqual(['w']);
    expectIndexesMatchScans(bundle);
  });

  it('requireRegion returns the region or names the argument', () => {
    const index = new GraphIndex(kingCountyBundle());
    const [first] = index.regions.keys();
    expect(index.requireRegion(first as string, 'regionId').id).toBe(first);
    expect(() => index.requireRegion('atlantis', 'input.regionId')).toThrow('input.regionId: no region "atlantis"');
  });
});
