/**
 * The steps of `npm run demo:texas`, shared with its tests: O*NET occupations, the ETPL, OEWS
 * national wages, MIT thresholds of every Texas county (`tx-<FIPS>`). Each step is converted and
 * imported on its own, in this order: the ETPL needs the occupations, and must come before the
 * thresholds so that its counties (under their workforce areas) are the ones a graph keeps.
 */
import type { Conversion } from '../conversion.ts';
import { dataFileName, readDataText } from '../data-file.ts';
import { convertLivingWage } from '../living-wage.ts';
import type { KnownOccupation } from '../oews.ts';
import { convertOews } from '../oews.ts';
import { readOewsFile } from '../oews-file.ts';
import { convertOnet, readOnetDir } from '../onet.ts';
import { countyNamesCsv, livingWageCsv, oewsNationalCsv, onetDir } from '../real-data.ts';
import { convertEtplFiles, etplCsvGz } from './etpl-files.ts';

export interface TexasPaths {
  etpl: string;
  onet: string;
  oews: string;
  thresholds: string;
  names: string;
}

export interface TexasStep {
  what: string;
  convert(): Promise<Conversion>;
}

/** The repository's files unless given. */
export function texasSteps(given: Partial<TexasPaths> = {}): TexasStep[] {
  const paths: TexasPaths = {
    etpl: given.etpl ?? etplCsvGz,
    onet: given.onet ?? onetDir,
    oews: given.oews ?? oewsNationalCsv,
    thresholds: given.thresholds ?? livingWageCsv,
    names: given.names ?? countyNamesCsv,
  };
  let occupations: KnownOccupation[] = [];
  return [
    {
      what: 'O*NET 29.3 occupations and sectors',
      convert: async () => {
        const conversion = convertOnet(readOnetDir(paths.onet));
        occupations = conversion.bundle.occupations ?? [];
        return conversion;
      },
    },
    {
      what: 'Texas Eligible Training Provider List (Texas Workforce Commission)',
      convert: async () => convertEtplFiles({ etpl: paths.etpl }, occupations),
    },
    {
      what: 'BLS OEWS May 2024 national wages',
      convert: async () => convertOews(await readOewsFile(paths.oews), { occupations }),
    },
    {
      what: 'MIT living-wage thresholds, all Texas counties',
      convert: async () =>
        convertLivingWage(readDataText(paths.thresholds), {
          fileName: dataFileName(paths.thresholds),
          names: readDataText(paths.names),
          namesFileName: dataFileName(paths.names),
          state: '48',
          countyIds: 'fips',
        }),
    },
  ];
}
