/**
 * The built web app (web/dist), through @fastify/static (streamed, ETag and Last-Modified):
 * the map, navigator and analyst views at the paths of the app's route table
 * (web/src/app/routes.json, which the app's router reads too) with index.html, the embed
 * (`/embed.js` for the custom element, `/embed` for the iframe page), the embed example, and
 * hashed assets with long immutable cache headers. Only named files and single-segment asset
 * names are served, so nothing outside web/dist can be; other paths are 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { repoRoot } from '@pathway/graph/paths';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { webDistDir } from '../boot/web-build.ts';
import { embedRouteOptions } from '../plugins/app/security-headers.ts';

export { webDistDir };

/** Paths the single-page app answers itself (history routing), from the one route table. */
export const APP_ROUTES: readonly string[] = (
  JSON.parse(readFileSync(join(repoRoot, 'web', 'src', 'app', 'routes.json'), 'utf8')) as {
    routes: { path: string }[];
  }
).routes.map((r) => r.path);

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const HTML_CACHE = 'no-cache';
const YEAR_MS = 365 * 24 * 3600 * 1000;
/** embed.js keeps its name across releases, so partners' pages pick up a new one within minutes. */
const EMBED_CACHE = 'public, max-age=300';

export interface WebOptions {
  distDir?: string;
}

export default fp<WebOptions>(
  async (fastify, options) => {
    const dist = resolve(options.distDir ?? webDistDir);
    await fastify.register(fastifyStatic, {
      root: dist,
      serve: false,
      dotfiles: 'deny',
      index: false,
      // RFC 9239: JavaScript is text/javascript (the mime table still says application/).
      setHeaders: (res, path) => {
        if (path.endsWith('.js') || path.endsWith('.mjs')) res.header('content-type', 'text/javascript; charset=utf-8');
      },
    });
    let built = false;
    const embed = embedRouteOptions(fastify);

    async function send(reply: FastifyReply, relative: string, cache: string | 'immutable') {
      built ||= existsSync(join(dist, 'index.html'));
      if (!built) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The web app is not built yet: run `npm run build` (npm start builds it when missing).');
      }
      if (cache === 'immutable') return reply.sendFile(relative, { maxAge: YEAR_MS, immutable: true });
      reply.header('cache-control', cache);
      return reply.sendFile(relative, { cacheControl: false });
    }

    for (const route of APP_ROUTES) {
      fastify.get(route, (_request, reply) => send(reply, 'index.html', HTML_CACHE));
    }
    fastify.get('/embed', embed, (_request, reply) => send(reply, 'embed.html', HTML_CACHE));
    fastify.get('/embed.js', embed, (_request, reply) => send(reply, 'embed.js', EMBED_CACHE));
    fastify.get('/examples/embed.html', (_request, reply) => send(reply, 'examples/embed.html', HTML_CACHE));
    fastify.get('/favicon.svg', (_request, reply) => send(reply, 'favicon.svg', 'public, max-age=86400'));
    fastify.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
      const name = request.params.name;
      if (!ASSET_NAME.test(name) || name.includes('..')) return reply.code(404).send({ error: 'not found' });
      return send(reply, `assets/${name}`, 'immutable');
    });
  },
  { name: 'web', dependencies: ['security-headers'] },
);
