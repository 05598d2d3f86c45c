import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildConcern } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// A coordinator who is also a DSO sees both roles' pages (issue 8): the oversight list and the
// triage queue. From oversight they filter, correct a filter value they were never offered, and
// open a concern, which they may as a DSO. With JavaScript on and off: the filter is a GET form.
for (const javaScriptEnabled of [true, false]) {
  describe(`coordinator oversight (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    // axe runs inside the page, so only the JavaScript-on run can check each page.
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('shows a coordinator who is a DSO both roles’ pages, checking every page with axe', async () => {
      const concern = await buildConcern(haven.db, 'reporter@city.example', {
        person: { name: 'Hollis Neverlisted', ageGroup: 'adult' },
      });
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'coordinator-dso@city.example');
      await page.getByText('Designated Safeguarding Officer, Safeguarding Coordinator').waitFor();
      await expectAccessible(page, checked);

      const navigation = page.locator('.govuk-service-navigation, nav').first();
      assert.ok(await navigation.getByRole('link', { name: 'Triage queue' }).isVisible(), 'the DSO’s queue');
      await navigation.getByRole('link', { name: 'Oversight' }).click();
      await page.getByRole('heading', { name: 'Oversight of open concerns' }).waitFor();
      await expectAccessible(page, checked);
      assert.ok(!(await page.content()).includes('Neverlisted'), 'no names');

      await page.goto(`${haven.baseUrl}/oversight?status=lost`);
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page, checked);

      await page.getByLabel('Status').selectOption('awaiting_triage');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByRole('link', { name: concern.reference }).click();
      await page.getByRole('heading', { name: concern.reference }).waitFor();
      await expectAccessible(page, checked);

      await page.getByRole('link', { name: 'Triage queue' }).first().click();
      await page.getByRole('heading', { name: 'Triage queue' }).waitFor();
      await expectAccessible(page, checked);
      await context.close();
      if (javaScriptEnabled) assert.equal(checked.length, 5, `axe ran on ${checked.length} pages`);
    });
  });
}
