import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../src/db/demo-data.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  startHavenForBrowser,
} from './browser-harness.ts';

// The walking skeleton's journey: a reporter records a concern, a DSO finds it in the queue.
// It runs with JavaScript on and off, because every page must work without it.
for (const javaScriptEnabled of [true, false]) {
  describe(`record a concern and see it in triage (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    // axe runs inside the page, so it needs JavaScript: the JavaScript-on run checks every page,
    // and the JavaScript-off run proves the same journey works without it.
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    async function signIn(page: Page, email: string) {
      await page.goto(`${haven.baseUrl}/sign-in`);
      await expectAccessible(page, checked);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${haven.baseUrl}/`);
    }

    it('takes a reporter through every question to a reference, then shows it to the DSO', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, 'reporter@city.example');
      await expectAccessible(page, checked);

      await page.getByRole('button', { name: 'Record a concern' }).click();
      await assert.doesNotReject(page.getByText('call 999 now').waitFor());
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Start now' }).click();

      // A mistake first: the error summary must be accessible too, and keep what was typed.
      await page.getByLabel('Their full name').fill('');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Their full name').fill('Morgan Example');
      await page.getByLabel('Adult (18 or over)').check();
      await page.getByRole('button', { name: 'Continue' }).click();

      await expectAccessible(page, checked);
      await page.getByLabel('Describe what you saw, heard or were told').fill('Found without heating or food.');
      await page.getByLabel('Day').fill('2');
      await page.getByLabel('Month').fill('11');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Where did it happen?').fill('Block C, Riverside Estate');
      await page.getByRole('button', { name: 'Continue' }).click();

      await expectAccessible(page, checked);
      await page.getByLabel('Self-neglect').check();
      await page.getByRole('button', { name: 'Continue' }).click();

      await expectAccessible(page, checked);
      assert.equal(
        await page.getByLabel('Housing Services').isChecked(),
        true,
        'defaults to the reporter’s service area',
      );
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { name: 'Check your answers before sending your concern' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Send concern' }).click();

      await page.locator('.govuk-panel').waitFor();
      await expectAccessible(page, checked);
      const reference = /HC-\d{4}-\d{6}/.exec(await page.locator('.govuk-panel').innerText())?.[0];
      assert.ok(reference, 'the confirmation panel shows a reference');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You have signed out').waitFor();
      await signIn(page, 'dso@city.example');
      await page.getByRole('link', { name: 'Triage queue', exact: true }).click();
      await expectAccessible(page, checked);
      const firstRow = page.locator('table tbody tr').first();
      assert.match(await firstRow.innerText(), new RegExp(`${reference}[\\s\\S]*Morgan Example[\\s\\S]*Self-neglect`));

      await firstRow.getByRole('link', { name: reference }).click();
      await page.getByRole('heading', { name: reference }).waitFor();
      await expectAccessible(page, checked);
      await context.close();
      if (javaScriptEnabled) assert.ok(checked.length >= 11, `axe ran on ${checked.length} pages`);
    });

    it('shows a senior leader no concern at all', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, 'leader@city.example');
      await expectAccessible(page, checked);
      assert.equal(await page.getByRole('link', { name: 'Triage queue', exact: true }).count(), 0);
      assert.equal(await page.getByRole('link', { name: 'Record a concern' }).count(), 0);
      const response = await page.goto(`${haven.baseUrl}/triage`);
      assert.equal(response?.status(), 403);
      await expectAccessible(page, checked);
      await context.close();
    });
  });
}
