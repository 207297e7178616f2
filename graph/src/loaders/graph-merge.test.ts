import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.ts';
import { combineBundles, type ExistingGraph, emptyExistingGraph, mergeWithGraph } from './graph-merge.ts';

const bundle: Bundle = {
  format: 'pathway-bundle',
  version: 1,
  regions: [
    { id: 'us', name: 'United States', kind: 'other' },
    { id: 'tx', name: 'Texas', kind: 'state', fips: ['48'], parentId: 'us' },
    { id: 'tx-hidalgo', name: 'Hidalgo County, TX', kind: 'county', fips: ['48215'], parentId: 'tx' },
  ],
  sectors: [{ id: 'soc-29', name: 'Healthcare Practitioners and Technical Occupations' }],
  occupations: [
    { id: '29-1141.00', title: 'Registered Nurses', sectorIds: ['soc-29'] },
    { id: '29-2061.00', title: 'Licensed Practical and Licensed Vocational Nurses', sectorIds: ['soc-29'] },
  ],
  edges: [{ kind: 'ADVANCES_TO', from: '29-2061.00', to: '29-1141.00' }],
};

describe('merging a loader bundle with what the graph holds', () => {
  it('changes nothing for an empty graph', () => {
    expect(mergeWithGraph(bundle, emptyExistingGraph())).toEqual({ bundle, notes: [] });
  });

  it('keeps curated regions, sectors, sector links and ADVANCES_TO edges', () => {
    // The sample graph: tx-hidalgo sits under the workforce area tx-lrgv; nurses are in sector-healthcare.
    const graph: ExistingGraph = {
      regionIds: new Set(['us', 'tx-hidalgo']),
      sectorIds: new Set(),
      occupationSectors: new Map([['29-1141.00', ['sector-healthcare']]]),
      advances: new Set(['29-2061.00|29-1141.00']),
    };
    const merged = mergeWithGraph(bundle, graph);
    expect(merged.bundle.regions?.map((r) => r.id)).toEqual(['tx']);
    expect(merged.bundle.occupations?.[0]?.sectorIds).toEqual(['sector-healthcare', 'soc-29']);
    expect(merged.bundle.occupations?.[1]?.sectorIds).toEqual(['soc-29']);
    expect(merged.bundle.edges).toEqual([]);
    expect(merged.notes).toEqual([
      '2 regions already in the graph kept as they are',
      '1 occupations keep the sectors they already had in the graph',
      '1 ADVANCES_TO edges already in the graph kept as they are',
    ]);
  });

  it('gives the same bundle again once the graph holds the first load (so a second load changes nothing)', () => {
    const before: ExistingGraph = {
      ...emptyExistingGraph(),
      occupationSectors: new Map([['29-1141.00', ['sector-healthcare']]]),
    };
    const first = mergeWithGraph(bundle, before).bundle;
    const after: ExistingGraph = {
      regionIds: new Set(['us', 'tx', 'tx-hidalgo']),
      sectorIds: new Set(['soc-29']),
      occupationSectors: new Map((first.occupations ?? []).map((o) => [o.id, o.sectorIds ?? []])),
      advances: new Set(['29-2061.00|29-1141.00']),
    };
    const second = mergeWithGraph(bundle, after).bundle;
    expect(second.occupations).toEqual(first.occupations);
    expect(second.regions).toEqual([]);
  });

  it('combines a companion O*NET bundle with a wage bundle, each entity once', () => {
    const wages: Bundle = {
      format: 'pathway-bundle',
      version: 1,
      source: { name: 'OEWS', license: 'Public domain' },
      regions: [{ id: 'us', name: 'United States', kind: 'other' }],
      occupationWages: [{ occupationId: '29-1141.00', regionId: 'us', medianAnnual: 93600 }],
    };
    const combined = combineBundles({ ...bundle, source: { name: 'O*NET', license: 'CC BY 4.0' } }, wages);
    expect(combined.regions?.map((r) => r.id)).toEqual(['us', 'tx', 'tx-hidalgo']);
    expect(combined.occupations).toHaveLength(2);
    expect(combined.occupationWages).toHaveLength(1);
    expect(combined.source).toEqual({ name: 'O*NET; OEWS', license: 'CC BY 4.0; Public domain' });
  });
});
