import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actorFor } from '../../test/support/builders.ts';
import { type TestDatabase, createTestDatabase } from '../../test/support/database.ts';
import { seedDemoData } from '../db/demo-data.ts';
import { listCaseWorkers } from './organisation-lists.queries.ts';

describe('case workers a case or action can be directed to', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemoData(t.db);
  });
  after(() => t.drop());

  it('leaves out someone who has left (a deactivated account)', async () => {
    const dso = await actorFor(t.db, 'dso@city.example');
    const names = async () => (await listCaseWorkers(t.db, dso.organisationId)).map((worker) => worker.id);
    assert.ok((await names()).includes(dso.userId));
    await t.db
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('id', '=', dso.userId)
      .execute();
    assert.ok(!(await names()).includes(dso.userId));
  });
});
