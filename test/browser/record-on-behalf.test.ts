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
import { addPeople, answerQuestionsAboutAnAdult } from './record-concern-pages.ts';

// Policy 9.2: an ODS operative without an account tells their line manager, who records it.
for (const javaScriptEnabled of [true, false]) {
  describe(`a line manager records for an operative (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    const check = javaScriptEnabled ? (page: Page) => checkAccessibility(page, checked) : async () => undefined;

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('asks whom they record for, keeps the operative’s name and role, and shows them on the concern', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${haven.baseUrl}/sign-in`);
      await page.getByLabel('Email address').fill('manager@city.example');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${haven.baseUrl}/`);

      await page.getByRole('link', { name: 'Record a concern' }).first().click();
      await page.getByRole('heading', { name: 'Record a concern', level: 1 }).waitFor();
      await check(page);
      await page.getByRole('button', { name: 'Start now' }).click();
      await addPeople(
        page,
        [
          {
            role: 'Person at risk',
            name: 'Ellis Tenant',
            ageGroup: 'Adult (18 or over)',
            approximateAge: '81',
            address: '7 Orchard Close',
          },
        ],
        check,
      );
      await answerQuestionsAboutAnAdult(page, check, ['Jo Operative', 'ODS operative']);
      const answers = await page.locator('main').innerText();
      assert.match(answers, /Someone else/);
      assert.match(answers, /Jo Operative \(ODS operative\)/);
      assert.match(answers, /Oxford Direct Services/, 'defaults to the manager’s service area');
      await page.getByRole('button', { name: 'Send concern' }).click();

      await page.locator('.govuk-panel').waitFor();
      await check(page);
      await page.getByRole('link', { name: 'View your concern' }).click();
      await page.locator('h1').waitFor();
      await check(page);
      const concern = await page.locator('main').innerText();
      assert.match(concern, /Recorded on behalf of\s+Jo Operative \(ODS operative\)/);
      assert.match(concern, /Ellis Tenant/);
      await context.close();
      if (javaScriptEnabled) assert.ok(checked.length >= 18, `axe ran on ${checked.length} pages`);
    });
  });
}
