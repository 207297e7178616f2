/**
 * The map at scale in Chromium, on the sample region: the navigator's typeaheads (credentials
 * held, target occupation) by keyboard, in English and Spanish, axe-clean with the list open,
 * and what they pick going into the search and the URL; the map's overview level and its
 * drill-down, by keyboard on the canvas and by the list of groups.
 */
import { describe, expect, it } from 'vitest';
import { useWebApp } from './harness.ts';

const web = useWebApp();
const { open, expectAxeClean, shot } = web;

describe('typeahead in the navigator', () => {
  it('finds credentials and an occupation by keyboard, searches with them and restores them from the URL', async () => {
    const { page, problems } = await open('/navigator?region=tx-hidalgo');
    await page.waitForSelector('form.participant button[type="submit"]');
    // No list of every credential any more.
    expect(await page.locator('form.participant input[type="checkbox"][value^="cred-"]').count()).toBe(0);
    await page.getByText('Credentials already held', { exact: true }).first().click();
    const held = page.getByRole('combobox', { name: 'Credentials already held' });
    await held.fill('nurse');
    const list = page.locator(`#${await held.getAttribute('aria-controls')}`);
    await expect.poll(() => held.getAttribute('aria-expanded')).toBe('true');
    const options = list.getByRole('option');
    expect(await options.count()).toBeGreaterThan(1);
    expect(await options.allTextContents()).toContain('Texas nurse aide certification (CNA)');
    await expectAxeClean(page);

    // Down moves the active option (aria-activedescendant), Up moves back, Enter picks.
    await held.press('ArrowDown');
    await held.press('ArrowDown');
    const second = await options.nth(1).getAttribute('id');
    expect(await held.getAttribute('aria-activedescendant')).toBe(second);
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await held.press('ArrowUp');
    expect(await held.getAttribute('aria-activedescendant')).toBe(await options.nth(0).getAttribute('id'));
    const firstId = await options.nth(0).getAttribute('data-id');
    await held.press('Enter');
    expect(await held.getAttribute('aria-expanded')).toBe('false');
    expect(await held.inputValue()).toBe('');
    await expect.poll(() => page.locator(`.chip[data-id="${firstId}"]`).count()).toBe(1);

    // Escape closes an open list, and a second Escape clears the text.
    await held.fill('welding');
    await expect.poll(() => held.getAttribute('aria-expanded')).toBe('true');
    await held.press('Escape');
    expect(await held.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isHidden()).toBe(true);
    await held.press('Escape');
    expect(await held.inputValue()).toBe('');

    // A text that matches nothing says so.
    await held.fill('zzzz');
    await expect.poll(() => list.textContent()).toBe('No matches');
    await held.press('Escape');

    const target = page.getByRole('combobox', { name: 'Target occupation' });
    await target.fill('licensed voc');
    await expect.poll(() => target.getAttribute('aria-expanded')).toBe('true');
    await target.press('ArrowDown');
    await target.press('Enter');
    expect(await target.inputValue()).toBe('Licensed Practical and Licensed Vocational Nurses');

    await page.click('form.participant button[type="submit"]');
    await expect.poll(() => page.url()).toContain('occupation=29-2061.00');
    expect(page.url()).toContain(`held=${firstId}`);
    await page.locator('[data-testid="routes"] :is(.route-card, p:not(.print-only):not(.loading))').first().waitFor();

    // The same URL again: the picks come back with their names.
    const again = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    await again.page.waitForSelector('form.participant button[type="submit"]');
    expect(await again.page.getByRole('combobox', { name: 'Target occupation' }).inputValue()).toBe(
      'Licensed Practical and Licensed Vocational Nurses',
    );
    expect(await again.page.locator(`.chip[data-id="${firstId}"]`).textContent()).toContain('nurse');
    expect(problems).toEqual([]);
    expect(again.problems).toEqual([]);
    await again.page.close();
    await page.close();
  });

  it('speaks Spanish and stays axe-clean with the list open', async () => {
    const { page, problems } = await open('/navigator?region=tx-hidalgo');
    await page.waitForSelector('form.participant button[type="submit"]');
    await page.selectOption('#lang-select', 'es');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    const target = page.getByRole('combobox', { name: 'Ocupación deseada' });
    await target.waitFor();
    await target.fill('enfer');
    // "enfer" begins no English name: the answer says so in Spanish.
    const list = page.locator(`#${await target.getAttribute('aria-controls')}`);
    await expect.poll(() => list.textContent()).toBe('Sin coincidencias');
    await target.fill('nurs');
    await expect.poll(() => list.getByRole('option').count()).toBeGreaterThan(0);
    expect(await page.locator('.typeahead [role="status"]').last().textContent()).toMatch(/sugerencias$/);
    await expectAxeClean(page);
    await page.selectOption('#lang-select', 'en');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the map overview', () => {
  it('draws a region as sector × area groups and drills into one, by keyboard and by list', async () => {
    const { page, problems } = await open('/map?region=tx&view=overview');
    const panel = page.locator('.overview-panel');
    await expect.poll(() => panel.getAttribute('data-ready')).toBe('true');
    expect(await page.getByRole('button', { name: 'Overview' }).getAttribute('aria-pressed')).toBe('true');
    const expected = await web.gql('{ mapOverview(regionId: "tx") { total groups { id count } } }');
    expect(await page.locator('.overview-panel .map-status').textContent()).toBe(
      `Overview: ${expected.mapOverview.groups.length} groups`,
    );
    await page.waitForTimeout(400);
    await shot(page, 'map-overview', true);
    await expectAxeClean(page);

    // Keyboard on the canvas: ] moves to a group, Enter drills into it.
    await page.getByTestId('overview-canvas').focus();
    await page.keyboard.press(']');
    await page.keyboard.press('Enter');
    const members = page.getByTestId('group-members');
    await members.waitFor();
    const groupId = (await members.getAttribute('data-group')) as string;
    const count = expected.mapOverview.groups.find((g: { id: string }) => g.id === groupId).count;
    await expect.poll(() => members.locator('li').count()).toBe(Math.min(count, 50));

    // The list of groups: the biggest, then one of its members opens in the node panel.
    const biggest = [...expected.mapOverview.groups].sort((a, b) => b.count - a.count)[0];
    await page.locator('.overview-groups summary').click();
    await page.locator(`.overview-groups button[data-group="${biggest.id}"]`).click();
    await expect.poll(() => members.getAttribute('data-group')).toBe(biggest.id);
    await expect.poll(() => members.locator('li').count()).toBe(Math.min(biggest.count, 50));
    const first = members.locator('button.search-hit').first();
    const key = (await first.getAttribute('data-key')) as string;
    await first.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('node')).toBe(key);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
