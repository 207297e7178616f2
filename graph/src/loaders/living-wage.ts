/**
 * MIT Living Wage Calculator county file (as collected by the Urban Institute:
 * `year,state,county,adults,children,wage`) → wageThresholds, with regions for the counties,
 * their states and the country (county → state → us).
 *
 * `wage` is the hourly living wage for EACH working adult of the household, which is what a
 * threshold's `annual` means ("what one job must pay each working adult"): annual = hourly ×
 * 2080 hours, to the cent; hourly is kept. Households: `1 Adult` → 1A, `2 Adults (1 Working)`
 * → 2A1W, `2 Adults (Both Working)` → 2A2W; `0 Children`…`3 Children` → 0C…3C.
 *
 * County region ids follow the project's scheme (`tx-hidalgo`, from the county's name in the
 * Census names file); a county without a name there gets `<state>-<FIPS>` (`ak-02261`), as
 * every county does with `countyIds: 'fips'` (`tx-48215`).
 */
import type { Bundle, Household, Region, WageThreshold } from '../model/bundle.ts';
import { HOUSEHOLDS } from '../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from './conversion.ts';
import { parseDecimal, readCsv, roundCents, yearFrom } from './text-tables.ts';
import { findState, stateRegion, stateRegionId, US_REGION, type UsState } from './us-states.ts';

export const LIVING_WAGE_NAMES_FILE = 'names-to-fips_county.csv';
export const HOURS_PER_YEAR = 2080;
export const MIT_STANDARD = 'MIT Living Wage';

export interface LivingWageOptions {
  /** The CSV's file name (the release year is read from it, e.g. `mit-living-wage-2022.csv`). */
  fileName: string;
  /** Only this state: FIPS (`53`) or postal code (`WA`). */
  state?: string;
  /** `names-to-fips_county.csv` (`fips,name`): county names, hence readable region ids. */
  names?: string;
  namesFileName?: string;
  /** The year recorded on every threshold; default: the release year in the file name, else the file's year column. */
  year?: number;
  /**
   * County region ids: `name` (default, `tx-hidalgo`) or `fips` (`tx-48215`, the scheme of the
   * Texas ETPL loader, whose counties come from a FIPS crosswalk).
   */
  countyIds?: 'name' | 'fips';
}

const ADULTS: Readonly<Record<string, string>> = {
  '1 adult': '1A',
  '2 adults (1 working)': '2A1W',
  '2 adults (both working)': '2A2W',
};

/** `2 Adults (Both Working)` + `3 Children` → `2A2W3C`; undefined for anything else. */
export function householdCode(adults: string, children: string): Household | undefined {
  const a = ADULTS[adults.trim().replace(/\s+/g, ' ').toLowerCase()];
  const c = /^([0-3]) child(ren)?$/i.exec(children.trim().replace(/\s+/g, ' '));
  if (!a || !c) return undefined;
  const code = `${a}${c[1]}C`;
  return (HOUSEHOLDS as readonly string[]).includes(code) ? (code as Household) : undefined;
}

/** "Hidalgo County, Texas" → `hidalgo`; "Fairfax city, Virginia" → `fairfax-city`; "Doña Ana County" → `dona-ana`. */
export function countySlug(name: string): string {
  const county = name.split(',')[0]?.trim() ?? '';
  return county
    .replace(/\s+(County|Parish|Borough|Census Area|City and Borough|Municipality)$/i, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function readNames(text: string, file: string): Map<string, string> {
  const table = readCsv(text, file, ['fips', 'name']);
  const names = new Map<string, string>();
  for (const row of table.rows) {
    const fips = (row.fips as string).padStart(5, '0');
    if (/^\d{5}$/.test(fips) && row.name) names.set(fips, row.name);
  }
  return names;
}

export function convertLivingWage(text: string, options: LivingWageOptions): Conversion {
  const skipped = new SkipLog();
  const notes: string[] = [];
  const table = readCsv(text, options.fileName, ['year', 'state', 'county', 'adults', 'children', 'wage']);
  const read: Record<string, number> = { [table.file]: table.rows.length };
  for (const line of table.malformed)
    skipped.add('malformed line (wrong number of fields)', `${table.file} line ${line}`);

  let only: UsState | undefined;
  if (options.state !== undefined) {
    only = findState(options.state);
    if (!only)
      throw new LoaderInputError(`--state ${options.state}: not a state FIPS code (e.g. 53) or postal code (WA)`);
  }
  const names =
    options.names !== undefined ? readNames(options.names, options.namesFileName ?? LIVING_WAGE_NAMES_FILE) : undefined;
  if (names) read[options.namesFileName ?? LIVING_WAGE_NAMES_FILE] = names.size;

  const dollarYear = parseDecimal(table.rows[0]?.year);
  const year = yearFrom(options.year, table.file, /(20\d{2})/) ?? dollarYear;
  if (year === undefined) throw new LoaderInputError(`${table.file}: cannot tell the year; give --year`);
  const source = `MIT Living Wage Calculator (${year} release) via Urban Institute`;

  // First pass: the rows to load, by county.
  interface Pending {
    fips: string;
    state: UsState;
    household: Household;
    hourly: number;
  }
  const pending: Pending[] = [];
  let otherStates = 0;
  for (const row of table.rows) {
    const stateFips = (row.state as string).padStart(2, '0');
    const fips = `${stateFips}${(row.county as string).padStart(3, '0')}`;
    if (only && stateFips !== only.fips) {
      otherStates += 1;
      continue;
    }
    const example = `${fips} ${row.adults}, ${row.children}`;
    const state = findState(stateFips);
    const household = householdCode(row.adults as string, row.children as string);
    const hourly = parseDecimal(row.wage);
    if (!/^\d{5}$/.test(fips) || !state) skipped.add('not a state and county FIPS code', example);
    else if (!household) skipped.add('household is not one of the twelve MIT types', example);
    else if (hourly === undefined || hourly <= 0)
      skipped.add('hourly wage missing or not a positive number', `${example}: "${row.wage}"`);
    else pending.push({ fips, state, household, hourly });
  }
  if (only)
    notes.push(`${formatNumber(otherStates)} rows of other states not used (--state ${only.fips}, ${only.name})`);

  // County regions: readable ids from names; a name clash within a state, or no name, falls back to FIPS.
  const counties = new Map<string, { state: UsState; name?: string }>();
  for (const p of pending)
    if (!counties.has(p.fips)) counties.set(p.fips, { state: p.state, name: names?.get(p.fips) });
  const slugCount = new Map<string, number>();
  for (const { state, name } of counties.values()) {
    if (!name) continue;
    const key = `${state.fips}|${countySlug(name)}`;
    slugCount.set(key, (slugCount.get(key) ?? 0) + 1);
  }
  const regions = new Map<string, Region>([[US_REGION.id, US_REGION]]);
  const countyIds = new Map<string, string>();
  const unnamed: string[] = [];
  for (const [fips, { state, name }] of counties) {
    if (!regions.has(stateRegionId(state))) regions.set(stateRegionId(state), stateRegion(state));
    const slug = name ? countySlug(name) : '';
    const readable = options.countyIds !== 'fips' && slug !== '' && slugCount.get(`${state.fips}|${slug}`) === 1;
    const id = `${stateRegionId(state)}-${readable ? slug : fips}`;
    if (!name) unnamed.push(fips);
    const shortName = name
      ? name.replace(new RegExp(`,\\s*${state.name}$`), `, ${state.postal}`)
      : `County ${fips}, ${state.postal}`;
    regions.set(id, { id, name: shortName, kind: 'county', fips: [fips], parentId: stateRegionId(state) });
    countyIds.set(fips, id);
  }
  if (!names) notes.push(`no ${LIVING_WAGE_NAMES_FILE} given: county regions are named and identified by FIPS code`);
  else if (unnamed.length > 0)
    notes.push(
      `${unnamed.length} count${unnamed.length === 1 ? 'y has' : 'ies have'} no name in ${options.namesFileName ?? LIVING_WAGE_NAMES_FILE}; named by FIPS code: ${unnamed.slice(0, 5).join(', ')}`,
    );

  const thresholds: WageThreshold[] = [];
  const seen = new Set<string>();
  const perCounty = new Map<string, number>();
  for (const p of pending) {
    const regionId = countyIds.get(p.fips) as string;
    const key = `${regionId}|${p.household}`;
    if (seen.has(key)) {
      skipped.add('county and household listed twice (first kept)', `${p.fips} ${p.household}`);
      continue;
    }
    seen.add(key);
    perCounty.set(p.fips, (perCounty.get(p.fips) ?? 0) + 1);
    thresholds.push({
      regionId,
      household: p.household,
      annual: roundCents(p.hourly * HOURS_PER_YEAR),
      hourly: p.hourly,
      standard: MIT_STANDARD,
      source,
      year,
    });
  }
  const incomplete = [...perCounty].filter(([, n]) => n < HOUSEHOLDS.length).map(([fips]) => fips);
  if (incomplete.length > 0)
    notes.push(
      `${incomplete.length} counties have fewer than 12 household types: ${incomplete.slice(0, 5).join(', ')}`,
    );
  notes.push(
    `year ${year} on every threshold${dollarYear !== undefined && dollarYear !== year ? ` (the release; the figures are in ${dollarYear} dollars, the file's year column)` : ''}; annual = hourly × ${HOURS_PER_YEAR}`,
  );

  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1,
    source: {
      name: `MIT Living Wage Calculator, ${year} release, collected by the Urban Institute (${table.file})`,
      url: 'https://livingwage.mit.edu/',
      license: 'Copyright MIT (Amy K. Glasmeier); research and non-commercial use',
    },
    regions: [...regions.values()],
    wageThresholds: thresholds,
  };
  return { bundle, skipped: skipped.list(), read, notes };
}
