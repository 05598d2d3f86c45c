import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChains } from '../../src/concerns/audit-chain.queries.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { buildWorkedConcern } from '../support/case-journey.ts';
import {
  addPerson,
  answerTheRest,
  personForm,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../support/concern-journey.ts';
import { testDialect } from '../support/database.ts';
import { WebClient } from '../support/web-client.ts';

// Issue 13: "Audit events keep ids, never names or free text, so the audit itself needs no
// redaction." The main journeys run through HTTP with distinctive names and words; then every
// audit row is read whole: each column must have its shape (an id, a known action, a time),
// and no column may hold any of the words typed.

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe(`audit rows hold ids, never names or free text (${testDialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('after recording, listing, searching, reading, triaging, case work and the person index', async () => {
    const typed = [
      'Zebedee Quillfeather',
      'Marigold Lane',
      'Quillfeather',
      'hedgehog-coloured',
      'Wrong-password-typed',
    ];
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const draftId = await startConcern(reporter);
    await addPerson(reporter, draftId, personForm({ name: 'Zebedee Quillfeather', address: '12 Marigold Lane' }));
    const answers = await typicalAnswers(t.db);
    answers['what-happened']!.description = 'A hedgehog-coloured bruise on the arm.';
    await answerTheRest(reporter, draftId, answers);
    const sent = await sendConcern(reporter, draftId);
    await reporter.get(`/concerns/${sent.id}`);
    await reporter.get(`/concerns/${sent.id}/add-information`);
    const added = await reporter.post(`/concerns/${sent.id}/add-information`, {
      information: 'Quillfeather said it happened again.',
    });
    assert.equal(added.statusCode, 303, 'information added');

    const dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
    await dso.get('/triage');
    await dso.get(`/concerns/${sent.id}`);
    await dso.get('/search');
    const found = await dso.post('/search', { q: 'Quillfeather' });
    assert.ok(found.body.includes(sent.reference), 'the search found the concern');
    await buildWorkedConcern(t.db, t.app);

    const guesser = new WebClient(t.app);
    await guesser.get('/sign-in');
    await guesser.post('/sign-in', { email: 'dsl@city.example', password: 'Wrong-password-typed' });

    const rows = await t.db.selectFrom('audit_events').selectAll().execute();
    const actions = new Set(rows.map((row) => row.action));
    for (const expected of ['concern.created', 'concern.listed', 'concern.viewed', 'person.linked', 'sign-in.failed']) {
      assert.ok(actions.has(expected), `the journeys audited ${expected}: ${[...actions].join(', ')}`);
    }
    for (const row of rows) {
      assert.match(row.id, uuid);
      assert.match(row.organisation_id, uuid);
      assert.match(row.actor_id, uuid);
      // A listing's id is the SHA-256 of its members (domain/audit-listing.ts), each an id.
      assert.match(row.subject_id, row.subject_type === 'listing' ? /^[0-9a-f]{64}$/ : uuid);
      if (row.request_id !== null) assert.match(row.request_id, uuid);
      assert.match(row.action, /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/);
      assert.ok(['concern', 'person', 'account', 'listing'].includes(row.subject_type), row.subject_type);
      assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(String(row.chain_hash), /^[0-9a-f]{64}$/);
      const whole = JSON.stringify(row).toLowerCase();
      for (const words of typed) assert.ok(!whole.includes(words.toLowerCase()), `${words} in ${row.action}`);
    }
    const members = await t.db.selectFrom('audit_listing_members').select('subject_id').execute();
    assert.ok(members.length > 0, 'the queue and the search were audited as listings');
    for (const member of members) assert.match(member.subject_id, uuid);
    assert.deepEqual((await verifyAuditChains(t.db)).breaks, []);
  });
});
