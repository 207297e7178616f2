/** The sample region `npm start` loads into an empty graph. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDb } from '../db/graph-db.ts';
import { anyEntity } from '../db/queries/entity.queries.ts';
import { sampleDir } from '../paths.ts';
import { importBundle } from './import-bundle.ts';

export const SAMPLE_BUNDLE = join(sampleDir, 'sample.bundle.json');

export async function graphIsEmpty(db: GraphDb): Promise<boolean> {
  return db.read('graph.is-empty', async (tx) => !(await anyEntity(tx)));
}

/** Loads the sample bundle when the graph holds no entity; returns what it did. */
export async function loadSampleIfEmpty(db: GraphDb): Promise<'loaded' | 'not-empty' | 'no-sample'> {
  if (!existsSync(SAMPLE_BUNDLE)) return 'no-sample';
  if (!(await graphIsEmpty(db))) return 'not-empty';
  const raw = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));
  const result = await importBundle(db, raw, { writer: { keyName: 'startup', scope: 'admin' } });
  if (!result.ok) {
    throw new Error(
      `the sample bundle is invalid: ${result.errors
        .slice(0, 5)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  }
  return 'loaded';
}
