/** Folders of the repository that code reads at run time. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsDir = join(repoRoot, 'migrations');
export const sampleDir = join(repoRoot, 'graph', 'sample');
export const dataDir = join(repoRoot, '.data');
