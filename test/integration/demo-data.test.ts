import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { roles } from '../../src/domain/access-policy.ts';
import { createTestDatabase } from '../support/database.ts';

it('seeds two organisations with a user for every role, and a second start changes nothing', async () => {
  const { db, drop } = await createTestDatabase();
  try {
    await seedDemoData(db);
    const count = async (table: 'organisations' | 'users' | 'service_areas' | 'categories') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const first = {
      organisations: await count('organisations'),
      users: await count('users'),
      areas: await count('service_areas'),
      categories: await count('categories'),
    };
    assert.equal(first.organisations, 2);
    const cityRoles = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select('users.role')
      .where('organisations.name', '=', 'Haven City Council')
      .execute();
    assert.deepEqual(new Set(cityRoles.map((u) => u.role)), new Set(roles));
    await seedDemoData(db);
    assert.deepEqual(
      {
        organisations: await count('organisations'),
        users: await count('users'),
        areas: await count('service_areas'),
        categories: await count('categories'),
      },
      first,
    );
  } finally {
    await drop();
  }
});
