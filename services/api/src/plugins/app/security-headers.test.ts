/**
 * The headers worked out once (helmetHeaders) are the ones helmet's own middleware sets on a real
 * response, on every kind of response: a route, a route with options of its own (the embed), a
 * 404 and a refusal from a hook. If helmet ever made a header depend on the request, this fails.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import securityHeaders, { cspDirectives, embedRouteOptions } from './security-headers.ts';

const PARTNER = 'https://partner.example';

/** What helmet's middleware sets on a real ServerResponse for these options. */
function byMiddleware(options: HelmetOptions): Record<string, string> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet(options)(request, response, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

const global: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(["'self'"]) },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
};

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify({ logger: false });
  app.decorate('config', loadConfig({ EMBED_ORIGINS: PARTNER }));
  await app.register(securityHeaders);
  app.get('/plain', async () => ({ ok: true }));
  app.get('/embed', embedRouteOptions(app), async () => 'embed');
  app.get(
    '/refused',
    {
      onRequest: (_request, reply, _done) => {
        reply.code(429).send({ error: 'no' });
      },
    },
    async () => 'never',
  );
  await app.ready();
});
afterAll(() => app.close());

const headersOf = async (url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, headers: response.headers };
};

describe('security headers', () => {
  it('are the ones helmet sets, on routes, 404s and refusals', async () => {
    const expected = byMiddleware(global);
    expect(expected['content-security-policy']).toContain("frame-ancestors 'self'");
    for (const [url, status] of [
      ['/plain', 200],
      ['/nowhere', 404],
      ['/refused', 429],
    ] as const) {
      const got = await headersOf(url);
      expect(got.status).toBe(status);
      expect(got.headers).toMatchObject(expected);
    }
  });

  it("follow a route's own options over the global ones", async () => {
    const own = embedRouteOptions(app).config?.securityHeaders as HelmetOptions;
    const expected = byMiddleware({ ...global, ...own } as HelmetOptions);
    const got = await headersOf('/embed');
    expect(got.headers).toMatchObject(expected);
    expect(got.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${PARTNER}`);
    expect(got.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(got.headers['x-frame-options']).toBeUndefined();
  });
});
