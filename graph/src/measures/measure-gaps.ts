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
  /** The region's name for messages; undefined without a region. */
  name: string | undefined;
  regionIds: string[];
}

/**
 * Without a region (a graph with no regions at all), only the programs that list no region are
 * available, as in the gap engine.
 */
function placeOf(index: GraphIndex, regionId: string | undefined): Place {
  if (regionId === undefined) return { related: new Set(), name: undefined, regionIds: [] };
  const region = index.regions.get(regionId);
  if (!region) throw new NotFoundError('filter.regionId', `region ${regionId} is not in the graph`);
  return {
    related: index.relatedRegions(regionId),
    name: region.name,
    regionIds: [regionId],
  };
}

function available(index: GraphIndex, place: Place, programId: string): boolean {
  const program = index.programs.get(programId);
  return program !== undefined && index.isAvailable(program, place.related);
}

/**
 * One program's LOW_OUTCOME finding, whatever the region (the caller decides availability):
 * undefined when no figure of its latest row is below its floor. `message` names the place
 * (`where`: the region's name, or undefined without one).
 */
export interface MeasureFinding {
  severity: 'high' | 'medium';
  message(where: string | undefined): string;
  relatedIds: string[];
}

const inPlace = (where: string | undefined) => (where === undefined ? '' : ` in ${where}`);

/** LOW_OUTCOME of one program: high when two or three figures are below their floors, medium for one. */
export function lowOutcomeOf(index: GraphIndex, programId: string, floors: Floors): MeasureFinding | undefined {
  const program = index.programs.get(programId);
  if (!program) return undefined;
  const row = outcomeRow(index, program.id);
  if (!row) return undefined;
  const figures = outcomeIndicators(row);
  const completion = figures.completionRate !== null && figures.completionRate < floors.completionRate;
  const employment = figures.employmentRateQ2 !== null && figures.employmentRateQ2 < floors.employmentRateQ2;
  const earnings = figures.medianEarningsQ2 !== null && figures.medianEarningsQ2 < floors.medianEarningsQ2;
  const count = Number(completion) + Number(employment) + Number(earnings);
  if (count === 0) return undefined;
  // The figures are worded when the message is read: the gap engine keeps every low program of
  // the graph and words few of them (the currency format is the dearest part).
  const { completionRate, employmentRateQ2, medianEarningsQ2 } = floors;
  const belowText = () => {
    const below: string[] = [];
    if (completion)
      below.push(`completion rate ${percent(figures.completionRate as number)} (floor ${percent(completionRate)})`);
    if (employment)
      below.push(
        `employment in the 2nd quarter after exit ${percent(figures.employmentRateQ2 as number)} (floor ${percent(employmentRateQ2)})`,
      );
    if (earnings)
      below.push(
        `median quarterly earnings ${dollars.format(figures.medianEarningsQ2 as number)} (floor ${dollars.format(medianEarningsQ2)})`,
      );
    return below.join('; ');
  };
  // The reverse index, not a scan of every pathway: this runs for each program in each region class.
  const pathways = (index.pathwaysByProgram.get(program.id) ?? []).map((p) => p.id).sort(byId);
  const source = row.source ? `, ${row.source}` : '';
  return {
    severity: count >= 2 ? 'high' : 'medium',
    message: (where) =>
      `${named(program.name, program.id)}${inPlace(where)} falls below the floor for eligible training programs in its ${row.cohortYear} cohort${source}: ${belowText()}`,
    relatedIds: [program.providerId, ...pathways],
  };
}

/** LOW_OUTCOME in one region. */
export function lowOutcomeGaps(index: GraphIndex, regionId: string | undefined, floors: Floors): MeasureGap[] {
  const place = placeOf(index, regionId);
  const gaps: MeasureGap[] = [];
  for (const program of index.programs.values()) {
    if (!index.isAvailable(program, place.related)) continue;
    const found = lowOutcomeOf(index, program.id, floors);
    if (found) gaps.push(toGap('LOW_OUTCOME', program.id, found, place));
  }
  return gaps.sort((a, b) => byId(a.subjectId, b.subjectId));
}

function toGap(kind: MeasureGapKind, subjectId: string, found: MeasureFinding, place: Place): MeasureGap {
  return {
    kind,
    severity: found.severity,
    subjectId,
    subjectKind: 'Program',
    message: found.message(place.name),
    relatedIds: found.relatedIds,
    regionIds: place.regionIds,
  };
}

interface Leak {
  row: Transition;
  rate: number;
  /** Credentials the from program awards that the to program requires. */
  links: string[];
}

/**
 * LEAKY_TRANSITION of one from program (available in the region: the caller's check), given
 * which programs are available there: high when some leaky rate is below half the floor,
 * medium otherwise; undefined when nothing leaks.
 */
export function leakyTransitionOf(
  index: GraphIndex,
  fromId: string,
  isAvailable: (programId: string) => boolean,
  floors: Floors,
): MeasureFinding | undefined {
  const from = index.programs.get(fromId);
  const rows = index.transitionsFrom.get(fromId);
  if (!from || !rows) return undefined;
  const latest = new Map<string, Transition>();
  for (const row of rows) {
    const seen = latest.get(row.toProgramId);
    if (!seen || row.cohortYear > seen.cohortYear) latest.set(row.toProgramId, row);
  }
  const leaks: Leak[] = [];
  for (const row of latest.values()) {
    const to = index.programs.get(row.toProgramId);
    if (!to || !isAvailable(to.id) || row.completers === 0) continue;
    const rate = row.continued / row.completers;
    if (rate >= floors.transitionRate) continue;
    const required = new Set((to.requires ?? []).flat());
    const links = from.awards.filter((c) => required.has(c));
    if (links.length > 0) leaks.push({ row, rate, links });
  }
  if (leaks.length === 0) return undefined;
  leaks.sort((a, b) => byId(a.row.toProgramId, b.row.toProgramId));
  const parts = leaks.map(({ row, rate, links }) => {
    const to = index.programs.get(row.toProgramId);
    const credentials = links.map((c) => named(index.credentials.get(c)?.name, c)).join(', ');
    return `${percent(rate)} of its ${row.completers} completers of ${row.cohortYear} started ${named(to?.name, row.toProgramId)} within 12 months, which requires ${credentials} that it awards`;
  });
  return {
    severity: leaks.some((l) => l.rate < floors.transitionRate / 2) ? 'high' : 'medium',
    message: (where) =>
      `${named(from.name, fromId)}${inPlace(where)} loses its completers before the next step (floor ${percent(floors.transitionRate)}): ${parts.join('; ')}`,
    relatedIds: leaks.map((l) => l.row.toProgramId),
  };
}

/** LEAKY_TRANSITION in one region. */
export function leakyTransitionGaps(index: GraphIndex, regionId: string | undefined, floors: Floors): MeasureGap[] {
  const place = placeOf(index, regionId);
  const isAvailable = (id: string) => available(index, place, id);
  const gaps: MeasureGap[] = [];
  for (const fromId of index.transitionsFrom.keys()) {
    if (!isAvailable(fromId)) continue;
    const found = leakyTransitionOf(index, fromId, isAvailable, floors);
    if (found) gaps.push(toGap('LEAKY_TRANSITION', fromId, found, place));
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
