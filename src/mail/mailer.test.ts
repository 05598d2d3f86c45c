import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { buildConcern } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { concernNotice } from '../jobs/concern-notice.ts';
import { findConcernDeadlineFacts } from '../jobs/concern-notice.queries.ts';
import { formatDeadline, newConcernMessage, triageBreachMessage, triageWarningMessage } from './concern-messages.ts';
import { createMailer } from './mailer.ts';

describe('mail', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  it('goes through the SMTP relay from MAIL_FROM to every recipient', async () => {
    await h.mailer.send({ to: ['dso@city.example', 'dsl@city.example'], subject: 'Test subject', text: 'Test body' });
    const mail = h.smtp.received.at(-1)!;
    assert.deepEqual(mail.recipients, ['dso@city.example', 'dsl@city.example']);
    assert.equal(mail.from, '"Haven" <haven@council.example>');
    assert.equal(mail.subject, 'Test subject');
    assert.equal(mail.text.trim(), 'Test body');
  });

  it('is not sent without SMTP_URL, and the log says so without the message', async () => {
    const lines: string[] = [];
    const mailer = createMailer(loadConfig({}).mail, {
      info: (details, message) => lines.push(JSON.stringify({ details, message })),
    });
    await mailer.send({ to: ['dso@city.example'], subject: 'HC-2026-000001', text: 'link' });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /mail not sent: SMTP_URL not set/);
    assert.doesNotMatch(lines[0]!, /dso@city\.example|HC-2026-000001|link/);
  });

  it('says when triage is due as people say it, in UK time', () => {
    assert.equal(formatDeadline(new Date('2026-11-24T17:00:00Z')), '5:00pm on Tuesday 24 November 2026');
    assert.equal(formatDeadline(new Date('2026-06-02T16:00:00Z')), '5:00pm on Tuesday 2 June 2026');
    assert.equal(formatDeadline(new Date('2026-06-02T11:05:00Z')), '12:05pm on Tuesday 2 June 2026');
  });

  it('carries a concern’s reference and link, never its person, description or place', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example', {
      person: { name: 'Zebedee Quartermaine', ageGroup: 'adult' },
      whatHappened: { description: 'Bruising on both arms', happenedOn: '2026-01-05', location: '12 Larkspur Road' },
    });
    const organisation = await h.db
      .selectFrom('concerns')
      .select('organisation_id')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const facts = await findConcernDeadlineFacts(h.db, organisation.organisation_id, concern.id);
    const notice = concernNotice(facts!);
    for (const build of [newConcernMessage, triageWarningMessage, triageBreachMessage]) {
      const message = build(notice, 'https://haven.council.example');
      const everything = JSON.stringify(message);
      assert.ok(message.subject.includes(concern.reference), build.name);
      assert.ok(message.text.includes(`https://haven.council.example/concerns/${concern.id}`), build.name);
      for (const personal of ['Zebedee', 'Quartermaine', 'Bruising', 'Larkspur']) {
        assert.ok(!everything.includes(personal), `${build.name} must not contain ${personal}`);
      }
    }
  });
});
