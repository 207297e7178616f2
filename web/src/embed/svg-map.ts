/**
 * The embed's map: the same layout and looks as the app's Cytoscape map, drawn as SVG, which
 * keeps the embed small, takes its colours from CSS variables the host page may set, and
 * puts every label in a text node. Read-only: pan (drag, arrows), zoom (wheel, + and -), fit (0).
 */
import type { MapEdge, MapNode } from '../api/queries.ts';
import { svg } from '../lib/dom.ts';
import { FLOW_KINDS, NODE_LOOKS } from '../map/kinds.ts';
import { shapeElement } from '../views/legend.ts';

const MAX_LABEL = 20;

export class SvgMap {
  readonly el: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private edgeEls: { el: SVGLineElement; source: string; target: string; flow: boolean }[] = [];
  private bounds = { x: 0, y: 0, w: 1, h: 1 };
  private view = { x: 0, y: 0, k: 1 };
  private drag: { x: number; y: number; vx: number; vy: number } | null = null;
  private readonly listeners: [EventTarget, string, EventListener][] = [];

  constructor(label: string) {
    this.el = svg('svg', {
      class: 'pm-svg',
      role: 'img',
      'aria-label': label,
      tabindex: 0,
      'data-testid': 'embed-map',
    });
    const defs = svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'pm-arrow',
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 6,
          markerHeight: 6,
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'pm-arrow' }),
      ),
    );
    this.viewport = svg('g', { class: 'pm-viewport' });
    this.el.append(defs, this.viewport);
    this.listen(this.el, 'wheel', (e) => this.onWheel(e as WheelEvent));
    this.listen(this.el, 'pointerdown', (e) => this.onDown(e as PointerEvent));
    this.listen(this.el, 'pointermove', (e) => this.onMove(e as PointerEvent));
    this.listen(this.el, 'pointerup', () => (this.drag = null));
    this.listen(this.el, 'pointercancel', () => (this.drag = null));
    this.listen(this.el, 'keydown', (e) => this.onKey(e as KeyboardEvent));
  }

  private listen(target: EventTarget, type: string, handler: EventListener) {
    target.addEventListener(type, handler, type === 'wheel' ? { passive: false } : undefined);
    this.listeners.push([target, type, handler]);
  }

  render(nodes: MapNode[], edges: MapEdge[], positions: Float64Array): void {
    this.viewport.replaceChildren();
    this.nodeEls.clear();
    this.edgeEls = [];
    const at = new Map<string, [number, number]>();
    for (const [i, n] of nodes.entries()) at.set(n.key, [positions[2 * i] as number, positions[2 * i + 1] as number]);
    const kindOf = new Map(nodes.map((n) => [n.key, n.kind]));
    const edgeLayer = svg('g', { class: 'pm-edges' });
    for (const e of edges) {
      const s = at.get(e.sourceKey);
      const t = at.get(e.targetKey);
      if (!s || !t) continue;
      // Stop the line at the target's edge so the arrow shows.
      const dx = t[0] - s[0];
      const dy = t[1] - s[1];
      const len = Math.hypot(dx, dy) || 1;
      const cut = 24 / len;
      const line = svg('line', {
        x1: s[0],
        y1: s[1],
        x2: t[0] - dx * cut,
        y2: t[1] - dy * cut,
        class: `pm-edge pm-edge-${e.kind}`,
        'marker-end': 'url(#pm-arrow)',
      });
      edgeLayer.append(line);
      const flow =
        FLOW_KINDS.has(kindOf.get(e.sourceKey) as MapNode['kind']) &&
        FLOW_KINDS.has(kindOf.get(e.targetKey) as MapNode['kind']);
      this.edgeEls.push({ el: line, source: e.sourceKey, target: e.targetKey, flow });
    }
    const nodeLayer = svg('g', { class: 'pm-nodes' });
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const n of nodes) {
      const [x, y] = at.get(n.key) as [number, number];
      const look = NODE_LOOKS[n.kind];
      const shape = shapeElement(look.shape, 0, 0, look.size[0] / 2, look.size[1] / 2);
      shape.setAttribute('class', 'pm-shape');
      const label = n.label.length > MAX_LABEL ? `${n.label.slice(0, MAX_LABEL - 1)}…` : n.label;
      const g = svg(
        'g',
        { class: `pm-node pm-kind-${n.kind}`, transform: `translate(${x},${y})`, 'data-key': n.key },
        svg('title', {}, n.label),
        shape,
        svg('text', { class: 'pm-label', y: look.size[1] / 2 + 17, 'text-anchor': 'middle' }, label),
      );
      nodeLayer.append(g);
      this.nodeEls.set(n.key, g);
      // Room for a centred label of MAX_LABEL characters on either side.
      minX = Math.min(minX, x - 110);
      maxX = Math.max(maxX, x + 110);
      minY = Math.min(minY, y - 40);
      maxY = Math.max(maxY, y + 50);
    }
    this.viewport.append(edgeLayer, nodeLayer);
    this.bounds = nodes.length ? { x: minX, y: minY, w: maxX - minX, h: maxY - minY } : { x: 0, y: 0, w: 1, h: 1 };
    this.fit();
  }

  /** Emphasises these node keys and the flow edges among them (null: none); returns how many. */
  highlight(keys: Set<string> | null): number {
    let count = 0;
    for (const [key, g] of this.nodeEls) {
      const on = keys?.has(key) ?? false;
      if (on) count++;
      g.classList.toggle('pm-on', on);
      g.classList.toggle('pm-off', Boolean(keys) && !on);
    }
    for (const e of this.edgeEls) {
      const on = Boolean(keys?.has(e.source) && keys?.has(e.target) && e.flow);
      e.el.classList.toggle('pm-on', on);
      e.el.classList.toggle('pm-off', Boolean(keys) && !on);
    }
    this.el.dataset.highlighted = String(count);
    return count;
  }

  fit(): void {
    this.view = { x: 0, y: 0, k: 1 };
    this.apply();
  }

  private apply(): void {
    const b = this.bounds;
    const { x, y, k } = this.view;
    const w = b.w / k;
    const h = b.h / k;
    this.el.setAttribute('viewBox', `${b.x + x + (b.w - w) / 2} ${b.y + y + (b.h - h) / 2} ${w} ${h}`);
  }

  private unitsPerPixel(): number {
    const rect = this.el.getBoundingClientRect();
    const vb = this.el.viewBox.baseVal;
    return rect.width > 0 && vb ? Math.max(vb.width / rect.width, vb.height / rect.height) : 1;
  }

  private zoom(factor: number): void {
    this.view.k = Math.min(8, Math.max(0.5, this.view.k * factor));
    this.apply();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15);
  }

  private onDown(e: PointerEvent): void {
    this.drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
    this.el.setPointerCapture?.(e.pointerId);
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) return;
    const u = this.unitsPerPixel();
    this.view.x = this.drag.vx - (e.clientX - this.drag.x) * u;
    this.view.y = this.drag.vy - (e.clientY - this.drag.y) * u;
    this.apply();
  }

  private onKey(e: KeyboardEvent): void {
    const step = 40 * this.unitsPerPixel();
    const actions: Record<string, () => void> = {
      ArrowLeft: () => (this.view.x -= step),
      ArrowRight: () => (this.view.x += step),
      ArrowUp: () => (this.view.y -= step),
      ArrowDown: () => (this.view.y += step),
      '+': () => (this.view.k = Math.min(8, this.view.k * 1.25)),
      '=': () => (this.view.k = Math.min(8, this.view.k * 1.25)),
      '-': () => (this.view.k = Math.max(0.5, this.view.k * 0.8)),
      '0': () => (this.view = { x: 0, y: 0, k: 1 }),
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
    this.apply();
  }

  destroy(): void {
    for (const [target, type, handler] of this.listeners) target.removeEventListener(type, handler);
    this.el.remove();
  }
}
