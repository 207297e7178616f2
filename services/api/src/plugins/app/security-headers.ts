/**
 * Security headers on every response (helmet's) with our Content-Security-Policy: only
 * this origin's scripts, and `frame-ancestors` — only this site may frame pages, except the
 * embed routes (`embedRouteOptions`), which the origins in EMBED_ORIGINS may frame too and
 * load cross-origin. CORS (@fastify/cors): embedding sites listed in EMBED_ORIGINS may call
 * /graphql from the browser; nothing else is shared across origins. Responses are compressed
 * (@fastify/compress) when the client accepts it.
 *
 * The headers are helmet's own, worked out once per set of options (`helmetHeaders`) and set
 * by one hook: they depend on the options alone, while @fastify/helmet rebuilt helmet's
 * middleware (and the policy string) on every request, about 0.1 ms of each GraphQL request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Helmet options for this route over the global ones (each key replaces the global one). */
    securityHeaders?: HelmetOptions;
  }
}

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
    config: {
      securityHeaders: {
        contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(embedAncestors(fastify)) },
        frameguard: false,
        crossOriginResourcePolicy: { policy: 'cross-origin' },
      },
    },
  };
}

/** Route options for a page whose policy needs more than the default (e.g. the explorer's fonts). */
export function pageRouteOptions(extra: Directives): RouteShorthandOptions {
  return {
    config: {
      securityHeaders: { contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(["'self'"], extra) } },
    },
  };
}

/**
 * The headers helmet's middleware sets for these options, as a name → value table. Helmet sets
 * them from its options alone (no directive here is a function of the request, and nonces are
 * off), so one run against a recording response gives what every response gets.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    // X-Powered-By: Fastify never sets it.
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export default fp(
  async (fastify) => {
    const options: HelmetOptions = {
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(["'self'"]) },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      // Deployments decide about their other subdomains; this service speaks for itself only.
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    };
    const everywhere = helmetHeaders(options);
    // Routes with options of their own (the embed, the explorer): their table, built as they are added.
    const perRoute = new Map<HelmetOptions, Record<string, string>>();
    fastify.addHook('onRoute', (route) => {
      const own = route.config?.securityHeaders;
      if (own && !perRoute.has(own)) perRoute.set(own, helmetHeaders({ ...options, ...own } as HelmetOptions));
    });
    // On every response, 404s and refusals included; a handler may still change one.
    fastify.addHook('onRequest', (request, reply, done) => {
      const own = request.routeOptions.config.securityHeaders;
      reply.headers((own && perRoute.get(own)) || everywhere);
      done();
    });

    const allowed = fastify.config.EMBED_ORIGINS.filter((o) => o !== "'self'");
    const shared =
      allowed.length > 0
        ? { origin: allowed, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'accept'], maxAge: 600 }
        : { origin: false };
    const notShared = { origin: false };
    await fastify.register(cors, {
      delegator: (request, callback) => {
        const url = request.url ?? '';
        callback(null, url === '/graphql' || url.startsWith('/graphql?') ? shared : notShared);
      },
    });

    await fastify.register(compress, { global: true });
  },
  { name: 'security-headers', dependencies: [] },
);
