/**
 * npm run load:oews -- FILE [--region ID] [--year YYYY] [--area CODE] [--onet DIR [--advances TIER]]
 * Loads OEWS wages (national, state or metro file; CSV or XLSX in BLS's layout) for the
 * occupations in the graph, or in the O*NET folder loaded with it (graph/src/loaders/README.md).
 */

import { combineBundles, occupationsForLoad } from '../loaders/graph-merge.ts';
import { convertOews } from '../loaders/oews.ts';
import { readOewsFile } from '../loaders/oews-file.ts';
import { ADVANCES_TIERS, type AdvancesTier, convertOnet, readOnetDir } from '../loaders/onet.ts';
import { ID_PATTERN } from '../model/bundle.ts';
import { importAndReport, parseLoaderArgs, parseYear, printConversion, runLoader, UsageError } from './load-run.ts';

const NAME = 'load:oews';
const USAGE =
  'usage: npm run load:oews -- FILE [--region ID] [--year YYYY] [--area CODE] [--onet DIR [--advances TIER]]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  const { input, values } = parseLoaderArgs(process.argv.slice(2), {
    region: { type: 'string' },
    year: { type: 'string' },
    area: { type: 'string' },
    onet: { type: 'string' },
    advances: { type: 'string' },
  });
  const year = parseYear(values.year);
  if (values.region !== undefined && !ID_PATTERN.test(values.region))
    throw new UsageError(`--region ${values.region}: ids are 1-128 letters, digits and . _ : - (not first)`);
  if (values.advances !== undefined && values.onet === undefined) throw new UsageError('--advances needs --onet DIR');
  const advances = values.advances ?? 'primary-short';
  if (!(ADVANCES_TIERS as readonly string[]).includes(advances))
    throw new UsageError(`--advances ${advances}: expected one of ${ADVANCES_TIERS.join(', ')}`);

  const table = await readOewsFile(input);
  const onet =
    values.onet === undefined
      ? undefined
      : convertOnet(readOnetDir(values.onet), { advances: advances as AdvancesTier });
  if (onet) printConversion(`${NAME} (O*NET)`, onet);

  const db = await connect();
  const occupations = await occupationsForLoad(db, onet?.bundle);

  const conversion = convertOews(table, {
    occupations,
    year,
    region: values.region,
    area: values.area,
  });
  printConversion(NAME, conversion);
  const bundle = onet ? combineBundles(onet.bundle, conversion.bundle) : conversion.bundle;
  return importAndReport(NAME, db, bundle, started);
});
