/**
 * Where the tests, the sample and `npm run demo:real` find the real public files: the
 * repository's own copies in `graph/data/` (gzipped where large; see each folder's README for
 * origin, licence and credit line). Loaders themselves take paths on the command line.
 */
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

export const realDataDir = join(repoRoot, 'graph', 'data');
export const onetDir = join(realDataDir, 'onet');
export const oewsNationalCsv = join(realDataDir, 'bls_oews', 'national_M2024_dl.csv.gz');
export const oewsNationalXlsx = join(realDataDir, 'bls_oews', 'national_M2024_dl.xlsx');
export const livingWageCsv = join(realDataDir, 'living_wage', 'mit-living-wage-2022.csv.gz');
export const countyNamesCsv = join(realDataDir, 'living_wage', 'names-to-fips_county.csv.gz');
export const perkinsTidyCsv = join(onetDir, 'Perkins_IV_Crosswalk_Table_4_ONETs_in_Pathways.tidy.csv.gz');
