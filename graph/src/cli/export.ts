/**
 * npm run export -- FILE [--ctdl | --csv] — writes the whole graph as a bundle (JSON), as CTDL
 * JSON-LD with --ctdl, or as a folder of CSV files (FILE is the folder) with --csv, the same
 * files as GET /api/bundles/export?format=csv zips. `-` writes JSON to stdout.
 */
import { writeFileSync } from 'node:fs';
import { bundleToCsvFolder } from '../csv/csv-folder.ts';
import { bundleToCtdl } from '../ctdl/index.ts';
import { exportBundle } from '../import/export.ts';
import { connectForCli, err, runCli } from './shared.ts';

async function main(args: string[]): Promise<number> {
  const ctdl = args.includes('--ctdl');
  const csv = args.includes('--csv');
  const files = args.filter((a) => a !== '--ctdl' && a !== '--csv');
  if (files.length !== 1 || files[0]?.startsWith('--') || (ctdl && csv) || (csv && files[0] === '-')) {
    err('usage: npm run export -- FILE [--ctdl] | npm run export -- FOLDER --csv');
    return 2;
  }
  const file = files[0] as string;
  const db = await connectForCli();
  try {
    const bundle = await exportBundle(db);
    if (csv) bundleToCsvFolder(bundle, file);
    else {
      const text = `${JSON.stringify(ctdl ? bundleToCtdl(bundle) : bundle, null, 1)}\n`;
      if (file === '-') process.stdout.write(text);
      else writeFileSync(file, text);
    }
    const counts = Object.entries(bundle)
      .filter(([, v]) => Array.isArray(v))
      .map(([k, v]) => `${k} ${(v as unknown[]).length}`)
      .join(', ');
    err(`export: wrote ${file === '-' ? 'stdout' : file}: ${counts || 'an empty graph'}`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli('export', () => main(process.argv.slice(2)));
