/**
 * npm run import -- FILE [--replace]
 * Loads a bundle (or CTDL JSON-LD, or a CSV folder) into the configured graph. On bad input
 * prints every error with its JSON path, exits 1, and leaves the graph as it was.
 */
import { GraphCommitUnknownError, GraphUnavailableError } from '../db/errors.ts';
import { type ImportResult, importBundle } from '../import/import-bundle.ts';
import { InputError, readInput } from '../import/read-input.ts';
import { graphVersion } from '../snapshot/snapshot.ts';
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
    const versionBefore = await graphVersion(db);
    let result: ImportResult;
    try {
      result = await importBundle(db, input.raw, {
        replace,
        readIssues: input.issues,
        writer: { keyName: 'cli', scope: 'admin' },
        onProgress: progressPrinter('import'),
      });
    } catch (error) {
      // One transaction: the graph is either as before or fully loaded; say which, or that it cannot be known.
      if (error instanceof GraphCommitUnknownError) {
        err(
          `import: the connection to Neo4j was lost while ${file} was being committed, so whether it was written is unknown. Check with \`npm run export\` or the graph version (it was ${versionBefore}; ${versionBefore + 1} means the import was written), and import again if it was not: loading the same file twice changes nothing. (${error.message})`,
        );
        return 1;
      }
      if (error instanceof GraphUnavailableError) {
        err(
          `import: the connection to Neo4j was lost before ${file} was committed; nothing was written: the graph is as it was before (version ${versionBefore}). Import again once Neo4j is back. (${error.message})`,
        );
        return 1;
      }
      throw error;
    }
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
