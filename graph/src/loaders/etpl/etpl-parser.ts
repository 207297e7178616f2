/**
 * The Texas Workforce Commission's ETPL statewide list (one CSV row per program) → typed rows,
 * with the file's traps made explicit rather than guessed past: `INVALID CODE` and `ERROR`
 * cells become undefined (with the raw text kept for the report), CIP codes that lost their
 * leading zero are restored, O*NET codes are given their punctuation, and the campus state is
 * upper-cased (`Tx`). What the values MEAN for the graph is decided in etpl-bundle.ts.
 */
import { LoaderInputError } from '../conversion.ts';
import { parseDecimal, readCsv } from '../text-tables.ts';

export const ETPL_COLUMNS = {
  providerId: 'Provider ID',
  campusId: 'Campus ID',
  programId: 'Program ID',
  status: 'Program Status',
  providerName: 'ProviderName',
  institutionType: 'Institution Type',
  campusName: 'Campus Name',
  campusCity: 'Campus City',
  campusState: 'Campus State',
  campusCounty: 'Campus County',
  transit: 'Information: Public Transit',
  childcare: 'Information: Onsite Childcare',
  flexibleHours: 'Information: Flexible Hours',
  programName: 'Program Name',
  cip: 'Instructional Program (CIP) Code',
  prerequisites: 'Academic PreRequisites',
  outcome: 'Program Outcome',
  credentialName: 'Associted Credential Name',
  contactHours: 'Length: Contact Hours',
  weeks: 'Length: Weeks',
  delivery: 'Delivery Method',
  onet1: 'Occupation Code (ONET 1)',
  onet2: 'Occupation Code (ONET 2)',
  onet3: 'Occupation Code (ONET 3)',
  tuition: 'Required Cost: Tuition & Fees',
  books: 'Required Cost: Books & Supplies',
  apprentices: 'Number Of Apprentices',
} as const;

/** `Academic PreRequisites`: a closed list in TWC's system. */
export const PREREQUISITES = {
  None: 'none',
  'High School Diploma or Equivalent': 'high-school',
  'Associates Degree': 'associate',
  'Bachelors Degree': 'bachelor',
  Courses: 'courses',
  'Combination of Education and Course(s)': 'education-and-courses',
} as const;
export type Prerequisite = (typeof PREREQUISITES)[keyof typeof PREREQUISITES];

/** `Program Outcome`: the credential type, a closed list (WIOA's credential categories). */
export const OUTCOMES = {
  'Industry recognized certificate or certification': 'industry-certification',
  'Community college certificate of completion': 'college-certificate',
  'Associates Degree': 'associate',
  'Baccalaureate degree': 'bachelor',
  'Certificate of completion of an apprenticeship': 'apprenticeship',
  'Government license': 'license',
  'Secondary school diploma or its equivalent': 'secondary',
  'No credential - employment only': 'employment-only',
  'Measureable skill gain leading to a credential': 'skill-gain-credential',
  'Measureable skill gain leading to employment': 'skill-gain-employment',
} as const;
export type ProgramOutcome = (typeof OUTCOMES)[keyof typeof OUTCOMES];

/** `Delivery Method` → the contract's modality. */
export const DELIVERY_METHODS = {
  'In-person': 'in-person',
  Hybrid: 'hybrid',
  'Distance Education': 'online',
} as const;
export type Delivery = (typeof DELIVERY_METHODS)[keyof typeof DELIVERY_METHODS];

export interface EtplRow {
  /** 1-based line of the CSV (the header is line 1). */
  line: number;
  programId: string;
  providerId: string;
  campusId: string;
  /** `Approved` for every row of the March 2024 list. */
  status: string;
  providerName: string;
  institutionType: string;
  campusName: string;
  campusCity: string;
  /** Upper-cased (`Tx` → `TX`). */
  campusState: string;
  campusCounty: string;
  transit?: boolean;
  childcare?: boolean;
  flexibleHours?: boolean;
  programName: string;
  /** `51.3902`; undefined when the cell is empty or not a CIP code. */
  cip?: string;
  /** The CIP cell had five digits: its leading zero (`10605` = 01.0605) had been lost. */
  cipPadded: boolean;
  cipRaw: string;
  /** undefined for `INVALID CODE` or anything off the list (raw text in prerequisiteRaw). */
  prerequisite?: Prerequisite;
  prerequisiteRaw: string;
  outcome?: ProgramOutcome;
  outcomeRaw: string;
  credentialName: string;
  /** undefined for `ERROR` or an empty cell. */
  weeks?: number;
  contactHours?: number;
  weeksRaw: string;
  contactHoursRaw: string;
  delivery?: Delivery;
  deliveryRaw: string;
  /** The O*NET cells as codes (`31101400` → `31-1014.00`), in column order, without repeats. */
  onetCodes: string[];
  /** O*NET cells that are not eight digits. */
  badOnetCells: string[];
  tuition?: number;
  books?: number;
  apprentices: number;
}

const flag = (cell: string | undefined): boolean | undefined =>
  cell === 'Yes' ? true : cell === 'No' ? false : undefined;

/** `513902` → `51.3902`; `10605` → `01.0605` (the spreadsheet dropped the leading zero). */
export function cipCode(cell: string): { cip?: string; padded: boolean } {
  const digits = cell.trim();
  if (/^\d{6}$/.test(digits)) return { cip: `${digits.slice(0, 2)}.${digits.slice(2)}`, padded: false };
  if (/^\d{5}$/.test(digits)) return { cip: `0${digits.slice(0, 1)}.${digits.slice(1)}`, padded: true };
  return { padded: false };
}

/** `31101400` → `31-1014.00`; undefined for anything but eight digits. */
export function onetCode(cell: string): string | undefined {
  const digits = cell.trim();
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 2)}-${digits.slice(2, 6)}.${digits.slice(6)}` : undefined;
}

function lookup<T extends Record<string, string>>(list: T, cell: string): T[keyof T] | undefined {
  return Object.hasOwn(list, cell) ? (list[cell as keyof T] as T[keyof T]) : undefined;
}

export interface EtplTable {
  file: string;
  rows: EtplRow[];
  /** 1-based lines whose number of fields differs from the header's. */
  malformed: number[];
}

export function parseEtpl(text: string, file: string): EtplTable {
  const table = readCsv(text, file, Object.values(ETPL_COLUMNS));
  const c = ETPL_COLUMNS;
  const rows: EtplRow[] = [];
  // readCsv drops malformed rows; lines are counted on the rows it kept, so map them back.
  const malformedSet = new Set(table.malformed);
  let line = 1;
  for (const row of table.rows) {
    line += 1;
    while (malformedSet.has(line)) line += 1;
    const cell = (name: string) => row[name] ?? '';
    const cip = cipCode(cell(c.cip));
    const codes: string[] = [];
    const bad: string[] = [];
    for (const name of [c.onet1, c.onet2, c.onet3]) {
      const raw = cell(name);
      if (raw === '') continue;
      const code = onetCode(raw);
      if (!code) bad.push(raw);
      else if (!codes.includes(code)) codes.push(code);
    }
    const parsed: EtplRow = {
      line,
      programId: cell(c.programId),
      providerId: cell(c.providerId),
      campusId: cell(c.campusId),
      status: cell(c.status),
      providerName: cell(c.providerName),
      institutionType: cell(c.institutionType),
      campusName: cell(c.campusName),
      campusCity: cell(c.campusCity),
      campusState: cell(c.campusState).toUpperCase(),
      campusCounty: cell(c.campusCounty),
      programName: cell(c.programName).replace(/\s+/g, ' '),
      cipPadded: cip.padded,
      cipRaw: cell(c.cip),
      prerequisiteRaw: cell(c.prerequisites),
      outcomeRaw: cell(c.outcome),
      credentialName: cell(c.credentialName).replace(/\s+/g, ' '),
      weeksRaw: cell(c.weeks),
      contactHoursRaw: cell(c.contactHours),
      deliveryRaw: cell(c.delivery),
      onetCodes: codes,
      badOnetCells: bad,
      apprentices: parseDecimal(cell(c.apprentices)) ?? 0,
    };
    const optional: Partial<EtplRow> = {
      transit: flag(cell(c.transit)),
      childcare: flag(cell(c.childcare)),
      flexibleHours: flag(cell(c.flexibleHours)),
      cip: cip.cip,
      prerequisite: lookup(PREREQUISITES, cell(c.prerequisites)),
      outcome: lookup(OUTCOMES, cell(c.outcome)),
      weeks: parseDecimal(cell(c.weeks)),
      contactHours: parseDecimal(cell(c.contactHours)),
      delivery: lookup(DELIVERY_METHODS, cell(c.delivery)),
      tuition: parseDecimal(cell(c.tuition)),
      books: parseDecimal(cell(c.books)),
    };
    for (const [key, value] of Object.entries(optional))
      if (value !== undefined) (parsed as unknown as Record<string, unknown>)[key] = value;
    rows.push(parsed);
  }
  if (rows.length === 0 && table.malformed.length === 0) throw new LoaderInputError(`${file}: no program rows`);
  return { file, rows, malformed: table.malformed };
}
