/** The SDL lives in graphql/schema/*.graphql, one file per type family. */
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('./schema/', import.meta.url);

export const typeDefs: string = readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => readFileSync(new URL(f, dir), 'utf8'))
  .join('\n');
