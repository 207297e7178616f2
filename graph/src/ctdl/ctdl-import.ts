/**
 * CTDL JSON-LD (Credential Registry documents) → pathway bundle. Pure: no Neo4j, no HTTP.
 * The mapping, its defaults and what is left out are described in ./README.md; every default
 * applied is listed in `warnings`, every node type and property not mapped in `unmapped`.
 */
import {
  type Bundle,
  bundleSchema,
  type Credential,
  type Edge,
  ID_PATTERN,
  type Occupation,
  type Partner,
  type Pathway,
  type Program,
} from '../model/bundle.ts';
import { asArray, CTID_PATTERN, CtdlGraph, type CtdlNode, ctidInIri, isObject, type Ref } from './ctdl-jsonld.ts';
import {
  COMPONENT_CLASSES,
  type ComponentRole,
  CREDENTIAL_CLASSES,
  conceptName,
  DELIVERY_TYPES,
  isoDurationMonths,
  LEARNING_CLASSES,
  OCCUPATION_CLASSES,
  ORGANIZATION_CLASSES,
  ORGANIZATION_TYPES,
  PARTNER_KIND_LABELS,
  SCHEDULE_CONCEPTS,
} from './ctdl-vocabulary.ts';
import { allOf, anyOf, type Cnf, item, type Requirement, toCnf } from './requirements.ts';

export interface CtdlImportResult {
  bundle: Bundle;
  /** Every node type and property the mapping left out, with counts. */
  unmapped: string[];
  /** Every default applied and every approximation made. */
  warnings: string[];
}

export interface CtdlImportOptions {
  /** Names the document in `bundle.source` and in error messages (e.g. the file name). */
  sourceName?: string;
}

/** The document is not CTDL JSON-LD at all (valid JSON of some other shape). */
export class CtdlFormatError extends Error {
  override readonly name = 'CtdlFormatError';
}

/** `ceterms:identifier` type name under which the exporter keeps the bundle's own ids. */
export const BUNDLE_ID_IDENTIFIER = 'pathway-graph id';
/** The partner programs get when the document names no organization at all. */
export const UNKNOWN_PROVIDER_ID = 'unknown-provider';

type CredentialType = Credential['type'];
type PartnerKind = Partner['kind'];
type EntityKind = 'partner' | 'credential' | 'program' | 'occupation' | 'pathway';

type Classified =
  | { kind: 'credential'; cls: string }
  | { kind: 'program'; cls: string }
  | { kind: 'partner'; cls: string }
  | { kind: 'pathway'; cls: string }
  | { kind: 'component'; cls: string; role: ComponentRole }
  | { kind: 'occupation'; cls: string }
  | { kind: 'transfer'; cls: string };

/** What a requirement item (a node taking part in conditions) stands for in the bundle. */
interface ItemInfo {
  node: CtdlNode;
  role: 'credential' | 'program' | 'occupation' | 'other';
  entityId?: string;
  label: string;
}

const NAME_MAX = 2000;
/** Marks an embedded node (a profile, a condition) as read, so its unread properties are listed. */
const READ = '@read';
const MONTHS_MAX = 240;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/**
 * Whether `json` looks like CTDL JSON-LD: a document with `@graph`, a bare array of nodes with
 * CTDL types, or a single node with a CTDL `@type`. A pathway bundle is never taken for one.
 */
export function isCtdlDocument(json: unknown): boolean {
  if (isObject(json) && json.format === 'pathway-bundle') return false;
  if (isObject(json) && Array.isArray(json['@graph'])) return true;
  const raw = Array.isArray(json) ? json.filter(isObject) : isObject(json) ? [json] : [];
  const graph = CtdlGraph.read(json);
  if (!graph || raw.length === 0) return false;
  return graph.nodes.some((node, i) => {
    // With `@type` any class in a CTDL namespace will do; the bare `type` alias must name a
    // class this mapping knows (so that, say, GeoJSON is not taken for CTDL).
    const explicit = '@type' in (raw[i] ?? {});
    return node.types.some((t) => (explicit && /^(ceterms|ceasn|asn):/.test(t)) || classify(node, t) !== undefined);
  });
}

/** One document from several (e.g. a LearningProgram and its Course files): nodes merged by `@id`. */
export function mergeCtdlDocuments(documents: unknown[]): object {
  const nodes: unknown[] = [];
  const seen = new Set<string>();
  let context: unknown;
  for (const document of documents) {
    const list = Array.isArray(document)
      ? document
      : isObject(document) && document['@graph'] !== undefined
        ? asArray(document['@graph'])
        : [document];
    if (context === undefined && isObject(document)) context = document['@context'];
    for (const node of list) {
      if (!isObject(node)) continue;
      const id = node['@id'] ?? node.id;
      if (typeof id === 'string') {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const copy: Record<string, unknown> = { ...node };
      // A node keeps the context of the document it came from.
      if (copy['@context'] === undefined && isObject(document) && document['@context'] !== undefined) {
        copy['@context'] = document['@context'];
      }
      nodes.push(copy);
    }
  }
  return { '@context': context ?? 'https://credreg.net/ctdl/schema/context/json', '@graph': nodes };
}

function classify(node: CtdlNode, only?: string): Classified | undefined {
  for (const cls of only === undefined ? node.types : [only]) {
    if (cls in CREDENTIAL_CLASSES) return { kind: 'credential', cls };
    if (LEARNING_CLASSES.has(cls)) return { kind: 'program', cls };
    if (ORGANIZATION_CLASSES.has(cls)) return { kind: 'partner', cls };
    if (cls === 'ceterms:Pathway') return { kind: 'pathway', cls };
    const role = COMPONENT_CLASSES[cls];
    if (role !== undefined) return { kind: 'component', cls, role };
    if (OCCUPATION_CLASSES.has(cls)) return { kind: 'occupation', cls };
    if (cls === 'ceterms:TransferValueProfile') return { kind: 'transfer', cls };
  }
  return undefined;
}

function shortList(items: string[], max = 8): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** A string made into a bundle id: allowed characters only, starting with a letter or digit. */
export function sanitizeId(raw: string): string | undefined {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 128);
  return ID_PATTERN.test(cleaned) ? cleaned : undefined;
}

/** The last meaningful segment of an IRI or blank-node id. */
function iriTail(iri: string): string {
  const withoutBlank = iri.replace(/^_:/, '');
  const parts = withoutBlank.split(/[/#]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? withoutBlank;
}

class Importer {
  private readonly warnings: string[] = [];
  private readonly grouped = new Map<string, string[]>();
  private readonly partners: Partner[] = [];
  private readonly credentials: Credential[] = [];
  private readonly programs: Program[] = [];
  private readonly occupations: Occupation[] = [];
  private readonly pathways: Pathway[] = [];
  private readonly edges: Edge[] = [];
  private readonly edgeKeys = new Set<string>();
  private readonly usedIds: Record<EntityKind, Set<string>> = {
    partner: new Set(),
    credential: new Set(),
    program: new Set(),
    occupation: new Set(),
    pathway: new Set(),
  };
  private readonly partnerOfNode = new Map<CtdlNode, string>();
  private readonly placeholderOfIri = new Map<string, string>();
  private readonly credentialOfNode = new Map<CtdlNode, string>();
  private readonly programOfNode = new Map<CtdlNode, string>();
  private readonly occupationOfNode = new Map<CtdlNode, string>();
  private readonly classOf = new Map<CtdlNode, Classified | undefined>();
  private readonly mapped = new Set<CtdlNode>();
  /** Requirement items by key; a key per node, or `missing:<iri>` for a reference not in the document. */
  private readonly items = new Map<string, ItemInfo>();
  private readonly itemKeyOfNode = new Map<CtdlNode, string>();
  /** The pathway a component belongs to (its programs take the pathway's provider). */
  private readonly pathwayOfComponent = new Map<CtdlNode, CtdlNode>();
  /** Item requirements (item key → requirement) gathered from conditions and condition profiles. */
  private readonly requirementOf = new Map<string, Requirement>();
  private readonly childrenDefaulted: string[] = [];
  /** Inverse links: who `ceterms:precedes` a node, and who says it `isChildOf` a node. */
  private readonly precededBy = new Map<CtdlNode, CtdlNode[]>();
  private readonly childOf = new Map<CtdlNode, CtdlNode[]>();
  private readonly precedesLinks = new Set<string>();

  constructor(
    private readonly g: CtdlGraph,
    private readonly options: CtdlImportOptions,
  ) {}

  run(): CtdlImportResult {
    const g = this.g;
    for (const id of g.duplicateIds) this.warn(`@id ${id} appears more than once; the first node is used`);
    for (const node of g.nodes) this.classOf.set(node, this.classifyNode(node));
    for (const node of g.nodes) {
      for (const ref of this.peekRefs(node, 'ceterms:precedes')) {
        if (ref.node) this.precededBy.set(ref.node, [...(this.precededBy.get(ref.node) ?? []), node]);
      }
      for (const ref of this.peekRefs(node, 'ceasn:isChildOf', 'ceterms:isChildOf')) {
        if (ref.node) this.childOf.set(ref.node, [...(this.childOf.get(ref.node) ?? []), node]);
      }
    }

    for (const node of g.nodes) if (this.kindOf(node) === 'partner') this.partnerFromNode(node);
    for (const node of g.nodes) if (this.kindOf(node) === 'credential') this.credentialFromNode(node);
    for (const node of g.nodes) if (this.kindOf(node) === 'occupation') this.occupationFromNode(node);
    const pathwayNodes = g.nodes.filter((n) => this.kindOf(n) === 'pathway');
    const members = new Map<CtdlNode, CtdlNode[]>();
    for (const pathway of pathwayNodes) members.set(pathway, this.pathwayMembers(pathway));
    for (const node of g.nodes) if (this.kindOf(node) === 'program') this.programFromNode(node);
    for (const node of g.nodes) if (this.kindOf(node) === 'component') this.componentFromNode(node);

    this.gatherRequirements();
    const awardedByConditions = this.assignAwards();
    this.addCompletionCredentials();
    this.applyRequirements(awardedByConditions);
    this.stackingAndTransfer();
    // Programs first met in the step above (embedded in a link) need an award too.
    this.addCompletionCredentials();
    for (const pathway of pathwayNodes) this.pathwayFromNode(pathway, members.get(pathway) ?? []);

    if (this.childrenDefaulted.length > 0) {
      this.warn(
        `components with ceterms:hasChild but no ceterms:hasCondition require all their children: ${shortList(this.childrenDefaulted)}`,
      );
    }
    if (this.precedesLinks.size > 0) {
      this.warn(
        `ceterms:precedes is a suggested order in CTDL; its ${this.precedesLinks.size} link(s) were imported as requirements`,
      );
    }
    const bundle = this.assemble();
    if (
      (bundle.partners?.length ?? 0) +
        (bundle.credentials?.length ?? 0) +
        (bundle.programs?.length ?? 0) +
        (bundle.pathways?.length ?? 0) +
        (bundle.occupations?.length ?? 0) ===
      0
    ) {
      this.warn('the document holds no CTDL node this mapping imports; the bundle is empty');
    }
    const checked = bundleSchema.safeParse(bundle);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(`CTDL import produced an invalid bundle (a bug in the mapping): ${issues.join('; ')}`);
    }
    const warnings = [
      ...this.warnings,
      ...[...this.grouped].map(([category, names]) => `${category}: ${shortList(names)}`),
    ];
    return { bundle: checked.data, unmapped: this.unmappedReport(), warnings };
  }

  // ---------------------------------------------------------------- notes

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** A warning that lists many entities under one sentence. */
  private warnAbout(category: string, name: string): void {
    const list = this.grouped.get(category) ?? [];
    if (!list.includes(name)) list.push(name);
    this.grouped.set(category, list);
  }

  private unmappedReport(): string[] {
    const types = new Map<string, number>();
    const properties = new Map<string, number>();
    for (const node of this.g.nodes) {
      const cls = this.classOf.get(node);
      if (cls === undefined) {
        const label = node.types.length > 0 ? node.types.join(' / ') : '(node without @type)';
        types.set(label, (types.get(label) ?? 0) + 1);
      }
    }
    for (const node of this.g.allNodes) {
      const top = node.order >= 0;
      if (top && !this.mapped.has(node)) continue;
      // An embedded node counts only when something in it was read (otherwise its property is listed).
      if (!top && !node.used.has(READ) && ![...node.used].some((k) => !k.startsWith('@'))) continue;
      const label = node.types[0] ?? '(node without @type)';
      for (const key of Object.keys(node.data)) {
        if (node.used.has(key) || key.startsWith('@')) continue;
        const entry = `${key} on ${label}`;
        properties.set(entry, (properties.get(entry) ?? 0) + 1);
      }
    }
    return [
      ...[...types].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ×${n} (not in the pathway model)`),
      ...[...properties].sort(([a], [b]) => a.localeCompare(b)).map(([p, n]) => `${p} (${n})`),
    ];
  }

  // ---------------------------------------------------------------- classification and ids

  private classifyNode(node: CtdlNode): Classified | undefined {
    const cls = classify(node);
    if (cls?.kind === 'component' && cls.cls === 'ceterms:BasicComponent') {
      // A BasicComponent's category is free text; two kinds are common enough to honour.
      const had = node.used.has('ceterms:componentCategory');
      const category = this.g.text(node, 'ceterms:componentCategory') ?? '';
      if (!had) node.used.delete('ceterms:componentCategory');
      if (/career|job|occupation/i.test(category)) return { ...cls, role: 'job' };
      if (/selection/i.test(category)) return { ...cls, role: 'selection' };
    }
    return cls;
  }

  private roleOf(node: CtdlNode): ComponentRole | undefined {
    const cls = this.classOf.get(node);
    return cls?.kind === 'component' ? cls.role : undefined;
  }

  private kindOf(node: CtdlNode): Classified['kind'] | undefined {
    if (!this.classOf.has(node)) this.classOf.set(node, this.classifyNode(node));
    return this.classOf.get(node)?.kind;
  }

  private label(node: CtdlNode): string {
    const name = this.peekName(node);
    const id = node.id ?? '(anonymous)';
    return name === undefined ? id : `"${name}"`;
  }

  private peekName(node: CtdlNode): string | undefined {
    const had = node.used.has('ceterms:name');
    const name = this.g.text(node, 'ceterms:name');
    if (!had) node.used.delete('ceterms:name');
    return name;
  }

  /** The ids the exporter wrote into `ceterms:identifier`, when present. */
  private bundleIdOf(node: CtdlNode): string | undefined {
    for (const identifier of this.g.objects(node, 'ceterms:identifier')) {
      const typeName = this.g.text(identifier, 'ceterms:identifierTypeName');
      const value = this.g.text(identifier, 'ceterms:identifierValueCode');
      if (typeName?.toLowerCase() === BUNDLE_ID_IDENTIFIER && value !== undefined && ID_PATTERN.test(value))
        return value;
    }
    return undefined;
  }

  /** The node's CTID: `ceterms:ctid` when valid, else one in its `@id` (with a warning). */
  private ctidOf(node: CtdlNode): string | undefined {
    const declared = this.g.text(node, 'ceterms:ctid');
    if (declared !== undefined && CTID_PATTERN.test(declared)) return declared;
    const fromIri = node.id === undefined ? undefined : ctidInIri(node.id);
    if (declared !== undefined) {
      this.warn(
        fromIri === undefined
          ? `${this.label(node)}: ceterms:ctid "${declared}" is not a valid CTID; left out`
          : `${this.label(node)}: ceterms:ctid "${declared}" is not a valid CTID; used ${fromIri} from its @id`,
      );
    }
    return fromIri;
  }

  private claimId(kind: EntityKind, candidates: (string | undefined)[], fallback: string): string {
    const taken = this.usedIds[kind];
    for (const candidate of candidates) {
      const id = candidate === undefined ? undefined : sanitizeId(candidate);
      if (id !== undefined && !taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
    const base =
      candidates.map((c) => (c === undefined ? undefined : sanitizeId(c))).find((c) => c !== undefined) ?? fallback;
    for (let n = 2; ; n++) {
      const id = `${base.slice(0, 120)}-${n}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  }

  private idFor(kind: EntityKind, node: CtdlNode, ctid: string | undefined): string {
    return this.claimId(
      kind,
      [this.bundleIdOf(node), ctid, node.id === undefined ? undefined : iriTail(node.id)],
      `${kind}-${this.usedIds[kind].size + 1}`,
    );
  }

  private nameOf(node: CtdlNode, what: string, id: string): string {
    const name = this.g.text(node, 'ceterms:name');
    if (name !== undefined) return name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name;
    this.warnAbout('nodes without ceterms:name were named after their type and id', id);
    // `ceterms:AssessmentComponent` → "Assessment component".
    const local = node.types[0]?.replace(/^.*:/, '');
    const label =
      local === undefined
        ? what
        : local
            .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
            .replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);
    return `${label} ${id}`;
  }

  // ---------------------------------------------------------------- partners

  private partnerFromNode(node: CtdlNode): string {
    const known = this.partnerOfNode.get(node);
    if (known !== undefined) return known;
    this.mapped.add(node);
    const ctid = this.ctidOf(node);
    const id = this.idFor('partner', node, ctid);
    const partner: Partner = { id, name: this.nameOf(node, 'Organization', id), kind: this.partnerKind(node) };
    const url = this.g.text(node, 'ceterms:subjectWebpage');
    if (url !== undefined && HTTP_URL.test(url) && url.length <= 2000) partner.url = url;
    this.partners.push(partner);
    this.partnerOfNode.set(node, id);
    return id;
  }

  private partnerKind(node: CtdlNode): PartnerKind {
    const concepts = this.g.concepts(node, 'ceterms:agentType');
    const byLabel = new Map(Object.entries(PARTNER_KIND_LABELS).map(([kind, label]) => [label.toLowerCase(), kind]));
    let postsecondary = false;
    for (const { concept, label } of concepts) {
      const name = concept === undefined ? undefined : conceptName(concept);
      if (name !== undefined && ORGANIZATION_TYPES[name] !== undefined) return ORGANIZATION_TYPES[name];
      if (name === 'Postsecondary') postsecondary = true;
      if (concept === undefined && label !== undefined) {
        const kind = byLabel.get(label.toLowerCase());
        if (kind !== undefined && kind !== 'Other') return kind as PartnerKind;
      }
    }
    if (postsecondary) {
      const name = this.peekName(node) ?? '';
      return /community college|technical college|two-year|junior college/i.test(name)
        ? 'CommunityCollege'
        : 'University';
    }
    return 'Other';
  }

  /** The partner for an organization reference; a placeholder for one not in the document when asked. */
  private partnerForRefs(refs: Ref[], placeholder: boolean): string | undefined {
    for (const ref of refs) {
      if (ref.node && this.kindOf(ref.node) === 'partner') return this.partnerFromNode(ref.node);
    }
    if (!placeholder) return undefined;
    const iri = refs.find((r) => r.iri !== undefined && r.node === undefined)?.iri;
    return iri === undefined ? undefined : this.placeholderPartner(iri);
  }

  private placeholderPartner(iri: string): string {
    const known = this.placeholderOfIri.get(iri);
    if (known !== undefined) return known;
    const id = this.claimId('partner', [ctidInIri(iri), iriTail(iri)], 'organization');
    const name = `Organization ${iri} (not in this document)`;
    this.partners.push({ id, name: name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name, kind: 'Other' });
    this.placeholderOfIri.set(iri, id);
    this.warnAbout(
      'organizations referenced but not in the document were added as placeholder partners (kind Other)',
      id,
    );
    return id;
  }

  private unknownProvider(): string {
    if (!this.usedIds.partner.has(UNKNOWN_PROVIDER_ID)) {
      this.usedIds.partner.add(UNKNOWN_PROVIDER_ID);
      this.partners.push({
        id: UNKNOWN_PROVIDER_ID,
        name: 'Unknown provider (not stated in the CTDL document)',
        kind: 'Other',
      });
    }
    return UNKNOWN_PROVIDER_ID;
  }

  // ---------------------------------------------------------------- credentials

  private credentialFromNode(node: CtdlNode): string {
    const known = this.credentialOfNode.get(node);
    if (known !== undefined) return known;
    this.mapped.add(node);
    const cls = this.classOf.get(node)?.cls ?? 'ceterms:Credential';
    const ctid = this.ctidOf(node);
    const id = this.idFor('credential', node, ctid);
    const credential: Credential = {
      id,
      name: this.nameOf(node, 'Credential', id),
      type: this.credentialType(node, cls),
    };
    const issuerId = this.partnerForRefs(this.g.refs(node, 'ceterms:ownedBy', 'ceterms:offeredBy'), true);
    if (issuerId !== undefined) credential.issuerId = issuerId;
    if (ctid !== undefined) credential.ctid = ctid;
    this.credentials.push(credential);
    this.credentialOfNode.set(node, id);
    this.registerItem(node, 'credential', id);
    return id;
  }

  private credentialType(node: CtdlNode, cls: string): CredentialType {
    if (cls === 'ceterms:Diploma') {
      const levels = this.g.concepts(node, 'ceterms:audienceLevelType');
      if (levels.some((l) => /Secondary/i.test(conceptName(l.concept ?? '')))) return 'HighSchoolDiploma';
    }
    return CREDENTIAL_CLASSES[cls] ?? 'Other';
  }

  // ---------------------------------------------------------------- occupations

  private occupationFromNode(node: CtdlNode): string {
    const known = this.occupationOfNode.get(node);
    if (known !== undefined) return known;
    this.mapped.add(node);
    const codes = this.occupationCodes(node);
    const ctid = this.ctidOf(node);
    const id = this.claimId(
      'occupation',
      [this.bundleIdOf(node), codes.onetSoc, ctid, node.id === undefined ? undefined : iriTail(node.id)],
      'occupation',
    );
    const occupation: Occupation = { id, title: this.nameOf(node, 'Occupation', id) };
    if (codes.soc !== undefined) occupation.soc = codes.soc;
    if (codes.onetSoc !== undefined) occupation.onetSoc = codes.onetSoc;
    const description = this.g.text(node, 'ceterms:description');
    if (description !== undefined) occupation.description = description.slice(0, 10_000);
    this.occupations.push(occupation);
    this.occupationOfNode.set(node, id);
    this.registerItem(node, 'occupation', id);
    return id;
  }

  /** SOC / O*NET-SOC codes from `ceterms:occupationType` alignments (`codedNotation`). */
  private occupationCodes(node: CtdlNode): { soc?: string; onetSoc?: string } {
    const out: { soc?: string; onetSoc?: string } = {};
    const alignments = this.g.objects(node, 'ceterms:occupationType');
    for (const alignment of alignments) {
      const code = this.g.text(alignment, 'ceterms:codedNotation');
      if (code === undefined) continue;
      this.g.values(alignment, 'ceterms:framework', 'ceterms:frameworkName', 'ceterms:targetNodeName');
      if (/^\d{2}-\d{4}\.\d{2}$/.test(code)) {
        out.onetSoc ??= code;
        out.soc ??= code.slice(0, 7);
      } else if (/^\d{2}-\d{4}$/.test(code)) out.soc ??= code;
    }
    if (alignments.length > 0 && out.soc === undefined) node.used.delete('ceterms:occupationType');
    return out;
  }

  // ---------------------------------------------------------------- programs

  private programFromNode(node: CtdlNode, pathway?: CtdlNode): string {
    const known = this.programOfNode.get(node);
    if (known !== undefined) return known;
    this.mapped.add(node);
    const ctid = this.ctidOf(node);
    const id = this.idFor('program', node, ctid);
    const program: Program = {
      id,
      name: this.nameOf(node, 'Program', id),
      providerId: this.providerOf(node, pathway, id),
      awards: [],
      months: this.monthsOf(node, id),
    };
    const cost = this.costOf(node, id);
    if (cost !== undefined) program.cost = cost;
    const credits = this.creditsOf(node);
    if (credits !== undefined) program.credits = credits;
    const modality = this.modalityOf(node);
    if (modality !== undefined) program.modality = modality;
    const schedules = this.schedulesOf(node);
    if (schedules.length > 0) program.schedules = schedules;
    const languages = [
      ...new Set(
        this.g
          .values(node, 'ceterms:inLanguage')
          .filter((l): l is string => typeof l === 'string' && LANGUAGE_TAG.test(l)),
      ),
    ];
    if (languages.length > 0) program.languages = languages;
    if (ctid !== undefined) program.ctid = ctid;
    this.programs.push(program);
    this.programOfNode.set(node, id);
    this.registerItem(node, 'program', id);
    return id;
  }

  private providerOf(node: CtdlNode, pathway: CtdlNode | undefined, id: string): string {
    const own = this.partnerForRefs(this.g.refs(node, 'ceterms:offeredBy', 'ceterms:ownedBy'), true);
    if (own !== undefined) return own;
    const context = pathway ?? this.pathwayOfComponent.get(node);
    if (context !== undefined) {
      const fromPathway = this.partnerForRefs(this.g.refs(context, 'ceterms:offeredBy', 'ceterms:ownedBy'), true);
      if (fromPathway !== undefined) {
        this.warnAbout("programs without ceterms:offeredBy/ownedBy take their pathway's organization", id);
        return fromPathway;
      }
    }
    this.warnAbout(`programs with no organization in reach have providerId "${UNKNOWN_PROVIDER_ID}"`, id);
    return this.unknownProvider();
  }

  private monthsOf(node: CtdlNode, id: string): number {
    const profiles = this.g.objects(node, 'ceterms:estimatedDuration');
    for (const profile of profiles) {
      profile.used.add(READ);
      const exact = this.duration(profile, 'ceterms:exactDuration');
      const low = this.duration(profile, 'ceterms:minimumDuration');
      const high = this.duration(profile, 'ceterms:maximumDuration');
      const months = exact ?? (low !== undefined && high !== undefined ? (low + high) / 2 : (high ?? low));
      if (months === undefined) continue;
      if (months > MONTHS_MAX) {
        this.warnAbout(`durations over ${MONTHS_MAX} months were capped at ${MONTHS_MAX}`, id);
        return MONTHS_MAX;
      }
      if (exact === undefined && low !== undefined && high !== undefined) {
        this.warnAbout('programs with a duration range take its midpoint as months', id);
      }
      return months;
    }
    this.warnAbout(
      profiles.length > 0
        ? 'programs whose ceterms:estimatedDuration has no ISO 8601 duration have months 0'
        : 'programs without ceterms:estimatedDuration have months 0',
      id,
    );
    return 0;
  }

  private duration(profile: CtdlNode, term: string): number | undefined {
    const text = this.g.text(profile, term);
    return text === undefined ? undefined : isoDurationMonths(text);
  }

  private costOf(node: CtdlNode, id: string): number | undefined {
    const profiles = this.g.objects(node, 'ceterms:estimatedCost');
    let total: number | undefined;
    let aggregate: number | undefined;
    for (const profile of profiles) {
      profile.used.add(READ);
      const price = this.g.number(profile, 'ceterms:price');
      if (price === undefined || price < 0) continue;
      const currency = this.g.text(profile, 'ceterms:currency');
      if (currency !== undefined && !/^(USD|US ?Dollars?|\$)$/i.test(currency)) {
        this.warnAbout(`costs not in US dollars were left out (${currency})`, id);
        continue;
      }
      const costType = this.g.concepts(profile, 'ceterms:directCostType').map((c) => conceptName(c.concept ?? ''));
      if (costType.includes('AggregateCost')) aggregate = (aggregate ?? 0) + price;
      total = (total ?? 0) + price;
    }
    if (aggregate !== undefined && total !== aggregate) {
      this.warnAbout('programs with an AggregateCost profile take it as cost (other cost profiles ignored)', id);
    }
    const cost = aggregate ?? total;
    return cost !== undefined && Number.isFinite(cost) ? cost : undefined;
  }

  private creditsOf(node: CtdlNode): number | undefined {
    for (const value of this.g.objects(node, 'ceterms:creditValue')) {
      const n = this.valueOf(value);
      if (n !== undefined) return n;
    }
    const legacy = this.g.number(node, 'ceterms:creditHourValue', 'ceterms:creditUnitValue');
    return legacy !== undefined && legacy >= 0 ? legacy : undefined;
  }

  /** The number of a ValueProfile / QuantitativeValue: value, else the maximum, else the minimum. */
  private valueOf(profile: CtdlNode): number | undefined {
    profile.used.add(READ);
    const n = this.g.number(profile, 'schema:value', 'ceterms:value', 'qdata:value');
    const result =
      n ?? this.g.number(profile, 'schema:maxValue', 'ceterms:maxValue', 'schema:minValue', 'ceterms:minValue');
    return result !== undefined && result >= 0 ? result : undefined;
  }

  private modalityOf(node: CtdlNode): Program['modality'] {
    const modalities = new Set(
      this.g
        .concepts(node, 'ceterms:deliveryType')
        .map((c) => DELIVERY_TYPES[conceptName(c.concept ?? '')])
        .filter((m) => m !== undefined),
    );
    if (modalities.has('hybrid') || (modalities.has('online') && modalities.has('in-person'))) return 'hybrid';
    return [...modalities][0];
  }

  private schedulesOf(node: CtdlNode): NonNullable<Program['schedules']> {
    const found = this.g
      .concepts(node, 'ceterms:scheduleTimingType', 'ceterms:scheduleFrequencyType')
      .map((c) => SCHEDULE_CONCEPTS[conceptName(c.concept ?? '')])
      .filter((s) => s !== undefined);
    return [...new Set(found)];
  }

  // ---------------------------------------------------------------- pathways and components

  /** The components of a pathway: hasPart, isPartOf, and all reachable from its destination. */
  private pathwayMembers(pathway: CtdlNode): CtdlNode[] {
    const g = this.g;
    const found: CtdlNode[] = [];
    const seen = new Set<CtdlNode>([pathway]);
    const queue: CtdlNode[] = [];
    const add = (node: CtdlNode | undefined) => {
      if (node === undefined || seen.has(node)) return;
      seen.add(node);
      found.push(node);
      queue.push(node);
    };
    for (const ref of g.refs(
      pathway,
      'ceterms:hasDestinationComponent',
      'ceterms:hasPart',
      'ceasn:hasPart',
      'ceterms:hasChild',
      'ceasn:hasChild',
    )) {
      add(ref.node);
    }
    for (const node of g.nodes) {
      if (node === pathway) continue;
      const parts = this.peekRefs(
        node,
        'ceterms:isPartOf',
        'ceasn:isPartOf',
        'ceterms:isDestinationComponentOf',
        'ceterms:isDestinationComponentFor',
      );
      if (parts.some((r) => r.node === pathway)) add(node);
    }
    while (queue.length > 0) {
      const node = queue.shift() as CtdlNode;
      for (const next of this.linkedComponents(node)) add(next);
    }
    for (const node of found) {
      if (!this.pathwayOfComponent.has(node)) this.pathwayOfComponent.set(node, pathway);
    }
    return found.sort((a, b) => a.order - b.order);
  }

  /** References read without recording them (they are recorded where they are mapped). */
  private peekRefs(node: CtdlNode, ...terms: string[]): Ref[] {
    const before = new Set(node.used);
    const refs = this.g.refs(node, ...terms);
    for (const term of terms) if (!before.has(term)) node.used.delete(term);
    return refs;
  }

  private linkedComponents(node: CtdlNode): CtdlNode[] {
    const refs = this.peekRefs(
      node,
      'ceterms:hasChild',
      'ceasn:hasChild',
      'ceterms:prerequisite',
      'ceterms:precededBy',
    );
    const out = refs.map((r) => r.node).filter((n): n is CtdlNode => n !== undefined);
    const seen = new Set<CtdlNode>([node]);
    const visitCondition = (condition: CtdlNode) => {
      seen.add(condition);
      for (const ref of this.peekRefs(condition, 'ceterms:targetComponent')) if (ref.node) out.push(ref.node);
      const had = condition.used.has('ceterms:hasCondition');
      for (const sub of this.nestedNodes(condition, seen, 'ceterms:hasCondition')) visitCondition(sub);
      if (!had) condition.used.delete('ceterms:hasCondition');
    };
    const had = node.used.has('ceterms:hasCondition');
    for (const condition of this.nestedNodes(node, seen, 'ceterms:hasCondition')) visitCondition(condition);
    if (!had) node.used.delete('ceterms:hasCondition');
    out.push(...(this.precededBy.get(node) ?? []), ...(this.childOf.get(node) ?? []));
    return out;
  }

  /** The node a component stands in for (`ceterms:proxyFor`, or `ceterms:sourceData` in older documents). */
  private proxyOf(node: CtdlNode, kinds: Classified['kind'][]): CtdlNode | undefined {
    for (const term of ['ceterms:proxyFor', 'ceterms:proxyForList', 'ceterms:sourceData']) {
      const had = node.used.has(term);
      const target = this.g
        .refs(node, term)
        .find((r) => r.node && kinds.includes(this.kindOf(r.node) as Classified['kind']));
      if (target?.node) return target.node;
      if (!had) node.used.delete(term);
    }
    return undefined;
  }

  private componentFromNode(node: CtdlNode): void {
    const cls = this.classOf.get(node);
    if (cls?.kind !== 'component') return;
    this.mapped.add(node);
    switch (cls.role) {
      case 'credential': {
        const proxy = this.proxyOf(node, ['credential']);
        if (proxy) {
          this.registerItem(node, 'credential', this.credentialFromNode(proxy));
          this.g.values(node, 'ceterms:name', 'ceterms:credentialType');
          return;
        }
        const ctid = this.ctidOf(node);
        const id = this.idFor('credential', node, ctid);
        const typeTerm = this.g.values(node, 'ceterms:credentialType').find((t) => typeof t === 'string');
        const typeClass = typeof typeTerm === 'string' ? this.g.canonicalTerm(typeTerm) : undefined;
        const type = typeClass === undefined ? 'Other' : this.credentialType(node, typeClass);
        if (typeClass === undefined)
          this.warnAbout('credential components without ceterms:credentialType have type Other', id);
        const credential: Credential = { id, name: this.nameOf(node, 'Credential component', id), type };
        if (ctid !== undefined) credential.ctid = ctid;
        this.credentials.push(credential);
        this.credentialOfNode.set(node, id);
        this.registerItem(node, 'credential', id);
        return;
      }
      case 'step': {
        const proxy = this.proxyOf(node, ['program']);
        if (proxy) {
          this.registerItem(node, 'program', this.programFromNode(proxy, this.pathwayOfComponent.get(node)));
          this.g.values(node, 'ceterms:name');
          return;
        }
        const id = this.programFromNode(node);
        this.warnAbout('pathway components that stand for no program in the document became programs', id);
        return;
      }
      case 'job': {
        const proxy = this.proxyOf(node, ['occupation']);
        if (proxy) {
          this.registerItem(node, 'occupation', this.occupationFromNode(proxy));
          this.g.values(node, 'ceterms:name');
          return;
        }
        this.occupationFromNode(node);
        if (cls.cls === 'ceterms:BasicComponent') this.g.values(node, 'ceterms:componentCategory');
        return;
      }
      case 'selection':
        if (cls.cls === 'ceterms:BasicComponent') this.g.values(node, 'ceterms:componentCategory');
        this.registerItem(node, 'other');
        return;
    }
  }

  private registerItem(node: CtdlNode, role: ItemInfo['role'], entityId?: string): string {
    const key = this.keyOf(node);
    const existing = this.items.get(key);
    if (existing && existing.role !== 'other') return key;
    this.items.set(key, { node, role, entityId, label: entityId ?? this.label(node) });
    return key;
  }

  private keyOf(node: CtdlNode): string {
    let key = this.itemKeyOfNode.get(node);
    if (key === undefined) {
      key = `n${this.itemKeyOfNode.size}`;
      this.itemKeyOfNode.set(node, key);
    }
    return key;
  }

  private keyOfRef(ref: Ref): string | undefined {
    if (ref.node) return this.keyOf(ref.node);
    return ref.iri === undefined ? undefined : `missing:${ref.iri}`;
  }

  private pathwayFromNode(node: CtdlNode, members: CtdlNode[]): void {
    this.mapped.add(node);
    const ctid = this.ctidOf(node);
    const id = this.idFor('pathway', node, ctid);
    const pathway: Pathway = { id, name: this.nameOf(node, 'Pathway', id) };
    const programIds: string[] = [];
    for (const member of members) {
      const info = this.items.get(this.keyOf(member));
      if (info?.role === 'program' && info.entityId !== undefined && !programIds.includes(info.entityId)) {
        programIds.push(info.entityId);
      }
    }
    if (programIds.length > 0) pathway.programIds = this.inRequirementOrder(programIds);
    const destinations = this.g.refs(node, 'ceterms:hasDestinationComponent');
    const destinationNodes = new Set(destinations.map((d) => d.node).filter((n) => n !== undefined));
    for (const member of members) {
      const back = this.peekRefs(member, 'ceterms:isDestinationComponentOf', 'ceterms:isDestinationComponentFor');
      if (back.some((r) => r.node === node)) {
        destinationNodes.add(member);
        this.g.values(member, 'ceterms:isDestinationComponentOf', 'ceterms:isDestinationComponentFor');
      }
    }
    const occupations: string[] = [];
    for (const destination of destinationNodes) {
      const info = this.items.get(this.keyOf(destination));
      if (info?.role === 'occupation' && info.entityId !== undefined && !occupations.includes(info.entityId)) {
        occupations.push(info.entityId);
      }
    }
    if (occupations.length > 0) pathway.destinationOccupationIds = occupations;
    for (const member of members) {
      this.g.values(member, 'ceterms:isPartOf', 'ceasn:isPartOf', 'ceasn:isChildOf', 'ceterms:isChildOf');
    }
    this.g.values(node, 'ceterms:hasPart', 'ceasn:hasPart', 'ceterms:hasChild', 'ceasn:hasChild');
    const roles: NonNullable<Pathway['partnerRoles']> = [];
    const addRole = (term: string, role: 'Lead' | 'Provider') => {
      for (const ref of this.g.refs(node, term)) {
        const partnerId = this.partnerForRefs([ref], true);
        if (partnerId !== undefined && !roles.some((r) => r.partnerId === partnerId && r.role === role)) {
          roles.push({ partnerId, role });
        }
      }
    };
    addRole('ceterms:ownedBy', 'Lead');
    addRole('ceterms:offeredBy', 'Provider');
    if (roles.length > 0) pathway.partnerRoles = roles;
    if (ctid !== undefined) pathway.ctid = ctid;
    this.pathways.push(pathway);
  }

  /** Programs ordered so that one comes after the programs awarding what it requires. */
  private inRequirementOrder(programIds: string[]): string[] {
    const byId = new Map(this.programs.map((p) => [p.id, p]));
    const awardedBy = new Map<string, string[]>();
    for (const id of programIds) {
      for (const credential of byId.get(id)?.awards ?? [])
        awardedBy.set(credential, [...(awardedBy.get(credential) ?? []), id]);
    }
    const before = new Map<string, Set<string>>(programIds.map((id) => [id, new Set<string>()]));
    for (const id of programIds) {
      for (const group of byId.get(id)?.requires ?? []) {
        for (const credential of group) {
          for (const earlier of awardedBy.get(credential) ?? []) if (earlier !== id) before.get(id)?.add(earlier);
        }
      }
    }
    const ordered = new Set<string>();
    const remaining = [...programIds];
    while (remaining.length > 0) {
      // The first (in document order) whose prerequisites are placed; in a cycle, simply the first.
      const index = remaining.findIndex((id) => [...(before.get(id) ?? [])].every((b) => ordered.has(b)));
      const [next] = remaining.splice(index === -1 ? 0 : index, 1);
      if (next !== undefined) ordered.add(next);
    }
    return [...ordered];
  }

  // ---------------------------------------------------------------- requirements

  /** Requirements of every node that takes part in conditions, as item-level expressions. */
  private gatherRequirements(): void {
    const candidates = [...this.items.values()].map((i) => i.node);
    for (const node of candidates) {
      const requirement = this.requirementOfNode(node, new Set());
      if (requirement !== undefined) this.requirementOf.set(this.keyOf(node), requirement);
    }
  }

  private requirementOfNode(node: CtdlNode, visiting: Set<CtdlNode>): Requirement | undefined {
    const g = this.g;
    const label = this.items.get(this.keyOf(node))?.label ?? this.label(node);
    const parts: Requirement[] = [];
    const conditions = this.nestedNodes(node, new Set([node]), 'ceterms:hasCondition');
    for (const condition of conditions) {
      const r = this.conditionRequirement(condition, node, label, visiting, new Set([node]));
      if (r !== undefined) parts.push(r);
    }
    const isSelection = this.roleOf(node) === 'selection';
    if (conditions.length === 0) {
      const children = [...g.refs(node, 'ceterms:hasChild', 'ceasn:hasChild')];
      for (const child of this.childOf.get(node) ?? []) {
        if (!children.some((c) => c.node === child)) children.push({ iri: child.id, node: child });
        this.g.values(child, 'ceasn:isChildOf', 'ceterms:isChildOf');
      }
      const childItems = this.refItems(children, visiting);
      if (childItems.length > 0) {
        if (isSelection) parts.push(anyOf(childItems, label));
        else {
          parts.push(allOf(childItems, label));
          this.childrenDefaulted.push(label);
        }
      }
    } else {
      g.values(node, 'ceterms:hasChild', 'ceasn:hasChild');
    }
    const prerequisites = [...g.refs(node, 'ceterms:prerequisite', 'ceterms:precededBy')];
    for (const other of this.precededBy.get(node) ?? []) {
      prerequisites.push({ iri: other.id, node: other });
      this.g.values(other, 'ceterms:precedes');
      this.precedesLinks.add(`${this.keyOf(other)}>${this.keyOf(node)}`);
    }
    parts.push(...this.refItems(prerequisites, visiting));
    const kind = this.kindOf(node);
    if (kind === 'program') {
      // Parts of a program (`ceterms:hasPart`) are what it consists of, not what it requires.
      const ownParts = this.peekRefs(node, 'ceterms:hasPart').map((r) => r.node);
      const { profiles, direct } = this.conditionValues(node, 'ceterms:entryCondition', 'ceterms:requires');
      parts.push(
        ...this.refItems(
          direct.filter((r) => !(r.node && ownParts.includes(r.node))),
          visiting,
        ),
      );
      const targets = ['ceterms:targetCredential', 'ceterms:targetLearningOpportunity', 'ceterms:targetAssessment'];
      for (const profile of profiles)
        parts.push(...this.profileRequirement(profile, targets, ownParts, label, visiting));
    } else if (kind === 'credential') {
      // A learning opportunity named here is how the credential is earned (see assignAwards).
      const { profiles, direct } = this.conditionValues(node, 'ceterms:requires');
      const credentials = direct.filter((r) => !r.node || this.kindOf(r.node) !== 'program');
      parts.push(...this.refItems(credentials, visiting));
      for (const profile of profiles)
        parts.push(...this.profileRequirement(profile, ['ceterms:targetCredential'], [], label, visiting));
    }
    return parts.length === 0 ? undefined : allOf(parts, label);
  }

  /** Nested profiles or conditions: embedded (or referenced) nodes that are not entities, cycles cut. */
  private nestedNodes(node: CtdlNode, path: Set<CtdlNode>, ...terms: string[]): CtdlNode[] {
    return this.g.objects(node, ...terms).filter((n) => !path.has(n) && this.kindOf(n) === undefined);
  }

  /** Condition values split into ConditionProfiles and direct references to entities. */
  private conditionValues(node: CtdlNode, ...terms: string[]): { profiles: CtdlNode[]; direct: Ref[] } {
    const profiles: CtdlNode[] = [];
    const direct: Ref[] = [];
    for (const value of this.g.values(node, ...terms)) {
      const ref = this.g.resolve(value);
      if (ref.node && this.kindOf(ref.node) === undefined) profiles.push(ref.node);
      else if (ref.node || ref.iri !== undefined) direct.push(ref);
    }
    return { profiles, direct };
  }

  /** The requirement of a ComponentCondition: at least k of its targets and sub-conditions. */
  private conditionRequirement(
    condition: CtdlNode,
    owner: CtdlNode,
    label: string,
    visiting: Set<CtdlNode>,
    path: Set<CtdlNode>,
  ): Requirement | undefined {
    const g = this.g;
    condition.used.add(READ);
    path.add(condition);
    const targets = this.refItems(g.refs(condition, 'ceterms:targetComponent'), visiting);
    const subs = this.nestedNodes(condition, path, 'ceterms:hasCondition')
      .map((sub) => this.conditionRequirement(sub, owner, label, visiting, path))
      .filter((r): r is Requirement => r !== undefined);
    path.delete(condition);
    const of = [...targets, ...subs];
    if (of.length === 0) return undefined;
    const operator = g.text(condition, 'ceterms:logicalOperator', 'ceterms:logicalOperand');
    let count = g.number(condition, 'ceterms:requiredNumber');
    if (count === undefined) {
      const left = g.text(condition, 'ceterms:leftOperand');
      if (left !== undefined && /req(uired)?_?num/i.test(left)) {
        // An early draft of the Pathway model wrote "reqNum = n" with left/right operands.
        count = g.number(condition, 'ceterms:rightOperand');
        g.values(condition, 'ceterms:operand');
      }
    }
    if (count === undefined) {
      const misplaced = g.number(owner, 'ceterms:requiredNumber');
      if (misplaced !== undefined) {
        this.warnAbout(
          'ceterms:requiredNumber found on the component rather than its condition was applied to the condition',
          label,
        );
        count = misplaced;
      }
    }
    count ??= operator !== undefined && /^or$/i.test(conceptName(operator)) ? 1 : of.length;
    return { kind: 'atLeast', count: Math.max(0, Math.round(count)), of, label };
  }

  /** A ConditionProfile's targets, each required; `ceterms:alternativeCondition` is one of several. */
  private profileRequirement(
    profile: CtdlNode,
    terms: string[],
    skip: (CtdlNode | undefined)[],
    label: string,
    visiting: Set<CtdlNode>,
    path: Set<CtdlNode> = new Set(),
  ): Requirement[] {
    profile.used.add(READ);
    path.add(profile);
    const targets = this.g.refs(profile, ...terms).filter((r) => !(r.node && skip.includes(r.node)));
    // A ConditionProfile on a credential that names a learning opportunity says which program awards it.
    const out = this.refItems(targets, visiting);
    const alternatives = this.nestedNodes(profile, path, 'ceterms:alternativeCondition');
    if (alternatives.length > 0) {
      const options = alternatives
        .map((alt) => this.profileRequirement(alt, terms, skip, label, visiting, path))
        .map((reqs) => (reqs.length === 1 ? reqs[0] : allOf(reqs)))
        .filter((r): r is Requirement => r !== undefined && !(r.kind === 'atLeast' && r.of.length === 0));
      if (options.length > 0) out.push(anyOf(options, label));
    }
    path.delete(profile);
    return out;
  }

  /** Requirement items for references; a selection component stands for its own requirement. */
  private refItems(refs: Ref[], visiting: Set<CtdlNode>): Requirement[] {
    const out: Requirement[] = [];
    for (const ref of refs) {
      const node = ref.node;
      const cls = node ? this.classOf.get(node) : undefined;
      if (node && cls?.kind === 'component' && cls.role === 'selection') {
        if (visiting.has(node)) continue;
        visiting.add(node);
        const inner = this.requirementOfNode(node, visiting);
        visiting.delete(node);
        if (inner !== undefined) out.push(inner);
        continue;
      }
      if (node && !this.items.has(this.keyOf(node))) {
        // A node of a kind not imported (an assessment, a concept): remembered to be reported.
        this.items.set(this.keyOf(node), { node, role: 'other', label: this.label(node) });
      }
      const key = this.keyOfRef(ref);
      if (key !== undefined) out.push(item(key));
    }
    return out;
  }

  private cnfOf(key: string): Cnf | undefined {
    const requirement = this.requirementOf.get(key);
    if (requirement === undefined) return undefined;
    const dropped = new Set<string>();
    const { cnf, notes } = toCnf(requirement, (k) => {
      const info = this.items.get(k);
      const ok = info !== undefined && (info.role === 'credential' || info.role === 'program') && k !== key;
      if (!ok) dropped.add(k);
      return ok;
    });
    for (const note of notes) this.warn(note);
    const owner = this.items.get(key)?.label ?? key;
    for (const k of dropped) {
      if (k === key) continue;
      const info = this.items.get(k);
      if (k.startsWith('missing:'))
        this.warnAbout(`${owner}: requirements referring to nodes not in the document were left out`, k.slice(8));
      else
        this.warnAbout(
          `${owner}: requirements on things that are neither credentials nor programs were left out`,
          info?.label ?? k,
        );
    }
    return cnf;
  }

  /**
   * Which programs award which credentials: from a credential's `ceterms:requires` naming a
   * learning opportunity, a learning opportunity's `ceterms:isPreparationFor`/`isRequiredFor`
   * naming a credential, and a credential component whose condition is "one of these steps".
   * Returns the credential items whose conditions were used up this way.
   */
  private assignAwards(): Set<string> {
    const g = this.g;
    const award = (programId: string, credentialId: string) => {
      const program = this.programs.find((p) => p.id === programId);
      if (program && !program.awards.includes(credentialId)) program.awards.push(credentialId);
    };
    for (const [node, credentialId] of this.credentialOfNode) {
      if (this.kindOf(node) !== 'credential') continue;
      const { profiles, direct } = this.conditionValues(node, 'ceterms:requires');
      for (const ref of direct) {
        if (ref.node && this.kindOf(ref.node) === 'program') award(this.programFromNode(ref.node), credentialId);
      }
      for (const profile of profiles) {
        profile.used.add(READ);
        for (const target of g.refs(profile, 'ceterms:targetLearningOpportunity')) {
          if (target.node && this.kindOf(target.node) === 'program')
            award(this.programFromNode(target.node), credentialId);
          else if (target.iri !== undefined) {
            this.warnAbout(
              'credentials said to be earned through learning opportunities not in the document',
              `${credentialId} (${target.iri})`,
            );
          }
        }
      }
    }
    for (const [node, programId] of this.programOfNode) {
      const { profiles, direct } = this.conditionValues(node, 'ceterms:isPreparationFor', 'ceterms:isRequiredFor');
      for (const profile of profiles) profile.used.add(READ);
      const targets = [...direct, ...profiles.flatMap((profile) => g.refs(profile, 'ceterms:targetCredential'))];
      for (const target of targets) {
        if (target.node && this.kindOf(target.node) === 'credential')
          award(programId, this.credentialFromNode(target.node));
        else if (target.iri !== undefined) {
          this.warnAbout('programs said to lead to credentials not in the document', `${programId} (${target.iri})`);
        }
      }
    }
    const used = new Set<string>();
    for (const [key, info] of this.items) {
      if (info.role !== 'credential' || info.entityId === undefined) continue;
      const requirement = this.requirementOf.get(key);
      if (requirement === undefined) continue;
      const { cnf } = toCnf(requirement, (k) => this.items.has(k) && k !== key);
      const [only] = cnf;
      if (cnf.length !== 1 || only === undefined) continue;
      const steps = only.map((k) => this.items.get(k));
      if (!steps.every((s) => s?.role === 'program' && s.entityId !== undefined)) continue;
      for (const step of steps) if (step?.entityId !== undefined) award(step.entityId, info.entityId);
      used.add(key);
    }
    return used;
  }

  /** A program that awards nothing mappable gets a completion credential (type Other). */
  private addCompletionCredentials(): void {
    for (const program of this.programs) this.ensureAward(program);
  }

  private ensureAward(program: Program): void {
    if (program.awards.length > 0) return;
    const id = this.claimId('credential', [`${program.id}.completion`], 'completion');
    const name = `Completion of ${program.name}`;
    this.credentials.push({
      id,
      name: name.length > NAME_MAX ? name.slice(0, NAME_MAX) : name,
      type: 'Other',
      issuerId: program.providerId,
    });
    program.awards.push(id);
    this.warnAbout(
      'programs that award no credential in the document award a completion credential of type Other',
      program.id,
    );
  }

  /** The (first) credential a program node awards; a program first met this late gets one now. */
  private programAward(node: CtdlNode): string | undefined {
    const id = this.programFromNode(node);
    const program = this.programs.find((p) => p.id === id);
    if (program) this.ensureAward(program);
    return program?.awards[0];
  }

  /** The credential an item stands for in a requirement group. */
  private credentialOfItem(key: string): string | undefined {
    const info = this.items.get(key);
    if (info?.entityId === undefined) return undefined;
    if (info.role === 'credential') return info.entityId;
    if (info.role === 'program') return this.programs.find((p) => p.id === info.entityId)?.awards[0];
    return undefined;
  }

  private credentialCnf(key: string): Cnf {
    const cnf = this.cnfOf(key) ?? [];
    return cnf
      .map((group) => [
        ...new Set(group.map((k) => this.credentialOfItem(k)).filter((c): c is string => c !== undefined)),
      ])
      .filter((group) => group.length > 0);
  }

  private addRequires(program: Program, groups: Cnf): void {
    for (const group of groups) {
      const members = group.filter((c) => !program.awards.includes(c));
      if (members.length < group.length) {
        this.warnAbout('requirements on a credential the program itself awards were left out', program.id);
      }
      if (members.length === 0) continue;
      const requires = program.requires ?? [];
      const key = [...members].sort().join('\u0000');
      if (!requires.some((g) => [...g].sort().join('\u0000') === key)) requires.push(members);
      program.requires = requires;
    }
  }

  private addEdge(edge: Edge): void {
    const key = `${edge.kind}\u0000${edge.from}\u0000${edge.to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(edge);
  }

  private applyRequirements(awardedByConditions: Set<string>): void {
    for (const [key, info] of this.items) {
      if (!this.requirementOf.has(key) || info.entityId === undefined) continue;
      if (info.role === 'program') {
        const program = this.programs.find((p) => p.id === info.entityId);
        if (program) this.addRequires(program, this.credentialCnf(key));
      } else if (info.role === 'credential') {
        if (awardedByConditions.has(key)) continue;
        const groups = this.credentialCnf(key);
        if (groups.length === 0) continue;
        const awarding = this.programs.filter((p) => p.awards.includes(info.entityId as string));
        if (awarding.length > 0) {
          for (const program of awarding) this.addRequires(program, groups);
        } else {
          for (const from of new Set(groups.flat())) {
            if (from !== info.entityId) this.addEdge({ kind: 'STACKS_INTO', from, to: info.entityId });
          }
          if (groups.some((g) => g.length > 1)) {
            this.warnAbout(
              'credentials no program awards keep their prerequisites only as STACKS_INTO edges (alternatives flattened)',
              info.entityId,
            );
          }
        }
      } else if (info.role === 'occupation') {
        const groups = this.credentialCnf(key);
        for (const from of new Set(groups.flat())) this.addEdge({ kind: 'QUALIFIES_FOR', from, to: info.entityId });
        if (groups.length > 1) {
          this.warnAbout(
            'occupations needing several credentials at once: each of them was taken to qualify',
            info.entityId,
          );
        }
      }
    }
  }

  /** STACKS_INTO / ARTICULATES_TO from advanced standing, preparation and transfer value profiles. */
  private stackingAndTransfer(): void {
    const g = this.g;
    for (const [node, credentialId] of this.credentialOfNode) {
      if (this.kindOf(node) !== 'credential') continue;
      const link = (term: string, direction: 'out' | 'in') => {
        for (const value of g.values(node, term)) {
          const ref = g.resolve(value);
          const profile = ref.node && this.kindOf(ref.node) === undefined ? ref.node : undefined;
          profile?.used.add(READ);
          const targets = profile
            ? g.refs(profile, 'ceterms:targetCredential', 'ceterms:targetLearningOpportunity')
            : [ref];
          const credits = profile ? this.firstValue(profile, 'ceterms:creditValue') : undefined;
          for (const target of targets) this.linkCredential(credentialId, target, direction, credits, undefined, term);
        }
      };
      link('ceterms:isAdvancedStandingFor', 'out');
      link('ceterms:advancedStandingFrom', 'in');
      link('ceterms:isPreparationFor', 'out');
      link('ceterms:preparationFrom', 'in');
      // An occupation alignment pointing at an occupation of the document: the credential qualifies for it.
      const had = node.used.has('ceterms:occupationType');
      let linked = false;
      for (const alignment of g.objects(node, 'ceterms:occupationType')) {
        const target = g.values(alignment, 'ceterms:targetNode')[0];
        const ref = g.resolve(target);
        if (ref.node && this.kindOf(ref.node) === 'occupation') {
          this.addEdge({ kind: 'QUALIFIES_FOR', from: credentialId, to: this.occupationFromNode(ref.node) });
          g.values(alignment, 'ceterms:targetNodeName', 'ceterms:codedNotation', 'ceterms:framework');
          linked = true;
        }
      }
      if (!linked && !had) node.used.delete('ceterms:occupationType');
    }
    for (const node of g.nodes) {
      if (this.kindOf(node) !== 'transfer') continue;
      this.mapped.add(node);
      const agreement = this.g.text(node, 'ceterms:name')?.slice(0, 10_000);
      const credits = this.firstValue(node, 'ceterms:transferValue');
      const froms = g.refs(node, 'ceterms:transferValueFrom');
      const fors = g.refs(node, 'ceterms:transferValueFor');
      let made = false;
      for (const from of froms) {
        const fromCredential = this.credentialOfRef(from);
        if (fromCredential === undefined) continue;
        for (const target of fors)
          made =
            this.linkCredential(fromCredential, target, 'out', credits, agreement, 'ceterms:transferValueFor') || made;
      }
      if (!made) {
        this.warnAbout(
          'transfer value profiles with no credential or program on both sides were not mapped',
          agreement ?? node.id ?? '(anonymous)',
        );
      }
    }
  }

  private credentialOfRef(ref: Ref): string | undefined {
    if (!ref.node) return undefined;
    const kind = this.kindOf(ref.node);
    if (kind === 'credential') return this.credentialFromNode(ref.node);
    if (kind === 'program') return this.programAward(ref.node);
    const info = this.items.get(this.keyOf(ref.node));
    return info === undefined ? undefined : this.credentialOfItem(this.keyOf(ref.node));
  }

  /** One link from a credential to another credential (STACKS_INTO) or to a program (ARTICULATES_TO). */
  private linkCredential(
    credentialId: string,
    target: Ref,
    direction: 'out' | 'in',
    credits: number | undefined,
    agreement: string | undefined,
    term: string,
  ): boolean {
    const node = target.node;
    const kind = node ? this.kindOf(node) : undefined;
    if (node && kind === 'credential') {
      const other = this.credentialFromNode(node);
      const [from, to] = direction === 'out' ? [credentialId, other] : [other, credentialId];
      if (from === to) return false;
      this.addEdge(
        credits === undefined
          ? { kind: 'STACKS_INTO', from, to }
          : { kind: 'STACKS_INTO', from, to, creditsApplied: credits },
      );
      return true;
    }
    if (node && kind === 'program' && direction === 'out') {
      const programId = this.programFromNode(node);
      if (term === 'ceterms:isPreparationFor') return false;
      if (credits === undefined)
        this.warnAbout(
          'credit for prior learning without a credit value was recorded as 0 credits',
          `${credentialId} → ${programId}`,
        );
      const edge: Edge = { kind: 'ARTICULATES_TO', from: credentialId, to: programId, credits: credits ?? 0 };
      if (agreement !== undefined) edge.agreement = agreement;
      this.addEdge(edge);
      return true;
    }
    if (target.iri !== undefined && !node) {
      this.warnAbout(`${term} links to resources not in the document were left out`, target.iri);
    }
    return false;
  }

  private firstValue(node: CtdlNode, term: string): number | undefined {
    for (const value of this.g.objects(node, term)) {
      const n = this.valueOf(value);
      if (n !== undefined) return n;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- assembly

  private assemble(): Bundle {
    const bundle: Bundle = { format: 'pathway-bundle', version: 1 };
    const name = this.options.sourceName;
    const documentId = this.g.documentId;
    const source: NonNullable<Bundle['source']> = { name: name ?? 'CTDL JSON-LD document' };
    if (documentId !== undefined && HTTP_URL.test(documentId)) source.url = documentId;
    bundle.source = source;
    if (this.partners.length > 0) bundle.partners = this.partners;
    if (this.occupations.length > 0) bundle.occupations = this.occupations;
    if (this.credentials.length > 0) bundle.credentials = this.credentials;
    if (this.programs.length > 0) bundle.programs = this.programs;
    if (this.pathways.length > 0) bundle.pathways = this.pathways;
    if (this.edges.length > 0) bundle.edges = this.edges;
    return bundle;
  }
}

/**
 * Maps a CTDL JSON-LD document (an `@graph` document, a bare array of nodes, or one node) to a
 * schema-valid pathway bundle. Throws {@link CtdlFormatError} when `json` is not JSON-LD at all.
 */
export function ctdlToBundle(json: unknown, options: CtdlImportOptions = {}): CtdlImportResult {
  const label = options.sourceName ?? 'the document';
  if (isObject(json) && json.format === 'pathway-bundle') {
    throw new CtdlFormatError(`${label} is a pathway bundle, not a CTDL JSON-LD document`);
  }
  const graph = CtdlGraph.read(json);
  if (!graph) {
    const hint =
      isObject(json) && ('CTID' in json || 'Type' in json || 'Name' in json)
        ? ' (it looks like a Registry Assistant API publish request, which is not JSON-LD)'
        : '';
    throw new CtdlFormatError(
      `${label} is not a CTDL JSON-LD document: expected an object with "@graph", an array of nodes or a node with "@type"${hint}`,
    );
  }
  return new Importer(graph, options).run();
}
