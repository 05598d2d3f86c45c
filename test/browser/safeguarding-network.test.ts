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

// The safeguarding network is visible to staff (policy 11.4; procedures 6.4): "Who to talk to"
// from the navigation, and the recording journey's "Who you can talk to" on the start page and
// the confirmation page. With JavaScript on and off: every page is plain links.
for (const javaScriptEnabled of [true, false]) {
  describe(`who to talk to (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
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

    it('shows a reporter their Champion and the DSLs on Who to talk to and while recording, checking each page with axe', async () => {
      const concern = await buildConcern(haven.db, 'reporter@city.example');
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'reporter@city.example');

      const navigation = page.locator('.govuk-service-navigation').first();
      await navigation.getByRole('link', { name: 'Who to talk to' }).click();
      await page.getByRole('heading', { name: 'Who to talk to about safeguarding', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('heading', { name: 'Safeguarding Champions for Housing Services' }).waitFor();
      await page.getByRole('heading', { name: 'Quinn Harrowby' }).first().waitFor();
      await page.getByRole('link', { name: '01632 960111' }).first().waitFor();
      await page.getByRole('heading', { name: 'Rowan Feltham' }).waitFor();
      assert.ok(
        await page.getByText('Handles allegations against council staff, volunteers and councillors').isVisible(),
      );
      assert.ok(await page.getByText('call 999 now').isVisible(), '999 comes first');

      await navigation.getByRole('link', { name: 'Record a concern' }).click();
      await page.getByRole('heading', { name: 'Record a concern' }).waitFor();
      const panel = page.locator('.haven-network-panel');
      await panel.getByRole('heading', { name: 'Who you can talk to' }).waitFor();
      assert.match(await panel.innerText(), /Quinn Harrowby[\s\S]*Lee Hartwell/);
      await expectAccessible(page, checked);
      await panel.getByRole('link', { name: 'Everyone you can talk to about safeguarding' }).click();
      await page.getByRole('heading', { name: 'Who to talk to about safeguarding', level: 1 }).waitFor();

      await page.goto(`${haven.baseUrl}/concerns/${concern.id}/confirmation`);
      await page.locator('.govuk-panel').waitFor();
      assert.match(await page.locator('.haven-network-panel').innerText(), /Quinn Harrowby[\s\S]*Rowan Feltham/);
      await expectAccessible(page, checked);
      await context.close();
      if (javaScriptEnabled) assert.equal(checked.length, 3, `axe ran on ${checked.length} pages`);
    });

    it('shows an administrator, who records nothing, the network too', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'admin@city.example');
      await page.getByRole('link', { name: 'Who to talk to about safeguarding' }).click();
      await page.getByRole('heading', { name: 'Who to talk to about safeguarding', level: 1 }).waitFor();
      assert.match(await page.locator('main').innerText(), /Business Improvement has no Safeguarding Champion/);
      await expectAccessible(page, []);
      await context.close();
    });
  });
}
