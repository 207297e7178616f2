/**
 * What the `load:*` CLIs share: option parsing, the report of what was read and skipped, the
 * import through `importBundle` (after the merge of ../loaders/graph-merge.ts), and exit codes
 * (0 loaded, 1 refused or unreadable input, 2 usage).
 */
import { parseArgs } from 'node:util';
import type { GraphDb } from '../db/graph-db.ts';
import { type Conversion, countSkipped, formatNumber, LoaderInputError } from '../loaders/conversion.ts';
import { importConverted } from '../loaders/graph-merge.ts';
import type { Bundle } from '../model/bundle.ts';
import { connectForCli, err, formatCounts, printIssues, progressPrinter } from './shared.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

export class UsageError extends Error {}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

type OptionValues<T extends OptionSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/** One positional argument and the given options; anything else is a usage error. */
export function parseLoaderArgs<T extends OptionSpec>(
  args: string[],
  options: T,
): { input: string; values: OptionValues<T> } {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError('give exactly one input');
  return { input: parsed.positionals[0] as string, values: parsed.values as OptionValues<T> };
}

export function parseYear(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year ${value}: expected a four-digit year`);
  return Number(value);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What was read, what was skipped (grouped, with examples) and the notes. */
export function printConversion(name: string, conversion: Conversion): void {
  const read = Object.entries(conversion.read).map(([file, n]) => `${file} ${formatNumber(n)} rows`);
  out(`${name}: read ${read.join('; ')}`);
  const skipped = countSkipped(conversion.skipped);
  if (skipped === 0) out(`${name}: skipped nothing`);
  else {
    out(`${name}: skipped ${formatNumber(skipped)}, by reason:`);
    const width = Math.max(...conversion.skipped.map((g) => formatNumber(g.count).length));
    for (const group of conversion.skipped) {
      out(`  ${formatNumber(group.count).padStart(width)}  ${group.reason}`);
      out(`  ${' '.repeat(width)}  e.g. ${group.examples.join('; ')}`);
    }
  }
  for (const note of conversion.notes) out(`${name}: note: ${note}`);
}

/** Imports the bundle (whole or not at all) and prints the counts; returns the exit code. */
export async function importAndReport(name: string, db: GraphDb, bundle: Bundle, started: number): Promise<number> {
  const importStarted = Date.now();
  const { result } = await importConverted(db, bundle, {
    onProgress: progressPrinter(name),
    onMerged: (notes) => {
      for (const note of notes) out(`${name}: note: ${note}`);
    },
  });
  if (!result.ok) {
    printIssues(`${name}: nothing was loaded; the graph is unchanged. Errors`, result.errors);
    return 1;
  }
  const s = result.summary;
  out(
    `${name}: loaded in ${seconds(Date.now() - started)} (of which the import took ${seconds(Date.now() - importStarted)}); graph version ${s.graphVersion}${s.changed ? '' : ' (nothing changed)'}`,
  );
  out(formatCounts(s.counts));
  return 0;
}

/** Runs a loader's main, turning input and usage errors into messages and exit codes. */
export function runLoader(name: string, usage: string, main: (db: () => Promise<GraphDb>) => Promise<number>): void {
  let db: GraphDb | undefined;
  const connect = async () => {
    db ??= await connectForCli();
    return db;
  };
  main(connect)
    .catch((error: unknown) => {
      if (error instanceof UsageError) {
        err(`${name}: ${error.message}`);
        err(usage);
        return 2;
      }
      if (error instanceof LoaderInputError) {
        err(`${name}: ${error.message}`);
        return 1;
      }
      err(`${name}: ${(error as Error).message}`);
      return 1;
    })
    .then(async (code) => {
      await db?.close();
      process.exit(code);
    });
}
