import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import { migrationsDir } from '../paths.ts';
import { migrate, readMigrations } from './migrations.ts';

const db = testDb();
afterAll(() => db.close());

async function recorded(): Promise<{ version: number; checksum: string }[]> {
  return db.read('test', async (tx) => {
    const r = await tx.run('MATCH (m:__Migration) RETURN m.version AS v, m.checksum AS c ORDER BY v');
    return r.records.map((x) => ({ version: Number(x.get('v')), checksum: String(x.get('c')) }));
  });
}

async function constraintNames(): Promise<string[]> {
  return db.read('test', async (tx) => {
    const r = await tx.run('SHOW CONSTRAINTS YIELD name RETURN name');
    return r.records.map((x) => String(x.get('name')));
  });
}

describe('migrate on a real Neo4j', () => {
  let dir: string;
  beforeEach(async () => {
    await resetGraph(db);
    await db.autoCommit('test', 'MATCH (m:__Migration) DELETE m');
    dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('applies every file once, records its checksum, and does nothing the second time', async () => {
    const files = readMigrations(dir);
    const first = await migrate(db, files);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(await recorded()).toEqual(files.map((f) => ({ version: f.version, checksum: f.checksum })));
    expect(await constraintNames()).toEqual(expect.arrayContaining(['program_id', 'credential_id', 'region_id']));

    const second = await migrate(db, readMigrations(dir));
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('applies a new data migration in a transaction and records it', async () => {
    await migrate(db, readMigrations(dir));
    writeFileSync(join(dir, 'V0900__seed_meta.cypher'), "MERGE (:GraphMeta {id: 'test-meta', note: 'x'});");
    const result = await migrate(db, readMigrations(dir));
    expect(result.applied).toEqual(['V0900__seed_meta.cypher']);
    const count = await db.read('test', (tx) => tx.run("MATCH (g:GraphMeta {id: 'test-meta'}) RETURN count(g) AS c"));
    expect(Number(count.records[0]?.get('c'))).toBe(1);
  });

  it('refuses to run when an applied file was edited, naming the file', async () => {
    await migrate(db, readMigrations(dir));
    appendFileSync(join(dir, 'V0001__unique_ids.cypher'), '\n// an innocent-looking edit\n');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(
      /V0001__unique_ids\.cypher was changed after it was applied/,
    );
  });

  it('refuses to run when an applied file disappeared', async () => {
    await migrate(db, readMigrations(dir));
    rmSync(join(dir, 'V0002__lookup_indexes.cypher'));
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/V0002__lookup_indexes\.cypher .*missing/);
  });

  it('refuses a new file older than the newest applied one', async () => {
    writeFileSync(join(dir, 'V0900__late.cypher'), "MERGE (:GraphMeta {id: 'late'});");
    await migrate(db, readMigrations(dir));
    writeFileSync(join(dir, 'V0500__early.cypher'), "MERGE (:GraphMeta {id: 'early'});");
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/V0500__early\.cypher is older/);
  });

  it('lets two instances migrate at once and records each file once', async () => {
    const files = readMigrations(dir);
    const [a, b] = await Promise.all([migrate(db, files), migrate(db, files)]);
    expect(a.applied.length + b.applied.length).toBeGreaterThanOrEqual(files.length);
    expect((await recorded()).map((r) => r.version)).toEqual(files.map((f) => f.version));
  });
});
