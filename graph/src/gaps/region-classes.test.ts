import { describe, expect, it } from 'vitest';
import { findGaps } from './gap-finder.ts';
import { graphOf, kingCounty, program } from './gap-fixtures.ts';
import { regionClasses } from './region-classes.ts';

describe('regionClasses', () => {
  it('groups regions every gap kind sees alike (King County example: us and wa)', () => {
    const index = kingCounty();
    const classes = regionClasses(index, '1A1C', ['us', 'wa', 'wa-king']);
    expect(classes).toEqual([
      { representative: 'wa', members: ['wa', 'us'] },
      { representative: 'wa-king', members: ['wa-king'] },
    ]);
  });

  it('keeps apart regions that programs, thresholds, wages, entry points, supports or openings tell apart', () => {
    const counties = Array.from({ length: 40 }, (_, i) => `county-${String(i).padStart(2, '0')}`);
    const index = graphOf({
      regions: [{ id: 'state', name: 'State' }, ...counties.map((id) => ({ id, name: id, parentId: 'state' }))],
      wageThresholds: [
        { regionId: 'state', household: '1A1C', annual: 50_000 },
        { regionId: 'county-01', household: '1A1C', annual: 60_000 },
      ],
      occupations: [{ id: 'job', title: 'Job' }],
      occupationWages: [
        { occupationId: 'job', regionId: 'state', medianAnnual: 55_000 },
        { occupationId: 'job', regionId: 'county-02', medianAnnual: 65_000 },
        { occupationId: 'job', regionId: 'county-03', medianAnnual: 55_000, annualOpenings: 10 },
      ],
      programs: [program('p', { regionIds: ['county-00'] })],
      entryPoints: [{ id: 'ep', name: 'Entry', regionIds: ['county-04'] }],
      supports: [{ id: 's', name: 'Navigator', kind: 'CareerNavigation', regionIds: ['county-05'] }],
    });
    const classes = regionClasses(index, '1A1C', ['state', ...counties]);
    const alone = classes.filter((c) => c.members.length === 1).map((c) => c.representative);
    expect(alone.sort()).toEqual(['county-01', 'county-02', 'county-03', 'county-04', 'county-05']);
    // The state sees exactly what county-00 sees: its one program, the same threshold and wages.
    expect(classes).toContainEqual({ representative: 'county-00', members: ['county-00', 'state'] });
    expect(classes).toHaveLength(7);
    expect(classes.find((c) => c.members.length > 2)?.members).toHaveLength(34);
  });

  it('gives merged answers that name every region of a class', () => {
    const counties = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, name: `County ${i}`, parentId: 'state' }));
    const index = graphOf({ regions: [{ id: 'state', name: 'State' }, ...counties], programs: [program('p')] });
    const [gap] = findGaps(index, { kinds: ['UNSUPPORTED_PROGRAM'] });
    expect(gap?.regionIds).toHaveLength(31);
    expect(gap?.message).toMatch(/\(also in County 1, County 10, County 11, County 12, County 13 and 25 more\)$/);
  });
});
