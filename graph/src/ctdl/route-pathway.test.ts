import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import { BadInputError, NotFoundError } from '../errors.ts';
import { type ExistingIds, validateBundle } from '../import/validate.ts';
import { type Bundle, bundleSchema, ENTITY_KEYS } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findRoutesWithContext } from '../routing/route-answer.ts';
import type { RouteInput } from '../routing/route-input.ts';
import { ctdlToBundle, isCtdlDocument } from './ctdl-import.ts';
import { nameUuid, routePathwayDocument } from './route-pathway.ts';

type Node = Record<string, unknown>;
interface Document {
  '@context': string;
  '@graph': Node[];
}

const bundle = bundleSchema.parse(rioGrandeBundle());
const index = new GraphIndex(bundle);

/** rio-grande's route case with a work step: nurse aide → LVN → RN, then five years up to manager. */
const LADDER: RouteInput = {
  regionId: 'tx-cameron',
  household: '2A2W2C',
  entryPointId: 'ep-hs-grad',
  target: { occupationId: '11-9111.00' },
  advancement: true,
  limit: 2,
};
/** rio-grande's case that holds a registered nurse license already: one route, no steps. */
const HOLDS_RN: RouteInput = { regionId: 'tx-cameron', heldCredentialIds: ['rn'], objective: 'INCOME', limit: 2 };

const doc = (input: RouteInput, rank?: number) => routePathwayDocument(index, input, rank) as Document;
const nodeById = (d: Document) => new Map(d['@graph'].map((n) => [n['@id'] as string, n]));
const name = (n: Node | undefined) => (n?.['ceterms:name'] as Record<string, string> | undefined)?.['en-US'];
const refs = (n: Node | undefined, term: string) => (n?.[term] as string[] | undefined) ?? [];

/** The ids of a bundle, as the graph it was loaded into would report them. */
function existingIn(graph: Bundle): ExistingIds {
  return async (label, ids) => {
    const key = Object.entries(ENTITY_KEYS).find(([, l]) => l === label)?.[0] as keyof typeof ENTITY_KEYS;
    const have = new Set(((graph[key] ?? []) as { id: string }[]).map((e) => e.id));
    return new Set(ids.filter((id) => have.has(id)));
  };
}

describe('routePathwayDocument (CONTRACT.md section 8)', () => {
  it('writes one Pathway with a component per step and the destination, chained by ceterms:precedes', () => {
    const d = doc(LADDER);
    expect(d['@context']).toBe('https://credreg.net/ctdl/schema/context/json');
    expect(isCtdlDocument(d)).toBe(true);
    const pathways = d['@graph'].filter((n) => n['@type'] === 'ceterms:Pathway');
    expect(pathways).toHaveLength(1);
    const pathway = pathways[0] as Node;
    const byId = nodeById(d);
    const children = refs(pathway, 'ceterms:hasChild').map((id) => byId.get(id) as Node);
    // Every component is listed, in route order: three programs' credentials, the work step, the job.
    expect(children.map((c) => c['@type'])).toEqual([
      'ceterms:CredentialComponent',
      'ceterms:CredentialComponent',
      'ceterms:CredentialComponent',
      'ceterms:WorkExperienceComponent',
      'ceterms:JobComponent',
    ]);
    expect(d['@graph']).toHaveLength(1 + children.length);
    // awards[0] of p-cna, p-lvn and p-lvn-rn, with their CTDL classes.
    expect(children.slice(0, 3).map((c) => [name(c), c['ceterms:credentialType']])).toEqual([
      ['Texas nurse aide certification', 'ceterms:License'],
      ['Licensed vocational nurse license', 'ceterms:License'],
      ['Associate degree in nursing', 'ceterms:AssociateDegree'],
    ]);
    // The work step is named after the occupation moved to; the destination carries its O*NET-SOC code.
    expect(name(children[3])).toBe('Medical and Health Services Managers');
    const job = children[4] as Node;
    expect(name(job)).toBe('Medical and Health Services Managers');
    expect(job['ceterms:occupationType']).toEqual([expect.objectContaining({ 'ceterms:codedNotation': '11-9111.00' })]);
    expect(refs(pathway, 'ceterms:hasDestinationComponent')).toEqual([job['@id']]);
    // Each step precedes the next; the last step precedes the destination, which precedes nothing.
    for (let i = 0; i < 4; i++) {
      expect(refs(children[i], 'ceterms:precedes')).toEqual([(children[i + 1] as Node)['@id']]);
    }
    expect(job['ceterms:precedes']).toBeUndefined();
    for (const c of children) expect(refs(c, 'ceterms:isPartOf')).toEqual([pathway['@id']]);
    // No credential in the example has a CTID, so no component stands in for a Registry resource.
    expect(children.some((c) => c['ceterms:proxyFor'] !== undefined)).toBe(false);
  });

  it('points a credential component at its CTID IRI when the credential has one', () => {
    const withCtid = structuredClone(bundle);
    const cna = withCtid.credentials?.find((c) => c.id === 'cna');
    if (cna) cna.ctid = 'ce-0a1b2c3d-0000-4000-8000-00000000c0a1';
    const d = routePathwayDocument(new GraphIndex(withCtid), LADDER) as Document;
    const first = d['@graph'].find((n) => name(n) === 'Texas nurse aide certification');
    expect(first?.['ceterms:proxyFor']).toBe(
      'https://credentialengineregistry.org/resources/ce-0a1b2c3d-0000-4000-8000-00000000c0a1',
    );
  });

  it('gives the empty route the Pathway with its destination alone', () => {
    const d = doc(HOLDS_RN);
    expect(d['@graph'].map((n) => n['@type'])).toEqual(['ceterms:Pathway', 'ceterms:JobComponent']);
    const [pathway, job] = d['@graph'] as [Node, Node];
    expect(name(job)).toBe('Registered Nurses');
    expect(refs(pathway, 'ceterms:hasDestinationComponent')).toEqual([job['@id']]);
    expect(refs(pathway, 'ceterms:hasChild')).toEqual([job['@id']]);
    expect(job['ceterms:precedes']).toBeUndefined();
  });

  it('is deterministic: the same route gives the same document, another route other CTIDs', () => {
    const first = JSON.stringify(doc(LADDER));
    expect(JSON.stringify(doc(LADDER))).toBe(first);
    // The limit only chose how many routes to list, not the route.
    expect(JSON.stringify(doc({ ...LADDER, limit: 5 }))).toBe(first);
    const second = doc(LADDER, 2);
    const ctids = (d: Document) => d['@graph'].map((n) => n['ceterms:ctid'] as string);
    for (const ctid of [...ctids(doc(LADDER)), ...ctids(second)])
      expect(ctid).toMatch(/^ce-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ctids(second).filter((c) => ctids(doc(LADDER)).includes(c))).toEqual([]);
    expect(nameUuid('x')).toBe(nameUuid('x'));
    expect(nameUuid('x')).not.toBe(nameUuid('y'));
  });

  it('answers the route of each rank that routes returns', () => {
    const { routes } = findRoutesWithContext(index, { ...LADDER, limit: 2 });
    expect(routes).toHaveLength(2);
    for (const route of routes) {
      const d = doc(LADDER, route.rank);
      const jobs = d['@graph'].filter((n) => n['@type'] === 'ceterms:JobComponent');
      expect(jobs.map(name)).toEqual([index.occupations.get(route.destinationId)?.title]);
      expect(d['@graph'].filter((n) => n['@type'] !== 'ceterms:Pathway')).toHaveLength(route.steps.length + 1);
    }
  });

  it('refuses a bad rank (BAD_USER_INPUT naming rank) and a rank beyond the routes found (NOT_FOUND)', () => {
    for (const rank of [0, 11, 1.5, Number.NaN]) {
      expect(() => doc(LADDER, rank)).toThrow(BadInputError);
      expect(() => doc(LADDER, rank)).toThrow(/^rank: must be a whole number from 1 to 10$/);
    }
    expect(() => doc(HOLDS_RN, 2)).toThrow(NotFoundError);
    expect(() => doc(HOLDS_RN, 2)).toThrow('rank: there is 1 route for this input, not 2');
    // The input is validated as routes validates it.
    expect(() => doc({ ...LADDER, limit: 50 }, 1)).toThrow(/^input\.limit: /);
  });

  it('imports back as a pathway of the route programs to its destination, defining nothing else', async () => {
    const d = JSON.parse(JSON.stringify(doc(LADDER)));
    const { bundle: imported, warnings } = ctdlToBundle(d, { sourceName: 'route.jsonld' });
    expect(imported.pathways).toEqual([
      {
        id: expect.stringMatching(/^route-/),
        ctid: expect.stringMatching(/^ce-/),
        name: 'Route to Medical and Health Services Managers in Cameron County, TX',
        programIds: ['p-cna', 'p-lvn', 'p-lvn-rn'],
        destinationOccupationIds: ['11-9111.00'],
      },
    ]);
    // References to the graph, not new entities: nothing to overwrite there.
    for (const key of ['partners', 'credentials', 'programs', 'occupations', 'edges'] as const) {
      expect(imported[key]).toBeUndefined();
    }
    expect(warnings).toEqual([
      'work steps have no place in a pathway (it lists programs); left out: 29-1141.00>11-9111.00',
    ]);
    // It loads into the graph it came from, and only there.
    expect((await validateBundle(imported, existingIn(bundle))).ok).toBe(true);
    const elsewhere = await validateBundle(imported, existingIn({ format: 'pathway-bundle', version: 1 }));
    expect(elsewhere.ok).toBe(false);
    // The empty route imports as a pathway with its destination alone.
    const empty = ctdlToBundle(JSON.parse(JSON.stringify(doc(HOLDS_RN)))).bundle;
    expect(empty.pathways?.map((p) => [p.programIds, p.destinationOccupationIds])).toEqual([
      [undefined, ['29-1141.00']],
    ]);
  });
});
