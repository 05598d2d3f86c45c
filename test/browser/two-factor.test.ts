import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../src/db/demo-data.ts';
import { authenticatorCode } from '../support/second-factor.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  startHavenForBrowser,
} from './browser-harness.ts';

// A coordinator must set up an authenticator app at first sign-in, keeps the recovery codes,
// and next time signs in with a code; then looks at their account, sessions and the
// re-authentication page. With JavaScript on and off: every step is a plain form.
for (const javaScriptEnabled of [true, false]) {
  describe(`two-factor sign-in (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;

    before(async () => {
      haven = await startHavenForBrowser({ TWO_FACTOR_ENFORCED: 'true' });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    const enterPassword = async (page: Page) => {
      await page.goto(`${haven.baseUrl}/sign-in`);
      await page.getByLabel('Email address').fill('coordinator@city.example');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    it('sets up an app at first sign-in and signs in with its code, checking every page with axe', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);

      await enterPassword(page);
      await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.getByRole('img', { name: /QR code/ }).count(), 1);
      // As someone who cannot scan would: open "I cannot scan the QR code" and read the key.
      await page.getByText('I cannot scan the QR code').click();
      const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/);

      await page.getByLabel('Code from the app').fill('000000');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page, checked);

      const startedAt = new Date();
      await page.getByLabel('Code from the app').fill(authenticatorCode(secret, startedAt));
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.locator('#recovery-codes li').count(), 10);
      await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
      await page.waitForURL(`${haven.baseUrl}/`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/signed-out=1/);
      await enterPassword(page);
      await page.getByRole('heading', { name: 'Enter your security code' }).waitFor();
      await expectAccessible(page, checked);
      // The code of the next 30 seconds: the one used to set up the app works only once.
      const next = authenticatorCode(secret, new Date(startedAt.getTime() + 30_000));
      await page.getByLabel('Enter your security code').fill(next);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${haven.baseUrl}/`);

      await page.getByRole('link', { name: 'Your account' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await expectAccessible(page, checked);
      assert.match(await page.locator('.govuk-summary-list').innerText(), /Recovery codes left\s+10/);
      await page.getByRole('link', { name: 'Your sessions' }).click();
      await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
      await expectAccessible(page, checked);
      assert.match(await page.locator('table').innerText(), /Chrom\w* on Linux\s+This session/);

      await page.goto(`${haven.baseUrl}/re-authenticate?return-to=/account`);
      await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
      await expectAccessible(page, checked);
      await context.close();
      if (javaScriptEnabled) assert.equal(checked.length, 7, `axe ran on ${checked.length} pages`);
    });
  });
}
