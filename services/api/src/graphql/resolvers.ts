import type { IResolvers } from 'mercurius';
import { serviceVersion } from '../version.ts';
import { labelCounts, neo4jVersion } from './about.queries.ts';

export const resolvers: IResolvers = {
  Query: {
    about: () => ({}),
  },
  About: {
    version: () => serviceVersion,
    neo4jVersion: (_parent, _args, { app }) => neo4jVersion(app.graph),
    counts: (_parent, _args, { app }) => labelCounts(app.graph),
  },
};
