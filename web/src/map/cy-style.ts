/** The Cytoscape stylesheet, built from the kinds data module. */
import type { StylesheetJson } from 'cytoscape';
import { ENTITY_KINDS, MAP_EDGE_KINDS } from '../lib/vocab.ts';
import { EDGE_LOOKS, INDICATOR_HIGH, INDICATOR_LOW, NODE_LOOKS } from './kinds.ts';

function darker(hex: string, factor = 0.6): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const c = (shift: number) => Math.round(((n >> shift) & 255) * factor);
  return `rgb(${c(16)}, ${c(8)}, ${c(0)})`;
}

export function cyStyle(): StylesheetJson {
  const sheet: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 13,
        'font-family': 'system-ui, "DejaVu Sans", sans-serif',
        color: '#1b1b1b',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '150px',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        'min-zoomed-font-size': 6,
        'border-width': 1,
      },
    },
    {
      selector: 'edge',
      style: {
        'curve-style': 'straight',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        opacity: 0.85,
      },
    },
  ];
  for (const kind of ENTITY_KINDS) {
    const look = NODE_LOOKS[kind];
    sheet.push({
      selector: `node[kind = "${kind}"]`,
      style: {
        'background-color': look.color,
        'border-color': darker(look.color),
        shape: look.shape,
        width: look.size[0],
        height: look.size[1],
      },
    });
  }
  for (const kind of MAP_EDGE_KINDS) {
    const look = EDGE_LOOKS[kind];
    sheet.push({
      selector: `edge[kind = "${kind}"]`,
      style: {
        'line-color': look.color,
        'target-arrow-color': look.color,
        width: look.width,
        opacity: look.flow ? 0.9 : 0.55,
      },
    });
  }
  sheet.push(
    // Overview groups (MapView.setGroups): size by how many they hold, links by how many edges.
    {
      selector: 'node[kind = "Group"]',
      style: {
        'background-color': '#5b8fd1',
        'border-color': '#0b3d66',
        shape: 'ellipse',
        width: 'mapData(weight, 0, 1, 14, 64)',
        height: 'mapData(weight, 0, 1, 14, 64)',
        'font-size': 11,
        'text-wrap': 'wrap',
        'text-max-width': '150px',
      },
    },
    {
      selector: 'edge[kind = "GROUP_LINK"]',
      style: {
        'line-color': '#8a96a3',
        'target-arrow-shape': 'none',
        width: 'mapData(weight, 0, 1, 0.5, 6)',
        opacity: 0.35,
      },
    },
    // A transition's width is its rate (0 → thin, 1 → thick); one without completers is dashed.
    { selector: 'edge[kind = "TRANSITION"][rate >= 0]', style: { width: 'mapData(rate, 0, 1, 1.5, 12)' } },
    { selector: 'edge[kind = "TRANSITION"][!rate][rate != 0]', style: { 'line-style': 'dashed' } },
    // Programs coloured by an indicator (scaled to 0..1 by the page); white and dashed without data.
    { selector: 'node.ind', style: { 'background-color': `mapData(ind, 0, 1, ${INDICATOR_LOW}, ${INDICATOR_HIGH})` } },
    {
      selector: 'node.ind-none',
      style: { 'background-color': '#ffffff', 'border-style': 'dashed', 'border-width': 2, 'border-color': '#333333' },
    },
    { selector: 'node.faded', style: { opacity: 0.15, 'text-opacity': 0.2 } },
    { selector: 'edge.faded', style: { opacity: 0.06 } },
    {
      selector: 'node.highlighted',
      style: { 'border-width': 4, 'border-color': '#111111', 'font-size': 16, 'font-weight': 'bold', 'z-index': 20 },
    },
    { selector: 'edge.highlighted', style: { width: 5, opacity: 1, 'z-index': 19 } },
    {
      selector: 'node:selected',
      style: { 'border-width': 5, 'border-color': '#000000', 'font-weight': 'bold', 'z-index': 30 },
    },
  );
  return sheet;
}
