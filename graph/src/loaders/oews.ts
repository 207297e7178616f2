/**
 * BLS OEWS (national, state or metro; any file in BLS's column layout) → occupationWages for
 * the occupations the graph knows, matched by SOC.
 *
 * An OEWS code has six digits (`29-1141`); it gives its wage to every O*NET code with that SOC
 * (`29-1141.00`, `29-1141.01`, …). An occupation whose SOC has no detailed row of its own rolls
 * up, in this order, to: the detailed row OEWS publishes for its whole broad group (`13-1020`
 * for 13-1021/22/23), the SOC 2018 code that O*NET splits (`21-1018` for 21-1011 and 21-1014),
 * or the broad group's summary row. The `source` of a rolled-up row names the row it used.
 *
 * `#` (at or above the top wage OEWS publishes) and `*` (no estimate) are not numbers: an
 * occupation whose annual median carries one gets no row (reported); a percentile that
 * carries one is left out of the row.
 */
import type { Bundle, OccupationWage, Region } from '../model/bundle.ts';
import { type Conversion, formatNumber, LoaderInputError, SkipLog } from './conversion.ts';
import type { OewsTable } from './oews-file.ts';
import { parseDecimal, yearFrom } from './text-tables.ts';
import { findState, stateRegion, stateRegionId, US_REGION } from './us-states.ts';

/** An occupation already in the graph (or in a companion O*NET load). */
export interface KnownOccupation {
  id: string;
  soc?: string;
  onetSoc?: string;
  /** For reports and the ETPL's reach rule (etpl/etpl-reach.ts); OEWS matching ignores them. */
  title?: string;
  jobZone?: number;
  education?: string;
}

export interface OewsOptions {
  occupations: readonly KnownOccupation[];
  /** The year of the estimates; default: from the file name (`national_M2024_dl` → 2024). */
  year?: number;
  /** Region id for the file's area (one area only); default `us`, the state's postal code, `msa-<code>`. */
  region?: string;
  /** For files that hold several areas (BLS's all-states and all-metros files): load this AREA only. */
  area?: string;
}

/**
 * SOC 2018 detailed occupations that O*NET-SOC 2019 divides into codes of its own. OEWS
 * publishes the SOC code, so the O*NET codes take its wage. (The other combined codes, such as
 * `13-1020`, are broad-group codes and are found by rule.)
 */
export const SOC_2018_COMBINED: Readonly<Record<string, string>> = {
  '21-1011': '21-1018',
  '21-1014': '21-1018',
  '25-2055': '25-2052',
  '25-2056': '25-2052',
  '25-9042': '25-9045',
  '25-9043': '25-9045',
  '25-9049': '25-9045',
  '51-2022': '51-2028',
  '51-2023': '51-2028',
  '53-1042': '53-1047',
  '53-1043': '53-1047',
  '53-1044': '53-1047',
  '53-1049': '53-1047',
};

const SOC = /^\d{2}-\d{4}$/;

/** The occupation's 6-digit SOC: its `soc`, else the first 7 characters of its O*NET-SOC code or id. */
export function socOf(occupation: KnownOccupation): string | undefined {
  if (occupation.soc && SOC.test(occupation.soc)) return occupation.soc;
  for (const code of [occupation.onetSoc, occupation.id]) {
    if (code && /^\d{2}-\d{4}\.\d{2}$/.test(code)) return code.slice(0, 7);
  }
  return undefined;
}

type Row = Record<string, string>;

interface Area {
  code: string;
  title: string;
  type: string;
  primState: string;
  rows: Row[];
}

interface AreaRegion {
  id: string;
  /** The area's region and its ancestors, to create where missing. */
  regions: Region[];
  /** For `source`: `national`, or the area's title. */
  label: string;
}

const group = (row: Row) => (row.O_GROUP ?? row.OCC_GROUP ?? '').toLowerCase();

function areaRegion(area: Area, explicit: string | undefined): AreaRegion {
  const type = area.type;
  if (type === '1') {
    const id = explicit ?? US_REGION.id;
    return {
      id,
      regions: [id === US_REGION.id ? US_REGION : { id, name: 'United States', kind: 'other' }],
      label: 'national',
    };
  }
  const state = findState(area.primState) ?? (type === '2' || type === '3' ? findState(area.code) : undefined);
  const parents: Region[] = state ? [US_REGION, stateRegion(state)] : [US_REGION];
  const parentId = state ? stateRegionId(state) : US_REGION.id;
  if (type === '2' || type === '3') {
    if (!state && !explicit)
      throw new LoaderInputError(`area ${area.code} (${area.title}) is not a state OEWS knows; give --region ID`);
    const id = explicit ?? stateRegionId(state as NonNullable<typeof state>);
    if (state && id === stateRegionId(state)) return { id, regions: parents, label: area.title };
    return {
      id,
      regions: [US_REGION, { id, name: area.title, kind: type === '2' ? 'state' : 'other', parentId: US_REGION.id }],
      label: area.title,
    };
  }
  if (type === '4' || type === '5') {
    const id = explicit ?? `msa-${area.code.padStart(5, '0')}`;
    return { id, regions: [...parents, { id, name: area.title, kind: 'metro', parentId }], label: area.title };
  }
  if (type === '6') {
    const id = explicit ?? `nonmetro-${area.code.padStart(7, '0')}`;
    return { id, regions: [...parents, { id, name: area.title, kind: 'other', parentId }], label: area.title };
  }
  if (!explicit)
    throw new LoaderInputError(`area ${area.code} has AREA_TYPE "${type}", which is not known; give --region ID`);
  return { id: explicit, regions: [US_REGION, { id: explicit, name: area.title, kind: 'other' }], label: area.title };
}

/** A wage cell: a number, or why not. */
type Cell = { value: number } | { marker: string };

function wageCell(text: string | undefined): Cell {
  const value = parseDecimal(text);
  if (value !== undefined && value >= 0) return { value };
  return { marker: (text ?? '').trim() };
}

function markerReason(marker: string, row: Row): string {
  if (marker === '#') return 'annual median not published: # (at or above the top wage OEWS publishes)';
  if (marker === '*')
    return row.HOURLY?.toUpperCase() === 'TRUE'
      ? 'annual median not published: * (OEWS publishes hourly wages only for this occupation)'
      : 'annual median not published: * (no estimate)';
  return marker === '' ? 'annual median missing' : `annual median is not a number ("${marker}")`;
}

interface Match {
  row: Row;
  how: 'own' | 'combined' | 'broad';
}

export function convertOews(table: OewsTable, options: OewsOptions): Conversion {
  const skipped = new SkipLog();
  const notes: string[] = [];
  const read: Record<string, number> = { [table.file]: table.rows.length };
  for (const line of table.malformed)
    skipped.add('malformed line (wrong number of fields)', `${table.file} line ${line}`);

  const year =
    options.year ?? yearFrom(undefined, table.file, /M(\d{4})/i) ?? yearFrom(undefined, table.file, /(20\d{2})/);
  if (year === undefined)
    throw new LoaderInputError(`${table.file}: cannot tell the year from the file name; give --year`);
  if (table.rows.length > 0 && !('O_GROUP' in (table.rows[0] as Row)) && !('OCC_GROUP' in (table.rows[0] as Row)))
    throw new LoaderInputError(`${table.file}: missing column O_GROUP (or OCC_GROUP)`);

  // Cross-industry, all-ownership rows only: BLS's "all data" and industry files repeat every
  // occupation per industry and per ownership (federal, state, local, private).
  const allOwnerships = '1235';
  const byOwnership = table.rows.some((row) => row.OWN_CODE === allOwnerships);
  const areas = new Map<string, Area>();
  for (const row of table.rows) {
    const industry = row.I_GROUP;
    if (industry !== undefined && industry !== '' && industry.toLowerCase() !== 'cross-industry') {
      skipped.add(
        'industry-specific row (only cross-industry rows are loaded)',
        `${row.OCC_CODE} ${row.NAICS ?? ''}`.trim(),
      );
      continue;
    }
    if (byOwnership && row.OWN_CODE !== allOwnerships) {
      skipped.add(
        `ownership-specific row (only all-ownership rows, OWN_CODE ${allOwnerships}, are loaded)`,
        `${row.OCC_CODE} OWN_CODE ${row.OWN_CODE ?? ''}`,
      );
      continue;
    }
    const code = row.AREA ?? '';
    let area = areas.get(code);
    if (!area) {
      area = {
        code,
        title: row.AREA_TITLE ?? '',
        type: row.AREA_TYPE ?? '',
        primState: row.PRIM_STATE ?? '',
        rows: [],
      };
      areas.set(code, area);
    }
    area.rows.push(row);
  }

  let selected = [...areas.values()];
  if (options.area !== undefined) {
    const wanted = options.area.replace(/^0+/, '');
    selected = selected.filter((a) => a.code.replace(/^0+/, '') === wanted);
    if (selected.length === 0)
      throw new LoaderInputError(
        `${table.file}: no area ${options.area} (areas: ${[...areas.keys()].slice(0, 10).join(', ')}${areas.size > 10 ? ', …' : ''})`,
      );
    const others = table.rows.length - (selected[0] as Area).rows.length;
    notes.push(`${formatNumber(others)} rows of other areas not used (--area ${options.area})`);
  }
  if (options.region !== undefined && selected.length > 1)
    throw new LoaderInputError(
      `${table.file} holds ${selected.length} areas; --region needs one (choose it with --area CODE)`,
    );

  const regions = new Map<string, Region>();
  const wages: OccupationWage[] = [];
  const rolledUp: string[] = [];
  let employmentLeftOut = 0;
  const percentileMarkers = new Map<string, number>();

  for (const area of selected) {
    const place = areaRegion(area, options.region);
    for (const region of place.regions) if (!regions.has(region.id)) regions.set(region.id, region);
    const source = `BLS OEWS May ${year}, ${place.label}`;
    const where = selected.length > 1 ? ` [${area.code}]` : '';

    const detailed = new Map<string, Row>();
    const broad = new Map<string, Row>();
    for (const row of area.rows) {
      const code = row.OCC_CODE ?? '';
      const kind = group(row);
      const into = kind === 'detailed' ? detailed : kind === 'broad' ? broad : undefined;
      if (!into) continue;
      if (into.has(code)) skipped.add(`${kind} OEWS row listed twice (first kept)`, `${code}${where}`);
      else into.set(code, row);
    }

    const find = (soc: string): Match | undefined => {
      const own = detailed.get(soc);
      if (own) return { row: own, how: 'own' };
      const broadCode = `${soc.slice(0, 6)}0`;
      const combined =
        (broadCode !== soc ? detailed.get(broadCode) : undefined) ?? detailed.get(SOC_2018_COMBINED[soc] ?? '');
      if (combined) return { row: combined, how: 'combined' };
      const summary = broad.get(broadCode);
      return summary ? { row: summary, how: 'broad' } : undefined;
    };

    const used = new Set<Row>();
    for (const occupation of options.occupations) {
      const soc = socOf(occupation);
      if (!soc) {
        skipped.add('occupation has no SOC code (no soc, and its id is not an O*NET-SOC code)', occupation.id);
        continue;
      }
      const match = find(soc);
      if (!match) {
        skipped.add(
          `no OEWS row for the occupation's SOC, a combined code or its broad group${where ? ' in this area' : ''}`,
          `${occupation.id}${where}`,
        );
        continue;
      }
      used.add(match.row);
      const code = match.row.OCC_CODE as string;
      const median = wageCell(match.row.A_MEDIAN);
      if ('marker' in median) {
        skipped.add(
          markerReason(median.marker, match.row),
          `${occupation.id} (OEWS ${code}: "${median.marker}")${where}`,
        );
        continue;
      }
      const wage: OccupationWage = { occupationId: occupation.id, regionId: place.id, medianAnnual: median.value };
      for (const [field, column] of [
        ['p25Annual', 'A_PCT25'],
        ['p75Annual', 'A_PCT75'],
      ] as const) {
        const cell = wageCell(match.row[column]);
        if ('value' in cell) wage[field] = cell.value;
        else if (cell.marker !== '') {
          const key = `${column} "${cell.marker}"`;
          percentileMarkers.set(key, (percentileMarkers.get(key) ?? 0) + 1);
        }
      }
      if (match.how === 'own') {
        const employment = parseDecimal(match.row.TOT_EMP);
        if (employment !== undefined && Number.isInteger(employment) && employment >= 0) wage.employment = employment;
      } else employmentLeftOut += 1;
      wage.year = year;
      if (match.how === 'own') wage.source = source;
      else {
        const what = match.how === 'combined' ? 'combined code' : 'broad group';
        wage.source = `${source} (rolled up: ${what} ${code} ${match.row.OCC_TITLE ?? ''})`.replace(/ \)$/, ')');
        rolledUp.push(`${occupation.id} → ${what} ${code}`);
      }
      wages.push(wage);
    }

    // Account for every row of the file that gave no wage.
    const unusedDetailed = [...detailed.values()].filter((row) => !used.has(row));
    for (const row of unusedDetailed)
      skipped.add(
        'detailed OEWS row with no matching occupation in the graph',
        `${row.OCC_CODE} ${row.OCC_TITLE ?? ''}${where}`.trim(),
      );
    const summaries = new Map<string, Row[]>();
    for (const row of area.rows) {
      if (used.has(row) || group(row) === 'detailed') continue;
      const kind = group(row) || '(no O_GROUP)';
      const list = summaries.get(kind);
      if (list) list.push(row);
      else summaries.set(kind, [row]);
    }
    for (const [kind, rows] of summaries)
      skipped.addCount(
        `summary row (${kind}) not loaded: wages are loaded from detailed rows, broad rows only to roll up`,
        rows.length,
        rows.map((r) => `${r.OCC_CODE}${where}`),
      );
  }

  if (rolledUp.length > 0)
    notes.push(
      `${formatNumber(rolledUp.length)} wage rows rolled up to a combined code or broad group (named in their source): ${rolledUp.slice(0, 4).join(', ')}${rolledUp.length > 4 ? ', …' : ''}`,
    );
  if (employmentLeftOut > 0)
    notes.push(
      `employment left out of the ${formatNumber(employmentLeftOut)} rolled-up rows (it counts the whole group)`,
    );
  for (const [key, n] of percentileMarkers)
    notes.push(`${key}: ${formatNumber(n)} wage rows leave that percentile out (not a number)`);

  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1,
    source: {
      name: `BLS Occupational Employment and Wage Statistics, May ${year} (${table.file})`,
      url: 'https://www.bls.gov/oes/tables.htm',
      license: 'Public domain (U.S. Bureau of Labor Statistics)',
    },
    regions: [...regions.values()],
    occupationWages: wages,
  };
  return { bundle, skipped: skipped.list(), read, notes };
}
