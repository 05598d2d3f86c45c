import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { runHaven } from '../../src/cli/haven.ts';
import { loadConfig } from '../../src/config.ts';
import { auditChainAppender, recordAuditEvents, recordAuditEventsOfActions } from '../../src/concerns/audit.queries.ts';
import { auditedRead } from '../../src/concerns/audited-read.ts';
import { verifyAuditChains } from '../../src/concerns/audit-chain.queries.ts';
import type { HavenDb } from '../../src/db/connect.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrations/index.ts';
import { chainHash } from '../../src/domain/audit-chain.ts';
import { listingId } from '../../src/domain/audit-listing.ts';
import { tamperWithAudit } from '../support/audit-tamper.ts';
import { actorFor } from '../support/builders.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// Tamper-evident audit (issue 13): every way of tampering with a stored event is found, and
// where (organisation, sequence number, event id); the database itself refuses the changes.

const databases: TestDatabase[] = [];
after(async () => {
  for (const database of databases) await database.drop();
});

type Chain = { db: HavenDb; database: TestDatabase; organisationId: string; events: { id: string; seq: number }[] };

/** The demo organisations and `count` audit events by the City DSL, each in its own transaction. */
async function chainOf(count = 6): Promise<Chain> {
  const database = await createTestDatabase();
  databases.push(database);
  await seedDemoData(database.db);
  const actor = await actorFor(database.db, 'dsl@city.example');
  for (let i = 0; i < count; i++) {
    await recordAuditEvents(database.db, actor, 'concern.viewed', [randomUUID()], `req-${i}`);
  }
  return { db: database.db, database, organisationId: actor.organisationId, events: await chainedEvents(database.db) };
}

const chainedEvents = async (db: HavenDb, organisationId?: string) =>
  (
    await db
      .selectFrom('audit_events')
      .select(['id', 'chain_seq'])
      .$if(organisationId !== undefined, (q) => q.where('organisation_id', '=', organisationId!))
      .orderBy('chain_seq')
      .execute()
  ).map((row) => ({ id: row.id, seq: Number(row.chain_seq) }));

async function breaksIn(chain: Chain) {
  const verification = await verifyAuditChains(chain.db);
  return verification.breaks.map(({ organisationId, kind, seq, eventId, missing }) => ({
    organisationId,
    kind,
    seq,
    eventId,
    ...(missing ? { missing } : {}),
  }));
}

async function havenAuditVerify(chain: Chain) {
  const out: string[] = [];
  const err: string[] = [];
  const config = { ...loadConfig({ HAVEN_ENV: 'test', LOG_LEVEL: 'silent' }), database: chain.database.config };
  const status = await runHaven(['audit', 'verify'], config, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe(`tamper-evident audit chain (${testDialect})`, () => {
  it('chains each organisation’s events 1, 2, 3… and haven audit verify finds them unbroken', async () => {
    const chain = await chainOf(5);
    assert.deepEqual(
      chain.events.map((event) => event.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(await breaksIn(chain), []);
    const verified = await havenAuditVerify(chain);
    assert.equal(verified.status, 0, verified.err);
    assert.match(verified.out, /Audit chain verified: 5 events in 2 organisations, unbroken\./);
  });

  it('finds a changed event, says where, and exits 1', async () => {
    const chain = await chainOf();
    const changed = chain.events[2]!;
    await tamperWithAudit(chain.db, (trx) =>
      trx.updateTable('audit_events').set({ subject_id: randomUUID() }).where('id', '=', changed.id).execute(),
    );
    assert.deepEqual(await breaksIn(chain), [
      { organisationId: chain.organisationId, kind: 'changed', seq: 3, eventId: changed.id },
    ]);
    const verified = await havenAuditVerify(chain);
    assert.equal(verified.status, 1);
    assert.match(
      verified.err,
      new RegExp(`Audit chain broken: organisation ${chain.organisationId}, sequence 3, event ${changed.id}: changed`),
    );
    assert.match(verified.err, /Audit chain verification failed: 1 breaks in 6 events\./);
  });

  it('finds a changed time or actor as well as a changed subject', async () => {
    const chain = await chainOf();
    const [, second, , fourth] = chain.events;
    const otherActor = await actorFor(chain.db, 'dso@city.example');
    await tamperWithAudit(chain.db, async (trx) => {
      await trx
        .updateTable('audit_events')
        .set({ at: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', second!.id)
        .execute();
      await trx.updateTable('audit_events').set({ actor_id: otherActor.userId }).where('id', '=', fourth!.id).execute();
    });
    assert.deepEqual(
      (await breaksIn(chain)).map((b) => [b.kind, b.seq, b.eventId]),
      [
        ['changed', 2, second!.id],
        ['changed', 4, fourth!.id],
      ],
    );
  });

  it('finds an event removed from the middle of the chain, and one removed from its end', async () => {
    const chain = await chainOf();
    const [, , third, fourth, , sixth] = chain.events;
    await tamperWithAudit(chain.db, (trx) =>
      trx.deleteFrom('audit_events').where('id', 'in', [third!.id, sixth!.id]).execute(),
    );
    assert.deepEqual(await breaksIn(chain), [
      { organisationId: chain.organisationId, kind: 'removed', seq: 4, eventId: fourth!.id, missing: [3, 3] },
      { organisationId: chain.organisationId, kind: 'removed', seq: 6, eventId: null, missing: [6, 6] },
    ]);
    const verified = await havenAuditVerify(chain);
    assert.equal(verified.status, 1);
    assert.match(verified.err, /sequence 3: removed \(before event /);
    assert.match(verified.err, /sequence 6: removed \(at the end of the chain\)/);
  });

  it('finds events inserted: outside the chain, or forged into a place already taken', async () => {
    const chain = await chainOf();
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const outside = randomUUID();
    const forged = randomUUID();
    const [, second] = chain.events;
    const secondHash = (
      await chain.db
        .selectFrom('audit_events')
        .select('chain_hash')
        .where('id', '=', second!.id)
        .executeTakeFirstOrThrow()
    ).chain_hash!;
    const fields = {
      organisationId: chain.organisationId,
      actorId: actor.userId,
      action: 'concern.viewed',
      subjectType: 'concern',
      subjectId: randomUUID(),
      requestId: null,
      at: new Date().toISOString(),
    };
    await tamperWithAudit(chain.db, async (trx) => {
      await sql`drop index audit_events_chain`.execute(trx);
      const row = (id: string, seq: number | null, hash: string | null) => ({
        id,
        organisation_id: fields.organisationId,
        actor_id: fields.actorId,
        action: fields.action,
        subject_type: fields.subjectType,
        subject_id: fields.subjectId,
        request_id: null,
        at: fields.at,
        chain_seq: seq,
        chain_hash: hash,
      });
      await trx
        .insertInto('audit_events')
        .values(row(outside, null, null))
        .execute();
      // Hashed correctly for place 3, as someone who read the code could.
      const hash = chainHash(secondHash, { ...fields, id: forged, seq: 3 });
      await trx
        .insertInto('audit_events')
        .values(row(forged, 3, hash))
        .execute();
    });
    const breaks = await breaksIn(chain);
    assert.ok(
      breaks.some((b) => b.seq === 3 && b.kind === 'inserted'),
      `a second event at place 3: ${JSON.stringify(breaks)}`,
    );
    assert.ok(breaks.some((b) => b.eventId === outside && b.kind === 'inserted' && b.seq === null));
    assert.ok(breaks.every((b) => b.seq === null || b.seq === 3 || b.seq === 4));
  });

  it('finds two events swapped in order', async () => {
    const chain = await chainOf();
    const [, second, third] = chain.events;
    await tamperWithAudit(chain.db, async (trx) => {
      await trx.updateTable('audit_events').set({ chain_seq: -1 }).where('id', '=', second!.id).execute();
      await trx.updateTable('audit_events').set({ chain_seq: 2 }).where('id', '=', third!.id).execute();
      await trx.updateTable('audit_events').set({ chain_seq: 3 }).where('id', '=', second!.id).execute();
    });
    assert.deepEqual(
      (await breaksIn(chain)).map((b) => [b.kind, b.seq, b.eventId]),
      [
        ['changed', 2, third!.id],
        ['changed', 3, second!.id],
        // The fourth is unchanged, but the event before it is not the one it was chained to.
        ['changed', 4, chain.events[3]!.id],
      ],
    );
  });

  it('finds a chain head wound back to hide the last events', async () => {
    const chain = await chainOf();
    const [, , , , fifth, sixth] = chain.events;
    await tamperWithAudit(chain.db, async (trx) => {
      await trx.deleteFrom('audit_events').where('id', '=', sixth!.id).execute();
      const hash = await trx
        .selectFrom('audit_events')
        .select('chain_hash')
        .where('id', '=', fifth!.id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('audit_chain_heads')
        .set({ last_seq: 5, last_hash: hash.chain_hash! })
        .where('organisation_id', '=', chain.organisationId)
        .execute();
    });
    // Undetectable from the database alone: the chain ends where its head now says. The
    // triggers (next test) are what stop it; a backup's checksums show it (haven verify).
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('refuses to change or remove an audit event or wind a chain head back, whoever asks', async () => {
    const chain = await chainOf(3);
    const [first] = chain.events;
    const refused = /kept as written|only move forward|are kept/;
    await assert.rejects(
      chain.db.updateTable('audit_events').set({ subject_id: randomUUID() }).where('id', '=', first!.id).execute(),
      refused,
    );
    await assert.rejects(chain.db.deleteFrom('audit_events').where('id', '=', first!.id).execute(), refused);
    await assert.rejects(
      chain.db
        .updateTable('audit_chain_heads')
        .set({ last_seq: 1 })
        .where('organisation_id', '=', chain.organisationId)
        .execute(),
      refused,
    );
    await assert.rejects(
      chain.db.deleteFrom('audit_chain_heads').where('organisation_id', '=', chain.organisationId).execute(),
      refused,
    );
    if (testDialect === 'postgres') {
      await assert.rejects(sql`truncate audit_events`.execute(chain.db), refused);
      await assert.rejects(sql`truncate audit_chain_heads cascade`.execute(chain.db), refused);
    } else {
      // The one change SQLite allows: a waiting row joining the by-subject index (migration 0021).
      await chain.db.updateTable('audit_events').set({ in_subject_index: 1 }).where('id', '=', first!.id).execute();
    }
    assert.equal((await chainedEvents(chain.db, chain.organisationId)).length, 3);
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('never forks when many transactions append to one organisation’s chain at once', async () => {
    const chain = await chainOf(0);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const writers = Array.from({ length: 40 }, (_, i) =>
      chain.db.transaction().execute(async (trx) => {
        const subjects = Array.from({ length: 1 + (i % 3) }, () => randomUUID());
        await recordAuditEvents(trx, actor, 'concern.listed', subjects, `req-${i}`);
        // Something else in the transaction after the audit rows, as a listing's read does.
        await trx.selectFrom('concerns').select('id').limit(1).execute();
      }),
    );
    await Promise.all(writers);
    const events = await chainedEvents(chain.db, chain.organisationId);
    // Each listing is one event, however many concerns it held.
    assert.deepEqual(
      events.map((event) => event.seq),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('lets many readers of the same new list at once store it once, each with an event of its own', async () => {
    // Each stores the listing before it claims the chain: a reader waiting on another's new
    // listing holds no claim that reader needs, and none is left without its members.
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const subjects = Array.from({ length: 30 }, () => randomUUID());
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        chain.db.transaction().execute(async (trx) => {
          await recordAuditEvents(trx, actor, 'concern.listed', subjects, `req-${i}`);
          await trx.selectFrom('concerns').select('id').limit(1).execute();
        }),
      ),
    );
    const id = listingId(actor.organisationId, 'concern', subjects);
    const members = await chain.db
      .selectFrom('audit_listing_members')
      .select('subject_id')
      .where('listing_id', '=', id)
      .execute();
    assert.deepEqual(members.map((member) => member.subject_id).sort(), [...subjects].sort());
    const events = await chain.db.selectFrom('audit_events').select('id').where('subject_id', '=', id).execute();
    assert.equal(events.length, 12);
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('writes several actions’ events after one claim on the chain, in the order given, and they verify', async () => {
    const chain = await chainOf(2);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const [person, member, concern] = [randomUUID(), randomUUID(), randomUUID()];
    const counted = countingChainClaims(chain.db);
    await recordAuditEventsOfActions(
      counted.db,
      actor,
      [
        { action: 'person.viewed', subjectIds: [person] },
        { action: 'person.listed', subjectIds: [] },
        { action: 'concern.read-in-chronology', subjectIds: [concern] },
        { action: 'person.listed', subjectIds: [member] },
      ],
      'req-page',
    );
    assert.equal(counted.count(), 1);
    const written = await chain.db
      .selectFrom('audit_events')
      .select(['chain_seq', 'action', 'subject_type', 'subject_id', 'request_id'])
      .where('request_id', '=', 'req-page')
      .orderBy('chain_seq')
      .execute();
    assert.deepEqual(
      written.map((row) => [Number(row.chain_seq), row.action, row.subject_type, row.subject_id]),
      [
        [3, 'person.viewed', 'person', person],
        [4, 'concern.read-in-chronology', 'listing', listingId(actor.organisationId, 'concern', [concern])],
        [5, 'person.listed', 'listing', listingId(actor.organisationId, 'person', [member])],
      ],
    );
    assert.deepEqual(await breaksIn(chain), []);
    const verified = await havenAuditVerify(chain);
    assert.equal(verified.status, 0, verified.err);
  });

  it('appends batch after batch in one transaction, in call order, and refuses to fork when another writer moved the head', async () => {
    const chain = await chainOf(2);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const subjects = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await chain.db.transaction().execute(async (trx) => {
      const append = auditChainAppender(trx, actor, 'req-run');
      // Called without waiting, as the history import does: they chain in the order called.
      await Promise.all([
        append('concern.created', subjects.slice(0, 2)),
        append('concern.created', subjects.slice(2)),
      ]);
    });
    const written = await chain.db
      .selectFrom('audit_events')
      .select(['chain_seq', 'subject_id'])
      .where('request_id', '=', 'req-run')
      .orderBy('chain_seq')
      .execute();
    assert.deepEqual(
      written.map((row) => [Number(row.chain_seq), row.subject_id]),
      subjects.map((subject, i) => [3 + i, subject]),
    );
    assert.deepEqual(await breaksIn(chain), []);

    const refused = chain.db.transaction().execute(async (trx) => {
      const append = auditChainAppender(trx, actor, 'req-forked');
      await append('concern.created', [randomUUID()]);
      await recordAuditEvents(trx, actor, 'concern.viewed', [randomUUID()], 'req-between');
      await append('concern.created', [randomUUID()]);
    });
    if (testDialect === 'postgres') await assert.rejects(refused, /audit chain moved/);
    else await refused;
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('claims the chain once for an audited read that shows several kinds of thing', async () => {
    // One event first: an organisation's very first claim starts its chain, a statement more.
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const counted = countingChainClaims(chain.db);
    const shown = { people: [randomUUID(), randomUUID()], concerns: [randomUUID()] };
    await auditedRead(
      counted.db,
      actor,
      'req-read',
      async () => shown,
      ({ people, concerns }) => ({
        'person.viewed': people.slice(0, 1),
        'person.listed': [...people, people[1]!],
        'concern.listed': concerns,
      }),
    );
    assert.equal(counted.count(), 1);
    // The person viewed, and one listing each of people and of concerns.
    assert.deepEqual(
      (await chainedEvents(chain.db, chain.organisationId)).map((event) => event.seq),
      [1, 2, 3, 4],
    );
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('stores a listing again when the audit that first stored it rolled back, and not again once committed', async () => {
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const counted = countingListingInserts(chain.db);
    const shown = [randomUUID(), randomUUID()];
    const list = (reader: typeof actor) =>
      auditedRead(
        counted.db,
        reader,
        null,
        async () => shown,
        (ids) => ({ 'concern.listed': ids }),
      );
    // Someone the database does not know: the listing is stored, their event refused, and both roll back.
    await assert.rejects(list({ ...actor, userId: randomUUID() }));
    await list(actor);
    await list(actor);
    const stored = await chain.db
      .selectFrom('audit_listings')
      .select('id')
      .where('id', '=', listingId(actor.organisationId, 'concern', shown))
      .execute();
    assert.equal(stored.length, 1);
    // Tried by the refused reader and by the first reader after it; the second knew it committed.
    assert.equal(counted.count(), 2);
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('appends an audited read after the head it last left, with no claim, until another writer moves the chain', async () => {
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const counted = countingChainClaims(chain.db);
    const read = (n: number) =>
      auditedRead(
        counted.db,
        actor,
        `req-read-${n}`,
        async () => [randomUUID()],
        (ids) => ({ 'concern.viewed': ids }),
      );
    await read(1);
    await read(2);
    // The first claims the chain and learns where it ends; on PostgreSQL the second needs no claim.
    assert.equal(counted.count(), testDialect === 'postgres' ? 1 : 2);
    await recordAuditEvents(chain.db, actor, 'concern.viewed', [randomUUID()], 'req-other-writer');
    await read(3);
    // The head it knew had moved: its one statement wrote nothing, and it claimed the chain instead.
    assert.equal(counted.count(), testDialect === 'postgres' ? 2 : 3);
    assert.deepEqual(
      (await chainedEvents(chain.db, chain.organisationId)).map((event) => event.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('never forks when many audited reads append at once after the head they know, nor claims it', async () => {
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const counted = countingChainClaims(chain.db);
    const listed = [randomUUID(), randomUUID()];
    const read = (n: number) =>
      auditedRead(
        counted.db,
        actor,
        `req-${n}`,
        async () => ({ viewed: [randomUUID()], listed }),
        ({ viewed }) => ({ 'concern.viewed': viewed, 'concern.listed': listed }),
      );
    await read(0);
    await Promise.all(Array.from({ length: 30 }, (_, i) => read(i + 1)));
    // On PostgreSQL only the first claims the chain: the others append in turn after it.
    assert.equal(counted.count(), testDialect === 'postgres' ? 1 : 31);
    // Each read: the concern it opened and the list it showed.
    assert.deepEqual(
      (await chainedEvents(chain.db, chain.organisationId)).map((event) => event.seq),
      Array.from({ length: 1 + 31 * 2 }, (_, i) => i + 1),
    );
    assert.deepEqual(await breaksIn(chain), []);
  });

  it('finds a listing whose members were changed, and one an event names that was removed', async () => {
    const chain = await chainOf(1);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const [kept, changed, removed] = [[randomUUID()], [randomUUID(), randomUUID()], [randomUUID()]];
    for (const ids of [kept, changed, removed]) await recordAuditEvents(chain.db, actor, 'concern.listed', ids, null);
    const idOf = (ids: string[]) => listingId(actor.organisationId, 'concern', ids);
    const removedEvent = await chain.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', idOf(removed))
      .executeTakeFirstOrThrow();
    await tamperWithAudit(chain.db, async (trx) => {
      await trx
        .updateTable('audit_listing_members')
        .set({ subject_id: randomUUID() })
        .where('listing_id', '=', idOf(changed))
        .where('subject_id', '=', changed[0]!)
        .execute();
      await trx.deleteFrom('audit_listing_members').where('listing_id', '=', idOf(removed)).execute();
      await trx.deleteFrom('audit_listings').where('id', '=', idOf(removed)).execute();
    });
    const verification = await verifyAuditChains(chain.db);
    assert.deepEqual(
      verification.breaks.map(({ kind, listingId: listing, eventId }) => ({ kind, listing, eventId })),
      [
        { kind: 'listing-changed', listing: idOf(changed), eventId: null },
        { kind: 'listing-changed', listing: idOf(removed), eventId: removedEvent.id },
      ],
    );
    const verified = await havenAuditVerify(chain);
    assert.equal(verified.status, 1);
    assert.match(verified.err, new RegExp(`listing ${idOf(changed)}: changed or removed`));
  });

  it('refuses to change or remove a listing or its members, whoever asks', async () => {
    const chain = await chainOf(0);
    const actor = await actorFor(chain.db, 'dsl@city.example');
    const ids = [randomUUID(), randomUUID()];
    await recordAuditEvents(chain.db, actor, 'concern.listed', ids, null);
    const id = listingId(actor.organisationId, 'concern', ids);
    const refused = /kept as written/;
    await assert.rejects(
      chain.db.updateTable('audit_listings').set({ members: 1 }).where('id', '=', id).execute(),
      refused,
    );
    await assert.rejects(
      chain.db
        .updateTable('audit_listing_members')
        .set({ subject_id: randomUUID() })
        .where('listing_id', '=', id)
        .execute(),
      refused,
    );
    await assert.rejects(chain.db.deleteFrom('audit_listing_members').where('listing_id', '=', id).execute(), refused);
    if (testDialect === 'postgres')
      await assert.rejects(sql`truncate audit_listing_members`.execute(chain.db), refused);
    assert.deepEqual(await breaksIn(chain), []);
  });
});

/** The database, counting the statements that claim places in an audit chain (takeChainHead). */
/** A view of the database that counts the queries it runs that match. */
function counting(db: HavenDb, matches: (node: RootOperationNode) => boolean) {
  let count = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (matches(node)) count++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(counter), count: () => count };
}

const countingChainClaims = (db: HavenDb) => counting(db, claimsChain);

const countingListingInserts = (db: HavenDb) =>
  counting(db, (node) => node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'audit_listings');

const claimsChain = (node: RootOperationNode) =>
  node.kind === 'RawNode' && node.sqlFragments.join('?').includes('update audit_chain_heads set last_seq');

describe(`migration 0026 chains the events already recorded (${testDialect})`, () => {
  it('in order of time, per organisation, so an installation already running verifies at once', async () => {
    const database = await createTestDatabase({ migrated: false });
    databases.push(database);
    const { db } = database;
    await migrateTo(db, '0021-audit-subject-index-later');
    const organisations = [randomUUID(), randomUUID()];
    const users = [randomUUID(), randomUUID()];
    for (const [i, id] of organisations.entries()) {
      await sql`insert into organisations (id, name, created_at) values (${id}, ${`Council ${i}`}, '2026-01-01T00:00:00.000Z')`.execute(
        db,
      );
      await sql`insert into users (id, organisation_id, email, display_name, role, password_hash, created_at)
        values (${users[i]!}, ${id}, ${`user${i}@test.example`}, 'Someone', 'dsl', 'x', '2026-01-01T00:00:00.000Z')`.execute(
        db,
      );
    }
    // Written out of time order, as the ids are random: the chain follows time.
    const times = [5, 1, 4, 2, 3, 6, 8, 7];
    const written = times.map((minute, i) => ({ id: randomUUID(), minute, organisation: i % 2 }));
    for (const event of written) {
      await sql`insert into audit_events (id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at)
        values (${event.id}, ${organisations[event.organisation]!}, ${users[event.organisation]!}, 'concern.viewed',
                'concern', ${randomUUID()}, null, ${`2026-02-01T10:0${event.minute}:00.000Z`})`.execute(db);
    }
    await migrateToLatest(db);
    for (const [index, organisationId] of organisations.entries()) {
      const expected = written
        .filter((event) => event.organisation === index)
        .sort((a, b) => a.minute - b.minute)
        .map((event, i) => ({ id: event.id, seq: i + 1 }));
      assert.deepEqual(await chainedEvents(db, organisationId), expected);
    }
    const verification = await verifyAuditChains(db);
    assert.equal(verification.events, 8);
    assert.deepEqual(verification.breaks, []);
    // New events carry on from the migrated head.
    await recordAuditEvents(
      db,
      { userId: users[0]!, organisationId: organisations[0]! },
      'concern.viewed',
      [randomUUID()],
      null,
    );
    assert.equal((await chainedEvents(db, organisations[0])).at(-1)?.seq, 5);
    assert.deepEqual((await verifyAuditChains(db)).breaks, []);
  });
});
