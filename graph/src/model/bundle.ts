/**
 * The pathway bundle of CONTRACT.md section 1 as zod schemas: the one validator used by the
 * CLI, the HTTP import, the CSV and CTDL converters and the tests. TypeScript types come from
 * `z.infer`. Objects are strict: an unknown field is an error (it is almost always a typo
 * that would otherwise drop data silently).
 */
import { z } from 'zod';
import {
  CREDENTIAL_TYPES,
  EDGE_KINDS,
  HOUSEHOLDS,
  ID_PATTERN,
  MODALITIES,
  PARTNER_KINDS,
  PARTNER_ROLES,
  PROGRAM_FEATURES,
  REGION_KINDS,
  SCHEDULES,
  SUPPORT_KINDS,
} from './vocabulary.ts';

export {
  CREDENTIAL_TYPES,
  EDGE_KINDS,
  HOUSEHOLDS,
  ID_PATTERN,
  MODALITIES,
  PARTNER_KINDS,
  PARTNER_ROLES,
  PROGRAM_FEATURES,
  REGION_KINDS,
  SCHEDULES,
  SUPPORT_KINDS,
};

export type Household = (typeof HOUSEHOLDS)[number];
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type SupportKind = (typeof SUPPORT_KINDS)[number];

const id = z.string().regex(ID_PATTERN, 'must be 1-128 characters: letters, digits and . _ : - (not first)');
const text = z.string().trim().min(1, 'must not be empty').max(2000);
const optionalText = z.string().max(10_000);
const money = z.number().finite().min(0, 'must be 0 or more');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');
const year = z.number().int('must be a whole number').min(1900).max(2100);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO date (YYYY-MM-DD)');
const url = z
  .string()
  .max(2000)
  .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'must be an http(s) URL');
const unique = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `"${v}" is listed twice`, path: [i] });
      seen.add(v);
    });
  });

export const sourceSchema = z.strictObject({
  name: optionalText.optional(),
  url: url.optional(),
  license: optionalText.optional(),
  retrieved: isoDate.optional(),
});

export const regionSchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(REGION_KINDS).optional(),
  fips: z.array(z.string().regex(/^\d{2,5}$/, 'must be a 2-5 digit FIPS code')).optional(),
  parentId: id.optional(),
});

export const wageThresholdSchema = z.strictObject({
  regionId: id,
  household: z.enum(HOUSEHOLDS, { error: `must be one of ${HOUSEHOLDS.join(', ')}` }),
  annual: money,
  hourly: money.optional(),
  standard: optionalText.optional(),
  source: optionalText.optional(),
  year: year.optional(),
});

export const sectorSchema = z.strictObject({
  id,
  name: text,
  naics: z.array(z.string().regex(/^\d{2,6}(-\d{2})?$/, 'must be a NAICS code')).optional(),
  inDemand: z.boolean().optional(),
});

export const occupationSchema = z.strictObject({
  id,
  title: text,
  soc: z
    .string()
    .regex(/^\d{2}-\d{4}$/, 'must be a SOC code such as 29-2061')
    .optional(),
  onetSoc: z
    .string()
    .regex(/^\d{2}-\d{4}\.\d{2}$/, 'must be an O*NET-SOC code such as 29-2061.00')
    .optional(),
  jobZone: z.number().int('must be a whole number').min(1, 'must be 1-5').max(5, 'must be 1-5').optional(),
  sectorIds: unique(id).optional(),
  description: optionalText.optional(),
  education: optionalText.optional(),
});

export const occupationWageSchema = z.strictObject({
  occupationId: id,
  regionId: id,
  medianAnnual: money,
  p25Annual: money.optional(),
  p75Annual: money.optional(),
  employment: count.optional(),
  annualOpenings: count.optional(),
  year: year.optional(),
  source: optionalText.optional(),
});

export const partnerSchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(PARTNER_KINDS),
  regionIds: unique(id).optional(),
  url: url.optional(),
});

export const credentialSchema = z.strictObject({
  id,
  name: text,
  type: z.enum(CREDENTIAL_TYPES),
  issuerId: id.optional(),
  portable: z.boolean().optional(),
  ctid: z
    .string()
    .regex(/^ce-[0-9a-f-]{36}$/i, 'must be a Credential Engine CTID (ce-<uuid>)')
    .optional(),
});

export const programSchema = z.strictObject({
  id,
  name: text,
  providerId: id,
  awards: unique(id).min(1, 'must list at least one credential'),
  months: z.number().finite().min(0, 'must be 0 or more').max(240, 'must be at most 240 months'),
  cost: money.optional(),
  credits: money.optional(),
  requires: z.array(unique(id).min(1, 'a requirement group needs at least one credential')).optional(),
  regionIds: unique(id).optional(),
  modality: z.enum(MODALITIES).optional(),
  schedules: unique(z.enum(SCHEDULES)).optional(),
  languages: unique(
    z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or es'),
  ).optional(),
  features: unique(z.enum(PROGRAM_FEATURES)).optional(),
  /** Annual pay while training, as in a registered apprenticeship (CONTRACT.md section 5). */
  trainingWage: money.optional(),
  /** The program's CIP 2020 code, e.g. `51.3902` (CONTRACT.md section 6). */
  cip: z
    .string()
    .regex(/^\d{2}(\.\d{2}(\d{2})?)?$/, 'must be a CIP 2020 code such as 51.3902')
    .optional(),
  ctid: z
    .string()
    .regex(/^ce-[0-9a-f-]{36}$/i, 'must be a Credential Engine CTID (ce-<uuid>)')
    .optional(),
});

export const entryPointSchema = z.strictObject({
  id,
  name: text,
  description: optionalText.optional(),
  populations: unique(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'must be a single word')).optional(),
  holds: unique(id).optional(),
  enters: unique(id).optional(),
  regionIds: unique(id).optional(),
});

export const supportSchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(SUPPORT_KINDS),
  providerId: id.optional(),
  programIds: unique(id).optional(),
  regionIds: unique(id).optional(),
});

export const partnerRoleSchema = z.strictObject({ partnerId: id, role: z.enum(PARTNER_ROLES) });

export const pathwaySchema = z.strictObject({
  id,
  name: text,
  sectorId: id.optional(),
  programIds: unique(id).optional(),
  destinationOccupationIds: unique(id).optional(),
  partnerRoles: z.array(partnerRoleSchema).optional(),
  ctid: z
    .string()
    .regex(/^ce-[0-9a-f-]{36}$/i, 'must be a Credential Engine CTID (ce-<uuid>)')
    .optional(),
});

/** A count may not exceed its denominator (CONTRACT.md section 6): [count, denominator] field pairs. */
export const OUTCOME_DENOMINATORS = [
  ['completed', 'enrolled'],
  ['measurableSkillGains', 'enrolled'],
  ['employedQ2', 'exiters'],
  ['employedQ4', 'exiters'],
  ['credentialAttained', 'exiters'],
  ['retainedQ4', 'employedQ2'],
] as const;

function notAboveDenominator<T extends Record<string, unknown>>(
  pairs: readonly (readonly [string, string])[],
): (row: T, ctx: z.RefinementCtx) => void {
  return (row, ctx) => {
    for (const [field, denominator] of pairs) {
      const n = row[field];
      const d = row[denominator];
      if (typeof n === 'number' && typeof d === 'number' && n > d) {
        ctx.addIssue({ code: 'custom', message: `must not exceed ${denominator} (${n} > ${d})`, path: [field] });
      }
    }
  };
}

export const outcomeSchema = z
  .strictObject({
    programId: id,
    cohortYear: year,
    enrolled: count.optional(),
    completed: count.optional(),
    /** Participants who exited in the cohort year: the denominator of the employment and credential rates. */
    exiters: count.optional(),
    credentialAttained: count.optional(),
    employedQ2: count.optional(),
    employedQ4: count.optional(),
    /** Of those employed in the 2nd quarter after exit, how many were with the same employer in the 4th. */
    retainedQ4: count.optional(),
    medianEarningsQ2: money.optional(),
    measurableSkillGains: count.optional(),
    source: optionalText.optional(),
  })
  .superRefine(notAboveDenominator(OUTCOME_DENOMINATORS));

/** Completers of one program who started another within 12 months (CONTRACT.md section 6). */
export const transitionSchema = z
  .strictObject({
    fromProgramId: id,
    toProgramId: id,
    cohortYear: year,
    completers: count,
    continued: count,
    source: optionalText.optional(),
  })
  .superRefine(notAboveDenominator([['continued', 'completers']]));

export const edgeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('STACKS_INTO'), from: id, to: id, creditsApplied: money.optional() }),
    z.strictObject({
      kind: z.literal('ARTICULATES_TO'),
      from: id,
      to: id,
      credits: money,
      agreement: optionalText.optional(),
    }),
    z.strictObject({ kind: z.literal('QUALIFIES_FOR'), from: id, to: id }),
    z.strictObject({ kind: z.literal('ADVANCES_TO'), from: id, to: id, years: money.optional() }),
    z.strictObject({ kind: z.literal('HIRES'), from: id, to: id, annualOpenings: count.optional() }),
  ],
  { error: `kind must be one of ${EDGE_KINDS.join(', ')}` },
);

export const bundleSchema = z.strictObject({
  format: z.literal('pathway-bundle', { error: 'must be "pathway-bundle"' }),
  version: z.union([z.literal(1), z.literal(1.1)], { error: 'must be 1 or 1.1' }),
  source: sourceSchema.optional(),
  regions: z.array(regionSchema).optional(),
  wageThresholds: z.array(wageThresholdSchema).optional(),
  sectors: z.array(sectorSchema).optional(),
  occupations: z.array(occupationSchema).optional(),
  occupationWages: z.array(occupationWageSchema).optional(),
  partners: z.array(partnerSchema).optional(),
  credentials: z.array(credentialSchema).optional(),
  programs: z.array(programSchema).optional(),
  entryPoints: z.array(entryPointSchema).optional(),
  supports: z.array(supportSchema).optional(),
  pathways: z.array(pathwaySchema).optional(),
  outcomes: z.array(outcomeSchema).optional(),
  transitions: z.array(transitionSchema).optional(),
  edges: z.array(edgeSchema).optional(),
  /**
   * Extension (docs/partner-writes.md): ids of entities to delete, with every edge, group member
   * and reference that names them (the cascade of contract section 7's removeIds).
   */
  remove: z.array(id).optional(),
});

export type Bundle = z.infer<typeof bundleSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Region = z.infer<typeof regionSchema>;
export type WageThreshold = z.infer<typeof wageThresholdSchema>;
export type Sector = z.infer<typeof sectorSchema>;
export type Occupation = z.infer<typeof occupationSchema>;
export type OccupationWage = z.infer<typeof occupationWageSchema>;
export type Partner = z.infer<typeof partnerSchema>;
export type Credential = z.infer<typeof credentialSchema>;
export type Program = z.infer<typeof programSchema>;
export type EntryPoint = z.infer<typeof entryPointSchema>;
export type Support = z.infer<typeof supportSchema>;
export type Pathway = z.infer<typeof pathwaySchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
export type Transition = z.infer<typeof transitionSchema>;
export type Edge = z.infer<typeof edgeSchema>;

/** The keys of a bundle that hold entities with an `id`, with their Neo4j label. */
export const ENTITY_KEYS = {
  regions: 'Region',
  sectors: 'Sector',
  occupations: 'Occupation',
  partners: 'Partner',
  credentials: 'Credential',
  programs: 'Program',
  entryPoints: 'EntryPoint',
  supports: 'Support',
  pathways: 'Pathway',
} as const;
export type EntityKey = keyof typeof ENTITY_KEYS;

/** Which entity kind each edge kind connects. */
export const EDGE_ENDPOINTS = {
  STACKS_INTO: ['Credential', 'Credential'],
  ARTICULATES_TO: ['Credential', 'Program'],
  QUALIFIES_FOR: ['Credential', 'Occupation'],
  ADVANCES_TO: ['Occupation', 'Occupation'],
  HIRES: ['Partner', 'Occupation'],
} as const satisfies Record<EdgeKind, readonly [string, string]>;

export function emptyBundle(): Bundle {
  return { format: 'pathway-bundle', version: 1 };
}

/** 1.1 when the bundle uses a field of contract version 1.1 (sections 5-6), else 1: a version-1 graph exports as before. */
export function contractVersionOf(bundle: Bundle): 1 | 1.1 {
  const uses =
    (bundle.transitions?.length ?? 0) > 0 ||
    (bundle.programs ?? []).some((p) => p.trainingWage !== undefined || p.cip !== undefined) ||
    (bundle.outcomes ?? []).some(
      (o) => o.exiters !== undefined || o.retainedQ4 !== undefined || o.source !== undefined,
    );
  return uses ? 1.1 : 1;
}
