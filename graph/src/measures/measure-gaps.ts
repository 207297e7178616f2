/**
 * The two gap kinds of CONTRACT.md section 6, as pure rules over a GraphIndex, one region and
 * the floors. Their records have the shape of the gap engine's (`Gap` in ../gaps/gap-types.ts),
 * so they can be registered there as per-kind descriptors; merging the answers of several regions
 * and the sector filter are the gap engine's, as for its other kinds.
 *
 * - LOW_OUTCOME (subject: the program): a program available in R whose latest outcome row has a
 *   completion rate, 2nd-quarter employment rate or median earnings below its floor. A missing
 *   figure never triggers it.
 * - LEAKY_TRANSITION (subject: the from program; relatedIds: the to programs): a recorded
 *   transition whose two programs are available in R, whose to program requires (in any group) a
 *   credential the from program awards, and whose latest rate is below the transition floor.
 */
import { z } from 'zod';
import { BadInputError, NotFoundError } from '../errors.ts';
import type { Transition } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { outcomeIndicators, outcomeRow } from './indicators.ts';

export const MEASURE_GAP_KINDS = ['LOW_OUTCOME', 'LEAKY_TRANSITION'] as const;
export type MeasureGapKind = (typeof MEASURE_GAP_KINDS)[number];

/** Washington State's minimums for eligible training programs (the contract's defaults). */
export const DEFAULT_FLOORS = {
  completionRate: 0.2,
  employmentRateQ2: 0.5,
  medianEarningsQ2: 3943,
  transitionRate: 0.25,
} as const;
export type Floors = { [K in keyof typeof DEFAULT_FLOORS]: number };

const rateFloor = (fallback: number) =>
  z
    .number({ error: 'must be a number' })
    .min(0, 'must be a rate from 0 to 1')
    .max(1, 'must be a rate from 0 to 1')
    .nullish()
    .transform((v) => v ?? fallback);

/** `floors` of the gap filter: each optional (null or left out: the default). */
export const floorsSchema = z
  .strictObject({
    completionRate: rateFloor(DEFAULT_FLOORS.completionRate),
    employmentRateQ2: rateFloor(DEFAULT_FLOORS.employmentRateQ2),
    medianEarningsQ2: z
      .number({ error: 'must be a number' })
      .min(0, 'must be quarterly dollars, 0 or more')
      .max(1e7, 'must be quarterly dollars, at most 10,000,000')
      .nullish()
      .transform((v) => v ?? DEFAULT_FLOORS.medianEarningsQ2),
    transitionRate: rateFloor(DEFAULT_FLOORS.transitionRate),
  })
  .nullish()
  .transform((v): Floors => v ?? { ...DEFAULT_FLOORS });
export type FloorsInput = z.input<typeof floorsSchema>;

/** Validates `filter.floors`; a bad one is a BadInputError naming the field (`filter.floors.transitionRate`). */
export function parseFloors(raw: unknown, path = 'filter.floors'): Floors {
  const parsed = floorsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const at = (issue: z.core.$ZodIssue) => [path, ...issue.path.map(String)].join('.');
  const [first, ...rest] = parsed.error.issues;
  const reasons = [first?.message ?? 'invalid', ...rest.map((issue) => `${at(issue)}: ${issue.message}`)];
  throw new BadInputError(first ? at(first) : path, reasons.join('; '));
}

/** A gap record of the gap engine's shape (`Gap`), for the two kinds of this module. */
export interface MeasureGap {
  kind: MeasureGapKind;
  severity: 'high' | 'medium' | 'low';
  subjectId: string;
  subjectKind: 'Program';
  message: string;
  relatedIds: string[];
  regionIds: string[];
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const named = (name: string | undefined, id: string) => (name && name !== id ? `${name} (${id})` : id);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Place {
  /** Regions whose programs count as available (R, its ancestors and descendants); empty without R. */
  related: Set<string>;
  where: string;
  regionIds: string[];
}

/**
 * Without a region (a graph with no regions at all), only the programs that list no region are
 * available, as in the gap engine.
 */
function placeOf(index: GraphIndex, regionId: string | undefined): Place {
  if (regionId === undefined) return { related: new Set(), where: '', regionIds: [] };
  const region = index.regions.get(regionId);
  if (!region) throw new NotFoundError('filter.regionId', `region ${regionId} is not in the graph`);
  return {
    related: index.relatedRegions(regionId),
    where: ` in ${region.name}`,
    regionIds: [regionId],
  };
}

function available(index: GraphIndex, place: Place, programId: string): boolean {
  const program = index.programs.get(programId);
  return program !== undefined && index.isAvailable(program, place.related);
}

/** LOW_OUTCOME in one region: high when two or three figures are below their floors, medium for one. */
export function lowOutcomeGaps(index: GraphIndex, regionId: string | undefined, floors: Floors): MeasureGap[] {
  const place = placeOf(index, regionId);
  const gaps: MeasureGap[] = [];
  for (const program of index.programs.values()) {
    if (!index.isAvailable(program, place.related)) continue;
    const row = outcomeRow(index, program.id);
    if (!row) continue;
    const figures = outcomeIndicators(row);
    const below: string[] = [];
    if (figures.completionRate !== null && figures.completionRate < floors.completionRate)
      below.push(`completion rate ${percent(figures.completionRate)} (floor ${percent(floors.completionRate)})`);
    if (figures.employmentRateQ2 !== null && figures.employmentRateQ2 < floors.employmentRateQ2)
      below.push(
        `employment in the 2nd quarter after exit ${percent(figures.employmentRateQ2)} (floor ${percent(floors.employmentRateQ2)})`,
      );
    if (figures.medianEarningsQ2 !== null && figures.medianEarningsQ2 < floors.medianEarningsQ2)
      below.push(
        `median quarterly earnings ${dollars.format(figures.medianEarningsQ2)} (floor ${dollars.format(floors.medianEarningsQ2)})`,
      );
    if (below.length === 0) continue;
    const pathways = [...index.pathways.values()]
      .filter((p) => p.programIds?.includes(program.id))
      .map((p) => p.id)
      .sort(byId);
    const source = row.source ? `, ${row.source}` : '';
    gaps.push({
      kind: 'LOW_OUTCOME',
      severity: below.length >= 2 ? 'high' : 'medium',
      subjectId: program.id,
      subjectKind: 'Program',
      message: `${named(program.name, program.id)}${place.where} falls below the floor for eligible training programs in its ${row.cohortYear} cohort${source}: ${below.join('; ')}`,
      relatedIds: [program.providerId, ...pathways],
      regionIds: place.regionIds,
    });
  }
  return gaps.sort((a, b) => byId(a.subjectId, b.subjectId));
}

interface Leak {
  row: Transition;
  rate: number;
  /** Credentials the from program awards that the to program requires. */
  links: string[];
}

/** LEAKY_TRANSITION in one region: high when some leaky rate is below half the floor, medium otherwise. */
export function leakyTransitionGaps(index: GraphIndex, regionId: string | undefined, floors: Floors): MeasureGap[] {
  const place = placeOf(index, regionId);
  const gaps: MeasureGap[] = [];
  for (const [fromId, rows] of index.transitionsFrom) {
    const from = index.programs.get(fromId);
    if (!from || !available(index, place, fromId)) continue;
    const latest = new Map<string, Transition>();
    for (const row of rows) {
      const seen = latest.get(row.toProgramId);
      if (!seen || row.cohortYear > seen.cohortYear) latest.set(row.toProgramId, row);
    }
    const leaks: Leak[] = [];
    for (const row of latest.values()) {
      const to = index.programs.get(row.toProgramId);
      if (!to || !available(index, place, to.id) || row.completers === 0) continue;
      const rate = row.continued / row.completers;
      if (rate >= floors.transitionRate) continue;
      const required = new Set((to.requires ?? []).flat());
      const links = from.awards.filter((c) => required.has(c));
      if (links.length > 0) leaks.push({ row, rate, links });
    }
    if (leaks.length === 0) continue;
    leaks.sort((a, b) => byId(a.row.toProgramId, b.row.toProgramId));
    const parts = leaks.map(({ row, rate, links }) => {
      const to = index.programs.get(row.toProgramId);
      const credentials = links.map((c) => named(index.credentials.get(c)?.name, c)).join(', ');
      return `${percent(rate)} of its ${row.completers} completers of ${row.cohortYear} started ${named(to?.name, row.toProgramId)} within 12 months, which requires ${credentials} that it awards`;
    });
    gaps.push({
      kind: 'LEAKY_TRANSITION',
      severity: leaks.some((l) => l.rate < floors.transitionRate / 2) ? 'high' : 'medium',
      subjectId: fromId,
      subjectKind: 'Program',
      message: `${named(from.name, fromId)}${place.where} loses its completers before the next step (floor ${percent(floors.transitionRate)}): ${parts.join('; ')}`,
      relatedIds: leaks.map((l) => l.row.toProgramId),
      regionIds: place.regionIds,
    });
  }
  return gaps.sort((a, b) => byId(a.subjectId, b.subjectId));
}

/** Both kinds (or the ones asked for), in the gap engine's order: kind, then subject id. */
export function measureGaps(
  index: GraphIndex,
  regionId: string | undefined,
  floors: Floors = { ...DEFAULT_FLOORS },
  kinds: readonly MeasureGapKind[] = MEASURE_GAP_KINDS,
): MeasureGap[] {
  const out: MeasureGap[] = [];
  if (kinds.includes('LEAKY_TRANSITION')) out.push(...leakyTransitionGaps(index, regionId, floors));
  if (kinds.includes('LOW_OUTCOME')) out.push(...lowOutcomeGaps(index, regionId, floors));
  return out;
}
