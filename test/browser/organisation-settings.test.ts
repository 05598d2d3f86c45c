import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildDraft } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  openSignedIn,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// The coordinator keeps the organisation's settings (issue 8, "Done when"): they add a closure
// day and retire a category, see both on the administration history page, and the recording
// journey no longer offers the retired category. With JavaScript on and off: every form posts.
for (const javaScriptEnabled of [true, false]) {
  describe(`organisation settings (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
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

    it('adds a closure day, retires a category, and sees both in the history', async () => {
      const year = String(new Date().getFullYear() + 1);
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await expectAccessible(page, checked);

      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Organisation settings' }).waitFor();
      await expectAccessible(page, checked);

      await page.getByRole('link', { name: 'Closure days' }).click();
      await page.getByRole('heading', { name: 'Closure days', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      // A date that is not real: the error, the values kept, nothing added.
      await page.getByLabel('Day').fill('30');
      await page.getByLabel('Month').fill('2');
      await page.getByLabel('Year').fill(year);
      await page.getByLabel('Reason').fill('Christmas closure');
      await page.getByRole('button', { name: 'Add the closure day' }).click();
      await page.locator('.govuk-error-summary').getByText('The date must be a real date').waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.getByLabel('Reason').inputValue(), 'Christmas closure');
      await page.getByLabel('Day').fill('24');
      await page.getByLabel('Month').fill('12');
      await page.getByRole('button', { name: 'Add the closure day' }).click();
      await page.getByRole('cell', { name: `24 December ${year}`, exact: true }).waitFor();
      await expectAccessible(page, checked);

      await page.goto(`${haven.baseUrl}/settings/categories`);
      await page.getByRole('heading', { name: 'Categories' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Hoarding (change)' }).click();
      await page.getByRole('heading', { name: 'Change the category' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Retire this category' }).click();
      await page.getByRole('heading', { name: 'Categories' }).waitFor();
      await page.getByRole('button', { name: 'Bring back Hoarding' }).waitFor();
      await expectAccessible(page, checked);

      // The other forms, each checked with axe: an agency refused (its errors), a headcount, a split.
      await page.goto(`${haven.baseUrl}/settings/agencies/new`);
      await page.getByLabel('Name').fill('Community Mental Health Team');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the phone number').waitFor();
      assert.equal(await page.getByLabel('Name').inputValue(), 'Community Mental Health Team');
      await expectAccessible(page, checked);
      await page.goto(`${haven.baseUrl}/settings/service-areas`);
      await page.getByRole('link', { name: 'Welfare Reform (change)' }).click();
      await page.getByLabel('Headcount (optional)').fill('44');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Headcount 44' }).waitFor();
      await expectAccessible(page, checked);
      await page.goto(`${haven.baseUrl}/settings/categories`);
      await page.getByRole('link', { name: 'Suicidal thoughts, threats or attempts (change)' }).click();
      await page.getByRole('link', { name: 'Split this category into two or more' }).click();
      await page.getByRole('heading', { name: 'Split Suicidal thoughts, threats or attempts' }).waitFor();
      await expectAccessible(page, checked);

      await page.goto(`${haven.baseUrl}/`);
      await page.getByRole('link', { name: 'See the administration history' }).click();
      await page.getByRole('heading', { name: 'Administration history' }).waitFor();
      await expectAccessible(page, checked);
      const history = page.locator('table');
      await history.getByText('Category retired: Hoarding').waitFor();
      await history.getByText(`Closure day added: 24 December ${year}`).waitFor();
      await history.getByText('Retired: No → Yes').waitFor();
      await history.getByText('Headcount: 38 → 44').waitFor();
      await page.getByLabel('What was changed').selectOption('closure-day');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByText('1 change').waitFor();
      assert.equal(await history.getByText('Category retired').count(), 0);
      await expectAccessible(page, checked);
      await context.close();

      // The reporter's recording journey no longer offers the retired category.
      const draftId = await buildDraft(haven.db, 'reporter@city.example');
      const reporter = await openSignedIn(browser, haven.baseUrl, 'reporter@city.example');
      await reporter.goto(`${haven.baseUrl}/concerns/new/${draftId}/categories`);
      await reporter.getByLabel('Self-neglect').waitFor();
      assert.equal(await reporter.getByLabel('Hoarding').count(), 0, 'the retired category is not offered');
      await expectAccessible(reporter, checked);
      await reporter.context().close();
      if (javaScriptEnabled) assert.equal(checked.length, 14, `axe ran on ${checked.length} pages`);
    });
  });
}
