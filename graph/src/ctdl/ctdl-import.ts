/**
 * CTDL JSON-LD (Credential Registry documents) → pathway bundle. Pure: no Neo4j, no HTTP.
 * The mapping, its defaults and what is left out are described in ./README.md; every default
 * applied is listed in `warnings`, every node type and property not mapped in `unmapped`.
 */
import { type Bundle, bundleSchema, contractVersionOf } from '../model/bundle.ts';
import { CtdlGraph, type CtdlNode, isObject } from './ctdl-jsonld.ts';
import {
  CtdlFormatError,
  type CtdlImportOptions,
  type CtdlImportResult,
  HTTP_URL,
  shortList,
} from './import/importer-base.ts';
import { TransferImport } from './import/transfer-import.ts';

export {
  BUNDLE_ID_IDENTIFIER,
  CtdlFormatError,
  type CtdlImportOptions,
  type CtdlImportResult,
  isCtdlDocument,
  mergeCtdlDocuments,
  sanitizeId,
  UNKNOWN_PROVIDER_ID,
} from './import/importer-base.ts';

/** Runs the concerns of ./import/ in order over one document. */
class Importer extends TransferImport {
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
    for (const node of g.nodes) if (this.kindOf(node) === 'reference') this.referenceFromNode(node);

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

  // ---------------------------------------------------------------- assembly

  protected assemble(): Bundle {
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
    if (this.outcomes.length > 0) bundle.outcomes = this.outcomes;
    bundle.version = contractVersionOf(bundle);
    return bundle;
  }
}

/**
 * Maps a CTDL JSON-LD document (an `@graph` document, a bare array of nodes, or one node) to a
}
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
