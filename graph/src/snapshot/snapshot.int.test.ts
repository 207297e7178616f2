/**
 * The snapshot against a real Neo4j: after writes of every kind through the import path (with a
 * writer, so they are logged with their keys), `sync()` brings the index up by deltas — no full
 * rebuild — and the index it holds is the one a full build of the exported graph gives. A write
 * the log cannot describe (no writer, a replace, a wiped graph) makes it rebuild in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kingCountyBundle } from '../../test/fixtures.ts';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import { writesSince } from '../db/queries/write-log.queries.ts';
import { exportBundle } from '../import/export.ts';
import { importBundle } from '../import/import-bundle.ts';
import type { Bundle } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { indexBundle } from '../model/index-delta.ts';
import { routeGraphOf } from '../routing/route-graph.ts';
import { ownWriteDelta, SnapshotCache } from './snapshot.ts';

const db = testDb();
const writer = { keyName: 'test', scope: 'admin' };
const fragment = (extra: Partial<Bundle>): Bundle => ({ format: 'pathway-bundle', version: 1, ...extra });

beforeAll(async () => {
  await resetGraph(db);
  const loaded = await importBundle(db, kingCountyBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
});
afterAll(async () => {
  await db.close();
});

async function expectSameAsFullBuild(cache: SnapshotCache): Promise<void> {
  const snapshot = await cache.get();
  expect(indexBundle(snapshot.index)).toEqual(indexBundle(new GraphIndex(await exportBundle(db))));
}

function everyKindWrites(): Bundle[] {
  const king = kingCountyBundle();
  const program = king.programs?.[0] as NonNullable<Bundle['programs']>[number];
  const credential = king.credentials?.[0] as NonNullable<Bundle['credentials']>[number];
  const region = king.regions?.[1] as NonNullable<Bundle['regions']>[number];
  const occupation = king.occupations?.[0] as NonNullable<Bundle['occupations']>[number];
  const partner = king.partners?.[0] as NonNullable<Bundle['partners']>[number];
  return [
    fragment({ programs: [{ ...program, months: program.months + 1, regionIds: [region.id] }] }),
    fragment({
      credentials: [{ id: 'delta-badge', name: 'Delta badge', type: 'MicroCredential' }],
      programs: [
        {
          id: 'delta-program',
          name: 'Delta program',
          providerId: partner.id,
          awards: ['delta-badge'],
          requires: [[credential.id]],
          months: 2,
          regionIds: [region.id],
        },
      ],
      supports: [{ id: 'delta-support', name: 'Bus pass', kind: 'Transportation', programIds: ['delta-program'] }],
      edges: [
        { kind: 'STACKS_INTO', from: 'delta-badge', to: credential.id, creditsApplied: 3 },
        { kind: 'QUALIFIES_FOR', from: 'delta-badge', to: occupation.id },
        { kind: 'ARTICULATES_TO', from: 'delta-badge', to: program.id, credits: 4 },
        { kind: 'HIRES', from: partner.id, to: occupation.id, annualOpenings: 7 },
      ],
      occupationWages: [{ occupationId: occupation.id, regionId: region.id, medianAnnual: 71_000 }],
      wageThresholds: [{ regionId: region.id, household: '2A2W2C', annual: 61_000 }],
      outcomes: [{ programId: 'delta-program', cohortYear: 2022, enrolled: 10, completed: 8 }],
      transitions: [
        { fromProgramId: 'delta-program', toProgramId: program.id, cohortYear: 2022, completers: 8, continued: 3 },
      ],
    }),
    fragment({ regions: [{ ...region, name: `${region.name} (renamed)` }] }),
    fragment({ programs: [{ ...program, requires: [] }] }),
    // Removals with their cascade: references, group members, rows and edges that name them.
    fragment({ remove: ['delta-program', 'a-plus'] }),
    fragment({ remove: ['cc-aas-net', 'aas-net', 'cc-advising', region.id] }),
  ];
}

describe('SnapshotCache.sync', () => {
  it('applies logged writes of every kind as deltas, giving the index a full build gives', async () => {
    const builds: string[] = [];
    const cache = new SnapshotCache(db, {
      onBuild: () => builds.push('full'),
      onUpdate: () => builds.push('delta'),
    });
    await cache.get();
    const writes = everyKindWrites();
    const region = kingCountyBundle().regions?.[1] as NonNullable<Bundle['regions']>[number];
    for (const write of writes) {
      const result = await importBundle(db, write, { writer });
      expect(result.ok).toBe(true);
      await cache.sync();
      await expectSameAsFullBuild(cache);
    }
    expect(builds).toEqual(['full', 'delta', 'delta', 'delta', 'delta', 'delta', 'delta']);
    const index = (await cache.get()).index;
    expect(index.programs.has('delta-program')).toBe(false);
    expect(index.programs.get('ibest-it')?.awards).toEqual(['it-cert']);
    expect(index.regions.has(region.id)).toBe(false);
    // A group whose only member was removed is dropped.
    expect(index.programs.get('univ-bas-it')?.requires).toBeUndefined();
    // What the removals deleted and changed is in the write log's changes.
    const last = await db.read('test', (tx) => writesSince(tx, 0, 1000));
    const changes = last.writes.at(-1)?.changes;
    expect(changes?.deleted.programs).toEqual(['cc-aas-net']);
    expect(changes?.deleted.credentials).toEqual(['aas-net']);
    expect(changes?.deleted.supports).toEqual(['cc-advising']);
    expect(changes?.deleted.edges).toContain('QUALIFIES_FOR|aas-net|15-1244.00');
    expect(changes?.changed.programs).toContain('univ-bas-it');
  });

  it('refuses a removal that would leave a program without its provider or award, writing nothing', async () => {
    const before = await exportBundle(db);
    const refused = await importBundle(db, fragment({ remove: ['king-cc', 'net-plus', 'nowhere'] }), { writer });
    expect(refused.ok).toBe(false);
    const errors = refused.ok ? [] : refused.errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['remove[0]', 'remove[1]', 'remove[2]']);
    expect(errors.find((e) => e.path === 'remove[2]')?.message).toBe('no entity "nowhere" in the graph to remove');
    expect(errors.find((e) => e.path === 'remove[1]')?.message).toMatch(/only credential programs "cc-netplus"/);
    const referenced = await importBundle(
      db,
      fragment({
        remove: ['ibest-it'],
        supports: [{ id: 's-y', name: 'Y', kind: 'Other', programIds: ['ibest-it'] }],
      }),
    );
    expect(referenced.ok ? [] : referenced.errors).toEqual([
      { path: 'supports[0].programIds[0]', message: '"ibest-it" is removed by this bundle (remove[0])' },
    ]);
    expect(await exportBundle(db)).toEqual(before);
  });

  it('rebuilds in full when a write is not logged with its keys, or the graph was wiped', async () => {
    const builds: string[] = [];
    const cache = new SnapshotCache(db, {
      onBuild: () => builds.push('full'),
      onUpdate: () => builds.push('delta'),
    });
    await cache.get();
    // No writer: not logged.
    await importBundle(db, fragment({ credentials: [{ id: 'unlogged', name: 'Unlogged', type: 'Other' }] }));
    await cache.sync();
    expect((await cache.get()).index.credentials.has('unlogged')).toBe(true);
    // A replace: logged, but its deletions are not listed.
    await importBundle(db, kingCountyBundle(), { replace: true, writer });
    await cache.sync();
    expect((await cache.get()).index.credentials.has('unlogged')).toBe(false);
    // Wiped and loaded again: the version starts over, the epoch tells.
    const version = (await cache.get()).version;
    await resetGraph(db);
    for (let i = 0; i < version; i++) {
      await importBundle(db, fragment({ credentials: [{ id: `again-${i}`, name: 'Again', type: 'Other' }] }), {
        writer,
      });
    }
    await cache.sync();
    expect((await cache.get()).index.credentials.has('again-0')).toBe(true);
    expect(builds).toEqual(['full', 'full', 'full', 'full']);
    await expectSameAsFullBuild(cache);
  });

  it("publishes a delta's index before its warm views, made from the previous index's later or before the next delta", async () => {
    await resetGraph(db);
    expect((await importBundle(db, kingCountyBundle(), { replace: true })).ok).toBe(true);
    const warmed: number[] = [];
    const cache = new SnapshotCache(db, { warmDelayMs: 60_000, onWarm: (s) => warmed.push(s.version) });
    const first = await cache.get();
    const before = routeGraphOf(first.index);
    const program = kingCountyBundle().programs?.[0] as NonNullable<Bundle['programs']>[number];
    const write = async (id: string) => {
      expect((await importBundle(db, fragment({ programs: [{ ...program, id }] }), { writer })).ok).toBe(true);
      return cache.sync();
    };
    const next = await write('warm-later');
    expect(next.kind).toBe('delta');
    expect(next.index.programs.has('warm-later')).toBe(true);
    expect(next.warmSteps).toBeUndefined();
    expect(warmed).toEqual([]);
    // Asked for before they are made: made from the previous index's by the delta, not built whole.
    const graph = routeGraphOf(next.index);
    expect(graph.programIndex.get('warm-later')).toBe(before.programCount);
    expect(graph.requires[1]).toBe(before.requires[1]);
    // The next delta makes the published index's warm views first: the chain of deltas holds.
    const third = await write('warm-later-2');
    expect(warmed).toEqual([next.version]);
    expect(Object.keys(next.warmSteps ?? {})).toContain('route-graph');
    expect(routeGraphOf(third.index).requires[1]).toBe(before.requires[1]);
    await expectSameAsFullBuild(cache);
    await cache.stop();

    // With a short delay the timer makes them.
    const soon = new SnapshotCache(db, { warmDelayMs: 5, onWarm: (s) => warmed.push(s.version) });
    await soon.get();
    await importBundle(db, fragment({ programs: [{ ...program, id: 'warm-soon' }] }), { writer });
    const fourth = await soon.sync();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(warmed).toEqual([next.version, fourth.version]);
    expect(fourth.warmSteps?.['route-graph']).toBeGreaterThanOrEqual(0);
    await soon.stop();
  });

  it('takes its own write as loaded, without reading it back, giving the index a full build gives', async () => {
    await resetGraph(db);
    expect((await importBundle(db, kingCountyBundle(), { replace: true })).ok).toBe(true);
    const cache = new SnapshotCache(db);
    await cache.get();
    const from: string[] = [];
    for (const write of everyKindWrites()) {
      const result = await importBundle(db, write, { writer });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const delta = ownWriteDelta(result.bundle, result.summary.changes);
      const own = delta && { version: result.summary.graphVersion, epoch: result.summary.graphEpoch ?? '', delta };
      const snapshot = await cache.sync(own);
      from.push(snapshot.from ?? 'none');
      expect(snapshot.version).toBe(result.summary.graphVersion);
      await expectSameAsFullBuild(cache);
    }
    // Upserts as loaded; removals (their cascade changes records the bundle does not hold) read back.
    expect(from).toEqual(['own', 'own', 'own', 'own', 'log', 'log']);
    // Not one version behind (another write came between): read back from the log.
    const program = kingCountyBundle().programs?.[0] as NonNullable<Bundle['programs']>[number];
    const first = await importBundle(db, fragment({ programs: [{ ...program, id: 'between' }] }), { writer });
    const second = await importBundle(db, fragment({ programs: [{ ...program, id: 'mine' }] }), { writer });
    if (!first.ok || !second.ok) throw new Error('refused');
    const delta = ownWriteDelta(second.bundle, second.summary.changes);
    expect(delta).toBeDefined();
    const snapshot = await cache.sync(
      delta && { version: second.summary.graphVersion, epoch: second.summary.graphEpoch ?? '', delta },
    );
    expect(snapshot.from).toBe('log');
    expect(snapshot.index.programs.has('between')).toBe(true);
    await expectSameAsFullBuild(cache);
    // The poll's sync, running when the writer asks, reads the write in: no second sync.
    const raced = await importBundle(db, fragment({ programs: [{ ...program, id: 'raced' }] }), { writer });
    if (!raced.ok) throw new Error('refused');
    const racedDelta = ownWriteDelta(raced.bundle, raced.summary.changes);
    const polling = cache.sync();
    const answered = await cache.sync(
      racedDelta && { version: raced.summary.graphVersion, epoch: raced.summary.graphEpoch ?? '', delta: racedDelta },
    );
    expect(answered).toBe(await polling);
    expect(answered.index.programs.has('raced')).toBe(true);
    await expectSameAsFullBuild(cache);
    await cache.stop();
  });
});
