/**
 * Which of a program's listed occupations it can credibly lead to (the README's "Reach" rule).
 * The ETPL lists the occupations a program trains toward, not what an employer asks of a new
 * hire: a three-hour seminar coded to Medical and Health Services Managers would otherwise make
 * that job one step from a high-school diploma. O*NET says how much preparation each occupation
 * needs in two ways, its Job Zone (1-5) and the required level of education most of its workers
 * name (RL scale, `occupations[].education`); a link is dropped only when both say the
 * occupation needs more than the program gives, so that one odd O*NET value (Nursing Assistants
 * are Job Zone 3, Registered Nurses name a bachelor's degree) does not cut a real route.
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
  /** The highest O*NET Job Zone it reaches. */
  maxJobZone: number;
  /** The highest required level of education (RL 1-12) it reaches. */
  maxEducation: number;
  /** For reports: the programs of the tier, and what they reach. */
  programs: string;
  label: string;
}

export const REACH: Readonly<Record<ReachTier, Reach>> = {
  'under-1-month': {
    tier: 'under-1-month',
    programs: 'a program under 1 month (not a degree)',
    maxJobZone: 2,
    maxEducation: 2,
    label: 'a program under 1 month (not a degree) reaches Job Zone 2 or a high school diploma',
  },
  '1-12-months': {
    tier: '1-12-months',
    programs: 'a program of 1 to 12 months (not a degree)',
    maxJobZone: 3,
    maxEducation: 4,
    label: 'a program of 1 to 12 months (not a degree) reaches Job Zone 3 or some college courses',
  },
  '12-24-months': {
    tier: '12-24-months',
    programs: 'a program of 12 to 24 months (not a degree)',
    maxJobZone: 3,
    maxEducation: 5,
    label: "a program of 12 to 24 months (not a degree) reaches Job Zone 3 or an associate's degree",
  },
  '24-months-or-degree': {
    tier: '24-months-or-degree',
    programs: 'an associate degree, or a program of 24 months or more',
    maxJobZone: 4,
    maxEducation: 6,
    label: "an associate degree, or a program of 24 months or more, reaches Job Zone 4 or a bachelor's degree",
  },
  bachelor: {
    tier: 'bachelor',
    programs: "a bachelor's degree",
    maxJobZone: 4,
    maxEducation: 7,
    label: "a bachelor's degree reaches Job Zone 4 or a post-baccalaureate certificate",
  },
};

const TIER_ORDER: readonly ReachTier[] = [
  'under-1-month',
  '1-12-months',
  '12-24-months',
  '24-months-or-degree',
  'bachelor',
];

/**
 * The reach of a program from the kind of its own credential and its months; a program that
 * requires a degree builds on it, so it reaches at least as far as that degree (a three-day
 * course for bachelor's degree holders is not a three-day course for anyone).
 */
export function programReach(
  outcome: 'associate' | 'bachelor' | 'other',
  months: number,
  requiredDegree?: 'associate' | 'bachelor',
): Reach {
  let tier: ReachTier;
  if (outcome === 'bachelor') tier = 'bachelor';
  else if (outcome === 'associate' || months >= 24) tier = '24-months-or-degree';
  else if (months >= 12) tier = '12-24-months';
  else if (months >= 1) tier = '1-12-months';
  else tier = 'under-1-month';
  const floor: ReachTier | undefined =
    requiredDegree === 'bachelor' ? 'bachelor' : requiredDegree === 'associate' ? '24-months-or-degree' : undefined;
  if (floor !== undefined && TIER_ORDER.indexOf(floor) > TIER_ORDER.indexOf(tier)) tier = floor;
  return REACH[tier];
}

const degreeOf = (value: string | undefined) => (value === 'associate' || value === 'bachelor' ? value : undefined);

/** The reach of a list row: its Program Outcome, its months, its Academic PreRequisites. */
export const rowReach = (row: EtplRow, months: number): Reach =>
  programReach(degreeOf(row.outcome) ?? 'other', months, degreeOf(row.prerequisite));

/** What O*NET says an occupation needs; `jobZoneFrom` says where the job zone came from. */
export interface Preparation {
  jobZone?: number;
  education?: number;
  jobZoneFrom: 'onet' | 'minor-group' | 'none';
}

/** An occupation with what O*NET says of its preparation (`jobZone`, `education`). */
export type PreparedOccupation = KnownOccupation;

/**
 * Each occupation's preparation. O*NET gives neither a job zone nor an education level for most
 * "All Other" codes (`11-9199.00` Managers, All Other); those take the lowest job zone of the
 * occupations of their SOC minor group (`11-9`), which is the most lenient reading of the group.
 */
export function preparations(occupations: readonly PreparedOccupation[]): Map<string, Preparation> {
  const lowestOfMinor = new Map<string, number>();
  const minorOf = (o: PreparedOccupation) => (o.onetSoc ?? o.soc ?? o.id).slice(0, 4);
  for (const o of occupations)
    if (o.jobZone !== undefined)
      lowestOfMinor.set(minorOf(o), Math.min(o.jobZone, lowestOfMinor.get(minorOf(o)) ?? Number.POSITIVE_INFINITY));
  const out = new Map<string, Preparation>();
  for (const o of occupations) {
    const education = educationLevel(o.education);
    const group = lowestOfMinor.get(minorOf(o));
    if (o.jobZone !== undefined) out.set(o.id, { jobZone: o.jobZone, education, jobZoneFrom: 'onet' });
    else if (education === undefined && group !== undefined)
      out.set(o.id, { jobZone: group, education, jobZoneFrom: 'minor-group' });
    else out.set(o.id, { education, jobZoneFrom: 'none' });
  }
  return out;
}

/**
 * Whether a program of this reach leads to an occupation of this preparation: yes unless the
 * evidence there is all says the occupation needs more (no evidence at all keeps the link).
 */
export function reaches(reach: Reach, preparation: Preparation | undefined): boolean {
  if (preparation === undefined) return true;
  const { jobZone, education } = preparation;
  if (jobZone === undefined && education === undefined) return true;
  const zoneOk = jobZone === undefined ? undefined : jobZone <= reach.maxJobZone;
  const educationOk = education === undefined ? undefined : education <= reach.maxEducation;
  return zoneOk === true || educationOk === true;
}
