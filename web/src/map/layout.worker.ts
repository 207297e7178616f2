/** Runs the layered layout off the main thread; answers with transferable positions. */
import { type LayoutEdge, type LayoutNode, layeredLayout } from './layout.ts';

interface Request {
  id: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage: (message: unknown, transfer: Transferable[]) => void;
};

scope.onmessage = (event) => {
  const { id, nodes, edges } = event.data;
  const positions = layeredLayout(nodes, edges);
  scope.postMessage({ id, positions }, [positions.buffer]);
};
