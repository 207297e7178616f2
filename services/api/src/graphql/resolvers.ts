/**
 * The resolver map, assembled from one file per type family beside its SDL
 * (schema/<family>.graphql + schema/<family>.resolvers.ts). Resolvers are thin over graph/:
 * every request reads one snapshot of the graph (checked against the graph version in Neo4j,
 * see graph/src/snapshot/snapshot.ts), so all fields of one answer agree, and relationship
 * fields are in-memory lookups rather than a query per field. Argument and parent types come
 * from resolver-types.generated.ts (`npm run codegen`).
 */
import type { IResolvers } from 'mercurius';
import type { EntityParent } from './resolver-parents.ts';
import { aboutResolvers } from './schema/about.resolvers.ts';
import { entitiesResolvers } from './schema/entities.resolvers.ts';
import { gapsResolvers } from './schema/gaps.resolvers.ts';
import { mapResolvers } from './schema/map.resolvers.ts';
import { routesResolvers } from './schema/routes.resolvers.ts';
import { whatIfResolvers } from './schema/whatif.resolvers.ts';

const families = [aboutResolvers, entitiesResolvers, gapsResolvers, mapResolvers, routesResolvers, whatIfResolvers];

// Every family may add Query fields, and fields to another family's type (routes adds
// Occupation.advancements): a type's resolvers are merged field by field, never replaced.
const query = Object.assign({}, ...families.map((f) => f.Query));
const types: Record<string, Record<string, unknown>> = {};
for (const { Query: _query, ...rest } of families) {
  for (const [name, fields] of Object.entries(rest)) types[name] = { ...types[name], ...fields };
}

export const resolvers: IResolvers = {
  ...types,
  Query: query,
  // Mercurius reads an interface's `resolveType` (not codegen's `__resolveType`).
  Node: { resolveType: (entity: EntityParent) => entity.__kind },
};
