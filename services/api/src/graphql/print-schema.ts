/** The printed SDL, committed as services/api/schema.graphql so reviewers and clients see changes. */
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { typeDefs } from './schema.ts';

export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema(typeDefs)))}\n`;
}
