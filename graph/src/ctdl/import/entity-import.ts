/** CTDL import, entities: organizations → partners, credentials, occupations, learning opportunities → programs. */
import type { Credential, Occupation, Partner, Program } from '../../model/bundle.ts';
import { type CtdlNode, ctidInIri, type Ref } from '../ctdl-jsonld.ts';
import {
  CREDENTIAL_CLASSES,
  conceptName,
  DELIVERY_TYPES,
  isoDurationMonths,
  ORGANIZATION_TYPES,
  PARTNER_KIND_LABELS,
  SCHEDULE_CONCEPTS,
} from '../ctdl-vocabulary.ts';
import {
  type CredentialType,
  HTTP_URL,
  iriTail,
  LANGUAGE_TAG,
  MONTHS_MAX,
  NAME_MAX,
  type PartnerKind,
  READ,
  UNKNOWN_PROVIDER_ID,
} from './importer-base.ts';
import { OutcomeImport } from './outcome-import.ts';

export abstract class EntityImport extends OutcomeImport {
  // ---------------------------------------------------------------- partners

  protected partnerFromNode(node: CtdlNode): string {
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

  protected partnerKind(node: CtdlNode): PartnerKind {
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
  protected partnerForRefs(refs: Ref[], placeholder: boolean): string | undefined {
    for (const ref of refs) {
      if (ref.node && this.kindOf(ref.node) === 'partner') return this.partnerFromNode(ref.node);
    }
    if (!placeholder) return undefined;
    const iri = refs.find((r) => r.iri !== undefined && r.node === undefined)?.iri;
    return iri === undefined ? undefined : this.placeholderPartner(iri);
  }

  protected placeholderPartner(iri: string): string {
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

  protected unknownProvider(): string {
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

  protected credentialFromNode(node: CtdlNode): string {
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

  protected credentialType(node: CtdlNode, cls: string): CredentialType {
    if (cls === 'ceterms:Diploma') {
      const levels = this.g.concepts(node, 'ceterms:audienceLevelType');
      if (levels.some((l) => /Secondary/i.test(conceptName(l.concept ?? '')))) return 'HighSchoolDiploma';
    }
    return CREDENTIAL_CLASSES[cls] ?? 'Other';
  }

  // ---------------------------------------------------------------- occupations

  protected occupationFromNode(node: CtdlNode): string {
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
  protected occupationCodes(node: CtdlNode): { soc?: string; onetSoc?: string } {
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

  protected programFromNode(node: CtdlNode, pathway?: CtdlNode): string {
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
    const cip = this.cipOf(node);
    if (cip !== undefined) program.cip = cip;
    const trainingWage = this.trainingWageOf(node);
    if (trainingWage !== undefined) program.trainingWage = trainingWage;
    if (ctid !== undefined) program.ctid = ctid;
    this.outcomesFromNode(node, id);
    this.programs.push(program);
    this.programOfNode.set(node, id);
    this.registerItem(node, 'program', id);
    return id;
  }

  /** The CIP code of `ceterms:instructionalProgramType` (an alignment whose codedNotation is a CIP code). */
  protected cipOf(node: CtdlNode): string | undefined {
    for (const alignment of this.g.objects(node, 'ceterms:instructionalProgramType')) {
      const code = this.g.text(alignment, 'ceterms:codedNotation');
      this.g.values(alignment, 'ceterms:framework', 'ceterms:frameworkName', 'ceterms:targetNodeName');
      if (code !== undefined && /^\d{2}(\.\d{2}(\d{2})?)?$/.test(code)) return code;
    }
    return undefined;
  }

  /** Annual pay while training: schema.org's `trainingSalary` (CTDL has no term for it), its median or value. */
  protected trainingWageOf(node: CtdlNode): number | undefined {
    for (const salary of this.g.objects(node, 'schema:trainingSalary')) {
      salary.used.add(READ);
      const n = this.g.number(salary, 'schema:median', 'schema:value');
      this.g.values(salary, 'schema:currency', 'schema:duration');
      if (n !== undefined && n >= 0) return n;
    }
    return undefined;
  }

  protected providerOf(node: CtdlNode, pathway: CtdlNode | undefined, id: string): string {
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

  protected monthsOf(node: CtdlNode, id: string): number {
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

  protected duration(profile: CtdlNode, term: string): number | undefined {
    const text = this.g.text(profile, term);
    return text === undefined ? undefined : isoDurationMonths(text);
  }

  protected costOf(node: CtdlNode, id: string): number | undefined {
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

  protected creditsOf(node: CtdlNode): number | undefined {
    for (const value of this.g.objects(node, 'ceterms:creditValue')) {
      const n = this.valueOf(value);
      if (n !== undefined) return n;
    }
    const legacy = this.g.number(node, 'ceterms:creditHourValue', 'ceterms:creditUnitValue');
    return legacy !== undefined && legacy >= 0 ? legacy : undefined;
  }

  /** The number of a ValueProfile / QuantitativeValue: value, else the maximum, else the minimum. */
  protected override valueOf(profile: CtdlNode): number | undefined {
    profile.used.add(READ);
    const n = this.g.number(profile, 'schema:value', 'ceterms:value', 'qdata:value');
    const result =
      n ?? this.g.number(profile, 'schema:maxValue', 'ceterms:maxValue', 'schema:minValue', 'ceterms:minValue');
    return result !== undefined && result >= 0 ? result : undefined;
  }

  protected modalityOf(node: CtdlNode): Program['modality'] {
    const modalities = new Set(
      this.g
        .concepts(node, 'ceterms:deliveryType')
        .map((c) => DELIVERY_TYPES[conceptName(c.concept ?? '')])
        .filter((m) => m !== undefined),
    );
    if (modalities.has('hybrid') || (modalities.has('online') && modalities.has('in-person'))) return 'hybrid';
    return [...modalities][0];
  }

  protected schedulesOf(node: CtdlNode): NonNullable<Program['schedules']> {
    const found = this.g
      .concepts(node, 'ceterms:scheduleTimingType', 'ceterms:scheduleFrequencyType')
      .map((c) => SCHEDULE_CONCEPTS[conceptName(c.concept ?? '')])
      .filter((s) => s !== undefined);
    return [...new Set(found)];
  }
}
