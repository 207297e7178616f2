/**
 * How the bundle maps onto Neo4j. One table drives the loader, the exporter and the
 * reference checks, so the three can never disagree. Labels and relationship types are
 * `as const` literals: they are the only identifiers ever written into Cypher text.
 *
 * - Every entity is a node with its label and its scalar / primitive-list fields as
 *   properties (named as in the bundle).
 * - Every reference field is a relationship from the entity (lists keep their order in a
 *   `position` property).
 * - Requirement groups are `(:Program)-[:REQUIRES {position}]->(:RequirementGroup)-[:ANY_OF {position}]->(:Credential)`.
 * - Partner roles are `(:Partner)-[:PARTNER_IN {role, position}]->(:Pathway)`.
 * - Wage rows are `(:Occupation)-[:EARNS_IN {medianAnnual, …}]->(:Region)`; thresholds are
 *   `(:WageThreshold {key, regionId, household, …})-[:FOR_REGION]->(:Region)`; outcomes are
 *   `(:Program)-[:HAS_OUTCOME]->(:Outcome {key, programId, cohortYear, …})`; transitions are
 *   `(:Program)-[:TRANSITIONS_TO {key, cohortYear, completers, continued, source}]->(:Program)`.
 * - Bundle edges are relationships of their own kind between the two entities.
 */
import type { EdgeKind, EntityKey } from './bundle.ts';
import type { EntityLabel } from './vocabulary.ts';

export interface RefMapping {
  /** The bundle field holding the id(s). */
  field: string;
  /** Relationship type from the entity to the target. */
  rel: string;
  target: EntityLabel;
  many: boolean;
}

export interface EntityMapping {
  key: EntityKey;
  label: EntityLabel;
  /** Scalar and primitive-list fields stored as node properties (besides `id`). */
  props: readonly string[];
  refs: readonly RefMapping[];
}

const ref = (field: string, rel: string, target: EntityLabel, many = true): RefMapping => ({
  field,
  rel,
  target,
  many,
});

/** In dependency order: an entity's references point to kinds listed before it or to itself. */
export const ENTITY_MAPPINGS: readonly EntityMapping[] = [
  {
    key: 'regions',
    label: 'Region',
    props: ['name', 'kind', 'fips'],
    refs: [ref('parentId', 'PART_OF', 'Region', false)],
  },
  { key: 'sectors', label: 'Sector', props: ['name', 'naics', 'inDemand'], refs: [] },
  {
    key: 'occupations',
    label: 'Occupation',
    props: ['title', 'soc', 'onetSoc', 'jobZone', 'description', 'education'],
    refs: [ref('sectorIds', 'IN_SECTOR', 'Sector')],
  },
  {
    key: 'partners',
    label: 'Partner',
    props: ['name', 'kind', 'url'],
    refs: [ref('regionIds', 'SERVES', 'Region')],
  },
  {
    key: 'credentials',
    label: 'Credential',
    props: ['name', 'type', 'portable', 'ctid'],
    refs: [ref('issuerId', 'ISSUED_BY', 'Partner', false)],
  },
  {
    key: 'programs',
    label: 'Program',
    props: [
      'name',
      'months',
      'cost',
      'credits',
      'modality',
      'schedules',
      'languages',
      'features',
      'trainingWage',
      'cip',
      'ctid',
    ],
    refs: [
      ref('providerId', 'OFFERED_BY', 'Partner', false),
      ref('awards', 'AWARDS', 'Credential'),
      ref('regionIds', 'AVAILABLE_IN', 'Region'),
    ],
  },
  {
    key: 'entryPoints',
    label: 'EntryPoint',
    props: ['name', 'description', 'populations'],
    refs: [
      ref('holds', 'HOLDS', 'Credential'),
      ref('enters', 'ENTERS', 'Program'),
      ref('regionIds', 'AVAILABLE_IN', 'Region'),
    ],
  },
  {
    key: 'supports',
    label: 'Support',
    props: ['name', 'kind'],
    refs: [
      ref('providerId', 'PROVIDED_BY', 'Partner', false),
      ref('programIds', 'SUPPORTS', 'Program'),
      ref('regionIds', 'AVAILABLE_IN', 'Region'),
    ],
  },
  {
    key: 'pathways',
    label: 'Pathway',
    props: ['name', 'ctid'],
    refs: [
      ref('sectorId', 'IN_SECTOR', 'Sector', false),
      ref('programIds', 'INCLUDES', 'Program'),
      ref('destinationOccupationIds', 'LEADS_TO', 'Occupation'),
    ],
  },
] as const;

export const REQUIRES_REL = 'REQUIRES';
export const ANY_OF_REL = 'ANY_OF';
export const PARTNER_IN_REL = 'PARTNER_IN';
export const EARNS_IN_REL = 'EARNS_IN';
export const FOR_REGION_REL = 'FOR_REGION';
export const HAS_OUTCOME_REL = 'HAS_OUTCOME';
/** `(:Program)-[:TRANSITIONS_TO {key, cohortYear, completers, continued, source}]->(:Program)`, one per cohort year. */
export const TRANSITIONS_TO_REL = 'TRANSITIONS_TO';

/** Fields of bundle edges stored on the relationship, per kind. */
export const EDGE_PROPS = {
  STACKS_INTO: ['creditsApplied'],
  ARTICULATES_TO: ['credits', 'agreement'],
  QUALIFIES_FOR: [],
  ADVANCES_TO: ['years'],
  HIRES: ['annualOpenings'],
} as const satisfies Record<EdgeKind, readonly string[]>;

export const WAGE_PROPS = [
  'medianAnnual',
  'p25Annual',
  'p75Annual',
  'employment',
  'annualOpenings',
  'year',
  'source',
] as const;
export const THRESHOLD_PROPS = ['regionId', 'household', 'annual', 'hourly', 'standard', 'source', 'year'] as const;
export const OUTCOME_PROPS = [
  'programId',
  'cohortYear',
  'enrolled',
  'completed',
  'credentialAttained',
  'employedQ2',
  'employedQ4',
  'medianEarningsQ2',
  'measurableSkillGains',
  'exiters',
  'retainedQ4',
  'source',
] as const;
export const TRANSITION_PROPS = ['cohortYear', 'completers', 'continued', 'source'] as const;

export function mappingFor(key: EntityKey): EntityMapping {
  const mapping = ENTITY_MAPPINGS.find((m) => m.key === key);
  if (!mapping) throw new Error(`no mapping for ${key}`);
  return mapping;
}

export const thresholdKey = (regionId: string, household: string) => `${regionId}|${household}`;
export const outcomeKey = (programId: string, cohortYear: number) => `${programId}|${cohortYear}`;
export const transitionKey = (fromProgramId: string, toProgramId: string, cohortYear: number) =>
  `${fromProgramId}|${toProgramId}|${cohortYear}`;
export const edgeKey = (kind: string, from: string, to: string) => `${kind}|${from}|${to}`;
