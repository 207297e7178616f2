/**
 * Security headers on every response (@fastify/helmet) with our Content-Security-Policy: only
 * this origin's scripts, and `frame-ancestors` — only this site may frame pages, except the
 * embed routes (`embedRouteOptions`), which the origins in EMBED_ORIGINS may frame too and
 * load cross-origin. CORS (@fastify/cors): embedding sites listed in EMBED_ORIGINS may call
 * /graphql from the browser; nothing else is shared across origins. Responses are compressed
 * (@fastify/compress) when the client accepts it.
 */
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import fp from 'fastify-plugin';

type Directives = Record<string, string[]>;

/** The policy; `frame-ancestors` varies. Extra sources per directive for pages that need them (the GraphQL explorer). */
export function cspDirectives(ancestors: string[], extra: Directives = {}): Directives {
  const base: Directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Cytoscape sets inline styles on its container.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ancestors,
  };
  for (const [name, sources] of Object.entries(extra)) base[name] = [...(base[name] ?? []), ...sources];
  return base;
}

const embedAncestors = (fastify: FastifyInstance) => [
  "'self'",
  ...fastify.config.EMBED_ORIGINS.filter((o) => o !== "'self'"),
];

/** Route options for the embed (`/embed`, `/embed.js`): framable by EMBED_ORIGINS, loadable cross-origin. */
export function embedRouteOptions(fastify: FastifyInstance): RouteShorthandOptions {
  return {
    helmet: {
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(embedAncestors(fastify)) },
      frameguard: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    },
  } as RouteShorthandOptions;
}

/** Route options for a page whose policy needs more than the default (e.g. the explorer's fonts). */
export function pageRouteOptions(extra: Directives): RouteShorthandOptions {
  return {
    helmet: { contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(["'self'"], extra) } },
  } as RouteShorthandOptions;
}

export default fp(
  async (fastify) => {
    const options: FastifyHelmetOptions = {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(["'self'"]) },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      // Deployments decide about their other subdomains; this service speaks for itself only.
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    };
    await fastify.register(helmet, options);

    const allowed = fastify.config.EMBED_ORIGINS.filter((o) => o !== "'self'");
    await fastify.register(cors, {
      delegator: (request, callback) => {
        const graphql = (request.url ?? '').split('?')[0] === '/graphql';
        callback(
          null,
          graphql && allowed.length > 0
            ? { origin: allowed, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'accept'], maxAge: 600 }
            : { origin: false },
        );
      },
    });

    await fastify.register(compress, { global: true });
  },
  { name: 'security-headers', dependencies: [] },
);
