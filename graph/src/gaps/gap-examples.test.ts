import { describe, expect, it } from 'vitest';
import { findGaps } from './gap-finder.ts';
import { kingCounty, readExample } from './gap-fixtures.ts';
import type { GapFilterInput } from './gap-input.ts';

interface GapCase {
  filter: GapFilterInput;
  expected: { kind: string; subjectId: string }[];
}

const expected = readExample('king-county.expected.json') as { bundle: string; gaps: GapCase[] };

describe('the worked example (graph/test/examples/king-county)', () => {
  const index = kingCounty();

  it('has gap cases to check', () => {
    expect(expected.bundle).toBe('king-county.bundle.json');
    expect(expected.gaps.length).toBeGreaterThan(0);
  });

  it.each(expected.gaps.map((c) => [JSON.stringify(c.filter), c] as const))('gaps(%s)', (_, gapCase) => {
    const gaps = findGaps(index, gapCase.filter);
    const got = gaps.map((g) => `${g.kind}:${g.subjectId}`);
    const want = gapCase.expected.map((g) => `${g.kind}:${g.subjectId}`);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...want].sort());
  });

  it('explains each gap with names, evidence and the region', () => {
    const gaps = findGaps(index, { regionId: 'wa-king' });
    const deadEnd = gaps.find((g) => g.kind === 'DEAD_END_CREDENTIAL' && g.subjectId === 'elec-pre');
    expect(deadEnd).toMatchObject({ subjectKind: 'Credential', regionIds: ['wa-king'] });
    expect(deadEnd?.message).toMatch(
      /^Electrical Pre-Apprenticeship Certificate \(elec-pre\) leads to no family-supporting occupation in King County, WA \(1A1C threshold \$79,664\)/,
    );
    expect(deadEnd?.relatedIds).toEqual(['47-3013.00', 'app-elec']);

    const loss = gaps.find((g) => g.kind === 'CREDIT_LOSS');
    expect(loss).toMatchObject({ subjectId: 'univ-bas-it', subjectKind: 'Program', severity: 'high' });
    expect(loss?.relatedIds).toEqual(['aas-net', 'cc-aas-net']);
    expect(loss?.message).toContain('AAS Network Administration (aas-net)');

    const unsupported = gaps.find((g) => g.kind === 'UNSUPPORTED_PROGRAM');
    expect(unsupported?.relatedIds).toEqual(['ibew-jatc', 'king-transit']);
    expect(unsupported?.message).toContain('Inside wireman apprenticeship (app-elec)');

    const sector = gaps.find((g) => g.kind === 'SECTOR_WITHOUT_EMPLOYER');
    expect(sector).toMatchObject({ subjectId: 'construction', subjectKind: 'Sector', regionIds: [] });
  });
});
