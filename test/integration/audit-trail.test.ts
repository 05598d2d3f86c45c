import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { recordAuditEvents } from '../../src/concerns/audit.queries.ts';
import { listConcernAccess } from '../../src/concerns/case-record.queries.ts';
import { isPostgres } from '../../src/db/dialect.ts';
import type { Actor } from '../../src/domain/access-policy.ts';
import { listingId } from '../../src/domain/audit-listing.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { listedEventsOf } from '../support/audit-listings.ts';
import { actorFor, buildConcern } from '../support/builders.ts';

// A list of concerns is audited as one event naming the list, whose members are kept once per
// distinct list (migration 0038), written in the listing's own transaction; on SQLite the rows
// join the by-subject index in batches (migration 0021). Whether a row has joined yet must never
// change what "who has seen this" shows.

describe('audit trail of listed concerns', () => {
  let t: TestApp;
  let dso: Actor;
  before(async () => {
    t = await startTestApp();
    dso = await actorFor(t.db, 'dso@city.example');
  });
  after(() => t.close());

  const list = (ids: readonly string[]) =>
    t.db.transaction().execute((trx) => recordAuditEvents(trx, dso, 'concern.listed', ids, null));

  // Opening concerns audits each with a row of its own.
  const viewEach = (ids: readonly string[]) =>
    t.db.transaction().execute((trx) => recordAuditEvents(trx, dso, 'concern.viewed', ids, null));

  const countRows = async (table: 'audit_listings' | 'audit_listing_members') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const waitingRows = async () =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from audit_events where in_subject_index = 0`.execute(t.db))
        .rows[0]!.n,
    );

  it('shows every listing of a concern at once, newest first, before and after its rows join the index', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const before = (await listConcernAccess(t.db, dso, concern.id)).length;
    await list([concern.id]);
    const others = Array.from({ length: 99 }, () => randomUUID());
    await list([concern.id, ...others]);
    const seen = await listConcernAccess(t.db, dso, concern.id);
    assert.equal(seen.length, before + 2, 'both listings, straight after they were written');
    assert.deepEqual(
      seen.slice(0, 2).map((entry) => entry.action),
      ['concern.listed', 'concern.listed'],
    );
    // Enough other rows that every waiting row has joined the index at least once.
    for (let n = 0; n < 11; n++) await viewEach(Array.from({ length: 100 }, () => randomUUID()));
    await list([concern.id]);
    const later = await listConcernAccess(t.db, dso, concern.id);
    assert.equal(later.length, before + 3);
    const times = later.map((entry) => entry.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first across both indexes');
    assert.equal((await listedEventsOf(t.db, [concern.id])).length, 3, 'one row per listing, findable by its concern');
  });

  it('keeps a list shown again once: one event per showing, one listing, its members once', async () => {
    const [first, second] = [
      await buildConcern(t.db, 'reporter@city.example'),
      await buildConcern(t.db, 'reporter@city.example'),
    ];
    const listingsBefore = await countRows('audit_listings');
    await list([first.id, second.id]);
    await list([second.id, first.id, first.id]);
    assert.equal(
      await countRows('audit_listings'),
      listingsBefore + 1,
      'the same members in another order are the same list',
    );
    const events = await listedEventsOf(t.db, [first.id, second.id]);
    assert.equal(events.length, 4, 'two showings, each holding both concerns');
    const listing = await t.db
      .selectFrom('audit_listings')
      .selectAll()
      .where('id', '=', listingId(dso.organisationId, 'concern', [first.id, second.id]))
      .executeTakeFirstOrThrow();
    assert.deepEqual([listing.subject_type, Number(listing.members)], ['concern', 2]);
    await list([first.id]);
    assert.equal(await countRows('audit_listings'), listingsBefore + 2, 'a different list is a listing of its own');
    const seen = await listConcernAccess(t.db, dso, first.id);
    assert.equal(seen.filter((entry) => entry.action === 'concern.listed').length, 3);
    assert.equal(
      (await listConcernAccess(t.db, dso, second.id)).filter((e) => e.action === 'concern.listed').length,
      2,
    );
  });

  it('never shows one organisation a listing by another that held the same id', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const districtDso = await actorFor(t.db, 'dso@district.example');
    await t.db
      .transaction()
      .execute((trx) => recordAuditEvents(trx, districtDso, 'concern.listed', [concern.id], null));
    const seen = await listConcernAccess(t.db, dso, concern.id);
    assert.deepEqual(
      seen.filter((entry) => entry.action === 'concern.listed'),
      [],
    );
    assert.ok(seen.length > 0, 'its own organisation’s events are shown');
  });

  it('keeps the rows waiting for the index few: they join it a thousand at a time', async () => {
    for (let n = 0; n < 25; n++) await viewEach(Array.from({ length: 100 }, () => randomUUID()));
    const waiting = await waitingRows();
    if (isPostgres(t.db)) assert.equal(waiting, 0, 'PostgreSQL indexes each row as it is written');
    else assert.ok(waiting > 0 && waiting < 1_000, `${waiting} rows waiting`);
  });

  it('reads a concern’s trail through the indexes, never by scanning the audit log', async (context) => {
    if (isPostgres(t.db)) return context.skip('SQLite query plans');
    const compiled = (inIndex: 0 | 1) =>
      sql.raw(
        `explain query plan select action, at from audit_events where in_subject_index = ${inIndex} ` +
          `and organisation_id = 'o' and subject_type = 'concern' and subject_id in ('a') order by at desc limit 200`,
      );
    const plan = async (inIndex: 0 | 1) =>
      (await compiled(inIndex).execute(t.db)).rows.map((row) => (row as { detail: string }).detail).join('; ');
    assert.match(await plan(1), /USING INDEX audit_events_subject/);
    assert.match(await plan(0), /USING INDEX audit_events_awaiting_subject_index/);
  });
});
