/** about.graphql: the service's version and what the graph holds (counts read from Neo4j). */

import { labelCounts, neo4jVersion } from '@pathway/graph/db/queries/about.queries';
import { serviceVersion } from '../../version.ts';
import type { Resolvers } from '../resolver-types.generated.ts';

export const aboutResolvers = {
  Query: {
    about: () => ({}),
  },
  About: {
    version: () => serviceVersion,
    neo4jVersion: (_parent, _args, { app }) => neo4jVersion(app.graph),
    counts: (_parent, _args, { app }) => labelCounts(app.graph),
    graphVersion: async (_parent, _args, ctx) => (await ctx.snapshot()).version,
  },
} satisfies Resolvers;
