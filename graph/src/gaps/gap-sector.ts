/**
 * The `sectorId` filter: which gap subjects belong to a sector S.
 *
 * - Sector: S itself.
 * - Occupation: lists S in `sectorIds`.
 * - Pathway: its `sectorId` is S.
 * - Program: in a pathway of S, or leads to an occupation of S (awards a credential that qualifies for one).
 * - Credential: qualifies for an occupation of S, or is awarded or required by a program of S.
 * - Entry point: what it reaches in the region (its closure, including the programs open to
 *   everyone) holds a program of S or a credential that qualifies for an occupation of S.
 * - Support: lists a program of S, or its provider has a role in a pathway of S.
 */
import type { GapGraph } from './gap-graph.ts';
import type { EntryReach, SubjectKind } from './gap-types.ts';

export class SectorMembership {
  private readonly occupationIn: Uint8Array;
  private readonly pathwayPrograms = new Set<number>();
  private readonly pathwayPartners = new Set<string>();
  /** program → -1 unknown, 0 no, 1 yes */
  private readonly programIn: Int8Array;
  private readonly baseIn = new WeakMap<object, boolean>();

  constructor(
    private readonly graph: GapGraph,
    readonly sectorId: string,
  ) {
    const { index } = graph;
    this.occupationIn = new Uint8Array(graph.occupations.size);
    for (const occupation of index.occupations.values()) {
      if ((occupation.sectorIds ?? []).includes(sectorId)) this.occupationIn[graph.occupations.of(occupation.id)] = 1;
    }
    for (const pathway of index.pathways.values()) {
      if (pathway.sectorId !== sectorId) continue;
      for (const id of pathway.programIds ?? []) this.pathwayPrograms.add(graph.programs.of(id));
      for (const role of pathway.partnerRoles ?? []) this.pathwayPartners.add(role.partnerId);
    }
    this.programIn = new Int8Array(graph.programs.size).fill(-1);
  }

  program(p: number): boolean {
    const known = this.programIn[p];
    if (known !== undefined && known !== -1) return known === 1;
    const yes = this.pathwayPrograms.has(p) || this.graph.leadsTo.of(p).some((o) => this.occupationIn[o] === 1);
    this.programIn[p] = yes ? 1 : 0;
    return yes;
  }

  qualifiesInSector(c: number): boolean {
    return this.graph.qualifiesFor.of(c).some((o) => this.occupationIn[o] === 1);
  }

  credential(id: string): boolean {
    const { graph } = this;
    const c = graph.credentials.of(id);
    if (this.qualifiesInSector(c)) return true;
    if (graph.awardedBy.of(c).some((p) => this.program(p))) return true;
    return (graph.index.requiredBy.get(id) ?? []).some((pid) => this.program(graph.programs.of(pid)));
  }

  private touches(programs: readonly number[], credentials: readonly number[]): boolean {
    return programs.some((p) => this.program(p)) || credentials.some((c) => this.qualifiesInSector(c));
  }

  /** Whether an entry point's closure touches the sector. */
  reaches(reach: EntryReach): boolean {
    let base = this.baseIn.get(reach.base);
    if (base === undefined) {
      base = this.touches(reach.base.programs, reach.base.credentials);
      this.baseIn.set(reach.base, base);
    }
    return base || this.touches(reach.programs, reach.credentials);
  }

  /** Whether a gap's subject belongs to the sector (entry points are judged per region, by `reaches`). */
  has(subjectKind: SubjectKind, id: string): boolean {
    const { graph } = this;
    const { index } = graph;
    switch (subjectKind) {
      case 'Sector':
        return id === this.sectorId;
      case 'Occupation':
        return index.occupations.has(id) && this.occupationIn[graph.occupations.of(id)] === 1;
      case 'Pathway':
        return index.pathways.get(id)?.sectorId === this.sectorId;
      case 'Program':
        return index.programs.has(id) && this.program(graph.programs.of(id));
      case 'Credential':
        return index.credentials.has(id) && this.credential(id);
      case 'Support': {
        const support = index.supports.get(id);
        if (!support) return false;
        if ((support.programIds ?? []).some((pid) => index.programs.has(pid) && this.program(graph.programs.of(pid)))) {
          return true;
        }
        return support.providerId !== undefined && this.pathwayPartners.has(support.providerId);
      }
      case 'EntryPoint':
        return true;
    }
  }
}
