import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noExistingIds, validateBundle } from '../import/validate.ts';
import type { Occupation } from '../model/bundle.ts';
import { countSkipped, LoaderInputError } from './conversion.ts';
import { readDataText } from './data-file.ts';
import { convertOnet, ONET_FILES, readOnetDir } from './onet.ts';
import { onetDir, perkinsTidyCsv } from './real-data.ts';
import { SOC_MAJOR_GROUPS } from './soc-major-groups.ts';

const files = readOnetDir(onetDir, { clustersFile: perkinsTidyCsv });
const onet = convertOnet(files);
const occupations = new Map((onet.bundle.occupations ?? []).map((o) => [o.id, o]));
const occupation = (id: string) => occupations.get(id) as Occupation;

/** Rows of `Related Occupations.txt` per tier, counted straight from the file. */
function relatedRows(): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = readDataText(`${join(onetDir, ONET_FILES.related)}.gz`)
    .trim()
    .split('\n')
    .slice(1);
  for (const line of lines) {
    const tier = line.split('\t')[4] as string;
    counts.set(tier, (counts.get(tier) ?? 0) + 1);
  }
  return counts;
}

describe('O*NET 29.3 → occupations, sectors, ADVANCES_TO', () => {
  it('reads every O*NET-SOC code of Occupation Data.txt as an occupation', () => {
    expect(onet.read['Occupation Data.txt']).toBe(1016);
    expect(occupations.size).toBe(1016);
    for (const o of occupations.values()) {
      expect(o.id).toMatch(/^\d{2}-\d{4}\.\d{2}$/);
      expect(o.onetSoc).toBe(o.id);
      expect(o.soc).toBe(o.id.slice(0, 7));
      expect(o.title.length).toBeGreaterThan(0);
      expect(o.description?.length).toBeGreaterThan(0);
    }
    expect(files.version).toBe('29.3');
  });

  it('knows Registered Nurses: title, job zone, required education, sector', () => {
    expect(occupation('29-1141.00')).toMatchObject({
      title: 'Registered Nurses',
      soc: '29-1141',
      jobZone: 4,
      education: "Bachelor's Degree",
      sectorIds: ['soc-29'],
    });
    expect(onet.bundle.sectors).toContainEqual({
      id: 'soc-29',
      name: 'Healthcare Practitioners and Technical Occupations',
    });
  });

  it('takes job zones from all 923 rows of Job Zones.txt and notes the 93 codes without one', () => {
    expect(onet.read['Job Zones.txt']).toBe(923);
    const zoned = [...occupations.values()].filter((o) => o.jobZone !== undefined);
    expect(zoned).toHaveLength(923);
    expect(occupation('11-9199.00').jobZone).toBeUndefined(); // Managers, All Other
    expect(onet.notes.some((n) => n.startsWith('93 occupations have no job zone'))).toBe(true);
  });

  it('takes the RL category with the highest share as the education, ties to the lower level', () => {
    const withEducation = [...occupations.values()].filter((o) => o.education !== undefined);
    expect(withEducation).toHaveLength(858);
    // 29-2061.00 LPN/LVN: 38.24 % name some college courses, 34.77 % a post-secondary certificate.
    expect(occupation('29-2061.00').education).toBe('Some College Courses');
    // 47-4011.00 Construction and Building Inspectors: 36 % each for categories 2 and 3.
    expect(occupation('47-4011.00').education).toBe('High School Diploma');
    const names = new Set(withEducation.map((o) => o.education));
    expect([...names].every((n) => n !== undefined && !n.includes(' - '))).toBe(true);
  });

  it('makes one sector per SOC 2018 major group, with the standard titles', () => {
    expect(Object.keys(SOC_MAJOR_GROUPS)).toHaveLength(23);
    expect(onet.bundle.sectors).toHaveLength(23);
    expect(onet.bundle.sectors?.find((s) => s.id === 'soc-55')?.name).toBe('Military Specific Occupations');
    for (const o of occupations.values()) expect(o.sectorIds).toEqual([`soc-${o.id.slice(0, 2)}`]);
  });

  it('turns the Primary-Short tier into ADVANCES_TO edges, leaving out (and reporting) steps down', () => {
    const tiers = relatedRows();
    expect(tiers.get('Primary-Short')).toBe(4615);
    const edges = onet.bundle.edges ?? [];
    const stepDown = onet.skipped.find((g) => g.reason.includes('lower job zone'));
    expect(edges.length + (stepDown?.count ?? 0)).toBe(4615);
    expect(edges.length).toBe(3790);
    for (const edge of edges) {
      expect(edge.kind).toBe('ADVANCES_TO');
      expect(occupation(edge.to).jobZone ?? 0).toBeGreaterThanOrEqual(occupation(edge.from).jobZone ?? 0);
    }
    expect(edges).toContainEqual({ kind: 'ADVANCES_TO', from: '29-2061.00', to: '29-1141.00' });
  });

  it('lets the tier be chosen', () => {
    const tiers = relatedRows();
    const count = (advances: 'primary-long' | 'all' | 'none') => {
      const c = convertOnet(files, { advances });
      const down = c.skipped.find((g) => g.reason.includes('lower job zone'))?.count ?? 0;
      return { edges: c.bundle.edges?.length ?? 0, considered: (c.bundle.edges?.length ?? 0) + down };
    };
    expect(count('primary-long').considered).toBe((tiers.get('Primary-Short') ?? 0) + (tiers.get('Primary-Long') ?? 0));
    expect(count('all').considered).toBe(18460);
    expect(count('none').edges).toBe(0);
  });

  it('gives a bundle the validator accepts, and the same bundle every time', async () => {
    const result = await validateBundle(onet.bundle, noExistingIds);
    expect(result.ok).toBe(true);
    expect(convertOnet(readOnetDir(onetDir))).toEqual(convertOnet(readOnetDir(onetDir)));
    expect(onet.bundle.source?.license).toBe(
      'O*NET 29.3 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.',
    );
  });

  it('with clusters: 16 career-cluster sectors, and the 436 stale crosswalk codes reported, not dropped silently', async () => {
    const clusters = convertOnet(files, { clusters: true, advances: 'none' });
    expect(clusters.bundle.sectors).toHaveLength(16);
    expect(clusters.bundle.sectors).toContainEqual({ id: 'cluster-08', name: 'Health Science' });
    const stale = clusters.skipped.find((g) => g.reason.includes('no longer exists'));
    expect(stale?.count).toBe(436);
    expect(stale?.examples.length).toBeGreaterThan(0);
    expect(countSkipped(clusters.skipped)).toBe(436);
    const withCluster = (clusters.bundle.occupations ?? []).filter((o) => o.sectorIds?.length);
    expect(withCluster).toHaveLength(1016 - 344);
    expect(clusters.notes.some((n) => n.startsWith('344 occupations are in no career cluster'))).toBe(true);
    expect((await validateBundle(clusters.bundle, noExistingIds)).ok).toBe(true);
  });

  it('names the file and column when a required column is missing', () => {
    expect(() => convertOnet({ occupationData: 'Code\tTitle\n11-1011.00\tChief Executives\n' })).toThrow(
      new LoaderInputError('Occupation Data.txt: missing columns "O*NET-SOC Code", "Description" (found: Code, Title)'),
    );
  });

  it('reports bad lines instead of dropping them silently', () => {
    const c = convertOnet({
      occupationData:
        'O*NET-SOC Code\tTitle\tDescription\n11-1011.00\tChief Executives\tRun things.\n11-1011\tNo O*NET code\tx\n11-1011.00\tAgain\tx\nbroken line\n',
    });
    expect(c.bundle.occupations).toHaveLength(1);
    expect(c.skipped.map((g) => [g.reason, g.count])).toEqual([
      ['malformed line (wrong number of fields)', 1],
      ['not an O*NET-SOC code (NN-NNNN.NN)', 1],
      ['O*NET-SOC code listed twice (first kept)', 1],
    ]);
  });
});
