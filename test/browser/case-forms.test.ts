import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { actorFor, buildConcern } from '../support/builders.ts';
import { encryptField } from '../../src/field-encryption/field-encryption.ts';
import {
  type RunningHaven,
  expectAccessible,
  launchChromium,
  openSignedIn,
  startHavenForBrowser,
} from './browser-harness.ts';

// The case-work pages the journeys do not pass through: each is opened by a DSL, shown once
// with its errors, and checked with axe.
describe('the remaining case-work pages in the browser', () => {
  let haven: RunningHaven;
  let browser: Browser;
  const checked: string[] = [];

  before(async () => {
    haven = await startHavenForBrowser();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
  });

  it('draws every form, and its errors, without accessibility violations', async () => {
    const concern = await buildConcern(haven.db, 'reporter@city.example');
    const dsl = await actorFor(haven.db, 'dsl@city.example');
    const escalationId = randomUUID();
    await haven.db
      .insertInto('escalations')
      .values({
        id: escalationId,
        organisation_id: dsl.organisationId,
        concern_id: concern.id,
        reason: encryptField('Agency declined'),
        escalated_by: dsl.userId,
        escalated_at: new Date().toISOString(),
      })
      .execute();
    const page = await openSignedIn(browser, haven.baseUrl, 'dsl@city.example');
    const forms = [
      'no-referral',
      'escalate',
      `escalations/${escalationId}/resolve`,
      'restrict',
      'reopen',
      'disclosures/new',
      'attachments/new',
    ];
    for (const form of forms) {
      const response = await page.goto(`${haven.baseUrl}/concerns/${concern.id}/${form}`);
      assert.equal(response?.status(), 200, form);
      await expectAccessible(page, checked);
      await page.locator('main form[method="post"] button[type="submit"]').last().click();
      await page.locator('.govuk-error-summary').waitFor();
      await expectAccessible(page, checked);
    }
    await page.goto(`${haven.baseUrl}/concerns/${concern.id}/close`);
    await page.getByRole('heading', { name: 'You cannot close this concern yet' }).waitFor();
    await expectAccessible(page, checked);
    await page.goto(`${haven.baseUrl}/information-sharing/home-office`);
    await expectAccessible(page, checked);
    await page.goto(`${haven.baseUrl}/information-sharing/home-office?from=2026-13-01&to=2026-01-01`);
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, checked);
    assert.equal(checked.length, forms.length * 2 + 3);
  });
});
