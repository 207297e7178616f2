/**
 * The embed in Chromium: the example page with the <pathway-map> custom element (shadow DOM,
 * themed with CSS variables, a route highlighted) and the /embed iframe; no globals leaked;
 * options validated; axe-core clean in the page and in the frame; its gzipped size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import type { Bundle } from '@pathway/graph/model/bundle';
import { repoRoot } from '@pathway/graph/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, type Browser, describeViolations, launchBrowser, watch } from './browser.ts';
import { distDir, screenshotDir, startWebServer, type WebServer } from './harness.ts';

let server: WebServer;
let browser: Browser;
const PARTNER = 'https://partner.example.org';

beforeAll(async () => {
  server = await startWebServer({ EMBED_ORIGINS: PARTNER });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the embed', () => {
  it('is small: embed.js gzipped', () => {
    const raw = readFileSync(join(distDir, 'embed.js'));
    const gzipped = gzipSync(raw, { level: 9 }).length;
    process.stderr.write(`embed.js: ${raw.length} bytes, ${gzipped} bytes gzipped\n`);
    expect(gzipped).toBeLessThan(30 * 1024);
  });

  it('renders the custom element and the iframe on the example page, leaking no globals, axe clean', async () => {
    const page = await browser.context.newPage();
    const { problems, dialogs } = watch(page);
    await page.goto(`${server.base}/examples/embed.html`);
    const element = page.locator('pathway-map.themed');
    // The shadow root holds the SVG map; playwright's CSS locators pierce open shadow roots.
    await element.locator('svg[data-testid="embed-map"] .pm-node').first().waitFor({ timeout: 30_000 });
    expect(await element.locator('.pm-title').textContent()).toBe('Nurse aide to registered nurse career ladder');
    // entry-point="ep-english-learner": its best route is highlighted.
    await expect
      .poll(async () => Number(await element.locator('svg[data-testid="embed-map"]').getAttribute('data-highlighted')))
      .toBeGreaterThanOrEqual(4);
    // Themed through CSS variables from the host page.
    const fill = await element
      .locator('.pm-kind-Program .pm-shape')
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe('rgb(31, 78, 121)');
    // The list alternative carries the same nodes.
    await element.locator('details.pm-list summary').click();
    expect(await element.locator('.pm-list-body table').count()).toBeGreaterThan(3);

    // The iframe: routes into the pathway's sector from ep-youth.
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-testid="embed-routes"] .route-card').first().waitFor({ timeout: 30_000 });
    expect(await frame.locator('.route-card .route-head > :first-child').first().textContent()).toBe(
      'Route 1: Licensed Practical and Licensed Vocational Nurses',
    );

    // No globals: the page's own window properties equal a blank same-origin frame's.
    const leaked = await page.evaluate(() => {
      const blank = document.createElement('iframe');
      document.body.append(blank);
      const baseline = new Set(Object.getOwnPropertyNames(blank.contentWindow));
      blank.remove();
      // Numeric names are the page's own frames (window[0] is the example's iframe).
      return Object.getOwnPropertyNames(window).filter((name) => !baseline.has(name) && !/^\d+$/.test(name));
    });
    expect(leaked).toEqual([]);
    expect(await page.evaluate(() => typeof customElements.get('pathway-map'))).toBe('function');

    await element.locator('details.pm-list summary').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshotDir, 'embed.png'), fullPage: true });

    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const inner = page.frames().find((f) => f.url().includes('/embed?'));
    expect(inner).toBeDefined();
    const frameViolations = await axe(inner as NonNullable<typeof inner>);
    expect(frameViolations, describeViolations(frameViolations)).toEqual([]);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('validates its attributes and answers methods', async () => {
    const page = await browser.context.newPage();
    const { dialogs } = watch(page);
    await page.goto(`${server.base}/embed?region=tx-hidalgo&view=map&lang=es`);
    const element = page.locator('pathway-map');
    await element.locator('.pm-node').first().waitFor({ timeout: 30_000 });
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await element.locator('.pm-link').textContent()).toBe('Abrir el mapa completo');
    // setFilter narrows the kinds drawn; fit() answers.
    const before = await element.locator('.pm-node').count();
    await page.evaluate(() => {
      const el = document.querySelector('pathway-map') as HTMLElement & { setFilter(f: unknown): void; fit(): void };
      el.setFilter({ kinds: ['Program'] });
      el.fit();
    });
    const programs = await element.locator('.pm-node').count();
    expect(programs).toBeLessThan(before);
    expect(await element.locator('.pm-kind-Program').count()).toBe(programs);
    // A hostile attribute value is refused and said, not used.
    await page.evaluate(() =>
      document.querySelector('pathway-map')?.setAttribute('region', '<img src=x onerror=alert(1)>'),
    );
    await expect.poll(() => element.locator('[role="alert"]').textContent()).toContain('region must be an id');
    expect(await element.locator('img').count()).toBe(0);
    await page.evaluate(() => document.querySelector('pathway-map')?.setAttribute('region', 'tx-hidalgo'));
    await page.evaluate(() => document.querySelector('pathway-map')?.setAttribute('view', 'table'));
    await expect.poll(() => element.locator('[role="alert"]').textContent()).toContain('view must be');
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

describe('the embed for one partner (partner attribute)', () => {
  it("narrows the map to the partner's programs, highlights them and lists its roles, in Spanish, axe clean", async () => {
    const sample = JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8')) as Bundle;
    const es = JSON.parse(readFileSync(join(repoRoot, 'web', 'src', 'i18n', 'es.json'), 'utf8')) as Record<
      string,
      string
    >;
    const partnerId = 'univ-tx';
    const programs = (sample.programs ?? []).filter((p) => p.providerId === partnerId);
    const roles = (sample.pathways ?? []).flatMap((w) =>
      (w.partnerRoles ?? []).filter((r) => r.partnerId === partnerId).map((r) => `${es[`role.${r.role}`]}: ${w.name}`),
    );
    expect(programs.length).toBeGreaterThan(1);
    expect(roles.length).toBeGreaterThan(1);

    const page = await browser.context.newPage();
    const { problems, dialogs } = watch(page);
    await page.goto(`${server.base}/embed?region=tx-hidalgo&partner=${partnerId}&lang=es`);
    const element = page.locator('pathway-map');
    await element.locator('[data-testid="embed-partner"]').waitFor({ timeout: 30_000 });
    const panel = element.locator('[data-testid="embed-partner"]');
    expect(await panel.locator('h2').textContent()).toBe('Regional public university (Texas)');
    expect(await panel.locator('h3').allTextContents()).toEqual(['Programas', 'Funciones en las trayectorias']);
    const [programList, roleList] = [panel.locator('ul').nth(0), panel.locator('ul').nth(1)];
    // By name, as a reader looks for one.
    expect(await programList.locator('li').allTextContents()).toEqual(
      programs.map((p) => p.name).sort((a, b) => a.localeCompare(b, 'es')),
    );
    expect((await roleList.locator('li').allTextContents()).sort()).toEqual(roles.sort());

    // The map holds the partner's neighbourhood: of programs, only its own, each highlighted.
    const drawn = await element
      .locator('.pm-kind-Program')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-key')));
    expect(drawn.length).toBeGreaterThan(0);
    for (const key of drawn) expect(programs.map((p) => `Program:${p.id}`)).toContain(key);
    expect(await element.locator('.pm-kind-Program.pm-on').count()).toBe(drawn.length);
    expect(await element.locator('.pm-kind-Partner.pm-on').count()).toBe(1);
    expect(await element.locator('.pm-kind-Credential').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'embed-partner.png'), fullPage: true });

    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // A partner that is not in the graph is said, in the page's language.
    await page.evaluate(() => document.querySelector('pathway-map')?.setAttribute('partner', 'no-such-partner'));
    await expect
      .poll(() => element.locator('[role="alert"]').textContent())
      .toContain('no existe el socio «no-such-partner»');
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('lists the roles beside the routes too, in English', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/embed?region=tx-hidalgo&view=routes&entry=ep-youth&partner=cc-hidalgo`);
    const element = page.locator('pathway-map');
    await element.locator('[data-testid="embed-routes"] .route-card').first().waitFor({ timeout: 30_000 });
    const panel = element.locator('[data-testid="embed-partner"]');
    expect(await panel.locator('h3').allTextContents()).toEqual(['Programs', 'Roles in pathways']);
    expect(await panel.locator('ul').nth(1).locator('li').allTextContents()).toContain(
      'Lead: Nurse aide to registered nurse career ladder',
    );
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});

describe('embedding across origins', () => {
  it('lets only EMBED_ORIGINS frame /embed and call /graphql', async () => {
    const frame = await server.app.inject({ method: 'GET', url: '/embed?region=tx-hidalgo' });
    expect(frame.statusCode).toBe(200);
    expect(frame.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${PARTNER}`);
    expect(frame.headers['x-frame-options']).toBeUndefined();
    const app = await server.app.inject({ method: 'GET', url: '/map' });
    expect(app.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(app.headers['content-security-policy']).not.toContain(PARTNER);

    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: PARTNER, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(PARTNER);
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    const post = await server.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { origin: PARTNER },
      payload: { query: '{ about { version } }' },
    });
    expect(post.headers['access-control-allow-origin']).toBe(PARTNER);
    const stranger = await server.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { origin: 'https://elsewhere.example.com' },
      payload: { query: '{ about { version } }' },
    });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});
