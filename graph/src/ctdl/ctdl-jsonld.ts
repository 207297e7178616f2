/**
 * A small JSON-LD reader for Credential Registry documents: enough of JSON-LD to read what is
 * published, not a general processor (no remote contexts are fetched). It accepts an `@graph`
 * document, a bare array of nodes or a single node; terms as prefixed names (`ceterms:name`),
 * full IRIs (`https://purl.org/ctdl/terms/name`), other prefixes declared in an inline
 * `@context`, bare names (`name`) and the `id`/`type` aliases; references as IRI strings,
 * `{"@id": …}` objects or embedded nodes; and language maps (`{"en-US": …}`, `{"@en-US": …}`).
 * Every property read is recorded so the importer can list what it did not map.
 */
import { NAMESPACE_ALIASES, NAMESPACES } from './ctdl-vocabulary.ts';

export type JsonObject = Record<string, unknown>;

export const CTID_PATTERN = /^ce-[0-9a-f-]{36}$/i;
const CTID_AT_END = /(ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A CTID at the end of an IRI (`…/resources/ce-<uuid>`), lower-cased. */
export function ctidInIri(iri: string): string | undefined {
  return CTID_AT_END.exec(iri)?.[1]?.toLowerCase();
}

/** One node of the document, its keys in canonical form. */
export interface CtdlNode {
  /** The node with canonical keys (`ceterms:name`, `@id`, `@type`); values as published. */
  readonly data: JsonObject;
  /** `@id` expanded against the document's prefixes; undefined for an anonymous node. */
  readonly id: string | undefined;
  /** `@type` values in canonical form. */
  readonly types: string[];
  /** Position among the top-level nodes; -1 for an embedded node. */
  readonly order: number;
  /** Canonical keys read so far. */
  readonly used: Set<string>;
}

/** A reference resolved, as far as the document allows. */
export interface Ref {
  iri?: string;
  node?: CtdlNode;
}

function stripScheme(iri: string): string {
  return iri.replace(/^https?:\/\//i, '');
}

/** Prefix → namespace, the document's own declarations over the defaults. */
function collectPrefixes(contexts: unknown[]): Map<string, string> {
  const prefixes = new Map<string, string>(Object.entries(NAMESPACES));
  const visit = (context: unknown): void => {
    if (Array.isArray(context)) {
      for (const item of context) visit(item);
      return;
    }
    if (!isObject(context)) return;
    for (const [key, value] of Object.entries(context)) {
      if (key.startsWith('@')) continue;
      const iri = typeof value === 'string' ? value : isObject(value) ? value['@id'] : undefined;
      if (typeof iri === 'string' && /[/#:]$/.test(iri)) prefixes.set(key, iri);
    }
  };
  for (const context of contexts) visit(context);
  return prefixes;
}

export class CtdlGraph {
  /** The top-level nodes, in document order. */
  readonly nodes: CtdlNode[] = [];
  /** Every node made so far, top-level and embedded, for the report of what was not read. */
  readonly allNodes: CtdlNode[] = [];
  private readonly prefixes: Map<string, string>;
  /** Namespace IRI without scheme → canonical prefix. */
  private readonly namespacePrefix = new Map<string, string>();
  private readonly byId = new Map<string, CtdlNode>();
  private readonly byCtid = new Map<string, CtdlNode>();
  private readonly wrapped = new WeakMap<object, CtdlNode>();
  readonly duplicateIds: string[] = [];
  /** The `@id` of an `@graph` document itself, when it has one. */
  readonly documentId: string | undefined;

  private constructor(topLevel: JsonObject[], contexts: unknown[], documentId?: unknown) {
    this.prefixes = collectPrefixes(contexts);
    this.documentId = typeof documentId === 'string' ? documentId : undefined;
    for (const [prefix, iri] of Object.entries(NAMESPACES)) this.namespacePrefix.set(stripScheme(iri), prefix);
    for (const [iri, prefix] of Object.entries(NAMESPACE_ALIASES)) this.namespacePrefix.set(iri, prefix);
    for (const raw of topLevel) {
      const node = this.makeNode(raw, this.nodes.length);
      this.nodes.push(node);
      if (node.id !== undefined) {
        if (this.byId.has(node.id)) this.duplicateIds.push(node.id);
        else this.byId.set(node.id, node);
      }
    }
    for (const node of this.nodes) {
      for (const ctid of [this.ctidOf(node), node.id === undefined ? undefined : ctidInIri(node.id)]) {
        if (ctid !== undefined && !this.byCtid.has(ctid)) this.byCtid.set(ctid, node);
      }
    }
  }

  /**
   * The nodes of a JSON-LD document, or undefined when `json` has none: an object with
   * `@graph`, an array of node objects, or a single object with `@type` (or `type`).
   */
  static read(json: unknown): CtdlGraph | undefined {
    if (Array.isArray(json)) {
      const nodes = json.filter(isObject);
      if (nodes.length === 0 || !nodes.some(hasType)) return undefined;
      return new CtdlGraph(
        nodes,
        nodes.map((n) => n['@context']),
      );
    }
    if (!isObject(json)) return undefined;
    const graph = json['@graph'];
    if (graph !== undefined) {
      const nodes = asArray(graph).filter(isObject);
      return new CtdlGraph(nodes, [json['@context'], ...nodes.map((n) => n['@context'])], json['@id']);
    }
    if (!hasType(json)) return undefined;
    return new CtdlGraph([json], [json['@context']], json['@id']);
  }

  /** A term in canonical form: `ceterms:x` for CTDL terms however written, keywords as `@id`. */
  canonicalTerm(term: string): string {
    if (term === 'id') return '@id';
    if (term === 'type') return '@type';
    if (term.startsWith('@')) return term;
    if (ABSOLUTE_IRI.test(term)) {
      const bare = stripScheme(term);
      for (const [namespace, prefix] of this.namespacePrefix) {
        if (bare.startsWith(namespace) && bare.length > namespace.length)
          return `${prefix}:${bare.slice(namespace.length)}`;
      }
      return term;
    }
    const compact = /^([A-Za-z][\w.-]*):(.+)$/.exec(term);
    if (compact) {
      const [, prefix = '', local = ''] = compact;
      const namespace = this.prefixes.get(prefix);
      if (namespace === undefined) return term;
      const canonical = this.namespacePrefix.get(stripScheme(namespace));
      return canonical === undefined ? term : `${canonical}:${local}`;
    }
    return `ceterms:${term}`;
  }

  /** An `@id` or IRI reference expanded against the document's prefixes. */
  expandId(id: string): string {
    const trimmed = id.trim();
    if (trimmed.startsWith('_:') || ABSOLUTE_IRI.test(trimmed)) return trimmed;
    const compact = /^([A-Za-z][\w.-]*):(.+)$/.exec(trimmed);
    if (compact) {
      const namespace = this.prefixes.get(compact[1] ?? '');
      if (namespace !== undefined && !/^[a-z]+:$/.test(namespace)) return `${namespace}${compact[2] ?? ''}`;
    }
    return trimmed;
  }

  private makeNode(raw: JsonObject, order: number): CtdlNode {
    const data: JsonObject = {};
    for (const [key, value] of Object.entries(raw)) {
      const canonical = this.canonicalTerm(key);
      if (!(canonical in data)) data[canonical] = value;
    }
    const rawId = data['@id'];
    const types = asArray(data['@type'])
      .filter((t): t is string => typeof t === 'string')
      .map((t) => this.canonicalTerm(t));
    const node: CtdlNode = {
      data,
      id: typeof rawId === 'string' && rawId.trim() !== '' ? this.expandId(rawId) : undefined,
      types,
      order,
      used: new Set(['@id', '@type', '@context']),
    };
    this.wrapped.set(raw, node);
    this.allNodes.push(node);
    return node;
  }

  /** The node for an embedded object (cached, so reads are recorded once per object). */
  wrap(raw: JsonObject): CtdlNode {
    return this.wrapped.get(raw) ?? this.makeNode(raw, -1);
  }

  /** A node's valid CTID (`ceterms:ctid`), lower-cased, without recording the read. */
  private ctidOf(node: CtdlNode): string | undefined {
    const value = node.data['ceterms:ctid'];
    return typeof value === 'string' && CTID_PATTERN.test(value.trim()) ? value.trim().toLowerCase() : undefined;
  }

  /** The values of the first of `terms` the node has, recording the read. */
  values(node: CtdlNode, ...terms: string[]): unknown[] {
    const found: unknown[] = [];
    for (const term of terms) {
      if (term in node.data) {
        node.used.add(term);
        found.push(...asArray(node.data[term]));
      }
    }
    return found;
  }

  has(node: CtdlNode, ...terms: string[]): boolean {
    return terms.some((term) => term in node.data && asArray(node.data[term]).length > 0);
  }

  /** Text of a plain string, language map or `@value` object: English first, else the first. */
  text(node: CtdlNode, ...terms: string[]): string | undefined {
    for (const value of this.values(node, ...terms)) {
      const text = pickText(value);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /** A number (or numeric string) value. */
  number(node: CtdlNode, ...terms: string[]): number | undefined {
    for (const value of this.values(node, ...terms)) {
      const n = toNumber(value);
      if (n !== undefined) return n;
    }
    return undefined;
  }

  /** The nested objects of a property, as nodes (profiles, conditions, alignments). */
  objects(node: CtdlNode, ...terms: string[]): CtdlNode[] {
    return this.values(node, ...terms)
      .map((value) => (isObject(value) ? this.resolveObject(value) : this.resolve(value).node))
      .filter((n): n is CtdlNode => n !== undefined);
  }

  private resolveObject(value: JsonObject): CtdlNode | undefined {
    const keys = Object.keys(value).filter((k) => k !== '@id' && k !== 'id');
    const id = value['@id'] ?? value.id;
    if (keys.length === 0 && typeof id === 'string') return this.resolve(id).node;
    return this.wrap(value);
  }

  /** The references of a property, resolved against the document where it can. */
  refs(node: CtdlNode, ...terms: string[]): Ref[] {
    return this.values(node, ...terms)
      .map((value) => this.resolve(value))
      .filter((ref) => ref.iri !== undefined || ref.node !== undefined);
  }

  /** A reference value: an IRI string, `{"@id": …}` or an embedded node. */
  resolve(value: unknown): Ref {
    if (typeof value === 'string') {
      if (value.trim() === '') return {};
      const iri = this.expandId(value);
      return { iri, node: this.lookup(iri) };
    }
    if (!isObject(value)) return {};
    const rawId = value['@id'] ?? value.id;
    const iri = typeof rawId === 'string' && rawId.trim() !== '' ? this.expandId(rawId) : undefined;
    const known = iri === undefined ? undefined : this.lookup(iri);
    if (known) return { iri, node: known };
    const keys = Object.keys(value).filter((k) => k !== '@id' && k !== 'id');
    if (keys.length === 0) return { iri };
    return { iri, node: this.wrap(value) };
  }

  /** The top-level node with this `@id`, or with the CTID the IRI ends in. */
  lookup(iri: string): CtdlNode | undefined {
    const direct = this.byId.get(iri);
    if (direct) return direct;
    const ctid = ctidInIri(iri) ?? (CTID_PATTERN.test(iri) ? iri.toLowerCase() : undefined);
    return ctid === undefined ? undefined : this.byCtid.get(ctid);
  }

  /** Concept names of alignment values (`ceterms:targetNode`), strings or `{"@id"}` objects. */
  concepts(node: CtdlNode, ...terms: string[]): { concept?: string; label?: string }[] {
    return this.values(node, ...terms).map((value) => {
      if (typeof value === 'string') return { concept: value };
      if (!isObject(value)) return {};
      const alignment = this.wrap(value);
      const target = this.values(alignment, 'ceterms:targetNode')[0];
      const concept =
        typeof target === 'string'
          ? target
          : isObject(target) && typeof target['@id'] === 'string'
            ? target['@id']
            : typeof value['@id'] === 'string'
              ? value['@id']
              : undefined;
      const label = this.text(alignment, 'ceterms:targetNodeName', 'ceterms:targetName');
      // The rest of an alignment only describes the concept it points to.
      this.values(alignment, 'ceterms:framework', 'ceterms:frameworkName', 'ceterms:targetNodeDescription');
      return { concept, label };
    });
  }
}

function hasType(value: JsonObject): boolean {
  return value['@type'] !== undefined || typeof value.type === 'string';
}

function isEnglish(key: string): boolean {
  return /^en(-|$)/i.test(key);
}

/** The text of a value: a string, a language map (English, else the first), or `@value`. */
export function pickText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const texts = value.map(pickText).filter((t): t is string => t !== undefined);
    return texts[0];
  }
  if (!isObject(value)) return undefined;
  if ('@value' in value) return pickText(value['@value']);
  const entries = Object.entries(value).map(([key, text]) => [key.replace(/^@/, ''), text] as const);
  const ordered = [...entries.filter(([key]) => isEnglish(key)), ...entries.filter(([key]) => !isEnglish(key))];
  for (const [, text] of ordered) {
    const picked = pickText(text);
    if (picked !== undefined) return picked;
  }
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  if (isObject(value) && '@value' in value) return toNumber(value['@value']);
  return undefined;
}
