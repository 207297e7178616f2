/**
 * `eval "$(npm run -s neo4j:start)"` works on a machine's first run: the start that builds the
 * launcher with Maven prints only `export` lines on stdout (Maven writes colour codes to its
 * stdout even in quiet batch mode), and `neo4j:install` / `stop` print nothing there. Runs the
 * real CLI with a fresh data folder, a free port and an empty build folder, so Maven builds.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { stopLocalNeo4j } from './neo4j-local.ts';
import { repoRoot } from './paths.ts';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'neo4j-cli-'));
const dataDir = join(root, 'data');
const buildDir = join(root, 'build');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const port = Number(process.env.NEO4J_CLI_TEST_PORT ?? (await freePort()));
const env = {
  ...process.env,
  NEO4J_LOCAL_DATA: dataDir,
  NEO4J_LOCAL_PORT: String(port),
  NEO4J_LOCAL_BUILD_DIR: buildDir,
  NEO4J_LOCAL_HEAP: '512m',
  NEO4J_LOCAL_PAGECACHE: '64m',
  NEO4J_LOCAL_PASSWORD: '',
};

const npm = (script: string) =>
  run('npm', ['run', '-s', script], { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });

const EXPORT = /^export ([A-Z][A-Z0-9_]*)='([^']*)'$/;

/** The variables of `export NAME='value'` lines, failing on any other line. */
function exports(stdout: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of stdout.split('\n').filter((l) => l !== '')) {
    const match = EXPORT.exec(line);
    expect(match, `stdout line ${JSON.stringify(line)}`).not.toBeNull();
    if (match) vars[match[1] as string] = match[2] as string;
  }
  return vars;
}

afterAll(async () => {
  await stopLocalNeo4j({ dataDir, port, log: () => {} });
  rmSync(root, { recursive: true, force: true });
});

describe('npm run -s neo4j:start on a fresh machine', () => {
  it('builds the launcher, starts, and prints only export lines a shell can eval', async () => {
    const first = await npm('neo4j:start');
    expect(first.stderr).toContain('building the Neo4j launcher with Maven');
    expect(existsSync(join(buildDir, 'neo4j-local-1.0.0.jar'))).toBe(true);
    const vars = exports(first.stdout);
    expect(Object.keys(vars).sort()).toEqual(['NEO4J_PASSWORD', 'NEO4J_URI', 'NEO4J_USER']);
    expect(vars.NEO4J_URI).toBe(`bolt://127.0.0.1:${port}`);

    const driver = neo4j.driver(
      vars.NEO4J_URI as string,
      neo4j.auth.basic(vars.NEO4J_USER as string, vars.NEO4J_PASSWORD as string),
    );
    try {
      const { records } = await driver.executeQuery('RETURN 1 AS one');
      expect(records[0]?.get('one').toNumber()).toBe(1);
    } finally {
      await driver.close();
    }

    const again = await npm('neo4j:start');
    expect(again.stderr).toContain('already running');
    expect(exports(again.stdout)).toEqual(vars);
  }, 300_000);

  it('prints nothing on stdout for install (already built) and stop', async () => {
    const install = await npm('neo4j:install');
    expect(install.stdout).toBe('');
    const stop = await npm('neo4j:stop');
    expect(stop.stdout).toBe('');
    expect(stop.stderr).toContain('stopped');
  }, 120_000);
});
