/**
 * A stale answer never overwrites a newer one: in Chromium, the navigator's first search is
 * held back at the network until after a second search has answered; the page aborts the first
 * and keeps showing the second's routes.
 */
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser, watch } from './browser.ts';
import { startWebServer, type WebServer } from './harness.ts';

const ENTRY = 'ep-english-learner';
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

/** How many routes the API answers for the English learner with this limit. */
async function routeCount(limit: number): Promise<number> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    payload: {
      query: 'query($input: RouteInput!) { routes(input: $input) { routes { rank } } }',
      variables: { input: { regionId: 'tx-hidalgo', entryPointId: ENTRY, limit } },
    },
  });
  return response.json().data.routes.routes.length;
}

describe('the navigator under overlapping searches', () => {
  it('shows the latest search when an older answer arrives last', async () => {
    // The older search asks for one route, the newer for three: which answer is shown is plain.
    const newerCount = await routeCount(3);
    expect(newerCount).toBeGreaterThan(1);
    expect(await routeCount(1)).toBe(1);

    const page = await browser.context.newPage();
    const { problems } = watch(page);
    await page.goto(`${server.base}/navigator?region=tx-hidalgo&entry=${ENTRY}`);
    await page.waitForSelector('form.participant button[type="submit"]');

    // Hold the older search's request until the newer one has been answered.
    let release: () => void = () => {};
    const released = new Promise<void>((done) => {
      release = done;
    });
    const isOlder = (postData: string | null) => /"limit":1[,}]/.test(postData ?? '');
    const olderSettled = new Promise<'aborted' | 'answered'>((done) => {
      page.on('requestfailed', (r) => isOlder(r.postData()) && done('aborted'));
      page.on('requestfinished', (r) => isOlder(r.postData()) && done('answered'));
    });
    await page.route('**/graphql', async (route: Route) => {
      if (isOlder(route.request().postData())) await released;
      await route.continue().catch(() => {});
    });

    const limit = page.getByLabel('Routes to show (1–10)');
    const submit = () => page.click('form.participant button[type="submit"]');
    await limit.fill('1');
    await submit();
    await limit.fill('3');
    await submit();
    const cards = page.locator('.route-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(newerCount);

    // Let the older request through: the page has given up on it, so nothing changes.
    release();
    const outcome = await olderSettled;
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 20))));
    }
    expect(await cards.count()).toBe(newerCount);
    expect(outcome).toBe('aborted');
    expect(page.url()).not.toContain('k=1');
    expect(problems.filter((p) => !/abort/i.test(p))).toEqual([]);
    await page.close();
  });
});
