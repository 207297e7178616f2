import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema, type Edge } from '../model/bundle.ts';
import { CREDENTIAL_TYPES, PARTNER_KINDS } from '../model/vocabulary.ts';
import { repoRoot } from '../paths.ts';
import { bundleToCtdl } from './ctdl-export.ts';
import { ctdlToBundle, isCtdlDocument } from './ctdl-import.ts';

const kingCountyPath = join(repoRoot, 'graph', 'test', 'examples', 'king-county.bundle.json');

function kingCounty(): Bundle {
  return bundleSchema.parse(JSON.parse(readFileSync(kingCountyPath, 'utf8')));
}

const byId = <T extends { id: string }>(items: T[] | undefined) =>
  [...(items ?? [])].sort((a, b) => a.id.localeCompare(b.id));
const sorted = (values: string[] | undefined) => (values === undefined ? undefined : [...values].sort());
const sortGroups = (groups: string[][] | undefined) =>
  groups === undefined ? undefined : groups.map((g) => [...g].sort()).sort((a, b) => a.join().localeCompare(b.join()));
const drop = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The part of a bundle CTDL can carry, in canonical order. Left out, as documented in
 * README.md: regions, sectors, wages, entry points, supports, outcomes (ctdl-outcomes.test.ts); credential
 * `portable`; program `regionIds` and `features`; partner `regionIds`; pathway `sectorId`
 * and roles other than Lead (ownedBy) and Provider (offeredBy); occupation `jobZone`,
 * `sectorIds`, `education`; HIRES and ADVANCES_TO edges.
 */
function expressible(bundle: Bundle) {
  const edgeKey = (e: Edge) => `${e.kind} ${e.from} ${e.to}`;
  return {
    partners: byId(bundle.partners).map((p) => drop({ id: p.id, name: p.name, kind: p.kind, url: p.url || undefined })),
    credentials: byId(bundle.credentials).map((c) =>
      drop({ id: c.id, name: c.name, type: c.type, issuerId: c.issuerId, ctid: c.ctid }),
    ),
    programs: byId(bundle.programs).map((p) =>
      drop({
        id: p.id,
        name: p.name,
        providerId: p.providerId,
        awards: sorted(p.awards),
        months: p.months,
        cost: p.cost,
        credits: p.credits,
        requires: sortGroups(p.requires),
        modality: p.modality,
        schedules: sorted(p.schedules),
        languages: p.languages,
        ctid: p.ctid,
      }),
    ),
    occupations: byId(bundle.occupations).map((o) => drop({ id: o.id, title: o.title, onetSoc: o.onetSoc })),
    pathways: byId(bundle.pathways).map((w) =>
      drop({
        id: w.id,
        name: w.name,
        programIds: sorted(w.programIds),
        destinationOccupationIds: sorted(w.destinationOccupationIds),
        partnerRoles: (w.partnerRoles ?? [])
          .filter((r) => r.role === 'Lead' || r.role === 'Provider')
          .map((r) => `${r.role} ${r.partnerId}`)
          .sort(),
        ctid: w.ctid,
      }),
    ),
    edges: (bundle.edges ?? [])
      .filter((e) => e.kind === 'STACKS_INTO' || e.kind === 'ARTICULATES_TO' || e.kind === 'QUALIFIES_FOR')
      .sort((a, b) => edgeKey(a).localeCompare(edgeKey(b))),
  };
}

function roundTrip(bundle: Bundle) {
  // Through text, as a file or an HTTP body would carry it.
  const document = JSON.parse(JSON.stringify(bundleToCtdl(bundle)));
  return { document, result: ctdlToBundle(document, { sourceName: 'round trip' }) };
}

describe('bundleToCtdl', () => {
  it('writes a Credential Registry style @graph document', () => {
    const document = bundleToCtdl(kingCounty()) as { '@context': string; '@graph': Record<string, unknown>[] };
    expect(document['@context']).toBe('https://credreg.net/ctdl/schema/context/json');
    expect(isCtdlDocument(document)).toBe(true);
    const types = document['@graph'].map((n) => n['@type']);
    expect(types.filter((t) => t === 'ceterms:CredentialOrganization')).toHaveLength(6);
    expect(types.filter((t) => t === 'ceterms:LearningProgram')).toHaveLength(8);
    expect(types.filter((t) => t === 'ceterms:Pathway')).toHaveLength(1);
    expect(types.filter((t) => t === 'ceterms:CourseComponent')).toHaveLength(4);
    expect(types).toContain('ceterms:Certification');
    expect(types).toContain('ceterms:AssociateDegree');
    const netPrep = document['@graph'].find((n) => n['@id'] === '_:program/cc-netplus');
    expect(netPrep).toMatchObject({
      'ceterms:name': { 'en-US': 'Network+ preparation' },
      'ceterms:offeredBy': ['_:partner/king-cc'],
      'ceterms:estimatedDuration': [{ '@type': 'ceterms:DurationProfile', 'ceterms:exactDuration': 'P3M' }],
      'ceterms:entryCondition': [
        { '@type': 'ceterms:ConditionProfile', 'ceterms:targetCredential': ['_:credential/a-plus'] },
      ],
    });
    const pathway = document['@graph'].find((n) => n['@type'] === 'ceterms:Pathway');
    expect(pathway).toMatchObject({
      'ceterms:ownedBy': ['_:partner/king-cc'],
      'ceterms:hasDestinationComponent': ['_:pathway/pw-it/occupation/15-1244.00'],
    });
  });

  it('round-trips the King County example on everything CTDL can express', () => {
    const original = kingCounty();
    const { result } = roundTrip(original);
    expect(result.warnings).toEqual([]);
    expect(bundleSchema.safeParse(result.bundle).success).toBe(true);
    const back = expressible(result.bundle);
    const expected = expressible(original);
    expect(back.credentials).toEqual(expected.credentials);
    expect(back.programs).toEqual(expected.programs);
    expect(back.partners).toEqual(expected.partners);
    expect(back.pathways).toEqual(expected.pathways);
    expect(back.occupations).toEqual(expected.occupations);
    expect(back.edges).toEqual(expected.edges);
    expect(back.edges.filter((e) => e.kind === 'STACKS_INTO')).toEqual([
      { kind: 'STACKS_INTO', from: 'it-cert', to: 'aas-net', creditsApplied: 30 },
    ]);
    // What is left out is left out on purpose, not by accident.
    expect(result.bundle.regions).toBeUndefined();
    expect(result.bundle.credentials?.some((c) => c.portable !== undefined)).toBe(false);
  });

  it('round-trips the 1.1 program fields: CIP as ceterms:instructionalProgramType, the training wage as schema:trainingSalary', () => {
    const original = bundleSchema.parse(
      JSON.parse(readFileSync(join(repoRoot, 'graph', 'test', 'examples', 'rio-grande.bundle.json'), 'utf8')),
    );
    // The example states no CIP codes: give two programs one.
    (original.programs ?? []).slice(0, 2).forEach((p, i) => {
      p.cip = i === 0 ? '51.3902' : '46.0302';
    });
    const { result } = roundTrip(original);
    const pick = (b: Bundle) =>
      (b.programs ?? []).map((p) => ({ name: p.name, cip: p.cip, trainingWage: p.trainingWage }));
    expect(pick(result.bundle)).toEqual(pick(original));
    expect((original.programs ?? []).some((p) => p.trainingWage !== undefined)).toBe(true);
    const doc = bundleToCtdl(original) as { '@graph': Record<string, unknown>[] };
    const apprenticeship = doc['@graph'].find((n) => n['schema:trainingSalary'] !== undefined);
    expect(apprenticeship?.['schema:trainingSalary']).toMatchObject({ 'schema:median': 41000 });
  });

  it('round-trips every vocabulary value CTDL can carry, CTIDs and odd months included', () => {
    const kinds = PARTNER_KINDS;
    const types = CREDENTIAL_TYPES;
    const bundle: Bundle = {
      format: 'pathway-bundle',
      version: 1,
      partners: kinds.map((kind, i) => ({
        id: `org-${i}`,
        name: `Org ${kind}`,
        kind,
        url: `https://example.org/${i}`,
      })),
      credentials: types.map((type, i) => ({
        id: `cred-${i}`,
        name: `Credential ${type}`,
        type,
        issuerId: `org-${i}`,
        ...(i === 0 ? { ctid: 'ce-0a1b2c3d-0000-4000-8000-000000000001' } : {}),
      })),
      programs: [
        {
          id: 'ce-0a1b2c3d-0000-4000-8000-0000000000aa',
          name: 'Odd program',
          providerId: 'org-2',
          awards: ['cred-3', 'cred-4'],
          months: 4.5,
          cost: 0,
          credits: 12.5,
          requires: [['cred-0', 'cred-1'], ['cred-2']],
          modality: 'online',
          schedules: ['day', 'evening', 'weekend', 'self-paced'],
          languages: ['es', 'en-US'],
          ctid: 'ce-0a1b2c3d-0000-4000-8000-0000000000aa',
        },
        { id: 'p2', name: 'Second', providerId: 'org-3', awards: ['cred-5'], months: 1 / 3, requires: [['cred-3']] },
        { id: 'p3', name: 'Third', providerId: 'org-3', awards: ['cred-6'], months: 0, modality: 'in-person' },
      ],
      pathways: [
        {
          id: 'pw',
          name: 'Pathway',
          programIds: ['ce-0a1b2c3d-0000-4000-8000-0000000000aa', 'p2'],
          partnerRoles: [
            { partnerId: 'org-2', role: 'Lead' },
            { partnerId: 'org-3', role: 'Provider' },
          ],
          ctid: 'ce-0a1b2c3d-0000-4000-8000-0000000000bb',
        },
      ],
      edges: [
        { kind: 'STACKS_INTO', from: 'cred-3', to: 'cred-5' },
        { kind: 'STACKS_INTO', from: 'cred-0', to: 'cred-6', creditsApplied: 4 },
        { kind: 'ARTICULATES_TO', from: 'cred-1', to: 'p3', credits: 3 },
      ],
    };
    expect(bundleSchema.safeParse(bundle).success).toBe(true);
    const { result } = roundTrip(bundle);
    expect(result.warnings).toEqual([]);
    expect(expressible(result.bundle)).toEqual(expressible(bundle));
  });

  it('writes CTIDs as Registry resource IRIs and keeps the bundle ids in ceterms:identifier', () => {
    const bundle: Bundle = {
      format: 'pathway-bundle',
      version: 1,
      credentials: [
        { id: 'my-cert', name: 'Cert', type: 'Certificate', ctid: 'ce-0a1b2c3d-0000-4000-8000-000000000009' },
      ],
    };
    const document = bundleToCtdl(bundle) as { '@graph': Record<string, unknown>[] };
    expect(document['@graph'][0]).toEqual({
      '@id': 'https://credentialengineregistry.org/resources/ce-0a1b2c3d-0000-4000-8000-000000000009',
      '@type': 'ceterms:Certificate',
      'ceterms:ctid': 'ce-0a1b2c3d-0000-4000-8000-000000000009',
      'ceterms:name': { 'en-US': 'Cert' },
      'ceterms:identifier': [
        {
          '@type': 'ceterms:IdentifierValue',
          'ceterms:identifierTypeName': { 'en-US': 'pathway-graph id' },
          'ceterms:identifierValueCode': 'my-cert',
        },
      ],
    });
    expect(ctdlToBundle(document).bundle.credentials).toEqual(bundle.credentials);
  });
});
