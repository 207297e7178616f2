/** The web app's build, run by `npm start`'s boot step (server.ts) before the app serves. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@pathway/graph/paths';

export const webDistDir = join(repoRoot, 'web', 'dist');

/**
 * Builds web/dist when it is missing (`npm start` on a fresh checkout); returns whether the
 * build is there afterwards. A failed build is logged and the API serves on without the app.
 */
export async function ensureWebBuild(
  log: { info: (msg: string) => void; error: (msg: string) => void },
  dist = webDistDir,
): Promise<boolean> {
  if (['index.html', 'embed.js', 'graphiql.html'].every((f) => existsSync(join(dist, f)))) return true;
  log.info('web/dist is missing: building the web app (npm run build -w @pathway/web)');
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number>((done) => {
    const child = spawn('npm', ['run', 'build', '-w', '@pathway/web'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      output.push(error.message);
      done(1);
    });
    child.on('close', (status) => done(status ?? 1));
  });
  if (code === 0) {
    log.info(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  }
  log.error(`building the web app failed (exit ${code}); serving the API only:\n${output.join('').slice(-2000)}`);
  return false;
}
