/**
 * An in-memory index over a bundle-shaped graph: the region rules of CONTRACT.md section 2
 * (availability up and down the `parentId` chain, wages and thresholds found up the chain,
 * supports at a program) and adjacency lists for the edges. The route and gap engines read
 * only this; how it is filled (a bundle file, a Neo4j extraction) is not their concern.
 */

import { NotFoundError } from '../errors.ts';
import type {
  Bundle,
  Credential,
  EntryPoint,
  Household,
  Occupation,
  OccupationWage,
  Outcome,
  Partner,
  Pathway,
  Program,
  Region,
  Sector,
  Support,
  Transition,
  WageThreshold,
} from './bundle.ts';
import { type DerivedView, ViewMemo, type ViewOwner } from './derived-view.ts';
import { applyDelta, type IndexDelta } from './index-delta.ts';
import { lookupTables } from './lookup-tables.ts';
import type { EntityLabel } from './vocabulary.ts';

export interface StackEdge {
  from: string;
  to: string;
  creditsApplied: number;
}
export interface ArticulationEdge {
  from: string;
  programId: string;
  credits: number;
  agreement?: string;
}

function byId<T extends { id: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class GraphIndex implements ViewOwner {
  readonly regions: Map<string, Region>;
  readonly sectors: Map<string, Sector>;
  readonly occupations: Map<string, Occupation>;
  readonly partners: Map<string, Partner>;
  readonly credentials: Map<string, Credential>;
  readonly programs: Map<string, Program>;
  readonly entryPoints: Map<string, EntryPoint>;
  readonly supports: Map<string, Support>;
  readonly pathways: Map<string, Pathway>;

  /** credential id → STACKS_INTO edges leaving it */
  readonly stacksFrom = new Map<string, StackEdge[]>();
  /** credential id → ARTICULATES_TO edges leaving it */
  readonly articulatesFrom = new Map<string, ArticulationEdge[]>();
  /** program id → ARTICULATES_TO edges arriving at it */
  readonly articulatesTo = new Map<string, ArticulationEdge[]>();
  /** credential id → occupation ids it QUALIFIES_FOR */
  readonly qualifiesFor = new Map<string, string[]>();
  /** occupation id → credential ids that qualify for it */
  readonly qualifiedBy = new Map<string, string[]>();
  /** occupation id → ADVANCES_TO targets with years */
  readonly advancesTo = new Map<string, { to: string; years?: number }[]>();
  /** occupation id → partner ids with a HIRES edge */
  readonly hiredBy = new Map<string, { partnerId: string; annualOpenings?: number }[]>();
  /** credential id → ids of programs that award it */
  readonly awardedBy = new Map<string, string[]>();
  /** credential id → ids of programs that list it in some requirement group */
  readonly requiredBy = new Map<string, string[]>();
  /** occupation id → region id → wage row */
  readonly wages = new Map<string, Map<string, OccupationWage>>();
  /** region id → household → threshold */
  readonly thresholds = new Map<string, Map<string, WageThreshold>>();
  /** program id → supports listing it */
  readonly supportsByProgram = new Map<string, Support[]>();
  /** region id → supports listing it */
  readonly supportsByRegion = new Map<string, Support[]>();
  /** region id → child region ids */
  readonly children = new Map<string, string[]>();
  /** program id → its outcome rows, oldest cohort first */
  readonly outcomesByProgram = new Map<string, Outcome[]>();
  /** program id → recorded transitions from it (every cohort year) */
  readonly transitionsFrom = new Map<string, Transition[]>();
  /** program id → recorded transitions into it (every cohort year) */
  readonly transitionsTo = new Map<string, Transition[]>();

  private readonly views = new ViewMemo();

  /** A view derived from this index (see derived-view.ts), built on first use and kept. */
  derived<T>(view: DerivedView<T>): T {
    return this.views.get(this, view);
  }

  /**
   * Lets the index this one was updated from go (withDelta keeps it, so that views can be made
   * from its views by the delta): views asked for afterwards are built whole.
   */
  forgetPrevious(): void {
    this.views.forgetPrevious();
  }

  // ---- Reverse indexes: the parent → children lists that the API's relationship fields read,
  // so each field costs O(its answer) instead of a scan of every entity per parent. Lists keep
  // the bundle's order (that of the maps above), each child once per parent.
  /** sector id → occupations listing it in `sectorIds` */
  readonly occupationsBySector = new Map<string, Occupation[]>();
  /** sector id → pathways in it */
  readonly pathwaysBySector = new Map<string, Pathway[]>();
  /** partner id → programs it provides */
  readonly programsByProvider = new Map<string, Program[]>();
  /** partner id → credentials it issues */
  readonly credentialsByIssuer = new Map<string, Credential[]>();
  /** program id → pathways listing it */
  readonly pathwaysByProgram = new Map<string, Pathway[]>();
  /**
   * The lookups the GraphQL fields read (programs by region, entry points by program, roles by
   * partner, …: LookupTables below). Built from the whole of four lists; an index updated by a
   * delta edits them by the delta (index-delta.ts), in id order.
   */
  readonly programsByRegion!: Map<string, Program[]>;
  /** programs that list no region: available in every region */
  readonly programsEverywhere!: Program[];
  /** program id → its position in the index's program order, to give programs gathered from several lists in that order */
  readonly programPosition!: Map<string, number>;
  /** program id → entry points that enter it */
  readonly entryPointsByProgram!: Map<string, EntryPoint[]>;
  /** credential id → entry points whose participants hold it */
  readonly entryPointsByHeld!: Map<string, EntryPoint[]>;
  /** regions without a parent, in index order */
  readonly rootRegions!: Region[];
  /** partner id → the roles it holds in pathways, in pathway order, then the pathway's order of roles */
  readonly rolesByPartner!: Map<string, { pathway: Pathway; role: string }[]>;
  // ---- end of the reverse indexes.

  constructor(readonly bundle: Bundle) {
    this.regions = byId(bundle.regions);
    this.sectors = byId(bundle.sectors);
    this.occupations = byId(bundle.occupations);
    this.partners = byId(bundle.partners);
    this.credentials = byId(bundle.credentials);
    this.programs = byId(bundle.programs);
    this.entryPoints = byId(bundle.entryPoints);
    this.supports = byId(bundle.supports);
    this.pathways = byId(bundle.pathways);

    for (const region of bundle.regions ?? []) {
      if (region.parentId) push(this.children, region.parentId, region.id);
    }
    for (const edge of bundle.edges ?? []) {
      switch (edge.kind) {
        case 'STACKS_INTO':
          push(this.stacksFrom, edge.from, { from: edge.from, to: edge.to, creditsApplied: edge.creditsApplied ?? 0 });
          break;
        case 'ARTICULATES_TO': {
          const a = { from: edge.from, programId: edge.to, credits: edge.credits, agreement: edge.agreement };
          push(this.articulatesFrom, edge.from, a);
          push(this.articulatesTo, edge.to, a);
          break;
        }
        case 'QUALIFIES_FOR':
          push(this.qualifiesFor, edge.from, edge.to);
          push(this.qualifiedBy, edge.to, edge.from);
          break;
        case 'ADVANCES_TO':
          push(this.advancesTo, edge.from, { to: edge.to, years: edge.years });
          break;
        case 'HIRES':
          push(this.hiredBy, edge.to, { partnerId: edge.from, annualOpenings: edge.annualOpenings });
          break;
      }
    }
    for (const program of bundle.programs ?? []) {
      for (const credentialId of program.awards) push(this.awardedBy, credentialId, program.id);
      const required = new Set((program.requires ?? []).flat());
      for (const credentialId of required) push(this.requiredBy, credentialId, program.id);
    }
    for (const row of bundle.occupationWages ?? []) {
      const rows = this.wages.get(row.occupationId) ?? new Map<string, OccupationWage>();
      this.wages.set(row.occupationId, rows);
      rows.set(row.regionId, row);
    }
    for (const row of bundle.wageThresholds ?? []) {
      const rows = this.thresholds.get(row.regionId) ?? new Map<string, WageThreshold>();
      this.thresholds.set(row.regionId, rows);
      rows.set(row.household, row);
    }
    for (const row of bundle.outcomes ?? []) push(this.outcomesByProgram, row.programId, row);
    for (const rows of this.outcomesByProgram.values()) rows.sort((a, b) => a.cohortYear - b.cohortYear);
    for (const row of bundle.transitions ?? []) {
      push(this.transitionsFrom, row.fromProgramId, row);
      push(this.transitionsTo, row.toProgramId, row);
    }
    for (const support of bundle.supports ?? []) {
      for (const programId of support.programIds ?? []) push(this.supportsByProgram, programId, support);
      for (const regionId of support.regionIds ?? []) push(this.supportsByRegion, regionId, support);
    }
    this.buildReverseIndexes();
  }

  private buildReverseIndexes(): void {
    for (const occupation of this.occupations.values()) {
      for (const sectorId of new Set(occupation.sectorIds ?? [])) push(this.occupationsBySector, sectorId, occupation);
    }
    for (const pathway of this.pathways.values()) {
      if (pathway.sectorId) push(this.pathwaysBySector, pathway.sectorId, pathway);
      for (const programId of new Set(pathway.programIds ?? [])) push(this.pathwaysByProgram, programId, pathway);
    }
    for (const program of this.programs.values()) push(this.programsByProvider, program.providerId, program);
    for (const credential of this.credentials.values()) {
      if (credential.issuerId) push(this.credentialsByIssuer, credential.issuerId, credential);
    }
    Object.assign(this, lookupTables(this));
  }

  /** The map of one kind of entity, by its label (search, the what-if's references, GraphQL ids). */
  entitiesOf(
    label: EntityLabel,
  ): Map<string, Region | Sector | Occupation | Partner | Credential | Program | EntryPoint | Support | Pathway> {
    switch (label) {
      case 'Region':
        return this.regions;
      case 'Sector':
        return this.sectors;
      case 'Occupation':
        return this.occupations;
      case 'Partner':
        return this.partners;
      case 'Credential':
        return this.credentials;
      case 'Program':
        return this.programs;
      case 'EntryPoint':
        return this.entryPoints;
      case 'Support':
        return this.supports;
      case 'Pathway':
        return this.pathways;
    }
  }

  /**
   * The programs available in R (section 2: they list no region, or R, an ancestor or a
   * descendant), in bundle order: gathered from the regions related to R, not by a scan.
   */
  programsAvailableIn(regionId: string): Program[] {
    const found = new Set<Program>(this.programsEverywhere);
    for (const id of this.relatedRegions(regionId))
      for (const program of this.programsByRegion.get(id) ?? []) found.add(program);
    return [...found].sort((a, b) => this.compareProgramOrder(a, b));
  }

  /** Index order of two programs (an index updated by a delta, in id order, compares ids instead). */
  protected compareProgramOrder(a: Program, b: Program): number {
    return (this.programPosition.get(a.id) ?? 0) - (this.programPosition.get(b.id) ?? 0);
  }

  /**
   * The index after a write's delta (index-delta.ts), in time proportional to the delta: its
   * tables share their unchanged entries with this one, which is left as it was. Derived views
   * start empty (they are built again on first use, or warmed by the snapshot).
   */
  withDelta(delta: IndexDelta): GraphIndex {
    return applyDelta(this, delta);
  }

  /** The region with this id, or a NotFoundError naming the argument it came from (`input.regionId`). */
  requireRegion(regionId: string, path: string): Region {
    const region = this.regions.get(regionId);
    if (!region) throw new NotFoundError(path, `no region "${regionId}"`);
    return region;
  }

  /** The region and its ancestors, nearest first (cycles are cut). */
  chain(regionId: string): string[] {
    const out: string[] = [];
    let current: string | undefined = regionId;
    while (current !== undefined && !out.includes(current)) {
      out.push(current);
      current = this.regions.get(current)?.parentId;
    }
    return out;
  }

  /** Every region below this one. */
  descendants(regionId: string): Set<string> {
    const out = new Set<string>();
    const stack = [...(this.children.get(regionId) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (out.has(next) || next === regionId) continue;
      out.add(next);
      stack.push(...(this.children.get(next) ?? []));
    }
    return out;
  }

  /** Regions a thing listing any of them is "available in R" for: R, its ancestors, its descendants. */
  relatedRegions(regionId: string): Set<string> {
    const out = this.descendants(regionId);
    for (const id of this.chain(regionId)) out.add(id);
    return out;
  }

  /** A program (or entry point) is available in R when it lists no region, or lists R, an ancestor or a descendant. */
  isAvailable(item: { regionIds?: string[] }, related: Set<string>): boolean {
    const regionIds = item.regionIds ?? [];
    return regionIds.length === 0 || regionIds.some((id) => related.has(id));
  }

  /** The wage row for an occupation from the nearest region up the chain that has one. */
  wageIn(occupationId: string, regionId: string): OccupationWage | undefined {
    const rows = this.wages.get(occupationId);
    if (!rows) return undefined;
    for (const id of this.chain(regionId)) {
      const row = rows.get(id);
      if (row) return row;
    }
    return undefined;
  }

  /** The family-supporting threshold for a household, found up the chain the same way. */
  thresholdIn(regionId: string, household: Household | string): WageThreshold | undefined {
    for (const id of this.chain(regionId)) {
      const row = this.thresholds.get(id)?.get(household);
      if (row) return row;
    }
    return undefined;
  }

  /** Supports at a program in R: those listing the program, and those listing R or an ancestor of R. */
  supportsAt(programId: string, regionId: string): Support[] {
    const out = new Map<string, Support>();
    for (const s of this.supportsByProgram.get(programId) ?? []) out.set(s.id, s);
    for (const id of this.chain(regionId)) {
      for (const s of this.supportsByRegion.get(id) ?? []) out.set(s.id, s);
    }
    return [...out.values()];
  }
}
