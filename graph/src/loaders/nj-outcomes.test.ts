import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noExistingIds, validateBundle } from '../import/validate.ts';
import { repoRoot } from '../paths.ts';
import { countSkipped, LoaderInputError } from './conversion.ts';
import { readDataText } from './data-file.ts';
import {
  convertNj,
  countFromRate,
  type KnownProgram,
  NJ_SOURCE,
  njCip,
  njPartnerId,
  readNjOutcomes,
} from './nj-outcomes.ts';

const file = join(repoRoot, 'graph', 'data', 'nj_outcomes', 'outcomes_schcip.csv.gz');
const table = readNjOutcomes(readDataText(file), 'outcomes_schcip.csv');

describe('the real New Jersey file (graph/data/nj_outcomes)', () => {
  it('reads every row and counts the suppressed cells per column', () => {
    expect(table.rows).toHaveLength(1565);
    expect(table.malformed).toEqual([]);
    // Counted independently of the loader (a scan of the CSV for -99999, column by column).
    expect(table.suppressed).toEqual({
      PerEmployed2: 476,
      PerEmployed4: 539,
      PerEmployed8: 800,
      AvgQuarterlyWage2: 656,
      AvgQuarterlyWage4: 702,
      AvgQuarterlyWage8: 917,
      PerRetention4: 749,
      PerRetention8: 998,
    });
  });

  it('a file without the NJ columns is refused, naming what is missing', () => {
    expect(() => readNjOutcomes('providerid,cipcode\n1,510000\n', 'x.csv')).toThrow(LoaderInputError);
    expect(() => readNjOutcomes('providerid,cipcode\n1,510000\n', 'x.csv')).toThrow(/missing columns "PerEmployed2"/);
  });
});

describe('codes and counts', () => {
  it('maps provider ids to partners and CIP cells to CIP 2020 codes', () => {
    expect(njPartnerId('37')).toBe('nj-provider-37');
    expect(njCip('511020')).toBe('51.1020');
    expect(njCip('10504')).toBe('01.0504');
    expect(njCip('51.10')).toBeUndefined();
  });

  it('turns a rate back into a count: round half up of rate × denominator, only near a whole number', () => {
    expect(countFromRate(0.529411764705882, 17)).toBe(9);
    expect(countFromRate(0.714285714285714, 7)).toBe(5);
    expect(countFromRate(0.5, 3)).toBeUndefined(); // 1.5 is no count of people
    expect(countFromRate(0, 0)).toBe(0);
  });
});

describe('matching the real rows to a small graph by (provider, CIP)', () => {
  const programs: KnownProgram[] = [
    { id: 'ccm-welding', providerId: 'nj-provider-37', cip: '48.0508' }, // provider 37 has no such row
    { id: 'ccm-culinary', providerId: 'nj-provider-37', cip: '12.0503' },
    { id: 'ccm-homeland', providerId: 'nj-provider-37', cip: '13.1501' },
    { id: 'ccm-construction', providerId: 'nj-provider-37', cip: '46.0401' },
    { id: 'ccm-med-a', providerId: 'nj-provider-37', cip: '52.0302' },
    { id: 'ccm-med-b', providerId: 'nj-provider-37', cip: '52.0302' },
    { id: 'p27-cna', providerId: 'nj-provider-27', cip: '51.1020' },
    { id: 'no-cip', providerId: 'nj-provider-27' },
  ];
  const partnerIds = new Set(['nj-provider-37', 'nj-provider-27', 'nj-provider-64']);
  const result = convertNj(table, { programs, partnerIds });
  const row = (id: string) => result.bundle.outcomes?.find((o) => o.programId === id);
  const rowsOf = (provider: string) => table.rows.filter((r) => r.providerid === provider).length;

  it('attaches exactly the rows of the graph programs, with counts from the rates', () => {
    expect(result.bundle.outcomes?.map((o) => o.programId).sort()).toEqual([
      'ccm-construction',
      'ccm-culinary',
      'ccm-homeland',
      'p27-cna',
    ]);
    expect(result.match.matched).toBe(4);
    // 37,460401: 0.736842… × 19 = 14 employed in Q2 and Q4; retention 0.928571… × 14 = 13.
    expect(row('ccm-construction')).toEqual({
      programId: 'ccm-construction',
      cohortYear: 2020,
      exiters: 19,
      employedQ2: 14,
      employedQ4: 14,
      retainedQ4: 13,
      source: NJ_SOURCE,
    });
    // 37,131501: NumCompleted4 (22) differs from NumCompleted2 (27): no employedQ4; retention base 13 ≠ 20.
    expect(row('ccm-homeland')).toEqual({
      programId: 'ccm-homeland',
      cohortYear: 2020,
      exiters: 27,
      employedQ2: 20,
      source: NJ_SOURCE,
    });
    // 27,511020: retention suppressed (-99999), so no retainedQ4, never a number.
    expect(row('p27-cna')).toMatchObject({ exiters: 5, employedQ2: 4, employedQ4: 4 });
    expect(row('p27-cna')).not.toHaveProperty('retainedQ4');
  });

  it('reports the rest as unmatched, by reason, and accounts for every row', () => {
    expect(result.match.unmatched.ambiguous).toBe(1); // 37,520302: two programs
    expect(result.match.unmatched.noProgramWithCip).toBe(rowsOf('37') - 4 + rowsOf('27') - 1 + rowsOf('64'));
    expect(result.match.unmatched.notACip).toBe(table.rows.filter((r) => r.cipcode === '999999').length);
    const { providerNotInGraph, noProgramWithCip, ambiguous, notACip } = result.match.unmatched;
    expect(result.match.matched + providerNotInGraph + noProgramWithCip + ambiguous + notACip).toBe(1565);
    expect(countSkipped(result.skipped)).toBe(1565 - 4);
    expect(result.skipped.find((g) => g.reason.includes('several programs'))?.examples[0]).toContain(
      'ccm-med-a, ccm-med-b',
    );
  });

  it('gives a bundle the validator accepts against that graph', async () => {
    const bundle = {
      format: 'pathway-bundle',
      version: 1.1,
      partners: [...partnerIds].map((id) => ({ id, name: id, kind: 'CommunityCollege' })),
      credentials: [{ id: 'cert', name: 'Certificate', type: 'Certificate' }],
      programs: programs.map((p) => ({
        id: p.id,
        name: p.id,
        providerId: p.providerId,
        awards: ['cert'],
        months: 6,
        ...(p.cip ? { cip: p.cip } : {}),
      })),
      outcomes: result.bundle.outcomes,
    };
    const validated = await validateBundle(bundle, noExistingIds);
    expect(validated.ok ? [] : validated.errors).toEqual([]);
  });

  it('loads another year with --year', () => {
    const other = convertNj(table, { programs, partnerIds, year: 2021 });
    expect(new Set(other.bundle.outcomes?.map((o) => o.cohortYear))).toEqual(new Set([2021]));
  });
});
