/**
 * The render benchmark's page: synthetic elements through the app's own layout and
 * stylesheet into Cytoscape, timing the first render and frames while zooming. A bench page,
 * so it may expose one global for the driver to call.
 */
import cytoscape from 'cytoscape';
import { cyStyle } from '../src/map/cy-style.ts';
import { layeredLayout } from '../src/map/layout.ts';
import { rendererOptions } from '../src/map/map-view.ts';
import { syntheticElements } from '../src/map/synthetic.ts';

export interface RenderResult {
  nodes: number;
  edges: number;
  layoutMs: number;
  firstRenderMs: number;
  /** Median time of one zoom step until the frame is drawn. */
  frameMs: number;
  webgl: boolean;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function renderBench(elements: number, webgl: boolean): Promise<RenderResult> {
  const { nodes, edges } = syntheticElements(elements);
  const t0 = performance.now();
  const positions = layeredLayout(nodes, edges);
  const t1 = performance.now();
  const container = document.getElementById('cy') as HTMLElement;
  const cy = cytoscape({
    container,
    style: cyStyle(),
    layout: { name: 'preset' },
    elements: [
      ...nodes.map((n, i) => ({
        group: 'nodes' as const,
        data: { id: n.key, label: n.label, kind: n.kind },
        position: { x: positions[2 * i] as number, y: positions[2 * i + 1] as number },
      })),
      ...edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target, kind: e.kind },
      })),
    ],
    ...rendererOptions(webgl ? 'webgl' : 'canvas'),
  });
  // Cytoscape draws in its own animation-frame loop, registered when it starts; two frames
  // later the first one has been drawn (the WebGL renderer emits no 'render' event to wait for).
  await nextFrame();
  await nextFrame();
  const t2 = performance.now();
  const frames: number[] = [];
  const center = { x: cy.width() / 2, y: cy.height() / 2 };
  for (let i = 0; i < 24; i++) {
    const start = performance.now();
    cy.zoom({ level: cy.zoom() * (i < 12 ? 1.12 : 1 / 1.12), renderedPosition: center });
    await nextFrame();
    await nextFrame();
    frames.push(performance.now() - start);
  }
  cy.destroy();
  frames.sort((a, b) => a - b);
  return {
    nodes: nodes.length,
    edges: edges.length,
    layoutMs: t1 - t0,
    firstRenderMs: t2 - t1,
    frameMs: frames[Math.floor(frames.length / 2)] as number,
    webgl,
  };
}

(window as unknown as { renderBench: typeof renderBench }).renderBench = renderBench;
