/**
 * The graph's vocabulary, with no dependencies (the web app imports it): entity labels, the
 * enum lists of CONTRACT.md, gap kinds and map edge kinds. Every Neo4j label and relationship
 * type the code may write into query text comes from `as const` lists, never from input.
 */

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Entity labels of CONTRACT.md section 1, each with a unique `id`. */
export const ENTITY_LABELS = [
  'Region',
  'Sector',
  'Occupation',
  'Partner',
  'Credential',
  'Program',
  'EntryPoint',
  'Support',
  'Pathway',
] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}

export const REGION_KINDS = ['state', 'county', 'metro', 'workforce-area', 'other'] as const;
export const HOUSEHOLDS = [
  '1A0C',
  '1A1C',
  '1A2C',
  '1A3C',
  '2A1W0C',
  '2A1W1C',
  '2A1W2C',
  '2A1W3C',
  '2A2W0C',
  '2A2W1C',
  '2A2W2C',
  '2A2W3C',
] as const;
export const PARTNER_KINDS = [
  'K12',
  'AdultEducation',
  'CommunityCollege',
  'University',
  'WorkforceBoard',
  'JobCenter',
  'Employer',
  'Union',
  'ApprenticeshipSponsor',
  'CommunityOrganization',
  'SocialServices',
  'StateAgency',
  'Other',
] as const;
export const CREDENTIAL_TYPES = [
  'HighSchoolDiploma',
  'HighSchoolEquivalency',
  'Certificate',
  'IndustryCertification',
  'License',
  'ApprenticeshipCertificate',
  'Associate',
  'Bachelor',
  'Master',
  'Doctorate',
  'MicroCredential',
  'Other',
] as const;
export const MODALITIES = ['in-person', 'online', 'hybrid'] as const;
export const SCHEDULES = ['day', 'evening', 'weekend', 'self-paced'] as const;
export const PROGRAM_FEATURES = [
  'ContextualizedInstruction',
  'ConcurrentRemediation',
  'DualEnrollment',
  'CompetencyBased',
  'WorkBasedLearning',
  'IntegratedEducationTraining',
  'Apprenticeship',
] as const;
export const SUPPORT_KINDS = [
  'Advising',
  'CareerNavigation',
  'CaseManagement',
  'Childcare',
  'Transportation',
  'Tutoring',
  'FinancialAid',
  'Housing',
  'Food',
  'DigitalAccess',
  'LanguageSupport',
  'Disability',
  'Other',
] as const;
export const PARTNER_ROLES = ['Lead', 'Convener', 'Funder', 'Provider', 'Employer', 'Supports', 'Other'] as const;
export const EDGE_KINDS = ['STACKS_INTO', 'ARTICULATES_TO', 'QUALIFIES_FOR', 'ADVANCES_TO', 'HIRES'] as const;

/** The seven indicators of an outcome row (CONTRACT.md section 6), in the contract's order. */
export const INDICATOR_NAMES = [
  'completionRate',
  'employmentRateQ2',
  'employmentRateQ4',
  'medianEarningsQ2',
  'credentialAttainmentRate',
  'measurableSkillGainsRate',
  'retentionRate',
] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

export const GAP_KINDS = [
  'DEAD_END_CREDENTIAL',
  'CREDIT_LOSS',
  'ENTRY_WITHOUT_ROUTE',
  'OCCUPATION_WITHOUT_ROUTE',
  'NO_EXIT_POINT',
  'UNSUPPORTED_PROGRAM',
  'SECTOR_WITHOUT_EMPLOYER',
  'ORPHAN',
  'LOW_OUTCOME',
  'LEAKY_TRANSITION',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;

/** Edge kinds of the map view (graph/src/views/map.ts). */
export const MAP_EDGE_KINDS = [
  'PART_OF',
  'OFFERED_BY',
  'AWARDS',
  'REQUIRES',
  'STACKS_INTO',
  'ARTICULATES_TO',
  'QUALIFIES_FOR',
  'ADVANCES_TO',
  'HIRES',
  'HOLDS',
  'ENTERS',
  'SUPPORTS',
  'IN_SECTOR',
  'INCLUDES',
  'LEADS_TO',
  'PARTNER_IN',
  'ISSUED_BY',
  'TRANSITION',
] as const;
export type MapEdgeKind = (typeof MAP_EDGE_KINDS)[number];
