import { describe, expect, it } from 'vitest';
import { noExistingIds, validateBundle } from '../import/validate.ts';
import type { OccupationWage } from '../model/bundle.ts';
import { LoaderInputError } from './conversion.ts';
import { convertOews, type KnownOccupation } from './oews.ts';
import { type OewsTable, readOewsFile } from './oews-file.ts';
import { convertOnet, readOnetDir } from './onet.ts';
import { oewsNationalCsv, oewsNationalXlsx, onetDir } from './real-data.ts';

const onet = convertOnet(readOnetDir(onetDir), { advances: 'none' });
const occupations: KnownOccupation[] = onet.bundle.occupations ?? [];
const csv = await readOewsFile(oewsNationalCsv);
const national = convertOews(csv, { occupations });
const wages = new Map((national.bundle.occupationWages ?? []).map((w) => [w.occupationId, w]));
const wage = (id: string) => wages.get(id) as OccupationWage;
const row = (table: OewsTable, code: string, group = 'detailed') =>
  table.rows.find((r) => r.OCC_CODE === code && r.O_GROUP === group) as Record<string, string>;

describe('BLS OEWS May 2024 national → occupationWages', () => {
  it('reads all 1,403 rows, from the CSV and from the original XLSX alike', async () => {
    expect(csv.rows).toHaveLength(1403);
    const xlsx = await readOewsFile(oewsNationalXlsx);
    expect(xlsx.rows).toHaveLength(1403);
    const fromXlsx = convertOews(xlsx, { occupations });
    expect(fromXlsx.bundle.occupationWages).toEqual(national.bundle.occupationWages);
    expect(fromXlsx.skipped).toEqual(national.skipped);
  });

  it('gives Registered Nurses the national median of the file (A_MEDIAN 93600 on row 29-1141)', () => {
    expect(row(csv, '29-1141').A_MEDIAN).toBe('93600');
    expect(wage('29-1141.00')).toEqual({
      occupationId: '29-1141.00',
      regionId: 'us',
      medianAnnual: 93600,
      p25Annual: 78610,
      p75Annual: 107960,
      employment: 3282010,
      year: 2024,
      source: 'BLS OEWS May 2024, national',
    });
    // Every O*NET code with SOC 29-1141 takes that row (e.g. Acute Care Nurses).
    expect(wage('29-1141.01').medianAnnual).toBe(93600);
    expect(national.bundle.regions).toEqual([{ id: 'us', name: 'United States', kind: 'other' }]);
  });

  it('rolls O*NET codes inside a combined OEWS code up to it, and says so in the source', () => {
    const buyers = row(csv, '13-1020');
    expect(buyers.OCC_TITLE).toBe('Buyers and Purchasing Agents');
    for (const id of ['13-1021.00', '13-1022.00', '13-1023.00']) {
      expect(wage(id)).toEqual({
        occupationId: id,
        regionId: 'us',
        medianAnnual: Number(buyers.A_MEDIAN),
        p25Annual: Number(buyers.A_PCT25),
        p75Annual: Number(buyers.A_PCT75),
        year: 2024,
        source: 'BLS OEWS May 2024, national (rolled up: combined code 13-1020 Buyers and Purchasing Agents)',
      });
    }
    // SOC 2018 codes that O*NET divides: 21-1011 and 21-1014 are inside 21-1018.
    const counselors = row(csv, '21-1018');
    for (const id of ['21-1011.00', '21-1014.00']) {
      expect(wage(id).medianAnnual).toBe(Number(counselors.A_MEDIAN));
      expect(wage(id).source).toContain('combined code 21-1018');
    }
    expect(wage('25-2055.00').source).toContain('combined code 25-2052');
    expect(wage('53-1049.00').source).toContain('combined code 53-1047');
    // Every one of the 12 OEWS detailed codes that is not an O*NET code is used by a roll-up.
    expect(national.skipped.find((g) => g.reason.startsWith('detailed OEWS row with no matching'))).toBeUndefined();
    const rolledUp = [...wages.values()].filter((w) => w.source?.includes('rolled up'));
    expect(rolledUp).toHaveLength(34);
    for (const w of rolledUp) expect(w.employment).toBeUndefined();
  });

  it('treats # and * as "not published": the row is skipped with its reason, never a number', () => {
    // 29-1022 Oral and Maxillofacial Surgeons: median at or above the top wage; 27-2011 Actors: hourly only.
    expect(row(csv, '29-1022').A_MEDIAN).toBe('#');
    expect(row(csv, '27-2011')).toMatchObject({ A_MEDIAN: '*', HOURLY: 'TRUE' });
    expect(wages.has('29-1022.00')).toBe(false);
    expect(wages.has('27-2011.00')).toBe(false);
    const topCoded = national.skipped.find((g) => g.reason.startsWith('annual median not published: #'));
    const hourlyOnly = national.skipped.find((g) => g.reason.startsWith('annual median not published: *'));
    expect(topCoded?.examples).toContain('29-1022.00 (OEWS 29-1022: "#")');
    expect(hourlyOnly?.examples).toContain('27-2011.00 (OEWS 27-2011: "*")');
    // Every detailed row whose median is # or * gives no wage to any of its occupations.
    const unpublished = csv.rows.filter((r) => r.O_GROUP === 'detailed' && (r.A_MEDIAN === '#' || r.A_MEDIAN === '*'));
    expect(unpublished.length).toBe(22);
    for (const r of unpublished)
      expect([...wages.values()].filter((w) => w.occupationId.startsWith(`${r.OCC_CODE}.`))).toEqual([]);
    expect((topCoded?.count ?? 0) + (hourlyOnly?.count ?? 0)).toBe(28);
    // A top-coded percentile is left out of a row that has a median: 11-1011 Chief Executives.
    expect(row(csv, '11-1011').A_PCT75).toBe('#');
    expect(wage('11-1011.00').medianAnnual).toBe(206420);
    expect(wage('11-1011.00').p75Annual).toBeUndefined();
    for (const w of wages.values())
      for (const value of [w.medianAnnual, w.p25Annual, w.p75Annual, w.employment])
        if (value !== undefined) expect(Number.isFinite(value)).toBe(true);
  });

  it('puts year and source on every row, and accounts for every occupation and every row of the file', async () => {
    for (const w of wages.values()) {
      expect(w.year).toBe(2024);
      expect(w.source).toMatch(/^BLS OEWS May 2024, national/);
    }
    const skippedOccupations = national.skipped
      .filter((g) => g.reason.startsWith('annual median') || g.reason.startsWith('no OEWS row'))
      .reduce((n, g) => n + g.count, 0);
    expect(wages.size + skippedOccupations).toBe(1016);
    expect(wages.size).toBe(968);
    // Military occupations (55-) are not in OEWS at all.
    expect(national.skipped.find((g) => g.reason.startsWith('no OEWS row'))?.examples).toContain('55-1011.00');
    const summaries = national.skipped.filter((g) => g.reason.startsWith('summary row'));
    expect(summaries.reduce((n, g) => n + g.count, 0)).toBe(1403 - 831);
    expect((await validateBundle({ ...onet.bundle, ...national.bundle }, noExistingIds)).ok).toBe(true);
  });

  it('loads only the occupations it is given, and reports the detailed rows nobody matched', () => {
    const few = convertOews(csv, {
      occupations: [{ id: '29-1141.00' }, { id: 'rn-local', soc: '29-1141' }, { id: 'no-soc' }],
    });
    expect(few.bundle.occupationWages?.map((w) => w.occupationId)).toEqual(['29-1141.00', 'rn-local']);
    expect(few.skipped.find((g) => g.reason.startsWith('occupation has no SOC'))?.examples).toEqual(['no-soc']);
    expect(few.skipped.find((g) => g.reason.startsWith('detailed OEWS row with no matching'))?.count).toBe(830);
  });

  it('falls back to the broad group row when a detailed row is missing (as in state files)', () => {
    const withoutRn: OewsTable = {
      ...csv,
      rows: csv.rows.filter((r) => !(r.OCC_CODE === '29-1141' && r.O_GROUP === 'detailed')),
    };
    const c = convertOews(withoutRn, { occupations: [{ id: '29-1141.00' }] });
    expect(c.bundle.occupationWages?.[0]?.source).toBe(
      'BLS OEWS May 2024, national (rolled up: broad group 29-1140 Registered Nurses)',
    );
  });

  it('makes regions for state and metro areas, and respects --region and --area', () => {
    const retitle = (area: Record<string, string>) =>
      csv.rows.filter((r) => r.OCC_CODE === '29-1141').map((r) => ({ ...r, ...area }));
    const states: OewsTable = {
      file: 'state_M2024_dl.xlsx',
      format: 'xlsx',
      malformed: [],
      rows: [
        ...retitle({ AREA: '48', AREA_TITLE: 'Texas', AREA_TYPE: '2', PRIM_STATE: 'TX' }),
        ...retitle({ AREA: '53', AREA_TITLE: 'Washington', AREA_TYPE: '2', PRIM_STATE: 'WA' }),
      ],
    };
    const both = convertOews(states, { occupations: [{ id: '29-1141.00' }] });
    expect(both.bundle.regions?.map((r) => r.id)).toEqual(['us', 'tx', 'wa']);
    expect(both.bundle.occupationWages?.map((w) => [w.regionId, w.source])).toEqual([
      ['tx', 'BLS OEWS May 2024, Texas'],
      ['wa', 'BLS OEWS May 2024, Washington'],
    ]);
    expect(() => convertOews(states, { occupations, region: 'tx-lrgv' })).toThrow(LoaderInputError);
    const one = convertOews(states, { occupations: [{ id: '29-1141.00' }], area: '53', region: 'wa-custom' });
    expect(one.bundle.regions).toEqual([
      { id: 'us', name: 'United States', kind: 'other' },
      { id: 'wa-custom', name: 'Washington', kind: 'state', parentId: 'us' },
    ]);
    const metro: OewsTable = {
      ...states,
      file: 'MSA_M2024_dl.xlsx',
      rows: retitle({ AREA: '42660', AREA_TITLE: 'Seattle-Tacoma-Bellevue, WA', AREA_TYPE: '4', PRIM_STATE: 'WA' }),
    };
    expect(convertOews(metro, { occupations: [{ id: '29-1141.00' }] }).bundle.regions?.at(-1)).toEqual({
      id: 'msa-42660',
      name: 'Seattle-Tacoma-Bellevue, WA',
      kind: 'metro',
      parentId: 'wa',
    });
  });

  it('loads cross-industry, all-ownership rows only (BLS "all data" files repeat them per industry and owner)', () => {
    const rn = row(csv, '29-1141');
    const mixed: OewsTable = {
      ...csv,
      rows: [{ ...rn, I_GROUP: 'sector', NAICS: '620000', A_MEDIAN: '1' }, { ...rn, OWN_CODE: '5', A_MEDIAN: '2' }, rn],
    };
    const c = convertOews(mixed, { occupations: [{ id: '29-1141.00' }] });
    expect(c.bundle.occupationWages?.map((w) => w.medianAnnual)).toEqual([93600]);
    expect(c.skipped.map((g) => [g.reason, g.count])).toEqual([
      ['industry-specific row (only cross-industry rows are loaded)', 1],
      ['ownership-specific row (only all-ownership rows, OWN_CODE 1235, are loaded)', 1],
    ]);
  });

  it('needs a year: from --year or the file name', () => {
    const renamed: OewsTable = { ...csv, file: 'wages.csv' };
    expect(() => convertOews(renamed, { occupations })).toThrow(/give --year/);
    expect(convertOews(renamed, { occupations, year: 2023 }).bundle.occupationWages?.[0]?.source).toBe(
      'BLS OEWS May 2023, national',
    );
  });
});
