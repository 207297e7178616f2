/**
 * The navigator's timelines (CONTRACT.md section 5) in Chromium on the 1.1 worked example
 * (graph/test/examples/rio-grande): the sample region has career ladders with years but no paid
 * apprenticeship, Rio Grande has both. A working nurse aide who must keep earning, with
 * advancement on the job, gets two routes to electrician: four years as a helper (a work step)
 * and the paid apprenticeship; the figures asserted are the example's expected answers.
 */
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

describe('the navigator with work and pay', () => {
  it('sets objective, keep earning and advancement, and draws each route as a timeline', async () => {
    const { page, problems } = await open('/navigator?region=tx-cameron');
    await page.waitForSelector('form.participant button[type="submit"]');
    await page.getByLabel('Entry point').selectOption('ep-working-cna');
    await page.getByLabel('Keep earning: months without pay, at most').selectOption('3');
    await page.getByLabel('Include advancement on the job (years of experience)').check();
    await page.click('form.participant button[type="submit"]');
    const cards = page.locator('.route-card');
    await expect.poll(() => cards.count()).toBe(2);
    expect(page.url()).toContain('keep=3');
    expect(page.url()).toContain('advance=1');

    // Route 1: pre-apprenticeship (3 unpaid months), then four years as a helper (a work step).
    const work = cards.nth(0);
    expect(await work.locator('h3').textContent()).toBe('Route 1: Electricians');
    expect(await work.locator('.step[data-kind="WORK"]').count()).toBe(1);
    expect(await work.locator('.step[data-kind="WORK"] .step-title').textContent()).toContain(
      'Work as Helpers--Electricians, then move up to Electricians',
    );
    expect(await work.locator('.step[data-kind="WORK"] [data-testid="step-pay"]').textContent()).toBe(
      'Paid as Helpers--Electricians · Earns $159,560 during the step',
    );
    expect(await work.locator('.tl-phase[data-kind="WORK"]').count()).toBe(1);
    const workCaption = (await work.locator('.timeline-caption').textContent()) ?? '';
    expect(workCaption).toContain('51 months in all: 3 months learning, 48 months working up a career ladder.');
    expect(workCaption).toContain('First paycheck at month 3; 3 months without pay');
    expect(await work.locator('[data-testid="first-paycheck"]').textContent()).toBe('First paycheck at month 3');
    expect(await work.locator('.tl-unpaid').count()).toBe(1);
    expect(await work.locator('.tl-family').count()).toBe(1);
    expect(await work.locator('.pay-facts').textContent()).toContain('$159,560');
    expect(await work.locator('.totals').first().textContent()).toContain('$206,323');

    // Route 2: the registered apprenticeship pays its training wage.
    const appr = cards.nth(1);
    expect(await appr.locator('.step[data-kind="WORK"]').count()).toBe(0);
    expect(await appr.locator('.timeline-caption').textContent()).toBe(
      '51 months in all: 51 months learning. First paycheck at month 3; 3 months without pay. Afterwards: Electricians, $62,350 a year.',
    );
    expect(await appr.locator('.tl-phase.tl-paid').count()).toBe(1);
    expect(await appr.locator('.step').nth(1).locator('[data-testid="step-pay"]').textContent()).toBe(
      'Paid while training · Earns $164,000 during the step',
    );
    // Exit points where they become reachable: month 3 (helper) and month 51 (electrician).
    expect(await appr.locator('.tl-exit').evaluateAll((els) => els.map((e) => e.getAttribute('data-month')))).toEqual([
      '3',
      '51',
    ]);
    expect(await appr.textContent()).toContain('from month 51');

    await page.evaluate(() => document.fonts.ready);
    await work.screenshot({ path: join(screenshotDir, 'route-work-step.png') });
    await appr.screenshot({ path: join(screenshotDir, 'route-paid-apprenticeship.png') });
    await expectAxeClean(page);

    // The shareable URL restores every control; the printed plan says what was asked.
    const again = await open(page.url().slice(web.server.base.length));
    await expect.poll(() => again.page.locator('.route-card').count()).toBe(2);
    expect(await again.page.getByLabel('Keep earning: months without pay, at most').inputValue()).toBe('3');
    expect(await again.page.getByLabel('Include advancement on the job (years of experience)').isChecked()).toBe(true);
    await again.page.emulateMedia({ media: 'print' });
    expect(await again.page.isVisible('form.participant')).toBe(false);
    expect(await again.page.isVisible('[data-testid="timeline-chart"]')).toBe(true);
    const plan = (await again.page.textContent('.plan-summary')) ?? '';
    expect(plan).toContain('Months without pay: at most 3');
    expect(plan).toContain('Advancement on the job included');
    await again.page.close();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ranks by income over the chosen years, in Spanish too', async () => {
    const { page, problems } = await open(
      '/navigator?region=tx-cameron&entry=ep-working-cna&objective=INCOME&years=3&lang=es',
    );
    const cards = page.locator('.route-card');
    await expect.poll(() => cards.count()).toBe(3);
    expect(await page.getByLabel('Años en que contar los ingresos (1–50)').inputValue()).toBe('3');
    // rio-grande case 5 (INCOME over 36 months): the LVN certificate first.
    expect(await cards.nth(0).locator('.totals').first().textContent()).toContain('Ingresos en 3 años, menos costos');
    expect(await cards.nth(0).locator('.step').count()).toBe(1);
    expect(await cards.nth(1).locator('.tl-phase.tl-paid').count()).toBe(1);
    // The medical assistant certificate has an evening section: learning while paid as a nurse aide.
    expect(await cards.nth(2).locator('.tl-phase[data-look="EARNING"]').count()).toBe(1);
    expect(await cards.nth(2).locator('.tl-phase.tl-paid').count()).toBe(0);
    expect(await cards.nth(2).locator('.timeline-legend').textContent()).toContain('Estudio mientras trabaja');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
