import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema } from '../model/bundle.ts';
import { bundleToCtdl } from './ctdl-export.ts';
import { CtdlFormatError, ctdlToBundle } from './ctdl-import.ts';

const IDS = [
  '_:a',
  '_:b',
  '_:c',
  'https://credentialengineregistry.org/resources/ce-00000000-0000-4000-8000-000000000001',
  'res:x',
  '',
];
const TYPES = [
  'ceterms:Certificate',
  'ceterms:Certification',
  'ceterms:LearningProgram',
  'ceterms:Course',
  'ceterms:CredentialOrganization',
  'ceterms:Pathway',
  'ceterms:CredentialComponent',
  'ceterms:CourseComponent',
  'ceterms:BasicComponent',
  'ceterms:SelectionComponent',
  'ceterms:JobComponent',
  'ceterms:Occupation',
  'ceterms:TransferValueProfile',
  'ceterms:ConditionProfile',
  'ceterms:ComponentCondition',
  'ceterms:AssessmentProfile',
  'ceterms:AggregateDataProfile',
  'qdata:DataSetProfile',
  'qdata:DataSetTimeFrame',
  'qdata:DataProfile',
  'Pathway',
];
const TERMS = [
  'ceterms:name',
  'ceterms:ctid',
  'ceterms:ownedBy',
  'ceterms:offeredBy',
  'ceterms:requires',
  'ceterms:entryCondition',
  'ceterms:isPreparationFor',
  'ceterms:isRequiredFor',
  'ceterms:hasCondition',
  'ceterms:targetComponent',
  'ceterms:requiredNumber',
  'ceterms:logicalOperator',
  'ceasn:hasChild',
  'ceterms:hasChild',
  'ceasn:isChildOf',
  'ceterms:precedes',
  'ceterms:prerequisite',
  'ceterms:hasPart',
  'ceasn:isPartOf',
  'ceterms:hasDestinationComponent',
  'ceterms:isDestinationComponentOf',
  'ceterms:proxyFor',
  'ceterms:estimatedDuration',
  'ceterms:exactDuration',
  'ceterms:estimatedCost',
  'ceterms:price',
  'ceterms:creditValue',
  'schema:value',
  'ceterms:deliveryType',
  'ceterms:inLanguage',
  'ceterms:targetCredential',
  'ceterms:targetLearningOpportunity',
  'ceterms:alternativeCondition',
  'ceterms:isAdvancedStandingFor',
  'ceterms:transferValueFrom',
  'ceterms:transferValueFor',
  'ceterms:transferValue',
  'ceterms:occupationType',
  'ceterms:identifier',
  'ceterms:componentCategory',
  'ceterms:agentType',
  'ceterms:subjectWebpage',
  'ceterms:credentialType',
  'ceterms:aggregateData',
  'ceterms:relevantDataSet',
  'qdata:dataSetTimePeriod',
  'qdata:dataAttributes',
  'ceterms:startDate',
  'ceterms:dateEffective',
  'ceterms:postReceiptMonths',
  'ceterms:jobsObtained',
  'ceterms:numberAwarded',
  'ceterms:medianEarnings',
  'qdata:totalWIOAExiters',
  'qdata:totalWIOACompleters',
  'ceterms:source',
];

const { node } = fc.letrec<{ value: unknown; node: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...IDS),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      'P6M',
      'P2Y',
      'PT40H',
      'P',
      'deliveryType:InPerson',
      'Career Path',
      'Selection',
      'OR',
      'USD',
      '2021-01-01',
    ),
    fc.double({ noNaN: false }),
    fc.integer({ min: -3, max: 6 }),
    fc.boolean(),
    fc.constant(null),
    fc.record({ 'en-US': fc.string({ maxLength: 8 }) }),
    fc.record({ '@id': fc.constantFrom(...IDS) }),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('node'),
  ),
  node: fc
    .record({
      '@id': fc.option(fc.constantFrom(...IDS), { nil: undefined }),
      '@type': fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
      props: fc.dictionary(fc.constantFrom(...TERMS), tie('value'), { maxKeys: 6 }),
    })
    .map(({ props, ...rest }) => {
      const out: Record<string, unknown> = { ...props };
      if (rest['@id'] !== undefined) out['@id'] = rest['@id'];
      if (rest['@type'] !== undefined) out['@type'] = rest['@type'];
      return out;
    }),
}));

/** Ids the bundle refers to but does not hold (an import must need nothing from the graph). */
function danglingReferences(bundle: Bundle): string[] {
  const has = (items: { id: string }[] | undefined) => new Set(items?.map((i) => i.id));
  const [partners, credentials, programs, occupations] = [
    has(bundle.partners),
    has(bundle.credentials),
    has(bundle.programs),
    has(bundle.occupations),
  ];
  const missing: string[] = [];
  const check = (set: Set<string>, id: string | undefined, what: string) => {
    if (id !== undefined && !set.has(id)) missing.push(`${what} ${id}`);
  };
  for (const c of bundle.credentials ?? []) check(partners, c.issuerId, 'issuer');
  for (const p of bundle.programs ?? []) {
    check(partners, p.providerId, 'provider');
    for (const id of [...p.awards, ...(p.requires ?? []).flat()]) check(credentials, id, 'credential');
  }
  for (const w of bundle.pathways ?? []) {
    for (const id of w.programIds ?? []) check(programs, id, 'program');
    for (const id of w.destinationOccupationIds ?? []) check(occupations, id, 'occupation');
    for (const r of w.partnerRoles ?? []) check(partners, r.partnerId, 'partner');
  }
  const rows = new Set<string>();
  for (const o of bundle.outcomes ?? []) {
    check(programs, o.programId, 'outcome program');
    if (rows.has(`${o.programId} ${o.cohortYear}`)) missing.push(`a second outcome row ${o.programId} ${o.cohortYear}`);
    rows.add(`${o.programId} ${o.cohortYear}`);
  }
  for (const e of bundle.edges ?? []) {
    check(credentials, e.from, 'edge from');
    if (e.kind === 'STACKS_INTO') check(credentials, e.to, 'edge to');
    if (e.kind === 'ARTICULATES_TO') check(programs, e.to, 'edge to');
    if (e.kind === 'QUALIFIES_FOR') check(occupations, e.to, 'edge to');
  }
  return missing;
}

describe('ctdlToBundle on arbitrary JSON-LD-shaped input', () => {
  it('either produces a schema-valid bundle or says the input is not CTDL JSON-LD', () => {
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 6 }), fc.boolean(), (nodes, asGraph) => {
        const document = asGraph ? { '@context': { res: 'https://example.org/r/' }, '@graph': nodes } : nodes;
        try {
          const { bundle } = ctdlToBundle(document);
          expect(bundleSchema.safeParse(bundle).success).toBe(true);
          expect(danglingReferences(bundle)).toEqual([]);
          // Whatever came in, what goes out can go through the exporter and back.
          const again = ctdlToBundle(JSON.parse(JSON.stringify(bundleToCtdl(bundle)))).bundle;
          expect(bundleSchema.safeParse(again).success).toBe(true);
        } catch (error) {
          if (!(error instanceof CtdlFormatError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});
