import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { kingCountyBundle } from '../../test/fixtures.ts';
import { bundleToCsvFiles, csvFilesToBundle } from './csv-folder.ts';
import { bundleToCsvZip, readCsvZip } from './csv-zip.ts';

const header = 'id,name,providerId,awards,months\n';
const row = 'p1,Program one,king-cc,it-cert,3\n';

function read(entries: Record<string, Uint8Array>, limits?: Parameters<typeof readCsvZip>[1]) {
  return readCsvZip(zipSync(entries), limits);
}
const messages = (result: ReturnType<typeof readCsvZip>) =>
  result.ok ? [] : result.errors.map((e) => `${e.file}: ${e.message}`);

/** Rewrites the uncompressed size the central directory declares for every entry. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at++) {
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

describe('readCsvZip', () => {
  it('reads the template files at the top level or inside one folder, ignoring other files', () => {
    for (const prefix of ['', 'my-region/']) {
      const result = read({
        [`${prefix}programs.csv`]: strToU8(header + row),
        [`${prefix}README.md`]: strToU8('notes'),
        '__MACOSX/._programs.csv': strToU8('junk'),
      });
      expect(result.ok && [...result.files.keys()]).toEqual(['programs.csv']);
    }
  });

  it('round-trips the CLI export: the same files, and the same bundle read back', () => {
    const bundle = kingCountyBundle();
    const result = readCsvZip(bundleToCsvZip(bundle));
    if (!result.ok) throw new Error(messages(result).join('\n'));
    const texts = new Map(
      [...result.files].map(([name, bytes]) => [name, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)]),
    );
    expect(texts).toEqual(bundleToCsvFiles(bundle));
    expect(csvFilesToBundle(result.files).bundle).toEqual(bundle);
  });

  it('refuses names that climb out of the folder or are absolute', () => {
    const result = read({ '../programs.csv': strToU8(header), '/etc/programs.csv': strToU8(header) });
    expect(messages(result)).toEqual([
      '../programs.csv: is refused: the name climbs out of the folder (..)',
      '/etc/programs.csv: is refused: the name is an absolute path',
    ]);
  });

  it('refuses too many entries before reading them', () => {
    const entries = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    expect(messages(read(entries, { maxEntries: 4, maxTotalBytes: 1e6 }))).toEqual([
      ': the archive has more than 4 entries; the template folder has 16; nothing was read',
    ]);
    expect(read(entries, { maxEntries: 5, maxTotalBytes: 1e6 }).ok).toBe(true);
  });

  it('refuses a zip bomb by its declared size, before inflating it', () => {
    // 4 MB of zeros deflate to a few kilobytes.
    const bomb = { 'programs.csv': new Uint8Array(4 * 1024 * 1024) };
    expect(zipSync(bomb).length).toBeLessThan(64 * 1024);
    expect(messages(read(bomb, { maxEntries: 64, maxTotalBytes: 1024 * 1024 }))).toEqual([
      ': the archive holds more than 1048576 bytes once unzipped; nothing was read',
    ]);
    // Several entries count together.
    const two = { 'programs.csv': new Uint8Array(600_000), 'supports.csv': new Uint8Array(600_000) };
    expect(read(two, { maxEntries: 64, maxTotalBytes: 1024 * 1024 }).ok).toBe(false);
  });

  it('never inflates past the declared size, and refuses an entry shorter than it says', () => {
    // An entry declaring 100 bytes that inflates to 4 MB: fflate stops at 100, so memory stays bounded.
    const lying = declareSize(zipSync({ 'programs.csv': new Uint8Array(4 * 1024 * 1024) }), 100);
    const cut = readCsvZip(lying, { maxEntries: 64, maxTotalBytes: 1024 });
    expect(cut.ok && cut.files.get('programs.csv')?.length).toBe(100);
    const short = declareSize(zipSync({ 'programs.csv': strToU8(header + row) }), 1000);
    expect(messages(readCsvZip(short))).toEqual([
      'programs.csv: is damaged: its size differs from the size the archive declares',
    ]);
  });

  it('reports unknown CSV names through the folder reader, and a file that is not a zip', () => {
    const result = read({ 'program.csv': strToU8(header + row) });
    if (!result.ok) throw new Error('expected the archive to read');
    expect(csvFilesToBundle(result.files).errors.map((e) => `${e.file}: ${e.message.split(';')[0]}`)).toEqual([
      'program.csv: unknown file (did you mean programs.csv?)',
    ]);
    expect(messages(readCsvZip(strToU8(header + row)))[0]).toMatch(/^: the archive is not a zip file/);
  });

  it('refuses CSV files spread over two folders', () => {
    const result = read({ 'a/programs.csv': strToU8(header), 'b/supports.csv': strToU8('id,name,kind\n') });
    expect(messages(result)).toEqual([
      ': the archive holds CSV files in more than one folder (a/, b/); zip one template folder',
    ]);
  });
});
