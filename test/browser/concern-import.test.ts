import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type RunningHaven,
  expectAccessible,
  expectAccessibleWithoutJavaScript,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// Bringing history in (issue 9): the coordinator uploads the previous system's export (UK
// dates, several categories in one cell, a department and a category Haven does not know),
// first with the wrong separator, fixes it, maps the unknown names, checks the problem rows and
// confirms; the report for that year then counts the imported concerns. axe checks every page,
// with JavaScript on and off (off: the page as built, copied without scripts, as insight's test).
const exportFile = [
  'Case Ref,Date Logged,Department,Concern Type,Summary,Date Closed',
  'PREV-1,03/02/2023 09:15,Housing Services,Domestic abuse|Mental ill health,Rent arrears,10/02/2023 12:00',
  'PREV-2,15/07/2023 14:05,Housing Dept,Neglect and acts of omission,"=HYPERLINK(""http://evil.example"")",',
  'PREV-3,31/02/2023 10:00,Housing Services,Domestic abuse,,',
  'PREV-4,20/08/2023 16:00,Housing Dept,Domestic abuse|Old Category,,',
].join('\r\n');

for (const javaScriptEnabled of [true, false]) {
  describe(`importing concern history (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    let axePage: Page;
    const checked: string[] = [];
    const check = async (page: Page) => {
      if (javaScriptEnabled) return expectAccessible(page, checked);
      // In the copy, govuk-frontend's button styles do not always reach the form's buttons (an
      // artefact of copying: the real page's buttons are 38px tall), so axe's target-size rule is
      // judged on the real page instead: every button at least 24px high and wide, once the
      // stylesheet has arrived (before it, a button has the browser's own smaller size).
      await page.waitForLoadState('load');
      for (const button of await page.locator('#main-content .govuk-button').all()) {
        const box = await button.boundingBox();
        assert.ok(box && box.height >= 24 && box.width >= 24, `a button under 24px on ${new URL(page.url()).pathname}`);
      }
      await expectAccessibleWithoutJavaScript(page, axePage, checked, { disableRules: ['target-size'] });
    };

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
      axePage = await (await browser.newContext()).newPage();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('uploads, fixes the separator, maps unknown names, sees every problem row, confirms, and the report counts them', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      const report = `${haven.baseUrl}/insight?period=calendar-year&calendarYear=2023`;
      await page.goto(report);
      assert.match(await page.locator('.govuk-body-l').innerText(), /Concerns received: 0/);

      await page.goto(`${haven.baseUrl}/insight/import`);
      await page.getByRole('heading', { level: 1, name: 'Import concern history' }).waitFor();
      await check(page);
      // Nothing chosen: refused beside the field.
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select a CSV file/);
      await check(page);
      await page.getByLabel('CSV file').setInputFiles({
        name: 'previous-system.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(exportFile, 'utf8'),
      });
      await page.getByRole('button', { name: 'Upload' }).click();

      await page.getByRole('heading', { level: 1, name: 'Which column holds what' }).waitFor();
      await check(page);
      // Haven guessed the columns from their names.
      assert.equal(await page.getByLabel('Reference in the previous system').inputValue(), '0');
      assert.equal(await page.getByLabel('Service area or department').inputValue(), '2');
      assert.ok(await page.getByLabel(/UK day first with time/).isChecked());
      await page.getByRole('button', { name: 'Continue' }).click();

      // The default separator (;) leaves the two-category cells as unknown names: go back and fix it.
      await page.getByRole('heading', { level: 1, name: 'What the file’s names are in Haven' }).waitFor();
      assert.ok(await page.getByLabel('“Domestic abuse|Mental ill health” in the file').isVisible());
      await check(page);
      await page.getByRole('link', { name: 'Back' }).click();
      await page.getByRole('heading', { level: 1, name: 'Which column holds what' }).waitFor();
      await page.getByLabel('What separates several categories in one cell').fill('|');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { level: 1, name: 'What the file’s names are in Haven' }).waitFor();
      assert.equal(await page.getByLabel('“Domestic abuse|Mental ill health” in the file').count(), 0);
      // One left unanswered is refused beside it.
      await page.getByLabel('“Housing Dept” in the file').selectOption('Housing Services');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose what “Old Category” is in Haven/);
      await check(page);
      await page.getByLabel('“Housing Dept” in the file').selectOption('Housing Services');
      await page.getByLabel('“Old Category” in the file').selectOption('ignore');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { level: 1, name: 'Check the import' }).waitFor();
      await check(page);
      const body = await page.locator('#main-content').innerText();
      assert.match(body, /3 to import, 0 already in Haven, 1 with problems/);
      assert.match(body, /4\s+Date and time it arrived is not a real date written as dd\/mm\/yyyy hh:mm/);
      await page.getByLabel('Save this mapping as').fill('Previous system export');
      await page.getByRole('button', { name: 'Import 3 concerns' }).click();

      await page.getByRole('heading', { level: 1, name: 'Import concern history' }).waitFor();
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /3 concerns imported/);
      await check(page);
      await page.goto(report);
      assert.match(await page.locator('.govuk-body-l').innerText(), /Concerns received: 3/);
      await check(page);
      await context.close();
    });
  });
}
