import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepMessage } from './messages.ts';

// Every source file the embed bundles that shows text (see vite.embed.config.ts).
const EMBED_FILES = [
  'embed/embed.ts',
  'embed/mount.ts',
  'embed/svg-map.ts',
  'views/legend.ts',
  'views/list-view.ts',
  'views/route-card.ts',
];

describe('the embed keeps every message it uses', () => {
  it('literal keys, template-literal prefixes and vocabulary prefixes are all kept', () => {
    const src = join(import.meta.dirname, '..');
    let count = 0;
    for (const file of EMBED_FILES) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/\bt\('([^']+)'/g)) {
        expect(keepMessage(m[1] as string), `${file}: ${m[1]}`).toBe(true);
        count++;
      }
      for (const m of text.matchAll(/\bt\(`([A-Za-z]+\.)\$\{/g))
        expect(keepMessage(`${m[1]}x`), `${file}: ${m[1]}`).toBe(true);
      for (const m of text.matchAll(/vocabLabel\(t, '([A-Za-z]+)'/g))
        expect(keepMessage(`${m[1]}.x`), `${file}: ${m[1]}`).toBe(true);
    }
    expect(count).toBeGreaterThan(15);
  });
});
