/**
 * The web app in Debian's Chromium against the real API and a real Neo4j holding the sample
 * region: the map, the navigator, the analyst view, the pathway scorecard, Spanish, keyboard,
 * axe-core with zero violations on each view, and untrusted names rendered as text.
 */
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caughtUp, HOSTILE, HOSTILE_PROGRAM, loadHostileBundle, useWebApp } from './harness.ts';

const web = useWebApp();
const { open, expectAxeClean, shot, gql } = web;

async function mapReady(page: Page, scope = '') {
  await page.waitForSelector(`${scope} .map-panel[data-ready="true"]`, { timeout: 30_000 });
}

describe('the map', () => {
  it('opens with the sample region: every node of the region, with a legend', async () => {
    const { page, problems } = await open('/');
    await mapReady(page);
    const expected = (await gql('{ map(filter: { regionId: "tx-hidalgo" }) { nodes { id } edges { id } } }')).map;
    await expect
      .poll(() => page.textContent('.map-status'))
      .toBe(`${expected.nodes.length} nodes, ${expected.edges.length} connections`);
    // Chromium here renders WebGL in software (SwiftShader), so the app picks the canvas renderer.
    expect(await page.getAttribute('.map-panel', 'data-renderer')).toBe('canvas');
    expect(await page.getByLabel('Region', { exact: true }).inputValue()).toBe('tx-hidalgo');
    expect(await page.locator('.legend-list li').count()).toBeGreaterThan(9);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.waitForTimeout(500);
    await shot(page, 'map');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('searches, opens a node with its details, neighbours and outcomes, and moves by keyboard', async () => {
    const { page, problems } = await open('/map?region=tx-hidalgo');
    await mapReady(page);
    await page.fill('input[type="search"]', 'vocational');
    await page.click('.search-hit[data-key="Program:cc-lvn"]');
    const panel = page.locator('[data-testid="node-panel"]');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Vocational nursing (LVN) certificate');
    await expect.poll(() => panel.textContent()).toContain('Hidalgo County community college');
    expect(await panel.textContent()).toContain('Outcomes');
    expect(await panel.locator('table').count()).toBe(1);
    expect(page.url()).toContain('node=Program%3Acc-lvn');
    // A neighbour opens in the panel.
    await panel.locator('button[data-key="Credential:cred-lvn-license"]').click();
    await expect
      .poll(() => panel.locator('h2').textContent())
      .toBe('Texas Licensed Vocational Nurse license (NCLEX-PN)');
    await expect.poll(() => panel.textContent()).toContain('Licensed Practical and Licensed Vocational Nurses');
    await expectAxeClean(page);
    // Keyboard: the map takes focus; ] moves to the next node and says which; Enter opens it.
    await page.focus('[data-testid="map-canvas"]');
    await page.keyboard.press(']');
    await expect.poll(() => page.textContent('[data-testid="announcer"]')).toMatch(/^[A-Za-z ]+: .+/);
    const announced = (await page.textContent('[data-testid="announcer"]')) as string;
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('h2').textContent()).toBe(announced.slice(announced.indexOf(': ') + 2));
    expect(announced.startsWith(`${await panel.locator('.kind-badge').textContent()}: `)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by pathway, partner and kinds, and shows the same nodes as a list', async () => {
    const { page, problems } = await open('/map?region=tx-hidalgo&pathway=pw-nursing-ladder');
    await mapReady(page);
    const pathway = (
      await gql('{ map(filter: { regionId: "tx-hidalgo", pathwayId: "pw-nursing-ladder" }) { nodes { id } } }')
    ).map;
    await expect.poll(() => page.textContent('.map-status')).toMatch(new RegExp(`^${pathway.nodes.length} nodes`));
    await page.getByLabel('Partner', { exact: true }).selectOption('cc-hidalgo');
    await page.getByLabel('Occupations', { exact: true }).uncheck();
    await expect.poll(() => page.url()).toContain('partner=cc-hidalgo');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    const list = page.locator('[data-testid="list-view"]');
    await expect.poll(() => list.locator('h2').allTextContents()).not.toContain('Occupations (16)');
    const headings = await list.locator('h2').allTextContents();
    expect(headings.some((h) => h.startsWith('Occupations'))).toBe(false);
    expect(headings.some((h) => h.startsWith('Programs'))).toBe(true);
    expect(await list.textContent()).toContain('Offered by: Hidalgo County community college');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws with the WebGL renderer when asked (or on a GPU)', async () => {
    const { page, problems } = await open('/map?region=tx-hidalgo&renderer=webgl');
    await mapReady(page);
    expect(await page.getAttribute('.map-panel', 'data-renderer')).toBe('webgl');
    expect(await page.locator('[data-testid="map-canvas"] canvas').count()).toBeGreaterThan(1);
    await page.waitForTimeout(500);
    await shot(page, 'map-webgl');
    expect(problems).toEqual([]);
    await page.close();
  });
});

/** How many routes the API answers for the English learner with this limit. */
async function routeCount(limit: number): Promise<number> {
  const input = { regionId: 'tx-hidalgo', entryPointId: 'ep-english-learner', limit };
  const data = await gql('query($input: RouteInput!) { routes(input: $input) { routes { rank } } }', { input });
  return data.routes.routes.length;
}

describe('the navigator', () => {
  it('runs a query into route cards, highlights the best route, and restores it from the URL', async () => {
    const { page, problems } = await open('/navigator');
    await page.waitForSelector('form.participant button[type="submit"]');
    await page.getByLabel('Entry point').selectOption('ep-english-learner');
    await page.getByLabel('Child care', { exact: true }).check();
    await page.getByLabel('Language support', { exact: true }).check();
    await page.click('form.participant button[type="submit"]');
    const cards = page.locator('.route-card');
    await cards.first().waitFor();
    const first = cards.first();
    expect(await first.locator('h3').textContent()).toBe('Route 1: Licensed Practical and Licensed Vocational Nurses');
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('17.9');
    expect(text).toContain('$6,514');
    expect(text).toContain('✓ Family-supporting');
    expect(text).toContain('Inglés para la Salud');
    expect(text).toContain('Missing supports: Language support');
    expect(text).toContain('Nursing Assistants — $39,530');
    expect(await page.textContent('.threshold')).toContain('$58,115');
    // The route is highlighted on the map: entry point, programs, credentials, destination.
    await mapReady(page);
    await expect
      .poll(async () => Number(await page.getAttribute('.map-panel', 'data-highlighted')))
      .toBeGreaterThanOrEqual(5);
    expect(await first.locator('.show-route').getAttribute('aria-pressed')).toBe('true');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await shot(page, 'route');
    await expectAxeClean(page);

    // The URL carries the query; opening it again restores the form and the routes.
    const url = page.url();
    expect(url).toContain('entry=ep-english-learner');
    expect(url).toContain('needs=Childcare%2CLanguageSupport');
    const again = await open(url.slice(web.server.base.length));
    await again.page.locator('.route-card').first().waitFor();
    expect(await again.page.locator('.route-card h3').first().textContent()).toBe(
      'Route 1: Licensed Practical and Licensed Vocational Nurses',
    );
    expect(await again.page.getByLabel('Entry point').inputValue()).toBe('ep-english-learner');
    expect(await again.page.getByLabel('Child care', { exact: true }).isChecked()).toBe(true);
    await again.page.close();

    // Another route can be shown; the plan prints without the form and the map.
    if ((await cards.count()) > 1) {
      await cards.nth(1).locator('.show-route').click();
      expect(await cards.nth(1).locator('.show-route').getAttribute('aria-pressed')).toBe('true');
    }
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('form.participant')).toBe(false);
    expect(await page.isVisible('.map-panel')).toBe(false);
    expect(await cards.first().isVisible()).toBe(true);
    expect(await page.isVisible('.plan-summary')).toBe(true);
    await shot(page, 'print-plan', true);
    await page.emulateMedia({ media: 'screen' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says what is wrong with bad limits instead of querying', async () => {
    const { page } = await open('/navigator');
    await page.waitForSelector('form.participant button[type="submit"]');
    await page.getByLabel('Routes to show (1–10)').fill('11');
    await page.click('form.participant button[type="submit"]');
    await expect.poll(() => page.textContent('form.participant [role="alert"]')).toContain('1 to 10');
    await page.close();
  });

  // A stale answer never overwrites a newer one: the first search is held back at the network
  // until the second has answered; the page aborts it and keeps the second's routes.
  it('shows the latest search when an older answer arrives last', async () => {
    // The older search asks for one route, the newer for three: which answer is shown is plain.
    const newerCount = await routeCount(3);
    expect(newerCount).toBeGreaterThan(1);
    expect(await routeCount(1)).toBe(1);

    const { page, problems } = await open('/navigator?region=tx-hidalgo&entry=ep-english-learner');
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

describe('the analyst view', () => {
  it('lists the gaps, filters them, shows one on the map and exports CSV', async () => {
    const { page, problems } = await open('/analyst');
    const gaps = page.locator('[data-testid="gaps"]');
    await gaps.locator('table').waitFor();
    const expected = (await gql('{ gaps(filter: { regionId: "tx-hidalgo" }) { kind subjectId } }')).gaps;
    expect(await gaps.locator('tbody tr').count()).toBe(expected.length);
    expect(await gaps.textContent()).toContain(`${expected.length} gaps`);
    await mapReady(page);
    await gaps.locator('tr[data-kind="CREDIT_LOSS"] button').click();
    await expect
      .poll(async () => Number(await page.getAttribute('.map-panel', 'data-highlighted')))
      .toBeGreaterThanOrEqual(3);
    expect(page.url()).toContain('gap=CREDIT_LOSS%3Auniv-bs-et');
    await page.waitForTimeout(500);
    await shot(page, 'analyst');
    await expectAxeClean(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('kind,severity,subjectKind,subjectId,subject,message,relatedIds');
    expect(lines).toHaveLength(expected.length + 1);
    expect(csv).toContain('CREDIT_LOSS,high,Program,univ-bs-et,BS engineering technology (manufacturing)');

    await page.getByLabel('Severity').selectOption('high');
    const high =
      expected.length -
      (await gql('{ gaps(filter: { regionId: "tx-hidalgo" }) { severity } }')).gaps.filter(
        (g: { severity: string }) => g.severity !== 'high',
      ).length;
    await expect.poll(() => gaps.locator('tbody tr').count()).toBe(high);
    await page.getByLabel('Severity').selectOption('');
    await page.getByLabel('Orphan', { exact: true }).uncheck();
    await expect.poll(() => gaps.locator('tr[data-kind="ORPHAN"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a pathway scorecard with the AQCP essential features', async () => {
    const { page, problems } = await open('/analyst');
    await page.getByRole('link', { name: 'Nurse aide to registered nurse career ladder' }).click();
    const card = page.locator('[data-testid="scorecard"]');
    await card.waitFor();
    expect(await page.textContent('h1')).toBe('Nurse aide to registered nurse career ladder');
    const rows = card.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Multiple entry points');
    expect(text).toContain('4 entry points reach this pathway');
    expect(text).toContain('4 of 10 transitions carry credit');
    expect(await card.locator('.overall').textContent()).toContain('Not yet');
    await mapReady(page);
    await page.waitForTimeout(400);
    await shot(page, 'pathway', true);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('languages and access', () => {
  it('switches to Spanish: messages, lang attribute, numbers; axe stays clean', async () => {
    const { page, problems } = await open('/navigator?region=tx-hidalgo&entry=ep-youth');
    await page.locator('.route-card').first().waitFor();
    await page.selectOption('#lang-select', 'es');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    await page.locator('.route-card').first().waitFor();
    expect(await page.textContent('h1')).toBe('Navegador de rutas');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Mapa', 'Navegador', 'Análisis']);
    expect(await page.textContent('.route-card')).toContain('Sostiene a la familia');
    expect(await page.textContent('.route-card')).toContain('meses');
    await expectAxeClean(page);
    // The choice is remembered.
    await page.goto(`${web.server.base}/analyst`);
    await page.locator('[data-testid="gaps"] table').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.textContent('h1')).toBe('Análisis de brechas');
    await expectAxeClean(page);
    await page.selectOption('#lang-select', 'en');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard: skip link, views, list buttons', async () => {
    const { page } = await open('/map?region=tx-hidalgo&view=list');
    await page.locator('[data-testid="list-view"] table').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.focus('[data-testid="list-view"] button[data-key="Program:cc-cna"]');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.textContent('[data-testid="node-panel"] h2'))
      .toBe('Nurse aide (CNA), continuing education');
    await page.close();
  });
});

describe('untrusted names', () => {
  it('render as text everywhere, never as markup', async () => {
    await loadHostileBundle(web.server.db);
    // Written behind the app's back: wait for its in-memory index to have it (the poll would, within one interval).
    await caughtUp(web.server);
    const checkNoInjectedMarkup = async (page: Page) => {
      // No <img src=x>, no <script> or <b> from the data, in the page or any shadow root.
      const found = await page.evaluate(() => {
        const roots: (Document | ShadowRoot)[] = [document];
        for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
        return roots.flatMap((r) => [...r.querySelectorAll('img, b, main script')].map((e) => e.outerHTML));
      });
      expect(found).toEqual([]);
    };

    // Map: the list view, search, the panel.
    const map = await open('/map?region=tx-hidalgo&view=list');
    await map.page.locator('[data-testid="list-view"] table').first().waitFor();
    expect(await map.page.textContent('[data-testid="list-view"] [data-key="Partner:hostile-partner"]')).toBe(HOSTILE);
    expect(await map.page.textContent('[data-testid="list-view"] [data-key="Program:hostile-program"]')).toBe(
      HOSTILE_PROGRAM,
    );
    await map.page.fill('input[type="search"]', 'onerror');
    await map.page.locator('.search-hit[data-key="Partner:hostile-partner"]').click();
    await expect.poll(() => map.page.textContent('[data-testid="node-panel"] h2')).toBe(HOSTILE);
    await expect.poll(() => map.page.textContent('[data-testid="node-panel"]')).toContain(HOSTILE_PROGRAM);
    await map.page.getByRole('button', { name: 'Map', exact: true }).click();
    await map.page.waitForTimeout(300);
    await shot(map.page, 'hostile-names');
    await checkNoInjectedMarkup(map.page);
    expect(map.dialogs).toEqual([]);
    await map.page.close();

    // Navigator: the hostile program is the quickest way to a CNA for someone with a diploma.
    const nav = await open('/navigator?region=tx-hidalgo&entry=ep-dislocated');
    await nav.page.locator('.route-card').first().waitFor();
    expect(await nav.page.locator('.route-card .step-title strong').allTextContents()).toContain(HOSTILE_PROGRAM);
    expect(await nav.page.textContent('.route-card')).toContain(HOSTILE);
    await checkNoInjectedMarkup(nav.page);
    expect(nav.dialogs).toEqual([]);
    await nav.page.close();

    // Analyst: the program has no advising, so a gap names it.
    const analyst = await open('/analyst?region=tx-hidalgo');
    await analyst.page.locator('[data-testid="gaps"] table').waitFor();
    expect(await analyst.page.locator('[data-testid="gaps"] .subject').allTextContents()).toContain(HOSTILE_PROGRAM);
    await checkNoInjectedMarkup(analyst.page);
    expect(analyst.dialogs).toEqual([]);
    await analyst.page.close();

    // The embed's SVG map and its list.
    const embed = await open('/embed?region=tx-hidalgo&view=map');
    await embed.page.locator('pathway-map svg[data-testid="embed-map"]').waitFor();
    const labels = await embed.page.evaluate(() => {
      const root = document.querySelector('pathway-map')?.shadowRoot;
      return [...(root?.querySelectorAll('.pm-node title') ?? [])].map((t) => t.textContent);
    });
    expect(labels).toContain(HOSTILE);
    expect(labels).toContain(HOSTILE_PROGRAM);
    await checkNoInjectedMarkup(embed.page);
    expect(embed.dialogs).toEqual([]);
    await embed.page.close();
  });
});
