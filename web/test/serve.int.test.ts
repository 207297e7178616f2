/** Serving web/dist: the app's routes, the embed, cache headers, and nothing outside web/dist. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/api/src/config.ts';
import securityHeaders from '../../services/api/src/plugins/app/security-headers.ts';
import web from '../../services/api/src/routes/web.ts';
import { distDir, startWebServer, type WebServer } from './harness.ts';

let server: WebServer;
beforeAll(async () => {
  server = await startWebServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string) => server.app.inject({ method: 'GET', url });

describe('serving the web app', () => {
  it('answers the app routes with index.html (not cached) and other paths with 404', async () => {
    const index = readFileSync(join(distDir, 'index.html'), 'utf8');
    for (const url of ['/', '/map', '/navigator?region=tx-hidalgo', '/analyst', '/pathway/pw-nursing-ladder']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(index);
    }
    for (const url of ['/nope', '/navigator/extra', '/pathway/a/b', '/index.html', '/assets', '/examples/']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    // The API is untouched.
    expect((await get('/healthz')).statusCode).toBe(200);
    const graphql = await server.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ about { version } }' },
    });
    expect(graphql.json().data.about.version).toBeTruthy();
  });

  it('serves the embed, its iframe page and the example', async () => {
    const script = await get('/embed.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=300');
    expect(script.body).toContain('pathway-map');
    const frame = await get('/embed?region=tx-hidalgo&pathway=pw-nursing-ladder&view=routes');
    expect(frame.statusCode).toBe(200);
    expect(frame.body).toContain('<main>');
    const example = await get('/examples/embed.html');
    expect(example.statusCode).toBe(200);
    expect(example.body).toContain('<pathway-map');
    expect(example.body).toContain('src="/embed.js"');
  });

  it('serves hashed assets with long cache headers', async () => {
    const assets = readdirSync(join(distDir, 'assets'));
    const js = assets.find((a) => a.endsWith('.js')) as string;
    const css = assets.find((a) => a.endsWith('.css')) as string;
    const script = await get(`/assets/${js}`);
    expect(script.statusCode).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(`/assets/${css}`)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/assets/no-such-file.js')).statusCode).toBe(404);
  });

  it('answers revalidation with 304, compresses when asked, and sends the security headers', async () => {
    const js = readdirSync(join(distDir, 'assets')).find((a) => a.endsWith('.js')) as string;
    const first = await get(`/assets/${js}`);
    expect(first.headers.etag).toBeTruthy();
    const again = await server.app.inject({
      method: 'GET',
      url: `/assets/${js}`,
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const index = await get('/');
    const bigScript = await server.app.inject({
      method: 'GET',
      url: `/assets/${js}`,
      headers: { 'accept-encoding': 'br' },
    });
    expect(bigScript.headers['content-encoding']).toBe('br');
    expect(bigScript.rawPayload.length).toBeLessThan(first.rawPayload.length);
    expect(index.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(index.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(index.headers['x-powered-by']).toBeUndefined();
    // Partners' pages load the custom element with a plain <script src>.
    expect((await get('/embed.js')).headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('never serves a file outside web/dist', async () => {
    const secret = readFileSync(join(distDir, '..', 'package.json'), 'utf8');
    const attempts = [
      '/assets/../package.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/.env',
      '/assets/%00index.html',
      '/examples/..%2f..%2fpackage.json',
      '/..%2fpackage.json',
      '/pathway/..%2f..%2fpackage.json',
      '/embed.js/../../package.json',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.body.includes('"name": "@pathway/web"'), url).toBe(false);
      expect(response.body === secret, url).toBe(false);
      if (!url.startsWith('/pathway/')) expect(response.statusCode, url).toBe(404);
    }
  });

  it('says the app is not built when web/dist is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pathway-dist-'));
    const fastify = Fastify({ logger: false });
    fastify.decorate('config', loadConfig({ LOG_LEVEL: 'silent' }));
    await fastify.register(securityHeaders);
    await fastify.register(web, { distDir: empty });
    const response = await fastify.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    await fastify.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
