/**
 * npm run import -- FILE [--replace]
 * Loads a bundle (or CTDL JSON-LD, or a CSV folder) into the configured graph. On bad input
 * prints every error with its JSON path, exits 1, and leaves the graph as it was.
 */
import { importBundle } from '../import/import-bundle.ts';
import { InputError, readInput } from '../import/read-input.ts';
import { connectForCli, err, formatCounts, printIssues, progressPrinter, runCli } from './shared.ts';

const USAGE = 'usage: npm run import -- FILE [--replace]';

async function main(args: string[]): Promise<number> {
  const replace = args.includes('--replace');
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--replace');
  if (files.length !== 1 || unknown.length > 0) {
    err(USAGE);
    return 2;
  }
  const file = files[0] as string;
  let input: ReturnType<typeof readInput>;
  try {
    input = readInput(file);
  } catch (error) {
    if (error instanceof InputError) {
      err(`import: ${error.message}`);
      return 1;
    }
    throw error;
  }
  for (const note of input.notes) err(`import: note: ${note}`);
  const located = (issues: { path: string; message: string }[]) =>
    issues.map((i) => {
      const where = input.where(i.path);
      return where ? { ...i, message: `${i.message} (${where})` } : i;
    });

  const db = await connectForCli();
  try {
    const result = await importBundle(db, input.raw, {
      replace,
      readIssues: input.issues,
      writer: { keyName: 'cli', scope: 'admin' },
      onProgress: progressPrinter('import'),
    });
    if (!result.ok) {
      printIssues(`import: ${file} was not loaded; the graph is unchanged. Errors`, located(result.errors));
      return 1;
    }
    const s = result.summary;
    err(
      `import: loaded ${file} (${input.format}${replace ? ', replace' : ''}) in ${s.durationMs} ms; graph version ${s.graphVersion}${s.changed ? '' : ' (nothing changed)'}`,
    );
    process.stdout.write(`${formatCounts(s.counts)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli('import', () => main(process.argv.slice(2)));
