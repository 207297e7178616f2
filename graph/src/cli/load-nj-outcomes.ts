/**
 * npm run load:nj-outcomes -- [FILE] [--year YYYY]
 * Loads New Jersey DOL outcomes by provider × CIP (default: the 2020 file kept in
 * graph/data/nj_outcomes) onto the graph's programs, matched by partner `nj-provider-<id>` and
 * program `cip` (graph/src/loaders/README.md).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatNumber, LoaderInputError } from '../loaders/conversion.ts';
import { dataFileName, readDataText } from '../loaders/data-file.ts';
import { readKnownPrograms, readPartnerIds } from '../loaders/graph-merge.ts';
import { convertNj, njPartnerId, readNjOutcomes } from '../loaders/nj-outcomes.ts';
import { repoRoot } from '../paths.ts';
import { importAndReport, parseYear, printConversion, runLoader, UsageError } from './load-run.ts';

const NAME = 'load:nj-outcomes';
const USAGE = 'usage: npm run load:nj-outcomes -- [FILE] [--year YYYY]';
export const NJ_OUTCOMES_FILE = join(repoRoot, 'graph', 'data', 'nj_outcomes', 'outcomes_schcip.csv.gz');

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  let parsed: { values: { year?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { year: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length > 1) throw new UsageError('give at most one input');
  const input = parsed.positionals[0] ?? NJ_OUTCOMES_FILE;
  const year = parseYear(parsed.values.year);
  if (!existsSync(input)) throw new LoaderInputError(`${input}: no such file`);
  const table = readNjOutcomes(readDataText(input), dataFileName(input));

  const db = await connect();
  const programs = await readKnownPrograms(db);
  const partnerIds = await readPartnerIds(db, njPartnerId(''));
  const conversion = convertNj(table, { programs, partnerIds, year });
  printConversion(NAME, conversion);
  const { matched, unmatched } = conversion.match;
  process.stdout.write(
    `${NAME}: ${formatNumber(table.rows.length)} rows: ${formatNumber(matched)} matched; unmatched ${formatNumber(
      unmatched.providerNotInGraph,
    )} (no such partner), ${formatNumber(unmatched.noProgramWithCip)} (no program with the CIP), ${formatNumber(
      unmatched.ambiguous,
    )} (several programs), ${formatNumber(unmatched.notACip)} (no CIP)\n`,
  );
  if (matched === 0) {
    process.stdout.write(`${NAME}: nothing to load\n`);
    return 0;
  }
  return importAndReport(NAME, db, conversion.bundle, started);
});
