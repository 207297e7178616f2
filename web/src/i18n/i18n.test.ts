import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENTITY_KINDS,
  GAP_KINDS,
  HOUSEHOLDS,
  MAP_EDGE_KINDS,
  MODALITIES,
  PROGRAM_FEATURES,
  SCHEDULES,
  SUPPORT_KINDS,
} from '../lib/vocab.ts';
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };
import { translator, vocabLabel } from './i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('message files', () => {
  it('es.json has exactly the keys of en.json, with the same placeholders, none empty', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      const spanish = (es as Record<string, string>)[key] as string;
      expect(spanish.trim(), key).not.toBe('');
      expect(placeholders(spanish), key).toEqual(placeholders(value));
    }
  });

  it('names every vocabulary value', () => {
    const lists: [string, readonly string[]][] = [
      ['kind', ENTITY_KINDS],
      ['kinds', ENTITY_KINDS],
      ['edge', MAP_EDGE_KINDS],
      ['edgeOut', MAP_EDGE_KINDS],
      ['edgeIn', MAP_EDGE_KINDS],
      ['gap', GAP_KINDS],
      ['household', HOUSEHOLDS],
      ['modality', MODALITIES],
      ['schedule', SCHEDULES],
      ['feature', PROGRAM_FEATURES],
      ['support', SUPPORT_KINDS],
    ];
    for (const [prefix, values] of lists)
      for (const v of values) expect(en, `${prefix}.${v}`).toHaveProperty([`${prefix}.${v}`]);
  });

  it('every literal key the code uses exists', () => {
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([^']+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) expect(en, key).toHaveProperty([key]);
  });

  it('fills placeholders and falls back for unknown vocabulary', () => {
    const t = translator('es');
    expect(t('unit.months', { n: '7' })).toBe('7 meses');
    expect(vocabLabel(t, 'support', 'Childcare')).toBe('Cuidado infantil');
    expect(vocabLabel(t, 'support', 'Unheard-of')).toBe('Unheard-of');
  });
});
