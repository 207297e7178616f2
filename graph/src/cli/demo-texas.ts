/**
 * npm run demo:texas [-- --etpl FILE --onet DIR --oews FILE --thresholds FILE --names FILE]
 * Builds the state of Texas in the configured graph (the local Neo4j without NEO4J_URI) from
 * the repository's real data: every O*NET occupation, the Texas Eligible Training Provider List
 * (6,245 programs with their providers, credentials, supports and entry points per workforce
 * area; regions us → tx → 28 workforce areas → 254 counties `tx-<FIPS>`), BLS OEWS May 2024
 * national wages and the MIT living-wage thresholds of all 254 counties. Each step validates
 * and loads whole or not at all, and reports what it read, skipped and changed; running it
 * again changes nothing. The ETPL goes before the thresholds so that its counties, with their
 * workforce areas as parents, are the ones the graph keeps.
 */

import type { Conversion } from '../loaders/conversion.ts';
import { LoaderInputError } from '../loaders/conversion.ts';
import { dataFileName, readDataText } from '../loaders/data-file.ts';
import { convertEtplFiles, etplCsvGz } from '../loaders/etpl/etpl-files.ts';
import { convertLivingWage } from '../loaders/living-wage.ts';
import { convertOews } from '../loaders/oews.ts';
import { readOewsFile } from '../loaders/oews-file.ts';
import { convertOnet, readOnetDir } from '../loaders/onet.ts';
import { countyNamesCsv, livingWageCsv, oewsNationalCsv, onetDir } from '../loaders/real-data.ts';
import { importAndReport, parseLoaderArgs, printConversion, runLoader, UsageError } from './load-run.ts';
import { err } from './shared.ts';

const NAME = 'demo:texas';
const USAGE = 'usage: npm run demo:texas [-- --etpl FILE --onet DIR --oews FILE --thresholds FILE --names FILE]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  let values: Record<string, string | undefined>;
  try {
    // parseLoaderArgs wants one positional; the demo takes none, so give it a placeholder.
    values = parseLoaderArgs(['-', ...process.argv.slice(2)], {
      etpl: { type: 'string' },
      onet: { type: 'string' },
      oews: { type: 'string' },
      thresholds: { type: 'string' },
      names: { type: 'string' },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const db = await connect();
  const step = async (what: string, convert: () => Conversion | Promise<Conversion>): Promise<Conversion> => {
    err(`\n=== ${NAME}: ${what}`);
    const t = Date.now();
    const conversion = await convert();
    printConversion(NAME, conversion);
    const code = await importAndReport(NAME, db, conversion.bundle, t);
    if (code !== 0) throw new LoaderInputError(`${what} was refused; the steps before it stay loaded`);
    return conversion;
  };

  const onet = await step('O*NET 29.3 occupations and sectors', () => convertOnet(readOnetDir(values.onet ?? onetDir)));
  const occupations = onet.bundle.occupations ?? [];
  await step('Texas Eligible Training Provider List (TWC, 20 March 2024)', () =>
    convertEtplFiles({ etpl: values.etpl ?? etplCsvGz }, occupations),
  );
  await step('BLS OEWS May 2024 national wages', async () =>
    convertOews(await readOewsFile(values.oews ?? oewsNationalCsv), { occupations }),
  );
  await step('MIT living-wage thresholds, all Texas counties', () => {
    const file = values.thresholds ?? livingWageCsv;
    const names = values.names ?? countyNamesCsv;
    return convertLivingWage(readDataText(file), {
      fileName: dataFileName(file),
      names: readDataText(names),
      namesFileName: dataFileName(names),
      state: '48',
      countyIds: 'fips',
    });
  });
  err(
    `\n${NAME}: done in ${((Date.now() - started) / 1000).toFixed(1)} s. Try region tx-48215 (Hidalgo County) with entry point tx-wda-23-ep-hs-graduate.`,
  );
  return 0;
});
