import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../paths.ts';
import { checksumOf, MigrationError, parseMigration, readMigrations, splitStatements } from './migrations.ts';

describe('splitStatements', () => {
  it('splits on semicolons outside strings, quoted names and comments', () => {
    const script = `// header; not a statement
CREATE (n:A {s: 'a;b'}) ;
/* block; comment */ MATCH (\`we;ird\`) RETURN "x;y";

RETURN 1`;
    expect(splitStatements(script)).toEqual(["CREATE (n:A {s: 'a;b'})", 'MATCH (`we;ird`) RETURN "x;y"', 'RETURN 1']);
  });

  it('keeps escaped quotes inside strings', () => {
    expect(splitStatements("RETURN 'it\\'s; fine'; RETURN 2")).toEqual(["RETURN 'it\\'s; fine'", 'RETURN 2']);
  });

  it('rejects an unterminated string', () => {
    expect(() => splitStatements("RETURN 'open")).toThrow(MigrationError);
  });
});

describe('parseMigration', () => {
  it('reads version, description, kind and checksum', () => {
    const text = 'CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);';
    const m = parseMigration('V0012__add_a_index.cypher', text);
    expect(m).toMatchObject({ version: 12, description: 'add a index', kind: 'schema', checksum: checksumOf(text) });
  });

  it('treats CRLF and LF files as the same checksum', () => {
    expect(checksumOf('A;\r\nB;\r\n')).toBe(checksumOf('A;\nB;\n'));
  });

  it.each([
    ['v1__x.cypher', 'RETURN 1', /named V<4 digits>/],
    ['V0001__Bad-Name.cypher', 'RETURN 1', /named V<4 digits>/],
    ['V0001__empty.cypher', '// nothing', /no statement/],
    ['V0001__mixed.cypher', 'CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x); CREATE (:A)', /mixes schema and data/],
    ['V0001__unsafe.cypher', 'CREATE CONSTRAINT c FOR (n:A) REQUIRE n.id IS UNIQUE', /IF NOT EXISTS/],
  ])('rejects %s', (name, text, message) => {
    expect(() => parseMigration(name, text)).toThrow(message);
  });

  it('classifies data migrations', () => {
    expect(parseMigration('V0003__seed.cypher', "MERGE (:GraphMeta {id: 'graph'})").kind).toBe('data');
  });
});

describe('the project migrations', () => {
  const files = readMigrations(migrationsDir);

  it('are numbered from 1 without gaps', () => {
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
  });

  it('declare a unique id for every entity label of the contract', () => {
    const text = files.flatMap((f) => f.statements).join('\n');
    for (const label of [
      'Region',
      'Sector',
      'Occupation',
      'Partner',
      'Credential',
      'Program',
      'EntryPoint',
      'Support',
      'Pathway',
    ]) {
      expect(text).toMatch(new RegExp(`FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE`));
    }
  });
});
