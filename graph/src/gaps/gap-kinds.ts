/**
 * One descriptor per gap kind: whether it is evaluated once per graph or per region, whether it
 * needs the household's threshold, what its subjects are, which regional inputs it reads, and
 * its rule (which also builds each finding's message and evidence). Every list of kinds the
 * engine uses is derived from this table; GAP_KINDS (model/vocabulary.ts) names them for the
 * web and the zod filter, and the `satisfies` below keeps the two in step. gap-kinds.test.ts
 * checks the declared regional inputs against what each rule actually reads, and the GraphQL
 * enum of services/api against this table.
 */
import type { GapKind } from '../model/vocabulary.ts';
import type { GapGraph, RegionContext } from './gap-graph.ts';
import type { SectorMembership } from './gap-sector.ts';
import type { Finding, SubjectKind } from './gap-types.ts';
import { noExitPointGaps, orphanGaps, sectorWithoutEmployerGaps } from './graph-wide-gaps.ts';
import { leakyTransition, lowOutcome } from './measure-gap-kinds.ts';
import type { RegionalInput } from './region-classes.ts';
import {
  creditLoss,
  deadEnd,
  entryWithoutRoute,
  occupationWithoutRoute,
  type ProgramScope,
  type RegionResult,
  type RegionRule,
  unsupportedProgram,
} from './region-gaps.ts';

export interface GraphWideKind {
  scope: 'graph-wide';
  kind: GapKind;
  subjectKinds: readonly SubjectKind[];
  run(graph: GapGraph): Finding[];
}

export interface RegionalKind extends RegionRule {
  scope: 'regional';
  /** Undecided (reports nothing) in a region without the household's threshold up its chain. */
  needsThreshold: boolean;
  /** Everything the rule reads about a region; regions alike on these are evaluated once. */
  reads: readonly RegionalInput[];
}

export type GapKindDescriptor = GraphWideKind | RegionalKind;

const graphWide = (kind: GapKind, subjectKinds: SubjectKind[], run: GraphWideKind['run']): GraphWideKind => ({
  scope: 'graph-wide',
  kind,
  subjectKinds,
  run,
});

const regional = (rule: RegionRule, needsThreshold: boolean, reads: RegionalInput[]): RegionalKind => ({
  ...rule,
  scope: 'regional',
  needsThreshold,
  reads,
});

export const GAP_DESCRIPTORS = {
  DEAD_END_CREDENTIAL: regional(deadEnd, true, ['programRegions', 'threshold', 'wages', 'entryPoints']),
  CREDIT_LOSS: regional(creditLoss, false, ['programRegions']),
  ENTRY_WITHOUT_ROUTE: regional(entryWithoutRoute, true, ['programRegions', 'threshold', 'wages', 'entryPoints']),
  OCCUPATION_WITHOUT_ROUTE: regional(occupationWithoutRoute, false, [
    'programRegions',
    'threshold',
    'wages',
    'openings',
  ]),
  NO_EXIT_POINT: graphWide('NO_EXIT_POINT', ['Pathway'], noExitPointGaps),
  UNSUPPORTED_PROGRAM: regional(unsupportedProgram, false, ['programRegions', 'supports']),
  SECTOR_WITHOUT_EMPLOYER: graphWide('SECTOR_WITHOUT_EMPLOYER', ['Sector'], sectorWithoutEmployerGaps),
  ORPHAN: graphWide('ORPHAN', ['Credential', 'Support'], orphanGaps),
  LOW_OUTCOME: regional(lowOutcome, false, ['programRegions']),
  LEAKY_TRANSITION: regional(leakyTransition, false, ['programRegions']),
} as const satisfies Record<GapKind, GapKindDescriptor>;

const ALL: readonly GapKindDescriptor[] = Object.values(GAP_DESCRIPTORS);

export const GRAPH_WIDE_KINDS: readonly GraphWideKind[] = ALL.filter((d) => d.scope === 'graph-wide');
export const REGIONAL_KINDS: readonly RegionalKind[] = ALL.filter((d) => d.scope === 'regional');

/** Kinds whose answer does not depend on the region: evaluated once, never per region. */
export const REGION_INDEPENDENT_KINDS: ReadonlySet<GapKind> = new Set(GRAPH_WIDE_KINDS.map((d) => d.kind));

/** Kinds that need the household's family-supporting threshold to be decided. */
export const THRESHOLD_KINDS: ReadonlySet<GapKind> = new Set(
  REGIONAL_KINDS.filter((d) => d.needsThreshold).map((d) => d.kind),
);

/** Every regional input some kind reads: what region classes must agree on. */
export const READ_INPUTS: readonly RegionalInput[] = [...new Set(REGIONAL_KINDS.flatMap((d) => d.reads))];

/** Runs a regional kind in one region; a kind that needs a threshold finds nothing where there is none. */
export function runRegional(
  descriptor: RegionalKind,
  graph: GapGraph,
  ctx: RegionContext,
  sector: SectorMembership | undefined,
  programs?: ProgramScope,
): RegionResult | undefined {
  if (descriptor.needsThreshold && ctx.threshold === undefined) return undefined;
  return descriptor.run(graph, ctx, sector, programs);
}
