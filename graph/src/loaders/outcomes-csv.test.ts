import { describe, expect, it } from 'vitest';
import { LoaderInputError } from './conversion.ts';
import { convertOutcomesCsv, OUTCOME_CSV_COLUMNS } from './outcomes-csv.ts';

const programIds = new Set(['p-cna', 'p-lvn', 'p-ma']);
const convert = (text: string, source?: string) =>
  convertOutcomesCsv(text, { fileName: 'outcomes.csv', programIds, source });

describe('a WIOA-style outcomes CSV → bundle outcomes', () => {
  it('reads the template columns, in any order and case, one row per program and cohort year', () => {
    const result = convert(
      [
        'COHORTYEAR,programId,Enrolled,completed,exiters,employedQ2,employedQ4,retainedQ4,medianEarningsQ2,credentialAttained,measurableSkillGains',
        '2023,p-cna,120,96,110,70,66,50,"8,200",90,100',
        '2022,p-cna,110,80,100,58,,,7800.50,,',
      ].join('\n'),
    );
    expect(result.bundle.outcomes).toEqual([
      {
        programId: 'p-cna',
        cohortYear: 2023,
        enrolled: 120,
        completed: 96,
        exiters: 110,
        employedQ2: 70,
        employedQ4: 66,
        retainedQ4: 50,
        medianEarningsQ2: 8200,
        credentialAttained: 90,
        measurableSkillGains: 100,
      },
      {
        programId: 'p-cna',
        cohortYear: 2022,
        enrolled: 110,
        completed: 80,
        exiters: 100,
        employedQ2: 58,
        medianEarningsQ2: 7800.5,
      },
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.read).toEqual({ 'outcomes.csv': 2 });
  });

  it('leaves suppressed cells out (never a number) and counts them', () => {
    const result = convert(
      'programId,cohortYear,exiters,employedQ2,employedQ4\np-ma,2023,30,*,-99999\np-lvn,2023,8,S,4\n',
    );
    expect(result.bundle.outcomes).toEqual([
      { programId: 'p-ma', cohortYear: 2023, exiters: 30 },
      { programId: 'p-lvn', cohortYear: 2023, exiters: 8, employedQ4: 4 },
    ]);
    expect(result.notes).toContain('2 suppressed employedQ2 cells left out (never a number)');
    expect(result.notes).toContain('1 suppressed employedQ4 cells left out (never a number)');
  });

  it('skips every bad row with its reason', () => {
    const result = convert(
      [
        'programId,cohortYear,enrolled,completed,exiters,employedQ2,retainedQ4',
        ',2023,1,1,1,1,1',
        'p-cna,23,1,1,1,1,1',
        'p-unknown,2023,1,1,1,1,1',
        'p-cna,2023,10,12,,,',
        'p-cna,2023,10,2.5,,,',
        'p-lvn,2023,10,5,8,4,6',
        'p-ma,2023,10,5,8,4,3',
        'p-ma,2023,10,5,8,4,3',
        'p-ma,2024,ten,5,8,4,3',
        'p-ma,2025,1',
      ].join('\n'),
    );
    expect(result.bundle.outcomes?.map((o) => `${o.programId} ${o.cohortYear}`)).toEqual(['p-ma 2023']);
    expect(Object.fromEntries(result.skipped.map((g) => [g.reason, g.count]))).toEqual({
      'malformed line (wrong number of fields)': 1,
      'no programId': 1,
      'cohortYear is not a four-digit year': 1,
      'program not in the graph': 1,
      'completed must not exceed enrolled (12 > 10)': 1,
      'completed is not a whole number of participants': 1,
      'retainedQ4 must not exceed employedQ2 (6 > 4)': 1,
      'repeats a program and cohort year (the first row is kept)': 1,
      'enrolled is not a whole number of participants': 1,
    });
    expect(result.skipped.find((g) => g.reason === 'program not in the graph')?.examples).toEqual([
      'outcomes.csv row 4: p-unknown',
    ]);
  });

  it('takes a source for rows without one, and notes columns it does not read', () => {
    const result = convert(
      'programId,cohortYear,exiters,source,notes\np-ma,2023,3,,x\np-lvn,2023,4,PY2023 report,y\n',
      'WIOA',
    );
    expect(result.bundle.outcomes?.map((o) => o.source)).toEqual(['WIOA', 'PY2023 report']);
    expect(result.notes).toContain('columns not read (not outcome fields): "notes"');
  });

  it('refuses a file without the required columns or rows', () => {
    expect(() => convert('program,year\np-ma,2023\n')).toThrow(LoaderInputError);
    expect(() => convert('program,year\np-ma,2023\n')).toThrow(/missing columns "programId", "cohortYear"/);
    expect(() => convert(`${OUTCOME_CSV_COLUMNS.join(',')}\n`)).toThrow('outcomes.csv: no data rows');
  });
});
