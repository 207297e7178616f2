/**
 * Where the tests find the real public files: the shared data folder beside the repository
 * (`../shared/data/`, see its README). Loaders themselves take paths on the command line.
 */
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

export const sharedDataDir = join(repoRoot, '..', 'shared', 'data');
export const onetDir = join(sharedDataDir, 'onet');
export const oewsNationalCsv = join(sharedDataDir, 'bls_oews', 'national_M2024_dl.csv');
export const oewsNationalXlsx = join(sharedDataDir, 'bls_oews', 'national_M2024_dl.xlsx');
export const livingWageCsv = join(sharedDataDir, 'living_wage', 'mit-living-wage-2022.csv');
export const countyNamesCsv = join(sharedDataDir, 'living_wage', 'names-to-fips_county.csv');
export const perkinsTidyCsv = join(onetDir, 'Perkins_IV_Crosswalk_Table_4_ONETs_in_Pathways.tidy.csv');
