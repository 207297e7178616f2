import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import { canonicalBundle, kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import {
  BulkLoadPendingError,
  beginBulkLoad,
  dropIndexQuery,
  secondaryIndexes,
} from '../db/queries/bulk-load.queries.ts';
import { searchEntities } from '../db/queries/search.queries.ts';
import { type Bundle, bundleSchema } from '../model/bundle.ts';
import { graphVersion } from '../snapshot/snapshot.ts';
import { bulkLoad, DuplicateKeyError, GraphNotEmptyError } from './bulk-load.ts';
import { exportBundle } from './export.ts';
import { importBundle } from './import-bundle.ts';
import { loadBundle } from './load.ts';

const db = testDb();
afterAll(() => db.close());
beforeEach(() => resetGraph(db));

/** Every stored data node and relationship with all its properties (`_hash`, positions, keys). */
async function storedGraph(): Promise<unknown> {
  return db.read('test', async (tx) => {
    const nodes = await tx.run(
      `MATCH (n) WHERE NOT n:__Migration AND NOT n:GraphMeta AND NOT n:WriteLog
       RETURN labels(n) AS labels, properties(n) AS props ORDER BY coalesce(n.id, n.key)`,
    );
    const rels = await tx.run(
      `MATCH (a)-[r]->(b) WHERE NOT a:WriteLog
       RETURN coalesce(a.id, a.key) + ' ' + type(r) + ' ' + coalesce(b.id, b.key) AS edge, properties(r) AS props`,
    );
    const edges = rels.records.map((r) => JSON.stringify([r.get('edge'), sorted(r.get('props'))])).sort();
    return { nodes: nodes.records.map((r) => [r.get('labels'), sorted(r.get('props'))]), edges };
  });
}

/** Every index with what defines it, and whether it is online. */
async function storedIndexes(): Promise<unknown> {
  return db.read('test', async (tx) => {
    const result = await tx.run(
      'SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, options, state RETURN * ORDER BY name',
    );
    return result.records.map((r) => r.toObject());
  });
}

const sorted = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).sort());

const small = () => syntheticBundle({ nodes: 1_500, seed: 5 }).bundle;

describe('bulk load into an empty graph', () => {
  const bundles: [string, () => unknown][] = [
    ['king-county', kingCountyBundle],
    ['rio-grande (1.1)', rioGrandeBundle],
    ['a synthetic graph', small],
  ];
  it.each(bundles)(
    'stores exactly what the one-transaction loader stores (%s), so an ordinary import of it then changes nothing',
    async (_, read) => {
      const bundle = bundleSchema.parse(read());
      await loadBundle(db, bundle);
      const expected = await storedGraph();
      await resetGraph(db);
      // Small batches, several at once: many transactions racing on shared nodes.
      const summary = await bulkLoad(db, bundle, { batchSize: 250, concurrency: 3 });
      expect(summary.recovered).toBe(false);
      expect(await storedGraph()).toEqual(expected);
      expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(bundle));
      const again = await importBundle(db, bundle);
      expect(again.ok && again.summary.changed).toBe(false);
    },
    180_000,
  );

  it('bumps the version once, in its last transaction', async () => {
    const before = await graphVersion(db);
    const summary = await bulkLoad(db, bundleSchema.parse(kingCountyBundle()));
    expect(summary.graphVersion).toBe(before + 1);
    expect(await graphVersion(db)).toBe(before + 1);
  });

  it('refuses a graph that holds data, writing nothing', async () => {
    await loadBundle(db, bundleSchema.parse(kingCountyBundle()));
    const before = await storedGraph();
    const version = await graphVersion(db);
    await expect(bulkLoad(db, small())).rejects.toBeInstanceOf(GraphNotEmptyError);
    expect(await storedGraph()).toEqual(before);
    expect(await graphVersion(db)).toBe(version);
  });

  it('a graph left half-loaded is neither served nor imported into, and the next bulk load starts it over', async () => {
    const bundle = small();
    // What a bulk load that died after its first batches leaves: the mark, and part of the data.
    await db.write('test', async (tx) => {
      await beginBulkLoad(tx);
    });
    await loadBundle(db, { format: 'pathway-bundle', version: 1, regions: bundle.regions } as Bundle);

    await expect(exportBundle(db)).rejects.toBeInstanceOf(BulkLoadPendingError);
    await expect(importBundle(db, kingCountyBundle())).rejects.toBeInstanceOf(BulkLoadPendingError);

    const summary = await bulkLoad(db, bundleSchema.parse(kingCountyBundle()));
    expect(summary.recovered).toBe(true);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(kingCountyBundle()));
  });

  it('suspends the secondary indexes while it loads and has them back, online, when it ends', async () => {
    const before = await storedIndexes();
    const suspended = (await db.read('test', secondaryIndexes)).map((i) => i.name);
    expect(suspended).toContain('entity_search');
    const summary = await bulkLoad(db, bundleSchema.parse(kingCountyBundle()));
    expect(summary.suspendedIndexes).toEqual(suspended);
    expect(await storedIndexes()).toEqual(before);
    // The full-text index holds what was loaded while it was away.
    const hits = await searchEntities(db, 'King County', 5);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('a load that died with its indexes dropped: the next one restores them', async () => {
    const before = await storedIndexes();
    const bundle = small();
    await db.write('test', async (tx) => beginBulkLoad(tx, await secondaryIndexes(tx)));
    for (const index of await db.read('test', secondaryIndexes)) {
      const drop = dropIndexQuery(index.name);
      await db.autoCommit('test', drop.text, drop.params);
    }
    await loadBundle(db, { format: 'pathway-bundle', version: 1, regions: bundle.regions } as Bundle);
    expect(await storedIndexes()).not.toEqual(before);

    const summary = await bulkLoad(db, bundleSchema.parse(kingCountyBundle()));
    expect(summary.recovered).toBe(true);
    expect(await storedIndexes()).toEqual(before);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(kingCountyBundle()));
  });

  it('refuses a bundle with two records of one key before writing anything (CREATE would store both)', async () => {
    const bundle = bundleSchema.parse(kingCountyBundle());
    const edge = bundle.edges?.[0];
    expect(edge).toBeDefined();
    const twice = { ...bundle, edges: [...(bundle.edges ?? []), { ...edge }] } as Bundle;
    await expect(bulkLoad(db, twice)).rejects.toThrow(DuplicateKeyError);
    await expect(bulkLoad(db, twice)).rejects.toThrow(`edges (${edge?.kind}): "${edge?.from}|${edge?.to}"`);
    expect(await storedGraph()).toEqual({ nodes: [], edges: [] });
    expect(await graphVersion(db)).toBe(0);
  });
});
