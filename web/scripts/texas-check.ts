/**
 * npx tsx web/scripts/texas-check.ts [--base URL] [--region ID] [--entry ID] [--out DIR]
 *
 * The map and the navigator on a real statewide graph, in Debian's headless Chromium: after
 * `npm run demo:texas` and `npm start` (or any service holding that graph), it opens the map for
 * Hidalgo County (`tx-48215`) and the navigator for a high-school graduate there, checks what
 * they show against the API's own answers (the map's node and connection counts; the route
 * cards' destinations, programs and costs), runs axe on both, and saves texas-map.png and
 * texas-navigator.png. Exit 1 with the reasons when something is wrong. Too slow for `npm test`
 * (the graph alone takes a minute to build), so it is a script.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { axe, describeViolations, launchBrowser, watch } from '../test/browser.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:3000' },
    region: { type: 'string', default: 'tx-48215' },
    entry: { type: 'string', default: 'tx-wda-23-ep-hs-graduate' },
    out: { type: 'string', default: resolve(import.meta.dirname, '../../test-results/screenshots') },
  },
  strict: true,
});
const { base, region, entry, out } = values as Record<'base' | 'region' | 'entry' | 'out', string>;
mkdirSync(out, { recursive: true });

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  process.stderr.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures.push(what);
};

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(`GraphQL: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data;
}

interface ApiRoute {
  rank: number;
  totalMonths: number;
  totalCost: number;
  destination: { title: string } | null;
  steps: { program: { name: string } | null; cost: number }[];
}
const { map } = await gql<{ map: { nodes: unknown[]; edges: unknown[] } }>(
  'query($r: ID) { map(filter: { regionId: $r }) { nodes { id } edges { id } } }',
  { r: region },
);
const { routes } = await gql<{ routes: { routes: ApiRoute[] } }>(
  `query($input: RouteInput!) { routes(input: $input) { routes { rank totalMonths totalCost destination { title }
    steps { program { name } cost } } } }`,
  { input: { regionId: region, entryPointId: entry, limit: 3 } },
);
process.stderr.write(
  `${base}: map of ${region} ${map.nodes.length} nodes, ${map.edges.length} edges; ${routes.routes.length} routes from ${entry}\n`,
);
check(routes.routes.length > 0, `the API answers routes from ${entry} in ${region}`);
check(
  routes.routes.every(
    (r) => r.steps.some((s) => s.program) && r.totalCost === r.steps.reduce((sum, s) => sum + s.cost, 0),
  ),
  'every route has a program and its cost is the sum of its steps',
);

const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const { problems } = watch(page);
  const en = (n: number) => n.toLocaleString('en-US');

  let started = Date.now();
  await page.goto(`${base}/map?region=${encodeURIComponent(region)}`);
  await page.waitForSelector('.map-panel[data-ready="true"]', { timeout: 120_000 });
  process.stderr.write(`map drawn in ${Date.now() - started} ms\n`);
  check(
    (await page.textContent('.map-status')) === `${en(map.nodes.length)} nodes, ${en(map.edges.length)} connections`,
    'the map shows every node and connection of the region',
  );
  const mapViolations = await axe(page);
  check(mapViolations.length === 0, `the map is axe-clean ${describeViolations(mapViolations)}`);
  await page.screenshot({ path: join(out, 'texas-map.png') });

  started = Date.now();
  await page.goto(`${base}/navigator?region=${encodeURIComponent(region)}`);
  const entrySelect = page.getByLabel('Entry point', { exact: true });
  await entrySelect.waitFor({ timeout: 60_000 });
  const offered = await entrySelect.locator('option').count();
  check(offered > 1 && offered <= 10, `the entry point list offers the region's own entry points (${offered - 1})`);
  await entrySelect.selectOption(entry);
  await page.click('form.participant button[type="submit"]');
  await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
  await page.waitForSelector('.map-panel[data-ready="true"]', { timeout: 120_000 });
  process.stderr.write(`navigator answered and drawn in ${Date.now() - started} ms\n`);
  const cards = page.locator('.route-card');
  check((await cards.count()) === routes.routes.length, 'one card per route');
  for (const [i, route] of routes.routes.entries()) {
    const card = cards.nth(i);
    const text = (await card.textContent()) ?? '';
    const title = (await card.locator('h3').textContent()) ?? '';
    const cost = `$${en(route.totalCost)}`;
    const programs = route.steps.flatMap((s) => (s.program ? [s.program.name] : []));
    check(
      title === `Route ${route.rank}: ${route.destination?.title}` &&
        text.includes(cost) &&
        programs.every((p) => text.includes(p)),
      `route card ${route.rank}: ${route.destination?.title}, ${cost}, ${programs.join(' → ')}`,
    );
    const months =
      (await card
        .locator('dt', { hasText: /^Months$/ })
        .locator('xpath=../dd')
        .textContent()) ?? '';
    check(
      route.totalMonths === 0 || Number(months) > 0,
      `card ${route.rank} shows ${route.totalMonths} months as ${months}, not 0`,
    );
  }
  check(page.url().includes(`entry=${entry}`), 'the URL keeps the query');
  const navViolations = await axe(page);
  check(navViolations.length === 0, `the navigator is axe-clean ${describeViolations(navViolations)}`);
  await page.screenshot({ path: join(out, 'texas-navigator.png'), fullPage: true });
  check(problems.length === 0, `no console errors ${problems.join('; ')}`);
} finally {
  await browser.close();
}
process.stderr.write(
  failures.length ? `\n${failures.length} check(s) failed\n` : `\nall checks passed; screenshots in ${out}\n`,
);
process.exit(failures.length ? 1 : 0);
