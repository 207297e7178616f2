import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import type { Bundle } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { changedBundle, FragmentValidationError, validateFragment } from './fragment.ts';

const fragment = (rest: Partial<Bundle>): Bundle => ({ format: 'pathway-bundle', version: 1.1, ...rest });

describe('a what-if change as a bundle', () => {
  it('upserts by id and by key, as a load would: replaced in place, new ones appended', () => {
    const base = rioGrandeBundle();
    const lvn = base.programs?.find((p) => p.id === 'p-lvn');
    const out = changedBundle(
      base,
      fragment({
        programs: [{ ...(lvn as NonNullable<typeof lvn>), months: 1 }],
        edges: [
          { kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 4 },
          { kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 5 },
        ],
      }),
      [],
    );
    expect(out.programs?.length).toBe(base.programs?.length);
    expect(out.programs?.find((p) => p.id === 'p-lvn')?.months).toBe(1);
    const articulations = out.edges?.filter((e) => e.kind === 'ARTICULATES_TO' && e.from === 'cna' && e.to === 'p-lvn');
    expect(articulations).toEqual([{ kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 5 }]);
    // The graph's own bundle is not changed, and untouched lists are the same arrays.
    expect(base.programs?.find((p) => p.id === 'p-lvn')?.months).toBe(lvn?.months);
    expect(out.supports).toBe(base.supports);
  });

  it('removes a partner with its programs, its supports, its edges and its pathway roles', () => {
    const base = rioGrandeBundle();
    const out = changedBundle(base, undefined, ['valley-health']);
    expect(out.partners?.some((p) => p.id === 'valley-health')).toBe(false);
    expect(out.programs?.some((p) => p.id === 'p-cna')).toBe(false);
    expect(out.edges?.some((e) => e.from === 'valley-health')).toBe(false);
    for (const pathway of out.pathways ?? []) {
      expect(pathway.partnerRoles?.some((r) => r.partnerId === 'valley-health')).toBe(false);
      expect(pathway.programIds?.includes('p-cna')).toBe(false);
    }
    expect(out.outcomes?.some((o) => o.programId === 'p-cna')).toBe(false);
    expect(out.transitions?.some((t) => t.fromProgramId === 'p-cna' || t.toProgramId === 'p-cna')).toBe(false);
    for (const support of out.supports ?? []) expect(support.programIds ?? []).not.toContain('p-cna');
    const supported = changedBundle(base, undefined, ['wf-cameron']);
    expect(supported.supports?.map((s) => s.id)).toEqual(['sup-advising-tsc', 'sup-childcare-iet']);
  });

  it('drops a removed credential from requirement groups but keeps the group, which no one can then satisfy', () => {
    const base = fragment({
      partners: [{ id: 'pa', name: 'A', kind: 'CommunityCollege' }],
      credentials: [
        { id: 'a', name: 'A', type: 'Certificate' },
        { id: 'b', name: 'B', type: 'Certificate' },
      ],
      programs: [{ id: 'p', name: 'P', providerId: 'pa', awards: ['b'], months: 3, requires: [['a'], ['a', 'b']] }],
      entryPoints: [{ id: 'e', name: 'E', holds: ['a'] }],
    });
    const out = changedBundle(base, undefined, ['a']);
    expect(out.programs?.[0]?.requires).toEqual([[], ['b']]);
    expect(out.entryPoints?.[0]?.holds).toEqual([]);
  });

  it('names every id in removeIds that is nowhere, after the fragment is upserted', () => {
    const base = rioGrandeBundle();
    expect(() => changedBundle(base, undefined, ['p-cna', 'ghost'])).toThrow(/^input\.removeIds\[1\]: "ghost"/);
    const added = fragment({ credentials: [{ id: 'ghost', name: 'G', type: 'Certificate' }] });
    expect(changedBundle(base, added, ['ghost']).credentials?.some((c) => c.id === 'ghost')).toBe(false);
  });

  it('validates the fragment as an import: every error with its path under input.add', async () => {
    const index = new GraphIndex(rioGrandeBundle());
    const refused = await validateFragment(index, {
      programs: [{ id: 'p-x', name: 'X', providerId: 'tsc', awards: ['nothing'], months: 3 }],
      edges: [{ kind: 'QUALIFIES_FOR', from: 'cna', to: 'p-lvn' }],
      sectors: 'not a list',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FragmentValidationError);
    const paths = (refused as FragmentValidationError).details.map((d) => d.path).sort();
    expect(paths).toEqual(['input.add.edges[0].to', 'input.add.programs[0].awards[0]', 'input.add.sectors']);
    // References resolve against the graph and the fragment together.
    await expect(
      validateFragment(index, {
        credentials: [{ id: 'new', name: 'N', type: 'Certificate' }],
        edges: [{ kind: 'QUALIFIES_FOR', from: 'new', to: '29-2061.00' }],
      }),
    ).resolves.toMatchObject({ format: 'pathway-bundle' });
  });
});
