import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import { importBundle } from '../import/import-bundle.ts';
import type { Bundle } from '../model/bundle.ts';
import { repoRoot } from '../paths.ts';
import { readDataText } from './data-file.ts';
import { importConverted, readKnownPrograms, readPartnerIds } from './graph-merge.ts';
import { convertNj, njPartnerId, readNjOutcomes } from './nj-outcomes.ts';
import { convertOutcomesCsv } from './outcomes-csv.ts';

const db = testDb();
afterAll(() => db.close());

/** A small graph: two NJ providers with programs whose CIP codes appear in the real file, one without. */
const graph: Bundle = {
  format: 'pathway-bundle',
  version: 1.1,
  partners: [
    { id: 'nj-provider-37', name: 'Provider 37', kind: 'CommunityCollege' },
    { id: 'nj-provider-27', name: 'Provider 27', kind: 'Other' },
  ],
  credentials: [{ id: 'cert', name: 'Certificate', type: 'Certificate' }],
  programs: [
    {
      id: 'nj37-construction',
      name: 'Construction',
      providerId: 'nj-provider-37',
      awards: ['cert'],
      months: 6,
      cip: '46.0401',
    },
    {
      id: 'nj37-culinary',
      name: 'Culinary',
      providerId: 'nj-provider-37',
      awards: ['cert'],
      months: 6,
      cip: '12.0503',
    },
    { id: 'nj27-cna', name: 'Nurse aide', providerId: 'nj-provider-27', awards: ['cert'], months: 2, cip: '51.1020' },
    { id: 'local-only', name: 'No CIP', providerId: 'nj-provider-27', awards: ['cert'], months: 2 },
  ],
};

async function value(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return db.read('test', async (tx) => (await tx.run(query, params)).records[0]?.get(0));
}

describe('outcome loaders on a real Neo4j', () => {
  beforeAll(async () => {
    await resetGraph(db);
    const result = await importBundle(db, graph);
    if (!result.ok) throw new Error(JSON.stringify(result));
  });

  it('reads the programs with provider and CIP, and the NJ partners, from the graph', async () => {
    expect(await readKnownPrograms(db)).toEqual([
      { id: 'local-only', providerId: 'nj-provider-27' },
      { id: 'nj27-cna', providerId: 'nj-provider-27', cip: '51.1020' },
      { id: 'nj37-construction', providerId: 'nj-provider-37', cip: '46.0401' },
      { id: 'nj37-culinary', providerId: 'nj-provider-37', cip: '12.0503' },
    ]);
    expect(await readPartnerIds(db, njPartnerId(''))).toEqual(new Set(['nj-provider-37', 'nj-provider-27']));
  });

  it('loads the real New Jersey rows onto the matching programs, and a second load changes nothing', async () => {
    const table = readNjOutcomes(
      readDataText(join(repoRoot, 'graph', 'data', 'nj_outcomes', 'outcomes_schcip.csv.gz')),
      'outcomes_schcip.csv',
    );
    const convert = async () =>
      convertNj(table, { programs: await readKnownPrograms(db), partnerIds: await readPartnerIds(db, 'nj-provider-') });
    const first = await convert();
    expect(first.match.matched).toBe(3);
    const { result } = await importConverted(db, first.bundle);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.summary.counts.outcomes?.created).toBe(3);
    expect(
      await value(
        "MATCH (:Program {id: 'nj37-construction'})-[:HAS_OUTCOME]->(o:Outcome) RETURN [o.cohortYear, o.exiters, o.employedQ2, o.retainedQ4]",
      ),
    ).toEqual([2020, 19, 14, 13]);
    const again = await importConverted(db, (await convert()).bundle);
    if (!again.result.ok) throw new Error('second load refused');
    expect(again.result.summary.changed).toBe(false);
  });

  it('loads a generic outcomes CSV for programs in the graph, skipping the others', async () => {
    const programIds = new Set((await readKnownPrograms(db)).map((p) => p.id));
    const conversion = convertOutcomesCsv(
      'programId,cohortYear,enrolled,completed\nlocal-only,2024,20,15\nnowhere,2024,1,1\n',
      {
        fileName: 'outcomes.csv',
        programIds,
      },
    );
    expect(conversion.skipped.map((g) => [g.reason, g.count])).toEqual([['program not in the graph', 1]]);
    const { result } = await importConverted(db, conversion.bundle);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(await value("MATCH (:Program {id: 'local-only'})-[:HAS_OUTCOME]->(o:Outcome) RETURN o.completed")).toBe(15);
  });
});
