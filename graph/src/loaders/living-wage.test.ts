import { describe, expect, it } from 'vitest';
import { noExistingIds, validateBundle } from '../import/validate.ts';
import { HOUSEHOLDS } from '../model/bundle.ts';
import { LoaderInputError } from './conversion.ts';
import { readDataText } from './data-file.ts';
import { convertLivingWage, countySlug, householdCode } from './living-wage.ts';
import { countyNamesCsv, livingWageCsv } from './real-data.ts';

const text = readDataText(livingWageCsv);
const names = readDataText(countyNamesCsv);
const fileName = 'mit-living-wage-2022.csv';
const all = convertLivingWage(text, { fileName, names });

describe('MIT Living Wage (2022 release) → wageThresholds and regions', () => {
  it('maps the adults and children columns to the twelve household codes', () => {
    const adults = ['1 Adult', '2 Adults (1 Working)', '2 Adults (Both Working)'];
    const children = ['0 Children', '1 Child', '2 Children', '3 Children'];
    expect(adults.flatMap((a) => children.map((c) => householdCode(a, c)))).toEqual([...HOUSEHOLDS]);
    expect(householdCode('3 Adults', '0 Children')).toBeUndefined();
    expect(householdCode('1 Adult', '4 Children')).toBeUndefined();
  });

  it('gives Hidalgo County, TX (48215) all twelve thresholds, checked by hand against the CSV', () => {
    // The 12 rows `2021,48,215,…` of the CSV; annual = hourly × 2080.
    const expected: [string, number, number][] = [
      ['1A0C', 14.49, 30139.2],
      ['1A1C', 27.94, 58115.2],
      ['1A2C', 34.37, 71489.6],
      ['1A3C', 44.45, 92456],
      ['2A1W0C', 22.57, 46945.6],
      ['2A1W1C', 27.88, 57990.4],
      ['2A1W2C', 32.98, 68598.4],
      ['2A1W3C', 35.43, 73694.4],
      ['2A2W0C', 11.28, 23462.4],
      ['2A2W1C', 15.59, 32427.2],
      ['2A2W2C', 19.8, 41184],
      ['2A2W3C', 22.68, 47174.4],
    ];
    const hidalgo = all.bundle.wageThresholds?.filter((t) => t.regionId === 'tx-hidalgo');
    expect(hidalgo).toEqual(
      expected.map(([household, hourly, annual]) => ({
        regionId: 'tx-hidalgo',
        household,
        annual,
        hourly,
        standard: 'MIT Living Wage',
        source: 'MIT Living Wage Calculator (2022 release) via Urban Institute',
        year: 2022,
      })),
    );
    expect(all.bundle.regions?.find((r) => r.id === 'tx-hidalgo')).toEqual({
      id: 'tx-hidalgo',
      name: 'Hidalgo County, TX',
      kind: 'county',
      fips: ['48215'],
      parentId: 'tx',
    });
  });

  it('matches the worked example for King County, WA', () => {
    const king = all.bundle.wageThresholds?.filter((t) => t.regionId === 'wa-king');
    expect(king?.find((t) => t.household === '1A0C')).toMatchObject({ hourly: 21.42, annual: 44553.6 });
    expect(king?.find((t) => t.household === '1A1C')).toMatchObject({ hourly: 38.3, annual: 79664 });
  });

  it('loads every county: 3,142 × 12 rows, each with source, year and standard', () => {
    expect(all.read[fileName]).toBe(37704);
    expect(all.skipped).toEqual([]);
    const thresholds = all.bundle.wageThresholds ?? [];
    expect(thresholds).toHaveLength(37704);
    for (const t of thresholds) {
      expect(t.source).toBe('MIT Living Wage Calculator (2022 release) via Urban Institute');
      expect(t.year).toBe(2022);
      expect(t.standard).toBe('MIT Living Wage');
      expect(t.annual).toBe(Math.round((t.hourly as number) * 2080 * 100) / 100);
    }
    const regions = all.bundle.regions ?? [];
    expect(regions.filter((r) => r.kind === 'county')).toHaveLength(3142);
    expect(regions.filter((r) => r.kind === 'state')).toHaveLength(51);
    expect(regions[0]).toEqual({ id: 'us', name: 'United States', kind: 'other' });
    expect(regions.find((r) => r.id === 'wa')).toEqual({
      id: 'wa',
      name: 'Washington',
      kind: 'state',
      fips: ['53'],
      parentId: 'us',
    });
  });

  it('names a county that the names file lacks by its FIPS code, and says so', () => {
    // Valdez-Cordova Census Area (02261) was split in 2019; the names file has the new codes only.
    expect(all.bundle.regions?.find((r) => r.fips?.[0] === '02261')).toEqual({
      id: 'ak-02261',
      name: 'County 02261, AK',
      kind: 'county',
      fips: ['02261'],
      parentId: 'ak',
    });
    expect(all.notes).toContain('1 county has no name in names-to-fips_county.csv; named by FIPS code: 02261');
  });

  it('takes one state with --state (FIPS or postal code)', async () => {
    const wa = convertLivingWage(text, { fileName, names, state: '53' });
    expect(wa.bundle.wageThresholds).toHaveLength(39 * 12);
    expect(wa.bundle.regions).toHaveLength(2 + 39);
    expect(wa.bundle.regions?.filter((r) => r.kind === 'county').every((r) => r.parentId === 'wa')).toBe(true);
    expect(convertLivingWage(text, { fileName, names, state: 'wa' })).toEqual(wa);
    expect(wa.notes[0]).toBe('37,236 rows of other states not used (--state 53, Washington)');
    expect((await validateBundle(wa.bundle, noExistingIds)).ok).toBe(true);
    expect(() => convertLivingWage(text, { fileName, state: '99' })).toThrow(LoaderInputError);
  });

  it('without the names file, identifies counties by FIPS code', () => {
    const de = convertLivingWage(text, { fileName, state: '10' });
    expect(de.bundle.regions?.map((r) => r.id)).toEqual(['us', 'de', 'de-10001', 'de-10003', 'de-10005']);
    expect(de.bundle.regions?.[2]?.name).toBe('County 10001, DE');
  });

  it('makes readable, unique county ids', () => {
    expect(countySlug('Hidalgo County, Texas')).toBe('hidalgo');
    expect(countySlug('Doña Ana County, New Mexico')).toBe('dona-ana');
    expect(countySlug('Fairfax city, Virginia')).toBe('fairfax-city');
    expect(countySlug('Juneau City and Borough, Alaska')).toBe('juneau');
    expect(countySlug('St. Louis County, Missouri')).toBe('st-louis');
    const ids = (all.bundle.regions ?? []).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('va-fairfax');
    expect(ids).toContain('va-fairfax-city');
  });

  it('reports rows it cannot read', () => {
    const bad = convertLivingWage(
      'year,state,county,adults,children,wage\n2021,53,033,1 Adult,0 Children,21.42\n2021,53,033,3 Adults,0 Children,9\n2021,53,033,1 Adult,1 Child,n/a\n',
      { fileName },
    );
    expect(bad.bundle.wageThresholds).toHaveLength(1);
    expect(bad.skipped.map((g) => [g.reason, g.count])).toEqual([
      ['household is not one of the twelve MIT types', 1],
      ['hourly wage missing or not a positive number', 1],
    ]);
  });
});
