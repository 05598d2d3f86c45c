import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openAttachmentStore } from '../../src/attachment-store/open-attachment-store.ts';
import { DirectoryAttachmentStore } from '../../src/attachment-store/directory-store.ts';
import { runHaven } from '../../src/cli/haven.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { concernMatches, searchPhrases } from '../../src/db/full-text-search.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrations/index.ts';
import { prepareFieldEncryption } from '../../src/field-encryption/rotate-all.ts';
import { type TestDatabase, createTestDatabase } from '../support/database.ts';
import {
  type FieldKeyring,
  MissingFieldKey,
  decryptField,
  developmentKeyring,
  encryptField,
  installFieldKeyring,
  makeKeyring,
} from '../../src/field-encryption/field-encryption.ts';
import {
  FieldKeysRefused,
  checkFieldKeys,
  columnsPendingEncryption,
  rotateFields,
} from '../../src/field-encryption/key-management.ts';
import { encryptedColumns } from '../../src/field-encryption/encrypted-columns.ts';
import { gatherHoldings } from '../../src/features/subject-access/holdings.ts';
import { findPerson } from '../../src/features/subject-access/subject-access.queries.ts';
import { submitCaseForm, todayFields, triage } from '../support/case-journey.ts';
import { smallPng } from '../support/files.ts';
import { addAsNewPerson, concernAbout, namedPerson } from '../support/people.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { actorFor, buildAddedInformation, buildConcern } from '../support/builders.ts';
import {
  addPerson,
  answerTheRest,
  personForm,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../support/concern-journey.ts';
import { WebClient } from '../support/web-client.ts';

// Encryption at rest (issue 13), on the database the run names: what the tables and the
// attachment store really hold, the start-up key check, and `haven keys rotate`.

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('encryption at rest of special-category free text', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    installFieldKeyring(developmentKeyring);
    await t.close();
  });

  const organisationOf = async (concernId: string) =>
    (await t.db.selectFrom('concerns').select('organisation_id').where('id', '=', concernId).executeTakeFirstOrThrow())
      .organisation_id;

  it('holds no plaintext in the columns after the web journey, and every page still reads it', async () => {
    installFieldKeyring(developmentKeyring);
    const answers = await typicalAnswers(t.db);
    answers['what-happened'] = { ...answers['what-happened'], description: 'Marmalade-cat hoard in the hallway' };
    answers['why-at-risk'] = { whyAtRisk: 'Quietly starving since the winter' };
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const draftId = await startConcern(reporter);
    await addPerson(reporter, draftId, personForm({ name: 'Pat Example' }));
    await answerTheRest(reporter, draftId, answers);
    const draft = await t.db
      .selectFrom('concern_drafts')
      .select('answers')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    assert.match(draft.answers, /^v1:dev:/, 'a draft holds ciphertext');
    assert.ok(!draft.answers.includes('Marmalade'));
    const { id } = await sendConcern(reporter, draftId);
    await reporter.post(`/concerns/${id}/add-information`, { information: 'Neighbour heard shouting on Tuesday' });

    const raw = await t.db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const column of ['what_happened', 'why_at_risk', 'visit_purpose'] as const) {
      assert.match(String(raw[column]), /^v1:dev:[\w-]+:[\w-]+:[\w-]+$/, column);
    }
    assert.ok(!JSON.stringify(raw).includes('Marmalade') && !JSON.stringify(raw).includes('starving'));
    const events = await t.db.selectFrom('concern_events').select('details').where('concern_id', '=', id).execute();
    assert.ok(events.length > 0);
    for (const event of events) assert.match(event.details, /^v1:dev:/);
    assert.ok(!JSON.stringify(events).includes('shouting'));

    const page = await reporter.get(`/concerns/${id}`);
    assert.ok(page.body.includes('Marmalade-cat hoard in the hallway'), 'the concern page shows what happened');
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    const casePage = await dsl.get(`/concerns/${id}`);
    assert.ok(casePage.body.includes('Quietly starving since the winter'), 'the DSL sees why at risk');
    assert.ok(casePage.body.includes('Neighbour heard shouting on Tuesday'), 'and the information added later');
    const found = await dsl.post('/search', { q: 'marmalade' });
    assert.ok(found.body.includes(raw.reference), 'search finds it by a word from what happened');
    const foundLater = await dsl.post('/search', { q: 'shouting' });
    assert.ok(foundLater.body.includes(raw.reference), 'and by a word of information added later');
  });

  it('holds the case notes officers write as ciphertext, and every reader shows the words', async () => {
    installFieldKeyring(developmentKeyring);
    const notes = {
      action: 'Bring the kettle-descaler leaflet to Rowan',
      referralReason: 'Rowan fears a pelican-crossing reprisal',
      escalation: 'Harpsichord dispute with the agency',
      resolution: 'Settled over teacakes with the team manager',
      disclosureReason: 'Lighthouse keeper declined, risk to life',
      attachment: 'Photo of the zeppelin mural in the hallway',
    };
    const concern = await concernAbout(t.db, [namedPerson('Rowan Casenote')]);
    const base = `/concerns/${concern.id}`;
    const dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    const dslActor = await actorFor(t.db, 'dsl@city.example');
    await triage(t.db, dso, concern.id);
    await submitCaseForm(dso, `${base}/actions/new`, {
      description: notes.action,
      assigneeId: dslActor.userId,
      ...todayFields('dueOn'),
    });
    const agencyId = async (code: string) =>
      (
        await t.db
          .selectFrom('agencies')
          .select('id')
          .where('organisation_id', '=', dslActor.organisationId)
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).id;
    await submitCaseForm(dso, `${base}/referrals/new`, {
      agencyId: await agencyId('police'),
      ...todayFields('referredOn'),
      professional: 'Duty sergeant',
      consent: 'no',
      noConsentReason: notes.referralReason,
      lawfulBasis: 'vital-interests',
    });
    await submitCaseForm(dso, `${base}/escalate`, { reason: notes.escalation });
    const escalation = await t.db
      .selectFrom('escalations')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const resolveForm = await dsl.get(`${base}/escalations/${escalation.id}/resolve`);
    assert.ok(resolveForm.body.includes(notes.escalation), 'the resolve form shows the reason given');
    await submitCaseForm(dsl, `${base}/escalations/${escalation.id}/resolve`, { resolution: notes.resolution });
    await submitCaseForm(dso, `${base}/disclosures/new`, {
      agencyId: await agencyId('duty-to-notify'),
      recipient: 'Home Office duty officer',
      what: 'Nationality',
      lawfulBasis: 'legal-obligation',
      consent: 'no',
      noConsentReason: notes.disclosureReason,
      ...todayFields('sharedOn'),
    });
    await dso.get(`${base}/attachments/new`);
    const sent = await dso.postFile(
      `${base}/attachments/new`,
      { description: notes.attachment },
      { name: 'mural.png', type: 'image/png', bytes: smallPng },
    );
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));

    // What the tables hold: an envelope under the current key, none of the words.
    const stored = [
      ...(await t.db
        .selectFrom('concern_actions')
        .select('description as value')
        .where('concern_id', '=', concern.id)
        .execute()),
      ...(await t.db
        .selectFrom('escalations')
        .select('reason as value')
        .where('concern_id', '=', concern.id)
        .execute()),
      ...(await t.db
        .selectFrom('escalations')
        .select('resolution as value')
        .where('concern_id', '=', concern.id)
        .execute()),
      ...(await t.db
        .selectFrom('referrals')
        .select('no_consent_reason as value')
        .where('concern_id', '=', concern.id)
        .execute()),
      ...(await t.db
        .selectFrom('disclosures')
        .select('no_consent_reason as value')
        .where('concern_id', '=', concern.id)
        .execute()),
      ...(await t.db
        .selectFrom('attachments')
        .select('description as value')
        .where('concern_id', '=', concern.id)
        .execute()),
    ].map((row) => row.value);
    // Seven values: the referral made without consent logged its own disclosure, with its reason.
    assert.equal(stored.length, 7, 'a value in each column');
    for (const value of stored) assert.match(String(value), /^v1:dev:[\w-]+:[\w-]+:[\w-]+$/);
    const everything = JSON.stringify(stored);
    for (const words of ['kettle', 'pelican', 'Harpsichord', 'teacakes', 'Lighthouse', 'zeppelin']) {
      assert.ok(!everything.includes(words), `no plaintext: ${words}`);
    }
    assert.deepEqual(
      stored.map((value) => decryptField(value)).sort(),
      [...Object.values(notes), notes.referralReason].sort(),
    );

    // Every reader decrypts: the words are there, and no envelope is shown.
    const shows = (body: string, where: string, words: readonly string[]) => {
      for (const text of words) assert.ok(body.includes(text), `${where} shows: ${text}`);
      for (const value of stored) assert.ok(!body.includes(String(value)), `${where} shows no ciphertext`);
    };
    shows((await dsl.get(base)).body, 'the concern page', Object.values(notes));
    shows((await dsl.get('/')).body, 'the home page of the person the action is for', [notes.action]);
    const personId = await addAsNewPerson(t.db, dso, concern.id, concern.people[0]!.id);
    shows((await dsl.get(`/people/${personId}`)).body, 'the chronology', [notes.action]);
    const person = await findPerson(t.db, dslActor, personId);
    assert.ok(person);
    shows(JSON.stringify(await gatherHoldings(t.db, dslActor, person)), 'the subject access holdings', [
      notes.referralReason,
      notes.disclosureReason,
      notes.attachment,
      notes.escalation,
    ]);
  });

  it('keeps a concern history file encrypted between the steps of its import, and reads it back for the next step', async () => {
    installFieldKeyring(developmentKeyring);
    const coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    await coordinator.get('/insight/import');
    const csv =
      'Case Ref,Date Logged,Department,Concern Type,Summary\n' +
      'PREV-9,01/03/2024 10:00,Housing Services,Domestic abuse,Flamingo-feather allegation about a carer\n';
    const sent = await coordinator.postFile(
      '/insight/import',
      {},
      { name: 'history.csv', type: 'text/csv', bytes: Buffer.from(csv) },
    );
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    const kept = await t.db.selectFrom('concern_imports').select('contents').execute();
    assert.equal(kept.length, 1);
    assert.match(kept[0]!.contents, /^v1:dev:/);
    assert.ok(!kept[0]!.contents.includes('Flamingo'), 'no plaintext kept');
    const columns = await coordinator.get('/insight/import/columns');
    assert.equal(columns.statusCode, 200, String(columns.headers.location));
    assert.ok(columns.body.includes('Summary'), 'the next step reads the file');
  });

  it('keeps attachment bytes as ciphertext in the directory and in the database, streamed back whole', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const organisationId = await organisationOf(concern.id);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4 SECRET-LETTER-TEXT '), randomBytes(700_000)]);
    for (const kind of ['directory', 'database'] as const) {
      const store = openAttachmentStore({ attachmentStore: kind, attachmentsDir: t.config.attachmentsDir }, t.db);
      const attachmentId = randomUUID();
      await store.save(organisationId, attachmentId, bytes);
      const stored =
        kind === 'directory'
          ? readFileSync(new DirectoryAttachmentStore(t.config.attachmentsDir).fileOf(organisationId, attachmentId))
          : Buffer.concat(
              (
                await t.db
                  .selectFrom('attachment_chunks')
                  .select('bytes')
                  .where('attachment_id', '=', attachmentId)
                  .orderBy('seq')
                  .execute()
              ).map((row) => Buffer.from(row.bytes)),
            );
      assert.ok(stored.length > bytes.length, `${kind}: ciphertext with its frames`);
      assert.equal(stored.indexOf('SECRET-LETTER-TEXT'), -1, `${kind}: no plaintext`);
      assert.equal(stored.subarray(0, 4).toString(), 'HVA1');
      const back: Buffer[] = [];
      for await (const piece of await store.open(organisationId, attachmentId)) back.push(piece as Buffer);
      assert.deepEqual(Buffer.concat(back), bytes, `${kind}: round trip`);
    }
  });

  it('stops start-up when a key the database was encrypted with is missing or wrong', async () => {
    const first = key('first');
    await checkFieldKeys(t.db, makeKeyring([first]));
    await checkFieldKeys(t.db, makeKeyring([first]));
    await assert.rejects(
      checkFieldKeys(t.db, makeKeyring([key('other')])),
      (error: Error) =>
        error instanceof FieldKeysRefused &&
        /key "first", which HAVEN_ENCRYPTION_KEYS does not name/.test(error.message),
    );
    await assert.rejects(
      checkFieldKeys(t.db, makeKeyring([{ id: 'first', key: randomBytes(32) }])),
      (error: Error) =>
        error instanceof FieldKeysRefused && /key "first" .* is not the key .* \(wrong key\)/.test(error.message),
    );
    await t.db.deleteFrom('field_encryption_keys').where('key_id', '=', 'first').execute();
  });

  it('rotates every value and attachment to the current key, resumes after a stop, and refuses a missing old key', async () => {
    const old = key('old');
    const current = key('current');
    const before: FieldKeyring = makeKeyring([
      old,
      developmentKeyring.mode === 'encrypt' ? developmentKeyring.current : old,
    ]);
    installFieldKeyring(before);
    const concerns = [];
    for (let i = 0; i < 3; i++) {
      const concern = await buildConcern(t.db, 'reporter@city.example', {
        whatHappened: {
          description: `Rotation sample ${i} umbrella`,
          happenedOn: '2026-01-05',
          location: 'Test Street',
        },
      });
      await buildAddedInformation(t.db, 'reporter@city.example', concern.id, `Added later ${i}`);
      concerns.push(concern);
    }
    const organisationId = await organisationOf(concerns[0]!.id);
    const store = openAttachmentStore({ attachmentStore: 'database', attachmentsDir: t.config.attachmentsDir }, t.db);
    const attachmentId = randomUUID();
    await t.db
      .insertInto('attachments')
      .values({
        id: attachmentId,
        organisation_id: organisationId,
        concern_id: concerns[0]!.id,
        file_name: 'letter.pdf',
        content_type: 'application/pdf',
        size_bytes: 5,
        sha256: '0',
        description: encryptField('A letter'),
        uploaded_by: (
          await t.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', 'reporter@city.example')
            .executeTakeFirstOrThrow()
        ).id,
        uploaded_at: new Date().toISOString(),
      })
      .execute();
    await store.save(organisationId, attachmentId, Buffer.from('%PDF-'));
    const config = { ...t.config, attachmentStore: 'database' as const };

    // Stopped after the first batch: what was done stays done, nothing is lost.
    const rotating = makeKeyring([current, ...(before.mode === 'encrypt' ? before.keys.values() : [])]);
    installFieldKeyring(rotating);
    await assert.rejects(
      rotateFields(t.db, {
        keyring: rotating,
        batchSize: 1,
        onProgress: () => {
          throw new Error('stopped');
        },
      }),
      /stopped/,
    );
    const underCurrent = async () =>
      (await t.db.selectFrom('concerns').select('what_happened').execute()).filter((row) =>
        row.what_happened.startsWith('v1:current:'),
      ).length;
    assert.equal(await underCurrent(), 1, 'one batch of one row done before the stop');

    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const status = await runHaven(['keys', 'rotate'], { ...config, encryption: rotating }, output);
    assert.equal(status, 0, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /re-encrypted under key "current"/);
    assert.ok(
      lines.some((line) => /^concerns: \d+ examined, \d+ re-encrypted$/.test(line)),
      'progress counts',
    );
    const total = Number(
      (
        await t.db
          .selectFrom('concerns')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.equal(await underCurrent(), total, 'every concern under the current key');
    for (const table of ['concern_events', 'concern_drafts'] as const) {
      const column = table === 'concern_events' ? 'details' : 'answers';
      const rows = await t.db
        .selectFrom(table)
        .select(column as never)
        .execute();
      for (const row of rows as Array<Record<string, string>>) assert.match(row[column]!, /^v1:current:/, table);
    }
    const chunk = await t.db
      .selectFrom('attachment_chunks')
      .select('bytes')
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirstOrThrow();
    assert.equal(
      Buffer.from(chunk.bytes).subarray(5, 12).toString(),
      'current',
      'the attachment names the current key',
    );

    // Only the current key now: everything still reads, and a second run has nothing to do.
    installFieldKeyring(makeKeyring([current]));
    const again: string[] = [];
    assert.equal(
      await runHaven(
        ['keys', 'rotate'],
        { ...config, encryption: makeKeyring([current]) },
        { out: (l) => again.push(l), err: (l) => again.push(l) },
      ),
      0,
    );
    assert.match(again.at(-1) ?? '', /Done: 0 rows and 0 attachments/);
    const sample = await t.db
      .selectFrom('concerns')
      .select('what_happened')
      .where('id', '=', concerns[2]!.id)
      .executeTakeFirstOrThrow();
    assert.equal(decryptField(sample.what_happened), 'Rotation sample 2 umbrella');
    const back: Buffer[] = [];
    for await (const piece of await store.open(organisationId, attachmentId)) back.push(piece as Buffer);
    assert.equal(Buffer.concat(back).toString(), '%PDF-');

    // A value under a key nobody configured: refused clearly (exit 2), nothing changed.
    const stray = key('stray');
    installFieldKeyring(makeKeyring([stray]));
    await buildConcern(t.db, 'reporter@city.example');
    const newer = key('newer');
    const withoutStray = makeKeyring([newer, current]);
    installFieldKeyring(withoutStray);
    await assert.rejects(rotateFields(t.db, { keyring: withoutStray }), MissingFieldKey);
    const refused: string[] = [];
    const refusedStatus = await runHaven(
      ['keys', 'rotate'],
      { ...config, encryption: withoutStray },
      {
        out: (l) => refused.push(l),
        err: (l) => refused.push(l),
      },
    );
    assert.equal(refusedStatus, 2);
    assert.match(refused.join('\n'), /Refused: .*"stray".*Nothing was lost/);
    installFieldKeyring(makeKeyring([current]));
    assert.equal(decryptField(sample.what_happened), 'Rotation sample 2 umbrella', 'values already rotated still read');
  });
});

describe('migration 0033: rows recorded before encryption are encrypted at the first start', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  after(() => database.drop());

  it('indexes the old plaintext for search, then encrypts every row and file once, under the startup step', async () => {
    installFieldKeyring(developmentKeyring);
    await migrateTo(database.db, '0031-safeguarding-policy-reviews');
    await seedDemoData(database.db);
    const reporter = await actorFor(database.db, 'reporter@city.example');
    const concern = await buildConcern(database.db, 'reporter@city.example');
    // As a Haven before 0033 wrote them: plaintext in the columns and in the file.
    await database.db
      .updateTable('concerns')
      .set({ what_happened: 'Old plaintext about a quagmire', triage_notes: 'Old triage note' })
      .where('id', '=', concern.id)
      .execute();
    await database.db
      .updateTable('concern_events')
      .set({ details: JSON.stringify({ text: 'Old added text' }) })
      .where('concern_id', '=', concern.id)
      .execute();
    const folder = mkdtempSync(path.join(tmpdir(), 'haven-0033-'));
    const attachmentId = randomUUID();
    await new DirectoryAttachmentStore(folder).save(
      reporter.organisationId,
      attachmentId,
      Buffer.from('OLD-FILE-BYTES'),
    );
    await database.db
      .insertInto('attachments')
      .values({
        id: attachmentId,
        organisation_id: reporter.organisationId,
        concern_id: concern.id,
        file_name: 'old.png',
        content_type: 'image/png',
        size_bytes: 14,
        sha256: '0',
        description: '',
        uploaded_by: reporter.userId,
        uploaded_at: new Date().toISOString(),
      })
      .execute();

    await migrateToLatest(database.db);
    const matches = await database.db
      .selectFrom(concernMatches(database.db, searchPhrases('quagmire')))
      .select('matches.concern_id')
      .execute();
    assert.deepEqual(
      matches.map((row) => row.concern_id),
      [concern.id],
      'the migration indexed the plaintext',
    );

    const store = openAttachmentStore({ attachmentStore: 'directory', attachmentsDir: folder }, database.db);
    // The demo data was written under the development key, which stays configured for reading.
    const keyring = makeKeyring([
      key('k1'),
      ...(developmentKeyring.mode === 'encrypt' ? [developmentKeyring.current] : []),
    ]);
    installFieldKeyring(keyring);
    await prepareFieldEncryption(database.db, store, keyring);
    const row = await database.db
      .selectFrom('concerns')
      .select(['what_happened', 'triage_notes'])
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.match(row.what_happened, /^v1:k1:/);
    assert.equal(decryptField(row.what_happened), 'Old plaintext about a quagmire');
    assert.equal(decryptField(row.triage_notes), 'Old triage note');
    const events = await database.db
      .selectFrom('concern_events')
      .select('details')
      .where('concern_id', '=', concern.id)
      .execute();
    for (const event of events) assert.match(event.details, /^v1:k1:/);
    const file = readFileSync(new DirectoryAttachmentStore(folder).fileOf(reporter.organisationId, attachmentId));
    assert.equal(file.indexOf('OLD-FILE-BYTES'), -1, 'the old file is encrypted');
    const back: Buffer[] = [];
    for await (const piece of await store.open(reporter.organisationId, attachmentId)) back.push(piece as Buffer);
    assert.equal(Buffer.concat(back).toString(), 'OLD-FILE-BYTES');

    // Once only: a plaintext value written afterwards is an error, not adopted.
    await database.db.updateTable('concerns').set({ why_at_risk: 'plain' }).where('id', '=', concern.id).execute();
    await prepareFieldEncryption(database.db, store, keyring);
    const after = await database.db
      .selectFrom('concerns')
      .select('why_at_risk')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.why_at_risk, 'plain');
    assert.throws(() => decryptField(after.why_at_risk), /not encrypted where ciphertext is expected/);
    installFieldKeyring(developmentKeyring);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('first-start encryption, column by column: a column listed later is encrypted at the next start', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const stateNames = async () =>
    (await database.db.selectFrom('field_encryption_state').select(['name', 'done_at']).execute())
      .filter((row) => row.done_at !== null)
      .map((row) => row.name)
      .sort();

  it('encrypts the case-note columns of a database whose first start was done before they were listed, once', async () => {
    installFieldKeyring(developmentKeyring);
    await seedDemoData(database.db);
    const reporter = await actorFor(database.db, 'reporter@city.example');
    const concern = await buildConcern(database.db, 'reporter@city.example');
    const agency = await database.db
      .selectFrom('agencies')
      .select('id')
      .where('organisation_id', '=', reporter.organisationId)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const base = { organisation_id: reporter.organisationId, concern_id: concern.id };
    const ids = { action: randomUUID(), escalation: randomUUID(), referral: randomUUID() };
    const [disclosureId, attachmentId] = [randomUUID(), randomUUID()];
    // As a Haven that encrypted only 0033's columns wrote them: these in plaintext.
    await database.db
      .insertInto('concern_actions')
      .values({
        ...base,
        id: ids.action,
        description: 'Old action about the walrus',
        assignee_id: reporter.userId,
        due_on: '2026-12-01',
        created_by: reporter.userId,
        created_at: now,
      })
      .execute();
    await database.db
      .insertInto('escalations')
      .values({
        ...base,
        id: ids.escalation,
        reason: 'Old escalation reason',
        escalated_by: reporter.userId,
        escalated_at: now,
        resolution: 'Old resolution',
        resolved_by: reporter.userId,
        resolved_at: now,
      })
      .execute();
    await database.db
      .insertInto('referrals')
      .values({
        ...base,
        id: ids.referral,
        agency_id: agency.id,
        referred_on: '2026-01-05',
        external_reference: 'R1',
        professional: 'P',
        consent: 'no',
        no_consent_reason: 'Old referral reason',
        created_by: reporter.userId,
        created_at: now,
      })
      .execute();
    await database.db
      .insertInto('disclosures')
      .values({
        ...base,
        id: disclosureId,
        shared_on: '2026-01-05',
        what: encryptField('Already encrypted by 0033'),
        agency_id: agency.id,
        recipient: 'R',
        lawful_basis: 'consent',
        consent: 'no',
        no_consent_reason: 'Old disclosure reason',
        home_office: 0,
        recorded_by: reporter.userId,
        recorded_at: now,
      })
      .execute();
    await database.db
      .insertInto('attachments')
      .values({
        ...base,
        id: attachmentId,
        file_name: 'old.png',
        content_type: 'image/png',
        size_bytes: 1,
        sha256: '0',
        description: 'Old attachment description',
        uploaded_by: reporter.userId,
        uploaded_at: now,
      })
      .execute();
    // 0033's first start was done: its one state row, no row per column.
    await database.db
      .updateTable('field_encryption_state')
      .set({ done_at: now })
      .where('name', '=', 'existing-rows-encrypted')
      .execute();
    assert.deepEqual(await stateNames(), ['existing-rows-encrypted']);
    // A plaintext value in a column 0033 covered is not adopted again: that column was done.
    await database.db
      .updateTable('concerns')
      .set({ why_at_risk: 'plain after 0033' })
      .where('id', '=', concern.id)
      .execute();
    assert.deepEqual(await columnsPendingEncryption(database.db), {
      concern_actions: ['description'],
      escalations: ['reason', 'resolution'],
      referrals: ['no_consent_reason'],
      disclosures: ['no_consent_reason'],
      attachments: ['description'],
      concern_imports: ['contents'],
    });

    const folder = mkdtempSync(path.join(tmpdir(), 'haven-columns-'));
    const store = openAttachmentStore({ attachmentStore: 'directory', attachmentsDir: folder }, database.db);
    const keyring = makeKeyring([
      key('k2'),
      ...(developmentKeyring.mode === 'encrypt' ? [developmentKeyring.current] : []),
    ]);
    installFieldKeyring(keyring);
    await prepareFieldEncryption(database.db, store, keyring);

    const read = async () => ({
      action: (
        await database.db
          .selectFrom('concern_actions')
          .select('description')
          .where('id', '=', ids.action)
          .executeTakeFirstOrThrow()
      ).description,
      escalation: await database.db
        .selectFrom('escalations')
        .select(['reason', 'resolution'])
        .where('id', '=', ids.escalation)
        .executeTakeFirstOrThrow(),
      referral: (
        await database.db
          .selectFrom('referrals')
          .select('no_consent_reason')
          .where('id', '=', ids.referral)
          .executeTakeFirstOrThrow()
      ).no_consent_reason,
      disclosure: await database.db
        .selectFrom('disclosures')
        .select(['what', 'no_consent_reason'])
        .where('id', '=', disclosureId)
        .executeTakeFirstOrThrow(),
      attachment: (
        await database.db
          .selectFrom('attachments')
          .select('description')
          .where('id', '=', attachmentId)
          .executeTakeFirstOrThrow()
      ).description,
    });
    const after = await read();
    const values = [
      after.action,
      after.escalation.reason,
      after.escalation.resolution,
      after.referral,
      after.disclosure.no_consent_reason,
      after.attachment,
    ];
    for (const value of values) assert.match(String(value), /^v1:k2:/);
    assert.deepEqual(
      values.map((value) => decryptField(value)),
      [
        'Old action about the walrus',
        'Old escalation reason',
        'Old resolution',
        'Old referral reason',
        'Old disclosure reason',
        'Old attachment description',
      ],
    );
    assert.equal(decryptField(after.disclosure.what), 'Already encrypted by 0033');
    const concernRow = await database.db
      .selectFrom('concerns')
      .select('why_at_risk')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(concernRow.why_at_risk, 'plain after 0033', '0033’s columns were not walked again');
    assert.deepEqual(await columnsPendingEncryption(database.db), {});
    assert.deepEqual(
      await stateNames(),
      [
        'existing-rows-encrypted',
        'column-encrypted:attachments.description',
        'column-encrypted:concern_actions.description',
        'column-encrypted:concern_imports.contents',
        'column-encrypted:disclosures.no_consent_reason',
        'column-encrypted:escalations.reason',
        'column-encrypted:escalations.resolution',
        'column-encrypted:referrals.no_consent_reason',
      ].sort(),
    );

    // Once only: a plaintext value written afterwards stays an error, not adopted.
    await database.db
      .updateTable('concern_actions')
      .set({ description: 'plain later' })
      .where('id', '=', ids.action)
      .execute();
    await prepareFieldEncryption(database.db, store, keyring);
    assert.equal((await read()).action, 'plain later');

    // `haven keys rotate` walks the new columns too (it refuses plaintext: the strays are encrypted first).
    await database.db
      .updateTable('concerns')
      .set({ why_at_risk: encryptField('Why at risk') })
      .where('id', '=', concern.id)
      .execute();
    await database.db
      .updateTable('concern_actions')
      .set({ description: encryptField('Action to rotate') })
      .where('id', '=', ids.action)
      .execute();
    const rotated = makeKeyring([key('k3'), ...(keyring.mode === 'encrypt' ? keyring.keys.values() : [])]);
    installFieldKeyring(rotated);
    const lines: string[] = [];
    const status = await runHaven(
      ['keys', 'rotate'],
      {
        ...loadConfig({ HAVEN_ENV: 'test', ATTACHMENTS_DIR: folder, ATTACHMENT_STORE: 'directory' }),
        database: database.config,
        encryption: rotated,
      },
      { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    );
    assert.equal(status, 0, lines.join('\n'));
    for (const table of ['concern_actions', 'escalations', 'referrals', 'disclosures', 'attachments']) {
      assert.ok(
        lines.some((line) => new RegExp(`^${table}: \\d+ examined, [1-9]\\d* re-encrypted$`).test(line)),
        `rotation re-encrypts ${table}`,
      );
    }
    const final = await read();
    const finalValues = [
      final.action,
      final.escalation.reason,
      final.escalation.resolution,
      final.referral,
      final.disclosure.no_consent_reason,
      final.attachment,
    ];
    for (const value of finalValues) assert.match(String(value), /^v1:k3:/);
    assert.equal(decryptField(final.action), 'Action to rotate');
    assert.equal(decryptField(final.escalation.resolution), 'Old resolution');
    installFieldKeyring(developmentKeyring);
    rmSync(folder, { recursive: true, force: true });
  });

  it('counts a fresh database done at its first start: every column marked, nothing pending', async () => {
    const fresh = await createTestDatabase();
    try {
      installFieldKeyring(developmentKeyring);
      assert.ok(Object.keys(await columnsPendingEncryption(fresh.db)).length > 0, 'pending before its first start');
      const folder = mkdtempSync(path.join(tmpdir(), 'haven-fresh-'));
      await prepareFieldEncryption(
        fresh.db,
        openAttachmentStore({ attachmentStore: 'directory', attachmentsDir: folder }, fresh.db),
        developmentKeyring,
      );
      assert.deepEqual(await columnsPendingEncryption(fresh.db), {});
      const marked = (await fresh.db.selectFrom('field_encryption_state').select('name').execute()).length;
      const listed = Object.values(encryptedColumns).reduce((sum, columns) => sum + columns.length, 0);
      assert.equal(marked, listed + 1, 'a row per column, and 0033’s');
      rmSync(folder, { recursive: true, force: true });
    } finally {
      await fresh.drop();
    }
  });
});
