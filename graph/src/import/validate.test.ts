import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import type { Bundle } from '../model/bundle.ts';
import { noExistingIds, validateBundle } from './validate.ts';

const base = (): Bundle => ({
  format: 'pathway-bundle',
  version: 1.1,
  partners: [{ id: 'cc', name: 'College', kind: 'CommunityCollege' }],
  credentials: [{ id: 'c1', name: 'Cert', type: 'Certificate' }],
  programs: [
    { id: 'p1', name: 'One', providerId: 'cc', awards: ['c1'], months: 2, trainingWage: 30000, cip: '51.3902' },
    { id: 'p2', name: 'Two', providerId: 'cc', awards: ['c1'], months: 2 },
  ],
});

async function errorsOf(bundle: unknown) {
  const result = await validateBundle(bundle, noExistingIds);
  return result.ok ? [] : result.errors;
}

describe('contract 1.1 bundle fields (sections 5 and 6)', () => {
  it('accepts the 1.1 worked example and a version-1 bundle alike', async () => {
    expect(await errorsOf(rioGrandeBundle())).toEqual([]);
    expect(await errorsOf({ ...base(), version: 1, programs: [] })).toEqual([]);
  });

  it('refuses an unknown version, a negative training wage and a malformed CIP code, each at its path', async () => {
    const bundle = base() as Record<string, unknown>;
    bundle.version = 2;
    (bundle.programs as Record<string, unknown>[])[0] = {
      ...(bundle.programs as Record<string, unknown>[])[0],
      trainingWage: -1,
      cip: '513902',
    };
    const paths = (await errorsOf(bundle)).map((e) => e.path).sort();
    expect(paths).toEqual(['programs[0].cip', 'programs[0].trainingWage', 'version']);
  });

  it('reports every count above its denominator at once, with its path', async () => {
    const bundle: Bundle = {
      ...base(),
      outcomes: [
        { programId: 'p1', cohortYear: 2023, enrolled: 10, completed: 11, measurableSkillGains: 12 },
        { programId: 'p2', cohortYear: 2023, exiters: 5, employedQ2: 6, employedQ4: 7, credentialAttained: 8 },
        { programId: 'p2', cohortYear: 2024, exiters: 9, employedQ2: 3, retainedQ4: 4 },
        { programId: 'p1', cohortYear: 2024, completed: 50 },
      ],
      transitions: [{ fromProgramId: 'p1', toProgramId: 'p2', cohortYear: 2023, completers: 3, continued: 4 }],
    };
    const errors = await errorsOf(bundle);
    expect(errors.map((e) => e.path).sort()).toEqual([
      'outcomes[0].completed',
      'outcomes[0].measurableSkillGains',
      'outcomes[1].credentialAttained',
      'outcomes[1].employedQ2',
      'outcomes[1].employedQ4',
      'outcomes[2].retainedQ4',
      'transitions[0].continued',
    ]);
    expect(errors.find((e) => e.path === 'outcomes[0].completed')?.message).toBe('must not exceed enrolled (11 > 10)');
  });

  it('refuses a second transition for the same programs and year, a transition to itself, and unknown programs', async () => {
    const bundle: Bundle = {
      ...base(),
      transitions: [
        { fromProgramId: 'p1', toProgramId: 'p2', cohortYear: 2023, completers: 3, continued: 1 },
        { fromProgramId: 'p1', toProgramId: 'p2', cohortYear: 2023, completers: 4, continued: 2 },
        { fromProgramId: 'p1', toProgramId: 'p1', cohortYear: 2023, completers: 4, continued: 2 },
        { fromProgramId: 'p9', toProgramId: 'p2', cohortYear: 2023, completers: 4, continued: 2 },
      ],
    };
    const errors = await errorsOf(bundle);
    expect(errors.map((e) => e.path).sort()).toEqual([
      'transitions[1]',
      'transitions[2].toProgramId',
      'transitions[3].fromProgramId',
    ]);
  });
});
