import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema } from '../model/bundle.ts';
import { repoRoot } from '../paths.ts';
import {
  CtdlFormatError,
  type CtdlImportResult,
  ctdlToBundle,
  isCtdlDocument,
  mergeCtdlDocuments,
} from './ctdl-import.ts';
import { JsonSyntaxError, parseJsonStrict } from './json-strict.ts';

const ctdlDir = join(repoRoot, 'graph', 'data', 'ctdl');

function allFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? allFiles(path) : [path];
    })
    .filter((path) => !path.endsWith('README.md'))
    .sort();
}

function read(rel: string): unknown {
  return parseJsonStrict(readFileSync(join(ctdlDir, rel), 'utf8'), rel);
}

function load(rel: string): CtdlImportResult {
  return ctdlToBundle(read(rel), { sourceName: rel });
}

function find<T extends { id: string }>(items: T[] | undefined, id: string): T {
  const found = items?.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function named<T extends { name: string }>(items: T[] | undefined, name: string): T {
  const found = items?.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

const sortGroups = (groups: string[][] | undefined) => (groups ?? []).map((g) => [...g].sort()).sort();

/** Files that are not valid JSON as published. */
const INVALID_JSON = new Map([
  ['schema-development/TransferValueProfile/Assistant API - Indiana CHE - Introduction to Business.json', 44],
  [
    'schema-development/TransferValueProfile/Assistant API - NCCRS - Advanced Legal Issues in Fraud Investigation and Defense (515).json',
    79,
  ],
  ['schema-development/TransferValueProfile/CTDL - Course - WICHE - Passport.json', 11],
  ['schema-development/TransferValueProfile/Transfer Intermediary - WICHE Example.json', 33],
]);
/** Valid JSON, but Registry Assistant API publish requests rather than JSON-LD. */
const NOT_JSON_LD = new Set([
  'schema-development/TransferValueProfile/Assistant API - Assessment - ACE - Introductory Sociology.json',
  'schema-development/TransferValueProfile/Assistant API - Assessment - Certified Administrative Secretary Part 3 (With Current Properties).json',
  'schema-development/TransferValueProfile/Assistant API - Course - ACE - Sophia Learning LLC - Principles of Finance.json',
]);

describe('every file under graph/data/ctdl', () => {
  const files = allFiles(ctdlDir).map((path) => relative(ctdlDir, path));

  it('finds the published documents', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const rel of [...INVALID_JSON.keys(), ...NOT_JSON_LD]) expect(files).toContain(rel);
  });

  it.each(files)('%s imports to a schema-valid bundle or is rejected with a clear error', (rel) => {
    const text = readFileSync(join(ctdlDir, rel), 'utf8');
    const line = INVALID_JSON.get(rel);
    if (line !== undefined) {
      expect(() => parseJsonStrict(text, rel)).toThrow(JsonSyntaxError);
      try {
        parseJsonStrict(text, rel);
      } catch (error) {
        expect((error as JsonSyntaxError).message.startsWith(`${rel}: not valid JSON at line ${line}, column `)).toBe(
          true,
        );
        expect((error as JsonSyntaxError).line).toBe(line);
      }
      return;
    }
    const json = parseJsonStrict(text, rel);
    if (NOT_JSON_LD.has(rel)) {
      expect(isCtdlDocument(json)).toBe(false);
      expect(() => ctdlToBundle(json, { sourceName: rel })).toThrow(CtdlFormatError);
      expect(() => ctdlToBundle(json, { sourceName: rel })).toThrow(`${rel} is not a CTDL JSON-LD document`);
      return;
    }
    expect(isCtdlDocument(json)).toBe(true);
    const { bundle, unmapped, warnings } = ctdlToBundle(json, { sourceName: rel });
    expect(bundleSchema.safeParse(bundle).success).toBe(true);
    expect(bundle.source?.name).toBe(rel);
    for (const line of [...unmapped, ...warnings]) expect(typeof line).toBe('string');
    assertReferencesResolve(bundle);
  });
});

/** Every id a bundle refers to is in the bundle: the import needs nothing from the graph. */
function assertReferencesResolve(bundle: Bundle): void {
  const partners = new Set(bundle.partners?.map((p) => p.id));
  const credentials = new Set(bundle.credentials?.map((c) => c.id));
  const programs = new Set(bundle.programs?.map((p) => p.id));
  const occupations = new Set(bundle.occupations?.map((o) => o.id));
  for (const c of bundle.credentials ?? []) if (c.issuerId) expect(partners).toContain(c.issuerId);
  for (const p of bundle.programs ?? []) {
    expect(partners).toContain(p.providerId);
    for (const a of p.awards) expect(credentials).toContain(a);
    for (const c of (p.requires ?? []).flat()) expect(credentials).toContain(c);
  }
  for (const w of bundle.pathways ?? []) {
    for (const p of w.programIds ?? []) expect(programs).toContain(p);
    for (const o of w.destinationOccupationIds ?? []) expect(occupations).toContain(o);
    for (const r of w.partnerRoles ?? []) expect(partners).toContain(r.partnerId);
  }
  for (const e of bundle.edges ?? []) {
    expect(credentials).toContain(e.from);
    if (e.kind === 'STACKS_INTO') expect(credentials).toContain(e.to);
    if (e.kind === 'ARTICULATES_TO') expect(programs).toContain(e.to);
    if (e.kind === 'QUALIFIES_FOR') expect(occupations).toContain(e.to);
  }
}

describe('ingest examples', () => {
  it('Credential/1: the bachelor degree with its CTID, name and owner', () => {
    const { bundle, warnings, unmapped } = load('ingest-examples/Credential/1/Credential-1.json');
    expect(bundle.credentials).toEqual([
      {
        id: 'ce-edc318c1-aa67-47e2-9638-a8529e6612d4',
        name: 'Bachelor of Science in Cybersecurity',
        type: 'Bachelor',
        issuerId: 'Organization-1.json',
        ctid: 'ce-edc318c1-aa67-47e2-9638-a8529e6612d4',
      },
    ]);
    // The owner is published in another file: a placeholder partner, said so.
    expect(bundle.partners).toEqual([
      {
        id: 'Organization-1.json',
        name: 'Organization https://credentialengine.github.io/credential-registry-ingest-examples/Organization/1/Organization-1.json (not in this document)',
        kind: 'Other',
      },
    ]);
    expect(warnings.some((w) => w.startsWith('organizations referenced but not in the document'))).toBe(true);
    expect(warnings.some((w) => w.includes('LearningProgram-2.json'))).toBe(true);
    expect(unmapped).toContain('ceterms:recognizedBy on ceterms:BachelorDegree (1)');
    expect(unmapped).toContain('ceterms:description on ceterms:BachelorDegree (1)');
  });

  it('Credential/1 graph: the embedded quality-assurance organization becomes a partner', () => {
    const { bundle } = load('ingest-examples/Credential/1/Credential-1-graph.json');
    expect(bundle.credentials?.map((c) => [c.id, c.name])).toEqual([
      ['ce-8669d5c6-566b-4409-9fff-f09753605d13', 'Bachelor of Science in Cybersecurity'],
    ]);
    expect(named(bundle.partners, 'Example Town Cyber Security Jobs Center')).toEqual({
      id: '83492d2c-2f93-492a-a6f2-5a36875293fc',
      name: 'Example Town Cyber Security Jobs Center',
      kind: 'Other',
      url: 'https://example.com/#cybersecurityjobscenter',
    });
  });

  it('Organization/1: a postsecondary institution is a University partner', () => {
    const { bundle } = load('ingest-examples/Organization/1/Organization-1.json');
    expect(bundle.partners).toEqual([
      {
        id: 'ce-7f42a13b-2c7e-4cbb-bbae-337a5187cf61',
        name: 'Example University',
        kind: 'University',
        url: 'https://example.edu',
      },
    ]);
  });

  it('LearningProgram/1 graph: program and courses with cost, duration, delivery and course prerequisites', () => {
    const { bundle, warnings } = load('ingest-examples/LearningProgram/1/LearningProgram-1-graph.json');
    const program = find(bundle.programs, 'ce-23b0e606-545c-4383-8630-f97ec3b190fa');
    expect(program).toMatchObject({
      name: 'Lifelong Learning Accelerator',
      months: 9,
      cost: 4485,
      modality: 'hybrid',
      languages: ['en-US'],
      ctid: 'ce-23b0e606-545c-4383-8630-f97ec3b190fa',
      awards: ['ce-23b0e606-545c-4383-8630-f97ec3b190fa.completion'],
    });
    const a = find(bundle.programs, 'ce-7160aae4-5185-4564-95ab-428419974643');
    const b = find(bundle.programs, 'ce-3c5e4bbc-40c3-44eb-90c2-3f27d98d88f1');
    const c = find(bundle.programs, 'ce-991d72b1-c0fd-4d98-8294-6c47bc3a2122');
    expect(a).toMatchObject({ name: 'Personal Growth Mastery', cost: 995, modality: 'online', months: 0 });
    expect(a.requires).toBeUndefined();
    // Digital Skills Revolution: completion of Course 1a; Leadership: 1a and 1b.
    expect(b.requires).toEqual([a.awards]);
    expect(sortGroups(c.requires)).toEqual(sortGroups([a.awards, b.awards]));
    expect(find(bundle.credentials, a.awards[0] as string)).toMatchObject({
      name: 'Completion of Personal Growth Mastery',
      type: 'Other',
    });
    expect(warnings.some((w) => w.startsWith('programs that award no credential in the document'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('programs without ceterms:estimatedDuration have months 0'))).toBe(true);
  });

  it('LearningProgram/1: the four separate files merged import like the graph file', () => {
    const dir = 'ingest-examples/LearningProgram/1';
    const merged = mergeCtdlDocuments(
      ['LearningProgram-1.json', 'Course-1a.json', 'Course-1b.json', 'Course-1c.json'].map((f) => read(`${dir}/${f}`)),
    );
    const fromParts = ctdlToBundle(merged).bundle;
    const fromGraph = load(`${dir}/LearningProgram-1-graph.json`).bundle;
    expect(fromParts.programs).toEqual(fromGraph.programs);
    expect(fromParts.credentials).toEqual(fromGraph.credentials);
    expect(fromParts.partners).toEqual(fromGraph.partners);
  });

  it('LearningProgram/2: a duration without an ISO 8601 value defaults to 0 months, with a warning', () => {
    const { bundle, warnings } = load('ingest-examples/LearningProgram/2/LearningProgram-2.json');
    expect(bundle.programs?.[0]).toMatchObject({
      name: 'Cybersecurity Program',
      months: 0,
      cost: 25000,
      modality: 'online',
    });
    expect(
      warnings.some((w) => w.startsWith('programs whose ceterms:estimatedDuration has no ISO 8601 duration')),
    ).toBe(true);
  });
});

describe('pathways', () => {
  it('PathwayConditions: ComponentConditions become requirement groups; the assessment awards the credential', () => {
    const { bundle, warnings } = load('pathways/PathwayConditions.json');
    const completion = (name: string) => named(bundle.programs, name).awards;
    const [courseA, courseB, courseC, courseD] = ['Course A', 'Course B', 'Course C', 'Course D'].map(
      (n) => completion(n)[0] as string,
    ) as [string, string, string, string];
    // Course A: 2 of B, C, D — every pair holds one.
    expect(sortGroups(named(bundle.programs, 'Course A').requires)).toEqual(
      sortGroups([
        [courseB, courseC],
        [courseB, courseD],
        [courseC, courseD],
      ]),
    );
    // The assessment: (2 of B, C, D) or A.
    const assessment = find(bundle.programs, 'ec05c0e5-3215-4707-a58e-2123d35ffd38');
    expect(assessment.name).toBe('Assessment component ec05c0e5-3215-4707-a58e-2123d35ffd38');
    expect(sortGroups(assessment.requires)).toEqual(
      sortGroups([
        [courseA, courseB, courseC],
        [courseA, courseB, courseD],
        [courseA, courseC, courseD],
      ]),
    );
    // The destination credential component requires the assessment: the assessment awards it.
    expect(assessment.awards).toEqual(['b5107f1f-07a3-49fc-827f-14ccc318dcdf']);
    expect(named(bundle.programs, 'Course B').requires).toBeUndefined();
    const pathway = find(bundle.pathways, 'a7f231f4-21cb-4ba3-8c03-4f7a5f67781c');
    // In requirement order: B, C, D before A, the assessment last.
    expect(pathway.programIds?.slice(3)).toEqual(['2a45a345-8431-4a01-b645-a103d0d40ab', assessment.id]);
    expect(new Set(pathway.programIds?.slice(0, 3))).toEqual(
      new Set(['Course B', 'Course C', 'Course D'].map((n) => named(bundle.programs, n).id)),
    );
    expect(warnings.some((w) => /requires 2 of 3; expressed as 3 groups/.test(w))).toBe(true);
    expect(bundle.partners?.map((p) => p.id)).toEqual(['unknown-provider']);
  });

  it('CompTIA: 8 certifications ordered by STACKS_INTO, the career path as destination occupation', () => {
    const { bundle, warnings, unmapped } = load('schema-development/CompTIA/CompTIA-IT_Networking_Specialist.jsonld');
    expect(bundle.credentials).toHaveLength(8);
    expect(bundle.credentials?.every((c) => c.type === 'IndustryCertification' && c.id === c.ctid)).toBe(true);
    const idOf = (name: string) => named(bundle.credentials, name).id;
    const ladder = [
      'CompTIA A+',
      'CompTIA Network+',
      'CompTIA Security+',
      'CompTIA Project+',
      'CompTIA Cloud Essentials+',
      'CompTIA Linux+',
      'CompTIA Server+',
      'CompTIA Cloud+',
    ];
    const stacks = (bundle.edges ?? []).filter((e) => e.kind === 'STACKS_INTO').map((e) => [e.from, e.to]);
    expect(stacks.sort()).toEqual(
      ladder
        .slice(1)
        .map((to, i) => [idOf(ladder[i] as string), idOf(to)])
        .sort(),
    );
    // Linux+ is published with a truncated ceterms:ctid; the one in its @id is used.
    expect(idOf('CompTIA Linux+')).toBe('ce-cab3d216-e834-452d-bf83-60972afd3079');
    expect(warnings.some((w) => w.includes('"ce-cab3d216-e834-452d-bf83-60972afd307" is not a valid CTID'))).toBe(true);
    const pathway = find(bundle.pathways, 'ce-cc62e516-f95d-4306-a11a-c0ecc39d835f');
    expect(pathway).toMatchObject({
      name: 'IT Networking Specialist Pathway',
      ctid: 'ce-cc62e516-f95d-4306-a11a-c0ecc39d835f',
      destinationOccupationIds: ['ce-ca103e61-73f1-4179-a870-4d7667d3ba0f'],
      partnerRoles: [{ partnerId: 'ce-186fbc60-47e3-4616-b160-72cac9e78f54', role: 'Lead' }],
    });
    expect(find(bundle.occupations, 'ce-ca103e61-73f1-4179-a870-4d7667d3ba0f').title).toBe('IT Networking Specialist');
    expect(bundle.edges).toContainEqual({
      kind: 'QUALIFIES_FOR',
      from: idOf('CompTIA Cloud+'),
      to: 'ce-ca103e61-73f1-4179-a870-4d7667d3ba0f',
    });
    expect(unmapped).toContain('asn:hasProgressionLevel on ceterms:Certification (8)');
  });

  it('Badgr bare array: a badge pathway with k-of-n groups and an unnamed provider', () => {
    const rel = 'schema-development/Badgr/Badgr (Final) - CTDL-French_BA_Marketable_Skills-Nates.json';
    const json = read(rel);
    expect(Array.isArray(json)).toBe(true);
    expect(isCtdlDocument(json)).toBe(true);
    const { bundle } = ctdlToBundle(json, { sourceName: rel });
    expect(bundle.pathways).toHaveLength(1);
    const pathway = find(bundle.pathways, 'ce-4cfc5efd-506c-4d78-8fa4-e668c6950fe9');
    expect(pathway.name).toBe('French B.A. Marketable Skills');
    expect(pathway.programIds).toHaveLength(23);
    const badges = (bundle.credentials ?? []).filter((c) => c.type === 'MicroCredential');
    expect(badges).toHaveLength(30);
    expect(find(bundle.credentials, 'ce-81b9662b-0d1a-4a45-8e89-8f1a8637be0b')).toMatchObject({
      name: 'Marketable Skills in French',
      type: 'MicroCredential',
      ctid: 'ce-81b9662b-0d1a-4a45-8e89-8f1a8637be0b',
    });
    // "French 2040/2050": 2 of 4 badges, exactly as the 4 groups of 3.
    const course = find(bundle.programs, 'ce-07a6f557-2a71-4c41-b030-501786f0d49e');
    expect(course.name).toBe('French 2040/2050');
    expect(course.requires).toHaveLength(4);
    expect(course.requires?.every((g) => g.length === 3)).toBe(true);
    // The five skill badges each stack into the destination badge.
    const intoDestination = (bundle.edges ?? []).filter(
      (e) => e.kind === 'STACKS_INTO' && e.to === 'ce-81b9662b-0d1a-4a45-8e89-8f1a8637be0b',
    );
    expect(intoDestination).toHaveLength(5);
  });

  it('Badgr registry document: the same pathway with the owner as placeholder partner', () => {
    const { bundle, warnings } = load('schema-development/Badgr/Badgr_French_B.A.MarketableSkills_CR_sandbox.json');
    const pathway = find(bundle.pathways, 'ce-22f0bd3f-538b-494c-a624-1cdcc33d55e5');
    expect(pathway.programIds).toHaveLength(23);
    expect(pathway.partnerRoles).toEqual([{ partnerId: 'ce-12ccd14d-3b90-4e36-bc1b-88c3231e2610', role: 'Lead' }]);
    expect(bundle.programs?.every((p) => p.providerId === 'ce-12ccd14d-3b90-4e36-bc1b-88c3231e2610')).toBe(true);
    expect(warnings.some((w) => w.startsWith('components with ceterms:hasChild but no ceterms:hasCondition'))).toBe(
      true,
    );
  });

  it('French B.A. with bare terms: selection components inlined, duplicate @ids and misplaced requiredNumber reported', () => {
    const { bundle, warnings } = load('schema-development/CompTIA/CTDL-French_BA_Marketable_Skills.json');
    expect(bundle.programs).toBeUndefined();
    expect(bundle.credentials).toHaveLength(25);
    expect(named(bundle.credentials, 'French B.A. Marketable Skills').type).toBe('MicroCredential');
    expect(warnings.some((w) => w.includes('appears more than once'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('ceterms:requiredNumber found on the component'))).toBe(true);
    expect(warnings.some((w) => w.includes('requirements referring to nodes not in the document'))).toBe(true);
  });
});

describe('other schema-development documents', () => {
  it('programWithCourses: the master degree is awarded by its program; courses get completion credentials', () => {
    const { bundle, unmapped } = load('schema-development/programWithCourses.json');
    const degree = named(bundle.credentials, 'MS Applied Data Science');
    expect(degree).toMatchObject({ type: 'Master', issuerId: '1ca80f84-9331-4855-a746-13613a08c000' });
    expect(named(bundle.programs, 'Applied Data Science').awards).toEqual([degree.id]);
    expect(named(bundle.partners, 'UC Sunnydale').kind).toBe('University');
    expect(bundle.programs).toHaveLength(5);
    expect(unmapped).toContain('ceterms:Address ×1 (not in the pathway model)');
    expect(unmapped).toContain('ceterms:inLangaue on ceterms:MasterDegree (1)');
  });

  it('relatedOccupations: occupations and the organizations asserting them', () => {
    const { bundle } = load('schema-development/relatedOccupations.json');
    expect(bundle.occupations?.map((o) => o.title)).toEqual(['Bar Tender (cocktails)', 'Bar Tender']);
    expect(bundle.occupations?.[0]?.id).toBe('ce-c3b3abf0-3d52-4dff-8207-0c20d2a7e1d8');
    expect(bundle.partners).toHaveLength(2);
  });

  it('a transfer value profile between two courses becomes ARTICULATES_TO with its credits', () => {
    const { bundle } = load(
      'schema-development/TransferValueProfile/CTDL - Course - Elon University - Accounting 2.json',
    );
    const from = named(bundle.programs, 'Prin of Financial Account II');
    const to = named(bundle.programs, 'ACC Elective Course');
    expect(bundle.edges).toEqual([
      {
        kind: 'ARTICULATES_TO',
        from: from.awards[0],
        to: to.id,
        credits: 3,
        agreement: 'Transfer Course Equivalencies',
      },
    ]);
  });

  it('an assessment-based transfer value profile is reported, not mapped', () => {
    const { bundle, unmapped, warnings } = load(
      'schema-development/TransferValueProfile/ACE - Introductory SociologyTVP-PUBLISHED.json',
    );
    expect(bundle.edges).toBeUndefined();
    expect(unmapped).toContain('ceterms:AssessmentProfile ×1 (not in the pathway model)');
    expect(
      warnings.some((w) => w.startsWith('transfer value profiles with no credential or program on both sides')),
    ).toBe(true);
  });

  it('concept schemes alone give an empty bundle and say so', () => {
    const { bundle, unmapped, warnings } = load('pathways/ProgressionModel.json');
    expect(bundle).toEqual({
      format: 'pathway-bundle',
      version: 1,
      source: { name: 'pathways/ProgressionModel.json' },
    });
    expect(unmapped).toHaveLength(2);
    expect(unmapped).toContain('ceterms:ConceptScheme ×1 (not in the pathway model)');
    expect(unmapped).toContain('ceterms:Concept ×4 (not in the pathway model)');
    expect(warnings).toContain('the document holds no CTDL node this mapping imports; the bundle is empty');
  });
});

describe('JSON-LD forms', () => {
  const org = { '@id': '_:org', '@type': 'ceterms:CredentialOrganization', 'ceterms:name': 'Acme College' };

  it('reads full-IRI terms, custom prefixes and bare terms alike', () => {
    const fullIri = {
      '@id': 'https://example.org/c1',
      '@type': 'https://purl.org/ctdl/terms/License',
      'https://purl.org/ctdl/terms/name': { en: 'Electrician License' },
      'https://purl.org/ctdl/terms/ctid': 'ce-00000000-0000-4000-8000-000000000001',
    };
    const prefixed = {
      '@context': { ct: 'https://purl.org/ctdl/terms/' },
      '@graph': [
        {
          '@id': 'https://example.org/c1',
          '@type': 'ct:License',
          'ct:name': 'Electrician License',
          'ct:ctid': 'ce-00000000-0000-4000-8000-000000000001',
        },
      ],
    };
    const bare = {
      id: 'https://example.org/c1',
      type: 'License',
      name: 'Electrician License',
      ctid: 'ce-00000000-0000-4000-8000-000000000001',
    };
    const expected = [
      {
        id: 'ce-00000000-0000-4000-8000-000000000001',
        name: 'Electrician License',
        type: 'License',
        ctid: 'ce-00000000-0000-4000-8000-000000000001',
      },
    ];
    for (const doc of [fullIri, prefixed, bare]) {
      expect(isCtdlDocument(doc)).toBe(true);
      expect(ctdlToBundle(doc).bundle.credentials).toEqual(expected);
    }
  });

  it('picks English from a language map, else the first language', () => {
    const names = [
      [{ 'es-ES': 'Certificado', 'en-US': 'Certificate' }, 'Certificate'],
      [{ '@en-US': 'Course A' }, 'Course A'],
      [{ fr: 'Certificat', de: 'Zertifikat' }, 'Certificat'],
      [{ en: null, es: 'Certificado' }, 'Certificado'],
      [{ '@value': 'Plain', '@language': 'en' }, 'Plain'],
    ] as const;
    for (const [name, expected] of names) {
      const doc = [{ '@id': '_:c', '@type': 'ceterms:Certificate', 'ceterms:name': name }];
      expect(ctdlToBundle(doc).bundle.credentials?.[0]?.name).toBe(expected);
    }
  });

  it('maps credential subclasses onto the credential types', () => {
    const types = {
      'ceterms:Certificate': 'Certificate',
      'ceterms:Certification': 'IndustryCertification',
      'ceterms:License': 'License',
      'ceterms:AssociateDegree': 'Associate',
      'ceterms:BachelorDegree': 'Bachelor',
      'ceterms:MasterDegree': 'Master',
      'ceterms:DoctoralDegree': 'Doctorate',
      'ceterms:ApprenticeshipCertificate': 'ApprenticeshipCertificate',
      'ceterms:Badge': 'MicroCredential',
      'ceterms:DigitalBadge': 'MicroCredential',
      'ceterms:MicroCredential': 'MicroCredential',
      'ceterms:OpenBadge': 'MicroCredential',
      'ceterms:SecondarySchoolDiploma': 'HighSchoolDiploma',
      'ceterms:GeneralEducationDevelopment': 'HighSchoolEquivalency',
      'ceterms:Diploma': 'Other',
      'ceterms:Degree': 'Other',
    };
    const doc = { '@graph': Object.keys(types).map((t, i) => ({ '@id': `_:c${i}`, '@type': t, 'ceterms:name': t })) };
    const got = Object.fromEntries((ctdlToBundle(doc).bundle.credentials ?? []).map((c) => [c.name, c.type]));
    expect(got).toEqual(types);
  });

  it('reads durations, costs, credits, delivery, schedules and entry conditions of a program', () => {
    const doc = {
      '@graph': [
        org,
        { '@id': '_:hs', '@type': 'ceterms:SecondarySchoolDiploma', 'ceterms:name': 'HS diploma' },
        { '@id': '_:ged', '@type': 'ceterms:GeneralEducationDevelopment', 'ceterms:name': 'GED' },
        { '@id': '_:cert', '@type': 'ceterms:Certificate', 'ceterms:name': 'Welding certificate' },
        {
          '@id': '_:p',
          '@type': 'ceterms:LearningProgram',
          'ceterms:name': 'Welding',
          'ceterms:offeredBy': { '@id': '_:org' },
          'ceterms:estimatedDuration': [{ '@type': 'ceterms:DurationProfile', 'ceterms:exactDuration': 'P1Y6M' }],
          'ceterms:estimatedCost': [
            { '@type': 'ceterms:CostProfile', 'ceterms:price': 1000, 'ceterms:currency': 'USD' },
            { '@type': 'ceterms:CostProfile', 'ceterms:price': '250.50', 'ceterms:currency': 'USD' },
          ],
          'ceterms:creditValue': [{ '@type': 'ceterms:ValueProfile', 'schema:value': 24 }],
          'ceterms:deliveryType': [
            'deliveryType:InPerson',
            { 'ceterms:targetNode': { '@id': 'deliveryType:OnlineOnly' } },
          ],
          'ceterms:scheduleTimingType': ['scheduleTiming:Evening', 'scheduleTiming:Weekends'],
          'ceterms:inLanguage': ['es', 'not a language'],
          'ceterms:entryCondition': [
            {
              '@type': 'ceterms:ConditionProfile',
              'ceterms:alternativeCondition': [
                { '@type': 'ceterms:ConditionProfile', 'ceterms:targetCredential': ['_:hs'] },
                { '@type': 'ceterms:ConditionProfile', 'ceterms:targetCredential': ['_:ged'] },
              ],
            },
          ],
          'ceterms:isPreparationFor': [{ '@type': 'ceterms:ConditionProfile', 'ceterms:targetCredential': ['_:cert'] }],
        },
      ],
    };
    const program = ctdlToBundle(doc).bundle.programs?.[0];
    expect(program).toEqual({
      id: 'p',
      name: 'Welding',
      providerId: 'org',
      awards: ['cert'],
      months: 18,
      cost: 1250.5,
      credits: 24,
      modality: 'hybrid',
      schedules: ['evening', 'weekend'],
      languages: ['es'],
      requires: [['hs', 'ged']],
    });
  });

  it('turns ceterms:precedes and ceterms:prerequisite into requirements and says precedes is only suggested', () => {
    const doc = [
      { '@id': '_:pw', '@type': 'ceterms:Pathway', 'ceterms:name': 'Ladder', 'ceterms:hasPart': ['_:a', '_:b', '_:c'] },
      { '@id': '_:a', '@type': 'ceterms:CourseComponent', 'ceterms:name': 'Intro', 'ceterms:precedes': ['_:b'] },
      { '@id': '_:b', '@type': 'ceterms:CourseComponent', 'ceterms:name': 'Middle' },
      { '@id': '_:c', '@type': 'ceterms:CourseComponent', 'ceterms:name': 'Capstone', 'ceterms:prerequisite': ['_:b'] },
    ];
    const { bundle, warnings } = ctdlToBundle(doc);
    expect(find(bundle.programs, 'b').requires).toEqual([['a.completion']]);
    expect(find(bundle.programs, 'c').requires).toEqual([['b.completion']]);
    expect(bundle.pathways?.[0]?.programIds).toEqual(['a', 'b', 'c']);
    expect(warnings.some((w) => w.startsWith('ceterms:precedes is a suggested order'))).toBe(true);
  });

  it('reads hasChild under both prefixes and hasDestinationComponent', () => {
    for (const prefix of ['ceasn', 'ceterms']) {
      const doc = [
        { '@id': '_:pw', '@type': 'ceterms:Pathway', 'ceterms:name': 'P', 'ceterms:hasDestinationComponent': '_:top' },
        {
          '@id': '_:top',
          '@type': 'ceterms:CredentialComponent',
          'ceterms:name': 'Top',
          [`${prefix}:hasChild`]: ['_:x', '_:y'],
        },
        {
          '@id': '_:x',
          '@type': 'ceterms:CredentialComponent',
          'ceterms:name': 'X',
          'ceterms:credentialType': 'ceterms:Badge',
        },
        {
          '@id': '_:y',
          '@type': 'ceterms:CredentialComponent',
          'ceterms:name': 'Y',
          'ceterms:credentialType': 'ceterms:Badge',
        },
      ];
      const { bundle } = ctdlToBundle(doc);
      const edges = (bundle.edges ?? []).map((e) => `${e.kind} ${e.from}>${e.to}`).sort();
      expect(edges).toEqual(['STACKS_INTO x>top', 'STACKS_INTO y>top']);
    }
  });

  it('is not fooled by a pathway bundle, GeoJSON or an Assistant API request', () => {
    expect(isCtdlDocument({ format: 'pathway-bundle', version: 1 })).toBe(false);
    expect(isCtdlDocument({ type: 'Feature', geometry: null })).toBe(false);
    expect(isCtdlDocument({ CTID: 'ce-x', Name: 'y' })).toBe(false);
    expect(isCtdlDocument([1, 2])).toBe(false);
    expect(isCtdlDocument('text')).toBe(false);
    expect(() => ctdlToBundle({ format: 'pathway-bundle', version: 1 }, { sourceName: 'b.json' })).toThrow(
      'b.json is a pathway bundle, not a CTDL JSON-LD document',
    );
    expect(() => ctdlToBundle(42)).toThrow(CtdlFormatError);
  });
});
