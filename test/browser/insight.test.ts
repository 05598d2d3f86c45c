import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildConcern } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible,
  expectAccessibleWithoutJavaScript,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// Insight (issue 9) as the coordinator and a senior leader use it: from the home page to the
// report, another period, the public version, a period refused, and a download; charts are SVG
// drawn on the server, so every page works without JavaScript. axe checks every page in both
// runs: without JavaScript, the page as the browser built it is copied into a second page
// (scripts taken out) where axe can run.
for (const javaScriptEnabled of [true, false]) {
  describe(`insight reports (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    let axePage: Page;
    const checked: string[] = [];
    const check = (page: Page) =>
      javaScriptEnabled ? expectAccessible(page, checked) : expectAccessibleWithoutJavaScript(page, axePage, checked);

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
      axePage = await (await browser.newContext()).newPage();
      for (const [name, headcount] of [
        ['Housing Services', 120],
        ['Community Services', 60],
      ] as const) {
        await haven.db.updateTable('service_areas').set({ headcount }).where('name', '=', name).execute();
      }
      const areas = await haven.db
        .selectFrom('service_areas')
        .select(['id', 'name'])
        .where('name', 'in', ['Housing Services', 'Community Services'])
        .execute();
      for (let i = 0; i < 7; i += 1) {
        await buildConcern(haven.db, 'reporter@city.example', {
          serviceAreaId: areas[i % 2]!.id,
          person: { name: 'Harley Notinreports', ageGroup: i % 3 === 0 ? 'child' : 'adult' },
        });
      }
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('takes the coordinator from home to any period’s report, the public version and a download', async () => {
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await page.getByRole('link', { name: 'See the safeguarding picture for any month, quarter or year' }).click();
      await page.getByRole('heading', { level: 1, name: /Financial year/ }).waitFor();
      assert.match(await page.locator('.govuk-body-l').innerText(), /Concerns received: 7/);
      assert.ok(await page.getByRole('img', { name: /Chart: concerns received each month/ }).isVisible());
      assert.ok(await page.getByRole('img', { name: /Funnel plot/ }).isVisible());
      assert.ok(!(await page.content()).includes('Notinreports'), 'no names');
      await check(page);

      const year = new Date().getFullYear();
      await page.getByLabel('A calendar year').check();
      await page.locator('#calendarYear').selectOption(String(year));
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByRole('heading', { level: 1, name: String(year) }).waitFor();
      await check(page);

      await page.getByLabel('Public version: hide counts of 1 to 4').check();
      await page.getByRole('button', { name: 'Show report' }).click();
      await page
        .getByText('Public version: counts of 1 to 4 are shown as “fewer than 5”', { exact: false })
        .first()
        .waitFor();
      await check(page);

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'CSV of concerns by service area' }).click();
      const csv = await (await download).path();
      const { readFileSync } = await import('node:fs');
      assert.match(readFileSync(csv, 'utf8'), /Housing Services,(fewer than 5|withheld)/);

      await page.getByLabel('Dates of your own').check();
      for (const [field, value] of Object.entries({
        'from-day': '1',
        'from-month': '3',
        'from-year': '2025',
        'to-day': '28',
        'to-month': '2',
        'to-year': '2025',
      })) {
        await page.locator(`#${field}`).fill(value);
      }
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(
        await page.locator('.govuk-error-summary').innerText(),
        /The end date must be the same as or after the start date/,
      );
      assert.equal(await page.locator('#to-day').inputValue(), '28', 'what was typed is kept');
      await check(page);
      await context.close();
    });

    it('gives a senior leader the public version only', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInAs(page, haven.baseUrl, 'leader@city.example');
      await page.getByRole('link', { name: /See the safeguarding picture/ }).click();
      await page.getByRole('heading', { level: 1, name: /Financial year/ }).waitFor();
      assert.match(await page.content(), /As a senior leader you see aggregates only/);
      assert.equal(await page.getByLabel('Full figures, for the safeguarding team').count(), 0);
      await check(page);
      await context.close();
      assert.equal(checked.length, 5, `axe ran on ${checked.length} pages`);
    });
  });
}
