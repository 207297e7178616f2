/** What the data loaders read before importing (graph/src/loaders/graph-merge.ts). */
import type { KnownProgram } from '../../loaders/nj-outcomes.ts';
import type { KnownOccupation } from '../../loaders/oews.ts';
import type { EdgeKind } from '../../model/bundle.ts';
import { IN_SECTOR_REL, OFFERED_BY_REL } from '../../model/mapping.ts';
import type { GraphDb, Tx } from '../graph-db.ts';
import { run, statement } from './query.ts';

/** The edge kind whose existing edges a loader keeps as they are. */
export const ADVANCES = 'ADVANCES_TO' satisfies EdgeKind;

/** Of these occupations, those in the graph with their sectors in order. */
export const occupationSectorsQuery = (ids: string[]) =>
  statement(
    `UNWIND $ids AS id MATCH (o:Occupation {id: id})
     OPTIONAL MATCH (o)-[r:${IN_SECTOR_REL}]->(s:Sector)
     WITH o, r, s ORDER BY r.position
     RETURN o.id AS id, [x IN collect(s.id) WHERE x IS NOT NULL] AS sectorIds`,
    { ids },
  );

/** Of these ADVANCES_TO pairs, those in the graph, as `from|to`. */
export const existingAdvancesQuery = (pairs: { from: string; to: string }[]) =>
  statement(
    `UNWIND $pairs AS p MATCH (:Occupation {id: p.from})-[:${ADVANCES}]->(:Occupation {id: p.to})
     RETURN p.from + '|' + p.to AS id`,
    { pairs },
  );

export const knownOccupationsQuery = () =>
  statement(
    'MATCH (o:Occupation) RETURN o.id AS id, o.soc AS soc, o.onetSoc AS onetSoc, o.title AS title, o.jobZone AS jobZone, o.education AS education ORDER BY o.id',
  );

export async function occupationSectors(tx: Tx, ids: string[]): Promise<Map<string, string[]>> {
  const result = await run(tx, occupationSectorsQuery(ids));
  return new Map(result.records.map((r) => [r.get('id') as string, r.get('sectorIds') as string[]]));
}

export async function existingAdvances(tx: Tx, pairs: { from: string; to: string }[]): Promise<Set<string>> {
  const result = await run(tx, existingAdvancesQuery(pairs));
  return new Set(result.records.map((r) => r.get('id') as string));
}

/** Every occupation in the graph, with the codes OEWS rows are matched by. */
export async function readKnownOccupations(db: GraphDb): Promise<KnownOccupation[]> {
  return db.read('loaders.occupations', async (tx) => {
    const result = await run(tx, knownOccupationsQuery());
    return result.records.map((r) => {
      const occupation: KnownOccupation = { id: r.get('id') as string };
      const soc = r.get('soc') as string | null;
      const onetSoc = r.get('onetSoc') as string | null;
      if (soc) occupation.soc = soc;
      if (onetSoc) occupation.onetSoc = onetSoc;
      const title = r.get('title') as string | null;
      const jobZone = r.get('jobZone') as number | { toNumber(): number } | null;
      const education = r.get('education') as string | null;
      if (title) occupation.title = title;
      if (jobZone !== null) occupation.jobZone = typeof jobZone === 'number' ? jobZone : jobZone.toNumber();
      if (education) occupation.education = education;
      return occupation;
    });
  });
}

export const knownProgramsQuery = () =>
  statement(
    `MATCH (p:Program) OPTIONAL MATCH (p)-[:${OFFERED_BY_REL}]->(o:Partner)
     RETURN p.id AS id, p.cip AS cip, o.id AS providerId ORDER BY p.id`,
  );

export const partnerIdsQuery = (prefix: string) =>
  statement('MATCH (o:Partner) WHERE o.id STARTS WITH $prefix RETURN o.id AS id', { prefix });

/** Every program in the graph with its provider and CIP code: what outcome files are matched by. */
export async function readKnownPrograms(db: GraphDb): Promise<KnownProgram[]> {
  return db.read('loaders.programs', async (tx) => {
    const result = await run(tx, knownProgramsQuery());
    return result.records.map((r) => {
      const program: KnownProgram = { id: r.get('id') as string };
      const cip = r.get('cip') as string | null;
      const providerId = r.get('providerId') as string | null;
      if (cip) program.cip = cip;
      if (providerId) program.providerId = providerId;
      return program;
    });
  });
}

/** The ids of the graph's partners that start with the prefix (all of them for ''). */
export async function readPartnerIds(db: GraphDb, prefix = ''): Promise<Set<string>> {
  return db.read('loaders.partners', async (tx) => {
    const result = await run(tx, partnerIdsQuery(prefix));
    return new Set(result.records.map((r) => r.get('id') as string));
  });
}
