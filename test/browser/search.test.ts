import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildConcern } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// A DSO searches by a person's name, corrects an empty search, and opens the concern found.
// With JavaScript on and off: the search posts a form, so it must work without it.
for (const javaScriptEnabled of [true, false]) {
  describe(`search concerns (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
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

    const signIn = (page: Page, email: string) => signInAs(page, haven.baseUrl, email);

    it('finds a concern by a person’s name and opens it, checking every page with axe', async () => {
      const concern = await buildConcern(haven.db, 'reporter@city.example', {
        person: { name: 'Perpetua Searchwell', ageGroup: 'adult' },
      });
      await buildConcern(haven.db, 'reporter@city.example', { person: { name: 'Someone Else', ageGroup: 'child' } });
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, 'dso@city.example');

      await page.getByRole('link', { name: 'Search', exact: true }).click();
      await page.getByRole('heading', { name: 'Search concerns' }).waitFor();
      await expectAccessible(page, checked);

      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page, checked);
      await page.locator('.govuk-error-summary a').first().click();

      await page.getByLabel('Search concerns').fill('searchwell perpetua');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('1 concern found').waitFor();
      await expectAccessible(page, checked);
      assert.equal(new URL(page.url()).search, '', 'the term is not in the URL');
      const row = page.locator('table tbody tr', { hasText: concern.reference });
      assert.match(await row.innerText(), /Perpetua Searchwell \(person at risk\)[\s\S]*Awaiting triage/);
      assert.equal(await page.locator('table tbody tr').count(), 1);

      await row.getByRole('link', { name: concern.reference }).click();
      await page.getByRole('heading', { name: concern.reference }).waitFor();
      await expectAccessible(page, checked);
      await context.close();
      if (javaScriptEnabled) assert.equal(checked.length, 4, `axe ran on ${checked.length} pages`);
    });
  });
}
