/**
 * A small Cypher migration runner in the manner of neo4j-migrations (which is Java-only):
 * files `V0001__what.cypher` applied in version order, each recorded in the graph as a
 * `:__Migration` node with its checksum. A recorded file that changed, or disappeared, is a
 * hard error: applied migrations are immutable, a change is a new file.
 *
 * A file holds either schema statements (each run on its own, since schema and data cannot
 * share a transaction) or data statements (all in one write transaction), never both.
 * Schema statements must be written `IF NOT EXISTS` / `IF EXISTS`, so a file interrupted
 * half-way can simply be applied again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDb } from './graph-db.ts';
import {
  type AppliedRow,
  appliedMigrationsQuery,
  appliedRow,
  recordMigrationQuery,
} from './queries/migrations.queries.ts';
import { run } from './queries/query.ts';

export interface MigrationFile {
  version: number;
  /** The file name, e.g. `V0001__constraints.cypher`. */
  name: string;
  description: string;
  checksum: string;
  kind: 'schema' | 'data';
  statements: string[];
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^V(\d{4})__([a-z0-9][a-z0-9_]*)\.cypher$/;
const SCHEMA_STATEMENT =
  /^(CREATE|DROP)\s+(CONSTRAINT|(RANGE\s+|TEXT\s+|POINT\s+|FULLTEXT\s+|LOOKUP\s+|VECTOR\s+)?INDEX)\b/i;

export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replaceAll('\r\n', '\n')).digest('hex');
}

/**
 * Splits a Cypher script on `;` outside strings, quoted names and comments; drops comments
 * and empty statements.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const c = script[i] as string;
    const next = script[i + 1];
    if (c === '/' && next === '/') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      if (end === -1) throw new MigrationError('unterminated /* comment */');
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < script.length && script[j] !== c) j += script[j] === '\\' ? 2 : 1;
      if (j >= script.length) throw new MigrationError(`unterminated ${c}quoted${c} text`);
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i += 1;
      continue;
    }
    current += c;
    i += 1;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

export function parseMigration(name: string, text: string): MigrationFile {
  const match = FILE_NAME.exec(name);
  if (!match) {
    throw new MigrationError(`${name}: a migration file is named V<4 digits>__<lower_snake_description>.cypher`);
  }
  let statements: string[];
  try {
    statements = splitStatements(text);
  } catch (error) {
    throw new MigrationError(`${name}: ${(error as Error).message}`);
  }
  if (statements.length === 0) throw new MigrationError(`${name}: holds no statement`);
  const schema = statements.filter((s) => SCHEMA_STATEMENT.test(s));
  if (schema.length > 0 && schema.length < statements.length) {
    throw new MigrationError(`${name}: mixes schema and data statements; put them in separate files`);
  }
  for (const statement of schema) {
    if (!/\bIF\s+(NOT\s+)?EXISTS\b/i.test(statement)) {
      throw new MigrationError(
        `${name}: schema statement must say IF NOT EXISTS / IF EXISTS so a re-run is safe: ${statement.slice(0, 80)}`,
      );
    }
  }
  return {
    version: Number(match[1]),
    name,
    description: (match[2] as string).replaceAll('_', ' '),
    checksum: checksumOf(text),
    kind: schema.length > 0 ? 'schema' : 'data',
    statements,
  };
}

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .map((f) => parseMigration(f, readFileSync(join(dir, f), 'utf8')))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i += 1) {
    const [a, b] = [files[i - 1] as MigrationFile, files[i] as MigrationFile];
    if (a.version === b.version) throw new MigrationError(`${a.name} and ${b.name} share version ${a.version}`);
  }
  return files;
}

/** Applies pending migrations in order; verifies every applied one first. */
export async function migrate(
  db: GraphDb,
  files: MigrationFile[],
  log: (message: string) => void = () => {},
): Promise<MigrationResult> {
  await db.autoCommit(
    'migrations.constraint',
    'CREATE CONSTRAINT pathway_migration_version IF NOT EXISTS FOR (m:__Migration) REQUIRE m.version IS UNIQUE',
  );
  const applied = await db.read('migrations.list', async (tx) => {
    const result = await run(tx, appliedMigrationsQuery());
    return result.records.map(appliedRow);
  });

  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) verifyApplied(row, byVersion.get(row.version));

  const appliedVersions = new Set(applied.map((r) => r.version));
  const highest = Math.max(0, ...appliedVersions);
  const pending = files.filter((f) => !appliedVersions.has(f.version));
  for (const file of pending) {
    if (file.version < highest) {
      throw new MigrationError(
        `${file.name} is older than the newest applied migration (V${String(highest).padStart(4, '0')}); give it a higher version`,
      );
    }
  }

  const done: string[] = [];
  for (const file of pending) {
    const started = Date.now();
    if (file.kind === 'schema') {
      for (const statement of file.statements) await db.autoCommit(`migration ${file.name}`, statement);
    } else {
      await db.write(`migration ${file.name}`, async (tx) => {
        for (const statement of file.statements) await tx.run(statement);
      });
    }
    // MERGE so that two instances migrating at once both end with one record; the checksum
    // check afterwards catches two different files of the same version.
    const recorded = await db.write('migrations.record', async (tx) => {
      const result = await run(
        tx,
        recordMigrationQuery({
          version: file.version,
          name: file.name,
          description: file.description,
          checksum: file.checksum,
          durationMs: Date.now() - started,
        }),
      );
      const r = result.records[0];
      if (!r) throw new MigrationError(`${file.name}: the migration record was not written`);
      return appliedRow(r);
    });
    verifyApplied(recorded, file);
    log(`applied ${file.name} (${file.statements.length} statements, ${Date.now() - started} ms)`);
    done.push(file.name);
  }
  return { applied: done, alreadyApplied: applied.length };
}

function verifyApplied(row: AppliedRow, file: MigrationFile | undefined): void {
  if (!file) {
    throw new MigrationError(
      `migration ${row.name} is recorded as applied in the graph but its file is missing from migrations/; restore it (applied migrations are never deleted or renamed)`,
    );
  }
  if (file.checksum !== row.checksum) {
    throw new MigrationError(
      `migration ${file.name} was changed after it was applied (recorded checksum ${row.checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…). Applied migrations are immutable: restore the file and put the change in a new migration with a higher version`,
    );
  }
}
