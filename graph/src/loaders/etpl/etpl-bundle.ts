/**
 * Texas ETPL rows (etpl-parser.ts) → a bundle: the state's regions (us → tx → 28 workforce areas
 * → 254 counties), providers, programs, credentials, QUALIFIES_FOR edges, campus supports and
 * entry points per workforce area. Every mapping decision is listed in this folder's README;
 * ids come from TWC's ids so that a later list updates the same nodes.
 */
import type { Bundle, Credential, Edge, EntryPoint, Partner, Program, Region, Support } from '../../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from '../conversion.ts';
import type { KnownOccupation } from '../oews.ts';
import { roundCents } from '../text-tables.ts';
import { findState, stateRegion, US_REGION } from '../us-states.ts';
import { type CountyCrosswalk, countyKey, TX_WORKFORCE_AREAS } from './etpl-crosswalks.ts';
import type { EtplRow, EtplTable, ProgramOutcome } from './etpl-parser.ts';
import {
  EDUCATION_LEVELS,
  type PreparedOccupation,
  preparations,
  REACH,
  type Reach,
  type ReachTier,
  reachMiss,
  rowReach,
  weaker,
} from './etpl-reach.ts';

/** 52 weeks make 12 months. */
export const MONTHS_PER_WEEK = 12 / 52;
/** Where a program gives only contact hours: a full-time week of instruction. */
export const CONTACT_HOURS_PER_WEEK = 40;
/**
 * An apprenticeship listed by its related-instruction hours only: DOL's standard of at least 144
 * hours of related instruction per year of apprenticeship (29 CFR 29.5(b)(4)) gives its term.
 */
export const APPRENTICESHIP_INSTRUCTION_HOURS_PER_YEAR = 144;
/** More weeks than this (TWC's placeholder 99999 for open-ended apprenticeships) is not a length. */
export const MAX_WEEKS = 520;

export const HS_DIPLOMA = 'hs-diploma-or-equivalent';
export const ANY_ASSOCIATE = 'associate-degree-any';
export const ANY_BACHELOR = 'bachelor-degree-any';
const GENERIC = new Set([HS_DIPLOMA, ANY_ASSOCIATE, ANY_BACHELOR]);

export const TX_REGION = 'tx';
export const countyRegionId = (fips: string): string => `tx-${fips}`;
export const workforceAreaId = (board: number): string => `tx-wda-${board}`;
export const providerPartnerId = (providerId: string): string => `tx-etpl-provider-${providerId}`;
export const programNodeId = (programId: string): string => `tx-etpl-${programId}`;

/** The standard populations every workforce area gets an entry point for. */
export const ENTRY_POPULATIONS = [
  { key: 'no-diploma', name: 'Adult without a high school diploma', populations: ['NoDiploma'], holds: [] },
  { key: 'english-learner', name: 'Adult English learner', populations: ['EnglishLearner'], holds: [] },
  { key: 'hs-graduate', name: 'High school graduate', populations: ['HighSchoolGraduate'], holds: [HS_DIPLOMA] },
  {
    key: 'dislocated-degree',
    name: 'Dislocated worker with an associate degree',
    populations: ['DislocatedWorker'],
    holds: [HS_DIPLOMA, ANY_ASSOCIATE],
  },
] as const;
export const entryPointId = (board: number, key: (typeof ENTRY_POPULATIONS)[number]['key']): string =>
  `${workforceAreaId(board)}-ep-${key}`;

const PARTNER_KIND: Readonly<Record<string, Partner['kind']>> = {
  'Higher Ed -majority of credentials awarded are associates degrees': 'CommunityCollege',
  'Higher Ed -majority of credentials awarded are Community college certificate of completion': 'CommunityCollege',
  'Higher Ed -majority of credentials awarded are baccalaureate or higher degrees': 'University',
  'National Apprenticeship': 'ApprenticeshipSponsor',
  'Private non-profit': 'CommunityOrganization',
  'Private for-profit': 'Other',
  Public: 'Other',
  'Other type of institution': 'Other',
};

export interface EtplOptions {
  /** The ETPL file's name, for messages and the source. */
  fileName: string;
  /**
   * The occupations the graph holds (O*NET 2019 taxonomy): QUALIFIES_FOR targets, with their
   * job zone and required education where known (etpl-reach.ts drops links they rule out).
   */
  occupations: readonly PreparedOccupation[];
  /** O*NET-SOC 2010 code → 2019 codes. */
  onet2010To2019: ReadonlyMap<string, readonly string[]>;
  counties: CountyCrosswalk;
  /** CIP 2020 → SOC 2018: occupations for programs with no usable O*NET code. */
  cipToSoc?: ReadonlyMap<string, readonly string[]>;
}

/** How each O*NET cell of the list found its occupations (the README's order). */
export type OnetMatch = '2019' | '2010-crosswalk' | 'same-soc' | 'broad-group' | 'none';

export interface OnetResolver {
  resolve(code: string): { match: OnetMatch; occupationIds: string[] };
  /** Every O*NET occupation of a SOC 2018 code (`31-1131` → 31-1131.00, …). */
  ofSoc(soc: string): readonly string[];
}

export function onetResolver(
  occupations: readonly KnownOccupation[],
  crosswalk: ReadonlyMap<string, readonly string[]>,
): OnetResolver {
  const byCode = new Map<string, string>();
  const bySoc = new Map<string, string[]>();
  for (const o of occupations) {
    const code = o.onetSoc ?? o.id;
    if (!/^\d{2}-\d{4}\.\d{2}$/.test(code)) continue;
    byCode.set(code, o.id);
    const soc = code.slice(0, 7);
    const list = bySoc.get(soc);
    if (list) list.push(o.id);
    else bySoc.set(soc, [o.id]);
  }
  const cache = new Map<string, { match: OnetMatch; occupationIds: string[] }>();
  const find = (code: string): { match: OnetMatch; occupationIds: string[] } => {
    const exact = byCode.get(code);
    if (exact) return { match: '2019', occupationIds: [exact] };
    const crossed = (crosswalk.get(code) ?? []).flatMap((c) => (byCode.has(c) ? [byCode.get(c) as string] : []));
    if (crossed.length > 0) return { match: '2010-crosswalk', occupationIds: [...new Set(crossed)] };
    const soc = code.slice(0, 7);
    const same = bySoc.get(soc);
    if (same) {
      const base = byCode.get(`${soc}.00`);
      return { match: 'same-soc', occupationIds: base ? [base] : [...same] };
    }
    // A SOC broad group (`51-4120`: last digit 0, not a minor or major group) stands for its detailed codes.
    if (/^\d{2}-\d{2}[1-9]0$/.test(soc)) {
      const prefix = soc.slice(0, 6);
      const members = [...bySoc.entries()].filter(([s]) => s.startsWith(prefix)).flatMap(([, ids]) => ids);
      if (members.length > 0) return { match: 'broad-group', occupationIds: members.sort() };
    }
    return { match: 'none', occupationIds: [] };
  };
  return {
    ofSoc: (soc) => bySoc.get(soc) ?? [],
    resolve(code) {
      let hit = cache.get(code);
      if (!hit) {
        hit = find(code);
        cache.set(code, hit);
      }
      return hit;
    },
  };
}

/** "CompTIA A+ " → `comptia-a`: shared certification and licence ids by name. */
export function nameSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

/** Whether a row is an apprenticeship: its outcome, its sponsor, or apprentices on it. */
export const isApprenticeship = (row: EtplRow): boolean =>
  row.outcome === 'apprenticeship' || row.institutionType === 'National Apprenticeship' || row.apprentices > 0;

/**
 * Months from weeks, else from contact hours (a full-time week of instruction, or for an
 * apprenticeship a year per 144 hours of related instruction, at most 240 months); undefined
 * when the list gives neither.
 */
export function programMonths(row: EtplRow): {
  months?: number;
  from: 'weeks' | 'contact-hours' | 'instruction-hours' | 'none';
} {
  const round = (months: number) => Math.min(240, Math.max(0.01, Math.round(months * 100) / 100));
  if (row.weeks !== undefined && row.weeks > 0 && row.weeks <= MAX_WEEKS)
    return { months: round(row.weeks * MONTHS_PER_WEEK), from: 'weeks' };
  if (row.contactHours !== undefined && row.contactHours > 0) {
    if (isApprenticeship(row))
      return {
        months: round((row.contactHours / APPRENTICESHIP_INSTRUCTION_HOURS_PER_YEAR) * 12),
        from: 'instruction-hours',
      };
    return { months: round((row.contactHours / CONTACT_HOURS_PER_WEEK) * MONTHS_PER_WEEK), from: 'contact-hours' };
  }
  return { from: 'none' };
}

const OWN_CREDENTIAL: Readonly<
  Record<ProgramOutcome | 'invalid', { suffix: string; type: Credential['type']; label: string; shared?: string }>
> = {
  'industry-certification': {
    suffix: 'certification',
    type: 'IndustryCertification',
    label: 'Industry certification',
    shared: 'tx-cert',
  },
  license: { suffix: 'license', type: 'License', label: 'Government license', shared: 'tx-license' },
  'college-certificate': { suffix: 'certificate', type: 'Certificate', label: 'Certificate of completion' },
  associate: { suffix: 'associate', type: 'Associate', label: 'Associate degree' },
  bachelor: { suffix: 'bachelor', type: 'Bachelor', label: 'Bachelor’s degree' },
  apprenticeship: {
    suffix: 'apprenticeship',
    type: 'ApprenticeshipCertificate',
    label: 'Certificate of completion of an apprenticeship',
  },
  secondary: { suffix: 'secondary', type: 'HighSchoolEquivalency', label: 'Secondary school diploma' },
  'employment-only': { suffix: 'completion', type: 'Other', label: 'Program completion (no credential)' },
  'skill-gain-credential': { suffix: 'completion', type: 'Other', label: 'Measurable skill gain' },
  'skill-gain-employment': { suffix: 'completion', type: 'Other', label: 'Measurable skill gain' },
  invalid: { suffix: 'completion', type: 'Other', label: 'Program completion' },
};

/**
 * Credential names that name no credential (`Certificate of Completion`, given by 21 providers
 * for unrelated programs): a program naming one gets its own credential, as an unnamed one does,
 * rather than sharing one with every program that wrote the same words (which would qualify a
 * truck-driving course for what an aircraft-assembly course lists).
 */
export const GENERIC_CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'certificate-of-completion',
  'certificate',
  'certification',
  'certificate-of-completion-of-program',
  'industry-recognized-certificate-or-certification',
  'industry-certification',
  'license',
  'completion',
]);

const row1 = (r: EtplRow) => `row ${r.line}, program ${r.programId}`;

export function convertEtpl(table: EtplTable, options: EtplOptions): Conversion {
  // Whole rows left out are listed one by one; values left out (the program still loads) by example.
  const skippedRows = new SkipLog(Number.POSITIVE_INFINITY);
  const skipped = new SkipLog();
  const notes: string[] = [];
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const line of table.malformed) skippedRows.add('malformed row (wrong number of fields)', `row ${line}`);
  const texas = findState('48');
  if (!texas) throw new LoaderInputError('no state 48');

  // Regions: every county of the crosswalk, under its workforce area, under tx, under us.
  const regions: Region[] = [US_REGION, stateRegion(texas)];
  for (const [board, name] of Object.entries(TX_WORKFORCE_AREAS))
    regions.push({
      id: workforceAreaId(Number(board)),
      name: `${name} workforce development area (board ${board})`,
      kind: 'workforce-area',
      parentId: TX_REGION,
    });
  for (const county of [...options.counties.counties].sort((a, b) => a.fips.localeCompare(b.fips)))
    regions.push({
      id: countyRegionId(county.fips),
      name: `${county.name} County, TX`,
      kind: 'county',
      fips: [county.fips],
      parentId: workforceAreaId(county.board),
    });
  if (options.counties.corrected.length > 0)
    notes.push(
      `the county crosswalk folds single-county boards into neighbours; set from TWC's designations: ${options.counties.corrected.join('; ')}`,
    );

  const resolver = onetResolver(options.occupations, options.onet2010To2019);
  const preparation = preparations(options.occupations);
  const titles = new Map(options.occupations.map((o) => [o.id, o.title ?? '']));
  // Program → occupation links the list gives, and those the reach rule drops, by the program's tier.
  // Per credential, the weakest reach of the programs awarding it: a credential earned in a week
  // shows a week's preparation, whatever a longer program awarding it also teaches.
  const weakest = new Map<string, { reach: Reach; example: string }>();
  // The own credentials of each program that lists occupations (for the count of those left with none).
  const programCredentials: string[][] = [];
  const credentials = new Map<string, Credential>([
    [
      HS_DIPLOMA,
      { id: HS_DIPLOMA, name: 'High school diploma or its equivalent', type: 'HighSchoolDiploma', portable: true },
    ],
    [ANY_ASSOCIATE, { id: ANY_ASSOCIATE, name: 'Associate degree (any field)', type: 'Associate', portable: true }],
    [ANY_BACHELOR, { id: ANY_BACHELOR, name: 'Bachelor’s degree (any field)', type: 'Bachelor', portable: true }],
  ]);
  const programs: Program[] = [];
  const qualifies = new Map<string, Set<string>>();
  const partners = new Map<string, Partner & { counties: Set<string> }>();
  const campusSupports = new Map<string, Support>();
  const seenPrograms = new Set<string>();
  const onetMatches = new Map<OnetMatch, number>();

  for (const row of table.rows) {
    const id = programNodeId(row.programId);
    if (!/^\d+$/.test(row.programId) || !/^\d+$/.test(row.providerId)) {
      skippedRows.add('Program ID or Provider ID is not a number', `${row1(row)}, provider "${row.providerId}"`);
      continue;
    }
    if (seenPrograms.has(id)) {
      skippedRows.add('Program ID listed twice (first kept)', row1(row));
      continue;
    }
    if (row.status !== 'Approved') {
      skippedRows.add('Program Status is not Approved', `${row1(row)}: "${row.status}"`);
      continue;
    }
    if (row.programName === '') {
      skippedRows.add('no Program Name', row1(row));
      continue;
    }

    // Where: the campus county; distance education statewide; other campuses outside Texas are not loaded.
    const online = row.delivery === 'online';
    const county = row.campusState === 'TX' ? options.counties.byName.get(countyKey(row.campusCounty)) : undefined;
    let regionIds: string[];
    if (county) regionIds = online ? [countyRegionId(county.fips), TX_REGION] : [countyRegionId(county.fips)];
    else if (online) {
      regionIds = [TX_REGION];
      if (row.campusState !== 'TX') count('out-of-state-online');
      else count('unknown-county-online');
    } else if (row.campusState !== 'TX') {
      skippedRows.add(
        'campus outside Texas and not distance education (Campus State not TX)',
        `${row1(row)}: ${row.campusCity}, ${row.campusState} (county "${row.campusCounty}"), ${row.deliveryRaw}`,
      );
      continue;
    } else {
      skippedRows.add('Campus County is not a Texas county', `${row1(row)}: "${row.campusCounty}"`);
      continue;
    }
    if (row.campusState === 'TX' && county && county.name !== row.campusCounty) count('county-spelling');

    const length = programMonths(row);
    if (length.months === undefined) {
      skippedRows.add(
        'no length: Length: Weeks and Length: Contact Hours both 0, empty or ERROR',
        `${row1(row)}: weeks "${row.weeksRaw}", hours "${row.contactHoursRaw}"`,
      );
      continue;
    }
    if (length.from !== 'weeks')
      count(row.weeks === undefined ? 'weeks-error' : row.weeks === 0 ? 'weeks-zero' : 'weeks-placeholder');
    if (length.from === 'instruction-hours') count('apprenticeship-hours');

    seenPrograms.add(id);
    const providerId = providerPartnerId(row.providerId);
    let partner = partners.get(providerId);
    if (!partner) {
      const kind = PARTNER_KIND[row.institutionType];
      if (!kind) count('institution-type-unknown');
      partner = {
        id: providerId,
        name: row.providerName || `Provider ${row.providerId}`,
        kind: kind ?? 'Other',
        counties: new Set(),
      };
      partners.set(providerId, partner);
    }
    if (county) partner.counties.add(countyRegionId(county.fips));

    // What it awards.
    const outcome = row.outcome ?? 'invalid';
    if (!row.outcome)
      skipped.add(
        'Program Outcome is INVALID CODE or off the list: the program awards a completion record (type Other)',
        `${row1(row)}: "${row.outcomeRaw}"`,
      );
    const awards: string[] = [];
    if (outcome === 'secondary') awards.push(HS_DIPLOMA);
    else {
      const spec = OWN_CREDENTIAL[outcome];
      const name = row.credentialName || row.programName;
      const slug = nameSlug(row.credentialName);
      const named = slug !== '' && !GENERIC_CREDENTIAL_NAMES.has(slug);
      if (spec.shared && slug !== '' && !named) count('generic-credential-name');
      const credentialId = spec.shared && named ? `${spec.shared}-${slug}` : `${id}-${spec.suffix}`;
      if (!credentials.has(credentialId)) {
        const credential: Credential = {
          id: credentialId,
          name: spec.type === 'Other' ? `${spec.label}: ${row.programName}` : name,
          type: spec.type,
        };
        if (!spec.shared) credential.issuerId = providerId;
        if (spec.shared || spec.type === 'ApprenticeshipCertificate') credential.portable = true;
        credentials.set(credentialId, credential);
      }
      awards.push(credentialId);
      if (outcome === 'associate') awards.push(ANY_ASSOCIATE);
      if (outcome === 'bachelor') awards.push(ANY_BACHELOR);
    }

    // What it qualifies for: its O*NET codes, from the credential the program itself awards.
    const targets = new Set<string>();
    for (const cell of row.badOnetCells)
      skipped.add('O*NET code cell is not eight digits: code left out', `${row1(row)}: "${cell}"`);
    for (const code of row.onetCodes) {
      const { match, occupationIds } = resolver.resolve(code);
      onetMatches.set(match, (onetMatches.get(match) ?? 0) + 1);
      if (match === 'none')
        skipped.add(
          'O*NET code matches no O*NET occupation (2019 code, 2010 crosswalk, same SOC or SOC broad group): code left out',
          `${row1(row)}: ${code}`,
        );
      for (const o of occupationIds) targets.add(o);
    }
    if (targets.size === 0 && row.cip && options.cipToSoc) {
      // No usable O*NET code: the occupations of the program's CIP code.
      for (const soc of options.cipToSoc.get(row.cip) ?? []) for (const o of resolver.ofSoc(soc)) targets.add(o);
      count(targets.size > 0 ? 'cip-fallback' : 'cip-fallback-none');
    }
    const own = awards.filter((a) => !GENERIC.has(a));
    if (own.length === 0 && targets.size > 0) count('secondary-with-onet');
    // The credential's listed occupations, and the quickest way to it (etpl-reach.ts, the README's "Reach").
    const reach = rowReach(row, length.months);
    for (const credentialId of own) {
      const set = qualifies.get(credentialId) ?? new Set<string>();
      qualifies.set(credentialId, set);
      for (const o of targets) set.add(o);
      const current = weakest.get(credentialId);
      if (current === undefined || weaker(reach, current.reach))
        weakest.set(credentialId, { reach, example: `${row1(row)}, ${formatNumber(length.months)} months` });
    }
    if (own.length > 0 && targets.size > 0) programCredentials.push(own);
    if (row.onetCodes.length === 0 && row.badOnetCells.length === 0) count('no-onet');

    // What it requires.
    let requires: string[][] | undefined;
    switch (row.prerequisite) {
      case 'high-school':
      case 'education-and-courses':
        requires = [[HS_DIPLOMA]];
        break;
      case 'associate':
        requires = [[ANY_ASSOCIATE, ANY_BACHELOR]];
        break;
      case 'bachelor':
        requires = [[ANY_BACHELOR]];
        break;
      case 'courses':
      case 'none':
        break;
      default:
        skipped.add(
          'Academic PreRequisites is INVALID CODE or off the list: the program is loaded with no requirement',
          `${row1(row)}: "${row.prerequisiteRaw}"`,
        );
    }
    if (row.prerequisite === 'courses') count('prerequisite-courses');
    if (row.prerequisite === 'education-and-courses') count('prerequisite-combination');

    const program: Program = { id, name: row.programName, providerId, awards, months: length.months };
    if (row.tuition !== undefined || row.books !== undefined)
      program.cost = roundCents((row.tuition ?? 0) + (row.books ?? 0));
    else count('no-cost');
    if (requires) program.requires = requires;
    program.regionIds = regionIds;
    if (row.delivery) program.modality = row.delivery;
    else
      skipped.add(
        'Delivery Method is INVALID CODE or off the list: modality left out',
        `${row1(row)}: "${row.deliveryRaw}"`,
      );
    if (outcome === 'apprenticeship' || row.institutionType === 'National Apprenticeship' || row.apprentices > 0)
      program.features = ['Apprenticeship'];
    if (row.cip) program.cip = row.cip;
    else skipped.add('CIP code empty or not a CIP code: cip left out', `${row1(row)}: "${row.cipRaw}"`);
    if (row.cipPadded) count('cip-padded');
    programs.push(program);

    // Supports from the campus flags.
    for (const [flagged, kind, suffix, what] of [
      [row.transit, 'Transportation', 'transit', 'Public transit to'],
      [row.childcare, 'Childcare', 'childcare', 'On-site child care at'],
    ] as const) {
      if (flagged !== true) continue;
      const supportId = `tx-etpl-campus-${row.campusId}-${suffix}`;
      let support = campusSupports.get(supportId);
      if (!support) {
        support = {
          id: supportId,
          name: `${what} ${row.campusName || row.campusCity} (${row.providerName})`.slice(0, 2000),
          kind,
          providerId,
          programIds: [],
        };
        campusSupports.set(supportId, support);
      }
      support.programIds?.push(id);
    }
  }

  const edges: Edge[] = [];
  let listedEdges = 0;
  const dropped = new Map<ReachTier | 'management', number>();
  let keptByMinorGroup = 0;
  let keptWithoutJobZone = 0;
  const qualifying = new Set<string>();
  for (const [from, targets] of qualifies) {
    const quickest = weakest.get(from);
    for (const to of [...targets].sort()) {
      listedEdges += 1;
      const prepared = preparation.get(to);
      const miss = quickest === undefined ? undefined : reachMiss(quickest.reach, prepared);
      if (miss === undefined) {
        edges.push({ kind: 'QUALIFIES_FOR', from, to });
        qualifying.add(from);
        if (prepared?.jobZoneFrom === 'minor-group') keptByMinorGroup += 1;
        if (prepared?.jobZone === undefined) keptWithoutJobZone += 1;
        continue;
      }
      const { reach } = quickest as { reach: Reach };
      const key = miss === 'management' ? 'management' : reach.tier;
      dropped.set(key, (dropped.get(key) ?? 0) + 1);
      const zone = prepared?.jobZone === undefined ? 'no job zone' : `Job Zone ${prepared.jobZone}`;
      const school =
        prepared?.education === undefined ? 'no education level' : EDUCATION_LEVELS[prepared.education - 1];
      skipped.add(
        miss === 'management'
          ? 'QUALIFIES_FOR left out: a management occupation (SOC 11) from a credential a program that is not a degree, nor for degree holders, awards'
          : `QUALIFIES_FOR left out: the occupation needs more than ${reach.programs} gives (Job Zone above ${reach.maxJobZone}${
              reach.stepEducation === undefined
                ? ''
                : `, or Job Zone ${reach.maxJobZone + 1} asking more than ${EDUCATION_LEVELS[reach.stepEducation - 1]}`
            }), the quickest program awarding the credential`,
        `${from} → ${to} ${titles.get(to) ?? ''} (${zone}, ${school}); quickest: ${quickest?.example}`,
      );
    }
  }
  const totalDropped = [...dropped.values()].reduce((a, b) => a + b, 0);
  const programsLeftWithout = programCredentials.filter((own) => !own.some((c) => qualifying.has(c))).length;

  const entryPoints: EntryPoint[] = [];
  for (const [board, area] of Object.entries(TX_WORKFORCE_AREAS))
    for (const p of ENTRY_POPULATIONS)
      entryPoints.push({
        id: entryPointId(Number(board), p.key),
        name: `${p.name} (${area})`,
        populations: [...p.populations],
        holds: [...p.holds],
        regionIds: [workforceAreaId(Number(board))],
      });

  const partnerList: Partner[] = [...partners.values()].map(({ counties, ...p }) =>
    counties.size > 0 ? { ...p, regionIds: [...counties].sort() } : p,
  );

  // Notes: what was decided for how many rows.
  const n = (key: string) => formatNumber(counts.get(key) ?? 0);
  notes.push(
    `months = weeks × 12/52; where weeks are 0 (${n('weeks-zero')}), ERROR (${n('weeks-error')}) or the placeholder 99999 (${n('weeks-placeholder')}), months = contact hours / ${CONTACT_HOURS_PER_WEEK} per week × 12/52, or for the ${n('apprenticeship-hours')} apprenticeships among them a year per ${APPRENTICESHIP_INSTRUCTION_HOURS_PER_YEAR} hours of related instruction`,
    `distance education is available statewide (region tx, and the campus county when in Texas); ${n('out-of-state-online')} distance programs with a campus outside Texas are loaded statewide`,
    `county names matched ignoring case and spaces (${n('county-spelling')} rows spelled differently, e.g. Mclennan, ATASCOSA)`,
    `${n('cip-padded')} CIP codes had lost their leading zero (10605 → 01.0605)`,
    `O*NET codes: ${[...onetMatches].map(([m, k]) => `${formatNumber(k)} ${m}`).join(', ')} (cells; see the README for the order)`,
    `${n('no-onet')} programs list no O*NET code; ${n('cip-fallback')} programs without a usable O*NET code take the occupations of their CIP code (CIP 2020 → SOC 2018 crosswalk)${options.cipToSoc ? '' : ' (no crosswalk given)'}, ${n('cip-fallback-none')} find none and get no QUALIFIES_FOR edge`,
    `reach (README): of the ${formatNumber(listedEdges)} QUALIFIES_FOR edges the O*NET and CIP codes give, ${formatNumber(totalDropped)} are left out because the occupation needs more preparation than the quickest program awarding the credential gives (${
      (['management', ...Object.keys(REACH)] as (ReachTier | 'management')[])
        .filter((key) => dropped.has(key))
        .map(
          (key) =>
            `${formatNumber(dropped.get(key) ?? 0)} ${key === 'management' ? 'management occupations without a degree' : `too far for ${REACH[key].programs}`}`,
        )
        .join('; ') || 'none'
    }), leaving ${formatNumber(edges.length)}; ${formatNumber(programsLeftWithout)} programs that list occupations are left with no QUALIFIES_FOR; ${formatNumber(keptByMinorGroup)} kept edges rest on the median job zone of the occupation's SOC minor group (O*NET gives it none), ${formatNumber(keptWithoutJobZone)} on no job zone at all`,
    `${n('generic-credential-name')} programs name a certification or licence by a generic word (${[...GENERIC_CREDENTIAL_NAMES].join(', ')}): each gets its own credential, not one shared by the name`,
    `${n('secondary-with-onet')} programs award the secondary diploma and list O*NET codes: the shared diploma gets no QUALIFIES_FOR from them`,
    `prerequisite "Courses" (${n('prerequisite-courses')}): the courses are not named, so no requirement; "Combination of Education and Course(s)" (${n('prerequisite-combination')}): requires ${HS_DIPLOMA}`,
    `cost = Required Cost: Tuition & Fees + Books & Supplies (optional and out-of-district costs left out)${counts.has('no-cost') ? `; ${n('no-cost')} programs have neither` : ''}`,
    `Information: Flexible Hours is not loaded (it names no schedule)`,
  );
  if (counts.has('institution-type-unknown'))
    notes.push(`${n('institution-type-unknown')} providers with an unknown Institution Type: partner kind Other`);

  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1.1,
    source: {
      name: `Texas Eligible Training Provider List, Texas Workforce Commission (${table.file})`,
      url: 'https://www.twc.texas.gov/',
      license: 'Public information, Texas Workforce Commission; O*NET-SOC 2010-2019 crosswalk by USDOL/ETA, CC BY 4.0',
    },
    regions,
    partners: partnerList,
    credentials: [...credentials.values()],
    programs,
    supports: [...campusSupports.values()],
    entryPoints,
    edges,
  };
  return {
    bundle,
    skipped: [...skippedRows.list(), ...skipped.list()],
    read: { [table.file]: table.rows.length + table.malformed.length },
    notes,
  };
}
