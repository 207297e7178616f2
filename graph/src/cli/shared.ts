/** What the graph CLIs share: env validation, connection, progress and summary printing. */
import { describeEnvIssues, neo4jEnvSchema } from '../db/connection.ts';
import { GraphDb } from '../db/graph-db.ts';
import { migrate, readMigrations } from '../db/migrations.ts';
import { resolveConnection } from '../db/resolve-connection.ts';
import type { KindCounts } from '../import/load.ts';
import type { BundleIssue } from '../import/validate.ts';
import { migrationsDir } from '../paths.ts';

export const err = (line: string) => process.stderr.write(`${line}\n`);

/** Connects to the configured graph (starting the local Neo4j without NEO4J_URI) and migrates it. */
export async function connectForCli(): Promise<GraphDb> {
  const env = neo4jEnvSchema.safeParse(process.env);
  if (!env.success) throw new Error(`invalid environment:\n${describeEnvIssues(env.error)}`);
  const db = GraphDb.connect(await resolveConnection(env.data, err));
  await migrate(db, readMigrations(migrationsDir));
  return db;
}

/** A progress bar on a terminal; a line every 10 % otherwise. */
export function progressPrinter(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  return (done, total) => {
    if (total === 0) return;
    const ratio = Math.min(1, done / total);
    if (process.stderr.isTTY) {
      const now = Date.now();
      if (now - lastDraw < 100 && ratio < 1) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`,
      );
      if (ratio === 1) process.stderr.write('\n');
    } else {
      const tenth = Math.floor(ratio * 10);
      if (tenth > lastTenth && total >= 10_000) {
        lastTenth = tenth;
        err(`${label}: ${tenth * 10}% (${done}/${total})`);
      }
    }
  };
}

export function printIssues(title: string, issues: BundleIssue[]): void {
  err(`${title} (${issues.length}):`);
  for (const issue of issues) err(`  ${issue.path}: ${issue.message}`);
}

export function formatCounts(counts: Record<string, KindCounts>): string {
  const rows = Object.entries(counts).filter(([, c]) => c.created + c.updated + c.unchanged + c.deleted > 0);
  if (rows.length === 0) return '  (nothing)';
  const width = Math.max(...rows.map(([k]) => k.length), 4);
  const header = `  ${'kind'.padEnd(width)}  created  updated  unchanged  deleted`;
  const lines = rows.map(
    ([kind, c]) =>
      `  ${kind.padEnd(width)}  ${String(c.created).padStart(7)}  ${String(c.updated).padStart(7)}  ${String(c.unchanged).padStart(9)}  ${String(c.deleted).padStart(7)}`,
  );
  return [header, ...lines].join('\n');
}

/** Runs a CLI's main and exits with its code; an unexpected error is one line, exit 1. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      err(`${name}: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
