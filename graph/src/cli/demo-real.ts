/**
 * npm run demo:real [-- --data DIR]
 * Builds the real-data region in the configured graph (the local Neo4j without NEO4J_URI):
 * the Hidalgo County, Texas programs, credentials, partners and supports of graph/sample, then
 * every O*NET occupation, BLS OEWS May 2024 national wages and the MIT living-wage thresholds
 * of every Texas county — each through its own loader, so each step validates, loads whole or
 * not at all, and prints what it loaded and skipped. DIR is the folder holding onet/, bls_oews/
 * and living_wage/ (default: the repository's copies in graph/data/); each file may be plain or
 * gzipped (`….csv.gz`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../loaders/data-file.ts';
import { realDataDir } from '../loaders/real-data.ts';
import { repoRoot } from '../paths.ts';
import { err } from './shared.ts';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const data = resolve(values.data ?? realDataDir);

/** The file as given or gzipped; exits with a usage error when neither is there. */
function input(...parts: string[]): string {
  const path = join(data, ...parts);
  const found = parts.length === 1 ? (existsSync(path) ? path : undefined) : findDataFile(path);
  if (found === undefined) {
    err(`demo:real: ${path} not found; give the folder holding onet/, bls_oews/ and living_wage/ with --data DIR`);
    process.exit(2);
  }
  return found;
}

const steps: [string, string[]][] = [
  [
    'programs, partners, credentials and supports (Hidalgo County, TX)',
    ['import', join(repoRoot, 'graph', 'sample', 'sample.bundle.json')],
  ],
  ['O*NET 29.3 occupations and sectors', ['load:onet', input('onet')]],
  ['BLS OEWS May 2024 national wages', ['load:oews', input('bls_oews', 'national_M2024_dl.csv')]],
  [
    'MIT living-wage thresholds, Texas counties',
    ['load:thresholds', input('living_wage', 'mit-living-wage-2022.csv'), '--state', '48'],
  ],
];
const started = Date.now();
for (const [what, [script, ...args]] of steps) {
  err(`\n=== demo:real: ${what}`);
  const t = Date.now();
  const result = spawnSync('npm', ['run', '-s', script as string, '--', ...args], { stdio: 'inherit', cwd: repoRoot });
  if (result.status !== 0) {
    err(`demo:real: ${script} failed (exit ${result.status}); the steps before it stay loaded`);
    process.exit(result.status ?? 1);
  }
  err(`=== ${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
err(
  `\ndemo:real: done in ${((Date.now() - started) / 1000).toFixed(1)} s. Try region tx-hidalgo with entry point ep-english-learner.`,
);
