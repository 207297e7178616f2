/**
 * An import interrupted by `kill -9` of Neo4j leaves the graph as it was before or as it
 * would be after, never partial, and the CLI says which (or that it cannot know). Runs its own
 * local Neo4j (own store, port NEO4J_CRASH_TEST_PORT, default 7714): loads the sample, starts
 * `npm run import` of a synthetic bundle big enough to take seconds, kills Neo4j with SIGKILL
 * once the load is under way, restarts it on the same store and compares exports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import { GraphDb } from '../db/graph-db.ts';
import { migrate, readMigrations } from '../db/migrations.ts';
import { type LocalNeo4jInfo, startLocalNeo4j, stopLocalNeo4j } from '../neo4j-local.ts';
import { migrationsDir, repoRoot } from '../paths.ts';
import { graphVersion } from '../snapshot/snapshot.ts';
import { exportBundle } from './export.ts';
import { importBundle } from './import-bundle.ts';
import { SAMPLE_BUNDLE } from './sample.ts';

const root = mkdtempSync(join(tmpdir(), 'import-crash-'));
const options = {
  dataDir: join(root, 'neo4j'),
  port: Number(process.env.NEO4J_CRASH_TEST_PORT ?? 7714),
  heap: process.env.NEO4J_LOCAL_HEAP ?? '1g',
  pageCache: '128m',
  log: () => {},
};
const bundleFile = join(root, 'synthetic.bundle.json');
writeFileSync(bundleFile, JSON.stringify(syntheticBundle({ nodes: 15_000, seed: 11 }).bundle));

afterAll(async () => {
  await stopLocalNeo4j(options);
  rmSync(root, { recursive: true, force: true });
});

async function state(local: LocalNeo4jInfo) {
  const db = GraphDb.connect(local);
  try {
    return { version: await graphVersion(db), bundle: await exportBundle(db) };
  } finally {
    await db.close();
  }
}

interface Run {
  code: number | null;
  stderr: string;
}

/** `npm run import -- FILE` against the crash-test Neo4j; `onProgress` sees stderr as it comes. */
function runImport(local: LocalNeo4jInfo, onStderr: (text: string) => void = () => {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '-s', 'import', '--', bundleFile], {
      cwd: repoRoot,
      env: { ...process.env, NEO4J_URI: local.uri, NEO4J_USER: local.user, NEO4J_PASSWORD: local.password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      onStderr(stderr);
    });
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stderr }));
  });
}

describe('kill -9 of Neo4j in the middle of an import', () => {
  it('leaves the graph as before or as after, and the CLI says so', async () => {
    let local = await startLocalNeo4j(options);
    const setup = GraphDb.connect(local);
    await migrate(setup, readMigrations(migrationsDir));
    expect((await importBundle(setup, JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8')))).ok).toBe(true);
    await setup.close();
    const before = await state(local);

    let killed = false;
    const crashed = await runImport(local, (stderr) => {
      // Killed once the load itself is under way (after validation), well before its commit.
      if (!killed && /import: [1-9]0% /.test(stderr)) {
        killed = true;
        process.kill(local.pid, 'SIGKILL');
      }
    });
    expect(killed, crashed.stderr).toBe(true);
    expect(crashed.code).toBe(1);
    const lastLine = crashed.stderr.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(
      /nothing was written: the graph is as it was before|whether it was written is unknown.*npm run export/,
    );

    // The store recovers on restart (the pid file names a dead process: it is replaced).
    local = await startLocalNeo4j(options);
    const afterCrash = await state(local);

    if (lastLine.includes('nothing was written') || afterCrash.version === before.version) {
      expect(afterCrash).toEqual(before);
      return;
    }
    // The commit got through before the kill: the graph must be exactly the loaded one, which
    // importing the same file again leaves unchanged.
    const rerun = await runImport(local);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('(nothing changed)');
    expect(await state(local)).toEqual(afterCrash);
  }, 600_000);
});
