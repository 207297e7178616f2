/**
 * The steps of `npm run demo:texas` on a real Neo4j: each loads whole, a second run changes
 * nothing, and the graph read back answers routes exactly as the in-memory build does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetGraph, testDb } from '../../../test/neo4j.ts';
import { exportBundle } from '../../import/export.ts';
import type { Bundle } from '../../model/bundle.ts';
import { GraphIndex } from '../../model/graph-index.ts';
import { findRoutes, type Route } from '../../routing/route-search.ts';
import { combineBundles, importConverted } from '../graph-merge.ts';
import { texasSteps } from './texas-steps.ts';

const db = testDb();
afterAll(() => db.close());
beforeAll(() => resetGraph(db));

const bundles: Bundle[] = [];
for (const step of texasSteps()) bundles.push((await step.convert()).bundle);
const [, etpl] = bundles as [Bundle, Bundle, Bundle, Bundle];

async function loadAll() {
  const summaries = [];
  for (const bundle of bundles) {
    const { result } = await importConverted(db, bundle);
    if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 5))}`);
    summaries.push(result.summary);
  }
  return summaries;
}

async function value(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return db.read('test', async (tx) => (await tx.run(query, params)).records[0]?.get(0));
}

/** A step lists its supports in the order the graph holds them: compare them as sets. */
const sortedSupports = (routes: Route[]) =>
  routes.map((r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, supportIds: [...s.supportIds].sort() })) }));

describe('demo:texas on a real Neo4j', () => {
  // Four imports, 20,000 ETPL records: slower than the default 60 s on a busy machine.
  it('loads the state: ETPL programs, regions under workforce areas, thresholds of every county', {
    timeout: 300_000,
  }, async () => {
    const [, etplSummary, , mitSummary] = await loadAll();
    expect(etplSummary?.counts.programs?.created).toBe(etpl.programs?.length);
    expect(etplSummary?.counts.regions?.created).toBe(1 + 1 + 28 + 254);
    expect(mitSummary?.counts.wageThresholds?.created).toBe(254 * 12);
    // The thresholds' counties were already there: they keep their workforce areas.
    expect(mitSummary?.counts.regions?.created ?? 0).toBe(0);
    expect(
      await value(
        "MATCH (:Region {id: 'tx-48215'})-[:PART_OF]->(:Region {id: 'tx-wda-23'})-[:PART_OF]->(:Region {id: 'tx'})-[:PART_OF]->(u:Region) RETURN u.id",
      ),
    ).toBe('us');
    const hidalgo = (etpl.programs ?? []).filter((p) => p.regionIds?.includes('tx-48215')).length;
    expect(Number(await value("MATCH (p:Program)-[:AVAILABLE_IN]->(:Region {id: 'tx-48215'}) RETURN count(p)"))).toBe(
      hidalgo,
    );
  });

  it('changes nothing when run again', { timeout: 300_000 }, async () => {
    for (const summary of await loadAll()) {
      expect(summary.changed).toBe(false);
      for (const c of Object.values(summary.counts)) expect(c.created + c.updated + c.deleted).toBe(0);
    }
  });

  it('answers routes for a Hidalgo County high-school graduate as the in-memory build does', async () => {
    const fromNeo4j = new GraphIndex(await exportBundle(db));
    const inMemory = new GraphIndex(bundles.reduce((a, b) => combineBundles(a, b)));
    for (const objective of ['TIME', 'COST'] as const) {
      const input = { regionId: 'tx-48215', entryPointId: 'tx-wda-23-ep-hs-graduate', objective, limit: 5 };
      const routes = sortedSupports(findRoutes(fromNeo4j, input));
      expect(routes.length).toBeGreaterThan(0);
      expect(routes).toEqual(sortedSupports(findRoutes(inMemory, input)));
    }
  });
});
