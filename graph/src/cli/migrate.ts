/** npm run db:migrate — applies pending migrations/ to the configured graph. */

import { describeEnvIssues, neo4jEnvSchema } from '../db/connection.ts';
import { GraphDb } from '../db/graph-db.ts';
import { migrate, readMigrations } from '../db/migrations.ts';
import { resolveConnection } from '../db/resolve-connection.ts';
import { migrationsDir } from '../paths.ts';

const env = neo4jEnvSchema.safeParse(process.env);
if (!env.success) {
  process.stderr.write(`invalid environment:\n${describeEnvIssues(env.error)}\n`);
  process.exit(1);
}
const db = GraphDb.connect(await resolveConnection(env.data));
try {
  const result = await migrate(db, readMigrations(migrationsDir), (m) => process.stderr.write(`migrate: ${m}\n`));
  process.stderr.write(
    `migrate: ${result.applied.length} applied, ${result.alreadyApplied} already applied before this run\n`,
  );
} catch (error) {
  process.stderr.write(`migrate: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
