import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { GAP_KINDS } from '../model/vocabulary.ts';
import { kingCounty, randomBundle, world } from './gap-fixtures.ts';
import { CONTEXT_INPUTS, type GapGraph, gapGraphOf, type RegionContext, regionContext } from './gap-graph.ts';
import { GAP_DESCRIPTORS, REGIONAL_KINDS, type RegionalKind, runRegional, THRESHOLD_KINDS } from './gap-kinds.ts';
import type { RegionalInput } from './region-classes.ts';

/** Members of the index and gap graph that differ by region: a rule must reach them through RegionContext. */
const REGIONAL_INDEX_MEMBERS = new Set<PropertyKey>([
  'regions',
  'chain',
  'relatedRegions',
  'thresholds',
  'thresholdIn',
  'wages',
  'supportsByRegion',
]);
const REGIONAL_GRAPH_MEMBERS = new Set<PropertyKey>(['programsByRegion', 'regionFree']);

interface Reads {
  inputs: Set<RegionalInput>;
  /** Regional members read around the context (always a defect). */
  bypass: Set<string>;
}

function recording<T extends object>(target: T, onRead: (key: PropertyKey) => void): T {
  return new Proxy(target, {
    get(object, key) {
      onRead(key);
      const value = Reflect.get(object, key);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** Runs one regional kind in one region, explaining every finding, and records what it read about the region. */
function readsOf(descriptor: RegionalKind, graph: GapGraph, ctx: RegionContext): Reads {
  const reads: Reads = { inputs: new Set(), bypass: new Set() };
  const index = recording(graph.index, (key) => {
    if (REGIONAL_INDEX_MEMBERS.has(key)) reads.bypass.add(`index.${String(key)}`);
  });
  const watchedGraph = recording({ ...graph, index }, (key) => {
    if (REGIONAL_GRAPH_MEMBERS.has(key)) reads.bypass.add(`graph.${String(key)}`);
  });
  const watchedCtx = recording(ctx, (key) => {
    for (const input of CONTEXT_INPUTS[key as keyof RegionContext] ?? []) reads.inputs.add(input);
  });
  const result = runRegional(descriptor, watchedGraph, watchedCtx, undefined);
  for (const subject of result?.subjects ?? []) {
    const finding = result?.explain(subject);
    finding?.message('Somewhere');
    finding?.relatedIds();
  }
  return reads;
}

function indexes(): GraphIndex[] {
  return [
    kingCounty(),
    world(),
    new GraphIndex(bundleSchema.parse(rioGrandeBundle())),
    ...Array.from({ length: 150 }, (_, i) => new GraphIndex(randomBundle(i + 1))),
  ];
}

describe('the gap kind descriptors', () => {
  it('describe every kind of the vocabulary once, in its order', () => {
    expect(Object.keys(GAP_DESCRIPTORS)).toEqual([...GAP_KINDS]);
    for (const [kind, descriptor] of Object.entries(GAP_DESCRIPTORS)) expect(descriptor.kind).toBe(kind);
  });

  it('derive the threshold kinds and the region-independent kinds', () => {
    expect([...THRESHOLD_KINDS].sort()).toEqual(['DEAD_END_CREDENTIAL', 'ENTRY_WITHOUT_ROUTE']);
    const graphWide = Object.values(GAP_DESCRIPTORS).filter((d) => d.scope === 'graph-wide');
    expect(graphWide.map((d) => d.kind).sort()).toEqual(['NO_EXIT_POINT', 'ORPHAN', 'SECTOR_WITHOUT_EMPLOYER']);
  });

  it('declare every regional input their rule reads, and the rules read regions only through the context', () => {
    const seen = new Map<string, Set<RegionalInput>>();
    for (const index of indexes()) {
      const graph = gapGraphOf(index);
      const regionIds: (string | undefined)[] = index.regions.size === 0 ? [undefined] : [...index.regions.keys()];
      for (const regionId of regionIds) {
        const ctx = regionContext(graph, regionId, '1A1C');
        for (const descriptor of REGIONAL_KINDS) {
          const reads = readsOf(descriptor, graph, ctx);
          expect([...reads.bypass], `${descriptor.kind} in ${regionId}`).toEqual([]);
          const undeclared = [...reads.inputs].filter((input) => !descriptor.reads.includes(input));
          expect(undeclared, `${descriptor.kind} in ${regionId} reads undeclared inputs`).toEqual([]);
          const all = seen.get(descriptor.kind) ?? new Set();
          for (const input of reads.inputs) all.add(input);
          seen.set(descriptor.kind, all);
        }
      }
    }
    // The declarations are tight: every declared input is read somewhere over these graphs.
    for (const descriptor of REGIONAL_KINDS) {
      expect([...(seen.get(descriptor.kind) ?? [])].sort(), descriptor.kind).toEqual([...descriptor.reads].sort());
    }
  });

  it('catches a rule that reads an input its descriptor leaves out', () => {
    const index = kingCounty();
    const graph = gapGraphOf(index);
    const [regionId] = [...index.regions.keys()];
    const wrong: RegionalKind = { ...GAP_DESCRIPTORS.CREDIT_LOSS, reads: [] };
    const reads = readsOf(wrong, graph, regionContext(graph, regionId, '1A1C'));
    expect([...reads.inputs]).toContain('programRegions');
    const sneaky: RegionalKind = {
      ...wrong,
      run: (g, ctx, sector) => {
        g.index.wages.size;
        return wrong.run(g, ctx, sector);
      },
    };
    expect([...readsOf(sneaky, graph, regionContext(graph, regionId, '1A1C')).bypass]).toEqual(['index.wages']);
  });
});
