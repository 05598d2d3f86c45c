import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startTestApp } from '../../../test/support/app.ts';

it('reports healthy while the database answers, and 503 when it does not', async () => {
  const t = await startTestApp();
  const healthy = await t.app.inject('/healthz');
  assert.equal(healthy.statusCode, 200);
  assert.deepEqual(healthy.json(), { status: 'ok', database: true });
  await t.db.destroy();
  const unhealthy = await t.app.inject('/healthz');
  assert.equal(unhealthy.statusCode, 503);
  assert.deepEqual(unhealthy.json(), { status: 'unavailable', database: false });
  await t.close();
});
