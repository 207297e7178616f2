/**
 * The graph after a what-if's change as a GraphIndex that shares, by reference, every table of
 * the snapshot's index whose source list the change left untouched. Each table of GraphIndex is
 * built from exactly one bundle list (`wages` from `occupationWages`, the edge adjacency from
 * `edges`, …: OVERLAY_SOURCES); the changed bundle keeps the very same array for every list the
 * change does not touch (fragment.ts), so only the tables of touched lists are rebuilt — by the
 * GraphIndex constructor itself, over that one list, so they are what a fresh index would hold.
 * The snapshot's index is never written to; the overlay has views of its own.
 * index-overlay.test.ts fails when GraphIndex gains a table this list does not place.
 */
import type { Bundle } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';

export type SourceKey = Exclude<keyof Bundle, 'format' | 'version' | 'source'>;

/** Which GraphIndex tables each bundle list feeds. */
export const OVERLAY_SOURCES: Record<SourceKey, readonly string[]> = {
  regions: ['regions', 'children', 'rootRegions'],
  sectors: ['sectors'],
  occupations: ['occupations', 'occupationsBySector'],
  partners: ['partners'],
  credentials: ['credentials', 'credentialsByIssuer'],
  programs: [
    'programs',
    'awardedBy',
    'requiredBy',
    'programsByProvider',
    'programsByRegion',
    'programsEverywhere',
    'programPosition',
  ],
  entryPoints: ['entryPoints', 'entryPointsByProgram', 'entryPointsByHeld'],
  supports: ['supports', 'supportsByProgram', 'supportsByRegion'],
  pathways: ['pathways', 'pathwaysBySector', 'pathwaysByProgram', 'rolesByPartner'],
  edges: ['stacksFrom', 'articulatesFrom', 'articulatesTo', 'qualifiesFor', 'qualifiedBy', 'advancesTo', 'hiredBy'],
  occupationWages: ['wages'],
  wageThresholds: ['thresholds'],
  outcomes: ['outcomesByProgram'],
  transitions: ['transitionsFrom', 'transitionsTo'],
  // A write's deletions (the snapshot's bundle never holds any): no table.
  remove: [],
};

/** Properties of a GraphIndex that are not tables: its bundle and its own memo of views. */
export const OVERLAY_OWN = ['bundle', 'views'] as const;

/**
 * An index of `bundle` (the snapshot's bundle with some lists replaced) sharing `base`'s untouched
 * tables. The tables of the lists in `patched` are shared too: the caller replaces those it knows
 * the change touched (credit-overlay.ts).
 */
export function overlayIndex(base: GraphIndex, bundle: Bundle, patched: readonly SourceKey[] = []): GraphIndex {
  const overlay = new GraphIndex({ format: bundle.format, version: bundle.version });
  const target = overlay as unknown as Record<string, unknown>;
  const from = base as unknown as Record<string, unknown>;
  for (const key of Object.keys(from)) {
    if (!(OVERLAY_OWN as readonly string[]).includes(key)) target[key] = from[key];
  }
  target.bundle = bundle;
  for (const [source, tables] of Object.entries(OVERLAY_SOURCES) as [SourceKey, readonly string[]][]) {
    if (bundle[source] === base.bundle[source] || patched.includes(source)) continue;
    const part = new GraphIndex({ format: bundle.format, version: bundle.version, [source]: bundle[source] });
    const built = part as unknown as Record<string, unknown>;
    for (const table of tables) target[table] = built[table];
  }
  return overlay;
}
