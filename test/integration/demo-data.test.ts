import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { roles } from '../../src/domain/access-policy.ts';
import { createTestDatabase } from '../support/database.ts';

it('seeds two organisations with a user for every role and the seeds’ role combinations, and a second start changes nothing', async () => {
  const { db, drop } = await createTestDatabase();
  try {
    await seedDemoData(db);
    const count = async (table: 'organisations' | 'users' | 'user_roles' | 'service_areas' | 'categories') =>
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
      roles: await count('user_roles'),
      areas: await count('service_areas'),
      categories: await count('categories'),
    };
    assert.equal(first.organisations, 2);
    const cityRoles = await db
      .selectFrom('user_roles')
      .innerJoin('users', 'users.id', 'user_roles.user_id')
      .innerJoin('organisations', 'organisations.id', 'user_roles.organisation_id')
      .select(['users.email', 'user_roles.role'])
      .where('organisations.name', '=', 'Haven City Council')
      .execute();
    assert.deepEqual(new Set(cityRoles.map((u) => u.role)), new Set(roles));
    const held = (email: string) =>
      cityRoles
        .filter((row) => row.email === email)
        .map((row) => row.role)
        .sort();
    // The combinations the seeds describe, each a demo sign-in.
    assert.deepEqual(held('hbi@city.example'), ['dsl', 'head_of_business_improvement']);
    assert.deepEqual(held('head-of-service@city.example'), ['dsl', 'line_manager', 'senior_leader']);
    assert.deepEqual(held('champion-manager@city.example'), ['champion', 'line_manager']);
    assert.deepEqual(held('coordinator-dso@city.example'), ['coordinator', 'dso']);
    // Work contact details for "Who to talk to", and line managers as the seeds have them:
    // Champions manage staff, and the Head of Service (a DSL) manages someone.
    const people = await db
      .selectFrom('users')
      .leftJoin('users as manager', 'manager.id', 'users.line_manager_id')
      .select(['users.email', 'users.job_title', 'users.phone', 'manager.email as managerEmail'])
      .execute();
    assert.ok(people.every((person) => person.job_title && /^01632 960\d{3}$/.test(person.phone ?? '')));
    const managerOf = (email: string) => people.find((person) => person.email === email)?.managerEmail;
    assert.equal(managerOf('reporter@city.example'), 'champion-manager@city.example');
    assert.equal(managerOf('champion@city.example'), 'head-of-service@city.example');
    assert.equal(managerOf('reporter@district.example'), null);
    await seedDemoData(db);
    assert.deepEqual(
      {
        organisations: await count('organisations'),
        users: await count('users'),
        roles: await count('user_roles'),
        areas: await count('service_areas'),
        categories: await count('categories'),
      },
      first,
    );
  } finally {
    await drop();
  }
});
