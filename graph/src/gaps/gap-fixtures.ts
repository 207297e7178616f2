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

/** A small seeded generator (mulberry32): deterministic graphs, no dependency. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const some = <T>(items: readonly T[], max: number): T[] => {
    const count = int(max + 1);
    return [...new Set(Array.from({ length: count }, () => pick(items)))];
  };
  const chance = (p: number) => next() < p;
  return { int, pick, some, chance };
}

/**
 * randomBundle(seed) with `extra` more counties that nothing lists, below the graph's first region:
 * they fall into shared region classes, and messages have more regions to name than they show.
 */
export function randomBundleWithUnlistedRegions(seed: number, extra: number): Bundle {
  const bundle = randomBundle(seed);
  const parentId = bundle.regions?.[0]?.id;
  for (let i = 0; i < extra; i++) {
    bundle.regions?.push({ id: `x${i}`, name: `Extra ${i}`, kind: 'county', ...(parentId ? { parentId } : {}) });
  }
  return bundle;
}

/** A random small graph (regions, wages, thresholds, programs, entry points, supports, edges) for property tests. */
export function randomBundle(seed: number): Bundle {
  const r = random(seed);
  const regionIds = ['r0', 'r1', 'r2', 'r3', 'r4'].slice(0, 2 + r.int(4));
  const credentialIds = Array.from({ length: 4 + r.int(6) }, (_, i) => `c${i}`);
  const programIds = Array.from({ length: 3 + r.int(7) }, (_, i) => `p${i}`);
  const occupationIds = Array.from({ length: 2 + r.int(4) }, (_, i) => `o${i}`);
  const sectorIds = ['s0', 's1', 's2'];
  const partnerIds = ['a', 'b', 'c'];
  const edges: Edge[] = [];
  for (let i = r.int(4); i > 0; i--) {
    edges.push({
      kind: 'STACKS_INTO',
      from: r.pick(credentialIds),
      to: r.pick(credentialIds),
      ...(r.chance(0.7) ? { creditsApplied: r.pick([0, 10, 30]) } : {}),
    });
  }
  for (let i = r.int(4); i > 0; i--) {
    edges.push({
      kind: 'ARTICULATES_TO',
      from: r.pick(credentialIds),
      to: r.pick(programIds),
      credits: r.pick([0, 5, 20]),
    });
  }
  for (let i = 1 + r.int(6); i > 0; i--)
    edges.push({ kind: 'QUALIFIES_FOR', from: r.pick(credentialIds), to: r.pick(occupationIds) });
  if (r.chance(0.4)) edges.push({ kind: 'HIRES', from: r.pick(partnerIds), to: r.pick(occupationIds) });
  return {
    format: 'pathway-bundle',
    version: 1,
    regions: regionIds.map((id, i) => ({
      id,
      name: `Region ${id}`,
      ...(i > 0 ? { parentId: r.pick(regionIds.slice(0, i)) } : {}),
    })),
    wageThresholds: r
      .some(regionIds, 2)
      .map((regionId) => ({ regionId, household: '1A1C' as const, annual: r.pick([40_000, 55_000, 70_000]) })),
    sectors: sectorIds.map((id) => ({ id, name: `Sector ${id}`, inDemand: r.chance(0.4) })),
    occupations: occupationIds.map((id) => ({ id, title: `Occupation ${id}`, sectorIds: r.some(sectorIds, 2) })),
    occupationWages: occupationIds.flatMap((occupationId) =>
      r.some(regionIds, 2).map((regionId) => ({
        occupationId,
        regionId,
        medianAnnual: r.pick([35_000, 50_000, 60_000, 80_000]),
        ...(r.chance(0.3) ? { annualOpenings: r.pick([0, 25]) } : {}),
      })),
    ),
    partners: partnerIds.map((id) => ({ id, name: `Partner ${id}`, kind: 'Other' as const })),
    credentials: credentialIds.map((id) => ({ id, name: `Credential ${id}`, type: 'Certificate' as const })),
    programs: programIds.map((id) => ({
      id,
      name: `Program ${id}`,
      providerId: r.pick(partnerIds),
      awards: [r.pick(credentialIds), ...r.some(credentialIds, 1)].filter((c, i, all) => all.indexOf(c) === i),
      months: r.pick([0, 2.5, 4, 6, 8, 11.9, 12]),
      ...(r.chance(0.6) ? { credits: r.pick([0, 15, 45]) } : {}),
      requires: Array.from({ length: r.int(3) }, () => [r.pick(credentialIds), ...r.some(credentialIds, 1)]).map(
        (g) => [...new Set(g)],
      ),
      regionIds: r.chance(0.4) ? [] : r.some(regionIds, 2),
    })),
    entryPoints: Array.from({ length: 1 + r.int(3) }, (_, i) => ({
      id: `e${i}`,
      name: `Entry ${i}`,
      holds: r.some(credentialIds, 2),
      enters: r.some(programIds, 2),
      regionIds: r.chance(0.3) ? [] : r.some(regionIds, 1),
    })),
    supports: Array.from({ length: r.int(4) }, (_, i) => ({
      id: `s${i}-support`,
      name: `Support ${i}`,
      kind: r.pick(['Advising', 'CaseManagement', 'Childcare', 'Food'] as const),
      programIds: r.chance(0.5) ? r.some(programIds, 2) : [],
      regionIds: r.chance(0.5) ? r.some(regionIds, 1) : [],
    })),
    pathways: Array.from({ length: 1 + r.int(2) }, (_, i) => ({
      id: `pw${i}`,
      name: `Pathway ${i}`,
      ...(r.chance(0.8) ? { sectorId: r.pick(sectorIds) } : {}),
      programIds: r.some(programIds, 5),
      partnerRoles: r.chance(0.3)
        ? [{ partnerId: r.pick(partnerIds), role: r.pick(['Employer', 'Lead'] as const) }]
        : [],
    })),
    edges,
  };
}
