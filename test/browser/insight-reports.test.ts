import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// Insight's printable reports (issue 9): the monthly statement, the quarterly themes, three years
// compared, the trend flags and councils compared, reached from the Insight page; a parameter
// refused; a whole statement downloaded; the referral outcome's class in settings. axe checks
// every page with JavaScript on and off (without JavaScript the page is copied, scripts out, as
// in insight.test.ts).
for (const javaScriptEnabled of [true, false]) {
  describe(`insight printable reports (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
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
      await haven.db
        .updateTable('service_areas')
        .set({ headcount: 120 })
        .where('name', '=', 'Housing Services')
        .execute();
      for (let i = 0; i < 6; i += 1) {
        await buildConcern(haven.db, 'reporter@city.example', {
          person: { name: 'Harley Notinreports', ageGroup: 'adult' },
        });
      }
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('takes the coordinator to each printable report, refuses a bad parameter and downloads a statement', async () => {
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      const now = new Date();
      const month = String(now.getMonth() + 1);
      const year = String(now.getFullYear());

      await page.goto(`${haven.baseUrl}/insight`);
      await page.getByRole('link', { name: 'Monthly statement for the Corporate Management Team' }).click();
      await page.getByRole('heading', { level: 1, name: /Safeguarding statement for/ }).waitFor();
      await page.locator('#month').selectOption(month);
      await page.locator('#monthYear').selectOption(year);
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByText(/saw 6 concerns recorded/).waitFor();
      assert.ok(!(await page.content()).includes('Notinreports'), 'no names');
      assert.ok(
        await page
          .getByRole('img', { name: /Chart: concerns received each month/ })
          .first()
          .isVisible(),
      );
      await check(page);

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download every table (Excel)' }).click();
      const workbook = readFileSync(await (await download).path());
      assert.equal(workbook.subarray(0, 2).toString(), 'PK', 'an Excel workbook');

      await page.getByLabel('Public version: round every count to the nearest 5').check();
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByText(/saw 5 concerns recorded/).waitFor();
      await check(page);

      for (const [link, heading] of [
        ['Quarterly themes and trends for the staff newsletter', /Safeguarding themes and trends/],
        ['Three years compared', /Three years compared/],
        ['Trend flags', /Trend flags/],
        ['Councils compared', /Councils compared/],
      ] as const) {
        await page.goto(`${haven.baseUrl}/insight`);
        await page.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await check(page);
      }

      await page.goto(`${haven.baseUrl}/insight/three-years?period=calendar-year&calendarYear=1066`);
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select a year from the list/);
      await check(page);
      await context.close();
    });

    it('lets the coordinator class a referral outcome for the outcomes report', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await page.goto(`${haven.baseUrl}/settings/referral-outcomes`);
      await page
        .getByRole('link', { name: /Person declined support/ })
        .first()
        .click();
      await page.getByLabel('Engaged, with a negative outcome').check();
      // As organisation-settings.test.ts does, the settings form is checked with JavaScript on:
      // copied without it, axe measures its Save button against a layout the browser never shows.
      if (javaScriptEnabled) await check(page);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Engaged, with a negative outcome').first().waitFor();
      await context.close();
    });

    it('gives a senior leader the statement in a public version only', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await signInAs(page, haven.baseUrl, 'leader@city.example');
      await page.goto(`${haven.baseUrl}/insight/monthly-statement`);
      await page.getByRole('heading', { level: 1, name: /Safeguarding statement for/ }).waitFor();
      assert.match(await page.content(), /As a senior leader you see aggregates only/);
      assert.equal(await page.getByLabel('Full figures, for the safeguarding team').count(), 0);
      await check(page);
      await context.close();
      assert.equal(checked.length, javaScriptEnabled ? 9 : 8, `axe ran on ${checked.length} pages`);
    });
  });
}
