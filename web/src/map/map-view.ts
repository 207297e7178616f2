/**
 * The map component: owns one Cytoscape instance (created on construction, destroyed by
 * `destroy`), diffs elements by id inside `cy.batch`, takes preset positions from the layout
 * worker, and renders with WebGL when the browser has it. Labels are drawn on the canvas as
 * text, so untrusted names can't become markup here.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { MapEdge, MapNode } from '../api/queries.ts';
import type { EntityKind } from '../lib/vocab.ts';
import { cyStyle } from './cy-style.ts';
import { FLOW_KINDS } from './kinds.ts';

export interface MapViewOptions {
  renderer?: Renderer;
  /** A node was chosen (click, Enter) or the choice cleared. */
  onSelect?: (key: string | null) => void;
  /** The keyboard moved to a node: say so to screen readers. */
  onAnnounce?: (key: string) => void;
}

export type Renderer = 'webgl' | 'canvas';

/**
 * WebGL when the browser has hardware-accelerated WebGL 2; the canvas renderer when WebGL is
 * missing or emulated in software (SwiftShader, llvmpipe), where it is the faster of the two
 * (see `npm run bench -- --only render`). `?renderer=webgl|canvas` in the URL overrides.
 */
export function chooseRenderer(): Renderer {
  const asked = new URLSearchParams(location.search).get('renderer');
  if (asked === 'webgl' || asked === 'canvas') return asked;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'canvas';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(name) ? 'canvas' : 'webgl';
  } catch {
    return 'canvas';
  }
}

/** Renderer options shared by the app and the render benchmark. */
export function rendererOptions(renderer: Renderer): object {
  return renderer === 'webgl'
    ? { renderer: { name: 'canvas', webgl: true } }
    : // While zooming and panning, the canvas renderer moves a cached bitmap and redraws after.
      { renderer: { name: 'canvas', webgl: false }, textureOnViewport: true, motionBlur: false };
}

export class MapView {
  readonly cy: Core;
  readonly renderer: Renderer;
  private order: string[] = [];
  private cursor = -1;
  private readonly onKey: (event: KeyboardEvent) => void;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: MapViewOptions = {},
  ) {
    this.renderer = options.renderer ?? chooseRenderer();
    this.cy = cytoscape({
      container,
      elements: [],
      style: cyStyle(),
      layout: { name: 'preset' },
      minZoom: 0.02,
      maxZoom: 4,
      autoungrabify: true,
      boxSelectionEnabled: false,
      selectionType: 'single',
      // The WebGL renderer's options aren't in the typings yet.
      ...rendererOptions(this.renderer),
    });
    this.cy.on('tap', 'node', (event) => options.onSelect?.(event.target.id()));
    this.cy.on('tap', (event) => {
      if (event.target === this.cy) options.onSelect?.(null);
    });
    this.onKey = (event) => this.key(event);
    container.addEventListener('keydown', this.onKey);
  }

  /** Replaces the elements with these, keeping those that stay (by id), at the given positions. */
  setElements(nodes: MapNode[], edges: MapEdge[], positions: Float64Array): void {
    const cy = this.cy;
    const nodeIds = new Set(nodes.map((n) => n.key));
    const edgeIds = new Set(edges.map((e) => e.id));
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const id: string = el.id();
        if (!(el.isNode() ? nodeIds.has(id) : edgeIds.has(id))) el.remove();
      });
      const added: ElementDefinition[] = [];
      nodes.forEach((node, i) => {
        const position = { x: positions[2 * i] as number, y: positions[2 * i + 1] as number };
        const existing = cy.getElementById(node.key);
        if (existing.nonempty()) {
          existing.position(position);
          existing.data('label', node.label);
        } else {
          added.push({
            group: 'nodes',
            data: { id: node.key, label: node.label, kind: node.kind, eid: node.id },
            position,
          });
        }
      });
      for (const edge of edges) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        if (!nodeIds.has(edge.sourceKey) || !nodeIds.has(edge.targetKey)) continue;
        added.push({
          group: 'edges',
          data: {
            id: edge.id,
            source: edge.sourceKey,
            target: edge.targetKey,
            kind: edge.kind,
            ...(edge.rate === undefined ? {} : { rate: edge.rate }),
          },
        });
      }
      cy.add(added);
    });
    this.order = nodes
      .map((n, i) => ({ key: n.key, x: positions[2 * i] as number, y: positions[2 * i + 1] as number }))
      .sort((a, b) => a.x - b.x || a.y - b.y)
      .map((n) => n.key);
    this.cursor = -1;
  }

  /**
   * Shows overview groups instead of entities: nodes sized by `weight` (0..1), links as plain
   * lines whose width is theirs. Replaces whatever was shown.
   */
  setGroups(
    nodes: { key: string; label: string; weight: number }[],
    links: { id: string; source: string; target: string; weight: number }[],
    positions: { x: number; y: number }[],
  ): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().remove();
      cy.add([
        ...nodes.map((n, i) => ({
          group: 'nodes' as const,
          data: { id: n.key, label: n.label, kind: 'Group', weight: n.weight },
          position: positions[i] ?? { x: 0, y: 0 },
        })),
        ...links.map((l) => ({
          group: 'edges' as const,
          data: { id: l.id, source: l.source, target: l.target, kind: 'GROUP_LINK', weight: l.weight },
        })),
      ]);
    });
    this.order = nodes
      .map((n, i) => ({ key: n.key, x: positions[i]?.x ?? 0, y: positions[i]?.y ?? 0 }))
      .sort((a, b) => a.x - b.x || a.y - b.y)
      .map((n) => n.key);
    this.cursor = -1;
  }

  /**
   * Colours nodes by a figure scaled to 0..1 (a key mapped to null: no data); null clears it.
   * Nodes not in the map keep their kind's colour.
   */
  colourBy(values: ReadonlyMap<string, number | null> | null): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes().removeClass('ind ind-none');
      if (!values) return;
      for (const [key, value] of values) {
        const node = cy.getElementById(key);
        if (node.empty()) continue;
        if (value === null) node.addClass('ind-none');
        else node.data('ind', value).addClass('ind');
      }
    });
  }

  /**
   * Emphasises these node keys and the edges among them (null: none); fits them in view.
   * Edges between two emphasised nodes are emphasised only along the flow kinds' edges
   * unless `allEdges`.
   */
  highlight(keys: Set<string> | null, options: { fit?: boolean; allEdges?: boolean } = {}): number {
    const cy = this.cy;
    let count = 0;
    cy.batch(() => {
      cy.elements().removeClass('faded highlighted');
      if (!keys) return;
      const nodes = cy.nodes().filter((n) => keys.has(n.id()));
      count = nodes.length;
      if (count === 0) return;
      cy.elements().addClass('faded');
      nodes.removeClass('faded').addClass('highlighted');
      nodes
        .edgesWith(nodes)
        .filter(
          (e) =>
            options.allEdges === true ||
            (FLOW_KINDS.has(e.source().data('kind') as EntityKind) &&
              FLOW_KINDS.has(e.target().data('kind') as EntityKind)),
        )
        .removeClass('faded')
        .addClass('highlighted');
    });
    if (options.fit !== false) {
      const target = keys && count > 0 ? cy.nodes('.highlighted') : cy.elements();
      cy.fit(target, 40);
    }
    return count;
  }

  /** Selects a node and brings it into view. */
  focus(key: string): boolean {
    const node = this.cy.getElementById(key);
    if (node.empty()) return false;
    this.cy.nodes(':selected').unselect();
    node.select();
    if (this.cy.zoom() < 0.6) this.cy.zoom(0.9);
    this.cy.center(node);
    this.cursor = this.order.indexOf(key);
    return true;
  }

  fit(): void {
    this.cy.fit(undefined, 30);
  }

  zoomBy(factor: number): void {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  resize(): void {
    this.cy.resize();
  }

  private key(event: KeyboardEvent): void {
    const step = 60;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.cy.panBy({ x: step, y: 0 }),
      ArrowRight: () => this.cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => this.cy.panBy({ x: 0, y: step }),
      ArrowDown: () => this.cy.panBy({ x: 0, y: -step }),
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      '0': () => this.fit(),
      ']': () => this.move(1),
      '[': () => this.move(-1),
      Enter: () => {
        const key = this.order[this.cursor];
        if (key) this.options.onSelect?.(key);
      },
      Escape: () => {
        this.cy.nodes(':selected').unselect();
        this.options.onSelect?.(null);
      },
    };
    const action = actions[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  }

  private move(delta: number): void {
    if (this.order.length === 0) return;
    this.cursor = (this.cursor + delta + this.order.length) % this.order.length;
    const key = this.order[this.cursor] as string;
    this.focus(key);
    this.options.onAnnounce?.(key);
  }

  destroy(): void {
    this.container.removeEventListener('keydown', this.onKey);
    this.cy.destroy();
  }
}
