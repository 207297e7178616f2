/**
 * The route and gap engines read an in-memory GraphIndex of the whole graph; Neo4j holds the
 * truth. Every load that changes something bumps `(:GraphMeta {id: 'graph'}).version` and logs
 * the keys it touched with the version it produced (`(:WriteLog)`, model/change-log.ts), in the
 * same transaction.
 *
 * A request never talks to Neo4j for the index: `get()` answers from memory. The index is kept
 * current by `sync()`, which one read transaction does: the current version and the writes
 * logged after the index's version; the touched records re-read by key; the index updated by
 * that delta (GraphIndex.withDelta, time proportional to the change). It falls back to a full
 * rebuild (export + new GraphIndex) at the first build, and when the writes since the index's
 * version are not all logged with their keys (a load without a writer, a replace, a write over
 * the log's cap) or are more than `maxWrites` / `maxKeys`.
 *
 * `sync()` runs from a background poll (`start()`, every `pollMs`), so writes by other processes
 * or service instances are picked up within one poll, and right after a write through this
 * instance (the bundles route awaits it), so a client reads its own write. Syncs are one at a
 * time; a sync asked for while one runs is run once more after it (it may have missed a commit).
 *
 * While Neo4j is down the poll fails: the index in memory keeps answering (nothing can be
 * written meanwhile, so it is at most one poll behind the graph) and `health()` reports the
 * failure, which the service's readiness check (/healthz) answers 503 from. Before the first
 * build there is nothing in memory, and `get()` fails as the database does.
 *
 * The index is immutable once built, so concurrent requests share it safely; several service
 * instances each keep their own copy.
 */
import type { GraphDb } from '../db/graph-db.ts';
import { readGraphMeta, readGraphVersion } from '../db/queries/graph-meta.queries.ts';
import { writesSince } from '../db/queries/write-log.queries.ts';
import { exportBundle, readRecords } from '../import/export.ts';
import type { Bundle } from '../model/bundle.ts';
import type { WriteChanges } from '../model/change-log.ts';
import { touchedKeys } from '../model/change-log.ts';
import { warmViews } from '../model/derived-view.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { DELTA_KINDS, type DeltaKind, deltaKey, type IndexDelta } from '../model/index-delta.ts';

export interface Snapshot {
  version: number;
  /** The graph's epoch (graph-meta.queries.ts): a wiped and reloaded graph has another. */
  epoch?: string;
  index: GraphIndex;
  builtAt: number;
  buildMs: number;
  /** How it was made: a full build, or the previous snapshot updated by a delta. */
  kind?: 'full' | 'delta';
  /** A delta's origin: read back from Neo4j (the write log and the records), or this instance's own write as it loaded it. */
  from?: 'log' | 'own';
  /** A delta's two parts: reading the write log and the touched records, and applying them (withDelta, the warm views). */
  readMs?: number;
  applyMs?: number;
  /** A delta's in-memory part before the index is published (wall ms): `withDelta` (and the warm views when `warmDelayMs` is 0). */
  applySteps?: Record<string, number>;
  /** CPU time (user + system, ms) of this process during that part: the machine's load distorts it less. */
  applyCpuMs?: number;
  /** Once the warm views of a delta's index are made (after it is published): each view's wall ms, and their CPU ms. */
  warmSteps?: Record<string, number>;
  warmCpuMs?: number;
}

export interface SnapshotOptions {
  /** Told of every full build (the service's metrics time them). */
  onBuild?: (snapshot: Snapshot) => void;
  /** Told of every delta update. */
  onUpdate?: (snapshot: Snapshot, delta: { writes: number; keys: number }) => void;
  /** Told when a delta's index has its warm views made, after it was published (with the ms that took). */
  onWarm?: (snapshot: Snapshot, ms: number) => void;
  /** Told when making a delta's warm views after it was published failed (they are then built on first use). */
  onWarmError?: (error: unknown) => void;
  /** Told when the background poll starts failing (once per run of failures; the index in memory keeps answering). */
  onPollError?: (error: unknown) => void;
  /** Background poll interval in ms (`start()`); default 300. */
  pollMs?: number;
  /**
   * The warm views of an index made by a delta are made from the previous index's this long
   * after the index is published (default 50 ms; 0: before it is published). Until then a
   * request that needs one makes it (from the previous index's, by the same delta) on first use;
   * the next delta waits for them. So the write's answer, and the reads right after it, do not
   * wait for views they do not read.
   */
  warmDelayMs?: number;
  /** More logged writes than this since the index's version: rebuild in full. Default 500. */
  maxWrites?: number;
  /** More touched keys than this in those writes: rebuild in full. Default 50,000. */
  maxKeys?: number;
}

export interface SnapshotHealth {
  /**
   * The poll works: its last sync succeeded and, while one runs, the last success is recent
   * (within 5 polls, at least 3 s). True while no poll runs.
   */
  ok: boolean;
  /** When the last sync succeeded (ms since epoch), if one has. */
  lastSyncAt?: number;
  lastError?: string;
  version?: number;
}

/**
 * A write this instance has just committed, as the import loaded it: the version (and epoch) it
 * produced and its delta, so the writer's index takes it without reading it back (ownWriteDelta).
 */
export interface OwnWrite {
  version: number;
  epoch: string;
  delta: IndexDelta;
}

/**
 * The delta of a load from what it wrote: the keys it logged and those records of the bundle it
 * loaded (a load writes each record whole, so the record in Neo4j is the bundle's). Undefined
 * when the bundle does not hold every touched record — a removal (its cascade changes records the
 * bundle does not name), a replace, a truncated log — so the delta must be read back.
 */
export function ownWriteDelta(bundle: Bundle, changes: WriteChanges): IndexDelta | undefined {
  if (changes.truncated) return undefined;
  if (Object.values(changes.deleted).some((keys) => keys.length > 0)) return undefined;
  const touched: Partial<Record<DeltaKind, string[]>> = {};
  const records: Record<string, unknown> = { format: 'pathway-bundle', version: 1 };
  for (const [kind, keys] of Object.entries(touchedKeys(changes))) {
    if (keys.length === 0) continue;
    if (!(DELTA_KINDS as readonly string[]).includes(kind)) return undefined;
    const wanted = new Set(keys);
    const found = ((bundle as Record<string, unknown>)[kind] as Record<string, unknown>[] | undefined)?.filter((r) =>
      wanted.has(deltaKey(kind as DeltaKind, r)),
    );
    if (!found || found.length !== wanted.size) return undefined;
    touched[kind as DeltaKind] = keys;
    // As the export reads a record back: an empty list is no list (Neo4j stores no relationship for it).
    records[kind] = found.map((record) =>
      Object.fromEntries(
        Object.entries(record).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
      ),
    );
  }
  return { touched, records: records as unknown as Bundle };
}

/** Makes every warm view of `index` (from the previous index's where it can), each view's wall ms by name. */
function warm(index: GraphIndex): Record<string, number> {
  const steps: Record<string, number> = {};
  for (const view of warmViews()) {
    const at = performance.now();
    index.derived(view);
    steps[view.name] = performance.now() - at;
  }
  return steps;
}

export async function graphVersion(db: GraphDb): Promise<number> {
  return db.read('graph.version', readGraphVersion);
}

export class SnapshotCache {
  private current: Snapshot | undefined;
  private running: Promise<Snapshot> | undefined;
  private again: Promise<Snapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private startedAt: number | undefined;
  private state: SnapshotHealth = { ok: true };
  /** A delta's index published before its warm views were made (see warmDelayMs). */
  private warming: { snapshot: Snapshot; timer: NodeJS.Timeout } | undefined;
  readonly pollMs: number;
  readonly warmDelayMs: number;

  constructor(
    private readonly db: GraphDb,
    private readonly options: SnapshotOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 300;
    this.warmDelayMs = options.warmDelayMs ?? 50;
  }

  /** The index in memory (no database call), or the first build when there is none yet. */
  async get(): Promise<Snapshot> {
    return this.current ?? this.sync();
  }

  /** The snapshot in memory, if one was built. */
  peek(): Snapshot | undefined {
    return this.current;
  }

  health(): SnapshotHealth {
    const since = this.state.lastSyncAt ?? this.startedAt;
    const stale = !this.stopped && since !== undefined && Date.now() - since > Math.max(5 * this.pollMs, 3000);
    return { ...this.state, ok: this.state.ok && !stale, version: this.current?.version };
  }

  /**
   * Brings the index up to the graph's current version (see the module comment). `own`: a write
   * this instance has just committed; when the index is at the version just before it, it is
   * applied as loaded, with no read (a later write by anyone else is the poll's).
   */
  sync(own?: OwnWrite): Promise<Snapshot> {
    if (!this.running) {
      this.running = this.syncOnce(own).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // One runs: it may have read the version before the caller's commit, so run once more after
    // it — unless it already took the caller's own write in (the poll often reads it first).
    if (own) {
      return this.running
        .catch(() => undefined)
        .then(() => {
          const now = this.current;
          return now && now.epoch === own.epoch && now.version >= own.version ? now : this.sync(own);
        });
    }
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = undefined;
        return this.sync();
      });
    return this.again;
  }

  /** Starts the background poll (idempotent); the timer does not keep the process alive. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt = Date.now();
    const tick = async () => {
      try {
        await this.sync();
        this.state = { ok: true, lastSyncAt: Date.now() };
      } catch (error) {
        const wasOk = this.state.ok;
        this.state = { ...this.state, ok: false, lastError: (error as Error).message };
        if (wasOk) this.options.onPollError?.(error);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops the poll and waits for a sync in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    if (this.warming) clearTimeout(this.warming.timer);
    this.warming = undefined;
  }

  /** Makes the warm views of the published index now if they are still to be made (the next delta needs them). */
  finishWarming(): void {
    const pending = this.warming;
    if (!pending) return;
    this.warming = undefined;
    clearTimeout(pending.timer);
    const { snapshot } = pending;
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      snapshot.warmSteps = warm(snapshot.index);
    } catch (error) {
      // From a timer nothing would catch it: a view that failed is built whole by the first request that needs it.
      this.options.onWarmError?.(error);
    } finally {
      snapshot.index.forgetPrevious();
    }
    const used = process.cpuUsage(cpu);
    snapshot.warmCpuMs = (used.user + used.system) / 1000;
    this.options.onWarm?.(snapshot, performance.now() - started);
  }

  private async syncOnce(own?: OwnWrite): Promise<Snapshot> {
    const current = this.current;
    if (!current) return this.rebuild();
    const started = performance.now();
    const maxWrites = this.options.maxWrites ?? 500;
    const maxKeys = this.options.maxKeys ?? 50_000;
    // Versions go up by one per write: at the version just before the own write, that write is all there is to apply.
    const direct =
      own && current.epoch === own.epoch && current.version === own.version - 1
        ? {
            kind: 'delta' as const,
            from: 'own' as const,
            version: own.version,
            epoch: own.epoch,
            delta: own.delta,
            writes: 1,
            keys: Object.values(own.delta.touched).reduce((n, keys) => n + (keys?.length ?? 0), 0),
          }
        : undefined;
    const plan =
      direct ??
      (await this.db.readOnce('snapshot.sync', async (tx) => {
        const { current: version, epoch, writes } = await writesSince(tx, current.version, maxWrites + 1);
        if (epoch !== current.epoch) return { kind: 'full' as const };
        if (version === current.version) return { kind: 'none' as const };
        const complete =
          version > current.version &&
          writes.length === version - current.version &&
          writes.every((w) => w.changes && !w.changes.truncated && !w.replace);
        if (!complete) return { kind: 'full' as const };
        const touched: Record<string, string[]> = {};
        let keys = 0;
        for (const write of writes) {
          for (const [kind, list] of Object.entries(touchedKeys(write.changes as NonNullable<typeof write.changes>))) {
            touched[kind] = [...(touched[kind] ?? []), ...list];
            keys += list.length;
          }
        }
        if (keys > maxKeys) return { kind: 'full' as const };
        // Re-read by key: the records as they are now (a key that names nothing was deleted).
        const records = await readRecords(tx, touched);
        return {
          kind: 'delta' as const,
          from: 'log' as const,
          version,
          epoch,
          delta: { touched, records } as IndexDelta,
          writes: writes.length,
          keys,
        };
      }));
    if (plan.kind === 'none') return current;
    if (plan.kind === 'full') return this.rebuild();
    // The current index's warm views must be made before it is left behind: the next index's are made from them.
    this.finishWarming();
    const applying = performance.now();
    const cpu = process.cpuUsage();
    const index = current.index.withDelta(plan.delta);
    let applySteps: Record<string, number> = { withDelta: performance.now() - applying };
    // The warm views are made from the current index's by the delta (DerivedView.update), then
    // the old index is let go: a lazy view is built whole on first use. With a delay, after the
    // index is published (finishWarming).
    if (this.warmDelayMs <= 0) {
      applySteps = { ...applySteps, ...warm(index) };
      index.forgetPrevious();
    }
    const done = performance.now();
    const used = process.cpuUsage(cpu);
    const snapshot: Snapshot = {
      version: plan.version,
      epoch: plan.epoch,
      index,
      builtAt: Date.now(),
      buildMs: done - started,
      kind: 'delta',
      from: plan.from,
      readMs: applying - started,
      applyMs: done - applying,
      applySteps,
      applyCpuMs: (used.user + used.system) / 1000,
    };
    this.current = snapshot;
    if (this.warmDelayMs > 0) {
      this.warming = { snapshot, timer: setTimeout(() => this.finishWarming(), this.warmDelayMs).unref() };
    }
    this.options.onUpdate?.(snapshot, { writes: plan.writes, keys: plan.keys });
    return snapshot;
  }

  private async rebuild(): Promise<Snapshot> {
    // The index being replaced needs no views made for it any more.
    if (this.warming) clearTimeout(this.warming.timer);
    this.warming = undefined;
    const started = performance.now();
    const before = await this.db.read('graph.meta', readGraphMeta);
    const bundle = await exportBundle(this.db);
    const index = new GraphIndex(bundle);
    // Build the engines' tables now (every view defined with `warm`), not on the first query.
    for (const view of warmViews()) index.derived(view);
    // A write landing mid-export may be in the index or not: label it with the version before,
    // so the next sync re-reads (by key) whatever was written since — applying a write twice
    // gives the same index.
    const snapshot: Snapshot = {
      version: before.version,
      epoch: before.epoch,
      index,
      builtAt: Date.now(),
      buildMs: performance.now() - started,
      kind: 'full',
    };
    this.current = snapshot;
    this.options.onBuild?.(snapshot);
    return snapshot;
  }
}
