/**
 * Small hand-built graphs for the gap tests, and the worked example of graph/test/examples.
 * Test support only; nothing outside tests imports this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bundle, bundleSchema, type Edge, type Program } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { repoRoot } from '../paths.ts';
import { findGaps } from './gap-finder.ts';
import type { GapFilterInput } from './gap-input.ts';

export const examplesDir = join(repoRoot, 'graph', 'test', 'examples');

export function readExample(name: string): unknown {
  return JSON.parse(readFileSync(join(examplesDir, name), 'utf8'));
}

export function kingCounty(): GraphIndex {
  return new GraphIndex(bundleSchema.parse(readExample('king-county.bundle.json')));
}

type Parts = Omit<Bundle, 'format' | 'version' | 'source'>;

/** A bundle from parts, validated by the one bundle schema. */
export function graphOf(parts: Parts): GraphIndex {
  return new GraphIndex(bundleSchema.parse({ format: 'pathway-bundle', version: 1, ...parts }));
}

/**
 * A base world: regions us > wa > (king, pierce); the 1A1C threshold 50,000 and the 1A0C one
 * 30,000, both set on `wa` (so king and pierce find them up the chain, us has none); occupations
 * `job-good` (median 70,000) and `job-poor` (40,000), national figures; credentials `good`
 * and `poor` qualifying for them; providers `college` and `union`. Extra parts are appended.
 */
export function world(extra: Parts = {}): GraphIndex {
  const base: Parts = {
    regions: [
      { id: 'us', name: 'United States' },
      { id: 'wa', name: 'Washington', parentId: 'us' },
      { id: 'king', name: 'King County', parentId: 'wa' },
      { id: 'pierce', name: 'Pierce County', parentId: 'wa' },
    ],
    wageThresholds: [
      { regionId: 'wa', household: '1A1C', annual: 50_000 },
      { regionId: 'wa', household: '1A0C', annual: 30_000 },
    ],
    occupations: [
      { id: 'job-good', title: 'Good job' },
      { id: 'job-poor', title: 'Poor job' },
    ],
    occupationWages: [
      { occupationId: 'job-good', regionId: 'us', medianAnnual: 70_000 },
      { occupationId: 'job-poor', regionId: 'us', medianAnnual: 40_000 },
    ],
    partners: [
      { id: 'college', name: 'Community college', kind: 'CommunityCollege' },
      { id: 'union', name: 'Union training trust', kind: 'Union' },
    ],
    credentials: [
      { id: 'good', name: 'Good credential', type: 'Certificate' },
      { id: 'poor', name: 'Poor credential', type: 'Certificate' },
    ],
    edges: [qualifies('good', 'job-good'), qualifies('poor', 'job-poor')],
  };
  const merged: Record<string, unknown[]> = {};
  for (const parts of [base, extra]) {
    for (const [key, list] of Object.entries(parts)) merged[key] = [...(merged[key] ?? []), ...(list as unknown[])];
  }
  return graphOf(merged as Parts);
}

export function qualifies(from: string, to: string): Edge {
  return { kind: 'QUALIFIES_FOR', from, to };
}

export function credential(id: string): NonNullable<Bundle['credentials']>[number] {
  return { id, name: `Credential ${id}`, type: 'Certificate' };
}

export function program(id: string, fields: Partial<Program> = {}): Program {
  return { id, name: `Program ${id}`, providerId: 'college', awards: ['good'], months: 6, ...fields };
}

/** `KIND:subjectId` of each gap, in the engine's order. */
export function gapKeys(index: GraphIndex, filter: GapFilterInput = {}): string[] {
  return findGaps(index, filter).map((gap) => `${gap.kind}:${gap.subjectId}`);
}
