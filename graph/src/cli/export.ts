/**
 * npm run export -- FILE [--ctdl] — writes the whole graph as a bundle (JSON), or as CTDL
 * JSON-LD with --ctdl. `-` writes to stdout.
 */
import { writeFileSync } from 'node:fs';
import { bundleToCtdl } from '../ctdl/index.ts';
import { exportBundle } from '../import/export.ts';
import { connectForCli, err, runCli } from './shared.ts';

async function main(args: string[]): Promise<number> {
  const ctdl = args.includes('--ctdl');
  const files = args.filter((a) => a !== '--ctdl');
  if (files.length !== 1 || files[0]?.startsWith('--')) {
    err('usage: npm run export -- FILE [--ctdl]');
    return 2;
  }
  const file = files[0] as string;
  const db = await connectForCli();
  try {
    const bundle = await exportBundle(db);
    const text = `${JSON.stringify(ctdl ? bundleToCtdl(bundle) : bundle, null, 1)}\n`;
    if (file === '-') process.stdout.write(text);
    else writeFileSync(file, text);
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
