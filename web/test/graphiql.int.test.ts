/**
 * /graphiql: GraphiQL from our own build in Debian's Chromium against the real API — it loads
 * under our CSP (no inline script, nothing from another origin), runs a query and shows the
 * answer; axe-core finds no violations.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, type Browser, describeViolations, launchBrowser, watch } from './browser.ts';
import { screenshotDir, startWebServer, type WebServer } from './harness.ts';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('GraphiQL at /graphiql', () => {
  it('is served from our build with a CSP that frames only from this site', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/graphiql' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toMatch(/<script type="module" crossorigin src="\/assets\/graphiql-[\w-]+\.js"><\/script>/);
    // No inline script and nothing from another origin.
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const schema = await server.app.inject({ method: 'GET', url: '/graphiql/schema.graphql' });
    expect(schema.body).toMatch(/routes\(input: RouteInput!\)/);
    expect((await server.app.inject({ method: 'GET', url: '/graphiql/../../etc/passwd' })).statusCode).toBe(404);
  });

  it('runs a query and shows the answer, with no console errors or CSP violations, axe-clean', async () => {
    const page = await browser.context.newPage();
    const { problems, dialogs } = watch(page);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.base}/graphiql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });
    await page.getByRole('button', { name: /execute query/i }).click();
    const version = (
      await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ about { version } }' } })
    ).json().data.about.version as string;
    await expect
      // Monaco renders spaces as no-break spaces.
      .poll(async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' '), {
        timeout: 30_000,
      })
      .toContain(`"version": "${version}"`);
    await page.screenshot({ path: join(screenshotDir, 'graphiql.png') });
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    // Every rule everywhere, except one upstream GraphiQL issue: its tabs (li role=tab) hold
    // their close buttons (nested-interactive); the tabs get every other rule.
    const found = [
      ...(await axe(page, { exclude: ['.graphiql-tab'] })),
      ...(await axe(page, { include: ['.graphiql-tab'], disableRules: ['nested-interactive'] })),
    ];
    expect(found, describeViolations(found)).toEqual([]);
    await page.close();
  });
});
