/**
 * The what-if engine the API answers with. It gives the same answers as whatif-reference.ts (its
 * twin; whatif.property.test.ts compares them on random graphs), but:
 *
 * - the side before the change is the snapshot's, which never changes: its best routes and gaps
 *   per question (region, household, objective) are computed once and kept by the snapshot's
 *   index (bounded), so a what-if, and every candidate of a `suggestions` call, asks only the
 *   graph after the change;
 * - a change that touches nothing the answer reads is not rebuilt at all (the index is shared);
 * - gaps are compared by (kind, subjectId) only, so the rules run without building the messages
 *   and evidence a `gaps` answer carries.
 *
 * The graph after the change is still built as a fresh GraphIndex (with only the route and gap
 * tables the answer needs): see the README for what a copy-on-write overlay of those tables needs.
 */
import { gapGraphOf, regionContext } from '../gaps/gap-graph.ts';
import { type GapKind, parseGapFilter } from '../gaps/gap-input.ts';
import { GRAPH_WIDE_KINDS, REGIONAL_KINDS, runRegional } from '../gaps/gap-kinds.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { creditEdgesOnly, creditOverlay } from './credit-overlay.ts';
import { changedBundle } from './fragment.ts';
import { overlayIndex } from './index-overlay.ts';
import {
  compareSides,
  type GapKey,
  gapKeyText,
  routesSide,
  type Side,
  type SideQuestion,
  type WhatIfAnswer,
} from './whatif-compare.ts';
import { checkRegionKept, type WhatIfEngine } from './whatif-reference.ts';

/** Questions whose before side one snapshot keeps (least recently used first out). */
const BEFORE_ENTRIES = 32;

const BEFORE = defineView('whatif-before-sides', () => new Map<string, Side>());

const questionKey = (q: SideQuestion) => `${q.regionId}\u0000${q.household}\u0000${q.objective}`;

/**
 * Graph-wide kinds that read no STACKS_INTO or ARTICULATES_TO edge (CREDIT_LOSS, the one that
 * does, is evaluated per region from the credit losses): after a credit-edges-only change their
 * findings are the snapshot's.
 */
const CREDIT_BLIND_KINDS: ReadonlySet<GapKind> = new Set(['NO_EXIT_POINT', 'SECTOR_WITHOUT_EMPLOYER', 'ORPHAN']);

/**
 * The (kind, subjectId) gaps of R as findGaps reports them for one region, without messages.
 * With `same`, the findings of those graph-wide kinds are taken from `from` (a side whose graph
 * they cannot tell apart from this one) instead of being run again.
 */
export function gapKeysOnly(
  index: GraphIndex,
  q: SideQuestion,
  reuse?: { same: ReadonlySet<GapKind>; from: ReadonlyMap<string, GapKey> },
): Map<string, GapKey> {
  const out = new Map<string, GapKey>();
  const add = (key: GapKey) => out.set(gapKeyText(key), key);
  const graph = gapGraphOf(index);
  if (reuse) for (const key of reuse.from.values()) if (reuse.same.has(key.kind)) add(key);
  for (const descriptor of GRAPH_WIDE_KINDS) {
    if (reuse?.same.has(descriptor.kind)) continue;
    for (const finding of descriptor.run(graph)) add({ kind: finding.kind, subjectId: finding.subjectId });
  }
  const { floors } = parseGapFilter({ regionId: q.regionId, household: q.household });
  const ctx = regionContext(graph, q.regionId, q.household, floors);
  for (const rule of REGIONAL_KINDS) {
    const result = runRegional(rule, graph, ctx, undefined);
    if (!result) continue;
    const ids = rule.subjectIds(graph);
    for (const s of result.subjects) add({ kind: rule.kind, subjectId: ids[s] as string });
  }
  return out;
}

function sideOf(index: GraphIndex, q: SideQuestion, reuse?: Parameters<typeof gapKeysOnly>[2]): Side {
  return { routes: routesSide(index, q), gaps: gapKeysOnly(index, q, reuse) };
}

/** The snapshot's side of a question, computed once per index. */
export function beforeSide(index: GraphIndex, q: SideQuestion): Side {
  const sides = index.derived(BEFORE);
  const key = questionKey(q);
  const hit = sides.get(key);
  if (hit) {
    sides.delete(key);
    sides.set(key, hit);
    return hit;
  }
  const side = sideOf(index, q);
  sides.set(key, side);
  if (sides.size > BEFORE_ENTRIES) sides.delete(sides.keys().next().value as string);
  return side;
}

export const whatIfFast: WhatIfEngine = (index, change): WhatIfAnswer => {
  const q = change.question;
  const before = { index, side: beforeSide(index, q) };
  const bundle = changedBundle(index.bundle, change.fragment, change.removeIds);
  if (bundle === index.bundle) return compareSides(q, before, before);
  const credit = creditEdgesOnly(change);
  const after = credit ? creditOverlay(index, bundle, credit) : overlayIndex(index, bundle);
  checkRegionKept(after, change);
  const reuse = credit ? { same: CREDIT_BLIND_KINDS, from: before.side.gaps } : undefined;
  return compareSides(q, before, { index: after, side: sideOf(after, q, reuse) });
};
