import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, createTestDatabase } from '../support/database.ts';
import { sql } from 'kysely';
import { concernMatches, searchPhrases } from '../../src/db/full-text-search.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrations/index.ts';

describe('migration 0010: a triage deadline on every concern', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  after(() => database.drop());

  const concernRow = async (reference: string, createdAt: string, deadline: string | null) => {
    const reporter = await database.db
      .selectFrom('users')
      .select(['id', 'organisation_id', 'service_area_id'])
      .where('email', '=', 'reporter@city.example')
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await database.db
      .insertInto('concerns')
      .values({
        id,
        organisation_id: reporter.organisation_id,
        reference,
        reporter_id: reporter.id,
        service_area_id: reporter.service_area_id!,
        what_happened: 'Bruises seen at pick-up',
        happened_on: createdAt.slice(0, 10),
        location: 'School gate',
        status: 'awaiting_triage',
        created_at: createdAt,
        // Rows from before 0010 may lack a deadline; the type no longer allows one to.
        triage_deadline_at: deadline as string,
      })
      .execute();
    return { id, organisationId: reporter.organisation_id };
  };
  // The schema as it stood at 0009: today's demo data writes tables that came later.
  const seedAsOf0009 = async () => {
    const at = '2026-04-01T09:00:00.000Z';
    const [organisation, serviceArea, reporter] = [randomUUID(), randomUUID(), randomUUID()];
    await sql`insert into organisations (id, name, created_at) values (${organisation}, 'Haven City Council', ${at})`.execute(
      database.db,
    );
    await sql`insert into service_areas (id, organisation_id, name, sort_order)
      values (${serviceArea}, ${organisation}, 'Housing Services', 1)`.execute(database.db);
    await sql`insert into users (id, organisation_id, email, display_name, role, service_area_id, password_hash, created_at)
      values (${reporter}, ${organisation}, 'reporter@city.example', 'Rita Reporter', 'reporter', ${serviceArea}, '!', ${at})`.execute(
      database.db,
    );
  };
  const deadlineOf = async (id: string) =>
    (
      await database.db
        .selectFrom('concerns')
        .select('triage_deadline_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).triage_deadline_at;

  it('gives older concerns the deadline from their arrival and today’s closure days, then requires one', async () => {
    await migrateTo(database.db, '0009-concern-search');
    await seedAsOf0009();
    // Friday 1 May 2026; Monday 4 May is a bank holiday and the council closed on Tuesday 5 May.
    const missing = await concernRow('HC-2026-000001', '2026-05-01T10:00:00.000Z', null);
    const stored = await concernRow('HC-2026-000002', '2026-05-01T11:00:00.000Z', '2026-05-05T16:00:00.000Z');
    await database.db
      .insertInto('closure_days')
      .values({ organisation_id: missing.organisationId, date: '2026-05-05', reason: 'Office move' })
      .execute();

    await migrateToLatest(database.db);

    assert.equal(await deadlineOf(missing.id), '2026-05-06T16:00:00.000Z', '5pm BST on Wednesday 6 May');
    assert.equal(await deadlineOf(stored.id), '2026-05-05T16:00:00.000Z', 'a stored deadline is kept');
    await assert.rejects(concernRow('HC-2026-000003', '2026-05-07T10:00:00.000Z', null), /NOT NULL|null value/);
    await assert.rejects(
      database.db
        .updateTable('concerns')
        .set({ triage_deadline_at: null as unknown as string })
        .where('id', '=', stored.id)
        .execute(),
      /NOT NULL|null value/,
    );

    // A concern written before the table was rebuilt (0012) is still found: since 0033 the
    // application writes search documents, and the index kept what 0009's triggers made.
    const found = await database.db
      .selectFrom(concernMatches(database.db, searchPhrases('HC-2026-000002')))
      .select('matches.concern_id')
      .execute();
    assert.deepEqual(
      found.map((row) => row.concern_id),
      [stored.id],
    );
  });
});
