/**
 * The resolver map on an in-memory snapshot (no Neo4j: only `about` and `search` ask the
 * database). The children fields read GraphIndex's reverse indexes; here they are held
 * against plain scans of the bundle, through GraphQL, on both worked examples.
 */
import { GraphIndex } from '@pathway/graph/model/graph-index';
import type { Snapshot } from '@pathway/graph/snapshot/snapshot';
import { kingCountyBundle, rioGrandeBundle } from '@pathway/graph/test/fixtures';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { describe, expect, it } from 'vitest';
import { resolvers } from './resolvers.ts';
import { typeDefs } from './schema.ts';

async function ask(bundle: ReturnType<typeof kingCountyBundle>, query: string) {
  const index = new GraphIndex(bundle);
  const snapshot: Snapshot = { version: 7, index, builtAt: 0, buildMs: 0 };
  const app = Fastify({ logger: false });
  await app.register(mercurius, { schema: typeDefs, resolvers, context: () => ({ snapshot: async () => snapshot }) });
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query } });
  await app.close();
  const body = response.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

type Edges<T> = { edges: { node: T }[] };
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe.each([
  ['King County', kingCountyBundle],
  ['Rio Grande', rioGrandeBundle],
])('relationship fields on %s', (_name, load) => {
  it('answer what a scan of the bundle answers', async () => {
    const bundle = load();
    const data = await ask(
      bundle,
      `{ sectors(first: 500) { edges { node { id ... on Sector { occupations { id } pathways { id } } } } }
         partners(first: 500) { edges { node { id ... on Partner { programs { id } credentialsIssued { id } roles { role pathway { id } } } } } }
         programs(first: 500) { edges { node { id ... on Program { pathways { id } outcomes { cohortYear } } } } } }`,
    );
    const sectors = (data.sectors as Edges<{ id: string; occupations: { id: string }[]; pathways: { id: string }[] }>)
      .edges;
    for (const { node } of sectors) {
      expect(ids(node.occupations)).toEqual(
        ids((bundle.occupations ?? []).filter((o) => o.sectorIds?.includes(node.id))),
      );
      expect(ids(node.pathways)).toEqual(ids((bundle.pathways ?? []).filter((w) => w.sectorId === node.id)));
    }
    const partners = (
      data.partners as Edges<{
        id: string;
        programs: { id: string }[];
        credentialsIssued: { id: string }[];
        roles: { role: string; pathway: { id: string } }[];
      }>
    ).edges;
    for (const { node } of partners) {
      expect(node.roles.map((r) => `${r.pathway.id}:${r.role}`)).toEqual(
        (bundle.pathways ?? []).flatMap((w) =>
          (w.partnerRoles ?? []).filter((r) => r.partnerId === node.id).map((r) => `${w.id}:${r.role}`),
        ),
      );
      expect(ids(node.programs)).toEqual(ids((bundle.programs ?? []).filter((p) => p.providerId === node.id)));
      expect(ids(node.credentialsIssued)).toEqual(
        ids((bundle.credentials ?? []).filter((c) => c.issuerId === node.id)),
      );
    }
    const programs = (
      data.programs as Edges<{ id: string; pathways: { id: string }[]; outcomes: { cohortYear: number }[] }>
    ).edges;
    for (const { node } of programs) {
      expect(ids(node.pathways)).toEqual(ids((bundle.pathways ?? []).filter((w) => w.programIds?.includes(node.id))));
      expect(node.outcomes.map((o) => o.cohortYear)).toEqual(
        (bundle.outcomes ?? [])
          .filter((o) => o.programId === node.id)
          .map((o) => o.cohortYear)
          .sort((a, b) => a - b),
      );
    }
    // The examples exercise every one of these fields with a non-empty answer somewhere.
    expect(sectors.some(({ node }) => node.occupations.length > 0 && node.pathways.length > 0)).toBe(true);
    expect(partners.some(({ node }) => node.programs.length > 0)).toBe(true);
    expect(programs.some(({ node }) => node.pathways.length > 0)).toBe(true);
  });
});

describe('routes', () => {
  it('answers the threshold the engine used and the snapshot version', async () => {
    const bundle = kingCountyBundle();
    const region = (bundle.wageThresholds ?? [])[0];
    expect(region).toBeDefined();
    const data = await ask(
      bundle,
      `{ routes(input: { regionId: "${region?.regionId}", household: "${region?.household}" }) { threshold graphVersion routes { rank } } }`,
    );
    expect(data.routes.threshold).toBe(region?.annual);
    expect(data.routes.graphVersion).toBe(7);
  });
});
