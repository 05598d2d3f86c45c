import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// The administration history (issue 8): every change, newest first, who made it, and what was
// before and after, with accounts and service areas named as they are now.
describe('administration history', () => {
  let t: TestApp;
  let administrator: Actor;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const idOf = async (table: 'service_areas' | 'users', column: 'name' | 'email', value: string) =>
    (
      await t.db
        .selectFrom(table as 'users')
        .select('id')
        .where(column as 'email', '=', value)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    t = await startTestApp();
    administrator = await actorFor(t.db, 'admin@city.example');
  });
  after(() => t.close());

  it('shows an account change with roles by name, ids by current names, and flags one’s own account', async () => {
    const housing = await idOf('service_areas', 'name', 'Housing Services');
    const business = await idOf('service_areas', 'name', 'Business Improvement');
    const manager = await idOf('users', 'email', 'manager@city.example');
    await t.db.transaction().execute((trx) =>
      recordAdministrationChange(trx, administrator, {
        subjectType: 'account',
        subjectId: administrator.userId,
        action: 'roles changed',
        before: { roles: ['administrator'], serviceAreaId: business, lineManagerId: null },
        after: {
          roles: ['administrator', 'reporter'],
          serviceAreaId: housing,
          lineManagerId: manager,
          nameChanged: true,
        },
      }),
    );
    // Named at display time: the account's name now, not when it changed.
    await t.db
      .updateTable('users')
      .set({ display_name: 'Ash Kirtley-Renamed' })
      .where('id', '=', administrator.userId)
      .execute();
    const page = await (await signedIn('coordinator@city.example')).get('/administration/history');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Account roles changed: <strong>Ash Kirtley-Renamed<\/strong>/);
    assert.match(page.body, /Changed their own account/);
    assert.match(page.body, /Roles: Administrator → Administrator, Reporter/);
    assert.match(page.body, /Service area: Business Improvement → Housing Services/);
    assert.match(page.body, /Line manager: None → Morgan Blake/);
    assert.match(page.body, /Name changed: Yes/);
    assert.ok(!page.body.includes(housing), 'no ids shown');
  });

  it('lists newest first in pages of 50, filters by what was changed, and refuses a filter it did not offer', async () => {
    const coordinator = await actorFor(t.db, 'coordinator@city.example');
    for (let day = 1; day <= 55; day += 1) {
      const date = `2031-01-${String((day % 28) + 1).padStart(2, '0')}`;
      await t.db.transaction().execute((trx) =>
        recordAdministrationChange(trx, coordinator, {
          subjectType: 'closure-day',
          subjectId: date,
          action: 'added',
          before: null,
          after: { date, reason: `Closure ${day}` },
        }),
      );
      // Each change in a millisecond of its own: two in the same one have no order between them.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const client = await signedIn('coordinator@city.example');
    const first = await client.get('/administration/history?subject=closure-day');
    assert.equal(first.statusCode, 200);
    assert.equal(first.body.match(/Closure day added/g)?.length, 50);
    assert.match(first.body, /55 changes/);
    assert.ok(first.body.indexOf('Reason: Closure 55<') < first.body.indexOf('Reason: Closure 54<'), 'newest first');
    assert.ok(!first.body.includes('Account roles changed'), 'filtered');
    assert.ok(!first.body.includes('Reason: Closure 5<'), 'the oldest are on the next page');
    const second = await client.get('/administration/history?subject=closure-day&page=2');
    assert.equal(second.body.match(/Closure day added/g)?.length, 5);
    assert.match(second.body, /Reason: Closure 1</);
    const refused = await client.get('/administration/history?subject=everything&page=0');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose what was changed from the list/);
  });

  it('is for administrators and the coordinator only, and shows only their organisation', async () => {
    assert.equal((await (await signedIn('admin@city.example')).get('/administration/history')).statusCode, 200);
    for (const email of ['dsl@city.example', 'reporter@city.example']) {
      assert.equal((await (await signedIn(email)).get('/administration/history')).statusCode, 403, email);
    }
    const district = await actorFor(t.db, 'dso@district.example');
    await t.db.transaction().execute((trx) =>
      recordAdministrationChange(trx, district, {
        subjectType: 'closure-day',
        subjectId: '2031-05-05',
        action: 'added',
        before: null,
        after: { date: '2031-05-05', reason: 'Northbrook only' },
      }),
    );
    const page = await (await signedIn('coordinator@city.example')).get('/administration/history');
    assert.ok(!page.body.includes('Northbrook only'));
  });
});
