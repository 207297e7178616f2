/**
 * Pathway bundle → CTDL JSON-LD in the Credential Registry's `@graph` style. What CTDL can
 * express comes back unchanged through `ctdlToBundle` (see ./README.md for the list and for
 * what is left out). The bundle's own ids travel in `ceterms:identifier` so that they survive
 * the round trip even where an entity has no CTID.
 */
import type { Bundle, Credential, Edge, Occupation, Outcome, Partner, Pathway, Program } from '../model/bundle.ts';
import { BUNDLE_ID_IDENTIFIER } from './ctdl-import.ts';
import { outcomeProfiles } from './ctdl-outcomes.ts';
import {
  CREDENTIAL_TYPE_CLASS,
  CTDL_CONTEXT,
  MODALITY_DELIVERY_TYPE,
  monthsIsoDuration,
  PARTNER_KIND_LABELS,
  PARTNER_KIND_ORGANIZATION_TYPE,
  REGISTRY_RESOURCES,
  SCHEDULE_EXPORT,
} from './ctdl-vocabulary.ts';

type Node = Record<string, unknown>;

const LANGUAGE = 'en-US';

function text(value: string): Record<string, string> {
  return { [LANGUAGE]: value };
}

function identifier(id: string): Node {
  return {
    '@type': 'ceterms:IdentifierValue',
    'ceterms:identifierTypeName': text(BUNDLE_ID_IDENTIFIER),
    'ceterms:identifierValueCode': id,
  };
}

/** CIP 2020, the framework of a program's `ceterms:instructionalProgramType`. */
export const CIP_FRAMEWORK = 'https://nces.ed.gov/ipeds/cipcode/';
export const CIP_FRAMEWORK_NAME = 'Classification of Instructional Programs (CIP 2020)';

function alignment(framework: string | undefined, concept: string | undefined, label: string): Node {
  const node: Node = { '@type': 'ceterms:CredentialAlignmentObject' };
  if (framework !== undefined) node['ceterms:framework'] = framework;
  if (concept !== undefined) node['ceterms:targetNode'] = concept;
  node['ceterms:targetNodeName'] = text(label);
  return node;
}

function valueProfile(value: number): Node {
  return { '@type': 'ceterms:ValueProfile', 'schema:value': value };
}

/** `@id` of an entity: its Registry resource when it has a CTID, else a blank node ending in its id. */
function iriOf(kind: string, entity: { id: string; ctid?: string }): string {
  return entity.ctid === undefined ? `_:${kind}/${entity.id}` : `${REGISTRY_RESOURCES}${entity.ctid}`;
}

function partnerNode(partner: Partner): Node {
  const node: Node = {
    '@id': iriOf('partner', partner),
    '@type': 'ceterms:CredentialOrganization',
    'ceterms:name': text(partner.name),
    'ceterms:identifier': [identifier(partner.id)],
  };
  const concept = PARTNER_KIND_ORGANIZATION_TYPE[partner.kind];
  if (concept !== undefined) {
    node['ceterms:agentType'] = [
      alignment('https://credreg.net/ctdl/terms/OrganizationType', concept, PARTNER_KIND_LABELS[partner.kind]),
    ];
  } else if (partner.kind !== 'Other') {
    // CTDL has no organization type for this kind: the alignment carries its name only.
    node['ceterms:agentType'] = [alignment(undefined, undefined, PARTNER_KIND_LABELS[partner.kind])];
  }
  if (partner.url) node['ceterms:subjectWebpage'] = partner.url;
  return node;
}

function requirementProfile(group: string[], ref: (id: string) => string, name: (id: string) => string): Node {
  const single = (id: string): Node => ({
    '@type': 'ceterms:ConditionProfile',
    'ceterms:description': text(`Requires ${name(id)}`),
    'ceterms:targetCredential': [ref(id)],
  });
  if (group.length === 1) return single(group[0] as string);
  return {
    '@type': 'ceterms:ConditionProfile',
    'ceterms:description': text(`Requires one of: ${group.map(name).join('; ')}`),
    'ceterms:alternativeCondition': group.map(single),
  };
}

class Exporter {
  private readonly graph: Node[] = [];
  private readonly partners: Map<string, Partner>;
  private readonly credentials: Map<string, Credential>;
  private readonly programs: Map<string, Program>;
  private readonly occupations: Map<string, Occupation>;
  private readonly edges: Edge[];
  private readonly outcomes = new Map<string, Outcome[]>();

  constructor(private readonly bundle: Bundle) {
    for (const outcome of bundle.outcomes ?? []) {
      this.outcomes.set(outcome.programId, [...(this.outcomes.get(outcome.programId) ?? []), outcome]);
    }
    this.partners = new Map((bundle.partners ?? []).map((p) => [p.id, p]));
    this.credentials = new Map((bundle.credentials ?? []).map((c) => [c.id, c]));
    this.programs = new Map((bundle.programs ?? []).map((p) => [p.id, p]));
    this.occupations = new Map((bundle.occupations ?? []).map((o) => [o.id, o]));
    this.edges = bundle.edges ?? [];
  }

  private partnerRef(id: string): string {
    const partner = this.partners.get(id);
    return partner ? iriOf('partner', partner) : `_:partner/${id}`;
  }

  private credentialRef(id: string): string {
    const credential = this.credentials.get(id);
    return credential ? iriOf('credential', credential) : `_:credential/${id}`;
  }

  private programRef(id: string): string {
    const program = this.programs.get(id);
    return program ? iriOf('program', program) : `_:program/${id}`;
  }

  private occupationRef(id: string): string {
    return `_:occupation/${id}`;
  }

  private credentialName = (id: string): string => this.credentials.get(id)?.name ?? id;

  run(): object {
    for (const partner of this.partners.values()) this.graph.push(partnerNode(partner));
    for (const credential of this.credentials.values()) this.graph.push(this.credentialNode(credential));
    for (const program of this.programs.values()) this.graph.push(this.programNode(program));
    for (const occupation of this.occupations.values()) this.graph.push(this.occupationNode(occupation));
    for (const pathway of this.bundle.pathways ?? []) this.pathwayNodes(pathway);
    for (const edge of this.edges) if (edge.kind === 'ARTICULATES_TO') this.graph.push(this.transferNode(edge));
    return { '@context': CTDL_CONTEXT, '@graph': this.graph };
  }

  private credentialNode(credential: Credential): Node {
    const node: Node = {
      '@id': iriOf('credential', credential),
      '@type': CREDENTIAL_TYPE_CLASS[credential.type],
    };
    if (credential.ctid !== undefined) node['ceterms:ctid'] = credential.ctid;
    node['ceterms:name'] = text(credential.name);
    node['ceterms:identifier'] = [identifier(credential.id)];
    if (credential.issuerId !== undefined) node['ceterms:ownedBy'] = [this.partnerRef(credential.issuerId)];
    // How the credential is earned: one condition per program that awards it (any one will do).
    const awarding = [...this.programs.values()].filter((p) => p.awards.includes(credential.id));
    if (awarding.length > 0) {
      node['ceterms:requires'] = awarding.map((program) => ({
        '@type': 'ceterms:ConditionProfile',
        'ceterms:description': text(`Completion of ${program.name}`),
        'ceterms:targetLearningOpportunity': [this.programRef(program.id)],
      }));
    }
    const stacks = this.edges.filter(
      (e): e is Extract<Edge, { kind: 'STACKS_INTO' }> => e.kind === 'STACKS_INTO' && e.from === credential.id,
    );
    if (stacks.length > 0) {
      node['ceterms:isAdvancedStandingFor'] = stacks.map((edge) => {
        const profile: Node = {
          '@type': 'ceterms:ConditionProfile',
          'ceterms:description': text(`Counts toward ${this.credentialName(edge.to)}`),
          'ceterms:targetCredential': [this.credentialRef(edge.to)],
        };
        if (edge.creditsApplied !== undefined) profile['ceterms:creditValue'] = [valueProfile(edge.creditsApplied)];
        return profile;
      });
    }
    const qualifies = this.edges.filter((e) => e.kind === 'QUALIFIES_FOR' && e.from === credential.id);
    if (qualifies.length > 0) {
      node['ceterms:occupationType'] = qualifies.map((edge) => {
        const occupation = this.occupations.get(edge.to);
        const item = alignment(undefined, this.occupationRef(edge.to), occupation?.title ?? edge.to);
        const code = occupation?.onetSoc ?? occupation?.soc;
        if (code !== undefined) item['ceterms:codedNotation'] = code;
        return item;
      });
    }
    return node;
  }

  private programNode(program: Program): Node {
    const node: Node = { '@id': iriOf('program', program), '@type': 'ceterms:LearningProgram' };
    if (program.ctid !== undefined) node['ceterms:ctid'] = program.ctid;
    node['ceterms:name'] = text(program.name);
    node['ceterms:identifier'] = [identifier(program.id)];
    node['ceterms:offeredBy'] = [this.partnerRef(program.providerId)];
    node['ceterms:estimatedDuration'] = [
      { '@type': 'ceterms:DurationProfile', 'ceterms:exactDuration': monthsIsoDuration(program.months) },
    ];
    if (program.cost !== undefined) {
      node['ceterms:estimatedCost'] = [
        {
          '@type': 'ceterms:CostProfile',
          'ceterms:price': program.cost,
          'ceterms:currency': 'USD',
          'ceterms:directCostType': alignment(
            'https://credreg.net/ctdl/terms/CostType',
            'costType:AggregateCost',
            'Aggregate Cost',
          ),
        },
      ];
    }
    if (program.credits !== undefined) node['ceterms:creditValue'] = [valueProfile(program.credits)];
    if (program.cip !== undefined) {
      const cip = alignment(CIP_FRAMEWORK, undefined, CIP_FRAMEWORK_NAME);
      cip['ceterms:codedNotation'] = program.cip;
      node['ceterms:instructionalProgramType'] = [cip];
    }
    // CTDL has no term for pay while training; schema.org's WorkBasedProgram does.
    if (program.trainingWage !== undefined) {
      node['schema:trainingSalary'] = {
        '@type': 'schema:MonetaryAmountDistribution',
        'schema:currency': 'USD',
        'schema:duration': 'P1Y',
        'schema:median': program.trainingWage,
      };
    }
    if (program.modality !== undefined) {
      const concept = MODALITY_DELIVERY_TYPE[program.modality];
      node['ceterms:deliveryType'] = [alignment('https://credreg.net/ctdl/terms/Delivery', concept, program.modality)];
    }
    for (const schedule of program.schedules ?? []) {
      const { term, concept } = SCHEDULE_EXPORT[schedule];
      const list = (node[term] as Node[] | undefined) ?? [];
      list.push(alignment(undefined, concept, schedule));
      node[term] = list;
    }
    if (program.languages !== undefined && program.languages.length > 0) node['ceterms:inLanguage'] = program.languages;
    if (program.requires !== undefined && program.requires.length > 0) {
      node['ceterms:entryCondition'] = program.requires.map((group) =>
        requirementProfile(group, (id) => this.credentialRef(id), this.credentialName),
      );
    }
    const outcomes = this.outcomes.get(program.id);
    if (outcomes !== undefined) node['ceterms:aggregateData'] = outcomeProfiles(program.name, outcomes);
    return node;
  }

  private occupationNode(occupation: Occupation): Node {
    const node: Node = {
      '@id': this.occupationRef(occupation.id),
      '@type': 'ceterms:Occupation',
      'ceterms:name': text(occupation.title),
      'ceterms:identifier': [identifier(occupation.id)],
    };
    if (occupation.description !== undefined) node['ceterms:description'] = text(occupation.description);
    const codes: Node[] = [];
    if (occupation.onetSoc !== undefined) {
      codes.push({
        ...alignment('https://www.onetcenter.org/taxonomy.html', undefined, occupation.title),
        'ceterms:codedNotation': occupation.onetSoc,
      });
    } else if (occupation.soc !== undefined) {
      codes.push({
        ...alignment('https://www.bls.gov/soc/', undefined, occupation.title),
        'ceterms:codedNotation': occupation.soc,
      });
    }
    if (codes.length > 0) node['ceterms:occupationType'] = codes;
    return node;
  }

  /**
   * A pathway with its components: a CourseComponent per program (conditions = its requirement
   * groups), a CredentialComponent per credential those programs award or require (awarded ones
   * conditioned on "one of the programs awarding it"), and a JobComponent per destination
   * occupation (conditioned on the pathway credentials that qualify for it).
   */
  private pathwayNodes(pathway: Pathway): void {
    const pathwayIri = iriOf('pathway', pathway);
    const base = `_:pathway/${pathway.id}`;
    const programs = (pathway.programIds ?? [])
      .map((id) => this.programs.get(id))
      .filter((p): p is Program => p !== undefined);
    const courseIri = (id: string) => `${base}/program/${id}`;
    const credentialIri = (id: string) => `${base}/credential/${id}`;
    const jobIri = (id: string) => `${base}/occupation/${id}`;
    const awarded = new Set(programs.flatMap((p) => p.awards));
    const required = new Set(programs.flatMap((p) => (p.requires ?? []).flat()));
    const credentialIds = [...new Set([...awarded, ...required])].filter((id) => this.credentials.has(id));
    const components: Node[] = [];
    const partOf = { 'ceterms:isPartOf': [pathwayIri] };

    for (const program of programs) {
      const component: Node = {
        '@id': courseIri(program.id),
        '@type': 'ceterms:CourseComponent',
        'ceterms:name': text(program.name),
        'ceterms:proxyFor': this.programRef(program.id),
        ...partOf,
      };
      const groups = (program.requires ?? []).map((g) => g.filter((id) => this.credentials.has(id)));
      if (groups.some((g) => g.length > 0)) {
        component['ceterms:hasCondition'] = groups
          .filter((g) => g.length > 0)
          .map((group) => ({
            '@type': 'ceterms:ComponentCondition',
            'ceterms:requiredNumber': 1,
            'ceterms:targetComponent': group.map(credentialIri),
          }));
      }
      components.push(component);
    }
    for (const id of credentialIds) {
      const credential = this.credentials.get(id) as Credential;
      const component: Node = {
        '@id': credentialIri(id),
        '@type': 'ceterms:CredentialComponent',
        'ceterms:name': text(credential.name),
        'ceterms:credentialType': CREDENTIAL_TYPE_CLASS[credential.type],
        'ceterms:proxyFor': this.credentialRef(id),
        ...partOf,
      };
      const awardedBy = programs.filter((p) => p.awards.includes(id));
      if (awardedBy.length > 0) {
        component['ceterms:hasCondition'] = [
          {
            '@type': 'ceterms:ComponentCondition',
            'ceterms:requiredNumber': 1,
            'ceterms:targetComponent': awardedBy.map((p) => courseIri(p.id)),
          },
        ];
      }
      components.push(component);
    }
    const destinations: string[] = [];
    for (const occupationId of pathway.destinationOccupationIds ?? []) {
      const occupation = this.occupations.get(occupationId);
      if (!occupation) continue;
      const component: Node = {
        '@id': jobIri(occupationId),
        '@type': 'ceterms:JobComponent',
        'ceterms:name': text(occupation.title),
        'ceterms:proxyFor': this.occupationRef(occupationId),
        ...partOf,
      };
      const qualifying = credentialIds.filter((c) =>
        this.edges.some((e) => e.kind === 'QUALIFIES_FOR' && e.from === c && e.to === occupationId),
      );
      if (qualifying.length > 0) {
        component['ceterms:hasCondition'] = [
          {
            '@type': 'ceterms:ComponentCondition',
            'ceterms:requiredNumber': 1,
            'ceterms:targetComponent': qualifying.map(credentialIri),
          },
        ];
      }
      components.push(component);
      destinations.push(jobIri(occupationId));
    }
    if (destinations.length === 0) {
      // Without a destination occupation, the top of the ladder: what is awarded and not required further on.
      destinations.push(
        ...[...awarded].filter((id) => this.credentials.has(id) && !required.has(id)).map(credentialIri),
      );
    }

    const node: Node = { '@id': pathwayIri, '@type': 'ceterms:Pathway' };
    if (pathway.ctid !== undefined) node['ceterms:ctid'] = pathway.ctid;
    node['ceterms:name'] = text(pathway.name);
    node['ceterms:identifier'] = [identifier(pathway.id)];
    const byRole = (role: string) =>
      (pathway.partnerRoles ?? []).filter((r) => r.role === role).map((r) => this.partnerRef(r.partnerId));
    const owners = byRole('Lead');
    const providers = byRole('Provider');
    if (owners.length > 0) node['ceterms:ownedBy'] = owners;
    if (providers.length > 0) node['ceterms:offeredBy'] = providers;
    if (destinations.length > 0) node['ceterms:hasDestinationComponent'] = destinations;
    if (components.length > 0) node['ceterms:hasPart'] = components.map((c) => c['@id']);
    this.graph.push(node, ...components);
  }

  private transferNode(edge: Extract<Edge, { kind: 'ARTICULATES_TO' }>): Node {
    const node: Node = { '@id': `_:transfer/${edge.from}/${edge.to}`, '@type': 'ceterms:TransferValueProfile' };
    // The agreement is the profile's name; without one the profile has a description only.
    if (edge.agreement !== undefined) node['ceterms:name'] = text(edge.agreement);
    node['ceterms:description'] = text(
      `Credit for ${this.credentialName(edge.from)} toward ${this.programs.get(edge.to)?.name ?? edge.to}`,
    );
    node['ceterms:transferValueFrom'] = [this.credentialRef(edge.from)];
    node['ceterms:transferValueFor'] = [this.programRef(edge.to)];
    node['ceterms:transferValue'] = [valueProfile(edge.credits)];
    return node;
  }
}

/** A Credential Registry style `{ "@context", "@graph" }` document for a bundle. */
export function bundleToCtdl(bundle: Bundle): object {
  return new Exporter(bundle).run();
}
