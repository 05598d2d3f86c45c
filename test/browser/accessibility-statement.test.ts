import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  type RunningHaven,
  expectAccessible,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// The statement is reached from the footer, before and after signing in. axe needs JavaScript,
// so it runs on the pages visited with JavaScript on; with it off, the same pages must still work.
for (const javaScriptEnabled of [true, false]) {
  describe(`accessibility statement (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    const check = (page: Parameters<typeof expectAccessible>[0]) =>
      javaScriptEnabled ? expectAccessible(page, checked) : Promise.resolve();

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('is linked from the footer of the sign-in page and readable without signing in', async () => {
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${haven.baseUrl}/sign-in`);
      await check(page);
      await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
      await page.waitForURL(`${haven.baseUrl}/accessibility`);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Accessibility statement for Haven');
      await page.getByRole('heading', { name: 'Enforcement procedure' }).waitFor();
      await check(page);
      await page.context().close();
    });

    it('is linked from the footer once signed in', async () => {
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'dsl@city.example');
      await check(page);
      await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
      await page.waitForURL(`${haven.baseUrl}/accessibility`);
      await page.getByRole('heading', { name: 'Compliance status' }).waitFor();
      await check(page);
      if (javaScriptEnabled) assert.deepEqual(checked, ['/sign-in', '/accessibility', '/', '/accessibility']);
      await page.context().close();
    });
  });
}
