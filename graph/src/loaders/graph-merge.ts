/**
 * Loading a converted bundle into a graph that may already hold curated data (the sample, a
 * partner's bundle). The one import path (`importBundle`) writes every record it is given
 * whole, so before importing, the loaders leave out what they must not overwrite:
 *
 * - regions and sectors already in the graph are kept as they are (a curated `parentId`,
 *   `inDemand` or `naics` survives; the loader only creates missing ones);
 * - an occupation already in the graph keeps its sectors, and gains the loader's;
 * - an ADVANCES_TO edge already in the graph is kept as it is (with its `years`).
 *
 * Occupations' own O*NET fields, wage rows and thresholds are the loaders' data and are
 * replaced. The merge is a pure function of the bundle and what the graph already holds, so loading
 * the same files twice gives the same bundle the second time, and changes nothing.
 */
import type { GraphDb } from '../db/graph-db.ts';
import { existingIds } from '../db/queries/entity.queries.ts';
import {
  ADVANCES,
  existingAdvances,
  occupationSectors,
  readKnownOccupations,
  readKnownPrograms,
  readPartnerIds,
} from '../db/queries/loader.queries.ts';
import { type ImportResult, importBundle } from '../import/import-bundle.ts';
import { type Bundle, ENTITY_KEYS } from '../model/bundle.ts';
import { formatNumber, LoaderInputError } from './conversion.ts';
import type { KnownOccupation } from './oews.ts';

export interface ExistingGraph {
  regionIds: ReadonlySet<string>;
  sectorIds: ReadonlySet<string>;
  /** Occupations of the bundle that the graph already holds, with their sectors in order. */
  occupationSectors: ReadonlyMap<string, readonly string[]>;
  /** ADVANCES_TO edges of the bundle that the graph already holds, as `from|to`. */
  advances: ReadonlySet<string>;
}

export const emptyExistingGraph = (): ExistingGraph => ({
  regionIds: new Set(),
  sectorIds: new Set(),
  occupationSectors: new Map(),
  advances: new Set(),
});

export function mergeWithGraph(bundle: Bundle, graph: ExistingGraph): { bundle: Bundle; notes: string[] } {
  const notes: string[] = [];
  const out: Bundle = { ...bundle };
  if (bundle.regions) {
    out.regions = bundle.regions.filter((r) => !graph.regionIds.has(r.id));
    const kept = bundle.regions.length - out.regions.length;
    if (kept > 0) notes.push(`${formatNumber(kept)} regions already in the graph kept as they are`);
  }
  if (bundle.sectors) {
    out.sectors = bundle.sectors.filter((s) => !graph.sectorIds.has(s.id));
    const kept = bundle.sectors.length - out.sectors.length;
    if (kept > 0) notes.push(`${formatNumber(kept)} sectors already in the graph kept as they are`);
  }
  if (bundle.occupations) {
    let widened = 0;
    out.occupations = bundle.occupations.map((occupation) => {
      const existing = graph.occupationSectors.get(occupation.id);
      if (!existing || existing.length === 0) return occupation;
      const extra = (occupation.sectorIds ?? []).filter((id) => !existing.includes(id));
      if (existing.some((id) => !(occupation.sectorIds ?? []).includes(id))) widened += 1;
      return { ...occupation, sectorIds: [...existing, ...extra] };
    });
    if (widened > 0) notes.push(`${formatNumber(widened)} occupations keep the sectors they already had in the graph`);
  }
  if (bundle.edges) {
    out.edges = bundle.edges.filter((e) => e.kind !== ADVANCES || !graph.advances.has(`${e.from}|${e.to}`));
    const kept = bundle.edges.length - out.edges.length;
    if (kept > 0) notes.push(`${formatNumber(kept)} ADVANCES_TO edges already in the graph kept as they are`);
  }
  return { bundle: out, notes };
}

/** Reads what `mergeWithGraph` needs, for the ids the bundle mentions only. */
export async function readExistingGraph(db: GraphDb, bundle: Bundle): Promise<ExistingGraph> {
  const advances = (bundle.edges ?? []).filter((e) => e.kind === ADVANCES).map((e) => ({ from: e.from, to: e.to }));
  return db.read('loaders.existing', async (tx) => ({
    regionIds: await existingIds(
      tx,
      'Region',
      (bundle.regions ?? []).map((r) => r.id),
    ),
    sectorIds: await existingIds(
      tx,
      'Sector',
      (bundle.sectors ?? []).map((s) => s.id),
    ),
    occupationSectors: await occupationSectors(
      tx,
      (bundle.occupations ?? []).map((o) => o.id),
    ),
    advances: await existingAdvances(tx, advances),
  }));
}

export { readKnownOccupations, readKnownPrograms, readPartnerIds };

/**
 * The occupations a load may point at: a companion O*NET load's first (they are what the graph
 * will hold after the load), then the graph's. None at all is an input error naming the fix.
 */
export async function occupationsForLoad(db: GraphDb, companion: Bundle | undefined): Promise<KnownOccupation[]> {
  const known = new Map<string, KnownOccupation>();
  for (const occupation of companion?.occupations ?? []) known.set(occupation.id, occupation);
  for (const occupation of await readKnownOccupations(db))
    if (!known.has(occupation.id)) known.set(occupation.id, occupation);
  if (known.size === 0)
    throw new LoaderInputError(
      'the graph holds no occupations: load O*NET first (npm run load:onet) or give --onet DIR',
    );
  return [...known.values()];
}

/** Merges two converted bundles (a companion O*NET load with OEWS wages) into one import. */
export function combineBundles(first: Bundle, second: Bundle): Bundle {
  const out: Bundle = { ...first, ...second };
  for (const key of Object.keys(second) as (keyof Bundle)[]) {
    const a = first[key];
    const b = second[key];
    if (!Array.isArray(a) || !Array.isArray(b)) continue;
    // Entities by id, first kept (both bundles may create the region `us`).
    const seen = new Set<string>();
    (out as Record<string, unknown>)[key] = ([...a, ...b] as unknown[]).filter((item) => {
      const id = (item as { id?: unknown }).id;
      if (!(key in ENTITY_KEYS) || typeof id !== 'string') return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  if (first.source && second.source) {
    out.source = {
      name: `${first.source.name ?? ''}; ${second.source.name ?? ''}`,
      license: `${first.source.license ?? ''}; ${second.source.license ?? ''}`,
    };
    if (second.source.url) out.source.url = second.source.url;
  }
  return out;
}

/** The import every loader ends with: existing graph → merge → `importBundle` (validation, one transaction). */
export async function importConverted(
  db: GraphDb,
  bundle: Bundle,
  options: { onProgress?: (done: number, total: number) => void; onMerged?: (notes: string[]) => void } = {},
): Promise<{ result: ImportResult; notes: string[] }> {
  const merged = mergeWithGraph(bundle, await readExistingGraph(db, bundle));
  options.onMerged?.(merged.notes);
  const result = await importBundle(db, merged.bundle, {
    writer: { keyName: 'cli', scope: 'admin' },
    onProgress: options.onProgress,
  });
  return { result, notes: merged.notes };
}
