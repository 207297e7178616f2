/**
 * How each kind of node and edge looks: one data module for the Cytoscape map, the embed's
 * SVG map and the legends, so the three always agree. Colours are the Okabe–Ito palette
 * (distinguishable with colour-vision deficiencies); shapes differ too, so colour is never
 * the only cue.
 */
import type { EntityKind, MapEdgeKind } from '../lib/vocab.ts';

export type NodeShape =
  | 'diamond'
  | 'round-rectangle'
  | 'hexagon'
  | 'ellipse'
  | 'rectangle'
  | 'round-triangle'
  | 'octagon'
  | 'tag'
  | 'star';

export interface NodeLook {
  color: string;
  shape: NodeShape;
  /** Width and height in model units. */
  size: [number, number];
  /** The CSS variable the embed lets a host page override. */
  cssVar: string;
}

export const NODE_LOOKS: Record<EntityKind, NodeLook> = {
  EntryPoint: { color: '#E69F00', shape: 'diamond', size: [46, 46], cssVar: '--pm-entry-point' },
  Program: { color: '#0072B2', shape: 'round-rectangle', size: [54, 34], cssVar: '--pm-program' },
  Credential: { color: '#009E73', shape: 'hexagon', size: [42, 38], cssVar: '--pm-credential' },
  Occupation: { color: '#CC79A7', shape: 'ellipse', size: [48, 48], cssVar: '--pm-occupation' },
  Partner: { color: '#56B4E9', shape: 'rectangle', size: [36, 30], cssVar: '--pm-partner' },
  Support: { color: '#F0E442', shape: 'round-triangle', size: [38, 34], cssVar: '--pm-support' },
  Sector: { color: '#D55E00', shape: 'octagon', size: [40, 40], cssVar: '--pm-sector' },
  Pathway: { color: '#8E6BBF', shape: 'tag', size: [46, 32], cssVar: '--pm-pathway' },
  Region: { color: '#8C8C8C', shape: 'star', size: [40, 40], cssVar: '--pm-region' },
};

/** Kinds in the order the legend lists them: the flow first, the context after. */
export const KIND_ORDER: EntityKind[] = [
  'EntryPoint',
  'Program',
  'Credential',
  'Occupation',
  'Partner',
  'Support',
  'Pathway',
  'Sector',
  'Region',
];

/** The kinds a person moves through; the rest is context (who, where, what helps). */
export const FLOW_KINDS = new Set<EntityKind>(['EntryPoint', 'Program', 'Credential', 'Occupation']);

export interface EdgeLook {
  color: string;
  width: number;
  /** Part of how a person moves (drawn strong) or context (drawn faint). */
  flow: boolean;
}

const context = (color = '#B5B5B5'): EdgeLook => ({ color, width: 1, flow: false });
export const EDGE_LOOKS: Record<MapEdgeKind, EdgeLook> = {
  HOLDS: { color: '#E69F00', width: 2, flow: true },
  ENTERS: { color: '#B97F00', width: 2, flow: true },
  REQUIRES: { color: '#6B6B6B', width: 2, flow: true },
  AWARDS: { color: '#0072B2', width: 2, flow: true },
  STACKS_INTO: { color: '#009E73', width: 3, flow: true },
  ARTICULATES_TO: { color: '#007A5A', width: 3, flow: true },
  QUALIFIES_FOR: { color: '#B0589A', width: 2, flow: true },
  ADVANCES_TO: { color: '#8E3B7A', width: 2, flow: true },
  HIRES: context('#D55E00'),
  OFFERED_BY: context(),
  SUPPORTS: context('#C9BE2A'),
  ISSUED_BY: context(),
  IN_SECTOR: context(),
  INCLUDES: context('#A993CF'),
  LEADS_TO: context('#A993CF'),
  PARTNER_IN: context(),
  PART_OF: context(),
  // Vermilion-red, thick: its width is the transition rate on the map.
  TRANSITION: { color: '#CC3311', width: 3, flow: true },
};

/** The indicator colour scale of programs (light: low, dark: high; one hue, readable without colour vision). */
export const INDICATOR_LOW = '#E8F1FA';
export const INDICATOR_HIGH = '#08306B';

/** Edge kinds the legend shows (the faint grey context kinds share one entry). */
export const LEGEND_EDGES: MapEdgeKind[] = [
  'ENTERS',
  'HOLDS',
  'REQUIRES',
  'AWARDS',
  'STACKS_INTO',
  'ARTICULATES_TO',
  'QUALIFIES_FOR',
  'ADVANCES_TO',
  'TRANSITION',
  'HIRES',
  'SUPPORTS',
  'INCLUDES',
  'OFFERED_BY',
];

/** The polygon of a shape in a unit box (-1..1), for the SVG map and the legend swatches. */
export function shapePoints(shape: NodeShape): [number, number][] | 'ellipse' | 'rect' | 'round-rect' {
  switch (shape) {
    case 'ellipse':
      return 'ellipse';
    case 'rectangle':
      return 'rect';
    case 'round-rectangle':
      return 'round-rect';
    case 'diamond':
      return [
        [0, -1],
        [1, 0],
        [0, 1],
        [-1, 0],
      ];
    case 'hexagon':
      return [
        [-1, 0],
        [-0.5, -1],
        [0.5, -1],
        [1, 0],
        [0.5, 1],
        [-0.5, 1],
      ];
    case 'octagon': {
      const a = 0.414;
      return [
        [-a, -1],
        [a, -1],
        [1, -a],
        [1, a],
        [a, 1],
        [-a, 1],
        [-1, a],
        [-1, -a],
      ];
    }
    case 'round-triangle':
      return [
        [0, -1],
        [1, 1],
        [-1, 1],
      ];
    case 'tag':
      return [
        [-1, -1],
        [0.5, -1],
        [1, 0],
        [0.5, 1],
        [-1, 1],
      ];
    case 'star': {
      const points: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? 1 : 0.45;
        const angle = (Math.PI / 5) * i - Math.PI / 2;
        points.push([Math.round(r * Math.cos(angle) * 1000) / 1000, Math.round(r * Math.sin(angle) * 1000) / 1000]);
      }
      return points;
    }
  }
}
