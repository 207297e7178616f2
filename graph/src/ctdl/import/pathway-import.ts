/** CTDL import, pathways and their components (members, order, the programs components stand for). */
import type { Credential, Pathway } from '../../model/bundle.ts';
import type { CtdlNode, Ref } from '../ctdl-jsonld.ts';
import { EntityImport } from './entity-import.ts';
import type { Classified } from './importer-base.ts';

export abstract class PathwayImport extends EntityImport {
  // ---------------------------------------------------------------- pathways and components

  /** The components of a pathway: hasPart, isPartOf, and all reachable from its destination. */
  protected pathwayMembers(pathway: CtdlNode): CtdlNode[] {
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
  protected peekRefs(node: CtdlNode, ...terms: string[]): Ref[] {
    const before = new Set(node.used);
    const refs = this.g.refs(node, ...terms);
    for (const term of terms) if (!before.has(term)) node.used.delete(term);
    return refs;
  }

  protected linkedComponents(node: CtdlNode): CtdlNode[] {
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
  protected proxyOf(node: CtdlNode, kinds: Classified['kind'][]): CtdlNode | undefined {
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

  protected componentFromNode(node: CtdlNode): void {
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

  /**
   * A component that names a graph entity (a route document's, ../route-pathway.ts) defines
   * nothing: it is read as a reference, and what describes the entity is only read.
   */
  protected referenceFromNode(node: CtdlNode): void {
    this.mapped.add(node);
    this.g.values(
      node,
      'ceterms:ctid',
      'ceterms:name',
      'ceterms:description',
      'ceterms:identifier',
      'ceterms:credentialType',
      'ceterms:proxyFor',
      'ceterms:occupationType',
      'ceterms:precedes',
    );
  }

  protected referenceOf(node: CtdlNode): Extract<Classified, { kind: 'reference' }> | undefined {
    const cls = this.classOf.get(node);
    return cls?.kind === 'reference' ? cls : undefined;
  }

  protected pathwayFromNode(node: CtdlNode, members: CtdlNode[]): void {
    this.mapped.add(node);
    const ctid = this.ctidOf(node);
    const id = this.idFor('pathway', node, ctid);
    const pathway: Pathway = { id, name: this.nameOf(node, 'Pathway', id) };
    const programIds: string[] = [];
    for (const member of members) {
      const reference = this.referenceOf(member);
      if (reference !== undefined) {
        // A program of the graph the document came from: validated against that graph on load.
        if (reference.entity === 'program' && !programIds.includes(reference.id)) programIds.push(reference.id);
        if (reference.entity === 'work') {
          this.warnAbout('work steps have no place in a pathway (it lists programs); left out', reference.id);
        }
        if (reference.entity === 'credential') {
          this.warnAbout(
            'credential components that name no program have no place in a pathway; left out',
            reference.id,
          );
        }
        continue;
      }
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
      const reference = this.referenceOf(destination);
      if (reference?.entity === 'occupation' && !occupations.includes(reference.id)) occupations.push(reference.id);
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
  protected inRequirementOrder(programIds: string[]): string[] {
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
}
