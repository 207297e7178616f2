import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalBundle, kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import { bundleToCtdl } from '../ctdl/index.ts';
import type { Bundle } from '../model/bundle.ts';
import { repoRoot } from '../paths.ts';
import { exportBundle } from './export.ts';
import { importBundle } from './import-bundle.ts';
import { fromJson, readInput } from './read-input.ts';

const db = testDb();
afterAll(() => db.close());
beforeEach(() => resetGraph(db));

async function load(bundle: unknown, replace = false) {
  const result = await importBundle(db, bundle, { replace, writer: { keyName: 'test', scope: 'admin' } });
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result.summary;
}

async function count(query: string, params: Record<string, unknown> = {}): Promise<number> {
  return db.read('test', async (tx) => Number((await tx.run(query, params)).records[0]?.get(0)));
}

describe('bundle import on a real Neo4j', () => {
  it('loads the worked example and exports it back unchanged', async () => {
    const bundle = kingCountyBundle();
    const summary = await load(bundle, true);
    expect(summary.counts.programs).toEqual({ created: 8, updated: 0, unchanged: 0, deleted: 0 });
    expect(summary.counts.edges?.created).toBe(11);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(bundle));
  });

  it('loads the 1.1 worked example (training wages, CIP codes, outcomes, transitions) and exports it back unchanged', async () => {
    const bundle = rioGrandeBundle();
    const summary = await load(bundle, true);
    expect(summary.counts.transitions?.created).toBe(bundle.transitions?.length);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(bundle));
    expect(
      await count(
        "MATCH (:Program {id: 'p-cna'})-[t:TRANSITIONS_TO {cohortYear: 2023}]->(:Program {id: 'p-lvn'}) RETURN t.continued",
      ),
    ).toBe(14);
    const again = await load(bundle);
    expect(again.changed).toBe(false);
  });

  it('models nested values so Cypher can query them', async () => {
    await load(kingCountyBundle(), true);
    // cc-it-cert requires (ged OR hsd): one group node with two members.
    expect(
      await count(
        `MATCH (:Program {id: 'cc-it-cert'})-[:REQUIRES]->(g:RequirementGroup)-[:ANY_OF]->(c:Credential)
         RETURN count(c)`,
      ),
    ).toBe(2);
    expect(
      await count("MATCH (:Occupation {id: '15-1244.00'})-[w:EARNS_IN]->(:Region {id: 'us'}) RETURN w.medianAnnual"),
    ).toBe(96800);
    expect(
      await count(
        "MATCH (t:WageThreshold {household: '1A1C'})-[:FOR_REGION]->(:Region {id: 'wa-king'}) RETURN t.annual",
      ),
    ).toBe(79664);
    expect(await count("MATCH (:Region {id: 'wa-king'})-[:PART_OF]->(:Region {id: 'wa'}) RETURN count(*)")).toBe(1);
  });

  it('changes nothing when the same bundle is loaded twice', async () => {
    const first = await load(kingCountyBundle());
    const before = await exportBundle(db);
    const second = await load(kingCountyBundle());
    expect(second.changed).toBe(false);
    expect(second.graphVersion).toBe(first.graphVersion);
    for (const c of Object.values(second.counts)) expect(c.created + c.updated + c.deleted).toBe(0);
    expect(second.counts.credentials?.unchanged).toBe(9);
    expect(await exportBundle(db)).toEqual(before);
  });

  it('round-trips: load → export → load into an empty graph → export gives the same bundle', async () => {
    await load(kingCountyBundle(), true);
    const first = await exportBundle(db);
    await resetGraph(db);
    await load(first, true);
    expect(await exportBundle(db)).toEqual(first);
  });

  it('upserts a later bundle: records it names are replaced whole, everything else is kept', async () => {
    await load(kingCountyBundle(), true);
    const later: Bundle = {
      format: 'pathway-bundle',
      version: 1,
      programs: [
        // cost and credits left out → removed; awards changed; requires dropped.
        {
          id: 'cc-it-cert',
          name: 'IT Support Certificate (new)',
          providerId: 'king-cc',
          awards: ['it-cert'],
          months: 8,
        },
      ],
      credentials: [{ id: 'new-badge', name: 'New badge', type: 'MicroCredential', issuerId: 'king-cc' }],
      edges: [{ kind: 'QUALIFIES_FOR', from: 'new-badge', to: '15-1232.00' }],
    };
    const summary = await load(later);
    expect(summary.counts.programs).toMatchObject({ created: 0, updated: 1 });
    expect(summary.counts.credentials).toMatchObject({ created: 1, updated: 0 });
    const after = await exportBundle(db);
    const program = after.programs?.find((p) => p.id === 'cc-it-cert');
    expect(program).toEqual({
      id: 'cc-it-cert',
      name: 'IT Support Certificate (new)',
      providerId: 'king-cc',
      awards: ['it-cert'],
      months: 8,
      regionIds: undefined,
    } as unknown as typeof program);
    // Untouched: the other programs, the existing edges into cc-it-cert's credentials.
    expect(after.programs).toHaveLength(8);
    expect(after.edges).toHaveLength(12);
    expect(after.edges).toContainEqual({ kind: 'STACKS_INTO', from: 'it-cert', to: 'aas-net', creditsApplied: 30 });
    expect(await count('MATCH (g:RequirementGroup) WHERE NOT (g)<-[:REQUIRES]-() RETURN count(g)')).toBe(0);
  });

  it('resolves references from the graph, and refuses ids that are nowhere', async () => {
    await load(kingCountyBundle(), true);
    const ok = await importBundle(db, {
      format: 'pathway-bundle',
      version: 1,
      programs: [
        { id: 'p-new', name: 'New', providerId: 'king-cc', awards: ['a-plus'], months: 2, requires: [['hsd']] },
      ],
    });
    expect(ok.ok).toBe(true);
    const bad = await importBundle(db, {
      format: 'pathway-bundle',
      version: 1,
      programs: [{ id: 'p-bad', name: 'Bad', providerId: 'king-cc', awards: ['nowhere'], months: 2 }],
    });
    expect(bad).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: [{ path: 'programs[0].awards[0]', message: expect.stringMatching(/unknown Credential "nowhere"/) }],
    });
  });

  it('with replace leaves exactly the new bundle and counts what it deleted', async () => {
    await load(kingCountyBundle(), true);
    const small = kingCountyBundle();
    small.programs = small.programs?.filter((p) => p.id !== 'univ-bas-it');
    small.edges = small.edges?.filter((e) => e.to !== 'univ-bas-it');
    small.supports = small.supports?.map((s) => ({
      ...s,
      programIds: s.programIds?.filter((p) => p !== 'univ-bas-it'),
    }));
    small.pathways = small.pathways?.map((p) => ({
      ...p,
      programIds: p.programIds?.filter((x) => x !== 'univ-bas-it'),
    }));
    const summary = await load(small, true);
    expect(summary.counts.programs?.deleted).toBe(1);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(small));
  });

  it('writes nothing when the load fails half-way', async () => {
    await load(kingCountyBundle(), true);
    const before = await exportBundle(db);
    const changed = kingCountyBundle();
    changed.programs = changed.programs?.map((p) => ({ ...p, months: p.months + 1 }));
    let calls = 0;
    await expect(
      importBundle(db, changed, {
        onProgress: () => {
          calls += 1;
          if (calls === 3) throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow('disk on fire');
    expect(await exportBundle(db)).toEqual(before);
  });

  it('records every accepted write with the key name and counts', async () => {
    await load(kingCountyBundle(), true);
    const logs = await db.read('test', (tx) =>
      tx.run('MATCH (w:WriteLog) RETURN w.keyName AS key, w.counts AS counts, w.replace AS replace'),
    );
    expect(logs.records).toHaveLength(1);
    expect(logs.records[0]?.get('key')).toBe('test');
    expect(JSON.parse(logs.records[0]?.get('counts')).programs.created).toBe(8);
  });
});

describe('a bundle with 50 different defects', () => {
  function defective(): { bundle: Record<string, unknown>; paths: string[] } {
    const b = kingCountyBundle() as unknown as Record<string, unknown>;
    const at = (key: string, i: number) => (b[key] as Record<string, unknown>[])[i] as Record<string, unknown>;
    const paths: string[] = [];
    const defect = (path: string, apply: () => void) => {
      apply();
      paths.push(path);
    };
    defect('programs[0].months', () => (at('programs', 0).months = -1));
    defect('occupations[0].jobZone', () => (at('occupations', 0).jobZone = 7));
    defect('wageThresholds[0].household', () => (at('wageThresholds', 0).household = '3A0C'));
    defect('programs[2].requires[0][1]', () => (at('programs', 2).requires = [['ged', 'nope-cred']]));
    defect('credentials[1].id', () => (at('credentials', 1).id = at('credentials', 0).id));
    defect('regions[0].name', () => delete at('regions', 0).name);
    defect('partners[0].kind', () => (at('partners', 0).kind = 'Cafe'));
    defect('edges[0].kind', () => (at('edges', 0).kind = 'LIKES'));
    defect('edges[1].to', () => (at('edges', 1).to = 'a-plus')); // ARTICULATES_TO must end at a program
    defect('sectors[0].inDemand', () => (at('sectors', 0).inDemand = 'yes'));
    defect('programs[1].awards', () => (at('programs', 1).awards = []));
    defect('programs[3].providerId', () => (at('programs', 3).providerId = 'ghost-partner'));
    defect('occupationWages[0].medianAnnual', () => (at('occupationWages', 0).medianAnnual = 'lots'));
    defect('entryPoints[0].holds[0]', () => (at('entryPoints', 0).holds = ['ghost-cred']));
    defect('supports[0].kind', () => (at('supports', 0).kind = 'Snacks'));
    defect('pathways[0].partnerRoles[0].role', () => {
      (at('pathways', 0).partnerRoles as Record<string, unknown>[])[0] = { partnerId: 'king-cc', role: 'Boss' };
    });
    defect('regions[1].fips[0]', () => (at('regions', 1).fips = ['5']));
    defect('credentials[2].type', () => (at('credentials', 2).type = 'Diploma'));
    defect('programs[4].modality', () => (at('programs', 4).modality = 'remote'));
    defect('programs[5].schedules[0]', () => (at('programs', 5).schedules = ['night']));
    defect('programs[6].languages[0]', () => (at('programs', 6).languages = ['english!']));
    defect('programs[7].features[0]', () => (at('programs', 7).features = ['Magic']));
    defect('occupations[1].soc', () => (at('occupations', 1).soc = '151231'));
    defect('occupations[2].onetSoc', () => (at('occupations', 2).onetSoc = '15-1244'));
    defect('edges[2].from', () => delete at('edges', 2).from);
    defect('wageThresholds[1].annual', () => (at('wageThresholds', 1).annual = -5));
    defect('regions[2].parentId', () => (at('regions', 2).parentId = 'atlantis'));
    defect('occupationWages[1].regionId', () => (at('occupationWages', 1).regionId = 'atlantis'));
    defect('partners[1].id', () => (at('partners', 1).id = 'bad id!'));
    defect('sectors[1].naics[0]', () => (at('sectors', 1).naics = ['abc']));
    defect('credentials[3].ctid', () => (at('credentials', 3).ctid = 'ce-nope'));
    defect('programs[0].cost', () => (at('programs', 0).cost = -100));
    defect('entryPoints[1].enters[0]', () => (at('entryPoints', 1).enters = ['ghost-program']));
    defect('supports[1].programIds[0]', () => (at('supports', 1).programIds = ['ghost-program']));
    defect(
      'pathways[0].destinationOccupationIds[0]',
      () => (at('pathways', 0).destinationOccupationIds = ['ghost-occ']),
    );
    defect('occupations[3].sectorIds[0]', () => (at('occupations', 3).sectorIds = ['ghost-sector']));
    defect('(bundle)', () => (b.credentails = []));
    defect('credentials[4].portable', () => (at('credentials', 4).portable = 'true'));
    defect('source.retrieved', () => ((b.source as Record<string, unknown>).retrieved = 'yesterday'));
    defect('version', () => (b.version = 2));
    defect('wageThresholds[2].year', () => (at('wageThresholds', 2).year = 20222));
    defect('programs[3].requires[1]', () => (at('programs', 3).requires = [['hsd'], []]));
    defect('partners[2].regionIds[1]', () => (at('partners', 2).regionIds = ['wa-king', 'wa-king']));
    defect('occupations[4].title', () => (at('occupations', 4).title = ''));
    const edges = b.edges as Record<string, unknown>[];
    const outcomes: Record<string, unknown>[] = [];
    b.outcomes = outcomes;
    defect('outcomes[0].programId', () => outcomes.push({ programId: 'ghost-program', cohortYear: 2023 }));
    defect('outcomes[1].cohortYear', () => outcomes.push({ programId: 'ged-prep', cohortYear: 1800 }));
    defect(`edges[${edges.length}].from`, () => edges.push({ kind: 'HIRES', from: 'a-plus', to: '15-1232.00' }));
    defect(`edges[${edges.length}]`, () => edges.push({ kind: 'STACKS_INTO', from: 'ged', to: 'ged' }));
    defect(`edges[${edges.length}]`, () => edges.push({ ...(edges[3] as object) }));
    defect(`regions[${(b.regions as unknown[]).length}].parentId`, () =>
      (b.regions as unknown[]).push({ id: 'loop', name: 'Loop', parentId: 'loop' }),
    );
    return { bundle: b, paths };
  }

  it('reports all 50 with their JSON paths and leaves the graph unchanged', async () => {
    await load(kingCountyBundle(), true);
    const before = await exportBundle(db);
    const { bundle, paths } = defective();
    expect(new Set(paths).size).toBe(50);
    const result = await importBundle(db, bundle);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reported = result.errors.map((e) => e.path);
    expect(reported.sort()).toEqual([...paths].sort());
    for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
    expect(await exportBundle(db)).toEqual(before);
  });
});

describe('importing a folder of CSVs', () => {
  it('reports bad cells and unknown ids together, each with file, row and column', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { bundleToCsvFolder } = await import('../csv/csv-folder.ts');
    const { readInput } = await import('./read-input.ts');
    const dir = mkdtempSync(join(tmpdir(), 'csv-import-'));
    bundleToCsvFolder(kingCountyBundle(), dir);
    const programs = join(dir, 'programs.csv');
    writeFileSync(
      programs,
      readFileSync(programs, 'utf8')
        .replace('it-cert|a-plus,9,', 'it-cert|a-plus,nine,')
        .replace('aas-net,24,9000,90,ged|hsd', 'aas-net,24,9000,90,ged|hsdx'),
    );
    const input = readInput(dir);
    const result = await importBundle(db, input.raw, { readIssues: input.issues });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const located = result.errors.map((e) => `${e.path} @ ${input.where(e.path)}`);
    expect(located).toEqual([
      'programs[2].months @ programs.csv row 4, column months',
      'programs[4].requires[0][1] @ programs.csv row 6, column requires',
    ]);
    expect(await exportBundle(db)).toEqual({ format: 'pathway-bundle', version: 1 });

    const clean = mkdtempSync(join(tmpdir(), 'csv-import-'));
    bundleToCsvFolder(kingCountyBundle(), clean);
    const ok = readInput(clean);
    expect((await importBundle(db, ok.raw, { readIssues: ok.issues })).ok).toBe(true);
    expect(canonicalBundle(await exportBundle(db))).toEqual(canonicalBundle(kingCountyBundle()));
  });
});

describe('importing CTDL JSON-LD', () => {
  const ctdlFile = (...parts: string[]) => join(repoRoot, 'graph', 'data', 'ctdl', ...parts);

  it('loads a real Credential Registry document, keeps CTIDs, and round-trips through CTDL export', async () => {
    const input = readInput(ctdlFile('schema-development', 'CompTIA', 'CompTIA-IT_Networking_Specialist.jsonld'));
    expect(input.format).toBe('ctdl');
    expect(input.notes.some((n) => n.startsWith('not mapped:'))).toBe(true);
    expect((await importBundle(db, input.raw, { replace: true })).ok).toBe(true);
    const first = await exportBundle(db);
    expect(first.credentials).toHaveLength(8);
    expect(first.credentials?.every((c) => c.ctid?.startsWith('ce-'))).toBe(true);
    expect(first.edges?.filter((e) => e.kind === 'STACKS_INTO')).toHaveLength(7);

    const again = fromJson(JSON.parse(JSON.stringify(bundleToCtdl(first))), 'export.jsonld');
    expect(again.format).toBe('ctdl');
    await resetGraph(db);
    expect((await importBundle(db, again.raw, { replace: true })).ok).toBe(true);
    const second = await exportBundle(db);
    for (const key of ['credentials', 'partners', 'pathways'] as const) {
      expect(canonicalBundle({ [key]: second[key] })).toEqual(canonicalBundle({ [key]: first[key] }));
    }
    expect(canonicalBundle({ e: second.edges })).toEqual(canonicalBundle({ e: first.edges }));
  });

  it('refuses a published document that is not valid JSON, naming the file and line, and changes nothing', async () => {
    await load(kingCountyBundle(), true);
    const before = await exportBundle(db);
    expect(() =>
      readInput(ctdlFile('schema-development', 'TransferValueProfile', 'Transfer Intermediary - WICHE Example.json')),
    ).toThrow(/Transfer Intermediary - WICHE Example\.json: not valid JSON at line 33/);
    expect(await exportBundle(db)).toEqual(before);
  });
});
