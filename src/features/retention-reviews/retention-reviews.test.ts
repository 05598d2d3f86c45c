import assert from 'node:assert/strict';
import { openAttachmentStore } from '../../attachment-store/open-attachment-store.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { buildConcernReadyToClose, submitCaseForm } from '../../../test/support/case-journey.ts';
import { smallPng } from '../../../test/support/files.ts';
import { silentLog } from '../../../test/support/jobs.ts';
import { concernAbout, indexFirstPerson, namedPerson } from '../../../test/support/people.ts';
import { testDialect } from '../../../test/support/database.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { type HavenDb, connectDatabase } from '../../db/connect.ts';
import { jobKinds } from '../../jobs/job-kinds.ts';
import { runDueJobs } from '../../jobs/job-worker.ts';
import { carryOutRetentionDecision } from '../../retention/carry-out-decision.ts';
import { addYears } from '../../domain/calendar-date.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

// Retention reviews, legal holds and disposal (issue 13). The app's clock is moved on to reach
// review dates: a child born in 2015 is reviewed in 2040.
describe('retention reviews, legal holds and disposal', () => {
  let t: TestApp;
  let now = new Date('2030-06-01T10:00:00Z');
  let dsl: WebClient;
  let organisationId = '';
  let other: HavenDb;

  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  /** A concern about one child born on this date. */
  const childConcern = async (name: string, dateOfBirth: string) =>
    concernAbout(t.db, [namedPerson(name, { ageGroup: 'child', age: { kind: 'date_of_birth', dateOfBirth } })]);
  const decide = async (concernId: string, form: Record<string, string>) => {
    assert.equal((await dsl.get(`/retention/reviews/${concernId}`)).statusCode, 200);
    return dsl.post(`/retention/reviews/${concernId}`, form);
  };
  const decisionsFor = (concernId: string) =>
    t.db.selectFrom('retention_decisions').selectAll().where('concern_id', '=', concernId).execute();
  const audit = (subjectId: string) =>
    t.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'subject_id', 'actor_id'])
      .where('subject_id', '=', subjectId)
      .execute();
  const runJobs = (db: HavenDb = t.db, workerId = 'test-worker') =>
    runDueJobs({
      deps: {
        db,
        // Disposal sends no mail.
        mailer: { send: async () => undefined, close: () => undefined } as never,
        baseUrl: t.config.mail.baseUrl,
        triageWarningHours: t.config.jobs.triageWarningHours,
        attachments: openAttachmentStore(t.config, t.db),
        now,
      },
      kinds: jobKinds,
      workerId,
      log: silentLog,
    });
  const placeHold = async (form: Record<string, string>, page = '/retention/holds/new') => {
    assert.equal((await dsl.get(page)).statusCode, 200);
    return dsl.post('/retention/holds/new', form);
  };

  before(async () => {
    t = await startTestApp({}, undefined, () => now);
    dsl = await signedIn('dsl@city.example');
    organisationId = (await actorFor(t.db, 'dsl@city.example')).organisationId;
    // A second instance's own pool. SQLite serves one Haven from one file, and better-sqlite3
    // waits for a lock synchronously, so there the second "instance" shares the connection.
    other = testDialect === 'postgres' ? connectDatabase(t.config.database) : t.db;
  });
  after(async () => {
    if (other !== t.db) await other.destroy();
    await t.close();
  });

  it('lists a child’s record at date of birth + 25 years, not before, and a keep decision moves it on', async () => {
    const concern = await childConcern('Robin Early', '2005-03-10');
    now = new Date('2030-03-09T12:00:00Z');
    assert.doesNotMatch((await dsl.get('/retention')).body, new RegExp(concern.reference));
    const early = await decide(concern.id, { decision: 'dispose' });
    assert.equal(early.statusCode, 409, 'nothing is decided before the review date');
    assert.match(early.body, /has not reached its review date/);
    assert.equal((await decisionsFor(concern.id)).length, 0);

    now = new Date('2030-03-10T12:00:00Z');
    const queue = await dsl.get('/retention');
    assert.match(queue.body, new RegExp(`${concern.reference}[\\s\\S]*10 March 2030[\\s\\S]*Date of birth`));

    const noYears = await decide(concern.id, { decision: 'keep', years: 'ten' });
    assert.equal(noYears.statusCode, 400);
    assert.match(noYears.body, /govuk-error-summary[\s\S]*Enter how many more years to keep the record, from 1 to 25/);
    assert.match(noYears.body, /value="ten"/);
    const nothing = await decide(concern.id, {});
    assert.equal(nothing.statusCode, 400);
    assert.match(nothing.body, /Choose whether to dispose of the record, keep it for longer, or anonymise it/);
    assert.equal((await decisionsFor(concern.id)).length, 0);

    assert.equal((await decide(concern.id, { decision: 'keep', years: '2' })).statusCode, 303);
    const [kept] = await decisionsFor(concern.id);
    assert.deepEqual([kept!.decision, kept!.keep_until, kept!.status], ['keep', '2032-03-10', 'done']);
    assert.doesNotMatch((await dsl.get('/retention')).body, new RegExp(concern.reference));
    assert.deepEqual(
      (await audit(concern.id)).filter((row) => row.action.startsWith('concern.retention')).map((row) => row.action),
      ['concern.retention-kept'],
    );
    now = new Date('2032-03-10T12:00:00Z');
    assert.match((await dsl.get('/retention')).body, new RegExp(`${concern.reference}[\\s\\S]*decision to keep it`));
  });

  it('refuses a hold with no reason or an unknown reference, writing nothing', async () => {
    const concern = await childConcern('Sam Hold', '2001-01-01');
    const holds = async () => (await t.db.selectFrom('legal_holds').select('id').execute()).length;
    const before = await holds();
    const noReason = await placeHold({ scope: 'concern', reference: concern.reference, reason: '   ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /govuk-error-summary[\s\S]*Enter the reason for the hold/);
    assert.match(noReason.body, new RegExp(`value="${concern.reference}"`));
    const unknown = await placeHold({ scope: 'concern', reference: 'HC-1999-000001', reason: 'IICSA' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No concern you can see has this reference/);
    const noScope = await placeHold({ reason: 'IICSA' });
    assert.equal(noScope.statusCode, 400);
    assert.match(noScope.body, /Choose what the hold is on/);
    assert.equal(await holds(), before);
  });

  it('never disposes of a held record: on the concern, a person named on it, or its category', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const onConcern = await childConcern('Alex Held', '2001-02-02');
    const onPerson = await childConcern('Jo Indexed', '2001-02-02');
    const { indexPersonId } = await indexFirstPerson(t.db, onPerson.id);

    assert.equal(
      (await placeHold({ scope: 'concern', reference: onConcern.reference.toLowerCase(), reason: 'IICSA' })).statusCode,
      303,
    );
    const personPage = `/retention/holds/new?person=${indexPersonId}`;
    assert.match((await dsl.get(personPage)).body, /Every concern naming Jo Indexed/);
    assert.equal(
      (await placeHold({ scope: 'person', personId: indexPersonId, reason: 'Civil claim' }, personPage)).statusCode,
      303,
    );
    const queue = await dsl.get('/retention');
    for (const concern of [onConcern, onPerson]) {
      assert.match(queue.body, new RegExp(`${concern.reference}[\\s\\S]*?On hold`));
      const refused = await decide(concern.id, { decision: 'dispose' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /under a legal hold: it cannot be disposed of or anonymised/);
      const anonymise = await decide(concern.id, { decision: 'anonymise' });
      assert.equal(anonymise.statusCode, 409);
      assert.equal((await decisionsFor(concern.id)).length, 0);
    }

    const holds = await t.db.selectFrom('legal_holds').selectAll().where('lifted_at', 'is', null).execute();
    const concernHold = holds.find((hold) => hold.concern_id === onConcern.id)!;
    assert.equal(concernHold.reason, 'IICSA');
    const placed = await audit(concernHold.id);
    assert.deepEqual(
      placed.map((row) => [row.action, row.subject_type]),
      [['legal-hold.placed', 'legal-hold']],
    );

    // Lifting is audited by the hold's id; the reason stays in the hold's row only.
    assert.match((await dsl.get('/retention/holds')).body, /IICSA/);
    assert.equal((await dsl.post(`/retention/holds/${concernHold.id}/lift`, {})).statusCode, 303);
    assert.equal((await dsl.post(`/retention/holds/${concernHold.id}/lift`, {})).statusCode, 303);
    assert.deepEqual(
      (await audit(concernHold.id)).map((row) => row.action),
      ['legal-hold.placed', 'legal-hold.lifted'],
    );
    const trail = await t.db.selectFrom('audit_events').selectAll().execute();
    assert.ok(!JSON.stringify(trail).includes('IICSA'), 'no reason in the audit trail');
    assert.equal((await decide(onConcern.id, { decision: 'keep', years: '1' })).statusCode, 303);
  });

  it('holds every concern in a category', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const concern = await childConcern('Casey Category', '2001-04-04');
    const category = await t.db
      .selectFrom('concern_categories')
      .select('category_id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(
      (await placeHold({ scope: 'category', categoryId: category.category_id, reason: 'Case review' })).statusCode,
      303,
    );
    assert.equal((await decide(concern.id, { decision: 'dispose' })).statusCode, 409);
    const hold = await t.db
      .selectFrom('legal_holds')
      .select('id')
      .where('category_id', '=', category.category_id)
      .executeTakeFirstOrThrow();
    await dsl.post(`/retention/holds/${hold.id}/lift`, {});
  });

  it('disposes of a record in the background: personal data, links and attachment bytes gone, a stub left', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const concern = await childConcern('Morgan Disposed', '2002-05-05');
    const { indexPersonId } = await indexFirstPerson(t.db, concern.id);
    const reporter = await signedIn('reporter@city.example');
    await reporter.get(`/concerns/${concern.id}/attachments/new`);
    const sent = await reporter.postFile(
      `/concerns/${concern.id}/attachments/new`,
      { description: 'Bruise photo' },
      { name: 'photo.png', type: 'image/png', bytes: smallPng },
    );
    assert.equal(sent.statusCode, 303);
    const attachment = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const bytesAt = path.join(t.config.attachmentsDir, organisationId, attachment.id);
    assert.ok(existsSync(bytesAt));

    assert.equal((await decide(concern.id, { decision: 'dispose' })).statusCode, 303);
    const queue = await dsl.get('/retention');
    assert.match(queue.body, new RegExp(`Waiting to be carried out[\\s\\S]*${concern.reference}: dispose of`));
    // Nothing is removed until the job runs.
    assert.ok(existsSync(bytesAt));
    const results = await runJobs();
    assert.deepEqual(
      results.filter((r) => r.kind === 'carry-out-retention-decision').map((r) => r.outcome),
      ['disposed'],
    );

    const row = await t.db.selectFrom('concerns').selectAll().where('id', '=', concern.id).executeTakeFirstOrThrow();
    assert.equal(decryptField(row.what_happened), '', 'blanked, and still an envelope: never plaintext');
    assert.match(row.what_happened, /^v1:/);
    assert.equal(row.location, '');
    assert.equal(row.why_at_risk, null);
    assert.ok(row.disposed_at);
    assert.equal(row.reference, concern.reference);
    for (const table of ['concern_people', 'concern_events', 'attachments', 'person_events'] as const) {
      const left = await t.db.selectFrom(table).select('id').where('concern_id', '=', concern.id).execute();
      assert.equal(left.length, 0, table);
    }
    assert.ok(!existsSync(bytesAt), 'the attachment bytes are gone');
    const person = await t.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', indexPersonId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([person.name, person.date_of_birth, person.name_key], [null, null, null]);
    assert.ok(
      (await audit(concern.id)).some((e) => e.action === 'concern.disposed'),
      'the disposal is in the audit trail',
    );

    const page = await dsl.get(`/concerns/${concern.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /disposed of under its retention schedule/);
    assert.match(page.body, /Child’s safeguarding record|Child&#39;s safeguarding record/);
    assert.match(page.body, /IRMS Information Management Toolkit for Schools/);
    assert.match(page.body, /Decided by/);
    // Every other page and step of the concern is gone with it: nothing is added to a stub.
    assert.equal((await dsl.get(`/concerns/${concern.id}/actions/new`)).statusCode, 404);
    assert.equal((await dsl.get(`/concerns/${concern.id}/attachments/${attachment.id}`)).statusCode, 404);
    assert.doesNotMatch(page.body, /Morgan Disposed|Riverside Estate|Bruise photo/);
    const search = await dsl.get('/search');
    assert.equal(search.statusCode, 200);
    const found = await dsl.post('/search', { q: 'Morgan' });
    assert.doesNotMatch(found.body, new RegExp(concern.reference));

    // A second run, and a retried job, change nothing.
    const decision = (await decisionsFor(concern.id))[0]!;
    assert.equal(
      await carryOutRetentionDecision(t.db, organisationId, decision.id, openAttachmentStore(t.config, t.db), now),
      'already-done',
    );
    assert.equal((await dsl.get(`/retention/reviews/${concern.id}`)).statusCode, 404);
    assert.equal((await dsl.post(`/retention/reviews/${concern.id}`, { decision: 'dispose' })).statusCode, 404);
  });

  it('carries out a decision once when two instances run it at the same moment', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const concern = await childConcern('Pat Twice', '2003-06-06');
    assert.equal((await decide(concern.id, { decision: 'dispose' })).statusCode, 303);
    const decision = (await decisionsFor(concern.id))[0]!;
    const outcomes = await Promise.all([
      carryOutRetentionDecision(t.db, organisationId, decision.id, openAttachmentStore(t.config, t.db), now),
      carryOutRetentionDecision(other, organisationId, decision.id, openAttachmentStore(t.config, t.db), now),
    ]);
    assert.deepEqual(outcomes.sort(), ['already-done', 'disposed']);
    const disposed = await audit(concern.id);
    assert.equal(disposed.filter((e) => e.action === 'concern.disposed').length, 1);
    // And the two workers polling the queue find the job done, each claiming nothing twice.
    const [first, second] = await Promise.all([runJobs(t.db, 'worker-a'), runJobs(other, 'worker-b')]);
    const ran = [...first, ...second].filter((r) => r.kind === 'carry-out-retention-decision');
    assert.deepEqual(
      ran.map((r) => r.outcome),
      ['already-done'],
    );
  });

  it('refuses in the background a disposal whose record was put on hold after the decision', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const concern = await childConcern('Lee Late Hold', '2003-07-07');
    assert.equal((await decide(concern.id, { decision: 'dispose' })).statusCode, 303);
    assert.equal(
      (await placeHold({ scope: 'concern', reference: concern.reference, reason: 'Inquiry' })).statusCode,
      303,
    );
    const results = await runJobs();
    assert.deepEqual(
      results.filter((r) => r.kind === 'carry-out-retention-decision').map((r) => r.outcome),
      ['held'],
    );
    const row = await t.db.selectFrom('concerns').selectAll().where('id', '=', concern.id).executeTakeFirstOrThrow();
    assert.equal(row.disposed_at, null);
    assert.notEqual(decryptField(row.what_happened), '');
    const people = await t.db
      .selectFrom('concern_people')
      .select('name')
      .where('concern_id', '=', concern.id)
      .execute();
    assert.deepEqual(people, [{ name: 'Lee Late Hold' }]);
    assert.equal((await decisionsFor(concern.id))[0]!.status, 'held');
  });

  it('anonymises a record: names and free text gone, the case work’s shape kept', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const concern = await childConcern('Kim Anon', '2003-08-08');
    assert.equal((await decide(concern.id, { decision: 'anonymise' })).statusCode, 303);
    const results = await runJobs();
    assert.ok(results.some((r) => r.outcome === 'anonymised'));
    const people = await t.db
      .selectFrom('concern_people')
      .select(['name', 'date_of_birth', 'age_group', 'person_id'])
      .where('concern_id', '=', concern.id)
      .execute();
    assert.deepEqual(people, [{ name: null, date_of_birth: null, age_group: 'child', person_id: null }]);
    const categories = await t.db
      .selectFrom('concern_categories')
      .select('category_id')
      .where('concern_id', '=', concern.id)
      .execute();
    assert.equal(categories.length, 1, 'its category still counts in reports');
    assert.match((await dsl.get(`/concerns/${concern.id}`)).body, /anonymised under its retention schedule/);
  });

  it('reviews an adult’s record 6 years after it was closed, and not while it is open', async () => {
    const concernId = await buildConcernReadyToClose(t.db, t.app);
    const reference = (
      await t.db.selectFrom('concerns').select('reference').where('id', '=', concernId).executeTakeFirstOrThrow()
    ).reference;
    now = new Date('2090-01-01T12:00:00Z');
    assert.doesNotMatch((await dsl.get('/retention')).body, new RegExp(reference), 'open: no review date');
    const dso = await signedIn('dso@city.example');
    await submitCaseForm(dso, `/concerns/${concernId}/close`, { note: 'All done' });
    const closedOn = (
      await t.db.selectFrom('concerns').select('closed_at').where('id', '=', concernId).executeTakeFirstOrThrow()
    ).closed_at!.slice(0, 10);
    const reviewOn = addYears(closedOn, 6);
    now = new Date(new Date(`${reviewOn}T00:30:00Z`).getTime() - 24 * 3_600_000);
    assert.doesNotMatch((await dsl.get('/retention')).body, new RegExp(reference), 'the day before');
    now = new Date(`${reviewOn}T12:00:00Z`);
    assert.match(
      (await dsl.get('/retention')).body,
      new RegExp(`${reference}[\\s\\S]*Adult safeguarding record[\\s\\S]*Date closed`),
    );
  });

  it('reviews an allegation at the later of 10 years or retirement, and refuses a DSO', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const allegation = await buildConcern(t.db, 'reporter@city.example', {
      positionOfTrust: 'council',
      whatHappened: { description: 'An allegation', happenedOn: '2019-12-01', location: 'Depot' },
    });
    const page = await dsl.get(`/retention/reviews/${allegation.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /Allegation against staff[\s\S]*1 December 2029[\s\S]*no date of birth: check retirement age/,
    );
    assert.match((await dsl.get('/retention')).body, new RegExp(allegation.reference));
    const dso = await signedIn('dso@city.example');
    assert.equal((await dso.get('/retention')).statusCode, 403);
    assert.equal((await dso.get(`/retention/reviews/${allegation.id}`)).statusCode, 403);
  });
});
