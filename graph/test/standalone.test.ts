/**
 * The repository stands on its own: no code, script or config reaches for a data folder beside
 * it. (Markdown may name where a file was copied from.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.ts';

const SKIP = new Set(['node_modules', '.git', '.data', 'target', 'dist', 'test-results', 'data', 'examples']);
const CHECKED = /\.(ts|js|mjs|cjs|json|ya?ml|sh|html)$|^Dockerfile$/;
// Spelled in pieces so that this file does not match itself.
const name = ['sha', 'red'].join('');
const OUTSIDE = new RegExp(`\\.\\./${name}|'${name}'|"${name}"`);

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) yield* files(join(dir, entry.name));
    } else if (CHECKED.test(entry.name) && entry.name !== 'package-lock.json') yield join(dir, entry.name);
  }
}

describe('a fresh clone', () => {
  it('reads nothing from outside the repository', () => {
    const offenders: string[] = [];
    for (const file of files(repoRoot)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (OUTSIDE.test(line)) offenders.push(`${relative(repoRoot, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
