/** CTDL import, transfer values: stacking (STACKS_INTO) and credit for prior credentials (ARTICULATES_TO). */
import type { Edge } from '../../model/bundle.ts';
import type { CtdlNode, Ref } from '../ctdl-jsonld.ts';
import { READ } from './importer-base.ts';
import { RequirementImport } from './requirement-import.ts';

export abstract class TransferImport extends RequirementImport {
  protected stackingAndTransfer(): void {
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

  protected credentialOfRef(ref: Ref): string | undefined {
    if (!ref.node) return undefined;
    const kind = this.kindOf(ref.node);
    if (kind === 'credential') return this.credentialFromNode(ref.node);
    if (kind === 'program') return this.programAward(ref.node);
    const info = this.items.get(this.keyOf(ref.node));
    return info === undefined ? undefined : this.credentialOfItem(this.keyOf(ref.node));
  }

  /** One link from a credential to another credential (STACKS_INTO) or to a program (ARTICULATES_TO). */
  protected linkCredential(
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

  protected firstValue(node: CtdlNode, term: string): number | undefined {
    for (const value of this.g.objects(node, term)) {
      const n = this.valueOf(value);
      if (n !== undefined) return n;
    }
    return undefined;
  }
}
