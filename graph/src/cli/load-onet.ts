/**
 * npm run load:onet -- DIR [--advances primary-short|primary-long|all|none] [--clusters [--clusters-file FILE]]
 * Loads O*NET occupations (with job zone, required education, description), their sectors and
 * ADVANCES_TO edges from an O*NET text-format folder (graph/src/loaders/README.md).
 */
import { join } from 'node:path';
import { ADVANCES_TIERS, type AdvancesTier, convertOnet, ONET_FILES, readOnetDir } from '../loaders/onet.ts';
import { importAndReport, parseLoaderArgs, printConversion, runLoader, UsageError } from './load-run.ts';

const NAME = 'load:onet';
const USAGE = `usage: npm run load:onet -- DIR [--advances ${ADVANCES_TIERS.join('|')}] [--clusters [--clusters-file FILE]]`;

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  const { input, values } = parseLoaderArgs(process.argv.slice(2), {
    advances: { type: 'string' },
    clusters: { type: 'boolean' },
    'clusters-file': { type: 'string' },
  });
  const advances = values.advances ?? 'primary-short';
  if (!(ADVANCES_TIERS as readonly string[]).includes(advances))
    throw new UsageError(`--advances ${advances}: expected one of ${ADVANCES_TIERS.join(', ')}`);
  if (values['clusters-file'] !== undefined && !values.clusters)
    throw new UsageError('--clusters-file needs --clusters');
  const clustersFile = values.clusters ? (values['clusters-file'] ?? join(input, ONET_FILES.clusters)) : undefined;

  const conversion = convertOnet(readOnetDir(input, { clustersFile }), {
    advances: advances as AdvancesTier,
    clusters: values.clusters ?? false,
  });
  printConversion(NAME, conversion);
  return importAndReport(NAME, await connect(), conversion.bundle, started);
});
