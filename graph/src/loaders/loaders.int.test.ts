import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import type { Bundle } from '../model/bundle.ts';
import { readDataText } from './data-file.ts';
import { importConverted, readKnownOccupations } from './graph-merge.ts';
import { convertLivingWage } from './living-wage.ts';
import { convertOews } from './oews.ts';
import { readOewsFile } from './oews-file.ts';
import { convertOnet, readOnetDir } from './onet.ts';
import { countyNamesCsv, livingWageCsv, oewsNationalCsv, onetDir } from './real-data.ts';

const db = testDb();
afterAll(() => db.close());
beforeAll(() => resetGraph(db));

async function load(bundle: Bundle) {
  const { result } = await importConverted(db, bundle);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result.summary;
}

async function value(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return db.read('test', async (tx) => (await tx.run(query, params)).records[0]?.get(0));
}

const onetBundle = () => convertOnet(readOnetDir(onetDir)).bundle;
const oewsBundle = async () =>
  convertOews(await readOewsFile(oewsNationalCsv), { occupations: await readKnownOccupations(db) }).bundle;
const thresholdBundle = () =>
  convertLivingWage(readDataText(livingWageCsv), {
    fileName: 'mit-living-wage-2022.csv',
    names: readDataText(countyNamesCsv),
    state: '53',
  }).bundle;

describe('loaders on a real Neo4j: O*NET, national OEWS, one state of MIT thresholds', () => {
  it('loads O*NET occupations, sectors and ADVANCES_TO edges', async () => {
    const summary = await load(onetBundle());
    expect(summary.counts.occupations?.created).toBe(1016);
    expect(summary.counts.sectors?.created).toBe(23);
    expect(summary.counts.edges?.created).toBe(3790);
    expect(Number(await value('MATCH (o:Occupation) RETURN count(o)'))).toBe(1016);
    expect(await value("MATCH (:Occupation {id: '29-1141.00'})-[:IN_SECTOR]->(s:Sector) RETURN s.name")).toBe(
      'Healthcare Practitioners and Technical Occupations',
    );
  });

  it('loads national OEWS wages for the occupations now in the graph', async () => {
    const summary = await load(await oewsBundle());
    expect(summary.counts.occupationWages?.created).toBe(968);
    expect(summary.counts.regions?.created).toBe(1);
    expect(
      await value("MATCH (:Occupation {id: '29-1141.00'})-[w:EARNS_IN]->(:Region {id: 'us'}) RETURN w.medianAnnual"),
    ).toBe(93600);
    expect(
      await value("MATCH (:Occupation {id: '13-1022.00'})-[w:EARNS_IN]->(:Region {id: 'us'}) RETURN w.source"),
    ).toBe('BLS OEWS May 2024, national (rolled up: combined code 13-1020 Buyers and Purchasing Agents)');
    // Top-coded (#) median: no wage row at all.
    expect(Number(await value("MATCH (:Occupation {id: '29-1022.00'})-[w:EARNS_IN]->() RETURN count(w)"))).toBe(0);
  });

  it('loads the MIT thresholds of Washington with county → state → us regions', async () => {
    const summary = await load(thresholdBundle());
    expect(summary.counts.wageThresholds?.created).toBe(39 * 12);
    // `us` exists from the OEWS load and is kept; Washington and its 39 counties are new.
    expect(summary.counts.regions).toMatchObject({ created: 40, updated: 0 });
    expect(
      await value(
        "MATCH (t:WageThreshold {household: '1A1C'})-[:FOR_REGION]->(:Region {id: 'wa-king'})-[:PART_OF]->(:Region {id: 'wa'})-[:PART_OF]->(:Region {id: 'us'}) RETURN t.annual",
      ),
    ).toBe(79664);
  });

  it('changes nothing when the same files are loaded again', async () => {
    for (const bundle of [onetBundle(), await oewsBundle(), thresholdBundle()]) {
      const summary = await load(bundle);
      expect(summary.changed).toBe(false);
      for (const c of Object.values(summary.counts)) expect(c.created + c.updated + c.deleted).toBe(0);
    }
  });
});
