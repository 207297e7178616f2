/**
 * The crosswalks the Texas ETPL needs: O*NET-SOC 2010 → 2019 (the list mixes both taxonomies),
 * CIP 2020 → SOC 2018 (for programs that list no usable O*NET code) and Texas county → Local
 * Workforce Development Area (the 28 boards of TWC).
 */
import { LoaderInputError } from '../conversion.ts';
import { readCsv } from '../text-tables.ts';

/** The 28 Local Workforce Development Areas of Texas by board number, with TWC's names. */
export const TX_WORKFORCE_AREAS: Readonly<Record<number, string>> = {
  1: 'Panhandle',
  2: 'South Plains',
  3: 'North Texas',
  4: 'North Central Texas',
  5: 'Tarrant County',
  6: 'Greater Dallas',
  7: 'Northeast Texas',
  8: 'East Texas',
  9: 'West Central Texas',
  10: 'Borderplex',
  11: 'Permian Basin',
  12: 'Concho Valley',
  13: 'Heart of Texas',
  14: 'Capital Area',
  15: 'Rural Capital Area',
  16: 'Brazos Valley',
  17: 'Deep East Texas',
  18: 'Southeast Texas',
  19: 'Golden Crescent',
  20: 'Alamo',
  21: 'South Texas',
  22: 'Coastal Bend',
  23: 'Lower Rio Grande Valley',
  24: 'Cameron County',
  25: 'Texoma',
  26: 'Central Texas',
  27: 'Middle Rio Grande',
  28: 'Gulf Coast',
};

/**
 * The county crosswalk we ship (texas-2036/aim-hire-texas) merges four single-county boards into
 * a neighbour ("DFW" 4, "Greater Austin" 15, "Rio Grande Valley" 23): these counties are their own
 * board in TWC's designations.
 */
export const SINGLE_COUNTY_BOARDS: Readonly<Record<string, number>> = {
  '48439': 5, // Tarrant County → Tarrant County board
  '48113': 6, // Dallas County → Greater Dallas
  '48453': 14, // Travis County → Capital Area
  '48061': 24, // Cameron County → Cameron County board
};

export interface TxCounty {
  fips: string;
  name: string;
  board: number;
}

/** How county names are compared: the ETPL writes `Mclennan`, `ATASCOSA`, `Dewitt`. */
export const countyKey = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '');

export interface CountyCrosswalk {
  counties: TxCounty[];
  byName: Map<string, TxCounty>;
  /** Counties whose board the crosswalk file gives differently (SINGLE_COUNTY_BOARDS). */
  corrected: string[];
}

export function readCountyCrosswalk(text: string, file: string): CountyCrosswalk {
  const table = readCsv(text, file, ['wda_number', 'county', 'fips_county']);
  const counties: TxCounty[] = [];
  const corrected: string[] = [];
  for (const row of table.rows) {
    const fips = (row.fips_county as string).padStart(5, '0');
    const listed = Number(row.wda_number);
    if (!/^48\d{3}$/.test(fips) || !(listed in TX_WORKFORCE_AREAS))
      throw new LoaderInputError(`${file}: county "${row.county}": not a Texas FIPS code or board number 1-28`);
    const board = SINGLE_COUNTY_BOARDS[fips] ?? listed;
    if (board !== listed) corrected.push(`${row.county} (${fips}): board ${listed} → ${board}`);
    counties.push({ fips, name: row.county as string, board });
  }
  if (table.malformed.length > 0) throw new LoaderInputError(`${file}: malformed line ${table.malformed[0]}`);
  return { counties, byName: new Map(counties.map((c) => [countyKey(c.name), c])), corrected };
}

/** CIP 2020 code (`51.3902`) → the SOC 2018 codes (`31-1131`) of the NCES/BLS crosswalk. */
export function readCipToSoc(text: string, file: string): Map<string, string[]> {
  const table = readCsv(text, file, ['CIP2020Code', 'SOC2018Code']);
  const map = new Map<string, string[]>();
  for (const row of table.rows) {
    const cip = row.CIP2020Code as string;
    const soc = row.SOC2018Code as string;
    // "NO MATCH" rows pair a code with CIP 99.9999 or SOC 99-9999: not a link.
    if (!/^\d{2}\.\d{4}$/.test(cip) || !/^\d{2}-\d{4}$/.test(soc) || cip === '99.9999' || soc === '99-9999') continue;
    const list = map.get(cip);
    if (!list) map.set(cip, [soc]);
    else if (!list.includes(soc)) list.push(soc);
  }
  return map;
}

/** O*NET-SOC 2010 code → the 2019 codes it became (one or several). */
export function readOnet2010To2019(text: string, file: string): Map<string, string[]> {
  const from = 'O*NET-SOC 2010 Code';
  const to = 'O*NET-SOC 2019 Code';
  const table = readCsv(text, file, [from, to]);
  const map = new Map<string, string[]>();
  for (const row of table.rows) {
    const a = row[from] as string;
    const b = row[to] as string;
    if (!a || !b) continue;
    const list = map.get(a);
    if (!list) map.set(a, [b]);
    else if (!list.includes(b)) list.push(b);
  }
  return map;
}
