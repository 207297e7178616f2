import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFileName, findDataFile, readDataText } from './data-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'data-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = 'code\ttitle\n29-1141.00\tRegistered Nurses — ñ\n';

describe('public data files, plain or gzipped', () => {
  it('reads a gzipped file to the same text as the plain one, whatever its name', () => {
    writeFileSync(join(dir, 'plain.txt'), text);
    writeFileSync(join(dir, 'packed.txt.gz'), gzipSync(text));
    writeFileSync(join(dir, 'misnamed.txt'), gzipSync(text));
    expect(readDataText(join(dir, 'plain.txt'))).toBe(text);
    expect(readDataText(join(dir, 'packed.txt.gz'))).toBe(text);
    expect(readDataText(join(dir, 'misnamed.txt'))).toBe(text);
  });

  it('finds the file as named first, then its .gz twin, else nothing', () => {
    writeFileSync(join(dir, 'both.csv'), 'a');
    writeFileSync(join(dir, 'both.csv.gz'), gzipSync('b'));
    expect(findDataFile(join(dir, 'both.csv'))).toBe(join(dir, 'both.csv'));
    expect(findDataFile(join(dir, 'packed.txt'))).toBe(join(dir, 'packed.txt.gz'));
    expect(findDataFile(join(dir, 'absent.csv'))).toBeUndefined();
    expect(findDataFile(dir)).toBeUndefined();
  });

  it('names a file as its publisher did, without .gz', () => {
    expect(dataFileName('/x/national_M2024_dl.csv.gz')).toBe('national_M2024_dl.csv');
    expect(dataFileName('/x/Job Zones.txt')).toBe('Job Zones.txt');
  });
});
