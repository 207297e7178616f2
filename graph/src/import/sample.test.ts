import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGaps } from '../gaps/gap-finder.ts';
import { bundleSchema } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { GAP_KINDS } from '../model/vocabulary.ts';
import { findRoutes } from '../routing/route-search.ts';
import { SAMPLE_BUNDLE } from './sample.ts';
import { noExistingIds, validateBundle } from './validate.ts';

const raw = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));

describe('the sample region npm start loads', () => {
  it('is a valid, self-contained bundle of the size the issue asks for', async () => {
    const result = await validateBundle(raw, noExistingIds);
    expect(result.ok).toBe(true);
    const b = bundleSchema.parse(raw);
    expect(b.sectors?.length).toBeGreaterThanOrEqual(2);
    expect(new Set(b.partners?.map((p) => p.kind)).size).toBeGreaterThanOrEqual(6);
    expect(b.programs?.length).toBeGreaterThanOrEqual(15);
    expect(b.credentials?.length).toBeGreaterThanOrEqual(20);
    expect(b.occupations?.length).toBeGreaterThanOrEqual(15);
    expect(b.occupations?.every((o) => /^\d{2}-\d{4}$/.test(o.soc ?? ''))).toBe(true);
    expect(b.entryPoints?.some((e) => e.populations?.includes('EnglishLearner'))).toBe(true);
    expect(b.entryPoints?.some((e) => e.populations?.includes('OutOfSchoolYouth'))).toBe(true);
    expect(b.pathways?.filter((p) => (p.partnerRoles ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
    expect(b.outcomes?.length).toBeGreaterThan(0);
    // Every figure carries its source and year.
    for (const w of [...(b.occupationWages ?? []), ...(b.wageThresholds ?? [])]) {
      expect(w.source).toBeTruthy();
      expect(w.year).toBeGreaterThan(2000);
    }
  });

  it('exercises every gap kind in the county for household 1A1C', () => {
    const gaps = findGaps(new GraphIndex(bundleSchema.parse(raw)), { regionId: 'tx-hidalgo', household: '1A1C' });
    expect(new Set(gaps.map((g) => g.kind))).toEqual(new Set(GAP_KINDS));
  });

  it('gives the English learner and the youth entry points family-supporting routes', () => {
    const index = new GraphIndex(bundleSchema.parse(raw));
    for (const entryPointId of ['ep-english-learner', 'ep-youth']) {
      const [best] = findRoutes(index, { regionId: 'tx-hidalgo', entryPointId, limit: 1 });
      expect(best?.familySupporting).toBe(true);
      expect(best?.steps.length).toBeGreaterThanOrEqual(2);
    }
  });
});
