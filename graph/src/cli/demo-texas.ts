/**
 * npm run demo:texas [-- --etpl FILE --onet DIR --oews FILE --thresholds FILE --names FILE]
 * Builds the state of Texas in the configured graph (the local Neo4j without NEO4J_URI) from
 * the repository's real data (graph/src/loaders/etpl/texas-steps.ts): every O*NET occupation,
 * the Texas Eligible Training Provider List (programs with their providers, credentials,
 * supports and entry points per workforce area; regions us → tx → 28 workforce areas → 254
 * counties `tx-<FIPS>`), BLS OEWS May 2024 national wages and the MIT living-wage thresholds
 * of all 254 counties. Each step validates and loads whole or not at all, and reports what it
 * read, skipped and changed; running it again changes nothing.
 */
import { parseArgs } from 'node:util';
import { LoaderInputError } from '../loaders/conversion.ts';
import { texasSteps } from '../loaders/etpl/texas-steps.ts';
import { importAndReport, printConversion, runLoader, UsageError } from './load-run.ts';
import { err } from './shared.ts';

const NAME = 'demo:texas';
const USAGE = 'usage: npm run demo:texas [-- --etpl FILE --onet DIR --oews FILE --thresholds FILE --names FILE]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        etpl: { type: 'string' },
        onet: { type: 'string' },
        oews: { type: 'string' },
        thresholds: { type: 'string' },
        names: { type: 'string' },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const db = await connect();
  for (const step of texasSteps(values)) {
    err(`\n=== ${NAME}: ${step.what}`);
    const t = Date.now();
    const conversion = await step.convert();
    printConversion(NAME, conversion);
    if ((await importAndReport(NAME, db, conversion.bundle, t)) !== 0)
      throw new LoaderInputError(`${step.what} was refused; the steps before it stay loaded`);
  }
  err(
    `\n${NAME}: done in ${((Date.now() - started) / 1000).toFixed(1)} s. Try region tx-48215 (Hidalgo County) with entry point tx-wda-23-ep-hs-graduate.`,
  );
  return 0;
});
