/**
 * The ETPL and crosswalk files the repository ships (graph/data/texas_etpl, graph/data/crosswalks;
 * origin, licence and credit in their READMEs), and the conversion from file paths that the
 * CLIs and tests share.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../paths.ts';
import { type Conversion, LoaderInputError } from '../conversion.ts';
import { dataFileName, readDataText } from '../data-file.ts';
import type { KnownOccupation } from '../oews.ts';
import { convertEtpl } from './etpl-bundle.ts';
import { readCipToSoc, readCountyCrosswalk, readOnet2010To2019 } from './etpl-crosswalks.ts';
import { parseEtpl } from './etpl-parser.ts';

const graphData = join(repoRoot, 'graph', 'data');
export const etplCsvGz = join(graphData, 'texas_etpl', 'twc-etpl-2024-03-20.csv.gz');
export const onet2010To2019CsvGz = join(graphData, 'crosswalks', 'onet_soc_2010_to_2019_crosswalk.csv.gz');
export const cipSocCsvGz = join(graphData, 'crosswalks', 'soc2018_cip2020_crosswalk.csv.gz');
export const txCountyWdaCsvGz = join(graphData, 'crosswalks', 'tx_county_wda_crosswalk.csv.gz');

export interface EtplPaths {
  /** The ETPL list in TWC's layout, CSV or CSV.gz. */
  etpl: string;
  /** Default: the repository's O*NET-SOC 2010 → 2019 crosswalk. */
  onetCrosswalk?: string;
  /** Default: the repository's CIP 2020 ↔ SOC 2018 crosswalk. */
  cipCrosswalk?: string;
  /** Default: the repository's Texas county → workforce area crosswalk. */
  counties?: string;
}

const read = (path: string): string => {
  if (!existsSync(path)) throw new LoaderInputError(`${path}: no such file`);
  return readDataText(path);
};

/** Reads the list and its crosswalks and converts them (no Neo4j). */
export function convertEtplFiles(paths: EtplPaths, occupations: readonly KnownOccupation[]): Conversion {
  const crosswalkPath = paths.onetCrosswalk ?? onet2010To2019CsvGz;
  const countiesPath = paths.counties ?? txCountyWdaCsvGz;
  const cipPath = paths.cipCrosswalk ?? cipSocCsvGz;
  const table = parseEtpl(read(paths.etpl), dataFileName(paths.etpl));
  const onet2010To2019 = readOnet2010To2019(read(crosswalkPath), dataFileName(crosswalkPath));
  const counties = readCountyCrosswalk(read(countiesPath), dataFileName(countiesPath));
  const cipToSoc = readCipToSoc(read(cipPath), dataFileName(cipPath));
  const conversion = convertEtpl(table, { fileName: table.file, occupations, onet2010To2019, counties, cipToSoc });
  conversion.read[dataFileName(cipPath)] = [...cipToSoc.values()].reduce((n, l) => n + l.length, 0);
  conversion.read[dataFileName(crosswalkPath)] = [...onet2010To2019.values()].reduce((n, l) => n + l.length, 0);
  conversion.read[dataFileName(countiesPath)] = counties.counties.length;
  return conversion;
}
