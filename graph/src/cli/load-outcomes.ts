/**
 * npm run load:outcomes -- FILE [--source TEXT]
 * Loads a WIOA-style outcomes CSV (one row per program and cohort year; the columns of the
 * outcomes.csv template) as bundle `outcomes` for programs already in the graph
 * (graph/src/loaders/README.md).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { LoaderInputError } from '../loaders/conversion.ts';
import { readDataText } from '../loaders/data-file.ts';
import { readKnownPrograms } from '../loaders/graph-merge.ts';
import { convertOutcomesCsv } from '../loaders/outcomes-csv.ts';
import { importAndReport, parseLoaderArgs, printConversion, runLoader, UsageError } from './load-run.ts';

const NAME = 'load:outcomes';
const USAGE = 'usage: npm run load:outcomes -- FILE [--source TEXT]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  const { input, values } = parseLoaderArgs(process.argv.slice(2), { source: { type: 'string' } });
  if (values.source !== undefined && values.source.trim() === '') throw new UsageError('--source: give some text');
  if (!existsSync(input)) throw new LoaderInputError(`${input}: no such file`);
  const text = readDataText(input);
  const db = await connect();
  const programIds = new Set((await readKnownPrograms(db)).map((p) => p.id));
  if (programIds.size === 0) throw new LoaderInputError('the graph holds no programs: import the programs first');
  const conversion = convertOutcomesCsv(text, { fileName: basename(input), programIds, source: values.source });
  printConversion(NAME, conversion);
  return importAndReport(NAME, db, conversion.bundle, started);
});
