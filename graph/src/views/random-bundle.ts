/**
 * Random small bundles for the views' property tests (search, overview, map pages): a region
 * tree, sectors, occupations, partners, credentials and programs with regions, requirements and
 * awards, entry points, supports and pathways, named from a tiny vocabulary so that names,
 * prefixes and accents collide often. Test support only: imported by *.test.ts files.
 */
import fc from 'fast-check';
import type { Bundle, Edge } from '../model/bundle.ts';

const WORDS = [
  'nurse',
  'nursing',
  'Enfermería',
  'enfermera',
  'weld',
  'welder',
  'care',
  'cna',
  'data',
  'día',
  'a',
  'b2',
];

const name = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-', ' (', ', '))
  .map(([ws, separator]) => ws.join(separator));

export interface RandomBundleOptions {
  maxPrograms?: number;
}

export const randomBundle = ({ maxPrograms = 12 }: RandomBundleOptions = {}): fc.Arbitrary<Bundle> =>
  fc
    .record({
      regionParents: fc.array(fc.nat(20), { minLength: 1, maxLength: 7 }),
      sectors: fc.array(name, { minLength: 1, maxLength: 3 }),
      occupations: fc.array(fc.record({ title: name, sector: fc.nat(5), soc: fc.nat(99) }), { maxLength: 6 }),
      partners: fc.array(fc.record({ name, region: fc.option(fc.nat(9)) }), { minLength: 1, maxLength: 4 }),
      credentials: fc.array(name, { minLength: 1, maxLength: 8 }),
      programs: fc.array(
        fc.record({
          name,
          provider: fc.nat(9),
          awards: fc.array(fc.nat(9), { minLength: 1, maxLength: 2 }),
          requires: fc.array(fc.nat(9), { maxLength: 2 }),
          regions: fc.array(fc.nat(9), { maxLength: 2 }),
        }),
        { maxLength: maxPrograms },
      ),
      qualifies: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 8 }),
      entryPoints: fc.array(
        fc.record({
          name,
          holds: fc.array(fc.nat(9), { maxLength: 2 }),
          regions: fc.array(fc.nat(9), { maxLength: 1 }),
        }),
        { maxLength: 3 },
      ),
      supports: fc.array(fc.record({ name, program: fc.option(fc.nat(20)), region: fc.option(fc.nat(9)) }), {
        maxLength: 3,
      }),
      pathways: fc.array(fc.record({ name, sector: fc.nat(5), programs: fc.array(fc.nat(20), { maxLength: 3 }) }), {
        maxLength: 3,
      }),
    })
    .map((r) => {
      const pick = <T>(list: T[], i: number) => list[i % list.length] as T;
      // Region i's parent is an earlier region, so the tree has no cycles; region 0 is the root.
      const regions = r.regionParents.map((p, i) => ({
        id: `r${i}`,
        name: `Region ${i}`,
        kind: 'county' as const,
        ...(i > 0 ? { parentId: `r${p % i}` } : {}),
      }));
      const regionId = (i: number) => pick(regions, i).id;
      const sectors = r.sectors.map((n, i) => ({ id: `s${i}`, name: n }));
      const occupations = r.occupations.map((o, i) => ({
        id: `${10 + i}-${1000 + o.soc}.00`,
        soc: `${10 + i}-${1000 + o.soc}`,
        title: o.title,
        sectorIds: [pick(sectors, o.sector).id],
      }));
      const partners = r.partners.map((p, i) => ({
        id: `pa${i}`,
        name: p.name,
        kind: 'CommunityCollege' as const,
        ...(p.region === null ? {} : { regionIds: [regionId(p.region)] }),
      }));
      const credentials = r.credentials.map((n, i) => ({ id: `c${i}`, name: n, type: 'Certificate' as const }));
      const credentialId = (i: number) => pick(credentials, i).id;
      const programs = r.programs.map((p, i) => ({
        id: `p${i}`,
        name: p.name,
        providerId: pick(partners, p.provider).id,
        awards: [...new Set(p.awards.map(credentialId))],
        ...(p.requires.length ? { requires: [p.requires.map(credentialId)] } : {}),
        months: 6,
        cost: 100,
        regionIds: [...new Set(p.regions.map(regionId))],
      }));
      const edges: Edge[] = occupations.length
        ? r.qualifies.map(([c, o]) => ({ kind: 'QUALIFIES_FOR', from: credentialId(c), to: pick(occupations, o).id }))
        : [];
      const uniqueEdges = [...new Map(edges.map((e) => [`${e.from}>${e.to}`, e])).values()];
      return {
        format: 'pathway-bundle',
        version: 1.1,
        source: { name: 'random', license: 'CC0-1.0' },
        regions,
        sectors,
        occupations,
        partners,
        credentials,
        programs,
        entryPoints: r.entryPoints.map((e, i) => ({
          id: `ep${i}`,
          name: e.name,
          holds: [...new Set(e.holds.map(credentialId))],
          regionIds: e.regions.map(regionId),
        })),
        supports: r.supports.map((s, i) => ({
          id: `su${i}`,
          name: s.name,
          kind: 'Childcare' as const,
          ...(s.program !== null && programs.length ? { programIds: [pick(programs, s.program).id] } : {}),
          ...(s.region === null ? {} : { regionIds: [regionId(s.region)] }),
        })),
        pathways: r.pathways.map((w, i) => ({
          id: `pw${i}`,
          name: w.name,
          sectorId: pick(sectors, w.sector).id,
          programIds: programs.length ? [...new Set(w.programs.map((p) => pick(programs, p).id))] : [],
        })),
        edges: uniqueEdges,
      } as Bundle;
    });
