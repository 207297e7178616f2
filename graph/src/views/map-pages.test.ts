/**
 * The map's pages made from the positions table against the pages of the whole map built first
 * (`mapPage(buildMap(...))`, the plainly written twin): equal page for page, nodes, edges (in
 * order), totals and cursors, on random graphs with every kind of filter, duplicate references,
 * stacking edges and transitions; and cursors of nodes that have gone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../bench/synthetic.ts';
import type { Bundle, Edge, Transition } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS } from '../model/vocabulary.ts';
import { buildMap, mapPage } from './map.ts';
import { pagedMap } from './map-pages.ts';
import { randomBundle } from './random-bundle.ts';

const RUNS = Number(process.env.MAP_PROPERTY_RUNS ?? 200);

/** A random bundle with some edges listed twice, credentials stacking and program transitions. */
const richBundle = fc
  .tuple(
    randomBundle(),
    fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 4 }),
    fc.array(
      fc.record({ from: fc.nat(12), to: fc.nat(12), year: fc.integer({ min: 2019, max: 2021 }), done: fc.nat(4) }),
      {
        maxLength: 5,
      },
    ),
  )
  .map(([bundle, stacks, moves]): Bundle => {
    const credentials = bundle.credentials ?? [];
    const programs = bundle.programs ?? [];
    const stacking: Edge[] = credentials.length
      ? stacks.map(([a, b]) => ({
          kind: 'STACKS_INTO',
          from: credentials[a % credentials.length]?.id as string,
          to: credentials[b % credentials.length]?.id as string,
        }))
      : [];
    const transitions: Transition[] = programs.length
      ? moves.map((m) => ({
          fromProgramId: programs[m.from % programs.length]?.id as string,
          toProgramId: programs[m.to % programs.length]?.id as string,
          cohortYear: m.year,
          completers: m.done,
          continued: Math.min(m.done, 1),
        }))
      : [];
    // The same requirement twice in a group and an edge listed twice: the map draws each once.
    const doubled = programs.map((p, i) =>
      i % 2 === 0 && p.requires ? { ...p, requires: [[...(p.requires[0] ?? []), ...(p.requires[0] ?? [])]] } : p,
    );
    return { ...bundle, programs: doubled, edges: [...(bundle.edges ?? []), ...stacking, ...stacking], transitions };
  });

const filterOf = (bundle: Bundle) =>
  fc.record(
    {
      regionId: fc.nat(6).map((i) => `r${i % (bundle.regions?.length ?? 1)}`),
      sectorId: fc.nat(3).map((i) => `s${i % (bundle.sectors?.length ?? 1)}`),
      pathwayId: fc.constantFrom(...(bundle.pathways ?? []).map((w) => w.id), 'pw0'),
      kinds: fc.subarray([...ENTITY_LABELS], { minLength: 1 }),
    },
    { requiredKeys: [] },
  );

describe('pagedMap', () => {
  it('answers every page as the whole map built first and paged does, for every filter', () => {
    fc.assert(
      fc.property(
        richBundle.chain((bundle) => fc.tuple(fc.constant(bundle), filterOf(bundle), fc.integer({ min: 1, max: 7 }))),
        ([bundle, filter, first]) => {
          const index = new GraphIndex(bundle);
          let whole: ReturnType<typeof buildMap>;
          try {
            whole = buildMap(index, filter);
          } catch (error) {
            // A filter naming a pathway the bundle lacks: the same error either way.
            expect(() => pagedMap(index, filter, first, null)).toThrow((error as Error).message);
            return;
          }
          let after: string | null = null;
          for (let pages = 0; pages < 1000; pages += 1) {
            const page = pagedMap(index, filter, first, after);
            expect(page).toEqual(mapPage(whole, first, after));
            if (!page.hasNextPage) return;
            after = page.endCursor;
          }
          throw new Error('the pages never ended');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers a small view whole, as the whole map does', () => {
    fc.assert(
      fc.property(richBundle, (bundle) => {
        const index = new GraphIndex(bundle);
        expect(pagedMap(index, {}, null, null)).toEqual(mapPage(buildMap(index, {}), null, null));
      }),
      { numRuns: RUNS / 4 },
    );
  });

  it('starts after a cursor whose node has gone where that node was', () => {
    const { bundle } = syntheticBundle({ nodes: 2000 });
    const before = pagedMap(new GraphIndex(bundle), {}, 10, null);
    const gone = before.nodes[9];
    expect(gone?.kind).toBe('Region');
    // The last region of the first page goes (with the links that name it).
    const regions = (bundle.regions ?? []).filter((r) => r.id !== gone?.id && r.parentId !== gone?.id);
    const index = new GraphIndex({ ...bundle, regions });
    const next = pagedMap(index, {}, 5, before.endCursor);
    const map = buildMap(index, {});
    expect(next).toEqual(mapPage(map, 5, before.endCursor));
    const rank = (n: { kind: string; id: string }) => [ENTITY_LABELS.indexOf(n.kind as never), n.id] as const;
    const after = map.nodes.filter((n) => {
      const [k, id] = rank(n);
      return k > 0 || id > (gone?.id as string);
    });
    expect(next.nodes).toEqual(after.slice(0, 5));
  });

  it('refuses a very large view whole, bad page sizes and cursors, naming the field', () => {
    const { bundle } = syntheticBundle({ nodes: 100_000 });
    const index = new GraphIndex(bundle);
    expect(() => pagedMap(index, {}, null, null)).toThrow(/^first: the view has \d+ nodes/);
    expect(() => pagedMap(index, {}, 0, null)).toThrow(/^first: must be a whole number from 1 to 5000/);
    expect(() => pagedMap(index, {}, 10, 'bm90IGEgY3Vyc29y')).toThrow(/^after: must be a cursor/);
    expect(() => pagedMap(index, { regionId: 'x y' }, 10, null)).toThrow(/^filter\.regionId: must be an id/);
    const map = buildMap(index, { regionId: 'st-1' });
    const first = pagedMap(index, { regionId: 'st-1' }, 500, null);
    expect(first).toEqual(mapPage(map, 500, null));
    expect(pagedMap(index, { regionId: 'st-1' }, 500, first.endCursor)).toEqual(mapPage(map, 500, first.endCursor));
  });
});
