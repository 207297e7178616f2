import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema, ID_PATTERN } from '../model/bundle.ts';
import { repoRoot } from '../paths.ts';
import { CSV_FILE_NAMES, CSV_FILES } from './csv-columns.ts';
import {
  bundleToCsvFolder,
  type CsvError,
  csvFolderToBundle,
  formatCsvError,
  readCsvFolder,
  writeCsvTemplates,
} from './csv-folder.ts';

/** The converted bundle and errors, without the `locate` function. */
function converted(dir: string) {
  const { bundle, errors } = csvFolderToBundle(dir);
  return { bundle, errors };
}

const examplePath = join(repoRoot, 'graph', 'test', 'examples', 'king-county.bundle.json');
const templatesDir = join(repoRoot, 'graph', 'templates', 'csv');
const readmePath = join(repoRoot, 'graph', 'src', 'csv', 'README.md');

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-csv-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with the given files; `\n` in the text is written as is (tests pick their line ends). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const error = (file: string, row: number, column: string, path: string, message: unknown): CsvError =>
  ({ file, row, column, path, message }) as CsvError;

describe('round trip', () => {
  it('gives back the worked example exactly', () => {
    const original = JSON.parse(readFileSync(examplePath, 'utf8'));
    const dir = tempDir();
    bundleToCsvFolder(bundleSchema.parse(original), dir);
    const { bundle, errors } = csvFolderToBundle(dir);
    expect(errors).toEqual([]);
    // Exact, order included: rows keep the order of the arrays and cells the order of the lists.
    expect(bundle).toEqual(original);
    expect(readdirSync(dir).sort()).toEqual(
      Object.keys(original)
        .filter((key) => key !== 'format' && key !== 'version')
        .map((key) => `${key}.csv`)
        .sort(),
    );
  });

  it('keeps texts with commas, quotes, line breaks and spaces, empty texts and lists, and empty arrays', () => {
    const original: Bundle = {
      format: 'pathway-bundle',
      version: 1,
      source: { name: 'Partner "A", 2025\r\nsecond line', url: '', license: '  ' },
      regions: [{ id: 'wa', name: 'Washington, State', kind: 'state', fips: [] }],
      sectors: [{ id: 'it', name: 'IT', inDemand: false, naics: ['51', '54'] }],
      occupations: [
        { id: 'o:1', title: 'Técnico de soporte 😀', description: ' leading and trailing ', sectorIds: [] },
      ],
      programs: [
        {
          id: 'p1',
          name: 'One; two | three: four',
          providerId: 'prov:1',
          awards: ['c.1', 'c_2'],
          months: 0.25,
          cost: 1234567.89,
          requires: [['b', 'a'], ['c']],
          regionIds: [],
          languages: ['en', 'es-MX'],
        },
        { id: 'p2', name: 'Two', providerId: 'prov:1', awards: ['c3'], months: 240, requires: [] },
      ],
      entryPoints: [{ id: 'e1', name: 'Adults', description: '', populations: ['EnglishLearner'], enters: ['p1'] }],
      pathways: [{ id: 'pw', name: 'P', partnerRoles: [{ partnerId: 'ns:partner:1', role: 'Lead' }] }],
      outcomes: [],
      edges: [
        { kind: 'STACKS_INTO', from: 'c.1', to: 'c3', creditsApplied: 12.5 },
        { kind: 'ARTICULATES_TO', from: 'c.1', to: 'p2', credits: 10, agreement: 'MOU, 2024' },
        { kind: 'QUALIFIES_FOR', from: 'c3', to: 'o:1' },
        { kind: 'ADVANCES_TO', from: 'o:1', to: 'o:2', years: 2 },
        { kind: 'HIRES', from: 'emp', to: 'o:1', annualOpenings: 0 },
      ],
    };
    const dir = tempDir();
    bundleToCsvFolder(original, dir);
    expect(readFileSync(join(dir, 'outcomes.csv'), 'utf8')).toBe(
      '\ufeffprogramId,cohortYear,enrolled,completed,exiters,credentialAttained,employedQ2,employedQ4,retainedQ4,medianEarningsQ2,measurableSkillGains,source\n',
    );
    expect(converted(dir)).toEqual({ bundle: original, errors: [] });
  });

  it('removes the file of a key the bundle does not have, so the folder reads back as the bundle', () => {
    const dir = folder({ 'outcomes.csv': 'programId,cohortYear\np1,2024\n', 'notes.txt': 'kept' });
    bundleToCsvFolder({ format: 'pathway-bundle', version: 1, regions: [{ id: 'wa', name: 'Washington' }] }, dir);
    expect(existsSync(join(dir, 'outcomes.csv'))).toBe(false);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    expect(csvFolderToBundle(dir).bundle).toEqual({
      format: 'pathway-bundle',
      version: 1,
      regions: [{ id: 'wa', name: 'Washington' }],
    });
  });

  it('writes nothing for a bundle that has no cell form', () => {
    const dir = join(tempDir(), 'out');
    const regions = [{ id: 'wa', name: 'Washington' }];
    const bad = {
      format: 'pathway-bundle',
      version: 1,
      regions,
      sectors: [{ id: 'it', name: 'IT', naics: ['51|54'] }],
    };
    expect(() => bundleToCsvFolder(bad as Bundle, dir)).toThrow(/sectors\[0\]\.naics\[0\]/);
    expect(existsSync(dir)).toBe(false);
  });

  it('holds for generated bundles', () => {
    const char = fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r', '|', ';', ':', 'é', '😀', '\t', "'", '=');
    const text = fc.string({ unit: char, maxLength: 12 });
    const name = text.filter((value) => value.trim() !== '');
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,6}$/);
    const ids = fc.uniqueArray(id, { maxLength: 3 });
    const amount = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).map(Math.abs);
    const program = fc.record(
      {
        id,
        name,
        providerId: id,
        awards: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
        months: fc.double({ min: 0, max: 240, noNaN: true }).map(Math.abs),
        cost: amount,
        requires: fc.array(fc.uniqueArray(id, { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
        regionIds: ids,
      },
      { requiredKeys: ['id', 'name', 'providerId', 'awards', 'months'] },
    );
    const entryPoint = fc.record(
      { id, name, description: text, holds: ids, enters: ids },
      { requiredKeys: ['id', 'name'] },
    );
    const bundles = fc.record(
      {
        format: fc.constant('pathway-bundle' as const),
        version: fc.constant(1 as const),
        source: fc.record({ name: text, license: text }, { requiredKeys: ['name'] }),
        programs: fc.array(program, { maxLength: 4 }),
        entryPoints: fc.array(entryPoint, { maxLength: 3 }),
      },
      { requiredKeys: ['format', 'version'] },
    );
    fc.assert(
      fc.property(bundles, (generated) => {
        const original = bundleSchema.parse(generated);
        const dir = tempDir();
        bundleToCsvFolder(original, dir);
        expect(converted(dir)).toEqual({ bundle: original, errors: [] });
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
    expect(ID_PATTERN.test('a:b')).toBe(true);
  });
});

describe('errors carry file, row and column', () => {
  it('reports every error of every file at once, in file, row and column order', () => {
    const dir = folder({
      'source.csv': 'name,retrieved\r\nKing County,last week\r\n',
      'regions.csv': 'id,name,parnetId\nwa,Washington,us\n',
      'wageThresholds.csv': 'regionId,household,annual\nwa,1A9C,50000\nwa,1A1C,\n',
      'programs.csv': [
        'id,name,providerId,awards,months,requires',
        'p1,Program one,prov,c1,six,',
        'p2,Program two,prov,c2,3,ged|bad id;c1',
        'p3,Program three,,c3,4,',
      ].join('\n'),
      'edges.csv': [
        'kind,from,to,creditsApplied,credits',
        'STACKS_INTO,a,b,,5',
        'ARTICULATES_TO,a,p1,,',
        'FOO,a,b,,',
      ].join('\n'),
    });
    const { bundle, errors } = csvFolderToBundle(dir);
    expect(bundle).toBeUndefined();
    expect(errors).toEqual([
      error('source.csv', 2, 'retrieved', 'source.retrieved', 'must be an ISO date (YYYY-MM-DD)'),
      error(
        'regions.csv',
        1,
        'parnetId',
        'regions',
        expect.stringMatching(/^unknown column \(did you mean parentId\?\)/),
      ),
      error('wageThresholds.csv', 2, 'household', 'wageThresholds[0].household', expect.stringContaining('1A0C')),
      error('wageThresholds.csv', 3, 'annual', 'wageThresholds[1].annual', 'is required'),
      error('programs.csv', 2, 'months', 'programs[0].months', expect.stringContaining('"six" is not a number')),
      error('programs.csv', 3, 'requires', 'programs[1].requires[0][1]', expect.stringContaining('letters, digits')),
      error('programs.csv', 4, 'providerId', 'programs[2].providerId', 'is required'),
      error('edges.csv', 2, 'credits', 'edges[0].credits', 'does not apply to a STACKS_INTO row; leave the cell empty'),
      error('edges.csv', 3, 'credits', 'edges[1].credits', 'is required'),
      error('edges.csv', 4, 'kind', 'edges[2].kind', expect.stringContaining('kind must be one of STACKS_INTO')),
    ]);
    expect(formatCsvError(errors[5] as CsvError)).toMatch(
      /^programs\.csv, row 3, column requires \(programs\[1\]\.requires\[0\]\[1\]\): must be/,
    );
  });

  it('reports cells the reader cannot read once, not again from the validator', () => {
    const dir = folder({
      'sectors.csv': 'id,name,inDemand\nit,IT,maybe\n',
      'pathways.csv': 'id,name,partnerRoles\npw,P,king-cc:Lead|it-employer|x:Boss\n',
    });
    expect(csvFolderToBundle(dir).errors).toEqual([
      error('sectors.csv', 2, 'inDemand', 'sectors[0].inDemand', '"maybe" is not true or false (also yes/no, 1/0)'),
      error(
        'pathways.csv',
        2,
        'partnerRoles',
        'pathways[0].partnerRoles[1]',
        expect.stringContaining('partnerId:role'),
      ),
      error('pathways.csv', 2, 'partnerRoles', 'pathways[0].partnerRoles[2].role', expect.any(String)),
    ]);
  });

  it('reports a duplicate in a list at its item', () => {
    const dir = folder({ 'programs.csv': 'id,name,providerId,awards,months\np1,P,prov,a|b|a,3\n' });
    expect(csvFolderToBundle(dir).errors).toEqual([
      error('programs.csv', 2, 'awards', 'programs[0].awards[2]', '"a" is listed twice'),
    ]);
  });

  it('reports unknown files, a duplicate column, a value without a header and a second source row', () => {
    const dir = folder({
      'program.csv': 'id\n',
      'Programs.csv': 'id\n',
      'regions.csv': 'id,name,name,\nwa,Washington,Wash.,\nus,United States,,oops\n',
      'source.csv': 'name,license\nOne,CC0-1.0\nTwo,\n',
      'README.txt': 'not a csv',
    });
    expect(csvFolderToBundle(dir).errors).toEqual([
      error('Programs.csv', 0, '', '', expect.stringMatching(/^unknown file \(did you mean programs\.csv\?\)/)),
      error('program.csv', 0, '', '', expect.stringMatching(/^unknown file \(did you mean programs\.csv\?\)/)),
      error('source.csv', 3, '', 'source', 'source.csv holds one row; this row is one too many'),
      error('regions.csv', 1, 'name', 'regions', 'column appears twice'),
      error('regions.csv', 3, '', 'regions[1]', expect.stringContaining('column without a header')),
    ]);
  });

  it('reports files that are not UTF-8, not comma separated or not well-formed', () => {
    const dir = folder({
      'regions.csv': Buffer.from('id,name\nmx,M\xe9xico\n', 'latin1'),
      'sectors.csv': Buffer.from('\ufeffid,name\n', 'utf16le'),
      'partners.csv': 'id;name;kind\np1;Partner;Employer\n',
      'programs.csv': 'id,name,providerId,awards,months\np1,"Program, one",prov,c1,3\np2,"Unclosed,prov,c2,3\n',
    });
    expect(csvFolderToBundle(dir).errors).toEqual([
      error('regions.csv', 0, '', '', expect.stringContaining('CSV UTF-8')),
      error('sectors.csv', 0, '', '', expect.stringContaining('CSV UTF-8')),
      error('partners.csv', 1, '', '', expect.stringContaining('separated by semicolons')),
      error('programs.csv', 3, '', '', expect.stringContaining('is not well-formed CSV')),
    ]);
  });

  it('reports a folder it cannot read', () => {
    expect(csvFolderToBundle(join(tempDir(), 'missing')).errors).toEqual([
      error('', 0, '', '', expect.stringContaining('cannot read the folder')),
    ]);
  });

  it('readCsvFolder gives the raw bundle and only the reader errors', () => {
    const dir = folder({ 'programs.csv': 'id,name,months,bogus\np1,P,3 months,x\n' });
    const { bundle, errors } = readCsvFolder(dir);
    expect(bundle).toEqual({
      format: 'pathway-bundle',
      version: 1,
      programs: [{ id: 'p1', name: 'P', months: '3 months' }],
    });
    expect(errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['programs.csv', 1, 'bogus'],
      ['programs.csv', 2, 'months'],
    ]);
  });
});

describe('spreadsheet quirks', () => {
  it('reads a BOM, CRLF line ends, quoted commas and line breaks, and skips blank rows', () => {
    const dir = folder({
      'regions.csv':
        '\ufeffid,name,kind,fips\r\nwa,"Washington, State",state,53\r\n\r\nwa-king,"King\r\nCounty",county," 53033 "\r\n,,,\r\n\r\n',
      'sectors.csv': 'id , name ,inDemand,naics\r\nit,IT,TRUE,"51 | 54"\r\nhc,Health,no,\r\n',
      'occupationWages.csv': 'occupationId,regionId,medianAnnual,employment\nnurse,wa,"98,250.50","12,000"\n\n\n',
    });
    const { bundle, errors } = csvFolderToBundle(dir);
    expect(errors).toEqual([]);
    expect(bundle).toEqual({
      format: 'pathway-bundle',
      version: 1,
      regions: [
        { id: 'wa', name: 'Washington, State', kind: 'state', fips: ['53'] },
        { id: 'wa-king', name: 'King\r\nCounty', kind: 'county', fips: ['53033'] },
      ],
      sectors: [
        { id: 'it', name: 'IT', inDemand: true, naics: ['51', '54'] },
        { id: 'hc', name: 'Health', inDemand: false },
      ],
      occupationWages: [{ occupationId: 'nurse', regionId: 'wa', medianAnnual: 98250.5, employment: 12000 }],
    });
  });

  it('counts blank rows and multi-line cells as a spreadsheet does when naming the row', () => {
    const dir = folder({ 'regions.csv': '\ufeffid,name\r\n\r\nwa,"Washington\r\nState"\r\n,\r\nwa king,King\r\n' });
    expect(csvFolderToBundle(dir).errors).toEqual([
      error('regions.csv', 5, 'id', 'regions[1].id', expect.stringContaining('letters, digits')),
    ]);
  });

  it('reads a header-only file as an empty array and an empty file as one too', () => {
    const dir = folder({ 'programs.csv': '\ufeffid,name,providerId,awards,months\r\n', 'outcomes.csv': '' });
    expect(converted(dir)).toEqual({
      bundle: { format: 'pathway-bundle', version: 1, programs: [], outcomes: [] },
      errors: [],
    });
  });
});

describe('templates and README', () => {
  it('the committed templates are what writeCsvTemplates writes', () => {
    const dir = tempDir();
    writeCsvTemplates(dir);
    expect(readdirSync(templatesDir).sort()).toEqual([...CSV_FILE_NAMES].sort());
    for (const name of CSV_FILE_NAMES) {
      expect(readFileSync(join(templatesDir, name), 'utf8'), name).toBe(readFileSync(join(dir, name), 'utf8'));
    }
  });

  it('the templates read back as an empty bundle', () => {
    const { bundle, errors } = csvFolderToBundle(templatesDir);
    expect(errors).toEqual([]);
    const arrays = CSV_FILES.filter((spec) => !spec.oneRow).map((spec) => [spec.key, []]);
    expect(bundle).toEqual({ format: 'pathway-bundle', version: 1, ...Object.fromEntries(arrays) });
  });

  it('the README lists every file with its header, and its examples read without errors', () => {
    const readme = readFileSync(readmePath, 'utf8');
    for (const spec of CSV_FILES) {
      expect(readme).toContain(`| \`${spec.file}\` | \`${spec.key}\``);
      expect(readme).toContain(`\`${spec.columns.map((column) => column.name).join(',')}\``);
    }
    const examples = [...readme.matchAll(/```csv\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThan(0);
    const dir = tempDir();
    for (const example of examples) {
      const before = readme.slice(0, example.index);
      const name = [...before.matchAll(/`(\w+\.csv)`/g)].at(-1)?.[1];
      expect(name).toBeDefined();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name as string), example[1] as string);
    }
    expect(csvFolderToBundle(dir).errors).toEqual([]);
  });
});

describe('locate', () => {
  it('maps a bundle path back to file, row and column', () => {
    const dir = tempDir();
    bundleToCsvFolder(JSON.parse(readFileSync(examplePath, 'utf8')), dir);
    const { locate } = csvFolderToBundle(dir);
    expect(locate('programs[2].requires[0][1]')).toEqual({ file: 'programs.csv', row: 4, column: 'requires' });
    expect(locate('source.retrieved')).toEqual({ file: 'source.csv', row: 2, column: 'retrieved' });
    expect(locate('nonsense')).toBeUndefined();
  });
});

describe('remove.csv', () => {
  it('holds the remove list one id a row, and round-trips with the rest of a bundle', () => {
    const original = bundleSchema.parse({
      ...JSON.parse(readFileSync(examplePath, 'utf8')),
      remove: ['old-program', 'old:support.2'],
    });
    const dir = tempDir();
    bundleToCsvFolder(original, dir);
    expect(readFileSync(join(dir, 'remove.csv'), 'utf8')).toBe('\uFEFFid\nold-program\nold:support.2\n');
    expect(converted(dir)).toEqual({ bundle: original, errors: [] });
    // Spaces around an id are dropped and blank rows skipped, as in every other file.
    const typed = folder({ 'remove.csv': 'id\r\n old-program \r\n\r\n,\r\nold:support.2\r\n' });
    expect(converted(typed)).toEqual({
      bundle: { format: 'pathway-bundle', version: 1, remove: ['old-program', 'old:support.2'] },
      errors: [],
    });
    // A header-only file is an empty list (nothing to remove), a missing file no list at all.
    expect(converted(folder({ 'remove.csv': 'id\n' })).bundle).toEqual({
      format: 'pathway-bundle',
      version: 1,
      remove: [],
    });
  });

  it('reports bad ids and stray cells at their row and the id column, with the bundle path', () => {
    const dir = folder({ 'remove.csv': 'id\nok-id\nnot an id\n,stray\n' });
    const { bundle, errors, locate } = csvFolderToBundle(dir);
    expect(bundle).toBeUndefined();
    expect(errors).toEqual([
      error('remove.csv', 3, 'id', 'remove[1]', expect.stringMatching(/^must be 1-128 characters/)),
      error('remove.csv', 4, '', 'remove[2]', expect.stringMatching(/^has a value in a column without a header/)),
      error('remove.csv', 4, 'id', 'remove[2]', 'is required'),
    ]);
    expect(locate('remove[1]')).toEqual({ file: 'remove.csv', row: 3, column: 'id' });
    expect(converted(folder({ 'remove.csv': 'ids\nx\n' })).errors).toEqual([
      error('remove.csv', 1, 'ids', 'remove', 'unknown column (did you mean id?); the columns are id'),
      error('remove.csv', 2, 'id', 'remove[0]', 'is required'),
    ]);
  });
});
