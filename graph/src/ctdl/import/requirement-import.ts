/** CTDL import, requirements and conditions: condition profiles to requirement groups, and which credential each program awards. */
import type { Edge, Program } from '../../model/bundle.ts';
import type { CtdlNode, Ref } from '../ctdl-jsonld.ts';
import { conceptName } from '../ctdl-vocabulary.ts';
import { allOf, anyOf, type Cnf, item, type Requirement, toCnf } from '../requirements.ts';
import { NAME_MAX, READ } from './importer-base.ts';
import { PathwayImport } from './pathway-import.ts';

export abstract class RequirementImport extends PathwayImport {
  /** Requirements of every node that takes part in conditions, as item-level expressions. */
  protected gatherRequirements(): void {
    const candidates = [...this.items.values()].map((i) => i.node);
    for (const node of candidates) {
      const requirement = this.requirementOfNode(node, new Set());
      if (requirement !== undefined) this.requirementOf.set(this.keyOf(node), requirement);
    }
  }

  // ---------------------------------------------------------------- requirements

  protected requirementOfNode(node: CtdlNode, visiting: Set<CtdlNode>): Requirement | undefined {
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

  /** Condition values split into ConditionProfiles and direct references to entities. */
  protected conditionValues(node: CtdlNode, ...terms: string[]): { profiles: CtdlNode[]; direct: Ref[] } {
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
  protected conditionRequirement(
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
  protected profileRequirement(
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
  protected refItems(refs: Ref[], visiting: Set<CtdlNode>): Requirement[] {
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

  protected cnfOf(key: string): Cnf | undefined {
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
  protected assignAwards(): Set<string> {
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
  protected addCompletionCredentials(): void {
    for (const program of this.programs) this.ensureAward(program);
  }

  protected ensureAward(program: Program): void {
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
  protected programAward(node: CtdlNode): string | undefined {
    const id = this.programFromNode(node);
    const program = this.programs.find((p) => p.id === id);
    if (program) this.ensureAward(program);
    return program?.awards[0];
  }

  /** The credential an item stands for in a requirement group. */
  protected credentialOfItem(key: string): string | undefined {
    const info = this.items.get(key);
    if (info?.entityId === undefined) return undefined;
    if (info.role === 'credential') return info.entityId;
    if (info.role === 'program') return this.programs.find((p) => p.id === info.entityId)?.awards[0];
    return undefined;
  }

  protected credentialCnf(key: string): Cnf {
    const cnf = this.cnfOf(key) ?? [];
    return cnf
      .map((group) => [
        ...new Set(group.map((k) => this.credentialOfItem(k)).filter((c): c is string => c !== undefined)),
      ])
      .filter((group) => group.length > 0);
  }

  protected addRequires(program: Program, groups: Cnf): void {
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

  protected addEdge(edge: Edge): void {
    const key = `${edge.kind}\u0000${edge.from}\u0000${edge.to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(edge);
  }

  protected applyRequirements(awardedByConditions: Set<string>): void {
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
}
