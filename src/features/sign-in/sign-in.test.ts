import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('sign in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('signs in with the right password and gives a new session id', async () => {
    const client = new WebClient(t.app);
    const page = await client.get('/sign-in');
    const before = page.cookies.find((c) => c.name === 'haven_session')?.value;
    const response = await client.post('/sign-in', { email: 'DSO@city.example ', password: 'haven-demo-password' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const cookie = response.cookies.find((c) => c.name === 'haven_session');
    assert.ok(cookie && cookie.value !== before, 'session id changes at sign-in');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const home = await client.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Devi Okafor/);
  });

  it('says only that the email or password is wrong, and keeps the email', async () => {
    for (const [email, password] of [
      ['dso@city.example', 'wrong'],
      ['nobody@city.example', 'haven-demo-password'],
    ] as const) {
      const client = new WebClient(t.app);
      await client.get('/sign-in');
      const response = await client.post('/sign-in', { email, password });
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, /Enter a correct email address and password/);
      assert.ok(response.body.includes(`value="${email}"`));
      assert.equal((await client.get('/')).statusCode, 302, 'still signed out');
    }
  });

  it('asks for both fields when they are empty', async () => {
    const client = new WebClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#email">Enter your email address/);
    assert.match(response.body, /href="#password">Enter your password/);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const client = new WebClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', {
      _csrf: 'forged',
      email: 'dso@city.example',
      password: 'haven-demo-password',
    });
    assert.equal(response.statusCode, 403);
    assert.equal((await client.get('/')).statusCode, 302);
  });

  it('keeps sessions on the server, so deleting the row signs the person out', async () => {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    const user = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'reporter@city.example')
      .executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    assert.ok(rows.length >= 1);
    await t.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    const response = await client.get('/');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
  });

  it('ends a session left idle past its timeout', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dsl@city.example');
    const user = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'dsl@city.example')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    assert.equal((await client.get('/')).statusCode, 302);
  });

  it('ends a session older than the absolute limit even when it is in use', async () => {
    const client = new WebClient(t.app);
    await client.signIn('champion@city.example');
    const user = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'champion@city.example')
      .executeTakeFirstOrThrow();
    const row = await t.db
      .selectFrom('sessions')
      .select(['id', 'data'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    const data = JSON.parse(row.data) as { signedInAt: number };
    data.signedInAt = Date.now() - 13 * 3_600_000;
    await t.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', row.id)
      .execute();
    assert.equal((await client.get('/')).statusCode, 302);
  });

  it('signs out', async () => {
    const client = new WebClient(t.app);
    await client.signIn('coordinator@city.example');
    await client.get('/');
    const response = await client.post('/sign-out');
    assert.equal(response.statusCode, 303);
    assert.match((await client.get(response.headers.location as string)).body, /You have signed out/);
    assert.equal((await client.get('/')).statusCode, 302);
  });

  it('never stores the password itself', async () => {
    const rows = await t.db.selectFrom('users').select('password_hash').execute();
    for (const row of rows) {
      assert.match(row.password_hash, /^scrypt\$/);
      assert.ok(!row.password_hash.includes('haven-demo-password'));
    }
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SIGN_IN_ATTEMPTS_PER_15_MINUTES: '3' });
  });
  after(() => t.close());

  it('stops guessing after the configured number of attempts', async () => {
    const client = new WebClient(t.app);
    await client.get('/sign-in');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push(
        (await client.post('/sign-in', { email: 'dso@city.example', password: `guess-${attempt}` })).statusCode,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const blocked = await client.post('/sign-in', { email: 'dso@city.example', password: 'haven-demo-password' });
    assert.equal(blocked.statusCode, 429);
    assert.match(blocked.body, /Too many attempts to sign in/);
  });
});
