import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { throttleKey } from './sign-in.ts';

// Haven as a council runs it: production mode, behind no proxy unless TRUSTED_PROXIES says so.
const production = {
  HAVEN_ENV: 'production',
  SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
  SECURE_COOKIES: 'false',
  HAVEN_DEMO_DATA: 'false',
  JOBS_ENABLED: 'false',
  SMTP_URL: 'smtp://mail.example:587',
  MAIL_FROM: 'Haven <haven@council.example>',
  HAVEN_BASE_URL: 'https://haven.council.example',
  HAVEN_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 7).toString('base64')}`,
};
const password = 'haven-demo-password';
const forwardedFor = (n: number) => ({ headers: { 'x-forwarded-for': `203.0.113.${n % 250}, 198.51.100.${n % 7}` } });

/** Time that stands still until a test moves it on, so slow password checks never let a wait pass. */
function stoppedClock() {
  let now = new Date();
  return { read: () => now, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

async function signInPage(t: TestApp) {
  const client = new WebClient(t.app);
  await client.get('/sign-in');
  return client;
}

describe('sign-in throttle per account', () => {
  let t: TestApp;
  const clock = stoppedClock();
  before(async () => {
    t = await startTestApp(production, undefined, clock.read);
  });
  after(() => t.close());

  const accountKey = (email: string) =>
    throttleKey({ keySecret: t.config.session.secret, addressFailuresPerWindow: 0 }, 'account', email);
  const setFailures = async (email: string, failures: number) => {
    await t.db.updateTable('sign_in_throttles').set({ failures }).where('key', '=', accountKey(email)).execute();
  };
  const audited = async (action: string) =>
    (await t.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute()).length;

  it('refuses 100 guesses from changing X-Forwarded-For, and the right password while throttled', async () => {
    const client = await signInPage(t);
    const statuses: number[] = [];
    for (let guess = 1; guess < 100; guess++) {
      const response = await client.post(
        '/sign-in',
        { email: 'dso@city.example', password: `guess-${guess}` },
        forwardedFor(guess),
      );
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.deepEqual(new Set(statuses.slice(5)), new Set([429]));
    const last = await client.post('/sign-in', { email: 'dso@city.example', password }, forwardedFor(100));
    assert.equal(last.statusCode, 429, 'the right password is refused while throttled');
    assert.match(last.body, /Too many attempts to sign in/);
    assert.match(last.body, /Wait \d+ seconds?, then try again/);
    assert.ok(Number(last.headers['retry-after']) >= 1);
    assert.equal((await client.get('/')).statusCode, 302, 'still signed out');
    assert.equal(await audited('sign-in.failed'), 5);
    assert.equal(await audited('sign-in.throttled'), 95);
  });

  it('keeps neither emails nor addresses in the throttle table or the audit trail', async () => {
    const rows = JSON.stringify(await t.db.selectFrom('sign_in_throttles').selectAll().execute());
    const audit = JSON.stringify(
      await t.db.selectFrom('audit_events').selectAll().where('subject_type', '=', 'account').execute(),
    );
    for (const secret of ['dso@city.example', '127.0.0.1', '203.0.113', 'guess-']) {
      assert.ok(!rows.includes(secret) && !audit.includes(secret), secret);
    }
  });

  it('lets parallel guesses through only while they are free', async () => {
    const client = await signInPage(t);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        client.post('/sign-in', { email: 'champion@city.example', password: `parallel-${n}` }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((status) => status === 401).length, 5);
    assert.equal(statuses.filter((status) => status === 429).length, 15);
  });

  it('starts an account again after a successful sign-in', async () => {
    const client = await signInPage(t);
    const guess = async (pass: string) =>
      (await client.post('/sign-in', { email: 'dsl@city.example', password: pass })).statusCode;
    for (let n = 0; n < 5; n++) assert.equal(await guess(`wrong-${n}`), 401);
    assert.equal(await guess('wrong-now'), 429);
    clock.advance(3);
    assert.equal(await guess(password), 303);
    const again = await signInPage(t);
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) {
      statuses.push((await again.post('/sign-in', { email: 'dsl@city.example', password: `later-${n}` })).statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  it('never makes an account wait longer than 15 minutes after its last failure', async () => {
    const client = await signInPage(t);
    for (let n = 0; n < 5; n++) await client.post('/sign-in', { email: 'coordinator@city.example', password: `x${n}` });
    await setFailures('coordinator@city.example', 60);
    clock.advance(14 * 60);
    const waiting = await client.post('/sign-in', { email: 'coordinator@city.example', password });
    assert.equal(waiting.statusCode, 429);
    assert.match(waiting.body, /Wait 1 minute, then try again/);
    assert.ok(Number(waiting.headers['retry-after']) <= 60);
    clock.advance(60);
    assert.equal((await client.post('/sign-in', { email: 'coordinator@city.example', password })).statusCode, 303);
  });
});

describe('sign-in throttle per address', () => {
  let t: TestApp;
  before(async () => {
    const settings = { ...production, SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10', TRUSTED_PROXIES: '10.0.0.1' };
    t = await startTestApp(settings, undefined, stoppedClock().read);
  });
  after(() => t.close());

  it('stops one address guessing across many accounts, whatever X-Forwarded-For says', async () => {
    const client = await signInPage(t);
    const statuses: number[] = [];
    for (let n = 0; n < 50; n++) {
      const response = await client.post(
        '/sign-in',
        { email: `someone-${n}@city.example`, password: 'guess' },
        { remoteAddress: '192.0.2.10', ...forwardedFor(n) },
      );
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.deepEqual(new Set(statuses.slice(10)), new Set([429]));
    const blocked = await client.post(
      '/sign-in',
      { email: 'reporter@city.example', password },
      { remoteAddress: '192.0.2.10' },
    );
    assert.equal(blocked.statusCode, 429);
    const elsewhere = await client.post(
      '/sign-in',
      { email: 'reporter@city.example', password },
      { remoteAddress: '192.0.2.11' },
    );
    assert.equal(elsewhere.statusCode, 303, 'another address is not held back');
  });

  it('takes the client address from X-Forwarded-For only when the trusted proxy sent the request', async () => {
    const client = await signInPage(t);
    const viaProxy = (client: string) => ({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } });
    const guess = async (n: number, from: Parameters<WebClient['post']>[2]) =>
      (await client.post('/sign-in', { email: `proxied-${n}@city.example`, password: 'guess' }, from)).statusCode;
    for (let n = 0; n < 10; n++) assert.equal(await guess(n, viaProxy('203.0.113.5')), 401);
    assert.equal(await guess(10, viaProxy('203.0.113.5')), 429, 'the client behind the proxy is held back');
    assert.equal(await guess(11, viaProxy('203.0.113.6')), 401, 'another client behind the proxy is not');
    assert.equal(await guess(12, { remoteAddress: '10.0.0.1' }), 401, 'nor is the proxy itself');
  });
});
