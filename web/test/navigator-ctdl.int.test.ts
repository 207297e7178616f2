/**
 * "Download as CTDL" on the navigator's route cards (CONTRACT.md section 8) in Chromium, on the
 * 1.1 worked example (graph/test/examples/rio-grande): each card links to GET /api/routes/pathway
 * for its own rank with the question asked, and clicking downloads that route's CTDL Pathway
 * (the document routePathway answers), in English and in Spanish, axe-clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { rioGrandeBundle } from '@pathway/graph/test/fixtures';
import { describe, expect, it } from 'vitest';
import { screenshotDir, useWebApp } from './harness.ts';

const web = useWebApp(async (server) => {
  const loaded = await importBundle(server.db, rioGrandeBundle(), { replace: true });
  expect(loaded.ok).toBe(true);
});
const { open, expectAxeClean } = web;

type Node = Record<string, unknown>;
const name = (n: Node | undefined) => (n?.['ceterms:name'] as Record<string, string> | undefined)?.['en-US'];

describe('the navigator: Download as CTDL', () => {
  it("downloads each route card's CTDL Pathway", async () => {
    const { page, problems } = await open('/navigator?region=tx-cameron&entry=ep-hs-grad&advance=1');
    const cards = page.locator('.route-card');
    // The first page of a fresh browser loads the app, the region list and the map first.
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const count = await cards.count();
    const links = page.locator('.route-card a.download-ctdl');
    expect(await links.count()).toBe(count);
    expect(await links.first().textContent()).toBe('Download as CTDL (route 1 as a CTDL Pathway, JSON-LD)');
    await expect.poll(() => page.getByRole('link', { name: /^Download as CTDL/ }).count()).toBe(count);

    for (const rank of [1, 2]) {
      const card = cards.nth(rank - 1);
      const link = card.locator('a.download-ctdl');
      const href = (await link.getAttribute('href')) ?? '';
      const url = new URL(href, web.server.base);
      expect(url.pathname).toBe('/api/routes/pathway');
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        regionId: 'tx-cameron',
        entryPointId: 'ep-hs-grad',
        advancement: 'true',
        rank: String(rank),
      });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(`route-${rank}.ctdl.jsonld`);
      const doc = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as { '@graph': Node[] };
      const pathway = doc['@graph'].find((n) => n['@type'] === 'ceterms:Pathway');
      const job = doc['@graph'].find((n) => n['@type'] === 'ceterms:JobComponent');
      // The card's destination is the document's, and the document is routePathway's for that rank.
      const title = ((await card.locator('h3').textContent()) ?? '').replace(/^Route \d+: /, '');
      expect(name(job)).toBe(title);
      expect(pathway?.['ceterms:hasDestinationComponent']).toEqual([job?.['@id']]);
      const input = { regionId: 'tx-cameron', entryPointId: 'ep-hs-grad', advancement: true, limit: 3 };
      const asked = await web.gql(
        'query($input: RouteInput!, $rank: Int) { routePathway(input: $input, rank: $rank) }',
        {
          input,
          rank,
        },
      );
      expect(doc).toEqual(asked.routePathway);
    }
    await page.evaluate(() => document.fonts.ready);
    await cards.nth(0).screenshot({ path: join(screenshotDir, 'route-card-ctdl.png') });
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says it in Spanish', async () => {
    const { page, problems } = await open('/navigator?region=tx-cameron&entry=ep-hs-grad&lang=es');
    const links = page.locator('.route-card a.download-ctdl');
    await expect.poll(() => links.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await links.first().textContent()).toBe('Descargar en CTDL (la ruta 1 como una trayectoria CTDL, JSON-LD)');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
