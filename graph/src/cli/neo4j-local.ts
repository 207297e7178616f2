/**
 * npm run -s neo4j:start | neo4j:stop | neo4j:status | neo4j:install
 * `start` prints `export …` lines on stdout (for `eval`); everything else goes to stderr.
 */
import { exportLines, installLocalNeo4j, localNeo4jStatus, startLocalNeo4j, stopLocalNeo4j } from '../neo4j-local.ts';

const USAGE = 'usage: neo4j-local install | start | stop | status';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'install':
      installLocalNeo4j();
      return 0;
    case 'start': {
      const details = await startLocalNeo4j();
      process.stderr.write(
        details.started
          ? `neo4j-local: ready on ${details.uri} (log ${details.logFile})\n`
          : `neo4j-local: already running on ${details.uri} (pid ${details.pid})\n`,
      );
      process.stdout.write(`${exportLines(details)}\n`);
      return 0;
    }
    case 'stop': {
      const wasRunning = await stopLocalNeo4j();
      process.stderr.write(wasRunning ? 'neo4j-local: stopped (the store is kept)\n' : 'neo4j-local: not running\n');
      return 0;
    }
    case 'status': {
      const details = localNeo4jStatus();
      if (!details) {
        process.stderr.write('neo4j-local: not running\n');
        return 3;
      }
      process.stderr.write(`neo4j-local: running on ${details.uri} (pid ${details.pid}, log ${details.logFile})\n`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`neo4j-local: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
