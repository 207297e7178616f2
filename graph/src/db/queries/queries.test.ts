/**
 * The Cypher text and parameters of every query, without a database (as neo4j/graphql's TCK
 * does): a change to a statement shows in review as a snapshot diff. What the statements do
 * against a real Neo4j is checked by the integration tests (import.int.test.ts, db/*.int.test.ts).
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { EDGE_MAPPINGS, ENTITY_MAPPINGS, ROW_MAPPINGS } from '../../model/mapping.ts';
import { labelCountsQuery, neo4jVersionQuery } from './about.queries.ts';
import {
  awaitIndexesQuery,
  BULK,
  beginBulkLoadQuery,
  bulkLoadPendingQuery,
  deleteDataBatchQuery,
  dropIndexQuery,
  endBulkLoadQuery,
  holdsDataQuery,
  indexNamesQuery,
  secondaryIndexesQuery,
} from './bulk-load.queries.ts';
import { EXPORT, LOAD } from './bundle.queries.ts';
import { anyEntityQuery, existingIdsQuery, ownersQuery } from './entity.queries.ts';
import { bumpGraphVersionQuery, graphMetaQuery, graphSourceQuery, graphVersionQuery } from './graph-meta.queries.ts';
import {
  existingAdvancesQuery,
  knownOccupationsQuery,
  knownProgramsQuery,
  occupationSectorsQuery,
  partnerIdsQuery,
} from './loader.queries.ts';
import { appliedMigrationsQuery, recordMigrationQuery } from './migrations.queries.ts';
import { plain, toNumber } from './query.ts';
import { luceneQuery, searchQuery } from './search.queries.ts';
import { createWriteLogQuery, listWritesQuery, writesSinceQuery } from './write-log.queries.ts';

/** Whitespace-normalised, so indentation changes do not churn the snapshots. */
const text = (cypher: string) => cypher.replace(/\s+/g, ' ').trim();

describe('the bundle load and export statements', () => {
  it('are built from the mapping for every entity kind', () => {
    const out: Record<string, string[]> = {};
    for (const m of ENTITY_MAPPINGS) {
      out[m.key] = [
        LOAD.entityHashes(m),
        LOAD.upsertEntities(m),
        ...m.refs.flatMap((ref) => [LOAD.deleteRefs(m, ref), LOAD.createRefs(m, ref)]),
        ...m.nested.flatMap((nested) => [LOAD.deleteNested(m.label, nested), LOAD.createNested(m.label, nested)]),
        LOAD.deleteOtherEntities(m),
        EXPORT.entities(m),
        EXPORT.entitiesById(m),
      ].map(text);
    }
    expect(out).toMatchSnapshot();
  });

  it('are built from the mapping for every row and edge kind', () => {
    const out: Record<string, string[]> = {};
    for (const m of [...ROW_MAPPINGS, ...EDGE_MAPPINGS]) {
      const name = 'kind' in m ? `edges.${m.kind}` : m.key;
      out[name] = [
        LOAD.rowHashes(m),
        LOAD.upsertRows(m),
        LOAD.deleteOtherRows(m),
        EXPORT.rows(m),
        EXPORT.rowsByKey(m),
      ].map(text);
    }
    expect(out).toMatchSnapshot();
  });
});

describe('the bulk load statements', () => {
  it('keep their text and parameters (data labels from the mapping)', () => {
    const statements = {
      bulkLoadPending: bulkLoadPendingQuery(),
      holdsData: holdsDataQuery(),
      beginBulkLoad: beginBulkLoadQuery([{ name: 'entity_search', createStatement: 'CREATE FULLTEXT INDEX …' }]),
      endBulkLoad: endBulkLoadQuery(),
      deleteDataBatch: deleteDataBatchQuery(10_000),
      secondaryIndexes: secondaryIndexesQuery(),
      indexNames: indexNamesQuery(),
      dropIndex: dropIndexQuery('entity_search'),
      awaitIndexes: awaitIndexesQuery(3600),
    };
    expect(
      Object.fromEntries(
        Object.entries(statements).map(([k, s]) => [k, { text: text(s.text), params: plain(s.params) }]),
      ),
    ).toMatchSnapshot();
  });

  it('create what the ordinary loader merges, from the mapping', () => {
    const out: Record<string, string> = {};
    for (const m of ENTITY_MAPPINGS) out[m.key] = text(BULK.createEntities(m));
    for (const m of ROW_MAPPINGS) out[m.key] = text(BULK.createRows(m));
    for (const m of EDGE_MAPPINGS) out[`edges.${m.kind}`] = text(BULK.createRows(m));
    expect(out).toMatchSnapshot();
  });
});

describe('the other statements', () => {
  it('keep their text and parameters', () => {
    const statements = {
      graphVersion: graphVersionQuery(),
      graphSource: graphSourceQuery(),
      graphMeta: graphMetaQuery(),
      bumpGraphVersion: bumpGraphVersionQuery(true, '{"name":"x"}'),
      createWriteLog: createWriteLogQuery({
        keyName: 'k',
        scope: 'admin',
        replace: false,
        counts: '{}',
        changes: '{"created":{},"changed":{},"deleted":{},"truncated":false}',
        graphVersion: 3,
      }),
      listWrites: listWritesQuery('partner=p1'),
      writesSince: writesSinceQuery(3, 100),
      existingIds: existingIdsQuery('Program', ['p1']),
      anyEntity: anyEntityQuery(),
      programOwners: ownersQuery('programs', 'providerId', ['p1']),
      credentialOwners: ownersQuery('credentials', 'issuerId', ['c1']),
      occupationSectors: occupationSectorsQuery(['o1']),
      existingAdvances: existingAdvancesQuery([{ from: 'o1', to: 'o2' }]),
      knownOccupations: knownOccupationsQuery(),
      knownPrograms: knownProgramsQuery(),
      partnerIds: partnerIdsQuery('nj-provider-'),
      labelCounts: labelCountsQuery(),
      neo4jVersion: neo4jVersionQuery(),
      search: searchQuery('Nurse aide', 10),
      appliedMigrations: appliedMigrationsQuery(),
      recordMigration: recordMigrationQuery({
        version: 1,
        name: 'V0001__x.cypher',
        description: 'x',
        checksum: 'abc',
        durationMs: 5,
      }),
    };
    expect(
      Object.fromEntries(
        Object.entries(statements).map(([k, s]) => [k, { text: text(s.text), params: plain(s.params) }]),
      ),
    ).toMatchSnapshot();
  });

  it('refuses an owner field that is not a reference', () => {
    expect(() => ownersQuery('programs', 'name', [])).toThrow('programs has no reference name');
  });

  it('never splices search text into Cypher', () => {
    const s = searchQuery("x') RETURN 1 //", 5);
    expect(s.text).not.toContain('RETURN 1 //');
    expect(s.params.query).toBe(luceneQuery("x') RETURN 1 //"));
  });
});

describe('toNumber', () => {
  it('converts Neo4j Integers and leaves numbers', () => {
    expect(toNumber(neo4j.int(42))).toBe(42);
    expect(toNumber(7.5)).toBe(7.5);
    expect(plain({ a: [neo4j.int(1)], b: 'x' })).toEqual({ a: [1], b: 'x' });
  });
});
