/**
 * The route and gap engines read an in-memory GraphIndex of the whole graph. Neo4j holds the
 * truth: every load bumps `(:GraphMeta {id: 'graph'}).version` in the same transaction, and
 * each request first reads that version (one indexed lookup) and rebuilds the index when it
 * moved — so an import by another process or another service instance is seen by the next
 * request. Rebuilds are single-flight; the index is immutable once built, so concurrent
 * requests share it safely. Several service instances each keep their own copy.
 */
import type { GraphDb } from '../db/graph-db.ts';
import { readGraphVersion } from '../db/queries/graph-meta.queries.ts';
import { exportBundle } from '../import/export.ts';
import { warmViews } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';

export interface Snapshot {
  version: number;
  index: GraphIndex;
  builtAt: number;
  buildMs: number;
}

export async function graphVersion(db: GraphDb): Promise<number> {
  return db.read('graph.version', readGraphVersion);
}

export class SnapshotCache {
  private current: Snapshot | undefined;
  private building: Promise<Snapshot> | undefined;

  constructor(
    private readonly db: GraphDb,
    /** Told of every build (the service's metrics time them). */
    private readonly onBuild?: (snapshot: Snapshot) => void,
  ) {}

  /** The index for the graph as it is now. */
  async get(): Promise<Snapshot> {
    const version = await graphVersion(this.db);
    if (this.current && this.current.version === version) return this.current;
    return this.rebuild(version);
  }

  private rebuild(version: number): Promise<Snapshot> {
    if (this.building) return this.building;
    this.building = (async () => {
      try {
        const started = performance.now();
        // The export reads in one transaction; read its version inside the same snapshot.
        const bundle = await exportBundle(this.db);
        const after = await graphVersion(this.db);
        const index = new GraphIndex(bundle);
        // Build the engines' tables now (every view defined with `warm`), not on the first query.
        for (const view of warmViews()) index.derived(view);
        const snapshot: Snapshot = {
          version: after === version ? version : -1,
          index,
          builtAt: Date.now(),
          buildMs: performance.now() - started,
        };
        // A write landed mid-export: serve this build once, rebuild on the next request.
        this.current = snapshot;
        this.onBuild?.(snapshot);
        return snapshot;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}
