/**
 * The analyst's what-if panel (CONTRACT.md section 7) in Chromium on the 1.1 worked example
 * (graph/test/examples/rio-grande, region tx-cameron): the suggested agreements with their
 * figures, the first one (cna → p-lvn, 4 credits) opened as a scenario with its before/after
 * per entry point and the CREDIT_LOSS gap it closes, highlighted on the map; the link restores
 * it, the CSV carries it; a removal built by keyboard; Spanish; and an admin key turning the
 * additions into a real import. Expected figures are the example's (rio-grande.expected.json).
 */
import { readFileSync } from 'node:fs';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { rioGrandeBundle, rioGrandeExpected } from '@pathway/graph/test/fixtures';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebApp } from './harness.ts';

const ADMIN = 'scenario-admin-token-0123456789';
const web = useWebApp(
  async (server) => {
    const loaded = await importBundle(server.db, rioGrandeBundle(), { replace: true });
    expect(loaded.ok).toBe(true);
  },
  { API_KEYS: `analyst:admin:${ADMIN}` },
);
const { open, expectAxeClean, shot, gql } = web;

interface ExpectedEntryPoint {
  entryPointId: string;
  change: string;
  monthsSaved: number | null;
  costSaved: number | null;
}
const expected = rioGrandeExpected() as {
  whatIf: { input: Record<string, unknown>; expected: { entryPoints: ExpectedEntryPoint[] } }[];
  suggestions: { expected: { from: string; to: string; credits: number; gained: number; monthsSaved: number }[] }[];
};
const [articulation, removeCna] = expected.whatIf as [
  (typeof expected.whatIf)[number],
  (typeof expected.whatIf)[number],
];
const suggested = expected.suggestions[0]?.expected ?? [];

/** As the page shows them (en-US): months to one decimal, dollars whole. */
const months = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v);
const dollars = (v: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(v);

async function analystReady(page: Page) {
  await page.locator('[data-testid="gaps"] table').waitFor();
  await page.waitForSelector('.map-panel[data-ready="true"]', { timeout: 30_000 });
}

/** The results table's rows, as entry point → [change, months saved, cost saved]. */
async function resultRows(page: Page) {
  const rows = page.locator('[data-testid="scenario-results"] tbody tr');
  await rows.first().waitFor();
  const out: Record<string, string[]> = {};
  for (const row of await rows.all()) {
    out[(await row.getAttribute('data-entry-point')) as string] = [
      (await row.getAttribute('data-change')) as string,
      (await row.locator('[data-testid="months-saved"]').textContent()) as string,
      (await row.locator('[data-testid="cost-saved"]').textContent()) as string,
    ];
  }
  return out;
}
const expectedRows = (eps: ExpectedEntryPoint[]) =>
  Object.fromEntries(
    eps.map((e) => [
      e.entryPointId,
      [
        e.change,
        e.monthsSaved === null ? '—' : months(e.monthsSaved),
        e.costSaved === null ? '—' : dollars(e.costSaved),
      ],
    ]),
  );

describe('the scenario panel', () => {
  it('opens the first suggested agreement as a scenario, shows before and after, and the link restores it', async () => {
    const { page, problems } = await open('/analyst?region=tx-cameron');
    await analystReady(page);
    const panel = page.locator('[data-testid="scenario"]');

    await panel.getByRole('button', { name: 'Find suggested agreements' }).click();
    const rows = panel.locator('[data-testid="suggestions"] tbody tr');
    await expect.poll(() => rows.count()).toBe(suggested.length);
    for (const [i, s] of suggested.entries()) {
      const row = rows.nth(i);
      expect([await row.getAttribute('data-from'), await row.getAttribute('data-to')]).toEqual([s.from, s.to]);
      expect(await row.locator('[data-testid="gained"]').textContent()).toBe(String(s.gained));
      expect(await row.locator('[data-testid="months-saved"]').textContent()).toBe(months(s.monthsSaved));
    }
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('4');
    expect(await rows.first().locator('[data-testid="months-saved"]').textContent()).toBe('4.6');

    await rows
      .first()
      .getByRole('button', { name: /^Open as scenario/ })
      .click();
    expect(await resultRows(page)).toEqual(expectedRows(articulation.expected.entryPoints));
    // The contract's 1.1428… months and $742.86 per entry point, as people read them.
    expect((await resultRows(page))['ep-hs-grad']).toEqual(['BETTER', '1.1', '$743']);
    expect(await panel.locator('[data-testid="scenario-changes"] li').allTextContents()).toHaveLength(1);
    expect(await panel.locator('[data-testid="scenario-changes"] li span').textContent()).toContain('4 credits');
    const closed = panel.locator('[data-testid="gaps-closed"] li');
    expect(await closed.count()).toBe(1);
    expect([await closed.getAttribute('data-kind'), await closed.getAttribute('data-subject')]).toEqual([
      'CREDIT_LOSS',
      'p-lvn',
    ]);
    expect(await closed.textContent()).toMatch(/^Credit loss: /);
    expect(await panel.locator('[data-testid="gaps-opened"] li').count()).toBe(0);
    // The programs it touches are highlighted on the map (p-lvn, p-cna, p-hse, and the credential).
    await expect
      .poll(async () => Number(await page.getAttribute('.map-panel', 'data-highlighted')))
      .toBeGreaterThanOrEqual(4);

    // The scenario is in the URL, and the link shown is that URL.
    const url = new URL(page.url());
    expect(JSON.parse(url.searchParams.get('scenario') as string)).toEqual([
      { kind: 'articulation', from: 'cna', to: 'p-lvn', credits: 4 },
    ]);
    expect(await panel.getByLabel('Link to this scenario').inputValue()).toBe(page.url());

    // The whole panel beside the (sticky) map in one picture.
    await page.setViewportSize({ width: 1440, height: 2000 });
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(400);
    await shot(page, 'scenario-suggested-agreement');
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectAxeClean(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export scenario CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe(
      'record,kind,id,from,to,credits,change,beforeMonths,beforeCost,beforePrograms,afterMonths,afterCost,afterPrograms,monthsSaved,costSaved',
    );
    expect(csv).toContain('change,articulation,,cna,p-lvn,4,,,,,,,,,');
    expect(csv.filter((l) => l.startsWith('entryPoint,,'))).toHaveLength(articulation.expected.entryPoints.length);
    expect(csv.find((l) => l.startsWith('entryPoint,,ep-hs-grad,'))).toMatch(
      /,BETTER,14,8450,p-cna p-lvn,12\.8571,7707\.14,p-cna p-lvn,1\.1429,742\.86$/,
    );
    expect(csv).toContain('gapClosed,CREDIT_LOSS,p-lvn,,,,,,,,,,,,');

    // A new page from the link: the same scenario, run again on load.
    const restored = await open(url.pathname + url.search);
    await analystReady(restored.page);
    expect(await resultRows(restored.page)).toEqual(expectedRows(articulation.expected.entryPoints));
    expect(await restored.page.locator('[data-testid="gaps-closed"] li').getAttribute('data-subject')).toBe('p-lvn');
    expect([...problems, ...restored.problems]).toEqual([]);
    await restored.page.close();
    await page.close();
  });

  it('builds a removal by keyboard and answers what the contract says; Spanish stays axe-clean', async () => {
    const { page, problems } = await open('/analyst?region=tx-cameron');
    await analystReady(page);
    const panel = page.locator('[data-testid="scenario"]');
    await panel.getByLabel('Change', { exact: true }).selectOption('removeProgram');
    // The form for that kind replaces the other, and focus stays on the kind.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('changeKind');
    await panel.getByLabel('Program', { exact: true }).focus();
    await panel.getByLabel('Program', { exact: true }).selectOption('p-cna');
    // Adding without a choice names the field; then Tab to the button and Enter.
    await panel.getByLabel('Program', { exact: true }).selectOption('');
    await panel.getByRole('button', { name: 'Add to scenario' }).press('Enter');
    expect(await panel.locator('.scenario-add [role="alert"]').textContent()).toBe('Program: choose one.');
    await panel.getByLabel('Program', { exact: true }).selectOption('p-cna');
    await panel.getByLabel('Program', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('[data-testid="scenario-changes"] li').count()).toBe(1);
    await panel.getByRole('button', { name: 'Run the what-if' }).press('Enter');
    expect(await resultRows(page)).toEqual(expectedRows(removeCna.expected.entryPoints));
    expect((await resultRows(page))['ep-hs-grad']).toEqual(['WORSE', '-6', '$650']);
    expect(await panel.locator('[data-testid="gaps-closed"] li').count()).toBe(2);
    // Removals cannot be imported yet: the panel says so.
    await panel.locator('.scenario-import summary').click();
    expect(await panel.locator('.scenario-import').textContent()).toContain('Removals are not imported');
    expect(await panel.getByRole('button', { name: 'Import the additions' }).isDisabled()).toBe(true);
    await expectAxeClean(page);

    await page.selectOption('#lang-select', 'es');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    const es = page.locator('[data-testid="scenario"]');
    await es.locator('[data-testid="scenario-results"] tbody tr').first().waitFor();
    expect(await es.locator('h2').first().textContent()).toBe('Escenario hipotético');
    expect(await es.locator('tr[data-entry-point="ep-hs-grad"] .change').textContent()).toBe('Peor');
    await expectAxeClean(page);
    await page.selectOption('#lang-select', 'en');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('imports the additions for real with an admin key, through POST /api/bundles', async () => {
    const { page, problems } = await open(
      `/analyst?region=tx-cameron&scenario=${encodeURIComponent(JSON.stringify([{ kind: 'articulation', from: 'cna', to: 'p-lvn', credits: 4 }]))}`,
    );
    await analystReady(page);
    const panel = page.locator('[data-testid="scenario"]');
    await panel.locator('[data-testid="scenario-results"] tbody tr').first().waitFor();
    await panel.locator('.scenario-import summary').click();
    const importButton = panel.getByRole('button', { name: 'Import the additions' });
    await importButton.click();
    expect(await panel.locator('[data-testid="import-status"]').textContent()).toBe('Enter a write key first.');
    await panel.getByLabel('Write key').fill('not-the-key-at-all-000000');
    await importButton.click();
    await expect.poll(() => panel.locator('[data-testid="import-status"] [role="alert"]').count()).toBe(1);
    const before = await gql(
      '{ node(id: "cna", kind: Credential) { ... on Credential { articulatesTo { program { id } credits } } } }',
    );
    expect(before.node.articulatesTo).toEqual([]);

    await panel.getByLabel('Write key').fill(ADMIN);
    await importButton.click();
    await expect
      .poll(() => panel.locator('[data-testid="import-status"]').textContent(), { timeout: 60_000 })
      .toMatch(/^Imported: graph version \d+, 1 records created, 0 updated\.$/);
    const after = await gql(
      '{ node(id: "cna", kind: Credential) { ... on Credential { articulatesTo { program { id } credits } } } }',
    );
    expect(after.node.articulatesTo).toEqual([{ program: { id: 'p-lvn' }, credits: 4 }]);
    // The write log records it under the key's name.
    const writes = await web.server.app.inject({
      method: 'GET',
      url: '/api/writes',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(JSON.stringify(writes.json())).toContain('analyst');
    // The key is never put in the URL.
    expect(page.url()).not.toContain(ADMIN);
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await page.close();
  });
});
