/**
 * Synthetic map elements of a given size, shaped like a real pathway graph (ladders of
 * programs and credentials, occupations with wages, partners and supports around them), for
 * the layout tests and the render benchmark. Seeded, so every run draws the same graph.
 */
import type { EntityKind, MapEdgeKind } from '../lib/vocab.ts';
import type { LayoutEdge, LayoutNode } from './layout.ts';

export interface SyntheticNode extends LayoutNode {
  id: string;
  label: string;
}
export interface SyntheticEdge extends LayoutEdge {
  id: string;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHARE: [EntityKind, number][] = [
  ['EntryPoint', 0.03],
  ['Program', 0.3],
  ['Credential', 0.3],
  ['Occupation', 0.15],
  ['Partner', 0.08],
  ['Support', 0.08],
  ['Pathway', 0.03],
  ['Sector', 0.02],
  ['Region', 0.01],
];

/** About `elements` nodes and edges in all (two edges for every three nodes… roughly 40% nodes). */
export function syntheticElements(elements: number, seed = 7): { nodes: SyntheticNode[]; edges: SyntheticEdge[] } {
  const random = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const nodeCount = Math.max(SHARE.length, Math.round(elements * 0.4));
  const nodes: SyntheticNode[] = [];
  const byKind = new Map<EntityKind, SyntheticNode[]>();
  for (const [kind, share] of SHARE) {
    const list: SyntheticNode[] = [];
    const count = Math.max(1, Math.round(nodeCount * share));
    for (let i = 0; i < count; i++) {
      const id = `${kind.toLowerCase()}-${i}`;
      const node: SyntheticNode = {
        id,
        key: `${kind}:${id}`,
        kind,
        label: `${kind} ${i}`,
        wage: kind === 'Occupation' ? 30_000 + Math.round(random() * 90_000) : undefined,
      };
      list.push(node);
      nodes.push(node);
    }
    byKind.set(kind, list);
  }
  const list = (kind: EntityKind) => byKind.get(kind) as SyntheticNode[];
  const edges: SyntheticEdge[] = [];
  const seen = new Set<string>();
  const edge = (kind: MapEdgeKind, source: SyntheticNode, target: SyntheticNode) => {
    const id = `${kind}:${source.key}->${target.key}`;
    if (seen.has(id) || edges.length >= elements - nodes.length) return;
    seen.add(id);
    edges.push({ id, kind, source: source.key, target: target.key });
  };
  // Ladders: program i awards credential i and requires a credential from an earlier rung.
  const programs = list('Program');
  const credentials = list('Credential');
  programs.forEach((program, i) => {
    edge('AWARDS', program, credentials[i % credentials.length] as SyntheticNode);
    if (i > 10 && random() < 0.8) edge('REQUIRES', program, credentials[Math.floor(random() * i)] as SyntheticNode);
    edge('OFFERED_BY', program, pick(list('Partner')));
  });
  for (const ep of list('EntryPoint')) for (let k = 0; k < 3; k++) edge('ENTERS', ep, pick(programs.slice(0, 40)));
  for (const credential of credentials) edge('QUALIFIES_FOR', credential, pick(list('Occupation')));
  for (const support of list('Support')) edge('SUPPORTS', support, pick(programs));
  for (const occupation of list('Occupation')) edge('IN_SECTOR', occupation, pick(list('Sector')));
  for (const pathway of list('Pathway')) for (let k = 0; k < 4; k++) edge('INCLUDES', pathway, pick(programs));
  // Top up with more of the same until the element budget is spent.
  let guard = 0;
  while (nodes.length + edges.length < elements && guard++ < elements * 4) {
    const r = random();
    if (r < 0.3) {
      const i = Math.floor(random() * programs.length);
      if (i > 0) edge('REQUIRES', programs[i] as SyntheticNode, credentials[Math.floor(random() * i)] as SyntheticNode);
    } else if (r < 0.5) edge('QUALIFIES_FOR', pick(credentials), pick(list('Occupation')));
    else if (r < 0.7) edge('SUPPORTS', pick(list('Support')), pick(programs));
    else if (r < 0.85) edge('HIRES', pick(list('Partner')), pick(list('Occupation')));
    else {
      const a = Math.floor(random() * credentials.length);
      const b = Math.floor(random() * credentials.length);
      if (a < b) edge('STACKS_INTO', credentials[a] as SyntheticNode, credentials[b] as SyntheticNode);
    }
  }
  return { nodes, edges };
}
