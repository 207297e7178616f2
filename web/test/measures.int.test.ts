/**
 * Section 6 in the browser against the real API and Neo4j holding the sample region: the map
 * coloured by an indicator (legend, "no data") with transitions drawn, the analyst's outcomes
 * table (sorting, CSV) and outcome floors, the pathway's pooled figures and funnel; English and
 * Spanish, axe clean. Screenshots go to test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleBundle, useWebApp } from './harness.ts';

const web = useWebApp();
const { open, expectAxeClean, shot, gql } = web;

const bundle = sampleBundle() as {
  outcomes: { programId: string; enrolled?: number; completed?: number; employedQ2?: number }[];
  transitions: { fromProgramId: string; toProgramId: string; completers: number; continued: number }[];
  pathways: { id: string; programIds: string[] }[];
};

describe('measures on the map', () => {
  it('colours programs by an indicator, with a legend and "no data", and draws transitions', async () => {
    const map = (
      await gql('{ map(filter: { regionId: "tx-hidalgo" }) { nodes { id kind } edges { kind source target rate } } }')
    ).map;
    const transitions = map.edges.filter((e: { kind: string }) => e.kind === 'TRANSITION');
    expect(transitions).toHaveLength(bundle.transitions.length);
    const [first] = bundle.transitions;
    expect(transitions[0]).toMatchObject({ source: first?.fromProgramId, target: first?.toProgramId });
    expect(transitions[0].rate).toBe((first?.continued ?? 0) / (first?.completers ?? 1));

    const { page, problems } = await open('/map?region=tx-hidalgo&colour=employmentRateQ2');
    await page.waitForSelector('.map-panel[data-ready="true"]', { timeout: 30_000 });
    const legend = page.locator('[data-testid="indicator-legend"]');
    await expect.poll(() => legend.textContent()).toContain('Programs by Employed, 2nd quarter after exit');
    expect(await legend.textContent()).toContain('No data');
    expect(await legend.textContent()).toContain('0%');
    expect(await legend.textContent()).toContain('100%');
    expect(await page.inputValue('[data-testid="colour-by"]')).toBe('employmentRateQ2');
    expect(await page.textContent('.legend')).toContain('Completers continue to');
    await shot(page, 'measures-map-employment');
    await page.selectOption('[data-testid="colour-by"]', 'completionRate');
    await expect.poll(() => legend.textContent()).toContain('Programs by Completion rate');
    expect(page.url()).toContain('colour=completionRate');
    await shot(page, 'measures-map-completion');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the node panel gives a program its indicators and where its completers went', async () => {
    const { page, problems } = await open('/map?region=tx-hidalgo&node=Program%3Acc-cna');
    const panel = page.locator('[data-testid="node-panel"]');
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('Indicators of the 2023 cohort');
    const row = bundle.outcomes.find((o) => o.programId === 'cc-cna');
    const rate = Math.round((1000 * (row?.completed ?? 0)) / (row?.enrolled ?? 1)) / 10;
    expect(await panel.locator('[data-testid="panel-indicators"]').textContent()).toContain(`${rate}%`);
    const [tr] = bundle.transitions;
    expect(await panel.textContent()).toContain(`${tr?.continued} of ${tr?.completers}`);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the analyst view', () => {
  it('lists each program’s outcomes, sorts them, exports CSV and sets the floors', async () => {
    const { page, problems } = await open('/analyst?region=tx-hidalgo');
    const table = page.locator('[data-testid="outcomes"] table');
    await table.waitFor({ timeout: 30_000 });
    const withRows = new Set(bundle.outcomes.map((o) => o.programId));
    const rows = table.locator('tbody tr');
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-program')));
    for (const id of withRows) expect(ids).toContain(id);

    // Sort by completion rate: highest first, programs without the figure last.
    await table.locator('th[data-column="completionRate"] button').click();
    await expect
      .poll(() => table.locator('th[data-column="completionRate"]').getAttribute('aria-sort'))
      .toBe('descending');
    const rate = (o: (typeof bundle.outcomes)[number]) => (o.completed ?? 0) / (o.enrolled ?? 1);
    const best = [...bundle.outcomes].sort((a, b) => rate(b) - rate(a))[0];
    expect(await rows.first().getAttribute('data-program')).toBe(best?.programId);
    await table.locator('th[data-column="completionRate"] button').click();
    await expect
      .poll(() => table.locator('th[data-column="completionRate"]').getAttribute('aria-sort'))
      .toBe('ascending');
    const worst = [...bundle.outcomes].sort((a, b) => rate(a) - rate(b))[0];
    expect(await rows.first().getAttribute('data-program')).toBe(worst?.programId);
    await shot(page, 'measures-analyst-outcomes', true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-outcomes"]'),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe(
      'programId,program,providerId,provider,cohortYear,completionRate,employmentRateQ2,employmentRateQ4,medianEarningsQ2,credentialAttainmentRate,measurableSkillGainsRate,retentionRate,source',
    );
    expect(csv).toHaveLength(ids.length + 1);
    expect(csv[1]?.startsWith(`${worst?.programId},`)).toBe(true);

    // The new gap kinds are listed; a lower transition floor closes the leaky transition.
    const gaps = page.locator('[data-testid="gaps"]');
    await expect.poll(() => gaps.locator('tr[data-kind="LEAKY_TRANSITION"]').count()).toBe(1);
    expect(await gaps.locator('tr[data-kind="LOW_OUTCOME"]').count()).toBe(1);
    await page.fill('[data-floor="transitionRate"]', '10');
    await page.dispatchEvent('[data-floor="transitionRate"]', 'change');
    await expect.poll(() => gaps.locator('tr[data-kind="LEAKY_TRANSITION"]').count()).toBe(0);
    expect(page.url()).toContain('floor.transitionRate=0.1');
    await page.fill('[data-floor="employmentRateQ2"]', '300');
    await page.dispatchEvent('[data-floor="employmentRateQ2"]', 'change');
    await expect
      .poll(() => page.locator('[data-testid="floors"] [role="alert"]').textContent())
      .toContain('from 0 to 100');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the pathway page', () => {
  it('shows pooled indicators with what they counted and the funnel, in English and Spanish', async () => {
    const pathway = bundle.pathways.find((w) => w.id === 'pw-nursing-ladder') as { id: string; programIds: string[] };
    const { page, problems } = await open(`/pathway/${pathway.id}?region=tx-hidalgo`);
    const pooled = page.locator('[data-testid="pooled"]');
    await pooled.waitFor({ timeout: 30_000 });
    const counted = pathway.programIds.filter((id) => bundle.outcomes.some((o) => o.programId === id)).length;
    expect(await pooled.textContent()).toContain(`counted ${counted} of ${pathway.programIds.length} programs`);
    const funnel = page.locator('[data-testid="funnel"]');
    const rows = bundle.outcomes.filter((o) => pathway.programIds.includes(o.programId));
    const enrolled = rows.reduce((s, o) => s + (o.enrolled ?? 0), 0);
    const completed = rows.reduce((s, o) => s + (o.completed ?? 0), 0);
    const employed = rows.reduce((s, o) => s + (o.employedQ2 ?? 0), 0);
    const continued = bundle.transitions
      .filter((tr) => pathway.programIds.includes(tr.fromProgramId) && pathway.programIds.includes(tr.toProgramId))
      .reduce((s, tr) => s + tr.continued, 0);
    const cells = await funnel.locator('tbody tr td:last-child').allTextContents();
    expect(cells.map((c) => Number(c.replaceAll(',', '')))).toEqual([enrolled, completed, continued, employed]);
    await funnel.scrollIntoViewIfNeeded();
    await shot(page, 'measures-pathway-funnel', true);
    await expectAxeClean(page);

    await page.selectOption('#lang-select', 'es');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    await page.locator('[data-testid="pooled"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="pooled"]').textContent())
      .toContain(`contados ${counted} de ${pathway.programIds.length} programas`);
    expect(await page.locator('[data-testid="funnel"]').textContent()).toContain('Inscritos');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
