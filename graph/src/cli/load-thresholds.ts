/**
 * npm run load:thresholds -- FILE [--state FIPS] [--names FILE] [--year YYYY]
 * Loads MIT Living Wage thresholds (all twelve household types) for every county in the file,
 * or one state's, with county → state → us regions (graph/src/loaders/README.md).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LoaderInputError } from '../loaders/conversion.ts';
import { dataFileName, findDataFile, readDataText } from '../loaders/data-file.ts';
import { convertLivingWage, LIVING_WAGE_NAMES_FILE } from '../loaders/living-wage.ts';
import { importAndReport, parseLoaderArgs, parseYear, printConversion, runLoader } from './load-run.ts';

const NAME = 'load:thresholds';
const USAGE = 'usage: npm run load:thresholds -- FILE [--state FIPS] [--names FILE] [--year YYYY]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  const { input, values } = parseLoaderArgs(process.argv.slice(2), {
    state: { type: 'string' },
    names: { type: 'string' },
    year: { type: 'string' },
  });
  const year = parseYear(values.year);
  if (!existsSync(input)) throw new LoaderInputError(`${input}: no such file`);
  // Without --names, the Census names file is used when it sits beside the data file (plain or gzipped).
  const namesPath = values.names ?? findDataFile(join(dirname(input), LIVING_WAGE_NAMES_FILE));
  if (namesPath !== undefined && !existsSync(namesPath)) throw new LoaderInputError(`${namesPath}: no such file`);
  const names = namesPath === undefined ? undefined : readDataText(namesPath);

  const conversion = convertLivingWage(readDataText(input), {
    fileName: dataFileName(input),
    state: values.state,
    names,
    namesFileName: namesPath === undefined ? undefined : dataFileName(namesPath),
    year,
  });
  printConversion(NAME, conversion);
  return importAndReport(NAME, await connect(), conversion.bundle, started);
});
