import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type TestOidcProvider, startOidcProvider } from '../support/oidc-provider.ts';
import { type RunningHaven, expectAccessible, launchChromium, startHavenForBrowser } from './browser-harness.ts';

/** A loopback port free now, so the provider can be told Haven's redirect URI before Haven starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

// A DSO signs in through the council's identity provider (a real oidc-provider on loopback).
// axe checks every Haven page; the provider's login and consent pages are its own, not Haven's,
// so they are not checked.
describe('sign in through the council identity provider', () => {
  let provider: TestOidcProvider;
  let haven: RunningHaven;
  let browser: Browser;
  const checked: string[] = [];

  before(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUri: `${baseUrl}/sign-in/single-sign-on/callback` });
    provider.addPerson({ sub: 'staff-0001', email: 'dso@city.example', email_verified: true, name: 'Devi Okafor' });
    provider.addPerson({ sub: 'staff-0002', email: 'no.account@city.example', email_verified: true });
    haven = await startHavenForBrowser({ ...provider.environment, HAVEN_BASE_URL: baseUrl }, port);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
    await provider?.close();
  });

  /** From Haven's sign-in page through the provider's own login and consent pages (not Haven's: no axe). */
  async function signInThroughProvider(accountId: string) {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${haven.baseUrl}/sign-in`);
    await expectAccessible(page, checked);
    await page.getByRole('button', { name: 'Sign in with Test Council account' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(accountId);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === haven.baseUrl);
    return page;
  }

  it('signs in with the provider and lands on Haven home page, checking Haven pages with axe', async () => {
    const page = await signInThroughProvider('staff-0001');
    await page.waitForURL(`${haven.baseUrl}/`);
    await page.getByText('Devi Okafor').first().waitFor();
    await expectAccessible(page, checked);
  });

  it('tells someone the provider knows but Haven does not that they have no account', async () => {
    const page = await signInThroughProvider('staff-0002');
    await page.getByRole('heading', { name: 'You do not have a Haven account' }).waitFor();
    await expectAccessible(page, checked);
    assert.deepEqual(checked, ['/sign-in', '/', '/sign-in', '/sign-in/single-sign-on/callback']);
  });
});
