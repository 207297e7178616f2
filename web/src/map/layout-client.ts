/** The layout in a Web Worker (one per page), falling back to the main thread if workers fail. */
import { type LayoutEdge, type LayoutNode, layeredLayout } from './layout.ts';

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, (positions: Float64Array) => void>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' });
    worker.onmessage = (event: MessageEvent<{ id: number; positions: Float64Array }>) => {
      pending.get(event.data.id)?.(event.data.positions);
      pending.delete(event.data.id);
    };
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
    };
  } catch {
    worker = null;
  }
  return worker;
}

export function computeLayout(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<Float64Array> {
  const w = getWorker();
  if (!w) return Promise.resolve(layeredLayout(nodes, edges));
  const id = ++nextId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // A worker that never answers (blocked, crashed): lay out here instead.
      pending.delete(id);
      resolve(layeredLayout(nodes, edges));
    }, 15_000);
    pending.set(id, (positions) => {
      clearTimeout(timer);
      resolve(positions);
    });
    w.postMessage({
      id,
      nodes: nodes.map((n) => ({ key: n.key, kind: n.kind, wage: n.wage ?? null })),
      edges: edges.map((e) => ({ source: e.source, target: e.target, kind: e.kind })),
    });
  });
}
