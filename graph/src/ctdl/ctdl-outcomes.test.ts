import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema, type Outcome } from '../model/bundle.ts';
import { repoRoot } from '../paths.ts';
import { bundleToCtdl } from './ctdl-export.ts';
import { ctdlToBundle } from './ctdl-import.ts';

const rioGrande = (): Bundle =>
  bundleSchema.parse(
    JSON.parse(readFileSync(join(repoRoot, 'graph', 'test', 'examples', 'rio-grande.bundle.json'), 'utf8')),
  );

/** The outcome fields CTDL carries (README.md): all but measurableSkillGains and retainedQ4. */
function mapped(outcomes: Outcome[] | undefined) {
  return [...(outcomes ?? [])]
    .map(({ measurableSkillGains: _m, retainedQ4: _r, ...rest }) => rest)
    .sort((a, b) => `${a.programId} ${a.cohortYear}`.localeCompare(`${b.programId} ${b.cohortYear}`));
}

function roundTrip(bundle: Bundle) {
  const document = JSON.parse(JSON.stringify(bundleToCtdl(bundle)));
  return { document, result: ctdlToBundle(document, { sourceName: 'round trip' }) };
}

type Node = Record<string, unknown>;

/** One LearningProgram carrying the given aggregate data profiles. */
function programWith(profiles: unknown[]): object {
  return {
    '@context': 'https://credreg.net/ctdl/schema/context/json',
    '@graph': [
      { '@id': '_:org', '@type': 'ceterms:CredentialOrganization', 'ceterms:name': 'College' },
      {
        '@id': '_:p',
        '@type': 'ceterms:LearningProgram',
        'ceterms:name': 'Welding',
        'ceterms:offeredBy': ['_:org'],
        'ceterms:aggregateData': profiles,
      },
    ],
  };
}

const frame = (start: string, counts: Node = {}) => ({
  '@type': 'qdata:DataSetProfile',
  'qdata:dataSetTimePeriod': [
    {
      '@type': 'qdata:DataSetTimeFrame',
      'ceterms:startDate': start,
      'qdata:dataAttributes': [{ '@type': 'qdata:DataProfile', ...counts }],
    },
  ],
});
const qv = (value: unknown) => [{ '@type': 'schema:QuantitativeValue', 'schema:value': value }];

describe('outcomes as CTDL aggregate data', () => {
  it('round-trips every outcome field that has a CTDL home (rio-grande)', () => {
    const original = rioGrande();
    expect((original.outcomes ?? []).length).toBeGreaterThan(0);
    // Sources of both kinds: a data set's name, and a URL.
    const outcomes = original.outcomes ?? [];
    outcomes[0] = { ...(outcomes[0] as Outcome), source: 'TWC WIOA performance, program year 2022' };
    outcomes[1] = { ...(outcomes[1] as Outcome), source: 'https://example.org/outcomes.csv' };
    const { result } = roundTrip(original);
    expect(result.warnings).toEqual([]);
    expect(mapped(result.bundle.outcomes)).toEqual(mapped(original.outcomes));
    // What CTDL has no term for is left out, not invented.
    expect(
      result.bundle.outcomes?.some((o) => o.retainedQ4 !== undefined || o.measurableSkillGains !== undefined),
    ).toBe(false);
    expect(result.bundle.transitions).toBeUndefined();
    expect(result.bundle.version).toBe(1.1);
  });

  it('writes AggregateDataProfiles with a DataSetProfile, a time frame for the cohort year and a DataProfile', () => {
    const document = bundleToCtdl(rioGrande()) as { '@graph': Node[] };
    const cna = document['@graph'].find((n) => n['@id'] === '_:program/p-cna') as Node;
    const profiles = cna['ceterms:aggregateData'] as Node[];
    // Two cohort years, each a 2nd-quarter and a 4th-quarter profile.
    expect(profiles.map((p) => p['ceterms:postReceiptMonths'])).toEqual([6, 12, 6, 12]);
    expect(profiles[2]).toMatchObject({
      '@type': 'ceterms:AggregateDataProfile',
      'ceterms:numberAwarded': 90,
      'ceterms:jobsObtained': [{ '@type': 'schema:QuantitativeValue', 'schema:value': 70 }],
      'ceterms:medianEarnings': 8200,
      'ceterms:currency': 'USD',
      'ceterms:relevantDataSet': [
        {
          '@type': 'qdata:DataSetProfile',
          'qdata:dataSetTimePeriod': [
            {
              '@type': 'qdata:DataSetTimeFrame',
              'ceterms:startDate': '2023-01-01',
              'ceterms:endDate': '2023-12-31',
              'qdata:dataAttributes': [
                {
                  '@type': 'qdata:DataProfile',
                  'qdata:totalWIOAParticipants': [{ 'schema:value': 120 }],
                  'qdata:totalWIOACompleters': [{ 'schema:value': 96 }],
                  'qdata:totalWIOAExiters': [{ 'schema:value': 110 }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(profiles[3]).toMatchObject({ 'ceterms:jobsObtained': [{ 'schema:value': 66 }] });
  });

  it('reads a published profile: counts as numbers or numeric strings, the year from the time frame', () => {
    const { bundle, warnings } = ctdlToBundle(
      programWith([
        {
          '@type': 'ceterms:AggregateDataProfile',
          'ceterms:postReceiptMonths': 6,
          'ceterms:jobsObtained': qv('41'),
          'ceterms:numberAwarded': 50,
          'ceterms:relevantDataSet': [
            frame('2021-07-01', { 'qdata:totalWIOAExiters': qv(60), 'qdata:totalWIOAParticipants': qv(80) }),
          ],
        },
      ]),
    );
    expect(warnings.filter((w) => w.includes('aggregateData'))).toEqual([]);
    expect(bundle.outcomes).toEqual([
      { programId: 'p', cohortYear: 2021, employedQ2: 41, credentialAttained: 50, exiters: 60, enrolled: 80 },
    ]);
  });

  it('leaves out malformed figures and profiles with warnings naming their paths; the bundle stays valid', () => {
    const { bundle, warnings } = ctdlToBundle(
      programWith([
        // 0: no year anywhere
        { '@type': 'ceterms:AggregateDataProfile', 'ceterms:numberAwarded': 3 },
        // 1: negative and fractional counts, a quarter the bundle does not count
        {
          '@type': 'ceterms:AggregateDataProfile',
          'ceterms:postReceiptMonths': 24,
          'ceterms:jobsObtained': qv(5),
          'ceterms:numberAwarded': -2,
          'ceterms:relevantDataSet': [
            frame('2020-01-01', { 'qdata:totalWIOAExiters': qv(10.5), 'qdata:totalWIOAParticipants': qv(40) }),
          ],
        },
        // 2: completers above participants; employedQ2 above exiters
        {
          '@type': 'ceterms:AggregateDataProfile',
          'ceterms:postReceiptMonths': 6,
          'ceterms:jobsObtained': qv(30),
          'ceterms:relevantDataSet': [
            frame('2019-01-01', {
              'qdata:totalWIOAParticipants': qv(20),
              'qdata:totalWIOACompleters': qv(25),
              'qdata:totalWIOAExiters': qv(12),
            }),
          ],
        },
        // 3: not an aggregate data profile
        { '@type': 'ceterms:EmploymentOutcomeProfile', 'ceterms:jobsObtained': qv(9) },
        // 4: a string where a number belongs
        {
          '@type': 'ceterms:AggregateDataProfile',
          'ceterms:medianEarnings': 'lots',
          'ceterms:relevantDataSet': [frame('not a date')],
        },
      ]),
    );
    expect(bundleSchema.safeParse(bundle).success).toBe(true);
    expect(bundle.outcomes).toEqual([
      { programId: 'p', cohortYear: 2019, enrolled: 20, exiters: 12 },
      { programId: 'p', cohortYear: 2020, enrolled: 40 },
    ]);
    const at = '"Welding" ceterms:aggregateData';
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${at}\\[0\\]: no cohort year`)),
        `${at}[1].ceterms:numberAwarded: must be a whole number of 0 or more (-2); left out`,
        `${at}[1].ceterms:relevantDataSet[0].qdata:dataSetTimePeriod[0].qdata:dataAttributes[0].qdata:totalWIOAExiters: must be a whole number of 0 or more (10.5); left out`,
        expect.stringMatching(new RegExp(`^${at}\\[1\\]\\.ceterms:jobsObtained: ceterms:postReceiptMonths is 24`)),
        `${at}: cohort year 2019: completed (25) exceeds enrolled (20); completed left out`,
        `${at}: cohort year 2019: employedQ2 (30) exceeds exiters (12); employedQ2 left out`,
        `${at}[3]: expected a ceterms:AggregateDataProfile, found ceterms:EmploymentOutcomeProfile; left out`,
        expect.stringMatching(new RegExp(`^${at}\\[4\\]: no cohort year`)),
      ]),
    );
  });

  it('keeps the first of two different values for one cohort year, with a warning', () => {
    const profile = (jobs: number) => ({
      '@type': 'ceterms:AggregateDataProfile',
      'ceterms:postReceiptMonths': 6,
      'ceterms:jobsObtained': qv(jobs),
      'ceterms:relevantDataSet': [frame('2022-01-01')],
    });
    const { bundle, warnings } = ctdlToBundle(programWith([profile(7), profile(9)]));
    expect(bundle.outcomes).toEqual([{ programId: 'p', cohortYear: 2022, employedQ2: 7 }]);
    expect(warnings).toContain(
      '"Welding" ceterms:aggregateData[1]: employedQ2 of cohort year 2022 is given twice (7, 9); the first is kept',
    );
  });
});
