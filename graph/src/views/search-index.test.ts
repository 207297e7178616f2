/**
 * The indexed typeahead search against its naive twin (every entity's tokens filtered, then
 * sorted) on random bundles whose names share words, prefixes and accents; and the rules the
 * twin encodes, on a hand-made bundle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '../errors.ts';
import type { Bundle } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS } from '../model/vocabulary.ts';
import { randomBundle } from './random-bundle.ts';
import { naiveSearch, searchIndexed, tokensOf, words } from './search-index.ts';

const RUNS = Number(process.env.SEARCH_PROPERTY_RUNS ?? 300);

// Texts a typist would type: prefixes of the vocabulary, ids, codes, two words, odd casing.
const text = fc.oneof(
  fc.constantFrom('n', 'nu', 'nurs', 'NURSE', 'enf', 'enfermeria', 'Día', 'dia', 'we', 'c', 'c1', 'p', 'r0', 'b2', 'a'),
  fc.constantFrom('nurse care', 'care nur', 'weld a', 'enf dí', '10', '10-10', '11-1000.00', 'pa1', 'ep0', 'zzz'),
);

describe('searchIndexed', () => {
  it('equals the naive filter on random graphs, texts, kinds, regions and page sizes', () => {
    fc.assert(
      fc.property(
        randomBundle(),
        text,
        fc.option(fc.subarray([...ENTITY_LABELS], { minLength: 1 })),
        fc.option(fc.nat(6)),
        fc.integer({ min: 1, max: 12 }),
        (bundle, q, kinds, region, first) => {
          const index = new GraphIndex(bundle);
          const regionId = region === null ? undefined : `r${region % (bundle.regions?.length ?? 1)}`;
          const options = { kinds: kinds ?? undefined, regionId, first };
          expect(searchIndexed(index, q, options)).toEqual(naiveSearch(index, q, options));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers the first page of a longer answer as a prefix of it', () => {
    fc.assert(
      fc.property(randomBundle(), text, fc.integer({ min: 1, max: 5 }), (bundle, q, first) => {
        const index = new GraphIndex(bundle);
        const all = searchIndexed(index, q, { first: 100 });
        expect(searchIndexed(index, q, { first })).toEqual(all.slice(0, first));
      }),
      { numRuns: RUNS },
    );
  });
});

const sample: Bundle = {
  format: 'pathway-bundle',
  version: 1.1,
  source: { name: 'hand-made', license: 'CC0-1.0' },
  regions: [
    { id: 'us', name: 'United States', kind: 'other' },
    { id: 'tx', name: 'Texas', kind: 'state', parentId: 'us' },
    { id: 'wa', name: 'Washington', kind: 'state', parentId: 'us' },
  ],
  sectors: [{ id: 'health', name: 'Healthcare' }],
  occupations: [
    { id: '29-2061.00', soc: '29-2061', title: 'Licensed Practical Nurses', sectorIds: ['health'] },
    { id: '31-1131.00', soc: '31-1131', title: 'Nursing Assistants', sectorIds: ['health'] },
  ],
  partners: [{ id: 'stc', name: 'South Texas College', kind: 'CommunityCollege', regionIds: ['tx'] }],
  credentials: [
    { id: 'lvn', name: 'Licensed Vocational Nurse', type: 'License' },
    { id: 'cna', name: 'Certified Nurse Aide', type: 'Certificate' },
  ],
  programs: [
    { id: 'stc-lvn', name: 'Enfermería vocacional', providerId: 'stc', awards: ['lvn'], months: 12, regionIds: ['tx'] },
    { id: 'wa-cna', name: 'Nursing assistant', providerId: 'stc', awards: ['cna'], months: 2, regionIds: ['wa'] },
  ],
};

describe('search rules', () => {
  const index = new GraphIndex(sample);
  const ids = (q: string, options: Parameters<typeof searchIndexed>[2] = { first: 20 }) =>
    searchIndexed(index, q, options).map((h) => `${h.kind}:${h.id}`);

  it('splits names into folded words and keeps whole ids and codes', () => {
    expect(words('Enfermería (LVN)')).toEqual(['enfermeria', 'lvn']);
    expect(tokensOf({ id: '29-2061.00', soc: '29-2061', title: 'LPN' })).toEqual(
      expect.arrayContaining(['lpn', '29', '2061', '00', '29-2061.00', '29-2061']),
    );
  });

  it('puts an exact id or code first, then word prefixes in token order', () => {
    expect(ids('29-2061')[0]).toBe('Occupation:29-2061.00');
    // "nurse" (two credentials, by kind then id), "nurses", then "nursing".
    expect(ids('nurs')).toEqual([
      'Credential:cna',
      'Credential:lvn',
      'Occupation:29-2061.00',
      'Occupation:31-1131.00',
      'Program:wa-cna',
    ]);
    expect(ids('enfermeria')).toEqual(['Program:stc-lvn']);
    expect(ids('ENFERMERÍA voc')).toEqual(['Program:stc-lvn']);
  });

  it('narrows by kind and by region', () => {
    expect(ids('nurs', { kinds: ['Credential'], first: 20 })).toEqual(['Credential:cna', 'Credential:lvn']);
    expect(ids('nurs', { kinds: ['Program'], regionId: 'tx', first: 20 })).toEqual([]);
    expect(ids('nursing', { kinds: ['Program'], regionId: 'wa', first: 20 })).toEqual(['Program:wa-cna']);
  });

  it('refuses empty text, a bad page size and an unknown region, naming the field', () => {
    expect(() => ids('  ')).toThrow(BadInputError);
    expect(() => ids('-')).toThrow(/text/);
    expect(() => searchIndexed(index, 'a', { first: 0 })).toThrow(/first/);
    expect(() => searchIndexed(index, 'a', { first: 20, regionId: 'mars' })).toThrow(NotFoundError);
  });
});
