/**
 * The copy-on-write graph for the what-ifs analysts ask most — an articulation agreement or a
 * stacking agreement added (or its credits changed), which is also every candidate that
 * `suggestions` scores: a change of STACKS_INTO and ARTICULATES_TO edges only. Such an edge
 * changes the credit toward a few programs (the articulation's program; the programs awarding
 * what a credential stacks into) and nothing else, so the graph after it is the snapshot's
 * overlay index (index-overlay.ts) whose engine tables are the snapshot's with those programs'
 * credit recomputed: the route graph (routeGraphWithCredit), the gap graph (gapGraphWithCredit)
 * and the credit losses (creditLossesWithCredit), each next to the builder it must agree with.
 * Any other table an engine asks for is built on the overlay as usual (correct, if slower).
 */
import { type GapGraph, gapGraphOf, gapGraphWithCredit } from '../gaps/gap-graph.ts';
import { creditLosses, creditLossesWithCredit } from '../gaps/graph-wide-gaps.ts';
import type { Bundle, Edge } from '../model/bundle.ts';
import type { DerivedView } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { type RouteGraph, routeGraphOf, routeGraphWithCredit } from '../routing/route-graph.ts';
import { overlayIndex } from './index-overlay.ts';
import type { WhatIfChange } from './whatif-reference.ts';

type CreditEdge = Extract<Edge, { kind: 'STACKS_INTO' | 'ARTICULATES_TO' }>;

/** The change's edges when it is credit edges only (no removal, no other key), else undefined. */
export function creditEdgesOnly(change: WhatIfChange): CreditEdge[] | undefined {
  const { fragment } = change;
  if (!fragment || change.removeIds.length > 0) return undefined;
  for (const [key, value] of Object.entries(fragment)) {
    if (key === 'format' || key === 'version' || key === 'edges' || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    return undefined;
  }
  const edges = fragment.edges ?? [];
  if (edges.length === 0) return undefined;
  if (!edges.every((e) => e.kind === 'STACKS_INTO' || e.kind === 'ARTICULATES_TO')) return undefined;
  return edges as CreditEdge[];
}

/**
 * The overlay's credit adjacency (stacksFrom, articulatesFrom, articulatesTo): the snapshot's,
 * with the lists of the credentials and programs the changed edges name rebuilt — by the
 * GraphIndex constructor, over every credit edge of the changed bundle that names them, so each
 * list is what a fresh index would hold. The other edge tables do not read credit edges.
 */
function patchCreditTables(base: GraphIndex, overlay: GraphIndex, bundle: Bundle, edges: CreditEdge[]): void {
  const froms = new Set(edges.map((e) => e.from));
  const programs = new Set(edges.filter((e) => e.kind === 'ARTICULATES_TO').map((e) => e.to));
  const named = (bundle.edges ?? []).filter(
    (e) =>
      (e.kind === 'STACKS_INTO' || e.kind === 'ARTICULATES_TO') &&
      (froms.has(e.from) || (e.kind === 'ARTICULATES_TO' && programs.has(e.to))),
  );
  const part = new GraphIndex({ format: bundle.format, version: bundle.version, edges: named });
  const patch = <V>(table: ReadonlyMap<string, V>, fresh: ReadonlyMap<string, V>, keys: Iterable<string>) => {
    const out = new Map(table);
    for (const key of keys) {
      const list = fresh.get(key);
      if (list === undefined) out.delete(key);
      else out.set(key, list);
    }
    return out;
  };
  const target = overlay as unknown as Record<string, unknown>;
  target.stacksFrom = patch(base.stacksFrom, part.stacksFrom, froms);
  target.articulatesFrom = patch(base.articulatesFrom, part.articulatesFrom, froms);
  target.articulatesTo = patch(base.articulatesTo, part.articulatesTo, programs);
}

/** The programs (by route-graph and gap-graph number) whose credit the edges change. */
function creditTargets(route: RouteGraph, gap: GapGraph, edges: CreditEdge[]) {
  const routePrograms = new Set<number>();
  const gapPrograms = new Set<number>();
  for (const edge of edges) {
    if (edge.kind === 'ARTICULATES_TO') {
      const p = route.programIndex.get(edge.to);
      if (p !== undefined) routePrograms.add(p);
      gapPrograms.add(gap.programs.of(edge.to));
    } else {
      const c = route.credentialIndex.get(edge.to);
      for (const p of c === undefined ? [] : (route.awardedBy[c] ?? [])) routePrograms.add(p);
      for (const p of gap.awardedBy.of(gap.credentials.of(edge.to))) gapPrograms.add(p);
    }
  }
  return { routePrograms, gapPrograms, stacking: edges.some((e) => e.kind === 'STACKS_INTO') };
}

/** The graph after a credit-edges-only change (see above); `bundle` is the changed bundle. */
export function creditOverlay(base: GraphIndex, bundle: Bundle, edges: CreditEdge[]): GraphIndex {
  const overlay = overlayIndex(base, bundle, ['edges']);
  patchCreditTables(base, overlay, bundle, edges);
  const route = routeGraphOf(base);
  const gap = gapGraphOf(base);
  const { routePrograms, gapPrograms, stacking } = creditTargets(route, gap, edges);
  const patches: Record<string, () => unknown> = {
    'route-graph': () => routeGraphWithCredit(route, overlay, routePrograms),
    'gap-graph': () => gapGraphWithCredit(gap, overlay, gapPrograms, stacking),
    'credit-losses': () => creditLossesWithCredit(creditLosses(gap), gapGraphOf(overlay), gapPrograms),
  };
  const own = new Map<DerivedView<unknown>, unknown>();
  // The overlay's own memo of views: a patched table where one is known, else the view's build.
  overlay.derived = <T>(view: DerivedView<T>): T => {
    if (own.has(view as DerivedView<unknown>)) return own.get(view as DerivedView<unknown>) as T;
    const patch = patches[view.name];
    const value = (patch ? patch() : view.build(overlay)) as T;
    own.set(view as DerivedView<unknown>, value);
    return value;
  };
  return overlay;
}
