/** The map's legend: each node kind's shape and colour, each edge kind's colour. */
import { type Translate, vocabLabel } from '../i18n/i18n.ts';
import { h, svg } from '../lib/dom.ts';
import { EDGE_LOOKS, KIND_ORDER, LEGEND_EDGES, NODE_LOOKS, type NodeShape, shapePoints } from '../map/kinds.ts';

/** An SVG shape centred at (cx, cy) with half-size (rx, ry). */
export function shapeElement(shape: NodeShape, cx: number, cy: number, rx: number, ry: number): SVGElement {
  const points = shapePoints(shape);
  if (points === 'ellipse') return svg('ellipse', { cx, cy, rx, ry });
  if (points === 'rect' || points === 'round-rect') {
    const r = points === 'round-rect' ? Math.min(rx, ry) * 0.4 : 0;
    return svg('rect', { x: cx - rx, y: cy - ry, width: rx * 2, height: ry * 2, rx: r, ry: r });
  }
  return svg('polygon', { points: points.map(([x, y]) => `${cx + x * rx},${cy + y * ry}`).join(' ') });
}

export function legend(t: Translate): HTMLElement {
  const nodes = h('ul', { class: 'legend-list' });
  for (const kind of KIND_ORDER) {
    const look = NODE_LOOKS[kind];
    const swatch = svg('svg', {
      width: 22,
      height: 22,
      viewBox: '0 0 22 22',
      'aria-hidden': 'true',
      focusable: 'false',
    });
    const shape = shapeElement(look.shape, 11, 11, 9, (9 * look.size[1]) / look.size[0]);
    shape.setAttribute('fill', look.color);
    shape.setAttribute('class', `legend-kind legend-kind-${kind}`);
    shape.setAttribute('stroke', '#333');
    swatch.append(shape);
    nodes.append(h('li', {}, swatch, vocabLabel(t, 'kinds', kind)));
  }
  const edges = h('ul', { class: 'legend-list' });
  for (const kind of LEGEND_EDGES) {
    const look = EDGE_LOOKS[kind];
    const swatch = svg(
      'svg',
      { width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true', focusable: 'false' },
      svg('line', { x1: 1, y1: 6, x2: 21, y2: 6, stroke: look.color, 'stroke-width': Math.max(2, look.width) }),
      svg('polygon', { points: '20,1 27,6 20,11', fill: look.color }),
    );
    edges.append(h('li', {}, swatch, vocabLabel(t, 'edge', kind)));
  }
  return h(
    'details',
    { class: 'legend', attrs: { open: true } },
    h('summary', { text: t('legend.title') }),
    h('h3', { class: 'legend-head', text: t('legend.nodes') }),
    nodes,
    h('h3', { class: 'legend-head', text: t('legend.edges') }),
    edges,
    h('p', { class: 'hint', text: t('legend.layout') }),
  );
}
