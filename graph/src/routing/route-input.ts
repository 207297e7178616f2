/**
 * The `routes(input)` argument of CONTRACT.md section 3 as a zod schema, and the route shapes the
 * engine returns. GraphQL passes `null` for an argument left out, so every optional field accepts
 * null as "not given"; defaults (household `1A1C`, objective `TIME`, limit 3) are applied here.
 */
import { z } from 'zod';
import { BadInputError } from '../errors.ts';
import { HOUSEHOLDS, type Household, ID_PATTERN, MODALITIES, SCHEDULES, SUPPORT_KINDS } from '../model/bundle.ts';

export const OBJECTIVES = ['TIME', 'COST', 'INCOME'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const DEFAULT_HOUSEHOLD: Household = '1A1C';
export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 10;
export const DEFAULT_HORIZON_MONTHS = 60;
export const MAX_HORIZON_MONTHS = 600;

const id = z.string().regex(ID_PATTERN, 'must be an id: 1-128 letters, digits and . _ : - (not first)');
const none = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const bound = z.number({ error: 'must be a number' }).finite('must be a finite number').min(0, 'must be 0 or more');
const language = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or es');

export const routeInputSchema = z.strictObject({
  regionId: id,
  household: z
    .enum(HOUSEHOLDS, { error: `must be one of ${HOUSEHOLDS.join(', ')}` })
    .nullish()
    .transform((v): Household => v ?? DEFAULT_HOUSEHOLD),
  entryPointId: id.nullish().transform(none),
  heldCredentialIds: z.array(id).nullish().transform(none),
  target: z
    .strictObject({
      occupationId: id.nullish().transform(none),
      sectorId: id.nullish().transform(none),
    })
    .nullish()
    .transform(none),
  objective: z
    .enum(OBJECTIVES, { error: 'must be TIME, COST or INCOME' })
    .nullish()
    .transform((v): Objective => v ?? 'TIME'),
  limit: z
    .number({ error: 'must be a whole number from 1 to 10' })
    .int('must be a whole number from 1 to 10')
    .min(1, 'must be from 1 to 10')
    .max(MAX_LIMIT, 'must be from 1 to 10')
    .nullish()
    .transform((v) => v ?? DEFAULT_LIMIT),
  maxMonths: bound.nullish().transform(none),
  maxCost: bound.nullish().transform(none),
  needs: z
    .array(z.enum(SUPPORT_KINDS, { error: `must be one of ${SUPPORT_KINDS.join(', ')}` }))
    .nullish()
    .transform((v) => (v ? [...new Set(v)] : undefined)),
  requireSupports: z.boolean({ error: 'must be true or false' }).nullish().transform(none),
  modality: z
    .enum(MODALITIES, { error: `must be one of ${MODALITIES.join(', ')}` })
    .nullish()
    .transform(none),
  schedules: z
    .array(z.enum(SCHEDULES, { error: `must be one of ${SCHEDULES.join(', ')}` }))
    .nullish()
    .transform(none),
  languages: z.array(language).nullish().transform(none),
  /** CONTRACT.md section 5: work steps along ADVANCES_TO edges with years. */
  advancement: z
    .boolean({ error: 'must be true or false' })
    .nullish()
    .transform((v) => v ?? false),
  horizonMonths: z
    .number({ error: 'must be from 1 to 600' })
    .finite('must be from 1 to 600')
    .min(1, 'must be from 1 to 600')
    .max(MAX_HORIZON_MONTHS, 'must be from 1 to 600')
    .nullish()
    .transform((v) => v ?? DEFAULT_HORIZON_MONTHS),
  maxMonthsWithoutPay: bound.nullish().transform(none),
});

/** What a caller may pass (optional fields may be left out or null). */
export type RouteInput = z.input<typeof routeInputSchema>;
/** The input after validation and defaults. */
export type ParsedRouteInput = z.output<typeof routeInputSchema>;

function issuePath(path: readonly PropertyKey[]): string {
  let out = 'input';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

/**
 * Validates a route input; a bad one is a BadInputError naming the argument (`input.limit`,
 * `input.heldCredentialIds[1]`) and why. Every problem is in the message, the first one's path in `path`.
 */
export function parseRouteInput(raw: unknown): ParsedRouteInput {
  const parsed = routeInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const path = first ? issuePath(first.path) : 'input';
  const reasons = issues.map((issue, i) => (i === 0 ? issue.message : `${issuePath(issue.path)}: ${issue.message}`));
  throw new BadInputError(path, reasons.join('; '));
}

/** A work step's ADVANCES_TO edge (CONTRACT.md section 5). */
export interface WorkEdge {
  from: string;
  to: string;
  years: number;
}

/**
 * One step of a route: a program, with its months and cost after credit, or (section 5) a work
 * step along an ADVANCES_TO edge, which has no program, provider, supports, credits or awards.
 */
export interface RouteStep {
  kind: 'PROGRAM' | 'WORK';
  /** the program; '' for a work step */
  programId: string;
  /** the program's provider; '' for a work step */
  providerId: string;
  /** the work step's edge; undefined for a program */
  edge?: WorkEdge;
  /** the month the step starts: the months of the steps before it, after credit */
  startMonth: number;
  months: number;
  cost: number;
  creditsGranted: number;
  /** Every credential the program awards. */
  awards: string[];
  /** Supports at the program in the route's region. */
  supportIds: string[];
  /** Needed support kinds (input `needs`) that no support at this program offers. */
  missingSupports: string[];
  /** The occupation whose pay the step earns: O for a work step O → O2, the best job for a work-compatible program without trainingWage; null otherwise. */
  workingAsId: string | null;
  /** The step's monthly pay rate times its months. */
  earnings: number;
}

/** An occupation a credential earned along the route qualifies for: one of the route's exits. */
export interface ExitPoint {
  credentialId: string;
  occupationId: string;
  medianAnnual: number | null;
  familySupporting: boolean;
  /** The end month of the step that first awarded the credential. */
  month: number;
}

export interface Route {
  rank: number;
  /** The steps in order: program ids, and `FROM>TO` (the two occupation ids) for a work step. */
  programIds: string[];
  steps: RouteStep[];
  totalMonths: number;
  totalCost: number;
  creditsGranted: number;
  destinationId: string;
  destinationWage: number | null;
  familySupporting: boolean;
  exitPoints: ExitPoint[];
  /** CONTRACT.md section 5: the sum of the steps' earnings */
  earningsDuringRoute: number;
  /** the months of the steps whose pay rate is 0 */
  monthsWithoutPay: number;
  /** the start month of the first step with pay, or totalMonths when none has any */
  firstPaycheckMonth: number;
  /** pay over the input's horizonMonths (steps, then the destination's pay) minus totalCost */
  netIncome: number;
  /** the family-supporting threshold used (annual), null when the region has none for the household */
  threshold: number | null;
}
