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

// A reporter records a concern about two people, one unknown, and adds to it later; a DSO finds it.
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

    it('records two people, one unknown, through every question, then shows the concern to the DSO', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const check = (p: Page) => expectAccessible(p, checked);
      await signIn(page, 'reporter@city.example');
      await check(page);

      await page.getByRole('button', { name: 'Record a concern' }).click();
      await assert.doesNotReject(page.getByText('call 999 now').waitFor());
      await check(page);
      await page.getByRole('button', { name: 'Start now' }).click();

      // A mistake first: the error summary must be accessible too, and keep what was typed.
      await page.getByLabel('Their full name').fill('Morgan Example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await check(page);
      assert.equal(await page.getByLabel('Their full name').inputValue(), 'Morgan Example');
      await page.locator('.govuk-error-summary a').first().click();

      await addPeople(
        page,
        [
          {
            role: 'Person at risk',
            name: 'Morgan Example',
            ageGroup: 'Adult (18 or over)',
            approximateAge: '78',
            address: 'Flat 12, Block C, Riverside Estate',
          },
          {
            role: 'Alleged source of harm',
            name: null,
            ageGroup: 'Adult (18 or over)',
            approximateAge: null,
            address: null,
          },
        ],
        check,
      );
      await answerQuestionsAboutAnAdult(page, check);
      const answers = await page.locator('main').innerText();
      for (const text of ['Morgan Example', 'Name not known', 'Alleged source of harm', 'About 78', 'Not known']) {
        assert.ok(answers.includes(text), `check answers shows ${text}`);
      }
      await page.getByRole('button', { name: 'Send concern' }).click();

      await page.locator('.govuk-panel').waitFor();
      await check(page);
      const reference = /HC-\d{4}-\d{6}/.exec(await page.locator('.govuk-panel').innerText())?.[0];
      assert.ok(reference, 'the confirmation panel shows a reference');

      await page.getByRole('link', { name: 'View your concern' }).click();
      await page.getByRole('heading', { name: reference }).waitFor();
      await check(page);
      await page.getByRole('link', { name: 'Add information to this concern' }).click();
      await page.getByRole('heading', { name: 'Add information', level: 1 }).waitFor();
      await check(page);
      await page.getByLabel('What is new?').fill('The heating is still off today.');
      await page.getByRole('button', { name: 'Add information' }).click();
      await page.getByRole('heading', { name: reference }).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You have signed out').waitFor();
      await signIn(page, 'dso@city.example');
      await page.getByRole('link', { name: 'Triage queue', exact: true }).click();
      await page.getByRole('heading', { name: 'Triage queue', level: 1 }).waitFor();
      await check(page);
      const row = page.locator('table tbody tr', { hasText: reference });
      assert.match(await row.innerText(), /Morgan Example[\s\S]*Self-neglect/);

      await row.getByRole('link', { name: reference }).click();
      await page.getByRole('heading', { name: reference }).waitFor();
      await check(page);
      const concern = await page.locator('main').innerText();
      for (const text of ['Name not known', 'Alleged source of harm', 'Lives alone; has stopped eating.']) {
        assert.ok(concern.includes(text), `the concern page shows ${text}`);
      }
      await context.close();
      if (javaScriptEnabled) assert.ok(checked.length >= 24, `axe ran on ${checked.length} pages`);
    });

    // An administrator manages accounts and reads no concern (issue 8); a senior leader records one.
    it('shows an administrator no concern at all', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, 'admin@city.example');
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
