/**
 * The gaps extensions over GraphQL, on an in-memory snapshot (no Neo4j): pages of `gaps(first,
 * after)` put end to end are the whole answer, `gapSummary` counts it, `regionIds(first)` and
 * `regionCount` bound and count a gap's regions, bad arguments are refused naming them, and a
 * page words only its own gaps.
 */
import { WorkLimitError } from '@pathway/graph/errors';
import { findGaps, gapFieldKnown } from '@pathway/graph/gaps/gap-finder';
import { randomBundle } from '@pathway/graph/gaps/gap-fixtures';
import { GraphIndex } from '@pathway/graph/model/graph-index';
import type { Snapshot } from '@pathway/graph/snapshot/snapshot';
import { kingCountyBundle } from '@pathway/graph/test/fixtures';
import fc from 'fast-check';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { describe, expect, it } from 'vitest';
import { formatErrors } from '../../plugins/app/graphql.ts';
import { resolvers } from '../resolvers.ts';
import { typeDefs } from '../schema.ts';
import { gapCursor, gapPage, gapPageRequest, gapSummary } from './gap-pages.ts';
import { gapAnswerOf } from './gaps.resolvers.ts';

async function serve(index: GraphIndex) {
  const snapshot: Snapshot = { version: 1, index, builtAt: 0, buildMs: 0 };
  const app = Fastify({ logger: false });
  await app.register(mercurius, {
    schema: typeDefs,
    resolvers,
    context: () => ({ snapshot: async () => snapshot }),
    // The service's formatter, which gives a BadInputError its BAD_USER_INPUT code.
    errorFormatter: formatErrors,
  });
  const ask = async (query: string) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query } });
    return response.json() as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
  };
  return { app, ask };
}

type GapRow = { kind: string; subjectId: string; subjectKind: string; message: string; regionIds: string[] };

describe('gaps paged and counted', () => {
  it('gives the whole answer page by page, and counts it', async () => {
    const index = new GraphIndex(kingCountyBundle());
    const whole = findGaps(index, { household: '1A1C' });
    expect(whole.length).toBeGreaterThan(3);
    const { app, ask } = await serve(index);
    const fields = 'kind subjectId subjectKind message regionIds cursor';
    const all = await ask(`{ gaps(filter: { household: "1A1C" }) { ${fields} } }`);
    expect(all.errors).toBeUndefined();
    const rows = all.data?.gaps as (GapRow & { cursor: string })[];
    expect(rows.map((g) => g.message)).toEqual(whole.map((g) => g.message));

    const paged: (GapRow & { cursor: string })[] = [];
    let after = '';
    for (;;) {
      const page = await ask(`{ gaps(filter: { household: "1A1C" }, first: 3${after}) { ${fields} } }`);
      expect(page.errors).toBeUndefined();
      const list = page.data?.gaps as (GapRow & { cursor: string })[];
      expect(list.length).toBeLessThanOrEqual(3);
      if (list.length === 0) break;
      paged.push(...list);
      after = `, after: "${(list[list.length - 1] as { cursor: string }).cursor}"`;
    }
    expect(paged).toEqual(rows);

    const summary = await ask(
      '{ gapSummary(filter: { household: "1A1C" }) { total byKind { kind count high medium low } } }',
    );
    const counted = summary.data?.gapSummary as {
      total: number;
      byKind: { kind: string; count: number; high: number; medium: number; low: number }[];
    };
    expect(counted.total).toBe(whole.length);
    const kinds = [...new Set(whole.map((g) => g.kind))];
    expect(counted.byKind.map((k) => k.kind)).toEqual(kinds);
    for (const row of counted.byKind) {
      const ofKind = whole.filter((g) => g.kind === row.kind);
      expect(row.count).toBe(ofKind.length);
      expect([row.high, row.medium, row.low]).toEqual(
        ['high', 'medium', 'low'].map((s) => ofKind.filter((g) => g.severity === s).length),
      );
    }
    await app.close();
  });

  it('bounds and counts a gap’s regions, and words only the gaps of the page', async () => {
    const index = new GraphIndex(kingCountyBundle());
    const { app, ask } = await serve(index);
    const page = await ask('{ gaps(first: 4) { subjectId message regionIds regionCount first: regionIds(first: 1) } }');
    expect(page.errors).toBeUndefined();
    const whole = findGaps(index, {});
    const rows = page.data?.gaps as { regionIds: string[]; regionCount: number; first: string[] }[];
    expect(rows).toHaveLength(4);
    rows.forEach((row, k) => {
      expect(row.regionIds).toEqual(whole[k]?.regionIds);
      expect(row.regionCount).toBe(row.regionIds.length);
      expect(row.first).toEqual(row.regionIds.slice(0, 1));
    });
    expect(rows.some((row) => row.regionCount > 1)).toBe(true);
    // The kept answer: the page's gaps are worded, the others not yet.
    const kept = gapAnswerOf(index, {});
    const worded = kept.map((gap) => gapFieldKnown(gap, 'message'));
    expect(worded.slice(0, 4)).toEqual([true, true, true, true]);
    expect(worded.slice(4).every((w) => !w)).toBe(true);
    // A count and a first region read no message and list no region.
    await ask('{ gaps { regionCount regionIds(first: 1) } }');
    expect(kept.slice(4).every((gap) => Object.getOwnPropertyDescriptor(gap, 'regionIds')?.get !== undefined)).toBe(
      true,
    );
    expect(kept.slice(4).every((gap) => Object.getOwnPropertyDescriptor(gap, 'message')?.get !== undefined)).toBe(true);
    await app.close();
  });

  it('refuses bad paging arguments, naming them', async () => {
    const { app, ask } = await serve(new GraphIndex(kingCountyBundle()));
    const cases: [string, string][] = [
      ['{ gaps(first: 0) { kind } }', 'first: must be from 1 to 1000'],
      ['{ gaps(first: 1001) { kind } }', 'first: must be from 1 to 1000'],
      ['{ gaps(after: "nope") { kind } }', 'after: is not a gap cursor'],
      [`{ gaps(after: "${Buffer.from('[1,2,3]').toString('base64url')}") { kind } }`, 'after: is not a gap cursor'],
      ['{ gaps { regionIds(first: -1) } }', 'regionIds.first: must be from 1 to 1000'],
    ];
    for (const [query, message] of cases) {
      const body = await ask(query);
      expect(body.errors?.[0]?.message, query).toContain(message);
      expect(body.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    await app.close();
  });

  it('pages put end to end are the answer, on random graphs and page sizes; a cursor outlives its gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 7 }), (seed, size) => {
        const gaps = findGaps(new GraphIndex(randomBundle(seed)), {});
        const pages: typeof gaps = [];
        let after: string | undefined;
        for (;;) {
          const page = gapPage(gaps, gapPageRequest(size, after));
          if (page.length === 0) break;
          pages.push(...page);
          after = gapCursor(page[page.length - 1] as (typeof gaps)[number]);
        }
        expect(pages.map(gapCursor)).toEqual(gaps.map(gapCursor));
        // Without the gap a cursor names (the graph changed between pages), the page starts after its place.
        gaps.forEach((gap, k) => {
          const without = gaps.filter((other) => other !== gap);
          expect(gapPage(without, gapPageRequest(1, gapCursor(gap)))[0]).toBe(gaps[k + 1]);
        });
        const summary = gapSummary(gaps);
        expect(summary.total).toBe(gaps.length);
        expect(summary.byKind.reduce((n, row) => n + row.count, 0)).toBe(gaps.length);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a filter over the budget again on the same snapshot without redoing it, and afresh on the next', () => {
    const budget = { maxRegionClasses: 0 };
    const index = new GraphIndex(kingCountyBundle());
    const thrownBy = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const first = thrownBy(() => gapAnswerOf(index, {}, budget));
    expect(first).toBeInstanceOf(WorkLimitError);
    expect((first as WorkLimitError).limit).toBe('gaps.maxRegionClasses');
    // The very same refusal: nothing was evaluated the second time.
    expect(() => gapAnswerOf(index, {}, budget)).toThrow(first as Error);
    expect(thrownBy(() => gapAnswerOf(index, {}, budget))).toBe(first);
    // Under the engine's own budget the same filter is answered; the next snapshot evaluates anew.
    expect(gapAnswerOf(index, {})).toEqual(findGaps(index, {}));
    const next = thrownBy(() => gapAnswerOf(new GraphIndex(kingCountyBundle()), {}, budget));
    expect(next).toBeInstanceOf(WorkLimitError);
    expect(next).not.toBe(first);
  });
});
