/**
 * Which of a program's listed occupations it can credibly lead to (the README's "Reach" rule).
 * The ETPL lists the occupations a program trains toward, not what an employer asks of a new
 * hire: a three-hour seminar coded to Medical and Health Services Managers would otherwise make
 * that job one step from a high-school diploma. O*NET's Job Zone (1-5: the preparation an
 * occupation needs, education, training and experience together) is the measure; the required
 * level of education its workers name (RL scale, `occupations[].education`) lets a program reach
 * one Job Zone further when the occupation asks for no more schooling than the program gives
 * (Nursing Assistants are Job Zone 3 with a high school diploma). Management occupations are
 * reached only with a degree: managers are hired on experience, which no course gives.
 */
import type { KnownOccupation } from '../oews.ts';
import type { EtplRow } from './etpl-parser.ts';

/** O*NET's RL categories 1-12, by the name `convertOnet` keeps (the text before " - "). */
export const EDUCATION_LEVELS = [
  'Less than a High School Diploma',
  'High School Diploma',
  'Post-Secondary Certificate',
  'Some College Courses',
  "Associate's Degree",
  "Bachelor's Degree",
  'Post-Baccalaureate Certificate',
  "Master's Degree",
  "Post-Master's Certificate",
  'First Professional Degree',
  'Doctoral Degree',
  'Post-Doctoral Training',
] as const;

/** The RL level (1-12) of an `education` text, or undefined for none or an unknown one. */
export function educationLevel(education: string | undefined): number | undefined {
  if (education === undefined) return undefined;
  const text = education.trim().toLowerCase();
  // Longest name first: "Post-Secondary Certificate" must not be read as a shorter prefix.
  let best: number | undefined;
  let bestLength = 0;
  EDUCATION_LEVELS.forEach((name, i) => {
    if (text.startsWith(name.toLowerCase()) && name.length > bestLength) {
      best = i + 1;
      bestLength = name.length;
    }
  });
  return best;
}

/** What a program gives, by its own credential and its length. */
export type ReachTier = 'under-1-month' | '1-12-months' | '12-24-months' | '24-months-or-degree' | 'bachelor';

export interface Reach {
  tier: ReachTier;
  /** For reports: the programs of the tier. */
  programs: string;
  /** The highest O*NET Job Zone it reaches. */
  maxJobZone: number;
  /**
   * One Job Zone more is reached when the occupation's required education (RL 1-12) is at most
   * this; undefined: no such step (a course of days stands in for no Job Zone's preparation).
   */
  stepEducation?: number;
  /** A degree, or a program for degree holders: reaches management occupations (SOC 11). */
  degree: boolean;
}

export const REACH: Readonly<Record<ReachTier, Omit<Reach, 'degree'>>> = {
  'under-1-month': { tier: 'under-1-month', programs: 'a program under 1 month (not a degree)', maxJobZone: 2 },
  '1-12-months': {
    tier: '1-12-months',
    programs: 'a program of 1 to 12 months (not a degree)',
    maxJobZone: 3,
    stepEducation: 4,
  },
  '12-24-months': {
    tier: '12-24-months',
    programs: 'a program of 12 to 24 months (not a degree)',
    maxJobZone: 3,
    stepEducation: 5,
  },
  '24-months-or-degree': {
    tier: '24-months-or-degree',
    programs: 'an associate degree, or a program of 24 months or more',
    maxJobZone: 4,
    stepEducation: 6,
  },
  bachelor: { tier: 'bachelor', programs: "a bachelor's degree", maxJobZone: 4, stepEducation: 7 },
};

const TIER_ORDER: readonly ReachTier[] = [
  'under-1-month',
  '1-12-months',
  '12-24-months',
  '24-months-or-degree',
  'bachelor',
];

/**
 * A degree row shorter than this reaches by its months, as any course: the list gives 40 such
 * rows (BACHELOR OF SCIENCE IN MATHEMATICS, 45 contact hours), courses listed under a degree's
 * name or lengths it got wrong, and a route cannot promise a degree in weeks.
 */
export const DEGREE_MIN_MONTHS = 6;

/**
 * The reach of a program from the kind of its own credential and its months; a program that
 * requires a degree builds on it, so it reaches at least as far as that degree (a three-day
 * course for bachelor's degree holders is not a three-day course for anyone).
 */
export function programReach(
  listedOutcome: 'associate' | 'bachelor' | 'other',
  months: number,
  requiredDegree?: 'associate' | 'bachelor',
): Reach {
  const outcome = months < DEGREE_MIN_MONTHS ? 'other' : listedOutcome;
  let tier: ReachTier;
  if (outcome === 'bachelor') tier = 'bachelor';
  else if (outcome === 'associate' || months >= 24) tier = '24-months-or-degree';
  else if (months >= 12) tier = '12-24-months';
  else if (months >= 1) tier = '1-12-months';
  else tier = 'under-1-month';
  const floor: ReachTier | undefined =
    requiredDegree === 'bachelor' ? 'bachelor' : requiredDegree === 'associate' ? '24-months-or-degree' : undefined;
  if (floor !== undefined && TIER_ORDER.indexOf(floor) > TIER_ORDER.indexOf(tier)) tier = floor;
  return { ...REACH[tier], degree: outcome !== 'other' || requiredDegree !== undefined };
}

/** Whether `a` reaches less far than `b`: a lower tier, or the same tier without a degree. */
export const weaker = (a: Reach, b: Reach): boolean => {
  const [ta, tb] = [TIER_ORDER.indexOf(a.tier), TIER_ORDER.indexOf(b.tier)];
  return ta < tb || (ta === tb && !a.degree && b.degree);
};

const degreeOf = (value: string | undefined) => (value === 'associate' || value === 'bachelor' ? value : undefined);

/** The reach of a list row: its Program Outcome, its months, its Academic PreRequisites. */
export const rowReach = (row: EtplRow, months: number): Reach =>
  programReach(degreeOf(row.outcome) ?? 'other', months, degreeOf(row.prerequisite));

/** What O*NET says an occupation needs; `jobZoneFrom` says where the job zone came from. */
export interface Preparation {
  jobZone?: number;
  education?: number;
  jobZoneFrom: 'onet' | 'minor-group' | 'none';
  /** SOC major group 11, Management Occupations. */
  management: boolean;
}

/** An occupation with what O*NET says of its preparation (`jobZone`, `education`). */
export type PreparedOccupation = KnownOccupation;

/** The middle value, the higher of the two middle ones for an even count. */
function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Each occupation's preparation. O*NET gives neither a job zone nor an education level for most
 * "All Other" codes (`11-9199.00` Managers, All Other); those take the median job zone of the
 * occupations of their SOC minor group (`11-9`): what the group's typical occupation needs.
 */
export function preparations(occupations: readonly PreparedOccupation[]): Map<string, Preparation> {
  const codeOf = (o: PreparedOccupation) => o.onetSoc ?? o.soc ?? o.id;
  const zonesOfMinor = new Map<string, number[]>();
  for (const o of occupations)
    if (o.jobZone !== undefined) {
      const minor = codeOf(o).slice(0, 4);
      zonesOfMinor.set(minor, [...(zonesOfMinor.get(minor) ?? []), o.jobZone]);
    }
  const out = new Map<string, Preparation>();
  for (const o of occupations) {
    const education = educationLevel(o.education);
    const management = codeOf(o).startsWith('11-');
    const group = median(zonesOfMinor.get(codeOf(o).slice(0, 4)) ?? []);
    if (o.jobZone !== undefined) out.set(o.id, { jobZone: o.jobZone, education, jobZoneFrom: 'onet', management });
    else if (group !== undefined) out.set(o.id, { jobZone: group, education, jobZoneFrom: 'minor-group', management });
    else out.set(o.id, { education, jobZoneFrom: 'none', management });
  }
  return out;
}

/** Why a link is left out: a management occupation without a degree, or too high a Job Zone. */
export type ReachMiss = 'management' | 'job-zone';

/**
 * Whether a program of this reach leads to an occupation of this preparation, or why not. An
 * occupation O*NET says nothing of (no job zone, none in its minor group) keeps the link.
 */
export function reachMiss(reach: Reach, preparation: Preparation | undefined): ReachMiss | undefined {
  if (preparation === undefined) return undefined;
  if (preparation.management && !reach.degree) return 'management';
  const { jobZone, education } = preparation;
  if (jobZone === undefined || jobZone <= reach.maxJobZone) return undefined;
  const step =
    jobZone === reach.maxJobZone + 1 &&
    reach.stepEducation !== undefined &&
    education !== undefined &&
    education <= reach.stepEducation;
  return step ? undefined : 'job-zone';
}

export const reaches = (reach: Reach, preparation: Preparation | undefined): boolean =>
  reachMiss(reach, preparation) === undefined;
