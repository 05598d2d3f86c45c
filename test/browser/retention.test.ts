import assert from 'node:assert/strict';
import { openAttachmentStore } from '../../src/attachment-store/open-attachment-store.ts';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { actorFor } from '../support/builders.ts';
import { concernAbout, namedPerson } from '../support/people.ts';
import { carryOutRetentionDecision } from '../../src/retention/carry-out-decision.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  openSignedIn,
  startHavenForBrowser,
} from './browser-harness.ts';

// Retention (issue 13, "Done when"): a DSL places a legal hold, sees a record reach its review
// date in the queue (the clock moved on), and disposes of another, whose page then shows the
// stub; the coordinator's schedules page and form. JavaScript on and off: every form posts.
for (const javaScriptEnabled of [true, false]) {
  describe(`retention (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    let now = new Date('2035-05-04T10:00:00Z');
    const checked: string[] = [];
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;
    const child = (name: string, dateOfBirth: string) =>
      concernAbout(haven.db, [namedPerson(name, { ageGroup: 'child', age: { kind: 'date_of_birth', dateOfBirth } })]);

    before(async () => {
      haven = await startHavenForBrowser({}, 0, () => now);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('places a hold, sees a record reach its review date, and disposes of another', async () => {
      const reaching = await child('Robin Reaching', '2010-05-05');
      const disposing = await child('Dana Disposing', '2000-01-01');
      const page = await openSignedIn(browser, haven.baseUrl, 'dsl@city.example');
      await page.context().setOffline(false);
      if (!javaScriptEnabled) {
        const context = await browser.newContext({ javaScriptEnabled: false });
        await context.addCookies(await page.context().cookies());
        await page.close();
        return runJourney(await context.newPage());
      }
      return runJourney(page);

      async function runJourney(tab: typeof page) {
        tab.setDefaultTimeout(10_000);
        await tab.goto(`${haven.baseUrl}/`);
        await tab.locator('.govuk-service-navigation').getByRole('link', { name: 'Retention' }).click();
        await tab.getByRole('heading', { name: 'Retention reviews' }).waitFor();
        await tab.getByRole('row').filter({ hasText: disposing.reference }).getByRole('link').waitFor();
        assert.equal(await tab.getByText(reaching.reference).count(), 0, 'not yet at its review date');
        await expectAccessible(tab, checked);

        // A hold with no reason is refused, the reference kept; then placed.
        await tab.getByRole('button', { name: 'Legal holds' }).click();
        await tab.getByRole('heading', { name: 'Legal holds' }).waitFor();
        await expectAccessible(tab, checked);
        await tab.getByRole('button', { name: 'Place a legal hold' }).click();
        await tab.getByRole('heading', { name: 'Place a legal hold' }).waitFor();
        await tab.getByLabel('A concern').check();
        await tab.getByLabel('Concern reference').fill(reaching.reference);
        await tab.getByRole('button', { name: 'Place the hold' }).click();
        await tab.locator('.govuk-error-summary').getByText('Enter the reason for the hold').waitFor();
        await expectAccessible(tab, checked);
        assert.equal(await tab.getByLabel('Concern reference').inputValue(), reaching.reference);
        await tab.getByLabel('Reason').fill('Independent inquiry');
        await tab.getByRole('button', { name: 'Place the hold' }).click();
        await tab.getByRole('cell', { name: `Concern ${reaching.reference}`, exact: true }).waitFor();
        await expectAccessible(tab, checked);

        // The clock reaches the child's 25th birthday: the held record is in the queue, marked.
        now = new Date('2035-05-05T10:00:00Z');
        await tab.goto(`${haven.baseUrl}/retention`);
        const held = tab.getByRole('row').filter({ hasText: reaching.reference });
        await held.getByText('On hold').waitFor();
        await expectAccessible(tab, checked);
        await held.getByRole('link').click();
        await tab.getByLabel('Dispose of it').check();
        await tab.getByRole('button', { name: 'Confirm the decision' }).click();
        await tab
          .locator('.govuk-error-summary')
          .getByText(/under a legal hold/)
          .waitFor();
        await expectAccessible(tab, checked);

        // Another record disposed of: decided here, carried out in the background, a stub left.
        await tab.goto(`${haven.baseUrl}/retention/reviews/${disposing.id}`);
        await tab.getByRole('heading', { name: disposing.reference }).waitFor();
        await expectAccessible(tab, checked);
        await tab.getByLabel('Dispose of it').check();
        await tab.getByRole('button', { name: 'Confirm the decision' }).click();
        await tab.getByRole('heading', { name: 'Waiting to be carried out' }).waitFor();
        await expectAccessible(tab, checked);
        const decision = await haven.db
          .selectFrom('retention_decisions')
          .select('id')
          .where('concern_id', '=', disposing.id)
          .executeTakeFirstOrThrow();
        const organisationId = (await actorFor(haven.db, 'dsl@city.example')).organisationId;
        assert.equal(
          await carryOutRetentionDecision(
            haven.db,
            organisationId,
            decision.id,
            openAttachmentStore(haven.config, haven.db),
            now,
          ),
          'disposed',
        );
        await tab.goto(`${haven.baseUrl}/concerns/${disposing.id}`);
        await tab.getByText('disposed of under its retention schedule').waitFor();
        assert.equal(await tab.getByText('Dana Disposing').count(), 0);
        await expectAccessible(tab, checked);
      }
    });

    it('lets the coordinator change a schedule, refusing a period that is not a number', async () => {
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      page.setDefaultTimeout(10_000);
      const coordinator = await openSignedIn(browser, haven.baseUrl, 'coordinator@city.example');
      await page.context().addCookies(await coordinator.context().cookies());
      await coordinator.close();
      await page.goto(`${haven.baseUrl}/settings`);
      await page.getByRole('link', { name: 'Retention schedules' }).click();
      await page.getByRole('heading', { name: 'Retention schedules' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: /Change the schedule for Adult safeguarding record/ }).click();
      await page.getByLabel('Period in years').fill('six');
      await page.getByRole('button', { name: 'Save the schedule' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the period as a whole number').waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Period in years').fill('7');
      await page.getByRole('button', { name: 'Save the schedule' }).click();
      await page.getByRole('heading', { name: 'Retention schedules' }).waitFor();
      await page.getByText('7 years').waitFor();
      if (javaScriptEnabled) assert.ok(checked.length >= 10, `axe checked ${checked.length} pages`);
    });
  });
}
