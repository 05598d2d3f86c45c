import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildApp } from '../../app.ts';
import { Readiness } from '../../web/readiness.ts';
import { startTestApp } from '../../../test/support/app.ts';

it('is alive while the process answers, and says whether the database does', async () => {
  const t = await startTestApp();
  const healthy = await t.app.inject('/healthz');
  assert.equal(healthy.statusCode, 200);
  assert.deepEqual(healthy.json(), { status: 'ok', database: true });
  await t.db.destroy();
  // Liveness: a database away must not get every instance restarted; readiness takes it out of service.
  const databaseAway = await t.app.inject('/healthz');
  assert.equal(databaseAway.statusCode, 200);
  assert.deepEqual(databaseAway.json(), { status: 'ok', database: false });
  const notReady = await t.app.inject('/readyz');
  assert.equal(notReady.statusCode, 503);
  assert.deepEqual(notReady.json(), { status: 'database-unreachable', database: false });
  await t.close();
});

it('is ready only once started, and not once stopping; pages wait until it is ready', async () => {
  const t = await startTestApp();
  const readiness = new Readiness();
  const app = await buildApp({ config: t.config, db: t.db, readiness });
  try {
    const starting = await app.inject('/readyz');
    assert.equal(starting.statusCode, 503);
    assert.equal(starting.json().status, 'starting');
    assert.equal((await app.inject('/healthz')).statusCode, 200, 'alive while starting');
    const page = await app.inject('/sign-in');
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /Haven is starting/);
    readiness.ready();
    assert.equal((await app.inject('/readyz')).statusCode, 200);
    assert.equal((await app.inject('/sign-in')).statusCode, 200);
    readiness.stopping();
    const stopping = await app.inject('/readyz');
    assert.equal(stopping.statusCode, 503);
    assert.equal(stopping.json().status, 'stopping');
  } finally {
    await app.close();
    await t.close();
  }
});
