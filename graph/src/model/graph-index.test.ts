/**
 * The reverse indexes of GraphIndex against the scans they replace (their slow, obviously
 * right twins): same children, same order, each once — on both worked examples and on a
 * bundle that lists a parent twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kingCountyBundle, rioGrandeBundle } from '../../test/fixtures.ts';
import { pathwayQuality } from '../views/quality.ts';
import type { Bundle } from './bundle.ts';
import { GraphIndex } from './graph-index.ts';

function scans(index: GraphIndex) {
  const ids = <T extends { id: string }>(items: T[]) => items.map((i) => i.id);
  const occupations = [...index.occupations.values()];
  const pathways = [...index.pathways.values()];
  const programs = [...index.programs.values()];
  const credentials = [...index.credentials.values()];
  return {
    occupationsBySector: (id: string) => ids(occupations.filter((o) => (o.sectorIds ?? []).includes(id))),
    pathwaysBySector: (id: string) => ids(pathways.filter((w) => w.sectorId === id)),
    programsByProvider: (id: string) => ids(programs.filter((p) => p.providerId === id)),
    credentialsByIssuer: (id: string) => ids(credentials.filter((c) => c.issuerId === id)),
    pathwaysByProgram: (id: string) => ids(pathways.filter((w) => (w.programIds ?? []).includes(id))),
  };
}

function expectIndexesMatchScans(bundle: Bundle): number {
  const index = new GraphIndex(bundle);
  const slow = scans(index);
  const parents = {
    occupationsBySector: [...index.sectors.keys()],
    pathwaysBySector: [...index.sectors.keys()],
    programsByProvider: [...index.partners.keys()],
    credentialsByIssuer: [...index.partners.keys()],
    pathwaysByProgram: [...index.programs.keys()],
  } as const;
  let nonEmpty = 0;
  for (const [name, keys] of Object.entries(parents) as [keyof typeof parents, readonly string[]][]) {
    for (const key of keys) {
      const fast = (index[name].get(key) ?? []).map((x: { id: string }) => x.id);
      expect(fast, `${name}(${key})`).toEqual(slow[name](key));
      if (fast.length > 0) nonEmpty += 1;
    }
  }
  return nonEmpty;
}

describe('GraphIndex reverse indexes', () => {
  it.each([
    ['King County', kingCountyBundle],
    ['Rio Grande', rioGrandeBundle],
  ])('match the scans they replace on %s', (_name, bundle) => {
    expect(expectIndexesMatchScans(bundle())).toBeGreaterThan(5);
  });

  it('lists a child once even when it names its parent twice', () => {
    const bundle = {
      format: 'pathway-bundle',
      version: 1,
      sectors: [{ id: 's', name: 'S' }],
      occupations: [{ id: 'o', title: 'O', sectorIds: ['s', 's'] }],
      partners: [{ id: 'p', name: 'P', kind: 'College' }],
      credentials: [{ id: 'c', name: 'C', type: 'Certificate' }],
      programs: [{ id: 'x', name: 'X', providerId: 'p', awards: ['c'], months: 1 }],
      pathways: [{ id: 'w', name: 'W', sectorId: 's', programIds: ['x', 'x'] }],
    } as unknown as Bundle;
    const index = new GraphIndex(bundle);
    expect(index.occupationsBySector.get('s')?.map((o) => o.id)).toEqual(['o']);
    expect(index.pathwaysByProgram.get('x')?.map((w) => w.id)).toEqual(['w']);
    expectIndexesMatchScans(bundle);
  });

  it('requireRegion returns the region or names the argument', () => {
    const index = new GraphIndex(kingCountyBundle());
    const [first] = index.regions.keys();
    expect(index.requireRegion(first as string, 'regionId').id).toBe(first);
    expect(() => index.requireRegion('atlantis', 'input.regionId')).toThrow('input.regionId: no region "atlantis"');
  });
});

describe('GraphIndex reverse indexes on random graphs', () => {
  const ids = (items: { id: string }[]) => items.map((i) => i.id);
  const pick = (n: number) => fc.uniqueArray(fc.nat(n - 1), { maxLength: 3 });
  const graphArb = fc.record({
    // Region i's parent is an earlier region (or none): a forest, as imports require.
    parents: fc.array(fc.option(fc.nat(20)), { minLength: 1, maxLength: 8 }),
    programs: fc.array(
      fc.record({ regions: pick(8), awards: pick(5), requires: fc.array(pick(5), { maxLength: 2 }) }),
      {
        maxLength: 10,
      },
    ),
    entryPoints: fc.array(fc.record({ enters: pick(10), holds: pick(5) }), { maxLength: 6 }),
    pathways: fc.array(
      fc.record({
        programs: pick(10),
        roles: fc.array(fc.record({ partner: fc.nat(2), role: fc.constantFrom('Lead', 'Employer', 'Funder') }), {
          maxLength: 3,
        }),
      }),
      { maxLength: 4 },
    ),
  });

  type Graph = typeof graphArb extends fc.Arbitrary<infer G> ? G : never;

  function toBundle(g: Graph): Bundle {
    const regionCount = g.parents.length;
    const programCount = g.programs.length;
    return {
      format: 'pathway-bundle',
      version: 1,
      regions: g.parents.map((parent, i) => ({
        id: `r${i}`,
        name: `R${i}`,
        ...(parent !== null && i > 0 ? { parentId: `r${parent % i}` } : {}),
      })),
      partners: [0, 1, 2].map((i) => ({ id: `p${i}`, name: `P${i}`, kind: 'CommunityCollege' })),
      credentials: [0, 1, 2, 3, 4].map((i) => ({ id: `c${i}`, name: `C${i}`, type: 'Certificate' })),
      programs: g.programs.map((p, i) => ({
        id: `x${i}`,
        name: `X${i}`,
        providerId: `p${i % 3}`,
        awards: p.awards.map((c) => `c${c}`),
        months: 1,
        requires: p.requires.map((group) => group.map((c) => `c${c}`)),
        regionIds: p.regions.filter((r) => r < regionCount).map((r) => `r${r}`),
      })),
      entryPoints: g.entryPoints.map((e, i) => ({
        id: `e${i}`,
        name: `E${i}`,
        enters: e.enters.filter((x) => x < programCount).map((x) => `x${x}`),
        holds: e.holds.map((c) => `c${c}`),
      })),
      pathways: g.pathways.map((w, i) => ({
        id: `w${i}`,
        name: `W${i}`,
        programIds: w.programs.filter((x) => x < programCount).map((x) => `x${x}`),
        partnerRoles: w.roles.map((r) => ({ partnerId: `p${r.partner}`, role: r.role })),
      })),
    } as Bundle;
  }

  it('give what a scan of every entity gives: same members, same order', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const index = new GraphIndex(toBundle(g));
        const programs = [...index.programs.values()];
        const entryPoints = [...index.entryPoints.values()];
        for (const regionId of index.regions.keys()) {
          const related = index.relatedRegions(regionId);
          expect(ids(index.programsAvailableIn(regionId))).toEqual(
            ids(programs.filter((p) => index.isAvailable(p, related))),
          );
        }
        for (const id of index.programs.keys()) {
          expect(ids(index.entryPointsByProgram.get(id) ?? [])).toEqual(
            ids(entryPoints.filter((e) => (e.enters ?? []).includes(id))),
          );
        }
        for (const id of index.credentials.keys()) {
          expect(ids(index.entryPointsByHeld.get(id) ?? [])).toEqual(
            ids(entryPoints.filter((e) => (e.holds ?? []).includes(id))),
          );
        }
        expect(ids(index.rootRegions)).toEqual(ids([...index.regions.values()].filter((r) => !r.parentId)));
        for (const id of index.partners.keys()) {
          const scan = [...index.pathways.values()].flatMap((w) =>
            (w.partnerRoles ?? []).filter((r) => r.partnerId === id).map((r) => `${w.id}:${r.role}`),
          );
          expect((index.rolesByPartner.get(id) ?? []).map((r) => `${r.pathway.id}:${r.role}`)).toEqual(scan);
        }
        // The pathway quality's entry points, gathered from the indexes, against the scan they replace.
        for (const pathway of index.pathways.values()) {
          const members = (pathway.programIds ?? []).map((id) => index.programs.get(id)).filter((p) => p !== undefined);
          const memberIds = new Set(members.map((p) => p.id));
          const scan = entryPoints
            .filter((e) => {
              if ((e.enters ?? []).some((p) => memberIds.has(p))) return true;
              const holds = new Set(e.holds ?? []);
              return members.some(
                (p) =>
                  (p.requires ?? []).length > 0 && (p.requires ?? []).every((grp) => grp.some((c) => holds.has(c))),
              );
            })
            .map((e) => e.id)
            .sort();
          expect(pathwayQuality(index, pathway.id)?.entryPointIds).toEqual(scan);
        }
      }),
      { numRuns: 300 },
    );
  });
});
