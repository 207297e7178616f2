/**
 * The state every part of the CTDL import shares (what was read, what was built, the ids in
 * use), with the notes (warnings, what was left out), classification of nodes and id choice.
 * The concerns build on it in layers: outcome-import (aggregate data) → entity-import (partners, credentials, occupations,
 * programs) → pathway-import (pathways and components) → requirement-import (conditions,
 * awards, requirement groups) → transfer-import (stacking and transfer values) → the Importer
 * of ../ctdl-import.ts, which runs them in order.
 */
import {
  type Bundle,
  type Credential,
  type Edge,
  ID_PATTERN,
  type Occupation,
  type Partner,
  type Pathway,
  type Program,
} from '../../model/bundle.ts';
import { asArray, CTID_PATTERN, CtdlGraph, type CtdlNode, ctidInIri, isObject, type Ref } from '../ctdl-jsonld.ts';
import {
  COMPONENT_CLASSES,
  type ComponentRole,
  CREDENTIAL_CLASSES,
  GRAPH_REFERENCE,
  type GraphReferenceKind,
  LEARNING_CLASSES,
  OCCUPATION_CLASSES,
  ORGANIZATION_CLASSES,
} from '../ctdl-vocabulary.ts';
import type { Requirement } from '../requirements.ts';

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

export type CredentialType = Credential['type'];
export type PartnerKind = Partner['kind'];
export type EntityKind = 'partner' | 'credential' | 'program' | 'occupation' | 'pathway';

export type Classified =
  | { kind: 'credential'; cls: string }
  | { kind: 'program'; cls: string }
  | { kind: 'partner'; cls: string }
  | { kind: 'pathway'; cls: string }
  | { kind: 'component'; cls: string; role: ComponentRole }
  | { kind: 'occupation'; cls: string }
  | { kind: 'transfer'; cls: string }
  /** A component naming an entity of the graph the document came from (GRAPH_REFERENCE), not defining one. */
  | { kind: 'reference'; cls: string; entity: GraphReferenceKind; id: string };

/** What a requirement item (a node taking part in conditions) stands for in the bundle. */
export interface ItemInfo {
  node: CtdlNode;
  role: 'credential' | 'program' | 'occupation' | 'other';
  entityId?: string;
  label: string;
}

export const NAME_MAX = 2000;
/** Marks an embedded node (a profile, a condition) as read, so its unread properties are listed. */
export const READ = '@read';
export const MONTHS_MAX = 240;
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const HTTP_URL = /^https?:\/\/\S+$/;

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

export function classify(node: CtdlNode, only?: string): Classified | undefined {
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

export function shortList(items: string[], max = 8): string {
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
export function iriTail(iri: string): string {
  const withoutBlank = iri.replace(/^_:/, '');
  const parts = withoutBlank.split(/[/#]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? withoutBlank;
}

export abstract class ImporterBase {
  protected readonly warnings: string[] = [];
  protected readonly grouped = new Map<string, string[]>();
  protected readonly partners: Partner[] = [];
  protected readonly credentials: Credential[] = [];
  protected readonly programs: Program[] = [];
  protected readonly occupations: Occupation[] = [];
  protected readonly pathways: Pathway[] = [];
  protected readonly edges: Edge[] = [];
  protected readonly edgeKeys = new Set<string>();
  protected readonly usedIds: Record<EntityKind, Set<string>> = {
    partner: new Set(),
    credential: new Set(),
    program: new Set(),
    occupation: new Set(),
    pathway: new Set(),
  };
  protected readonly partnerOfNode = new Map<CtdlNode, string>();
  protected readonly placeholderOfIri = new Map<string, string>();
  protected readonly credentialOfNode = new Map<CtdlNode, string>();
  protected readonly programOfNode = new Map<CtdlNode, string>();
  protected readonly occupationOfNode = new Map<CtdlNode, string>();
  protected readonly classOf = new Map<CtdlNode, Classified | undefined>();
  protected readonly mapped = new Set<CtdlNode>();
  /** Requirement items by key; a key per node, or `missing:<iri>` for a reference not in the document. */
  protected readonly items = new Map<string, ItemInfo>();
  protected readonly itemKeyOfNode = new Map<CtdlNode, string>();
  /** The pathway a component belongs to (its programs take the pathway's provider). */
  protected readonly pathwayOfComponent = new Map<CtdlNode, CtdlNode>();
  /** Item requirements (item key → requirement) gathered from conditions and condition profiles. */
  protected readonly requirementOf = new Map<string, Requirement>();
  protected readonly childrenDefaulted: string[] = [];
  /** Inverse links: who `ceterms:precedes` a node, and who says it `isChildOf` a node. */
  protected readonly precededBy = new Map<CtdlNode, CtdlNode[]>();
  protected readonly childOf = new Map<CtdlNode, CtdlNode[]>();
  protected readonly precedesLinks = new Set<string>();

  constructor(
    protected readonly g: CtdlGraph,
    protected readonly options: CtdlImportOptions,
  ) {}

  // ---------------------------------------------------------------- notes

  protected warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** A warning that lists many entities under one sentence. */
  protected warnAbout(category: string, name: string): void {
    const list = this.grouped.get(category) ?? [];
    if (!list.includes(name)) list.push(name);
    this.grouped.set(category, list);
  }

  protected unmappedReport(): string[] {
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

  protected classifyNode(node: CtdlNode): Classified | undefined {
    const cls = classify(node);
    if (cls?.kind === 'component') {
      const reference = this.graphReferenceOf(node);
      if (reference !== undefined) return { kind: 'reference', cls: cls.cls, ...reference };
    }
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

  /** The graph entity a component names (GRAPH_REFERENCE): a program before an occupation, a work step, a credential. */
  protected graphReferenceOf(node: CtdlNode): { entity: GraphReferenceKind; id: string } | undefined {
    const had = node.used.has('ceterms:identifier');
    const found = new Map<GraphReferenceKind, string>();
    const kinds = new Map<string, GraphReferenceKind>(
      Object.entries(GRAPH_REFERENCE).map(([kind, name]) => [name, kind as GraphReferenceKind]),
    );
    for (const identifier of this.g.objects(node, 'ceterms:identifier')) {
      const kind = kinds.get(this.g.text(identifier, 'ceterms:identifierTypeName')?.toLowerCase() ?? '');
      const value = this.g.text(identifier, 'ceterms:identifierValueCode');
      if (kind !== undefined && value !== undefined && !found.has(kind)) found.set(kind, value);
    }
    if (!had) node.used.delete('ceterms:identifier');
    for (const entity of ['program', 'occupation', 'work', 'credential'] as const) {
      const id = found.get(entity);
      const valid =
        entity === 'work'
          ? id?.split('>').length === 2 && id.split('>').every((part) => ID_PATTERN.test(part))
          : id !== undefined && ID_PATTERN.test(id);
      if (id !== undefined && valid) return { entity, id };
    }
    return undefined;
  }

  protected roleOf(node: CtdlNode): ComponentRole | undefined {
    const cls = this.classOf.get(node);
    return cls?.kind === 'component' ? cls.role : undefined;
  }

  protected kindOf(node: CtdlNode): Classified['kind'] | undefined {
    if (!this.classOf.has(node)) this.classOf.set(node, this.classifyNode(node));
    return this.classOf.get(node)?.kind;
  }

  protected label(node: CtdlNode): string {
    const name = this.peekName(node);
    const id = node.id ?? '(anonymous)';
    return name === undefined ? id : `"${name}"`;
  }

  protected peekName(node: CtdlNode): string | undefined {
    const had = node.used.has('ceterms:name');
    const name = this.g.text(node, 'ceterms:name');
    if (!had) node.used.delete('ceterms:name');
    return name;
  }

  /** The ids the exporter wrote into `ceterms:identifier`, when present. */
  protected bundleIdOf(node: CtdlNode): string | undefined {
    for (const identifier of this.g.objects(node, 'ceterms:identifier')) {
      const typeName = this.g.text(identifier, 'ceterms:identifierTypeName');
      const value = this.g.text(identifier, 'ceterms:identifierValueCode');
      if (typeName?.toLowerCase() === BUNDLE_ID_IDENTIFIER && value !== undefined && ID_PATTERN.test(value))
        return value;
    }
    return undefined;
  }

  /** The node's CTID: `ceterms:ctid` when valid, else one in its `@id` (with a warning). */
  protected ctidOf(node: CtdlNode): string | undefined {
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

  protected claimId(kind: EntityKind, candidates: (string | undefined)[], fallback: string): string {
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

  protected idFor(kind: EntityKind, node: CtdlNode, ctid: string | undefined): string {
    return this.claimId(
      kind,
      [this.bundleIdOf(node), ctid, node.id === undefined ? undefined : iriTail(node.id)],
      `${kind}-${this.usedIds[kind].size + 1}`,
    );
  }

  protected nameOf(node: CtdlNode, what: string, id: string): string {
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

  // ---------------------------------------------------------------- requirement items

  protected registerItem(node: CtdlNode, role: ItemInfo['role'], entityId?: string): string {
    const key = this.keyOf(node);
    const existing = this.items.get(key);
    if (existing && existing.role !== 'other') return key;
    this.items.set(key, { node, role, entityId, label: entityId ?? this.label(node) });
    return key;
  }

  protected keyOf(node: CtdlNode): string {
    let key = this.itemKeyOfNode.get(node);
    if (key === undefined) {
      key = `n${this.itemKeyOfNode.size}`;
      this.itemKeyOfNode.set(node, key);
    }
    return key;
  }

  protected keyOfRef(ref: Ref): string | undefined {
    if (ref.node) return this.keyOf(ref.node);
    return ref.iri === undefined ? undefined : `missing:${ref.iri}`;
  }

  protected nestedNodes(node: CtdlNode, path: Set<CtdlNode>, ...terms: string[]): CtdlNode[] {
    return this.g.objects(node, ...terms).filter((n) => !path.has(n) && this.kindOf(n) === undefined);
  }
}
