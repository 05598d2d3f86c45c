import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { type Browser, type Page, chromium } from 'playwright-core';
import { demoPassword } from '../../src/db/demo-data.ts';
import { type TestApp, startTestApp } from '../support/app.ts';

export type RunningHaven = TestApp & { baseUrl: string };

/**
 * Haven listening on a real loopback port, as a browser needs it. A test that must know the
 * address before Haven starts (an identity provider's redirect URI) passes a port and settings.
 */
export async function startHavenForBrowser(
  environment: Record<string, string> = {},
  port = 0,
  clock?: () => Date,
): Promise<RunningHaven> {
  const t = await startTestApp(environment, undefined, clock);
  await t.app.listen({ host: '127.0.0.1', port });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('Haven did not get a TCP port');
  return { ...t, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** Debian's Chromium (browsers that download themselves cannot be used here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const wcag22aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Fails with the rule ids and elements when the page breaks WCAG 2.2 AA as axe can tell. */
export async function expectAccessible(page: Page, pagesChecked: string[]): Promise<void> {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(wcag22aa).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(problems, [], `accessibility violations on ${new URL(page.url()).pathname}`);
  pagesChecked.push(new URL(page.url()).pathname);
}

/**
 * The check for a page visited with JavaScript off, where axe cannot run: the page as the browser
 * built it is copied, scripts taken out, into `axePage` (a page with JavaScript on) and its main
 * content checked there. The shared header is checked by the JavaScript-on run: a copied page (no
 * session, no scripts) lays out the service navigation differently.
 */
export async function expectAccessibleWithoutJavaScript(
  page: Page,
  axePage: Page,
  pagesChecked: string[],
  options: { disableRules?: string[] } = {},
): Promise<void> {
  await page.waitForLoadState('load');
  const { origin, pathname } = new URL(page.url());
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace('<head>', `<head><base href="${origin}/">`);
  await axePage.setContent(html, { waitUntil: 'load' });
  const results = await new AxeBuilder({ page: axePage })
    .include('#main-content')
    .withTags(wcag22aa)
    .disableRules(options.disableRules ?? [])
    .analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(problems, [], `accessibility violations on ${pathname} without JavaScript`);
  pagesChecked.push(pathname);
}

/** Fills in and sends the sign-in form as a demo user, waiting for the home page. */
export async function signInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** A fresh browser context (its own cookies) signed in as a demo user. */
export async function openSignedIn(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  await signInAs(page, baseUrl, email);
  return page;
}
