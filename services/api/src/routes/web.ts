/**
 * The built web app (web/dist): the map, navigator and analyst views at `/` with a fallback to
 * index.html for the app's own routes only, the embed (`/embed.js` for the custom element,
 * `/embed` for the iframe page), the embed example, and hashed assets with long cache headers.
 * Only named files and single-segment asset names are served, so nothing outside web/dist can be.
 * Embedding sites listed in EMBED_ORIGINS may also call /graphql from the browser (CORS).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { repoRoot } from '@pathway/graph/paths';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export const webDistDir = join(repoRoot, 'web', 'dist');

/** Paths the single-page app answers itself (history routing). */
export const APP_ROUTES = ['/', '/map', '/navigator', '/analyst', '/pathway/:id'] as const;

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';

const HTML_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** embed.js keeps its name across releases, so partners' pages pick up a new one within minutes. */
const EMBED_CACHE = 'public, max-age=300';

export interface WebOptions {
  distDir?: string;
}

export default fp<WebOptions>(
  async (fastify, options) => {
    const dist = resolve(options.distDir ?? webDistDir);

    async function send(reply: FastifyReply, relative: string, cache: string) {
      const file = resolve(dist, relative);
      if (!file.startsWith(dist + sep)) return reply.code(404).send({ error: 'not found' });
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        if (!existsSync(join(dist, 'index.html'))) {
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The web app is not built yet: run `npm run build` (npm start builds it when missing).');
        }
        return reply.code(404).send({ error: 'not found' });
      }
      return reply.type(typeOf(file)).header('cache-control', cache).send(body);
    }

    for (const route of APP_ROUTES) {
      fastify.get(route, (_request, reply) => send(reply, 'index.html', HTML_CACHE));
    }
    fastify.get('/embed', (_request, reply) => send(reply, 'embed.html', HTML_CACHE));
    fastify.get('/embed.js', (_request, reply) => send(reply, 'embed.js', EMBED_CACHE));
    fastify.get('/examples/embed.html', (_request, reply) => send(reply, 'examples/embed.html', HTML_CACHE));
    fastify.get('/favicon.svg', (_request, reply) => send(reply, 'favicon.svg', 'public, max-age=86400'));
    fastify.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
      const name = request.params.name;
      if (!ASSET_NAME.test(name) || name.includes('..')) return reply.code(404).send({ error: 'not found' });
      return send(reply, join('assets', name), IMMUTABLE);
    });

    // The custom element on a partner's page reads /graphql across origins.
    const allowed = new Set(fastify.config.EMBED_ORIGINS.filter((o) => o !== "'self'"));
    fastify.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !allowed.has(origin) || !request.url.startsWith('/graphql')) return;
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
    });
    fastify.options('/graphql', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && allowed.has(origin)) {
        reply.header('access-control-allow-methods', 'GET, POST');
        reply.header('access-control-allow-headers', 'content-type, accept');
        reply.header('access-control-max-age', '600');
      }
      return reply.code(204).send();
    });
  },
  { name: 'web', dependencies: ['security-headers'] },
);

/**
 * Builds web/dist when it is missing (`npm start` on a fresh checkout); returns whether the
 * build is there afterwards. A failed build is logged and the API serves on without the app.
 */
export async function ensureWebBuild(
  log: { info: (msg: string) => void; error: (msg: string) => void },
  dist = webDistDir,
): Promise<boolean> {
  if (existsSync(join(dist, 'index.html')) && existsSync(join(dist, 'embed.js'))) return true;
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
