/**
 * O*NET database (text format) → occupations, sectors and ADVANCES_TO edges.
 *
 * - `Occupation Data.txt`: one occupation per O*NET-SOC code (id = the code, `soc` = its first
 *   seven characters, title, description).
 * - `Job Zones.txt`: `jobZone` where O*NET gives one (it gives none for most "All Other" codes).
 * - `Education, Training, and Experience…txt` with its `Categories` file: `education`, the
 *   required level of education (scale RL) that the largest share of respondents named; a tie
 *   goes to the lower level.
 * - Sectors: one per SOC major group (`soc-29`, "Healthcare Practitioners and Technical
 *   Occupations"), or with `clusters` the 16 career clusters of the Perkins IV crosswalk.
 * - `Related Occupations.txt`: ADVANCES_TO edges from the chosen relatedness tiers, leaving out
 *   moves to a lower job zone (a step down is not an advance).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Edge, Occupation, Sector } from '../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from './conversion.ts';
import { findDataFile, readDataText } from './data-file.ts';
import { SOC_MAJOR_GROUPS, socSectorId } from './soc-major-groups.ts';
import { parseDecimal, readCsv, readTsv, type Table } from './text-tables.ts';

export const ONET_FILES = {
  occupationData: 'Occupation Data.txt',
  jobZones: 'Job Zones.txt',
  education: ['Education, Training, and Experience.txt', 'Education, Training, and Experience.from_xlsx.txt'],
  educationCategories: 'Education, Training, and Experience Categories.txt',
  related: 'Related Occupations.txt',
  readMe: 'Read Me.txt',
  clusters: 'Perkins_IV_Crosswalk_Table_4_ONETs_in_Pathways.tidy.csv',
} as const;

export const ADVANCES_TIERS = ['primary-short', 'primary-long', 'all', 'none'] as const;
export type AdvancesTier = (typeof ADVANCES_TIERS)[number];

/** O*NET's tiers: the 5 most related (Primary-Short), the next 5 (Primary-Long), then 10 more. */
const TIERS_FOR: Record<AdvancesTier, readonly string[]> = {
  'primary-short': ['Primary-Short'],
  'primary-long': ['Primary-Short', 'Primary-Long'],
  all: ['Primary-Short', 'Primary-Long', 'Supplemental'],
  none: [],
};

export interface OnetFiles {
  occupationData: string;
  jobZones?: string;
  education?: string;
  /** The name of the education file that was read (the official `.txt` or a converted one). */
  educationName?: string;
  educationCategories?: string;
  related?: string;
  /** The Perkins IV crosswalk in its tidy CSV form (needed for `clusters`). */
  clusters?: string;
  /** The database version, e.g. `29.3`, from `Read Me.txt`. */
  version?: string;
}

export interface OnetOptions {
  advances?: AdvancesTier;
  /** Sectors from the Perkins IV career clusters instead of SOC major groups. */
  clusters?: boolean;
}

export const ONET_CODE = /^\d{2}-\d{4}\.\d{2}$/;

export function onetCredit(version = '29.3'): string {
  return `O*NET ${version} Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.`;
}

/**
 * Reads the files of an O*NET text-format folder; only `Occupation Data.txt` is required. Any
 * file may be gzipped (`Occupation Data.txt.gz`), as the repository's copy is.
 */
export function readOnetDir(dir: string, options: { clustersFile?: string } = {}): OnetFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LoaderInputError(`${dir}: not a folder`);
  const read = (name: string) => {
    const path = findDataFile(join(dir, name));
    return path === undefined ? undefined : readDataText(path);
  };
  const occupationData = read(ONET_FILES.occupationData);
  if (occupationData === undefined) {
    throw new LoaderInputError(
      `${dir}: no "${ONET_FILES.occupationData}" (download the O*NET database in text format from https://www.onetcenter.org/database.html)`,
    );
  }
  const educationName = ONET_FILES.education.find((name) => findDataFile(join(dir, name)) !== undefined);
  let clusters: string | undefined;
  if (options.clustersFile !== undefined) {
    const clustersPath = findDataFile(options.clustersFile);
    if (clustersPath === undefined) throw new LoaderInputError(`${options.clustersFile}: no such file`);
    clusters = readDataText(clustersPath);
  }
  const readMe = read(ONET_FILES.readMe);
  return {
    occupationData,
    jobZones: read(ONET_FILES.jobZones),
    education: educationName ? read(educationName) : undefined,
    educationName,
    educationCategories: read(ONET_FILES.educationCategories),
    related: read(ONET_FILES.related),
    clusters,
    version: readMe ? /O\*NET\s+(\d+(?:\.\d+)?)\s+Database/.exec(readMe)?.[1] : undefined,
  };
}

function noteMalformed(table: Table, skipped: SkipLog): void {
  for (const line of table.malformed)
    skipped.add('malformed line (wrong number of fields)', `${table.file} line ${line}`);
}

const examples = (items: string[], n = 5) =>
  `${items.slice(0, n).join(', ')}${items.length > n ? `, … (${items.length - n} more)` : ''}`;

export function convertOnet(files: OnetFiles, options: OnetOptions = {}): Conversion {
  const advances = options.advances ?? 'primary-short';
  const skipped = new SkipLog();
  const notes: string[] = [];
  const read: Record<string, number> = {};

  // Occupations.
  const data = readTsv(files.occupationData, ONET_FILES.occupationData, ['O*NET-SOC Code', 'Title', 'Description']);
  read[data.file] = data.rows.length;
  noteMalformed(data, skipped);
  const occupations = new Map<string, Occupation>();
  for (const row of data.rows) {
    const code = row['O*NET-SOC Code'] as string;
    const title = row.Title as string;
    if (!ONET_CODE.test(code)) skipped.add('not an O*NET-SOC code (NN-NNNN.NN)', `"${code}"`);
    else if (occupations.has(code)) skipped.add('O*NET-SOC code listed twice (first kept)', code);
    else if (title === '') skipped.add('no title', code);
    else {
      const occupation: Occupation = { id: code, title, soc: code.slice(0, 7), onetSoc: code };
      if (row.Description) occupation.description = row.Description;
      occupations.set(code, occupation);
    }
  }

  // Job zones.
  if (files.jobZones === undefined) notes.push(`${ONET_FILES.jobZones} not found: occupations have no job zone`);
  else {
    const zones = readTsv(files.jobZones, ONET_FILES.jobZones, ['O*NET-SOC Code', 'Job Zone']);
    read[zones.file] = zones.rows.length;
    noteMalformed(zones, skipped);
    for (const row of zones.rows) {
      const code = row['O*NET-SOC Code'] as string;
      const zone = parseDecimal(row['Job Zone']);
      const occupation = occupations.get(code);
      if (!occupation) skipped.add(`${zones.file}: code not in ${ONET_FILES.occupationData}`, code);
      else if (zone === undefined || !Number.isInteger(zone) || zone < 1 || zone > 5)
        skipped.add(`${zones.file}: job zone is not 1-5`, `${code} "${row['Job Zone']}"`);
      else occupation.jobZone = zone;
    }
    const without = [...occupations.values()].filter((o) => o.jobZone === undefined).map((o) => o.id);
    if (without.length > 0)
      notes.push(
        `${formatNumber(without.length)} occupations have no job zone in ${zones.file} (O*NET gives none, mostly for "All Other" codes): ${examples(without)}`,
      );
  }

  convertEducation(files, occupations, skipped, notes, read);

  const sectors = options.clusters
    ? clusterSectors(files, occupations, skipped, notes, read)
    : socSectors(occupations, skipped);

  const edges = advancesEdges(files, advances, occupations, skipped, notes, read);

  const version = files.version ?? '29.3';
  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1,
    source: {
      name: `O*NET ${version} Database`,
      url: 'https://www.onetcenter.org/database.html',
      license: onetCredit(version),
    },
    sectors,
    occupations: [...occupations.values()],
    edges,
  };
  return { bundle, skipped: skipped.list(), read, notes };
}

/** `occupations[].education`: the RL category with the highest share; ties go to the lower level. */
function convertEducation(
  files: OnetFiles,
  occupations: Map<string, Occupation>,
  skipped: SkipLog,
  notes: string[],
  read: Record<string, number>,
): void {
  if (files.education === undefined || files.educationCategories === undefined) {
    notes.push(
      `${ONET_FILES.education[0]} or ${ONET_FILES.educationCategories} not found: occupations have no education level`,
    );
    return;
  }
  const categoryTable = readTsv(files.educationCategories, ONET_FILES.educationCategories, [
    'Scale ID',
    'Category',
    'Category Description',
  ]);
  read[categoryTable.file] = categoryTable.rows.length;
  const names = new Map<number, string>();
  for (const row of categoryTable.rows) {
    const category = parseDecimal(row.Category);
    // "Post-Secondary Certificate - awarded for training completed after high school (…)": the part before " - ".
    if (row['Scale ID'] === 'RL' && category !== undefined)
      names.set(category, (row['Category Description'] as string).split(' - ')[0]?.trim() as string);
  }
  if (names.size === 0) throw new LoaderInputError(`${categoryTable.file}: no categories of scale RL`);

  const name = files.educationName ?? ONET_FILES.education[0];
  const table = readTsv(files.education, name, ['O*NET-SOC Code', 'Scale ID', 'Category', 'Data Value']);
  read[table.file] = table.rows.length;
  noteMalformed(table, skipped);
  const best = new Map<string, { category: number; value: number }>();
  const unknown = new Set<string>();
  for (const row of table.rows) {
    if (row['Scale ID'] !== 'RL') continue;
    const code = row['O*NET-SOC Code'] as string;
    const category = parseDecimal(row.Category);
    const value = parseDecimal(row['Data Value']);
    if (!occupations.has(code)) {
      if (!unknown.has(code)) skipped.add(`${table.file}: code not in ${ONET_FILES.occupationData}`, code);
      unknown.add(code);
      continue;
    }
    if (category === undefined || !names.has(category) || value === undefined) {
      skipped.add(`${table.file}: RL row with an unknown category or a non-numeric value`, `${code} ${row.Category}`);
      continue;
    }
    const current = best.get(code);
    if (!current || value > current.value || (value === current.value && category < current.category))
      best.set(code, { category, value });
  }
  for (const [code, { category }] of best) {
    const occupation = occupations.get(code) as Occupation;
    occupation.education = names.get(category) as string;
  }
  const without = [...occupations.keys()].filter((code) => !best.has(code));
  if (without.length > 0)
    notes.push(
      `${formatNumber(without.length)} occupations have no required-education (RL) data in ${table.file}: ${examples(without)}`,
    );
}

function socSectors(occupations: Map<string, Occupation>, skipped: SkipLog): Sector[] {
  const used = new Set<string>();
  for (const occupation of occupations.values()) {
    const major = occupation.id.slice(0, 2);
    const name = SOC_MAJOR_GROUPS[major];
    if (name === undefined) {
      skipped.add('sector: not a SOC 2018 major group (occupation kept without a sector)', occupation.id);
      continue;
    }
    occupation.sectorIds = [socSectorId(major)];
    used.add(major);
  }
  return [...used].sort().map((major) => ({ id: socSectorId(major), name: SOC_MAJOR_GROUPS[major] as string }));
}

const clusterSectorId = (code: string) => `cluster-${code.padStart(2, '0')}`;

/** Sectors from the Perkins IV crosswalk (O*NET-SOC 2006 codes): stale codes are reported, not dropped silently. */
function clusterSectors(
  files: OnetFiles,
  occupations: Map<string, Occupation>,
  skipped: SkipLog,
  notes: string[],
  read: Record<string, number>,
): Sector[] {
  if (files.clusters === undefined) throw new LoaderInputError(`clusters: no ${ONET_FILES.clusters} given`);
  const table = readCsv(files.clusters, ONET_FILES.clusters, ['cluster_code', 'cluster_title', 'onet_soc_code']);
  read[table.file] = table.rows.length;
  noteMalformed(table, skipped);
  const sectors = new Map<string, Sector>();
  const stale = new Set<string>();
  for (const row of table.rows) {
    const code = row.onet_soc_code as string;
    const clusterCode = row.cluster_code as string;
    if (!/^\d{1,2}$/.test(clusterCode)) {
      skipped.add(`${table.file}: row without a cluster code`, code);
      continue;
    }
    const id = clusterSectorId(clusterCode);
    const occupation = occupations.get(code);
    if (!occupation) {
      if (!stale.has(code))
        skipped.add(
          `${table.file}: code no longer exists in ${ONET_FILES.occupationData} (the crosswalk uses O*NET-SOC 2006 codes)`,
          `${code} ${row.onet_title ?? ''}`.trim(),
        );
      stale.add(code);
      continue;
    }
    if (!sectors.has(id))
      sectors.set(id, { id, name: (row.cluster_title as string).replace(/\s+Career Cluster$/, '') || id });
    const ids = occupation.sectorIds ?? [];
    if (!ids.includes(id)) occupation.sectorIds = [...ids, id];
  }
  const without = [...occupations.values()].filter((o) => !o.sectorIds?.length).map((o) => o.id);
  if (without.length > 0)
    notes.push(
      `${formatNumber(without.length)} occupations are in no career cluster (their codes are newer than the 2007 crosswalk): ${examples(without)}`,
    );
  return [...sectors.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function advancesEdges(
  files: OnetFiles,
  advances: AdvancesTier,
  occupations: Map<string, Occupation>,
  skipped: SkipLog,
  notes: string[],
  read: Record<string, number>,
): Edge[] {
  if (advances === 'none') return [];
  if (files.related === undefined) {
    notes.push(`${ONET_FILES.related} not found: no ADVANCES_TO edges`);
    return [];
  }
  const table = readTsv(files.related, ONET_FILES.related, [
    'O*NET-SOC Code',
    'Related O*NET-SOC Code',
    'Relatedness Tier',
  ]);
  read[table.file] = table.rows.length;
  noteMalformed(table, skipped);
  const tiers = TIERS_FOR[advances];
  const edges: Edge[] = [];
  const seen = new Set<string>();
  let otherTiers = 0;
  let unknownZone = 0;
  for (const row of table.rows) {
    if (!tiers.includes(row['Relatedness Tier'] as string)) {
      otherTiers += 1;
      continue;
    }
    const from = row['O*NET-SOC Code'] as string;
    const to = row['Related O*NET-SOC Code'] as string;
    const a = occupations.get(from);
    const b = occupations.get(to);
    const pair = `${from} → ${to}`;
    if (!a || !b) skipped.add(`${table.file}: occupation not in ${ONET_FILES.occupationData}`, pair);
    else if (from === to) skipped.add(`${table.file}: an occupation related to itself`, pair);
    else if (seen.has(`${from}|${to}`)) skipped.add(`${table.file}: pair listed twice`, pair);
    else if (a.jobZone !== undefined && b.jobZone !== undefined && b.jobZone < a.jobZone)
      skipped.add(
        'related occupation is in a lower job zone (a step down, not an advance)',
        `${pair} (zone ${a.jobZone} → ${b.jobZone})`,
      );
    else {
      if (a.jobZone === undefined || b.jobZone === undefined) unknownZone += 1;
      seen.add(`${from}|${to}`);
      edges.push({ kind: 'ADVANCES_TO', from, to });
    }
  }
  notes.push(
    `ADVANCES_TO from ${table.file}, tiers ${tiers.join(' + ')} (--advances ${advances}); ${formatNumber(otherTiers)} pairs of other tiers not used`,
  );
  if (unknownZone > 0)
    notes.push(`${formatNumber(unknownZone)} ADVANCES_TO edges join an occupation without a job zone (kept)`);
  return edges;
}
