/**
 * The Texas graph of `npm run demo:texas`, built in memory from the same converters (O*NET,
 * the ETPL, OEWS national, MIT thresholds with `tx-<FIPS>` counties), answers the navigator's
 * question for Hidalgo County with the list's own programs and costs.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../model/bundle.ts';
import { GraphIndex } from '../../model/graph-index.ts';
import { findRoutes } from '../../routing/route-search.ts';
import { dataFileName, readDataText } from '../data-file.ts';
import { combineBundles } from '../graph-merge.ts';
import { convertLivingWage } from '../living-wage.ts';
import { countyNamesCsv, livingWageCsv } from '../real-data.ts';
import { programNodeId } from './etpl-bundle.ts';
import { etplCsvGz } from './etpl-files.ts';
import { parseEtpl } from './etpl-parser.ts';
import { texasSteps } from './texas-steps.ts';

const bundles: Bundle[] = [];
for (const step of texasSteps()) bundles.push((await step.convert()).bundle);
const mit = bundles[3] as Bundle;
// Combined in the demo's order: the ETPL's counties, under their workforce areas, come first.
const index = new GraphIndex(bundles.reduce((a, b) => combineBundles(a, b)));
const rows = new Map(parseEtpl(readDataText(etplCsvGz), 'etpl').rows.map((r) => [programNodeId(r.programId), r]));

describe("the living-wage loader's countyIds: 'fips' option", () => {
  it('names every Texas county tx-<FIPS>, with the same thresholds as the default ids', () => {
    const byName = convertLivingWage(readDataText(livingWageCsv), {
      fileName: dataFileName(livingWageCsv),
      names: readDataText(countyNamesCsv),
      state: '48',
    });
    const counties = (mit.regions ?? []).filter((r) => r.kind === 'county');
    expect(counties).toHaveLength(254);
    expect(counties.every((r) => r.id === `tx-${r.fips?.[0]}`)).toBe(true);
    const strip = (regionId: string, b: Bundle) =>
      (b.wageThresholds ?? []).filter((t) => t.regionId === regionId).map(({ regionId: _, ...t }) => t);
    expect(strip('tx-48215', mit)).toEqual(strip('tx-hidalgo', byName.bundle));
    expect(strip('tx-48215', mit)).toHaveLength(12);
  });
});

describe('routes in Hidalgo County (tx-48215) for a high-school graduate', () => {
  const input = { regionId: 'tx-48215', entryPointId: 'tx-wda-23-ep-hs-graduate', limit: 5 } as const;

  it('has the MIT threshold of the county and OEWS wages up the chain', () => {
    expect(index.chain('tx-48215')).toEqual(['tx-48215', 'tx-wda-23', 'tx', 'us']);
    const threshold = index.thresholdIn('tx-48215', '1A1C');
    expect(threshold?.regionId).toBe('tx-48215');
    expect(threshold?.standard).toBe('MIT Living Wage');
  });

  for (const objective of ['TIME', 'COST'] as const) {
    it(`returns real ETPL programs with their listed costs (${objective})`, () => {
      const routes = findRoutes(index, { ...input, objective });
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        expect(route.familySupporting).toBe(true);
        for (const step of route.steps) {
          const row = rows.get(step.programId);
          expect(row, step.programId).toBeDefined();
          // No credit edges in the ETPL: a step costs what TWC lists (tuition and fees + books).
          expect(step.cost).toBeCloseTo((row?.tuition ?? 0) + (row?.books ?? 0), 2);
          const program = index.programs.get(step.programId);
          expect(program?.regionIds?.some((r) => r === 'tx-48215' || r === 'tx')).toBe(true);
          // A high-school graduate meets every requirement the list can express for these steps.
          expect([
            'None',
            'High School Diploma or Equivalent',
            'Courses',
            'Combination of Education and Course(s)',
            'INVALID CODE',
          ]).toContain(row?.prerequisiteRaw);
        }
      }
    });
  }

  it('finds Hidalgo campuses when the participant needs in-person training', () => {
    const routes = findRoutes(index, { ...input, modality: 'in-person' });
    expect(routes.length).toBeGreaterThan(0);
    for (const step of routes.flatMap((r) => r.steps)) {
      expect(rows.get(step.programId)?.campusCounty).toBe('Hidalgo');
      expect(rows.get(step.programId)?.deliveryRaw).toBe('In-person');
    }
  });

  it('gives no route through a program that needs a degree', () => {
    const needsDegree = [...index.programs.values()].filter((p) =>
      (p.requires ?? []).some((g) => g.includes('bachelor-degree-any')),
    );
    expect(needsDegree.length).toBeGreaterThan(0);
    const routes = findRoutes(index, { ...input, objective: 'COST', limit: 10 });
    const used = new Set(routes.flatMap((r) => r.programIds));
    for (const p of needsDegree) expect(used.has(p.id)).toBe(false);
  });
});
