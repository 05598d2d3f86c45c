import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { auditedList } from '../../src/concerns/audited-read.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { listingId } from '../../src/domain/audit-listing.ts';
import { actorFor } from '../support/builders.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// A list audited while the rest of its page is read (concerns/audited-read.ts): nothing is
// shown unless the list was recorded, and a page that fails after recording keeps the record.

describe(`a list audited while its page is completed (${testDialect})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
  });
  after(() => database.drop());

  const listingEvents = (id: string) =>
    database.db.selectFrom('audit_events').select(['actor_id', 'request_id']).where('subject_id', '=', id).execute();

  it('records the listed ids as one listing and returns the completed page', async () => {
    const dso = await actorFor(database.db, 'dso@city.example');
    const rows = [{ id: randomUUID() }, { id: randomUUID() }];
    const page = await auditedList(
      database.db,
      dso,
      'req-list',
      async () => rows,
      'concern.listed',
      async (_db, listed) => listed.map((row) => `line for ${row.id}`),
    );
    assert.deepEqual(
      page,
      rows.map((row) => `line for ${row.id}`),
    );
    const id = listingId(
      dso.organisationId,
      'concern',
      rows.map((row) => row.id),
    );
    assert.deepEqual(await listingEvents(id), [{ actor_id: dso.userId, request_id: 'req-list' }]);
  });

  it('shows nothing when the list cannot be recorded, though the page was completed', async () => {
    const dso = await actorFor(database.db, 'dso@city.example');
    const unknownReader = { ...dso, userId: randomUUID() };
    const rows = [{ id: randomUUID() }];
    await assert.rejects(
      auditedList(
        database.db,
        unknownReader,
        null,
        async () => rows,
        'concern.listed',
        async () => 'the page',
      ),
    );
    assert.deepEqual(await listingEvents(listingId(dso.organisationId, 'concern', [rows[0]!.id])), []);
  });

  it('keeps the record of a list whose page failed to complete: too much, never too little', async () => {
    const dso = await actorFor(database.db, 'dso@city.example');
    const rows = [{ id: randomUUID() }];
    await assert.rejects(
      auditedList(
        database.db,
        dso,
        'req-failed',
        async () => rows,
        'concern.listed',
        async () => {
          throw new Error('the summaries could not be read');
        },
      ),
      /summaries could not be read/,
    );
    const id = listingId(dso.organisationId, 'concern', [rows[0]!.id]);
    assert.deepEqual(await listingEvents(id), [{ actor_id: dso.userId, request_id: 'req-failed' }]);
  });
});
