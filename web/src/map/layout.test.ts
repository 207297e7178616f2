import { describe, expect, it } from 'vitest';
import { type LayoutEdge, type LayoutNode, layeredLayout } from './layout.ts';
import { syntheticElements } from './synthetic.ts';

function place(nodes: LayoutNode[], edges: LayoutEdge[]) {
  const xy = layeredLayout(nodes, edges);
  const at = new Map(nodes.map((node, i) => [node.key, { x: xy[2 * i] as number, y: xy[2 * i + 1] as number }]));
  return (key: string) => at.get(key) as { x: number; y: number };
}

const nodes: LayoutNode[] = [
  { key: 'EntryPoint:ep', kind: 'EntryPoint' },
  { key: 'Credential:intake', kind: 'Credential' },
  { key: 'Program:hse', kind: 'Program' },
  { key: 'Credential:ged', kind: 'Credential' },
  { key: 'Program:cna', kind: 'Program' },
  { key: 'Credential:cna', kind: 'Credential' },
  { key: 'Occupation:aide', kind: 'Occupation', wage: 39_000 },
  { key: 'Occupation:lvn', kind: 'Occupation', wage: 62_000 },
  { key: 'Occupation:rn', kind: 'Occupation', wage: 93_000 },
  { key: 'Partner:college', kind: 'Partner' },
  { key: 'Sector:health', kind: 'Sector' },
];
const edges: LayoutEdge[] = [
  { source: 'EntryPoint:ep', target: 'Program:hse', kind: 'ENTERS' },
  { source: 'Program:hse', target: 'Credential:intake', kind: 'REQUIRES' },
  { source: 'Program:hse', target: 'Credential:ged', kind: 'AWARDS' },
  { source: 'Program:cna', target: 'Credential:ged', kind: 'REQUIRES' },
  { source: 'Program:cna', target: 'Credential:cna', kind: 'AWARDS' },
  { source: 'Credential:cna', target: 'Occupation:aide', kind: 'QUALIFIES_FOR' },
  { source: 'Credential:cna', target: 'Occupation:rn', kind: 'QUALIFIES_FOR' },
  { source: 'Credential:ged', target: 'Occupation:lvn', kind: 'QUALIFIES_FOR' },
  { source: 'Program:cna', target: 'Partner:college', kind: 'OFFERED_BY' },
  { source: 'Occupation:rn', target: 'Sector:health', kind: 'IN_SECTOR' },
];

describe('layeredLayout', () => {
  it('runs left to right: entry, ladder, occupations by wage, sector', () => {
    const at = place(nodes, edges);
    expect(at('EntryPoint:ep').x).toBeLessThan(at('Program:hse').x);
    expect(at('Credential:intake').x).toBeLessThan(at('Program:hse').x);
    expect(at('Program:hse').x).toBeLessThan(at('Credential:ged').x);
    expect(at('Credential:ged').x).toBeLessThan(at('Program:cna').x);
    expect(at('Program:cna').x).toBeLessThan(at('Credential:cna').x);
    expect(at('Credential:cna').x).toBeLessThan(at('Occupation:aide').x);
    expect(at('Occupation:aide').x).toBeLessThan(at('Occupation:lvn').x);
    expect(at('Occupation:lvn').x).toBeLessThan(at('Occupation:rn').x);
    expect(at('Occupation:rn').x).toBeLessThan(at('Sector:health').x);
    // The partner sits in the column of the program it offers.
    expect(at('Partner:college').x).toBe(at('Program:cna').x);
  });

  it('is deterministic and never stacks two nodes on one point', () => {
    const a = layeredLayout(nodes, edges);
    expect(layeredLayout(nodes, edges)).toEqual(a);
    const points = new Set<string>();
    for (let i = 0; i < nodes.length; i++) points.add(`${a[2 * i]},${a[2 * i + 1]}`);
    expect(points.size).toBe(nodes.length);
  });

  it('survives a cycle in the data', () => {
    const cyclic: LayoutEdge[] = [
      { source: 'Credential:a', target: 'Credential:b', kind: 'STACKS_INTO' },
      { source: 'Credential:b', target: 'Credential:a', kind: 'STACKS_INTO' },
    ];
    const xy = layeredLayout(
      [
        { key: 'Credential:a', kind: 'Credential' },
        { key: 'Credential:b', kind: 'Credential' },
      ],
      cyclic,
    );
    expect([...xy].every(Number.isFinite)).toBe(true);
  });

  it('lays out 10,000 elements quickly', () => {
    const { nodes: big, edges: bigEdges } = syntheticElements(10_000);
    const started = performance.now();
    const xy = layeredLayout(big, bigEdges);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(xy.length).toBe(big.length * 2);
    expect([...xy].every(Number.isFinite)).toBe(true);
  });
});
