import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildTriage, buildUser } from '../../../test/support/builders.ts';
import { smallPng } from '../../../test/support/files.ts';
import { concernAbout, indexFirstPerson, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

// Subject access end to end, on whichever database the run names: a DSL starts a request from a
// person, decides Haven's proposed redactions, downloads the bundle (read back with mammoth),
// releases it, and can change nothing after; another organisation's DSL finds nothing.

const requestIdFrom = (location: unknown) =>
  /\/subject-access\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? 'missing';
const radioIds = (html: string) =>
  [...html.matchAll(/name="decision-([0-9a-f-]{36})" type="radio" value="redact"/g)].map((m) => m[1]!);

describe('subject access: a DSL prepares, redacts and releases a response', () => {
  let t: TestApp;
  let dsl: WebClient;
  let personId: string;
  let concernId: string;
  let restrictedId: string;
  before(async () => {
    t = await startTestApp();
    const concern = await concernAbout(
      t.db,
      [namedPerson('Nell Ashworth'), namedPerson('Sam Patel', { role: 'witness' })],
      '2026-01-05',
    );
    concernId = concern.id;
    personId = (await indexFirstPerson(t.db, concern.id)).indexPersonId;
    await buildTriage(t.db, concern.id);
    // A second concern naming her, restricted to DSLs: still hers, so still in her response.
    const restricted = await concernAbout(t.db, [
      namedPerson('Nell Ashworth'),
      namedPerson('Kit Marlowe', { role: 'alleged_source_of_harm' }),
    ]);
    restrictedId = restricted.id;
    await t.db
      .updateTable('concern_people')
      .set({ person_id: personId })
      .where('id', '=', restricted.people[0]!.id)
      .execute();
    await t.db
      .updateTable('concerns')
      .set({ restricted: 1, restriction_kind: 'dsl' })
      .where('id', '=', restricted.id)
      .execute();
    dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    const uploaded = await dsl.postFile(
      `/concerns/${concern.id}/attachments/new`,
      { description: 'Photo Sam Patel sent' },
      { name: 'from Sam Patel.png', type: 'image/png', bytes: smallPng },
    );
    assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
  });
  after(() => t.close());

  it('starts a request from the person page, lists it with its clock, and proposes third parties for redaction', async () => {
    const personPage = await dsl.get(`/people/${personId}`);
    assert.match(personPage.body, new RegExp(`href="/people/${personId}/subject-access/new"`));
    await dsl.get(`/people/${personId}/subject-access/new`);
    const started = await dsl.post(`/people/${personId}/subject-access/new`, {
      'receivedOn-day': '10',
      'receivedOn-month': '6',
      'receivedOn-year': '2026',
    });
    assert.equal(started.statusCode, 303, started.body.slice(0, 500));
    const requestId = requestIdFrom(started.headers.location);
    const page = await dsl.get(`/subject-access/${requestId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /10 July 2026/, 'due one calendar month after receipt');
    for (const name of ['Sam Patel', 'Kit Marlowe', 'Robin Ashby'])
      assert.ok(page.body.includes(name), `${name} proposed`);
    assert.ok(!/legend[^>]*>\s*Nell Ashworth/.test(page.body), 'the subject is never proposed');
    assert.ok(page.body.includes('Restricted'), 'the restricted concern is included for the DSL');
    const list = await dsl.get('/subject-access');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`/subject-access/${requestId}`));
    assert.match(list.body, /days? (left|overdue)|Due today/);
  });

  it('refuses to release while a proposal is undecided, then releases a bundle with the accepted redactions only', async () => {
    const [row] = await t.db
      .selectFrom('subject_access_requests')
      .select('id')
      .where('released_at', 'is', null)
      .execute();
    const requestId = row!.id;
    let page = await dsl.get(`/subject-access/${requestId}`);
    const early = await dsl.post(`/subject-access/${requestId}/release`);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /still to decide/);
    const unreleased = await t.db
      .selectFrom('subject_access_requests')
      .select('released_at')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.equal(unreleased.released_at, null, 'nothing released');

    // Redact everything proposed except the reporter, whom the DSL keeps; add a place of their own.
    const redactions = await t.db
      .selectFrom('subject_access_redactions')
      .select(['id', 'text'])
      .where('request_id', '=', requestId)
      .execute();
    assert.deepEqual(new Set(radioIds(page.body)), new Set(redactions.map((r) => r.id)));
    const form: Record<string, string> = { added: 'Riverside Estate' };
    for (const r of redactions)
      form[`decision-${r.id}`] = r.text.startsWith('Robin') || r.text === 'Ashby' ? 'keep' : 'redact';
    const saved = await dsl.post(`/subject-access/${requestId}/redactions`, form);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));

    const download = await dsl.get(`/subject-access/${requestId}/response.zip`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/zip');
    assert.ok(!String(download.headers['content-disposition']).includes('Ashworth'), 'no name in the file name');
    const files = unzipSync(new Uint8Array(download.rawPayload));
    const docx = files['subject-access-response.docx'];
    assert.ok(docx, 'the Word document is in the bundle');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    assert.match(text, /Nell Ashworth/, 'the subject sees their own name');
    assert.match(text, /Account of 2026-01-05/, 'what happened');
    assert.match(text, /Triaged/, 'the timeline');
    assert.match(text, /Who has seen or changed your records/);
    assert.match(text, /Opened their record/, 'reads from the audit trail');
    assert.match(text, /\[redacted\]/);
    for (const gone of ['Sam Patel', 'Patel', 'Kit Marlowe', 'Riverside Estate'])
      assert.ok(!text.includes(gone), `${gone} redacted`);
    assert.match(text, /Robin Ashby/, 'a kept name stays');
    assert.match(text, /DRAFT/, 'a download before release says it is a draft');
    const attachmentNames = Object.keys(files).filter((name) => name.startsWith('attachments/'));
    assert.deepEqual(attachmentNames, ['attachments/001-from [redacted].png']);
    assert.deepEqual(files[attachmentNames[0]!], smallPng);

    await dsl.get(`/subject-access/${requestId}`);
    const released = await dsl.post(`/subject-access/${requestId}/release`);
    assert.equal(released.statusCode, 303, released.body.slice(0, 500));
    page = await dsl.get(`/subject-access/${requestId}`);
    assert.match(page.body, /can no longer be changed/);
    assert.ok(!page.body.includes(`action="/subject-access/${requestId}/redactions"`), 'read-only once released');

    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'like', 'person.subject-access%')
      .execute();
    assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), [
      'person.subject-access-changed',
      'person.subject-access-downloaded',
      'person.subject-access-released',
      'person.subject-access-started',
    ]);
    assert.ok(
      audit.every((a) => a.subject_id === personId && a.subject_type === 'person'),
      'ids only: the person',
    );
    const everyAuditValue = JSON.stringify(await t.db.selectFrom('audit_events').selectAll().execute());
    for (const name of ['Nell', 'Ashworth', 'Sam Patel', 'Riverside'])
      assert.ok(!everyAuditValue.includes(name), `no ${name} in audit rows`);
  });

  it('changes nothing about a released request', async () => {
    const row = await t.db
      .selectFrom('subject_access_requests')
      .select(['id', 'version'])
      .where('released_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const redactionsBefore = await t.db
      .selectFrom('subject_access_redactions')
      .selectAll()
      .where('request_id', '=', row.id)
      .orderBy('id')
      .execute();
    await dsl.get(`/subject-access/${row.id}`);
    const ids = redactionsBefore.map((r) => r.id);
    const changed = await dsl.post(`/subject-access/${row.id}/redactions`, {
      [`decision-${ids[0]}`]: 'keep',
      added: 'Something new',
    });
    assert.equal(changed.statusCode, 409);
    assert.match(changed.body, /already been released|kept as it was sent/);
    const again = await dsl.post(`/subject-access/${row.id}/release`);
    assert.equal(again.statusCode, 409);
    assert.equal(
      (await dsl.post(`/subject-access/${row.id}/extend`, { months: '1', reason: 'More time' })).statusCode,
      404,
    );
    const redactionsAfter = await t.db
      .selectFrom('subject_access_redactions')
      .selectAll()
      .where('request_id', '=', row.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(redactionsAfter, redactionsBefore);
    const after = await t.db
      .selectFrom('subject_access_requests')
      .select('version')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.version, row.version);
  });

  it('extends the clock by up to two months with a reason', async () => {
    await dsl.get(`/people/${personId}/subject-access/new`);
    const started = await dsl.post(`/people/${personId}/subject-access/new`, {
      'receivedOn-day': '10',
      'receivedOn-month': '6',
      'receivedOn-year': '2026',
    });
    const requestId = requestIdFrom(started.headers.location);
    await dsl.get(`/subject-access/${requestId}/extend`);
    const noReason = await dsl.post(`/subject-access/${requestId}/extend`, { months: '2', reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the request needs longer/);
    const extended = await dsl.post(`/subject-access/${requestId}/extend`, {
      months: '2',
      reason: 'Records held by three services',
    });
    assert.equal(extended.statusCode, 303);
    const page = await dsl.get(`/subject-access/${requestId}`);
    assert.match(page.body, /10 September 2026/);
    assert.match(page.body, /Records held by three services/);
  });

  it('follows the person when their record is merged into another after the request started', async () => {
    const other = await concernAbout(t.db, [namedPerson('Nell Ashworth', { address: '4 Mill Lane' })], '2026-02-02');
    const duplicateId = (await indexFirstPerson(t.db, other.id)).indexPersonId;
    await dsl.get(`/people/${duplicateId}/subject-access/new`);
    const started = await dsl.post(`/people/${duplicateId}/subject-access/new`, {
      'receivedOn-day': '1',
      'receivedOn-month': '6',
      'receivedOn-year': '2026',
    });
    const requestId = requestIdFrom(started.headers.location);
    await dsl.get(`/people/${personId}/merge/${duplicateId}`);
    assert.equal((await dsl.post(`/people/${personId}/merge/${duplicateId}`, { keep: 'this' })).statusCode, 303);
    const page = await dsl.get(`/subject-access/${requestId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(other.reference) && page.body.includes(restrictedId), 'both records’ concerns');
  });

  it('finds nothing for another organisation, and refuses a DSO', async () => {
    const [request] = await t.db.selectFrom('subject_access_requests').select('id').execute();
    const otherDsl = new WebClient(t.app);
    await otherDsl.signIn(await buildUser(t.db, 'dso@district.example', ['dsl']));
    for (const url of [
      `/people/${personId}/subject-access/new`,
      `/subject-access/${request!.id}`,
      `/subject-access/${request!.id}/response.zip`,
      `/people/${personId}/rectify`,
      `/concerns/${concernId}/rectify`,
    ]) {
      assert.equal((await otherDsl.get(url)).statusCode, 404, url);
    }
    await otherDsl.get('/subject-access');
    const before = await t.db.selectFrom('subject_access_requests').select('id').execute();
    const post = await otherDsl.post(`/people/${personId}/subject-access/new`, {
      'receivedOn-day': '1',
      'receivedOn-month': '6',
      'receivedOn-year': '2026',
    });
    assert.equal(post.statusCode, 404);
    assert.equal((await t.db.selectFrom('subject_access_requests').select('id').execute()).length, before.length);
    const list = await otherDsl.get('/subject-access');
    assert.ok(!list.body.includes(request!.id), 'their list shows none of ours');

    const dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
    assert.equal((await dso.get(`/people/${personId}/subject-access/new`)).statusCode, 403);
    assert.equal((await dso.get(`/concerns/${restrictedId}/rectify`)).statusCode, 403);
  });
});

describe('rectification: a DSL corrects a detail, the original stays in the history', () => {
  let t: TestApp;
  let dsl: WebClient;
  let personId: string;
  let concernId: string;
  before(async () => {
    t = await startTestApp();
    const concern = await concernAbout(t.db, [namedPerson('Nell Ashwort')]);
    concernId = concern.id;
    personId = (await indexFirstPerson(t.db, concern.id)).indexPersonId;
    dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
  });
  after(() => t.close());

  it('corrects a name with a reason, keeps the original and audits by id', async () => {
    await dsl.get(`/people/${personId}/rectify/name`);
    const corrected = await dsl.post(`/people/${personId}/rectify/name`, {
      value: 'Nell Ashworth',
      reason: 'Misspelt: she showed her passport',
    });
    assert.equal(corrected.statusCode, 303, corrected.body.slice(0, 400));
    const person = await t.db
      .selectFrom('people')
      .select(['name', 'name_key'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(person, { name: 'Nell Ashworth', name_key: 'nell ashworth' });
    const page = await dsl.get(`/people/${personId}`);
    assert.match(
      page.body,
      /Corrections[\s\S]*Nell Ashwort<[\s\S]*Nell Ashworth[\s\S]*Misspelt: she showed her passport/,
    );
    const audit = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'person.rectified').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject_id, personId);
  });

  it('corrects a date of birth entered as a GOV.UK date', async () => {
    await dsl.get(`/people/${personId}/rectify/date-of-birth`);
    const corrected = await dsl.post(`/people/${personId}/rectify/date-of-birth`, {
      'value-day': '9',
      'value-month': '4',
      'value-year': '1951',
      reason: 'From her birth certificate',
    });
    assert.equal(corrected.statusCode, 303);
    const person = await t.db
      .selectFrom('people')
      .select('date_of_birth')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.date_of_birth, '1951-04-09');
  });

  it('corrects what happened on a concern; the answer it replaced shows on the concern page', async () => {
    await dsl.get(`/concerns/${concernId}/rectify/what-happened`);
    const before = await t.db
      .selectFrom('concerns')
      .select(['what_happened', 'version'])
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow();
    const corrected = await dsl.post(`/concerns/${concernId}/rectify/what-happened`, {
      value: 'She fell on the stairs, not in the kitchen.',
      reason: 'The reporter mixed up two visits',
    });
    assert.equal(corrected.statusCode, 303);
    const after = await t.db
      .selectFrom('concerns')
      .select(['what_happened', 'version'])
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow();
    assert.equal(decryptField(after.what_happened), 'She fell on the stairs, not in the kitchen.');
    assert.equal(after.version, before.version + 1, 'an open case form sees the change');
    const page = await dsl.get(`/concerns/${concernId}`);
    assert.ok(page.body.includes(decryptField(before.what_happened)), 'the original answer stays visible');
    assert.match(page.body, /The reporter mixed up two visits/);
    assert.match(page.body, /A recorded answer was corrected/);
  });

  it('refuses a correction without a reason, the same value, or a field not offered, writing nothing', async () => {
    const count = async () => (await t.db.selectFrom('rectifications').select('id').execute()).length;
    const before = await count();
    await dsl.get(`/people/${personId}/rectify/address`);
    const noReason = await dsl.post(`/people/${personId}/rectify/address`, { value: '1 High Street', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter the reason/);
    assert.match(noReason.body, /value="1 High Street"/, 'keeps what was typed');
    const same = await dsl.post(`/people/${personId}/rectify/name`, { value: 'Nell Ashworth', reason: 'Again' });
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /the same as the one recorded/);
    const badDate = await dsl.post(`/people/${personId}/rectify/date-of-birth`, {
      'value-day': '31',
      'value-month': '2',
      'value-year': '1951',
      reason: 'x',
    });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /must be a real date/);
    assert.equal(
      (await dsl.post(`/people/${personId}/rectify/household_id`, { value: 'x', reason: 'y' })).statusCode,
      404,
    );
    assert.equal(
      (await dsl.post(`/concerns/${concernId}/rectify/status`, { value: 'closed', reason: 'y' })).statusCode,
      404,
    );
    assert.equal(await count(), before);
  });
});
