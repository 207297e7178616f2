/**
 * npm run load:thresholds -- FILE [--state FIPS] [--names FILE] [--year YYYY]
 * Loads MIT Living Wage thresholds (all twelve household types) for every county in the file,
 * or one state's, with county → state → us regions (graph/src/loaders/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LoaderInputError } from '../loaders/conversion.ts';
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
  // Without --names, the Census names file is used when it sits beside the data file.
  const namesPath = values.names ?? join(dirname(input), LIVING_WAGE_NAMES_FILE);
  if (values.names !== undefined && !existsSync(namesPath)) throw new LoaderInputError(`${namesPath}: no such file`);
  const names = existsSync(namesPath) ? readFileSync(namesPath, 'utf8') : undefined;

  const conversion = convertLivingWage(readFileSync(input, 'utf8'), {
    fileName: basename(input),
    state: values.state,
    names,
    namesFileName: names === undefined ? undefined : basename(namesPath),
    year,
  });
  printConversion(NAME, conversion);
  return importAndReport(NAME, await connect(), conversion.bundle, started);
});
