/**
 * npm run load:etpl -- FILE [--onet DIR] [--onet-crosswalk FILE] [--cip-crosswalk FILE] [--counties FILE]
 * Loads a Texas Eligible Training Provider List (TWC's statewide list, CSV or CSV.gz): the
 * state's regions (us → tx → 28 workforce areas → 254 counties), providers, programs,
 * credentials, QUALIFIES_FOR edges to the occupations in the graph (or in the O*NET folder
 * loaded with it), campus supports and entry points (graph/src/loaders/etpl/README.md).
 */
import { convertEtplFiles } from '../loaders/etpl/etpl-files.ts';
import { combineBundles, occupationsForLoad } from '../loaders/graph-merge.ts';
import { convertOnet, readOnetDir } from '../loaders/onet.ts';
import { importAndReport, parseLoaderArgs, printConversion, runLoader } from './load-run.ts';

const NAME = 'load:etpl';
const USAGE =
  'usage: npm run load:etpl -- FILE [--onet DIR] [--onet-crosswalk FILE] [--cip-crosswalk FILE] [--counties FILE]';

runLoader(NAME, USAGE, async (connect) => {
  const started = Date.now();
  const { input, values } = parseLoaderArgs(process.argv.slice(2), {
    onet: { type: 'string' },
    'onet-crosswalk': { type: 'string' },
    'cip-crosswalk': { type: 'string' },
    counties: { type: 'string' },
  });
  const onet = values.onet === undefined ? undefined : convertOnet(readOnetDir(values.onet));
  if (onet) printConversion(`${NAME} (O*NET)`, onet);
  const db = await connect();
  const occupations = await occupationsForLoad(db, onet?.bundle);
  const conversion = convertEtplFiles(
    {
      etpl: input,
      onetCrosswalk: values['onet-crosswalk'],
      cipCrosswalk: values['cip-crosswalk'],
      counties: values.counties,
    },
    occupations,
  );
  printConversion(NAME, conversion);
  const bundle = onet ? combineBundles(onet.bundle, conversion.bundle) : conversion.bundle;
  return importAndReport(NAME, db, bundle, started);
});
