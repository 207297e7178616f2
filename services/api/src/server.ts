/**
 * `npm start`: validates the configuration, finds the graph (NEO4J_URI, or the project's own
 * local Neo4j, started when needed), applies migrations, then serves the app on HOST:PORT
 * until SIGINT / SIGTERM.
 */
import { GraphDb } from '@pathway/graph/db/graph-db';
import { migrate, readMigrations } from '@pathway/graph/db/migrations';
import { resolveConnection } from '@pathway/graph/db/resolve-connection';
import { loadSampleIfEmpty } from '@pathway/graph/import/sample';
import { migrationsDir } from '@pathway/graph/paths';
import Fastify from 'fastify';
import app from './app.ts';
import { ensureWebBuild } from './boot/web-build.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const fastify = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    // Routes that take more say so (GRAPHQL_BODY_LIMIT, BUNDLE_BODY_LIMIT).
    bodyLimit: 1024 * 1024,
    // One line per request (below) rather than Fastify's two, "incoming" and "completed".
    disableRequestLogging: true,
  });
  const log = fastify.log;
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });

  const connection = await resolveConnection(config, (m) => log.info(m));
  log.info({ uri: connection.uri, local: Boolean(connection.local) }, 'using Neo4j');

  const migrationDb = GraphDb.connect(connection);
  try {
    await migrate(migrationDb, readMigrations(migrationsDir), (m) => log.info(`migrate: ${m}`));
    if (config.LOAD_SAMPLE === 'auto') {
      const sample = await loadSampleIfEmpty(migrationDb);
      if (sample === 'loaded') log.info('the graph was empty: loaded the sample region');
    }
  } finally {
    await migrationDb.close();
  }

  await ensureWebBuild({ info: (m) => log.info(m), error: (m) => log.error(m) });
  await fastify.register(app, { config, connection });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    fastify.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await fastify.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(`pathway-graph: ${(error as Error).message}\n`);
  process.exit(1);
});
