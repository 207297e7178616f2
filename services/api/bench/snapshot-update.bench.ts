/**
 * Issue 15's write figures, on a graph already loaded in the given Neo4j (the caller builds it):
 *
 * - `snapshot_update_after_write_ms`: a partner writes `records` new programs (its own, scoped as
 *   POST /api/bundles scopes them, logged with their keys); from the write's commit until the
 *   writing instance's in-memory index has them — the `SnapshotCache.sync(own)` the bundles route
 *   awaits (its own write as loaded, ownWriteDelta, so no read; GraphIndex.withDelta; the index
 *   published). `detail.readMs` and `detail.applyMs` split each update into its Neo4j read (0
 *   for its own write) and its in-memory part; `detail.warmMs` is the warm derived views made
 *   after it from the previous index's by the delta (finishWarming, off the write's path).
 * - `write_visible_ms`: another such write; from its commit until another service instance (the
 *   real app, its own snapshot and poll every `pollMs`) answers a GraphQL query with it.
 *
 * Each is the median of `runs` writes. Both instances live in this process (the writer's index is
 * a bare SnapshotCache, the other a Fastify app asked by `inject`), so the heap holds two indexes.
 */
import type { GraphDb } from '@pathway/graph/db/graph-db';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { partnerScope } from '@pathway/graph/import/scope';
import type { Bundle } from '@pathway/graph/model/bundle';
import { graphVersion, type OwnWrite, ownWriteDelta, SnapshotCache } from '@pathway/graph/snapshot/snapshot';
import Fastify, { type FastifyInstance } from 'fastify';
import app from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export interface SnapshotUpdateOptions {
  /** A database holding the graph to write to (the benchmark's own; the writes stay in it). */
  db: GraphDb;
  connection: { uri: string; user: string; password: string; database?: string };
  /** Records per write (issue 15: 10). */
  records?: number;
  /** Writes measured per figure (the median is reported); default 5. */
  runs?: number;
  /** The other instance's snapshot poll interval; default 250 ms. */
  pollMs?: number;
  log?: (message: string) => void;
}

export interface SnapshotUpdateResult {
  snapshot_update_after_write_ms: number;
  write_visible_ms: number;
  detail: {
    updateMs: number[];
    visibleMs: number[];
    /** How the writer's index was updated each time (`delta` unless a rebuild was needed). */
    updateKinds: string[];
    /** Per measured update: the read of the log and the records, and the in-memory apply (withDelta + warm views). */
    readMs: number[];
    applyMs: number[];
    warmMs: number[];
    firstBuildMs: number;
    pollMs: number;
    records: number;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function otherInstance(connection: SnapshotUpdateOptions['connection'], pollMs: number) {
  const fastify = Fastify({ logger: false });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SNAPSHOT_POLL_MS: String(pollMs),
    RATE_LIMIT_MAX: '1000000',
    SHED_EVENT_LOOP_MS: '60000',
    SHED_HEAP_RATIO: '1',
    WORK_HEAP_RATIO: '1',
  });
  await fastify.register(app, { config, connection });
  await fastify.ready();
  return fastify;
}

async function answers(instance: FastifyInstance, id: string): Promise<boolean> {
  const response = await instance.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: `{ node(id: "${id}") { id } }` },
  });
  return response.json().data?.node?.id === id;
}

export async function measureSnapshotUpdate(options: SnapshotUpdateOptions): Promise<SnapshotUpdateResult> {
  const records = options.records ?? 10;
  const runs = options.runs ?? 5;
  const pollMs = options.pollMs ?? 250;
  const log = options.log ?? (() => {});
  const { db } = options;

  const updateKinds: string[] = [];
  const writer = new SnapshotCache(db, {
    onUpdate: () => updateKinds.push('delta'),
    onBuild: () => updateKinds.push('full'),
  });
  const first = await writer.get();
  updateKinds.length = 0;
  log(`snapshot-update: writer's index built in ${Math.round(first.buildMs)} ms (version ${first.version})`);
  const sample = first.index.programs.values().next().value;
  if (!sample) throw new Error('snapshot-update: the graph has no program to write next to');
  const partnerId = sample.providerId;
  const credentialId = sample.awards[0] as string;

  const other = await otherInstance(options.connection, pollMs);
  try {
    // The other instance's first (full) build, before anything is timed.
    const current = await graphVersion(db);
    for (;;) {
      const response = await other.inject({
        method: 'POST',
        url: '/graphql',
        payload: { query: '{ about { graphVersion } }' },
      });
      if ((response.json().data?.about?.graphVersion ?? -1) >= current) break;
      await new Promise((done) => setTimeout(done, 50));
    }

    const stamp = Date.now().toString(36);
    let n = 0;
    /** A partner write of `records` new programs, through the import path with the partner's scope; resolves at commit. */
    const write = async (): Promise<{ ids: string[]; own?: OwnWrite }> => {
      const ids = Array.from({ length: records }, () => `bench-snap-${stamp}-${n++}`);
      const bundle: Bundle = {
        format: 'pathway-bundle',
        version: 1,
        programs: ids.map((id) => ({
          id,
          name: `Bench ${id}`,
          providerId: partnerId,
          awards: [credentialId],
          months: 3,
        })),
      };
      const result = await importBundle(db, bundle, {
        writer: { keyName: 'bench', scope: `partner=${partnerId}` },
        authorize: partnerScope(partnerId, false),
      });
      if (!result.ok) throw new Error(`snapshot-update: the write was refused: ${JSON.stringify(result.errors[0])}`);
      const delta = ownWriteDelta(result.bundle, result.summary.changes);
      const { graphVersion: version, graphEpoch: epoch } = result.summary;
      return { ids, own: delta && epoch !== undefined ? { version, epoch, delta } : undefined };
    };

    const updateMs: number[] = [];
    const visibleMs: number[] = [];
    const readMs: number[] = [];
    const applyMs: number[] = [];
    const warmMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { ids, own } = await write();
      const committed = performance.now();
      const snapshot = await writer.sync(own);
      updateMs.push(performance.now() - committed);
      readMs.push(snapshot.readMs ?? Number.NaN);
      applyMs.push(snapshot.applyMs ?? Number.NaN);
      const warming = performance.now();
      writer.finishWarming();
      warmMs.push(performance.now() - warming);
      if (!ids.every((id) => snapshot.index.programs.has(id)))
        throw new Error('snapshot-update: the index lacks the write');

      // Let the other instance take the first write in before the second is timed.
      while (!(await answers(other, ids[ids.length - 1] as string))) await new Promise((done) => setTimeout(done, 10));
      const next = (await write()).ids;
      const at = performance.now();
      const last = next[next.length - 1] as string;
      while (!(await answers(other, last))) await new Promise((done) => setTimeout(done, 5));
      visibleMs.push(performance.now() - at);
      await writer.sync();
      log(
        `snapshot-update: run ${run + 1}: index ${round(updateMs[run] as number)} ms (read ${round(readMs[run] as number)}, apply ${round(applyMs[run] as number)}), visible ${round(visibleMs[run] as number)} ms`,
      );
    }
    return {
      snapshot_update_after_write_ms: round(median(updateMs)),
      write_visible_ms: round(median(visibleMs)),
      detail: {
        updateMs: updateMs.map(round),
        visibleMs: visibleMs.map(round),
        updateKinds,
        readMs: readMs.map(round),
        applyMs: applyMs.map(round),
        warmMs: warmMs.map(round),
        firstBuildMs: Math.round(first.buildMs),
        pollMs,
        records,
      },
    };
  } finally {
    await other.close();
  }
}
