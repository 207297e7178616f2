/**
 * The layered left-to-right layout: entry points on the left, then programs and the
 * credentials they award in the order a person can take them, then occupations with higher
 * wages further right. Context nodes (partners, supports, pathways, sectors, regions) sit in
 * the column of what they connect to. Pure and deterministic: it runs in a Web Worker for the
 * app and inline for the embed, and returns preset positions.
 */
import type { EntityKind, MapEdgeKind } from '../lib/vocab.ts';
import { KIND_ORDER } from './kinds.ts';

export interface LayoutNode {
  key: string;
  kind: EntityKind;
  /** An occupation's regional median wage, when known. */
  wage?: number | null;
}
export interface LayoutEdge {
  source: string;
  target: string;
  kind: MapEdgeKind;
}
export interface LayoutOptions {
  columnGap?: number;
  rowGap?: number;
  subColumnGap?: number;
  /** Occupation wage bands (columns), at most. */
  wageBands?: number;
}

/** Edges along which a person moves left to right, as [from is source?]. */
const FORWARD: Partial<Record<MapEdgeKind, boolean>> = {
  HOLDS: true,
  ENTERS: true,
  AWARDS: true,
  STACKS_INTO: true,
  ARTICULATES_TO: true,
  // A program requires a credential: the credential comes first.
  REQUIRES: false,
};
const LADDER = new Set<EntityKind>(['EntryPoint', 'Program', 'Credential']);

/** Positions as [x0, y0, x1, y1, …] in the order of `nodes`. */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions = {}): Float64Array {
  const columnGap = options.columnGap ?? 200;
  const rowGap = options.rowGap ?? 80;
  const subColumnGap = options.subColumnGap ?? 110;
  const n = nodes.length;
  const index = new Map<string, number>();
  for (const [i, node] of nodes.entries()) index.set(node.key, i);
  const kind = nodes.map((node) => node.kind);

  // Undirected neighbours (for ordering and context columns) and forward ladder edges.
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const edge of edges) {
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined || s === t) continue;
    (neighbours[s] as number[]).push(t);
    (neighbours[t] as number[]).push(s);
    const forward = FORWARD[edge.kind];
    if (forward === undefined) continue;
    const [from, to] = forward ? [s, t] : [t, s];
    if (!LADDER.has(kind[from] as EntityKind) || !LADDER.has(kind[to] as EntityKind)) continue;
    if (kind[to] === 'EntryPoint') continue;
    (succ[from] as number[]).push(to);
    (pred[to] as number[]).push(from);
  }

  // 1. Ladder columns: the longest path from the entry points (Kahn's order; a cycle in
  // untrusted data is broken at the node with the fewest unplaced predecessors).
  const column = new Int32Array(n).fill(-1);
  const waiting = new Int32Array(n);
  const queue: number[] = [];
  let ladderCount = 0;
  for (let i = 0; i < n; i++) {
    if (!LADDER.has(kind[i] as EntityKind)) continue;
    ladderCount++;
    waiting[i] = (pred[i] as number[]).length;
    if (waiting[i] === 0) queue.push(i);
  }
  const level = new Int32Array(n);
  for (let i = 0; i < n; i++) level[i] = kind[i] === 'EntryPoint' ? 0 : 1;
  let placed = 0;
  const done = new Uint8Array(n);
  const unplaced = () => {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (done[i] || !LADDER.has(kind[i] as EntityKind)) continue;
      if (best < 0 || (waiting[i] as number) < (waiting[best] as number)) best = i;
    }
    return best;
  };
  while (placed < ladderCount) {
    if (queue.length === 0) queue.push(unplaced());
    let head = 0;
    while (head < queue.length) {
      const u = queue[head++] as number;
      if (done[u]) continue;
      done[u] = 1;
      placed++;
      column[u] = level[u] as number;
      for (const v of succ[u] as number[]) {
        if (done[v]) continue;
        if ((level[v] as number) < (level[u] as number) + 1) level[v] = (level[u] as number) + 1;
        waiting[v] = (waiting[v] as number) - 1;
        if (waiting[v] === 0) queue.push(v);
      }
    }
    queue.length = 0;
  }
  // Pull sources that nothing leads to (a diploma, an orphan credential) next to what uses them.
  for (let i = 0; i < n; i++) {
    if (kind[i] === 'EntryPoint' || !LADDER.has(kind[i] as EntityKind) || (pred[i] as number[]).length > 0) continue;
    let min = Number.POSITIVE_INFINITY;
    for (const v of succ[i] as number[]) min = Math.min(min, column[v] as number);
    if (Number.isFinite(min)) column[i] = Math.max(1, min - 1);
  }
  let ladderEnd = 0;
  for (let i = 0; i < n; i++)
    if (LADDER.has(kind[i] as EntityKind)) ladderEnd = Math.max(ladderEnd, column[i] as number);

  // 2. Occupations: bands to the right, ordered by wage.
  const occupations = nodes
    .map((node, i) => ({ i, wage: node.kind === 'Occupation' ? (node.wage ?? -1) : null, key: node.key }))
    .filter((o) => o.wage !== null)
    .sort((a, b) => (a.wage as number) - (b.wage as number) || (a.key < b.key ? -1 : 1));
  const bands = Math.max(1, Math.min(options.wageBands ?? 4, occupations.length));
  const occupationStart = ladderCount > 0 ? ladderEnd + 1 : 0;
  occupations.forEach((o, rank) => {
    column[o.i] = occupationStart + Math.floor((rank * bands) / occupations.length);
  });
  const occupationEnd = occupations.length > 0 ? occupationStart + bands - 1 : occupationStart - 1;
  const lastColumn = Math.max(ladderEnd, occupationEnd, 0);

  // 3. Context: the mean column of what a node connects to (sectors right, regions left).
  for (let i = 0; i < n; i++) {
    if ((column[i] as number) >= 0) continue;
    const k = kind[i] as EntityKind;
    if (k === 'Region') column[i] = 0;
    else if (k === 'Sector') column[i] = lastColumn + 1;
    else {
      let sum = 0;
      let count = 0;
      for (const v of neighbours[i] as number[]) {
        const c = column[v] as number;
        if (c >= 0 && (LADDER.has(kind[v] as EntityKind) || kind[v] === 'Occupation')) {
          sum += c;
          count++;
        }
      }
      column[i] = count > 0 ? Math.round(sum / count) : k === 'Support' ? 0 : Math.round(lastColumn / 2);
    }
  }

  // 4. Order within columns: kind then key, then barycentre sweeps over all neighbours.
  // Each column has three bands: who offers it (partners, pathways) above, the ladder in the
  // middle, what helps (supports, regions) below; bands line up across columns.
  let columns = 0;
  for (let i = 0; i < n; i++) columns = Math.max(columns, (column[i] as number) + 1);
  const bandOf = (k: EntityKind) =>
    k === 'Partner' || k === 'Pathway' ? 0 : k === 'Support' || k === 'Region' ? 2 : 1;
  const cells: number[][][] = Array.from({ length: columns }, () => [[], [], []]);
  const kindRank = new Map(KIND_ORDER.map((k, r) => [k, r]));
  const order = [...nodes.keys()].sort(
    (a, b) =>
      (kindRank.get(kind[a] as EntityKind) ?? 0) - (kindRank.get(kind[b] as EntityKind) ?? 0) ||
      ((nodes[a] as LayoutNode).key < (nodes[b] as LayoutNode).key ? -1 : 1),
  );
  for (const i of order) (cells[column[i] as number] as number[][])[bandOf(kind[i] as EntityKind)]?.push(i);
  const groups = cells.flat();
  const rel = new Float64Array(n);
  const refresh = () => {
    for (const group of groups) {
      for (const [r, i] of group.entries()) rel[i] = group.length > 1 ? r / (group.length - 1) : 0.5;
    }
  };
  refresh();
  const bary = new Float64Array(n);
  for (let sweep = 0; sweep < 8; sweep++) {
    for (let i = 0; i < n; i++) {
      const list = neighbours[i] as number[];
      if (list.length === 0) {
        bary[i] = rel[i] as number;
        continue;
      }
      let sum = 0;
      for (const v of list) sum += rel[v] as number;
      // Keep a little of the current place so the sweeps settle.
      bary[i] = 0.8 * (sum / list.length) + 0.2 * (rel[i] as number);
    }
    for (const group of groups) group.sort((a, b) => (bary[a] as number) - (bary[b] as number) || a - b);
    refresh();
  }

  // 5. Coordinates: tall groups wrap into staggered sub-columns to keep the map wide.
  const maxPerColumn = Math.max(10, Math.ceil(Math.sqrt(n) * 1.2));
  const shape = cells.map((bands) =>
    bands.map((group) => {
      const subs = Math.max(1, Math.ceil(group.length / maxPerColumn));
      return { subs, rows: Math.ceil(group.length / subs) };
    }),
  );
  const bandRows = [0, 1, 2].map((b) => Math.max(0, ...shape.map((bands) => (bands[b] as { rows: number }).rows)));
  const bandGap = rowGap * 0.75;
  const middleHalf = (((bandRows[1] as number) - 1) * rowGap) / 2;
  const out = new Float64Array(n * 2);
  let x = 0;
  cells.forEach((bands, c) => {
    const widest = Math.max(...(shape[c] as { subs: number }[]).map((s) => s.subs));
    if (bands.every((g) => g.length === 0)) {
      x += columnGap / 2;
      return;
    }
    bands.forEach((group, b) => {
      const { subs, rows } = (shape[c] as { subs: number; rows: number }[])[b] as { subs: number; rows: number };
      group.forEach((i, r) => {
        const sub = r % subs;
        const row = Math.floor(r / subs);
        const stagger = subs > 1 ? (sub * rowGap) / subs : 0;
        let y: number;
        if (b === 1) y = (row - (rows - 1) / 2) * rowGap + stagger;
        // The top band grows upwards from the middle band, the bottom band downwards.
        else if (b === 0) y = -middleHalf - bandGap - (rows - 1 - row) * rowGap - stagger;
        else y = middleHalf + bandGap + row * rowGap + stagger;
        out[2 * i] = x + sub * subColumnGap + ((widest - subs) * subColumnGap) / 2;
        out[2 * i + 1] = y;
      });
    });
    x += (widest - 1) * subColumnGap + columnGap;
  });
  return out;
}
