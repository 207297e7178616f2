/**
 * The analyst view's paged gap queries: valid against the service's committed schema, and a
 * page's `next` cursor only when the page is full (the service answers fewer at the end).
 */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchFirstGaps, fetchMoreGaps, GAP_PAGE } from './queries.ts';

const schema = buildSchema(readFileSync(new URL('../../../services/api/schema.graphql', import.meta.url), 'utf8'));

const gap = (i: number) => ({
  kind: 'ORPHAN',
  severity: i % 2 ? 'low' : 'medium',
  subjectId: `c${i}`,
  subjectKind: 'Credential',
  message: `gap ${i}`,
  relatedIds: [],
  cursor: `cursor-${i}`,
});

/** Answers every POST with `data`, keeping what was asked. */
function serve(data: unknown) {
  const asked: { query: string; variables: Record<string, unknown> }[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    asked.push(JSON.parse(init.body));
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('paged gap queries', () => {
  it('ask the schema for a page and the counts, and give the next cursor of a full page', async () => {
    const full = Array.from({ length: GAP_PAGE }, (_, i) => gap(i));
    const asked = serve({
      gaps: full,
      gapSummary: {
        total: 1200,
        byKind: [
          { high: 1, medium: 2, low: 3 },
          { high: 10, medium: 20, low: 30 },
        ],
      },
    });
    const { page, counts } = await fetchFirstGaps({ regionId: 'r1' });
    expect(counts).toEqual({ total: 1200, bySeverity: { high: 11, medium: 22, low: 33 } });
    expect(page.gaps).toHaveLength(GAP_PAGE);
    expect(page.gaps[0]).not.toHaveProperty('cursor');
    expect(page.next).toBe(`cursor-${GAP_PAGE - 1}`);
    expect(asked[0]?.variables).toEqual({ filter: { regionId: 'r1' }, first: GAP_PAGE });
    expect(validate(schema, parse(asked[0]?.query as string))).toEqual([]);

    const moreAsked = serve({ gaps: [gap(0), gap(1)] });
    const more = await fetchMoreGaps({ regionId: 'r1' }, 'cursor-9');
    expect(more.next).toBeNull();
    expect(more.gaps.map((g) => g.subjectId)).toEqual(['c0', 'c1']);
    expect(moreAsked[0]?.variables).toEqual({ filter: { regionId: 'r1' }, first: GAP_PAGE, after: 'cursor-9' });
    expect(validate(schema, parse(moreAsked[0]?.query as string))).toEqual([]);
  });
});
