import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLines, localNeo4jStatus, startLocalNeo4j } from './neo4j-local.ts';

describe('local Neo4j control', () => {
  it('prints export lines a shell can eval, quoting safely', () => {
    expect(exportLines({ uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: "pa'ss" })).toBe(
      "export NEO4J_URI='bolt://127.0.0.1:7687'\nexport NEO4J_USER='neo4j'\nexport NEO4J_PASSWORD='pa'\\''ss'",
    );
  });

  it('treats a pid file whose process is gone as stale and removes it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'neo4j-local-'));
    const pidFile = join(dataDir, 'neo4j.pid');
    writeFileSync(pidFile, '999999999\n');
    writeFileSync(join(dataDir, 'password'), 'abcdefghijkl\n');
    expect(localNeo4jStatus({ dataDir })).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('treats a pid file naming some other live process as stale', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'neo4j-local-'));
    writeFileSync(join(dataDir, 'neo4j.pid'), `${process.pid}\n`);
    expect(localNeo4jStatus({ dataDir })).toBeUndefined();
  });

  it('rejects bad sizes and ports before starting anything', async () => {
    await expect(startLocalNeo4j({ dataDir: mkdtempSync(join(tmpdir(), 'n')), heap: 'lots' })).rejects.toThrow(
      /NEO4J_LOCAL_HEAP must be a size/,
    );
    await expect(startLocalNeo4j({ dataDir: mkdtempSync(join(tmpdir(), 'n')), port: 70000 })).rejects.toThrow(
      /NEO4J_LOCAL_PORT/,
    );
  });
});
